/**
 * Every read is made at one block, the view: the head minus `confirmations` blocks (default 0: the head), fixed by
 * `refreshHead()` (the first read fixes it when no refresh was made). Events are fetched in block chunks from
 * `fromBlock` and cached per filter (only new blocks are scanned again). Each cache remembers the hash of the block it
 * was scanned to; when that block has another hash (or is gone), the chain reorganized below it: every cache is
 * dropped and the logs are scanned again from `fromBlock` (decision 0403).
 */
import { getAddress, type Contract, type EventLog, type Log, type Provider } from "ethers";

import { epochEnd } from "../../protocol/index.js";
import {
  DATANET_REGISTRY_ABI,
  DISPUTES_ABI,
  LOGS_ABI,
  MODEL_REGISTRY_ABI,
  ORACLE_ABI,
  PAYMENTS_ABI,
  STAKING_ABI,
  contractAt,
  type DeploymentAddresses,
} from "./contracts.js";

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

function order(a: Log, b: Log): number {
  return a.blockNumber - b.blockNumber || a.index - b.index;
}

/**
 * The view of the chain every read is made at, the event cache and its reorganization check, and epoch time. The
 * readers of inputs (inputs.ts) and reports (reports.ts) extend it.
 */
export class ChainView {
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
  protected async at(): Promise<{ blockTag: number }> {
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

  /** The first second after `epoch` (the kernel's epoch clock on the chain's genesis and length). */
  async epochEnd(epoch: bigint): Promise<bigint> {
    return epochEnd(epoch, await this.timing());
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

  protected async blockTime(blockNumber: number): Promise<bigint> {
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
}
