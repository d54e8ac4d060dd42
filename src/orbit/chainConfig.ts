/**
 * The Orbit chain configuration file (written and checked by `hardhat orbit config`, read by `orbit create`) and its
 * translation into nitro-contracts 3.x `RollupCreator.RollupDeploymentParams`.
 */
import { ZeroAddress, ZeroHash, getAddress, isAddress, parseEther } from "ethers";

import { DEFAULT_MAX_DATA_SIZE } from "./creatorStack.js";

export type DataAvailability = "rollup" | "anytrust";

export interface OrbitChainConfig {
  /** Child chain id (412346 is the Nitro test node's; pick an unused id for a real chain). */
  chainId: number;
  chainName: string;
  /** Parent-chain OPEN: the child chain's native gas token. */
  nativeToken: string;
  /** Initial executor of the parent UpgradeExecutor and InitialChainOwner of the child chain (handed to governance). */
  owner: string;
  dataAvailability: DataAvailability;
  batchPosters: string[];
  batchPosterManager: string;
  validators: string[];
  /** Parent-chain blocks an assertion waits before it confirms (and withdrawals can be claimed). */
  confirmPeriodBlocks: number;
  /** BoLD stake token on the parent chain and the base stake, in its smallest unit (decimal string). */
  stakeToken: string;
  baseStake: string;
  loserStakeEscrow: string;
  wasmModuleRoot: string;
  initialArbOSVersion: number;
  maxDataSize: number;
  /** OPEN per parent gas-currency unit (decimal OPEN, e.g. "2000") for the fee-token pricer deployed at creation. */
  feeTokenExchangeRate: string;
  /** Existing pricer to reuse instead of deploying one (zero address: deploy). */
  feeTokenPricer: string;
  deployFactoriesToL2: boolean;
}

/** Nitro consensus v32 WASM module root (the value in nitro-contracts' example config); use the current one from Nitro's release notes for a real chain. */
export const CONSENSUS_V32_WASM_MODULE_ROOT = "0x184884e1eb9fefdc158f6c8ac912bb183bf3cf83f0090317e0bc4ac5860baa39";

export function defaultChainConfig(overrides: Partial<OrbitChainConfig> & { nativeToken: string; owner: string }) {
  const config: OrbitChainConfig = {
    chainId: 412346,
    chainName: "OpenLedger Orbit",
    dataAvailability: "rollup",
    batchPosters: [overrides.owner],
    batchPosterManager: overrides.owner,
    validators: [overrides.owner],
    confirmPeriodBlocks: 45_818,
    stakeToken: overrides.nativeToken,
    baseStake: parseEther("1").toString(),
    loserStakeEscrow: overrides.owner,
    wasmModuleRoot: CONSENSUS_V32_WASM_MODULE_ROOT,
    initialArbOSVersion: 32,
    maxDataSize: DEFAULT_MAX_DATA_SIZE,
    feeTokenExchangeRate: "2000",
    feeTokenPricer: ZeroAddress,
    deployFactoriesToL2: false,
    ...overrides,
  };
  return config;
}

/** Every problem with `config`, one line each; empty when it is valid. */
export function validateChainConfig(config: unknown): string[] {
  const errors: string[] = [];
  if (typeof config !== "object" || config === null) return ["the chain config must be a JSON object"];
  const c = config as Record<string, unknown>;
  const address = (key: string, allowZero = false) => {
    const v = c[key];
    if (typeof v !== "string" || !isAddress(v)) errors.push(`${key}: not an address`);
    else if (!allowZero && v === ZeroAddress) errors.push(`${key}: must not be the zero address`);
  };
  const addresses = (key: string, nonEmpty: boolean) => {
    const v = c[key];
    if (!Array.isArray(v) || v.some((a) => typeof a !== "string" || !isAddress(a))) {
      errors.push(`${key}: must be an array of addresses`);
    } else if (nonEmpty && v.length === 0) errors.push(`${key}: must not be empty`);
  };
  const positiveInt = (key: string) => {
    const v = c[key];
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v <= 0) errors.push(`${key}: must be a positive integer`);
  };
  const decimal = (key: string) => {
    const v = c[key];
    if (typeof v !== "string" || !/^\d+(\.\d+)?$/.test(v)) errors.push(`${key}: must be a decimal string`);
  };
  positiveInt("chainId");
  if (typeof c.chainName !== "string" || c.chainName.length === 0) errors.push("chainName: must be a non-empty string");
  address("nativeToken");
  address("owner");
  if (c.dataAvailability !== "rollup" && c.dataAvailability !== "anytrust") {
    errors.push('dataAvailability: must be "rollup" or "anytrust"');
  }
  addresses("batchPosters", true);
  address("batchPosterManager", true);
  addresses("validators", true);
  positiveInt("confirmPeriodBlocks");
  address("stakeToken");
  decimal("baseStake");
  address("loserStakeEscrow");
  if (typeof c.wasmModuleRoot !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(c.wasmModuleRoot)) {
    errors.push("wasmModuleRoot: must be a 32-byte hex string");
  }
  positiveInt("initialArbOSVersion");
  positiveInt("maxDataSize");
  decimal("feeTokenExchangeRate");
  address("feeTokenPricer", true);
  if (typeof c.deployFactoriesToL2 !== "boolean") errors.push("deployFactoriesToL2: must be true or false");
  return errors;
}

/** Throws one error listing every problem. */
export function assertChainConfig(config: unknown): asserts config is OrbitChainConfig {
  const errors = validateChainConfig(config);
  if (errors.length > 0) throw new Error(`invalid Orbit chain config: ${errors.join("; ")}`);
}

/** The Nitro genesis chain config JSON string that `RollupCreator` stores on the rollup (as orbit-sdk builds it). */
export function nitroChainConfigJson(config: OrbitChainConfig): string {
  return JSON.stringify({
    chainId: config.chainId,
    homesteadBlock: 0,
    daoForkBlock: null,
    daoForkSupport: true,
    eip150Block: 0,
    eip150Hash: ZeroHash,
    eip155Block: 0,
    eip158Block: 0,
    byzantiumBlock: 0,
    constantinopleBlock: 0,
    petersburgBlock: 0,
    istanbulBlock: 0,
    muirGlacierBlock: 0,
    berlinBlock: 0,
    londonBlock: 0,
    clique: { period: 0, epoch: 0 },
    arbitrum: {
      EnableArbOS: true,
      AllowDebugPrecompiles: false,
      DataAvailabilityCommittee: config.dataAvailability === "anytrust",
      InitialArbOSVersion: config.initialArbOSVersion,
      InitialChainOwner: getAddress(config.owner),
      GenesisBlockNum: 0,
    },
  });
}

/** `RollupCreator.RollupDeploymentParams` (nitro-contracts 3.2.0 `Config` struct with BoLD parameters). */
export function rollupDeploymentParams(config: OrbitChainConfig, feeTokenPricer: string) {
  return {
    config: {
      confirmPeriodBlocks: config.confirmPeriodBlocks,
      stakeToken: config.stakeToken,
      baseStake: BigInt(config.baseStake),
      wasmModuleRoot: config.wasmModuleRoot,
      owner: config.owner,
      loserStakeEscrow: config.loserStakeEscrow,
      chainId: config.chainId,
      chainConfig: nitroChainConfigJson(config),
      minimumAssertionPeriod: 75,
      validatorAfkBlocks: 201_600,
      // BoLD: one big-step level, so three mini-stake levels (block, big step, small step).
      miniStakeValues: [0n, parseEther("0.5"), parseEther("0.25")],
      sequencerInboxMaxTimeVariation: {
        delayBlocks: 7200,
        futureBlocks: 12,
        delaySeconds: 86_400,
        futureSeconds: 3600,
      },
      layerZeroBlockEdgeHeight: 2 ** 26,
      layerZeroBigStepEdgeHeight: 2 ** 19,
      layerZeroSmallStepEdgeHeight: 2 ** 23,
      genesisAssertionState: {
        globalState: { bytes32Vals: [ZeroHash, ZeroHash], u64Vals: [0, 0] },
        machineStatus: 1, // FINISHED
        endHistoryRoot: ZeroHash,
      },
      genesisInboxCount: 0,
      anyTrustFastConfirmer: ZeroAddress,
      numBigStepLevel: 1,
      challengeGracePeriodBlocks: 10,
      // threshold 0: no delay buffer, the plain SequencerInbox template.
      bufferConfig: { threshold: 0, max: 0, replenishRateInBasis: 0 },
      dataCostEstimate: 0,
    },
    validators: config.validators,
    maxDataSize: config.maxDataSize,
    nativeToken: config.nativeToken,
    deployFactoriesToL2: config.deployFactoriesToL2,
    maxFeePerGasForRetryables: 100_000_000n, // 0.1 gwei, the default minimum L2 base fee
    batchPosters: config.batchPosters,
    batchPosterManager: config.batchPosterManager,
    feeTokenPricer,
    customOsp: ZeroAddress,
  };
}
