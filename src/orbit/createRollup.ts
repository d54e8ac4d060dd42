/**
 * Creates an Orbit chain whose native gas token is OPEN: `RollupCreator.createRollup` with `nativeToken = OPEN`, the
 * ERC20 bridge templates, batch posters, validators and a fee-token pricer, then the deployment record.
 */
import { Contract, ContractFactory, ZeroAddress, parseEther, type Signer } from "ethers";

import { nitroArtifact } from "./artifacts.js";
import { assertChainConfig, rollupDeploymentParams, type OrbitChainConfig } from "./chainConfig.js";
import type { OrbitDeployment } from "./network.js";

/** Cost of the four L2 factory retryables (DeployHelper constants, 18 decimals: OPEN has 18). */
function factoriesCost(maxFeePerGas: bigint): bigint {
  return parseEther("0.1247") + 4n * 21_000n * maxFeePerGas;
}

/**
 * @param pricerFactory factory of the project's OpenFeeTokenPricer (deployed unless `config.feeTokenPricer` is set).
 */
export async function createOrbitChain(
  signer: Signer,
  rollupCreatorAddress: string,
  config: OrbitChainConfig,
  pricerFactory: ContractFactory,
): Promise<OrbitDeployment> {
  assertChainConfig(config);
  const provider = signer.provider;
  if (provider === null) throw new Error("the signer has no provider");
  const parentChainId = Number((await provider.getNetwork()).chainId);
  if ((await provider.getCode(rollupCreatorAddress)) === "0x") {
    throw new Error(`no RollupCreator at ${rollupCreatorAddress} on chain ${parentChainId}`);
  }
  if ((await provider.getCode(config.nativeToken)) === "0x") {
    throw new Error(`native token ${config.nativeToken} has no code on chain ${parentChainId}`);
  }

  const token = new Contract(config.nativeToken, ["function decimals() view returns (uint8)"], provider);
  const decimals = await token.decimals().catch(() => undefined);
  if (decimals === undefined) throw new Error(`native token ${config.nativeToken} is not an ERC-20 (no decimals())`);
  if (Number(decimals) !== 18) throw new Error(`native token has ${decimals} decimals; OPEN has 18`);

  const creatorArtifact = nitroArtifact("rollup/RollupCreator");
  const creator = new Contract(rollupCreatorAddress, creatorArtifact.abi as never[], signer);

  let feeTokenPricer = config.feeTokenPricer;
  if (feeTokenPricer === ZeroAddress) {
    // Owned by the deployer until the hand-over to governance (UpgradeExecutor).
    const pricer = await pricerFactory
      .connect(signer)
      .deploy(await signer.getAddress(), parseEther(config.feeTokenExchangeRate));
    await pricer.waitForDeployment();
    feeTokenPricer = await pricer.getAddress();
  }

  const params = rollupDeploymentParams(config, feeTokenPricer);
  if (config.deployFactoriesToL2) {
    // The creator pulls the factories' retryable fees in OPEN from the caller.
    const open = new Contract(config.nativeToken, ["function approve(address,uint256) returns (bool)"], signer);
    await (await open.approve(rollupCreatorAddress, factoriesCost(params.maxFeePerGasForRetryables))).wait();
  }

  const tx = await creator.createRollup(params);
  const receipt = await tx.wait();
  if (receipt === null || receipt.status !== 1) throw new Error("createRollup failed");
  const created = receipt.logs
    .map((log: { topics: string[]; data: string }) => {
      try {
        return creator.interface.parseLog(log);
      } catch {
        return null;
      }
    })
    .find((parsed: { name: string } | null) => parsed?.name === "RollupCreated");
  if (created === undefined || created === null) throw new Error("createRollup emitted no RollupCreated event");
  const a = created.args;

  return {
    network: {
      name: config.chainName,
      chainId: config.chainId,
      parentChainId,
      ethBridge: {
        bridge: a.bridge,
        inbox: a.inboxAddress,
        sequencerInbox: a.sequencerInbox,
        outbox: a.outbox,
        rollup: a.rollupAddress,
      },
      confirmPeriodBlocks: config.confirmPeriodBlocks,
      nativeToken: a.nativeToken,
      isTestnet: true,
      isCustom: true,
      isBold: true,
    },
    parentContracts: {
      rollup: a.rollupAddress,
      bridge: a.bridge,
      inbox: a.inboxAddress,
      sequencerInbox: a.sequencerInbox,
      outbox: a.outbox,
      rollupEventInbox: a.rollupEventInbox,
      challengeManager: a.challengeManager,
      adminProxy: a.adminProxy,
      upgradeExecutor: a.upgradeExecutor,
      validatorWalletCreator: a.validatorWalletCreator,
      feeTokenPricer,
      nativeToken: a.nativeToken,
      rollupCreator: rollupCreatorAddress,
    },
    creation: { transactionHash: receipt.hash, parentBlockNumber: receipt.blockNumber },
    chainConfig: config,
  };
}
