/**
 * Reads what an oracle needs from the chain, through ethers v6: epoch timing, per-model pools, models and their
 * cards and training versions, Datanet versions and contributions (the URIs live in events only), committed
 * inference logs (InferenceLogs), and the reports, attestations (AttributionOracle) and disputes (AttributionDisputes) of
 * each epoch.
 *
 * Events are fetched in block chunks from `fromBlock` and cached per filter (only new blocks are scanned again).
 * Every read is made at one block, the view: the head minus `confirmations` blocks (default 0: the head), fixed by
 * `refreshHead()` (the first read fixes it when no refresh was made). Each cache remembers the hash of the block it
 * was scanned to; when that block has another hash (or is gone), the chain reorganized below it: every cache is
 * dropped and the logs are scanned again from `fromBlock` (decision 0403).
 * Everything the pipeline consumes is fixed once an epoch's log deadline passed (pools, logs, versions, contributions
 * and the model card in force at the epoch's end), so oracles reading at different times read the same inputs.
 * Contract addresses come from a deployment map `{contracts: {AttributionOracle: "0x...", ...}}` (the shape of
 * `deployments/<chainId>.json`).
 */
import {
  Contract,
  ZeroHash,
  getAddress,
  type ContractRunner,
  type EventLog,
  type InterfaceAbi,
  type Log,
  type Provider,
} from "ethers";

import {
  attributionDisputesAbi,
  attributionOracleAbi,
  datanetRegistryAbi,
  inferenceLogsAbi,
  inferencePaymentsAbi,
  modelRegistryAbi,
  openStakingAbi,
  wopenAbi,
  type AttributionReport,
} from "../protocol/index.js";

// The ABIs come from the kernel (src/protocol/abis.ts, generated from the compiled artifacts and checked by a test),
// so the node can never speak to a contract with a stale hand-written signature.
/** AttributionOracle: the report state machine. */
export const ORACLE_ABI = attributionOracleAbi as unknown as InterfaceAbi;
/** AttributionDisputes (the court): bonds, disputes, rulings, equivocation, withdrawals. */
export const DISPUTES_ABI = attributionDisputesAbi as unknown as InterfaceAbi;
/** InferenceLogs: the operators' log commitments. */
export const LOGS_ABI = inferenceLogsAbi as unknown as InterfaceAbi;
export const PAYMENTS_ABI = inferencePaymentsAbi as unknown as InterfaceAbi;
export const MODEL_REGISTRY_ABI = modelRegistryAbi as unknown as InterfaceAbi;
export const DATANET_REGISTRY_ABI = datanetRegistryAbi as unknown as InterfaceAbi;
export const STAKING_ABI = openStakingAbi as unknown as InterfaceAbi;
/** The asset: WOPEN's ABI (an ERC-20 with permit) fits OPEN as well. */
export const ERC20_ABI = wopenAbi as unknown as InterfaceAbi;

/** AttributionOracle.EpochStatus. */
export const EPOCH_STATUS = ["Open", "Accepted", "Disputed", "Confirmed", "Finalized", "Skipped"] as const;
export type EpochStatusName = (typeof EPOCH_STATUS)[number];

/** The address map of a deployment (the shape of `deployments/<chainId>.json`; only `contracts` is read). */
export interface DeploymentAddresses {
  contracts: Record<string, string>;
  /** The asset (OPEN or WOPEN); defaults to `contracts.OpenToken` / `contracts.WOPEN` when absent. */
  asset?: string;
}

export interface EpochTiming {
  genesis: bigint;
  length: bigint;
  logDeadline: bigint;
  challengeWindow: bigint;
  /** Base bond of a dispute (AttributionDisputes.bondFor(epoch) doubles it after each expired dispute). */
  disputeBond: bigint;
  /** Seconds the court's resolver has to rule. */
  rulingPeriod: bigint;
}

export interface PoolOfModel {
  modelId: bigint;
  pool: bigint;
}

export interface ModelAtEpoch {
  modelId: bigint;
  operator: string;
  trainedOn: { datanetId: bigint; version: number }[];
  /** The metadata URI in force at the epoch's end. */
  metadataURI: string;
}

export interface DatanetVersionInfo {
  datanetId: bigint;
  version: number;
  merkleRoot: string;
  count: number;
  uri: string;
}

export interface ContributionRecord {
  contributionId: bigint;
  datanetId: bigint;
  contributor: string;
  contentHash: string;
  uri: string;
  /** Submission order: block number and log index of the ContributionSubmitted event. */
  block: number;
  logIndex: number;
}

export interface CommittedLog {
  root: string;
  uri: string;
}

export interface EpochState {
  status: EpochStatusName;
  round: number;
  since: bigint;
}

export interface AcceptedReport {
  report: AttributionReport;
  reportHash: string;
  round: number;
  blockNumber: number;
  transactionHash: string;
}

/** How a finalized epoch's report reached the chain, and what it says. */
export interface FinalizedReport {
  /** "accepted": a report the oracles accepted and `finalize` made live; "forced": governance's `forceReport`. */
  kind: "accepted" | "forced";
  epoch: bigint;
  /** Lowercase hex. */
  cumulativeRewardsRoot: string;
  cumulativeTotal: bigint;
  /** Lowercase hex. */
  attributionRoot: string;
  /** Where the report's data document (with the cumulative amounts) was published. */
  dataURI: string;
}

export interface FollowerOptions {
  /** First block to scan for events (the deployment block); default 0. */
  fromBlock?: number;
  /** Blocks per eth_getLogs request; default 10,000. */
  chunkSize?: number;
  /** How far the view stays behind the head, in blocks; default 0 (the head). */
  confirmations?: number;
  /** Called when a reorganization is detected (the blocks below `block` changed), before the caches are rebuilt. */
  onReorg?: (block: number) => void;
}

interface CachedLogs {
  scannedTo: number;
  /** Hash of block `scannedTo` when it was scanned (undefined while nothing was scanned). */
  hash: string | undefined;
  logs: EventLog[];
}

/** The block every read is made at. */
export interface ViewBlock {
  number: number;
  hash: string;
  timestamp: bigint;
}

function contractAt(deployment: DeploymentAddresses, name: string, abi: InterfaceAbi, runner: ContractRunner) {
  const address = deployment.contracts[name];
  if (address === undefined) throw new Error(`the deployment map has no ${name} address`);
  return new Contract(getAddress(address), abi, runner);
}

function order(a: Log, b: Log): number {
  return a.blockNumber - b.blockNumber || a.index - b.index;
}

export class ChainFollower {
  readonly oracle: Contract;
  /** AttributionDisputes, the court. */
  readonly disputes: Contract;
  /** InferenceLogs. */
  readonly logs: Contract;
  readonly payments: Contract;
  readonly models: Contract;
  readonly datanets: Contract;
  readonly staking: Contract;
  private readonly fromBlock: number;
  private readonly chunkSize: number;
  private readonly confirmations: number;
  private readonly onReorg: ((block: number) => void) | undefined;
  private readonly cache = new Map<string, CachedLogs>();
  private readonly blockTimes = new Map<number, bigint>();
  private timingCache: EpochTiming | undefined;
  private view: ViewBlock | undefined;
  /** The first refresh, when a read fixes the view (concurrent first reads share it). */
  private firstView: Promise<ViewBlock> | undefined;
  /** Block hashes read since the view was fixed (null: no such block). */
  private readonly hashes = new Map<number, string | null>();
  private reorgCount = 0;

  constructor(
    readonly provider: Provider,
    readonly deployment: DeploymentAddresses,
    options: FollowerOptions = {},
  ) {
    this.oracle = contractAt(deployment, "AttributionOracle", ORACLE_ABI, provider);
    this.disputes = contractAt(deployment, "AttributionDisputes", DISPUTES_ABI, provider);
    this.logs = contractAt(deployment, "InferenceLogs", LOGS_ABI, provider);
    this.payments = contractAt(deployment, "InferencePayments", PAYMENTS_ABI, provider);
    this.models = contractAt(deployment, "ModelRegistry", MODEL_REGISTRY_ABI, provider);
    this.datanets = contractAt(deployment, "DatanetRegistry", DATANET_REGISTRY_ABI, provider);
    this.staking = contractAt(deployment, "OpenStaking", STAKING_ABI, provider);
    this.fromBlock = options.fromBlock ?? 0;
    this.chunkSize = options.chunkSize ?? 10_000;
    this.confirmations = options.confirmations ?? 0;
    if (!Number.isSafeInteger(this.confirmations) || this.confirmations < 0) {
      throw new Error(`confirmations: ${options.confirmations} is not a number of blocks`);
    }
    this.onReorg = options.onReorg;
  }

  /** How many reorganizations `events()` detected (each dropped the caches and rescanned). */
  get reorgs(): number {
    return this.reorgCount;
  }

  // -------------------------------------------------------------------------------------------------- view

  /**
   * Fixes the view at the current head minus `confirmations` (never below `fromBlock - 1`, nor below block 0): every
   * later read is made at that block until the next refresh. Returns the view.
   */
  async refreshHead(): Promise<ViewBlock> {
    const latest = await this.provider.getBlock("latest");
    if (latest === null) throw new Error("the provider returned no latest block");
    const target = Math.min(latest.number, Math.max(latest.number - this.confirmations, this.fromBlock - 1, 0));
    const block = target === latest.number ? latest : await this.provider.getBlock(target);
    if (block === null || block.hash === null) throw new Error(`block ${target} not found`);
    this.view = { number: block.number, hash: block.hash, timestamp: BigInt(block.timestamp) };
    this.hashes.clear();
    this.hashes.set(block.number, block.hash);
    return this.view;
  }

  /** The block reads are made at (fixed by the last `refreshHead()`, or now if none was made). */
  async viewBlock(): Promise<ViewBlock> {
    if (this.view !== undefined) return this.view;
    this.firstView ??= this.refreshHead().finally(() => {
      this.firstView = undefined;
    });
    return this.firstView;
  }

  /** The overrides of a view call: at the view block. */
  private async at(): Promise<{ blockTag: number }> {
    return { blockTag: (await this.viewBlock()).number };
  }

  /** The hash of block `n` now (read once per view), or null if there is no such block. */
  private async hashAt(n: number): Promise<string | null> {
    let hash = this.hashes.get(n);
    if (hash === undefined) {
      hash = (await this.provider.getBlock(n))?.hash ?? null;
      this.hashes.set(n, hash);
    }
    return hash;
  }

  /** The blocks below `block` changed: forgets everything read from them and fixes a new view. */
  private async reorganized(block: number): Promise<void> {
    this.reorgCount++;
    this.cache.clear();
    this.blockTimes.clear();
    this.timingCache = undefined;
    this.onReorg?.(block);
    await this.refreshHead();
  }

  /** The asset's address (for the dispute bond). */
  assetAddress(): string {
    const a = this.deployment.asset ?? this.deployment.contracts.OpenToken ?? this.deployment.contracts.WOPEN;
    if (a === undefined) throw new Error("the deployment map names no asset (asset, OpenToken or WOPEN)");
    return getAddress(a);
  }

  // -------------------------------------------------------------------------------------------------- time

  async timing(): Promise<EpochTiming> {
    if (this.timingCache === undefined) {
      const at = await this.at();
      const [genesis, length, params, court, rulingPeriod] = await Promise.all([
        this.payments.epochGenesis(at),
        this.payments.epochLength(at),
        this.oracle.parameters(at),
        this.disputes.parameters(at),
        this.disputes.rulingPeriod(at),
      ]);
      this.timingCache = {
        genesis: BigInt(genesis),
        length: BigInt(length),
        logDeadline: BigInt(params.logDeadline),
        challengeWindow: BigInt(params.challengeWindow),
        disputeBond: BigInt(court.disputeBond),
        rulingPeriod: BigInt(rulingPeriod),
      };
    }
    return this.timingCache;
  }

  /** Forgets cached governance parameters (challenge window, log deadline, bond), e.g. after a proposal. */
  refreshParameters(): void {
    this.timingCache = undefined;
  }

  async epochEnd(epoch: bigint): Promise<bigint> {
    const t = await this.timing();
    return t.genesis + (epoch + 1n) * t.length;
  }

  /** When reports for `epoch` are accepted: its end plus the log deadline. */
  async reportsOpenAt(epoch: bigint): Promise<bigint> {
    return (await this.epochEnd(epoch)) + (await this.timing()).logDeadline;
  }

  /** Timestamp of the view block (the latest block when `confirmations` is 0). */
  async now(): Promise<bigint> {
    return (await this.viewBlock()).timestamp;
  }

  /** The last epoch whose reports are open at `now` (-1 when none is). */
  async lastReportableEpoch(now: bigint): Promise<bigint> {
    const t = await this.timing();
    // Reports for e open at genesis + (e + 1) * length + logDeadline <= now.
    const span = now - t.genesis - t.logDeadline;
    if (span < t.length) return -1n;
    return span / t.length - 1n;
  }

  private async blockTime(blockNumber: number): Promise<bigint> {
    let t = this.blockTimes.get(blockNumber);
    if (t === undefined) {
      const block = await this.provider.getBlock(blockNumber);
      if (block === null) throw new Error(`block ${blockNumber} not found`);
      t = BigInt(block.timestamp);
      this.blockTimes.set(blockNumber, t);
    }
    return t;
  }

  // -------------------------------------------------------------------------------------------------- events

  /**
   * Every log of `filterName(args)` from `fromBlock` to the view block, in chain order (cached per filter). If the
   * block a cache was scanned to has another hash now, or is gone, every cache is dropped and scanned again.
   */
  async events(contract: Contract, eventName: string, ...args: unknown[]): Promise<EventLog[]> {
    const filter = contract.filters[eventName](...args);
    const topicFilter = await filter.getTopicFilter();
    const key = `${await contract.getAddress()}:${JSON.stringify(topicFilter)}`;
    let cached = this.cache.get(key);
    if (cached !== undefined && cached.hash !== undefined && (await this.hashAt(cached.scannedTo)) !== cached.hash) {
      await this.reorganized(cached.scannedTo + 1);
      cached = undefined;
    }
    if (cached === undefined) {
      cached = { scannedTo: this.fromBlock - 1, hash: undefined, logs: [] };
      this.cache.set(key, cached);
    }
    const view = await this.viewBlock();
    for (let start = cached.scannedTo + 1; start <= view.number; start += this.chunkSize) {
      const end = Math.min(view.number, start + this.chunkSize - 1);
      // The hash is read before the logs: if the chain reorganizes in between, the next check sees another hash.
      const hash = await this.hashAt(end);
      if (hash === null) throw new Error(`block ${end} not found`);
      const logs = await contract.queryFilter(filter, start, end);
      for (const log of logs) if ("args" in log) cached.logs.push(log);
      cached.scannedTo = end;
      cached.hash = hash;
    }
    return cached.logs.filter((log) => log.blockNumber <= view.number).sort(order);
  }

  // -------------------------------------------------------------------------------------------------- inputs

  /** Models with a positive attribution pool in `epoch`, by model id, with the pool from the view. */
  async poolsForEpoch(epoch: bigint): Promise<PoolOfModel[]> {
    const ids = new Set<bigint>();
    for (const name of ["InferencePaid", "VouchersRedeemed"]) {
      for (const log of await this.events(this.payments, name)) {
        if (BigInt(log.args.epoch) === epoch) ids.add(BigInt(log.args.modelId));
      }
    }
    const out: PoolOfModel[] = [];
    for (const modelId of [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      const pool = BigInt(await this.payments.attributionPool(modelId, epoch, await this.at()));
      if (pool > 0n) out.push({ modelId, pool });
    }
    return out;
  }

  /** A model's training versions, operator and the metadata URI in force at `timestamp` (exclusive). */
  async modelAt(modelId: bigint, before: bigint): Promise<ModelAtEpoch> {
    const info = await this.models.model(modelId, await this.at());
    let metadataURI: string | undefined;
    const registered = await this.events(this.models, "ModelRegistered", modelId);
    if (registered.length > 0) metadataURI = registered[0].args.metadataURI as string;
    for (const log of await this.events(this.models, "ModelMetadataSet", modelId)) {
      if ((await this.blockTime(log.blockNumber)) < before) metadataURI = log.args.metadataURI as string;
    }
    return {
      modelId,
      operator: getAddress(info.operator as string),
      trainedOn: (info.trainedOn as { datanetId: bigint; version: bigint }[]).map((v) => ({
        datanetId: BigInt(v.datanetId),
        version: Number(v.version),
      })),
      metadataURI: metadataURI ?? (info.metadataURI as string),
    };
  }

  async datanetVersion(datanetId: bigint, version: number): Promise<DatanetVersionInfo> {
    const v = await this.datanets.version(datanetId, version, await this.at());
    return {
      datanetId,
      version,
      merkleRoot: (v.merkleRoot as string).toLowerCase(),
      count: Number(v.count),
      uri: v.uri as string,
    };
  }

  /** Every contribution ever submitted to `datanetId`, by contribution id. */
  async contributions(datanetId: bigint): Promise<Map<bigint, ContributionRecord>> {
    const out = new Map<bigint, ContributionRecord>();
    for (const log of await this.events(this.datanets, "ContributionSubmitted", null, datanetId)) {
      const id = BigInt(log.args.contributionId);
      out.set(id, {
        contributionId: id,
        datanetId,
        contributor: getAddress(log.args.contributor as string),
        contentHash: (log.args.contentHash as string).toLowerCase(),
        uri: log.args.uri as string,
        block: log.blockNumber,
        logIndex: log.index,
      });
    }
    return out;
  }

  /** The committed log of (`modelId`, `epoch`), or null if none was committed. */
  async inferenceLog(modelId: bigint, epoch: bigint): Promise<CommittedLog | null> {
    const root = ((await this.logs.inferenceLog(modelId, epoch, await this.at())) as string).toLowerCase();
    if (root === ZeroHash) return null;
    const logs = await this.events(this.logs, "InferenceLogCommitted", modelId, epoch);
    if (logs.length === 0) throw new Error(`log of model ${modelId} epoch ${epoch} has a root but no event`);
    return { root, uri: logs[0].args.uri as string };
  }

  /** The treasury, which receives pools nobody can be credited with (InferencePayments.treasury, else the map's). */
  async treasury(): Promise<string> {
    const t = (await this.payments.treasury(await this.at())) as string;
    if (t !== "0x0000000000000000000000000000000000000000") return getAddress(t);
    const fromMap = this.deployment.contracts.Treasury;
    if (fromMap === undefined) throw new Error("no treasury: InferencePayments.treasury() is unset and no Treasury");
    return getAddress(fromMap);
  }

  async totalAttributionFunded(): Promise<bigint> {
    return BigInt(await this.payments.totalAttributionFunded(await this.at()));
  }

  // -------------------------------------------------------------------------------------------------- reports

  async nextEpoch(): Promise<bigint> {
    return BigInt(await this.oracle.nextEpoch(await this.at()));
  }

  async epochState(epoch: bigint): Promise<EpochState> {
    const [status, round, since] = await this.oracle.epochStatus(epoch, await this.at());
    return { status: EPOCH_STATUS[Number(status)], round: Number(round), since: BigInt(since) };
  }

  /** Every report accepted for `epoch` (one per round at most), in order. */
  async acceptedReports(epoch: bigint): Promise<AcceptedReport[]> {
    return (await this.events(this.oracle, "ReportAccepted", epoch)).map((log) => ({
      report: {
        epoch,
        cumulativeRewardsRoot: (log.args.cumulativeRewardsRoot as string).toLowerCase(),
        cumulativeTotal: BigInt(log.args.cumulativeTotal),
        attributionRoot: (log.args.attributionRoot as string).toLowerCase(),
        dataURI: log.args.dataURI as string,
      },
      reportHash: (log.args.reportHash as string).toLowerCase(),
      round: Number(log.args.round),
      blockNumber: log.blockNumber,
      transactionHash: log.transactionHash,
    }));
  }

  /** The report currently accepted for `epoch` (status Accepted, Disputed or Confirmed), if any. */
  async currentAccepted(epoch: bigint): Promise<AcceptedReport | null> {
    const state = await this.epochState(epoch);
    if (state.status !== "Accepted" && state.status !== "Disputed" && state.status !== "Confirmed") return null;
    const accepted = await this.acceptedReports(epoch);
    const last = accepted[accepted.length - 1];
    return last !== undefined && last.round === state.round ? last : null;
  }

  /**
   * The report `epoch` was finalized with, or null when it is not finalized at the view: still pending, or skipped by
   * governance (`skippedEpochs` tells those apart). The root and total are those of `EpochFinalized`; for a normal
   * finalization the attribution root and data URI come from the `ReportAccepted` event of the epoch with that root
   * (the latest round), for a forced one from `ReportForced`. Events only, from the cache (one scan per event name
   * for every epoch, plus the epoch's `ReportAccepted` filter). A report forced by an implementation whose
   * `ReportForced` had no data URI reads as forced, with an empty data URI and a zero attribution root.
   */
  async finalizedReport(epoch: bigint): Promise<FinalizedReport | null> {
    const finalized = (await this.events(this.oracle, "EpochFinalized")).filter((l) => BigInt(l.args.epoch) === epoch);
    if (finalized.length === 0) return null;
    const last = finalized[finalized.length - 1];
    const root = (last.args.cumulativeRewardsRoot as string).toLowerCase();
    const total = BigInt(last.args.cumulativeTotal);
    const forced = (await this.events(this.oracle, "ReportForced")).filter((l) => BigInt(l.args.epoch) === epoch);
    if (forced.length > 0) {
      const f = forced[forced.length - 1];
      return {
        kind: "forced",
        epoch,
        cumulativeRewardsRoot: root,
        cumulativeTotal: total,
        attributionRoot: (f.args.attributionRoot as string).toLowerCase(),
        dataURI: f.args.dataURI as string,
      };
    }
    const accepted = (await this.acceptedReports(epoch)).filter(
      (a) => a.report.cumulativeRewardsRoot === root && a.report.cumulativeTotal === total,
    );
    const a = accepted[accepted.length - 1];
    if (a === undefined) {
      // Only `forceReport` finalizes without an accepted report: one forced by an implementation whose
      // `ReportForced` did not carry the data URI leaves it unknown.
      return {
        kind: "forced",
        epoch,
        cumulativeRewardsRoot: root,
        cumulativeTotal: total,
        attributionRoot: ZeroHash,
        dataURI: "",
      };
    }
    return {
      kind: "accepted",
      epoch,
      cumulativeRewardsRoot: root,
      cumulativeTotal: total,
      attributionRoot: a.report.attributionRoot,
      dataURI: a.report.dataURI,
    };
  }

  /** The finalized epochs at the view, in increasing order (skipped ones are not finalized). */
  async finalizedEpochs(): Promise<bigint[]> {
    const epochs = (await this.events(this.oracle, "EpochFinalized")).map((l) => BigInt(l.args.epoch));
    return [...new Set(epochs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** The epochs governance skipped (`skipEpoch`) at the view, in increasing order. */
  async skippedEpochs(): Promise<bigint[]> {
    const epochs = (await this.events(this.oracle, "EpochSkipped")).map((l) => BigInt(l.args.epoch));
    return [...new Set(epochs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Rewards roots banned for `epoch` (upheld dispute, governance rejection, built on a rejected report): attesting
   * or submitting them again would revert. */
  async rejectedRoots(epoch: bigint): Promise<Set<string>> {
    const out = new Set<string>();
    for (const log of await this.events(this.oracle, "EpochReopened", epoch)) {
      if (log.args.banned === true) out.add((log.args.cumulativeRewardsRoot as string).toLowerCase());
    }
    return out;
  }

  /**
   * Reports that gathered weight in `round` of `epoch`, by report hash: on-chain attestations (oracles in order and
   * the tally) and transmitted signature sets (a submission that reached quorum is also in `acceptedReports`).
   */
  async reportsInRound(epoch: bigint, round: number): Promise<Map<string, { oracles: string[]; weight: bigint }>> {
    const out = new Map<string, { oracles: string[]; weight: bigint }>();
    for (const log of await this.events(this.oracle, "Attested", epoch)) {
      if (Number(log.args.round) !== round) continue;
      const hash = (log.args.reportHash as string).toLowerCase();
      const entry = out.get(hash) ?? { oracles: [], weight: 0n };
      entry.oracles.push(getAddress(log.args.oracle as string));
      entry.weight = BigInt(log.args.tally);
      out.set(hash, entry);
    }
    const accepted = (await this.acceptedReports(epoch)).filter((a) => a.round === round);
    for (const log of await this.events(this.oracle, "ReportSubmitted", epoch)) {
      if (!accepted.some((a) => a.transactionHash === log.transactionHash)) continue;
      out.set((log.args.reportHash as string).toLowerCase(), {
        oracles: (log.args.signers as string[]).map((s) => getAddress(s)),
        weight: BigInt(log.args.weight),
      });
    }
    return out;
  }

  /** Whether `oracle` attested in `round` of `epoch` (one attestation per oracle per round). */
  async hasAttested(oracle: string, epoch: bigint, round: number): Promise<boolean> {
    const logs = await this.events(this.oracle, "Attested", epoch, null, oracle);
    return logs.some((log) => Number(log.args.round) === round);
  }

  /**
   * The counted signers of the report accepted for `epoch` in its current round, in the order the contract chained
   * them: what `AttributionDisputes.rule(epoch, true, signers)` needs.
   */
  async acceptedSigners(epoch: bigint): Promise<string[]> {
    const accepted = await this.currentAccepted(epoch);
    if (accepted === null) throw new Error(`epoch ${epoch} has no accepted report`);
    const submitted = (await this.events(this.oracle, "ReportSubmitted", epoch, accepted.reportHash)).find(
      (log) => log.transactionHash === accepted.transactionHash,
    );
    if (submitted !== undefined) return (submitted.args.signers as string[]).map((s) => getAddress(s));
    return (await this.events(this.oracle, "Attested", epoch, accepted.reportHash))
      .filter((log) => Number(log.args.round) === accepted.round)
      .map((log) => getAddress(log.args.oracle as string));
  }

  /** An oracle's weight for `epoch`: its oracle stake at the epoch's snapshot (the epoch's last second). */
  async oracleWeight(oracle: string, epoch: bigint): Promise<bigint> {
    const snapshot = (await this.epochEnd(epoch)) - 1n;
    return BigInt(await this.staking.getPastOracleStake(oracle, snapshot, await this.at()));
  }
}
