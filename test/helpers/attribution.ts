import { id, Wallet, ZeroHash, type Signer } from "ethers";

import {
  attributionOracleDomain,
  epochEnd as epochEndOf,
  signReportBy,
  type AttributionReport,
} from "../../src/protocol/index.js";
import type {
  AgentRegistry,
  AttributionDisputes,
  AttributionOracle,
  InferenceLogs,
  DatanetRegistry,
  InferencePayments,
  ModelRegistry,
  ModelShares,
  OpenStaking,
  RewardDistributor,
} from "../../typechain-types/index.js";
import { deployTokens, type Chain } from "./fixtures.js";
import { deployUupsProxy } from "./proxy.js";
import { datanetConfig, modelRegistration, OperatorRole } from "./registries.js";

export const E = 10n ** 18n;
export const EPOCH = 86_400n;
export const LOG_DEADLINE = 6n * 3600n;
export const WINDOW = 86_400n;
/** OpenStaking's default minimum self-stake of an attribution oracle. */
export const ORACLE_STAKE = 10_000n * E;
/** Default dispute bond. */
export const BOND = 1_000n * E;
/** Default ruling period of the court. */
export const RULING_PERIOD = 2n * 86_400n;

export const EpochStatus = { Open: 0n, Accepted: 1n, Disputed: 2n, Confirmed: 3n, Finalized: 4n, Skipped: 5n } as const;

export interface AttributionOptions {
  /** Oracle stakes (one oracle per entry, users[0..]); default seven oracles of ORACLE_STAKE each. */
  oracleStakes?: bigint[];
}

/**
 * AttributionOracle, AttributionDisputes (its court: SLASHER_ROLE at staking), InferenceLogs and RewardDistributor
 * wired as production wires them (deploy/modules/Protocol.ts), over the REAL
 * contracts, each behind its UUPS proxy: InferencePayments (epoch clock; `fund` pays inferences so that the
 * attribution pools grow by an exact amount; the distributor holds REWARD_DISTRIBUTOR_ROLE), OpenStaking (fee source:
 * payments; the court holds SLASHER_ROLE; the oracle is the stake guard; oracles stake and `registerOperator(AttributionOracle)`), DatanetRegistry,
 * ModelRegistry (operators checked against staking; model 1's operator is a registered compute provider) and
 * AgentRegistry. No stand-in.
 *
 * Signers: the deployer is the admin of everything (it stands for the governance timelock), the holder of OPEN and
 * the payer of inferences; users[0..n) are the oracles, users[9] the treasury, users[10] model 1's operator, users[11]
 * its owner; users[7], users[8], users[12..] are free accounts. Time is in epoch 0 on return, every oracle's stake
 * checkpointed before epoch 0's snapshot.
 */
export async function deployAttribution(chain: Chain, options: AttributionOptions = {}) {
  const { ethers, networkHelpers } = chain;
  const { deployer, users, open } = await deployTokens(chain);
  const admin = deployer;
  const treasury = users[9];
  const modelOperator = users[10];
  const modelOwner = users[11];
  const openAddress = await open.getAddress();

  // Registries, as test/helpers/registries.ts wires them.
  const datanets = await deployUupsProxy<DatanetRegistry>(chain, "DatanetRegistry", [
    admin.address,
    openAddress,
    treasury.address,
  ]);
  const sharesImplementation = (await ethers.deployContract("ModelShares")) as unknown as ModelShares;
  const models = await deployUupsProxy<ModelRegistry>(chain, "ModelRegistry", [
    admin.address,
    await datanets.getAddress(),
    await sharesImplementation.getAddress(),
    openAddress,
  ]);
  const agents = await deployUupsProxy<AgentRegistry>(chain, "AgentRegistry", [admin.address], [openAddress]);

  // InferencePayments starts its clock at or before its deployment: epoch 0 starts at the next midnight.
  const now = BigInt(await networkHelpers.time.latest());
  const genesis = now - (now % EPOCH) + EPOCH;
  await networkHelpers.time.increaseTo(genesis);
  const payments = await deployUupsProxy<InferencePayments>(
    chain,
    "InferencePayments",
    [admin.address, genesis, EPOCH],
    [openAddress, await models.getAddress(), await agents.getAddress()],
  );
  const paymentsAddress = await payments.getAddress();

  // Staking, as deployStaking/deployGovernance wire it, with payments as its fee source.
  const staking = await deployUupsProxy<OpenStaking>(
    chain,
    "OpenStaking",
    [admin.address, paymentsAddress, ethers.ZeroAddress],
    [openAddress],
  );
  const stakingAddress = await staking.getAddress();
  await models.setStaking(stakingAddress);
  await models.setInferencePayments(paymentsAddress);
  await agents.grantRole(await agents.PAYMENTS_ROLE(), paymentsAddress);
  await payments.setTreasury(treasury.address);
  await payments.setStakingContract(stakingAddress);

  const rd = await deployUupsProxy<RewardDistributor>(
    chain,
    "RewardDistributor",
    [admin.address, admin.address],
    [openAddress, paymentsAddress],
  );
  const rdAddress = await rd.getAddress();
  const oracle = await deployUupsProxy<AttributionOracle>(
    chain,
    "AttributionOracle",
    [admin.address],
    [stakingAddress, paymentsAddress, rdAddress],
  );
  const oracleAddress = await oracle.getAddress();
  const disputes = await deployUupsProxy<AttributionDisputes>(
    chain,
    "AttributionDisputes",
    [admin.address, treasury.address],
    [openAddress, oracleAddress, stakingAddress],
  );
  const disputesAddress = await disputes.getAddress();
  const logs = (await ethers.deployContract("InferenceLogs", [
    oracleAddress,
    await models.getAddress(),
  ])) as unknown as InferenceLogs;
  await payments.grantRole(await payments.REWARD_DISTRIBUTOR_ROLE(), rdAddress);
  await rd.grantRole(await rd.ORACLE_ROLE(), oracleAddress);
  await rd.revokeRole(await rd.ORACLE_ROLE(), admin.address);
  await staking.grantRole(await staking.SLASHER_ROLE(), disputesAddress);
  await oracle.setCourt(disputesAddress);
  await staking.setStakeGuard(oracleAddress);

  /** Gives `account` OPEN and has it approve the staking contract, the court (dispute bonds) and payments. */
  async function provision(account: Signer, amount: bigint) {
    await open.transfer(await account.getAddress(), amount);
    await open.connect(account).approve(stakingAddress, ethers.MaxUint256);
    await open.connect(account).approve(disputesAddress, ethers.MaxUint256);
  }

  /** Stakes `amount` for `account` and registers it as an attribution oracle (stake counts from registration). */
  async function addOracle(account: Signer, amount: bigint) {
    await provision(account, amount);
    await staking.connect(account).stake(amount);
    await staking.connect(account).registerOperator(OperatorRole.AttributionOracle);
  }

  const stakes = options.oracleStakes ?? Array.from({ length: 7 }, () => ORACLE_STAKE);
  if (stakes.some((s) => s < ORACLE_STAKE)) await staking.setMinOperatorStake(OperatorRole.AttributionOracle, E);
  const oracles = users.slice(0, stakes.length);
  for (let i = 0; i < stakes.length; i++) await addOracle(oracles[i], stakes[i]);

  // Model 1: a Datanet with a published version, a compute provider as operator.
  await provision(modelOperator, 1_000n * E);
  await staking.connect(modelOperator).stake(1_000n * E);
  await staking.connect(modelOperator).registerOperator(OperatorRole.ComputeProvider);
  await datanets.connect(modelOwner).createDatanet(datanetConfig());
  await datanets.connect(modelOwner).contribute(1n, ethers.id("contribution-1"), "ipfs://c1");
  await datanets.connect(modelOwner).reviewBatch([(1n << 32n) | 1n], [true]);
  await datanets.connect(modelOwner).publishVersion(1n, ethers.id("version-1"), 1, "ipfs://v1");
  // One wei per unit and 20% to contributors: `fund` can hit any pool increase exactly.
  await models
    .connect(modelOwner)
    .registerModel(modelRegistration(modelOperator.address, { pricePerUnit: 1n, contributorShareBps: 2_000 }));
  const modelId = 1n;
  await open.approve(paymentsAddress, ethers.MaxUint256);

  const chainId = (await ethers.provider.getNetwork()).chainId;
  const domain = attributionOracleDomain(chainId, oracleAddress);

  /**
   * Pays inferences of model 1 (price 1 wei per unit) so that the attribution pools grow by exactly `amount`. With
   * the default fees (5% protocol, 5% stakers) and a 20% contributor share, paying `x` adds
   * floor((x - 2 * floor(x / 20)) / 5); `x = 20k + r` with `18k + r = 5 * amount` (0 <= r < 18) gives `amount`.
   */
  async function fund(amount: bigint) {
    if (amount === 0n) return;
    const rest = 5n * amount;
    const units = 20n * (rest / 18n) + (rest % 18n);
    const before = await payments.totalAttributionFunded();
    await payments.pay(modelId, units, units, ethers.id(`inference-${before}`));
    if ((await payments.totalAttributionFunded()) !== before + amount) throw new Error("fund: wrong pool increase");
  }

  /** End of `epoch` (first second after it). */
  const epochEnd = (epoch: bigint) => epochEndOf(epoch, { genesis, length: EPOCH });

  /** Moves time to when reports for `epoch` open (its end + log deadline). */
  async function openReports(epoch: bigint) {
    const t = epochEnd(epoch) + LOG_DEADLINE;
    if (BigInt(await networkHelpers.time.latest()) < t) await networkHelpers.time.increaseTo(t);
  }

  return {
    ...chain,
    deployer,
    admin,
    users,
    open,
    treasury,
    staking,
    datanets,
    models,
    agents,
    modelId,
    modelOperator,
    modelOwner,
    payments,
    rd,
    oracle,
    disputes,
    logs,
    oracles,
    domain,
    genesis,
    provision,
    addOracle,
    fund,
    epochEnd,
    openReports,
  };
}

export type AttributionFixture = Awaited<ReturnType<typeof deployAttribution>>;

/** The deployment map an oracle node reads (`{contracts: {...}}`, OPEN as the asset), for this fixture. */
export async function oracleDeployment(f: AttributionFixture) {
  return {
    contracts: {
      OpenToken: await f.open.getAddress(),
      AttributionOracle: await f.oracle.getAddress(),
      AttributionDisputes: await f.disputes.getAddress(),
      InferenceLogs: await f.logs.getAddress(),
      InferencePayments: await f.payments.getAddress(),
      ModelRegistry: await f.models.getAddress(),
      DatanetRegistry: await f.datanets.getAddress(),
      OpenStaking: await f.staking.getAddress(),
    },
  };
}

/**
 * `n` more attribution oracles: deterministic wallets (keys `id("oracle-wallet-<i>")`) given ETH for gas, each staking
 * ORACLE_STAKE and registered (call it before epoch 0's snapshot for them to weigh in epoch 0).
 */
export async function addWalletOracles(f: AttributionFixture, n: number): Promise<Wallet[]> {
  const wallets: Wallet[] = [];
  for (let i = 0; i < n; i++) {
    const w = new Wallet(id(`oracle-wallet-${i}`), f.ethers.provider);
    await f.networkHelpers.setBalance(w.address, 10n ** 20n);
    await f.addOracle(w, ORACLE_STAKE);
    wallets.push(w);
  }
  return wallets;
}

export function makeReport(epoch: bigint, root: string, total: bigint, uri = "ipfs://bafy-report"): AttributionReport {
  return {
    epoch,
    cumulativeRewardsRoot: root,
    cumulativeTotal: total,
    attributionRoot: "0x" + "ab".repeat(32),
    dataURI: uri,
  };
}

/**
 * The report `finalize` takes for `epoch`: the one the ReportAccepted event of the epoch's current round carries (the
 * contract checks its struct hash). For an epoch without one (open, skipped, not next), a placeholder of that epoch:
 * `finalize` reverts on the epoch or its status before it reads the report.
 */
export async function acceptedReport(oracle: AttributionOracle, epoch: bigint): Promise<AttributionReport> {
  const [, round] = await oracle.epochStatus(epoch);
  const events = await oracle.queryFilter(oracle.filters.ReportAccepted(epoch));
  const current = events.filter((e) => e.args.round === round);
  const last = current[current.length - 1];
  if (last === undefined) return makeReport(epoch, ZeroHash, 0n, "");
  return {
    epoch,
    cumulativeRewardsRoot: last.args.cumulativeRewardsRoot,
    cumulativeTotal: last.args.cumulativeTotal,
    attributionRoot: last.args.attributionRoot,
    dataURI: last.args.dataURI,
  };
}

/** All seven oracles' signatures accept `report` (reports for its epoch are opened first). */
export async function acceptReport(f: AttributionFixture, report: AttributionReport): Promise<void> {
  await f.openReports(report.epoch);
  await f.oracle.submit(report, await signReportBy(f.oracles, f.domain, report));
}

/**
 * Funds 20 and accepts epoch 1's report with total 10 while epoch 0 is pending; then epoch 0 finalizes with 20, so
 * the epoch 1 report (returned) can no longer finalize.
 */
export async function acceptOvertaken(f: AttributionFixture): Promise<AttributionReport> {
  await f.fund(20n * E);
  await acceptReport(f, makeReport(0n, "0x" + "07".repeat(32), 20n * E));
  const overtaken = makeReport(1n, "0x" + "08".repeat(32), 10n * E);
  await acceptReport(f, overtaken);
  await f.networkHelpers.time.increase(WINDOW);
  await f.oracle.finalize(await acceptedReport(f.oracle, 0n));
  return overtaken;
}

export async function addressOf(s: Signer) {
  return s.getAddress();
}
