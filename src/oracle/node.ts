/**
 * The oracle node: for each closed epoch, compute -> publish -> attest on chain (default) or sign for a
 * transmitter; check the report the chain accepted against its own and dispute a different one; finalize what the
 * challenge window let through. `watch()` repeats `tick()` until stopped.
 *
 * Restart safety (docs/decisions/0402): every step reads the chain first (already finalized? already attested in
 * this round? already disputed?), computation is deterministic, and the state on disk is written atomically, with
 * the epoch file last. A crash at any point and a restart produce the same report and never a second, different
 * signature for one epoch.
 *
 * Reorganizations (docs/decisions/0403): every call reads the chain at one block, the head minus `confirmations`,
 * fixed again at the start of each call and after each transaction the node sends. The chain follower detects a
 * reorganization below what it scanned and rescans; before disputing, the node recomputes its report from fresh
 * inputs, and disputes only if that one still pays differently.
 *
 * Finalized epochs (docs/decisions/0404): the chain is the source of truth. Before computing an epoch, the node
 * checks its record of the last finalized epoch below it against the finalized report; when they differ (the network
 * finalized another report, or governance forced one), it adopts the finalized report from its published data,
 * checked against the chain's root and total, and forgets every record above it, so later epochs build on what the
 * chain finalized.
 *
 * Operating it (decisions 0480-0483): the state is bound to the chain (genesis and deployment-block hashes), checked at
 * every pass, and the node stops with ChainMismatchError when the chain was replaced; stored records and published
 * documents are checked against their digest and hash on every read, a bad one recomputed; a report that
 * finalization discarded (ReportDiscarded) is never backed again; `watch` backs off while the RPC fails and says so;
 * `lock()` keeps a second process off the same state directory; `metrics` is what the Prometheus endpoint shows.
 */
import { stat } from "node:fs/promises";

import { Contract, Interface, ZeroHash, type InterfaceAbi, type Provider, type Signer } from "ethers";

import {
  attributionOracleDomain,
  orderSignatures,
  recoverReportSigner,
  reportHash,
  signReport,
  type SignedBy,
} from "../protocol/report.js";
import { openLedgerErrorsAbi } from "../protocol/abis.js";
import type { AttributionReport } from "../protocol/eip712.js";
import { contentHash, type ContentStore } from "../storage/index.js";
import { buildRewardsTree } from "../rewards/tree.js";
import {
  ChainFollower,
  ERC20_ABI,
  DISPUTES_ABI,
  ORACLE_ABI,
  type DeploymentAddresses,
  type EpochStatusName,
  type FinalizedReport,
} from "./chain.js";
import { bindingDifference, checkChainBinding, ChainMismatchError, readChainBinding } from "./binding.js";
import { ContentUnavailableError, contentUri, fetchVerified, parseContentUri } from "./content.js";
import {
  computeEpoch,
  parseAttributionData,
  proofsDocument,
  toReport,
  type AttributionData,
  type EpochInput,
  type EpochResult,
} from "./epoch.js";
import { FormatError } from "./formats.js";
import { canonicalBytes } from "./json.js";
import { gatherEpochInput, newInputCache, type InputCache } from "./inputs.js";
import { lockStateDirectory, StateLockedError, type StateLock } from "./lock.js";
import { publishSignature, signatureFile, type SignatureSource } from "./transmitter.js";
import { OracleState, StateError, type ChainBinding, type StoredEpoch, type StoredSignature } from "./state.js";

export interface OracleNodeOptions {
  /** Reads the chain (may be the signer's provider). */
  provider: Provider;
  /** The oracle's key: attests, signs, disputes and finalizes. */
  signer: Signer;
  /** Contract addresses: `{contracts: {AttributionOracle, InferencePayments, ModelRegistry, DatanetRegistry, OpenStaking, ...}}`. */
  deployment: DeploymentAddresses;
  /** Where contributions, manifests, cards and logs are read and the attribution data is published. */
  store: ContentStore;
  /** Root of the state directory; the node uses `<stateDir>/<chainId>/<oracle address>/`. */
  stateDir: string;
  /** "attest" (default): attest on chain, no channel between oracles. "sign": sign for a transmitter. */
  mode?: "attest" | "sign";
  /** Dispute an accepted report that differs from this node's (default true). */
  dispute?: boolean;
  /** Finalize epochs whose challenge window passed (default true). */
  finalize?: boolean;
  /** Account credited with pools nobody can be credited with; default: the treasury read from the chain. */
  fallbackAccount?: string;
  /** First epoch of the cumulative totals (default 0, the payments' first epoch). */
  startEpoch?: bigint;
  /** First block scanned for events (the deployment block) and blocks per log query. */
  fromBlock?: number;
  chunkSize?: number;
  /** Blocks the node stays behind the head: it reads the chain at the head minus this (default 0, the head). */
  confirmations?: number;
  /**
   * Progress lines (default: none). `event` names lines that are not plain progress (`oracle run --json` prints it
   * as the event): "rpc-stalled", "failed", "recovered", "blocked", "discarded", "refused-to-sign", "waiting",
   * "state-invalid", "transmitted".
   */
  log?: (line: string, event?: string) => void;
  /**
   * Changes the gathered inputs before computing. For simulations and tests of faulty oracles only: a node whose
   * inputs differ from everyone else's reports something else and gets disputed and slashed.
   */
  transformInput?: (input: EpochInput) => EpochInput;
  /** Sign mode: also write each signed report to this shared directory (`<dir>/<epoch>/<oracle>.json`). */
  signaturesDir?: string;
  /**
   * Transmitter role (sign mode): collect signatures of this node's report from these sources at every pass and
   * submit them once their oracle stake reaches the quorum (decision 0483).
   */
  transmitFrom?: SignatureSource[];
}

/** An epoch as this node computed and published it. */
export interface ComputedEpoch {
  epoch: bigint;
  report: AttributionReport;
  reportHash: string;
  dataURI: string;
  cumulative: Map<string, bigint>;
  /** Path of `proofs/<epoch>.json` under the state directory. */
  proofsFile: string;
}

export type EpochAction =
  | "not-open" // reports for the epoch are not accepted yet
  | "finalized" // the epoch is finalized or skipped on chain
  | "attested"
  | "already-attested"
  | "signed"
  | "not-an-oracle" // no oracle stake at the epoch's snapshot
  | "own-report-rejected" // an upheld dispute rejected this node's report, and recomputing gives it again
  | "agrees" // the accepted report is this node's
  | "disputed"
  | "dispute-pending"
  | "cannot-dispute" // the window is over, or the bond is not available
  | "own-report-discarded" // finalization discarded this node's report, and recomputing gives it again
  | "refused-to-sign" // sign mode: this oracle already signed another report for the epoch
  | "waiting"; // nothing to do now

export interface EpochRun {
  epoch: bigint;
  action: EpochAction;
  status: EpochStatusName;
  report?: AttributionReport;
  reportHash?: string;
  signature?: string;
  /** Other reports that gathered weight in the epoch's current round (hash => oracles), if any. */
  competing?: Map<string, string[]>;
}

export interface TickResult {
  runs: EpochRun[];
  finalized: bigint[];
  /** Why the tick stopped early (content not available yet), if it did. */
  stalled?: string;
  /** Epochs whose reports are open but that the contract accepts no report for yet (32 pending epochs at most). */
  blocked?: { from: bigint; to: bigint };
}

/** What the node exposes to operators (the metrics endpoint, docs/oracle.md). Epochs are -1 until known. */
export interface NodeMetrics {
  /** Highest epoch computed (or read from the state) this run. */
  lastComputedEpoch: bigint;
  /** Highest epoch attested (attest mode) or signed (sign mode) this run. */
  lastReportedEpoch: bigint;
  /** The chain's last finalized epoch (nextEpoch - 1). */
  lastFinalizedEpoch: bigint;
  /** Epochs whose reports are open and not finalized (the chain's lag). */
  pendingEpochs: bigint;
  /** Epochs the 32-pending-epochs limit holds back. */
  blockedEpochs: bigint;
  /** Passes that failed on an RPC error (timeouts, refused connections), and failed passes in a row now. */
  rpcErrors: number;
  consecutiveFailures: number;
  /** Passes completed, and the unix time (s) of the last one. */
  ticks: number;
  lastTickTime: number;
}

/** AttributionOracle.MAX_PENDING_EPOCHS: reports are accepted for epochs in [nextEpoch, nextEpoch + 32). */
export const MAX_PENDING_EPOCHS = 32n;

/** An RPC that did not answer (timeout, refused or reset connection, gateway error), as opposed to a node bug. */
export function isRpcFailure(e: unknown): boolean {
  const error = e as { code?: unknown; message?: unknown; cause?: unknown } | null;
  if (error === null || typeof error !== "object") return false;
  const code = String(error.code ?? "");
  const message = String(error.message ?? "");
  if (["TIMEOUT", "NETWORK_ERROR", "SERVER_ERROR", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT"].includes(code))
    return true;
  if (/timeout|timed out|ECONNREFUSED|ECONNRESET|socket hang up|fetch failed|HHE7\d\d/i.test(message)) return true;
  return error.cause !== undefined && error.cause !== e && isRpcFailure(error.cause);
}

/** Whether two reports pay the same: rewards root, cumulative total and attribution root (the data URI may differ). */
export function sameOutcome(a: AttributionReport, b: AttributionReport): boolean {
  return (
    a.epoch === b.epoch &&
    a.cumulativeRewardsRoot.toLowerCase() === b.cumulativeRewardsRoot.toLowerCase() &&
    a.cumulativeTotal === b.cumulativeTotal &&
    a.attributionRoot.toLowerCase() === b.attributionRoot.toLowerCase()
  );
}

/** Every protocol error (the kernel's combined errors ABI): the oracle's, the court's and what they call into. */
const ORACLE_ERRORS = new Interface(openLedgerErrorsAbi as unknown as InterfaceAbi);

/**
 * The custom error a call reverted with: ethers decodes it into `.revert` on most providers, but some (Hardhat's
 * in-process chain among them) only return the raw `.data`, which is decoded here against the oracle's errors.
 */
function revertName(e: unknown): string | undefined {
  const error = e as { revert?: { name?: string }; data?: unknown };
  if (error.revert?.name !== undefined) return error.revert.name;
  if (typeof error.data !== "string" || !error.data.startsWith("0x")) return undefined;
  try {
    return ORACLE_ERRORS.parseError(error.data)?.name;
  } catch {
    return undefined;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done);
  });
}

export class OracleNode {
  readonly chain: ChainFollower;
  private readonly options: OracleNodeOptions;
  private readonly cache: InputCache = newInputCache();
  private readonly log: (line: string, event?: string) => void;
  private initialized:
    Promise<{ state: OracleState; address: string; chainId: bigint; oracle: Contract; disputes: Contract }> | undefined;
  private binding: ChainBinding | undefined;
  private lockHeld: StateLock | undefined;
  /** Epochs whose discarded report was already explained in the log (said once, not at every pass). */
  private readonly toldDiscarded = new Set<bigint>();
  private toldBlocked: string | undefined;
  /** Per epoch, the last quorum progress the transmitter logged (said when it changes). */
  private readonly toldProgress = new Map<bigint, string>();
  readonly metrics: NodeMetrics = {
    lastComputedEpoch: -1n,
    lastReportedEpoch: -1n,
    lastFinalizedEpoch: -1n,
    pendingEpochs: 0n,
    blockedEpochs: 0n,
    rpcErrors: 0,
    consecutiveFailures: 0,
    ticks: 0,
    lastTickTime: 0,
  };

  constructor(options: OracleNodeOptions) {
    this.options = options;
    this.log = options.log ?? (() => undefined);
    this.chain = new ChainFollower(options.provider, options.deployment, {
      fromBlock: options.fromBlock,
      chunkSize: options.chunkSize,
      confirmations: options.confirmations,
      onReorg: (block) => {
        this.log(`chain reorganized below block ${block}; rescanning`);
        // Datanet versions as read from the chain may have changed; contents are keyed by their hash and stay.
        this.cache.versions.clear();
      },
    });
  }

  private init() {
    this.initialized ??= this.initialize().catch((e: unknown) => {
      this.initialized = undefined; // a failed start (RPC down) is retried at the next call
      throw e;
    });
    return this.initialized;
  }

  private async initialize() {
    const [network, address] = await Promise.all([
      this.options.provider.getNetwork(),
      this.options.signer.getAddress(),
    ]);
    const state = new OracleState(this.options.stateDir, network.chainId, address, (line) =>
      this.log(`state: ${line}`, "state-invalid"),
    );
    const oracleAddress = await this.chain.oracle.getAddress();
    // Bind the state to this chain (decision 0480): refuse a state directory built on another chain or deployment.
    const actual = await readChainBinding(this.options.provider, oracleAddress, this.options.fromBlock ?? 0);
    const recorded = await state.readBinding();
    if (recorded === null) await state.writeBinding(actual);
    else {
      const difference = bindingDifference(recorded, actual);
      if (difference !== undefined) {
        throw new ChainMismatchError(
          `the state directory ${state.dir} was built on another chain or deployment (this one has ${difference}): ` +
            "remove it or pass another --state",
        );
      }
    }
    this.binding = recorded ?? actual;
    return {
      state,
      address,
      chainId: network.chainId,
      oracle: new Contract(oracleAddress, ORACLE_ABI, this.options.signer),
      disputes: new Contract(await this.chain.disputes.getAddress(), DISPUTES_ABI, this.options.signer),
    };
  }

  /** Fixes a new view of the chain and checks the chain is still the one the state is bound to. */
  private async refresh(): Promise<void> {
    await this.init();
    await this.chain.refreshHead();
    await checkChainBinding(this.options.provider, this.binding as ChainBinding);
  }

  /**
   * Takes the state directory's lock (one process per oracle state, decision 0481) and removes the temporary files a
   * crash left there. StateLockedError when another live process holds it. `unlock()` releases it.
   */
  async lock(): Promise<void> {
    const { state } = await this.init();
    if (this.lockHeld !== undefined) return;
    this.lockHeld = await lockStateDirectory(state.dir);
    const removed = await state.removeTemporaryFiles();
    if (removed.length > 0) this.log(`removed ${removed.length} temporary file(s) a crash left in ${state.dir}`);
    const store = this.options.store as { removeTemporaryFiles?: (olderThanMs: number) => Promise<string[]> };
    if (typeof store.removeTemporaryFiles === "function") {
      const old = await store.removeTemporaryFiles(3_600_000);
      if (old.length > 0) this.log(`removed ${old.length} temporary file(s) older than an hour from the content store`);
    }
  }

  async unlock(): Promise<void> {
    await this.lockHeld?.release();
    this.lockHeld = undefined;
  }

  /** The oracle's address. */
  async address(): Promise<string> {
    return (await this.init()).address;
  }

  /** The state directory of this (chain, oracle). */
  async stateDirectory(): Promise<string> {
    return (await this.init()).state.dir;
  }

  // -------------------------------------------------------------------------------------------------- compute

  private async fromStored(stored: StoredEpoch, state: OracleState): Promise<ComputedEpoch> {
    return {
      epoch: stored.epoch,
      report: stored.report,
      reportHash: stored.reportHash,
      dataURI: stored.report.dataURI,
      cumulative: stored.cumulative,
      proofsFile: state.proofsFile(stored.epoch),
    };
  }

  /** Runs the pipeline for `epoch` on the cumulative amounts of `epoch - 1`; publishes; records the state. */
  private async computeOne(epoch: bigint, previous: ReadonlyMap<string, bigint>): Promise<ComputedEpoch> {
    const { state } = await this.init();
    let input = await gatherEpochInput(this.chain, this.options.store, epoch, previous, {
      fallbackAccount: this.options.fallbackAccount,
      cache: this.cache,
    });
    if (this.options.transformInput) input = this.options.transformInput(input);
    const result: EpochResult = computeEpoch(input);
    // Publish first, then the proofs, then the epoch file (the "done" marker), so a crash leaves nothing half-done.
    const stored = await this.options.store.put(result.data);
    const dataURI = contentUri(stored);
    const report = toReport(result, dataURI);
    await state.writeProofs(epoch, proofsDocument(result));
    const record: StoredEpoch = {
      epoch,
      report,
      reportHash: reportHash(report),
      dataHash: contentHash(result.data),
      cumulative: result.cumulative,
    };
    await state.writeEpoch(record);
    this.log(
      `epoch ${epoch}: ${result.models.length} model(s) with a pool, total ${result.cumulativeTotal}, ` +
        `report ${record.reportHash}`,
    );
    if (epoch > this.metrics.lastComputedEpoch) this.metrics.lastComputedEpoch = epoch;
    return this.fromStored(record, state);
  }

  /**
   * This node's report for `epoch`, computed (with every earlier epoch it needs) or read from the state. With
   * `fresh`, `epoch` itself is recomputed even if stored (and the stored record replaced; nothing is signed).
   */
  async computeEpoch(epoch: bigint, fresh = false): Promise<ComputedEpoch> {
    await this.refresh();
    return this.compute(epoch, fresh);
  }

  private async compute(epoch: bigint, fresh = false): Promise<ComputedEpoch> {
    const { state } = await this.init();
    const start = this.options.startEpoch ?? 0n;
    if (epoch < start) throw new Error(`epoch ${epoch} is before the start epoch ${start}`);
    await this.settleFinalized(epoch);
    if (!fresh) {
      const stored = await state.readEpoch(epoch);
      if (stored !== null && (await this.publishedIntact(stored))) {
        if (epoch > this.metrics.lastComputedEpoch) this.metrics.lastComputedEpoch = epoch;
        return this.fromStored(stored, state);
      }
    }
    return this.computeForward(epoch);
  }

  /**
   * Whether the data document a record points to is in the store with the recorded hash. When it is missing or
   * altered, the epoch is recomputed, which publishes it again (the store rewrites a file that fails its hash).
   */
  private async publishedIntact(stored: StoredEpoch): Promise<boolean> {
    if (stored.adopted !== undefined) return true; // another oracle's document, checked against the chain on adoption
    try {
      const { hash } = parseContentUri(stored.report.dataURI);
      if (hash !== stored.dataHash.toLowerCase()) return false;
      await fetchVerified(this.options.store, stored.report.dataURI);
      return true;
    } catch (e) {
      if (!(e instanceof ContentUnavailableError) && !(e instanceof FormatError)) throw e;
      this.log(`epoch ${stored.epoch}: my published data is unusable (${e.message}); recomputing and publishing again`);
      return false;
    }
  }

  /**
   * Computes `epoch` on the latest stored epoch below it (or from the start epoch), computing every epoch in between.
   * Skipped epochs are computed like the others, so their pools are in the cumulative amounts of the next report.
   */
  private async computeForward(epoch: bigint): Promise<ComputedEpoch> {
    const { state } = await this.init();
    const start = this.options.startEpoch ?? 0n;
    let from = epoch;
    let previous: ReadonlyMap<string, bigint> = new Map();
    while (from > start) {
      const stored = await state.readEpoch(from - 1n);
      if (stored !== null) {
        previous = stored.cumulative;
        break;
      }
      from--;
    }
    let computed: ComputedEpoch | undefined;
    for (let e = from; e <= epoch; e++) {
      computed = await this.computeOne(e, previous);
      previous = computed.cumulative;
    }
    return computed as ComputedEpoch;
  }

  /**
   * Makes the base of `epoch` agree with the chain (decision 0404). Finds the last epoch below it the chain finalized
   * (a skipped epoch is not finalized: the node computes it forward, on the finalized one below); if this node's
   * record of that epoch (computed now if it has none) has another rewards root or total, adopts the finalized report
   * and forgets every record above it. Records above a finalized epoch whose record agrees rest on it and stay. Reads
   * cached events only, and a data document only when the roots differ.
   */
  private async settleFinalized(epoch: bigint): Promise<void> {
    const { state } = await this.init();
    const start = this.options.startEpoch ?? 0n;
    const below = (await this.chain.finalizedEpochs()).filter((e) => e >= start && e < epoch);
    if (below.length === 0) return;
    const last = below[below.length - 1];
    const finalized = await this.chain.finalizedReport(last);
    if (finalized === null) throw new Error(`epoch ${last}: finalized, but its report was not found`);
    let mine = await state.readEpoch(last);
    if (mine === null) {
      await this.computeForward(last);
      mine = await state.readEpoch(last);
      if (mine === null) throw new Error(`epoch ${last}: computed but not stored`);
    }
    if (
      mine.report.cumulativeRewardsRoot.toLowerCase() === finalized.cumulativeRewardsRoot &&
      mine.report.cumulativeTotal === finalized.cumulativeTotal
    ) {
      return;
    }
    await this.adopt(finalized, mine.report.cumulativeRewardsRoot.toLowerCase());
  }

  /**
   * Takes over the finalized report of an epoch: reads its data document, rebuilds the cumulative rewards tree from
   * its amounts and checks root and total against the chain's. Then forgets every record above the epoch (a crash
   * right after leaves the old record, which differs from the chain: the next call adopts again) and writes the
   * proofs and the record, marked adopted. ContentUnavailableError when the document cannot be read or does not
   * rebuild the chain's root and total: the node computes nothing on top of it.
   */
  private async adopt(finalized: FinalizedReport, mineRoot: string): Promise<void> {
    const { state } = await this.init();
    const { epoch, kind, dataURI } = finalized;
    const what = `epoch ${epoch}: cannot adopt the finalized (${kind}) report ${finalized.cumulativeRewardsRoot}`;
    let hash: string;
    let data: AttributionData;
    if (dataURI === "") throw new ContentUnavailableError(`${what}: the chain does not say where its data is`);
    try {
      hash = parseContentUri(dataURI).hash;
      data = parseAttributionData(await fetchVerified(this.options.store, dataURI), `its data ${dataURI}`);
    } catch (e) {
      if (e instanceof FormatError || e instanceof ContentUnavailableError) {
        throw new ContentUnavailableError(`${what}: ${e.message}`);
      }
      throw e;
    }
    const tree = data.cumulative.size > 0 ? buildRewardsTree(data.cumulative) : null;
    const root = tree ? tree.root.toLowerCase() : ZeroHash;
    const total = tree ? tree.total : 0n;
    if (
      data.epoch !== epoch ||
      root !== finalized.cumulativeRewardsRoot ||
      total !== finalized.cumulativeTotal ||
      data.cumulativeRewardsRoot !== root ||
      data.cumulativeTotal !== total
    ) {
      throw new ContentUnavailableError(
        `${what}: its data ${dataURI} (epoch ${data.epoch}) rebuilds the root ${root} and the total ${total}, ` +
          `not the chain's ${finalized.cumulativeRewardsRoot} and ${finalized.cumulativeTotal}`,
      );
    }
    const forgotten = await state.forgetEpochsAbove(epoch);
    const report: AttributionReport = {
      epoch,
      cumulativeRewardsRoot: root,
      cumulativeTotal: total,
      attributionRoot: finalized.attributionRoot,
      dataURI,
    };
    const proofs = new Map<string, { amount: bigint; proof: string[] }>();
    if (tree) for (const e of tree.entries()) proofs.set(e.account, { amount: e.cumulativeAmount, proof: e.proof });
    await state.writeProofs(epoch, canonicalBytes(proofs));
    await state.writeEpoch({
      epoch,
      report,
      reportHash: reportHash(report),
      dataHash: hash,
      cumulative: data.cumulative,
      adopted: kind,
    });
    this.log(`epoch ${epoch}: adopted the finalized report ${root} (mine was ${mineRoot})`);
    if (forgotten.length > 0) {
      this.log(`epoch ${epoch}: forgot my records of epoch(s) ${forgotten.join(", ")}, computed on my own report`);
    }
  }

  // -------------------------------------------------------------------------------------------------- act

  /** Sends a transaction; returns the custom error it reverted with, if any. Then fixes the view again. */
  private async send(what: string, call: () => Promise<{ wait(): Promise<unknown> }>): Promise<string | undefined> {
    let reverted: string | undefined;
    try {
      const tx = await call();
      await tx.wait();
    } catch (e) {
      reverted = revertName(e);
      if (reverted === undefined) throw e;
      this.log(`${what}: reverted with ${reverted}`);
    }
    await this.refresh();
    return reverted;
  }

  /**
   * Does `epoch` once: compute and publish, then attest (or sign), or check the accepted report and dispute it if it
   * differs. Idempotent: calling it again does nothing new.
   */
  async runEpoch(epoch: bigint): Promise<EpochRun> {
    await this.refresh();
    return this.run(epoch);
  }

  private async run(epoch: bigint): Promise<EpochRun> {
    const { state, address, oracle } = await this.init();
    const next = await this.chain.nextEpoch();
    if (epoch < next) return { epoch, action: "finalized", status: (await this.chain.epochState(epoch)).status };
    const now = await this.chain.now();
    if (now < (await this.chain.reportsOpenAt(epoch))) return { epoch, action: "not-open", status: "Open" };

    let mine = await this.compute(epoch);
    const chainState = await this.chain.epochState(epoch);
    const base = { epoch, status: chainState.status, report: mine.report, reportHash: mine.reportHash };
    if (chainState.status !== "Open") return { ...base, ...(await this.checkAccepted(epoch, mine)) };

    const rejected = await this.chain.rejectedRoots(epoch);
    if (rejected.has(mine.report.cumulativeRewardsRoot.toLowerCase())) {
      this.log(`epoch ${epoch}: my report was rejected by an upheld dispute; recomputing`);
      await state.forgetEpoch(epoch);
      mine = await this.compute(epoch, true);
      if (rejected.has(mine.report.cumulativeRewardsRoot.toLowerCase())) {
        this.log(`epoch ${epoch}: recomputing gives the rejected report again; not reporting`);
        return { ...base, report: mine.report, reportHash: mine.reportHash, action: "own-report-rejected" };
      }
    }
    if (await this.wasDiscarded(epoch, mine)) {
      await state.forgetEpoch(epoch);
      mine = await this.compute(epoch, true);
      if (await this.wasDiscarded(epoch, mine)) {
        await this.tellDiscarded(epoch, mine);
        return { ...base, report: mine.report, reportHash: mine.reportHash, action: "own-report-discarded" };
      }
    }
    const current = { ...base, report: mine.report, reportHash: mine.reportHash };
    if ((await this.chain.oracleWeight(address, epoch)) === 0n) return { ...current, action: "not-an-oracle" };

    if ((this.options.mode ?? "attest") === "sign") {
      const signature = await this.sign(epoch, mine);
      if (signature === undefined) return { ...current, action: "refused-to-sign" };
      if (epoch > this.metrics.lastReportedEpoch) this.metrics.lastReportedEpoch = epoch;
      return { ...current, action: "signed", signature };
    }
    if (await this.chain.hasAttested(address, epoch, chainState.round))
      return { ...current, action: "already-attested" };
    const failed = await this.send(`attest epoch ${epoch}`, () => oracle.attest(mine.report));
    if (failed === "AttributionUnexpectedStatus") {
      // Another report reached quorum first (race): check it instead.
      return {
        ...current,
        status: (await this.chain.epochState(epoch)).status,
        ...(await this.checkAccepted(epoch, mine)),
      };
    }
    if (failed === "AttributionAlreadyAttested") return { ...current, action: "already-attested" };
    if (failed !== undefined) throw new Error(`attest epoch ${epoch} reverted with ${failed}`);
    this.log(`epoch ${epoch}: attested ${mine.reportHash} in round ${chainState.round}`);
    if (epoch > this.metrics.lastReportedEpoch) this.metrics.lastReportedEpoch = epoch;
    const after = await this.chain.epochState(epoch);
    return {
      ...current,
      status: after.status,
      action: "attested",
      ...(await this.competing(epoch, after.round, mine)),
    };
  }

  /** Whether finalization discarded a report paying what `mine` pays (ReportDiscarded: same root and total). */
  private async wasDiscarded(epoch: bigint, mine: ComputedEpoch): Promise<boolean> {
    const root = mine.report.cumulativeRewardsRoot.toLowerCase();
    return (await this.chain.events(this.chain.oracle, "ReportDiscarded", epoch)).some(
      (log) =>
        (log.args.cumulativeRewardsRoot as string).toLowerCase() === root &&
        BigInt(log.args.cumulativeTotal) === mine.report.cumulativeTotal,
    );
  }

  /** Why `finalize` discards a report of total `total`, in words (the contract's two rules, decision 0231). */
  private async discardReason(total: bigint): Promise<string> {
    const at = { blockTag: (await this.chain.viewBlock()).number };
    const [funded, lastFinalized] = await Promise.all([
      this.chain.totalAttributionFunded(),
      this.chain.oracle.lastFinalizedTotal(at).then((v: bigint) => BigInt(v)),
    ]);
    if (total > funded) return `its total ${total} is above the ${funded} ever paid into attribution pools`;
    if (total < lastFinalized) return `its total ${total} is below the last finalized total ${lastFinalized}`;
    return `its total ${total} was out of bounds when it was finalized`;
  }

  private async tellDiscarded(epoch: bigint, mine: ComputedEpoch): Promise<void> {
    if (this.toldDiscarded.has(epoch)) return;
    this.toldDiscarded.add(epoch);
    this.log(
      `epoch ${epoch}: my report ${mine.reportHash} was discarded at finalization (${await this.discardReason(
        mine.report.cumulativeTotal,
      )}) and recomputing gives it again: not backing it again. Check this node's inputs and state directory; ` +
        "the epoch stays open until oracles agree on another report or governance skips or forces it",
      "discarded",
    );
  }

  /** Reports other than this node's that gathered weight in `round` (logged; they matter once one is accepted). */
  private async competing(epoch: bigint, round: number, mine: ComputedEpoch) {
    const others = new Map<string, string[]>();
    for (const [hash, { oracles, weight }] of await this.chain.reportsInRound(epoch, round)) {
      if (hash === mine.reportHash.toLowerCase()) continue;
      others.set(hash, oracles);
      this.log(`epoch ${epoch}: ${oracles.join(", ")} attested another report ${hash} (weight ${weight})`);
    }
    return others.size > 0 ? { competing: others } : {};
  }

  /**
   * Signs this node's report of `epoch`: never a second, different one unless the first was rejected by an upheld
   * dispute or discarded at finalization (the contract lets its signers sign the next one). Undefined when it refuses.
   */
  private async sign(epoch: bigint, mine: ComputedEpoch): Promise<string | undefined> {
    const { state, chainId } = await this.init();
    const previous = await state.readSignature(epoch);
    if (previous !== null) {
      if (previous.reportHash === mine.reportHash) {
        // Shared again if the directory lacks it (a restart with --signatures added, a cleaned directory).
        if (this.options.signaturesDir !== undefined) {
          const file = signatureFile(this.options.signaturesDir, epoch, await this.address());
          if (
            !(await stat(file).then(
              () => true,
              () => false,
            ))
          ) {
            await publishSignature(this.options.signaturesDir, await this.address(), {
              report: previous.report,
              signature: previous.signature,
            });
            this.log(`epoch ${epoch}: signature written to ${file}`);
          }
        }
        return previous.signature;
      }
      const rejected = await this.chain.rejectedRoots(epoch);
      const prior = { ...mine, report: previous.report, reportHash: previous.reportHash };
      if (
        !rejected.has(previous.report.cumulativeRewardsRoot.toLowerCase()) &&
        !(await this.wasDiscarded(epoch, prior))
      ) {
        // E.g. the node signed on its own record of an earlier epoch and then adopted the report the chain
        // finalized for it instead (decision 0404): it stays out of this epoch rather than equivocate.
        this.log(
          `epoch ${epoch}: not signing ${mine.reportHash}: I already signed ${previous.reportHash} for this epoch and ` +
            "two signatures for one epoch are slashable; the epoch needs the other oracles (or governance)",
          "refused-to-sign",
        );
        return undefined;
      }
    }
    const domain = attributionOracleDomain(chainId, await this.chain.oracle.getAddress());
    const signature = await signReport(this.options.signer, domain, mine.report);
    await state.writeSignature({ epoch, reportHash: mine.reportHash, report: mine.report, signature });
    this.log(`epoch ${epoch}: signed ${mine.reportHash}`);
    if (this.options.signaturesDir !== undefined) {
      const file = await publishSignature(this.options.signaturesDir, await this.address(), {
        report: mine.report,
        signature,
      });
      this.log(`epoch ${epoch}: signature written to ${file}`);
    }
    return signature;
  }

  /** The report this oracle signed for `epoch` (sign mode), or null: what the loopback endpoint serves. */
  async signatureOf(epoch: bigint): Promise<StoredSignature | null> {
    const { state } = await this.init();
    return state.readSignature(epoch);
  }

  /**
   * Transmitter: collects the signatures of this node's report of `epoch` from `sources` (plus its own), keeps those
   * that recover to an oracle with stake at the epoch's snapshot, and submits them once their weight reaches the
   * quorum. Returns true when it submitted.
   */
  async collectAndTransmit(epoch: bigint, sources: SignatureSource[], own?: string): Promise<boolean> {
    const { chainId, address } = await this.init();
    if ((await this.chain.epochState(epoch)).status !== "Open") return false;
    const mine = await this.compute(epoch);
    const domain = attributionOracleDomain(chainId, await this.chain.oracle.getAddress());
    const bySigner = new Map<string, string>();
    if (own !== undefined) bySigner.set(address, own);
    for (const source of sources) {
      const found = await source.collect(epoch, (line) => this.log(`epoch ${epoch}: ${source.name}: ${line}`));
      for (const signed of found) {
        if (reportHash(signed.report) !== mine.reportHash) continue; // another report: not this transmitter's
        let signer: string;
        try {
          signer = recoverReportSigner(domain, mine.report, signed.signature);
        } catch {
          continue;
        }
        bySigner.set(signer, signed.signature);
      }
    }
    let weight = 0n;
    const counted: SignedBy[] = [];
    for (const [signer, signature] of bySigner) {
      const w = await this.chain.oracleWeight(signer, epoch);
      if (w === 0n) continue;
      weight += w;
      counted.push({ signer, signature });
    }
    const snapshot = (await this.chain.epochEnd(epoch)) - 1n;
    const at = { blockTag: (await this.chain.viewBlock()).number };
    const [total, parameters] = await Promise.all([
      this.chain.staking.getPastTotalOracleStake(snapshot, at).then((v: bigint) => BigInt(v)),
      this.chain.oracle.parameters(at),
    ]);
    const quorumBps = BigInt(parameters.quorumBps);
    const progress = `${counted.length} signature(s) of my report ${mine.reportHash}, weight ${weight} of ${total}`;
    if (total === 0n || weight * 10_000n < total * quorumBps) {
      if (this.toldProgress.get(epoch) !== progress) {
        this.log(`epoch ${epoch}: collected ${progress}; the quorum needs ${quorumBps / 100n}%: waiting`);
        this.toldProgress.set(epoch, progress);
      }
      return false;
    }
    this.log(`epoch ${epoch}: collected ${progress}: quorum reached, submitting`);
    return this.transmit(epoch, counted);
  }

  /**
   * Transmitter: submits this node's report of `epoch` with signatures collected from oracles (checked against the
   * report and ordered by signer). Returns false if the epoch is no longer open.
   */
  async transmit(epoch: bigint, signatures: SignedBy[]): Promise<boolean> {
    const { chainId, oracle } = await this.init();
    await this.refresh();
    const mine = await this.compute(epoch);
    const domain = attributionOracleDomain(chainId, await this.chain.oracle.getAddress());
    const ordered = orderSignatures(domain, mine.report, signatures);
    if ((await this.chain.epochState(epoch)).status !== "Open") return false;
    const failed = await this.send(`submit epoch ${epoch}`, () => oracle.submit(mine.report, ordered));
    if (failed === "AttributionUnexpectedStatus") return false;
    if (failed !== undefined) throw new Error(`submit epoch ${epoch} reverted with ${failed}`);
    this.log(`epoch ${epoch}: submitted ${mine.reportHash} with ${ordered.length} signature(s)`, "transmitted");
    return true;
  }

  /**
   * Compares the accepted report of `epoch` with this node's; disputes it when it pays differently. Before posting
   * the bond, the node recomputes its report from fresh inputs (its stored one may rest on inputs a reorganization
   * changed since) and disputes only if the fresh report still pays differently. Returns the report compared last.
   */
  private async checkAccepted(
    epoch: bigint,
    mine: ComputedEpoch,
  ): Promise<{ action: EpochAction; report: AttributionReport; reportHash: string }> {
    const outcome = (action: EpochAction, computed: ComputedEpoch) => ({
      action,
      report: computed.report,
      reportHash: computed.reportHash,
    });
    const first = await this.compareAccepted(epoch, mine);
    if (first !== "differs") return outcome(first, mine);
    await this.refresh();
    const fresh = await this.compute(epoch, true);
    const second = await this.compareAccepted(epoch, fresh);
    if (second === "agrees") {
      this.log(
        `epoch ${epoch}: recomputed from fresh inputs, my report ${fresh.reportHash} agrees with the accepted one ` +
          `(the stored ${mine.reportHash} did not): not disputing`,
      );
    }
    if (second !== "differs") return outcome(second, fresh);
    return outcome((await this.openDispute(epoch)) ? "disputed" : "cannot-dispute", fresh);
  }

  /** "differs" when the accepted report pays differently from `mine` and may be disputed now. */
  private async compareAccepted(epoch: bigint, mine: ComputedEpoch): Promise<EpochAction | "differs"> {
    const chainState = await this.chain.epochState(epoch);
    if (chainState.status === "Disputed") return "dispute-pending";
    const accepted = await this.chain.currentAccepted(epoch);
    if (accepted === null) return "waiting";
    if (sameOutcome(accepted.report, mine.report)) return "agrees";
    this.log(`epoch ${epoch}: accepted report ${accepted.reportHash} differs from mine ${mine.reportHash}`);
    if (chainState.status !== "Accepted" || this.options.dispute === false) return "cannot-dispute";
    const timing = await this.chain.timing();
    if ((await this.chain.now()) >= chainState.since + timing.challengeWindow) return "cannot-dispute";
    return "differs";
  }

  private async openDispute(epoch: bigint): Promise<boolean> {
    const { address, disputes } = await this.init();
    // The court's bond for this epoch (it doubles after each dispute of the epoch that nobody ruled).
    const disputeBond = BigInt(await disputes.bondFor(epoch));
    const asset = new Contract(this.chain.assetAddress(), ERC20_ABI, this.options.signer);
    const courtAddress = await disputes.getAddress();
    if (BigInt(await asset.balanceOf(address)) < disputeBond) {
      this.log(`epoch ${epoch}: cannot dispute, the bond of ${disputeBond} exceeds my balance`);
      return false;
    }
    if (BigInt(await asset.allowance(address, courtAddress)) < disputeBond) {
      await (await asset.approve(courtAddress, disputeBond)).wait();
    }
    const failed = await this.send(`dispute epoch ${epoch}`, () => disputes.dispute(epoch));
    if (failed !== undefined) return false;
    this.log(`epoch ${epoch}: disputed the accepted report (bond ${disputeBond})`);
    return true;
  }

  /**
   * Finalizes `epoch` if it is the next one and its window passed (or its dispute was rejected), and only when the
   * accepted report is this node's (a wrong one should have been disputed, not pushed live). Returns true if done.
   */
  async finalize(epoch: bigint): Promise<boolean> {
    await this.refresh();
    return this.finalizeOne(epoch);
  }

  private async finalizeOne(epoch: bigint): Promise<boolean> {
    const { oracle } = await this.init();
    if ((await this.chain.nextEpoch()) !== epoch) return false;
    const chainState = await this.chain.epochState(epoch);
    if (chainState.status === "Accepted") {
      const timing = await this.chain.timing();
      if ((await this.chain.now()) < chainState.since + timing.challengeWindow) return false;
      const accepted = await this.chain.currentAccepted(epoch);
      const mine = await this.compute(epoch);
      if (accepted === null || !sameOutcome(accepted.report, mine.report)) return false;
    } else if (chainState.status !== "Confirmed") {
      return false;
    }
    const accepted = await this.chain.currentAccepted(epoch);
    // `finalize` takes the accepted report itself (its hash is checked on chain), so that it can keep the data URI.
    if (accepted === null) return false;
    const failed = await this.send(`finalize epoch ${epoch}`, () => oracle.finalize(accepted.report));
    if (failed !== undefined) return false;
    const after = await this.chain.epochState(epoch);
    if (after.status === "Open") {
      // ReportDiscarded: the contract refused to make the report live and reopened the epoch in a new round.
      const total = accepted.report.cumulativeTotal;
      this.log(
        `epoch ${epoch}: finalize discarded the accepted report ${accepted.reportHash} (` +
          `${await this.discardReason(total)}); the epoch reopened in round ` +
          `${after.round} and this node will not back that report again`,
        "discarded",
      );
      this.toldDiscarded.add(epoch);
      return false;
    }
    this.log(`epoch ${epoch}: finalized`);
    return true;
  }

  // -------------------------------------------------------------------------------------------------- loop

  /** One pass: every reportable epoch from the next unfinalized one, then finalization of what can be. */
  async tick(): Promise<TickResult> {
    const result: TickResult = { runs: [], finalized: [] };
    this.chain.refreshParameters(); // governance may have changed the log deadline, window or bond
    await this.refresh();
    const next = await this.chain.nextEpoch();
    const last = await this.chain.lastReportableEpoch(await this.chain.now());
    const limit = next + MAX_PENDING_EPOCHS - 1n;
    const until = last < limit ? last : limit;
    this.metrics.lastFinalizedEpoch = next - 1n;
    this.metrics.pendingEpochs = last >= next ? last - next + 1n : 0n;
    this.metrics.blockedEpochs = last > limit ? last - limit : 0n;
    if (last > limit) {
      result.blocked = { from: limit + 1n, to: last };
      const line =
        `epochs ${limit + 1n}..${last} are closed but blocked: the contract accepts reports for at most ` +
        `${MAX_PENDING_EPOCHS} epochs past the last finalized one (next to finalize: ${next}); they are reported ` +
        `once epoch ${next} finalizes (see \`oracle status --epoch ${next}\`)`;
      if (this.toldBlocked !== `${next}:${last}`) this.log(line, "blocked");
      this.toldBlocked = `${next}:${last}`;
    } else if (this.toldBlocked !== undefined) {
      this.toldBlocked = undefined;
      this.log(`no epoch is blocked by the ${MAX_PENDING_EPOCHS}-pending-epochs limit any more`);
    }
    try {
      for (let e = next; e <= until; e++) {
        const run = await this.run(e);
        result.runs.push(run);
        if (this.options.transmitFrom !== undefined && run.action === "signed") {
          await this.collectAndTransmit(e, this.options.transmitFrom, run.signature);
        }
      }
    } catch (e) {
      if (!(e instanceof ContentUnavailableError)) throw e;
      result.stalled = e.message;
      this.log(`waiting for content: ${e.message}`, "waiting");
    }
    if (this.options.finalize !== false) {
      try {
        for (let e = next; await this.finalizeOne(e); e++) result.finalized.push(e);
      } catch (e) {
        if (!(e instanceof ContentUnavailableError)) throw e;
        if (result.stalled === undefined) {
          result.stalled = e.message;
          this.log(`waiting for content: ${e.message}`, "waiting");
        }
      }
    }
    return result;
  }

  /**
   * Runs `tick()` every `intervalMs` (default 15 s) until `signal` aborts. A pass that fails is logged and retried
   * with a growing pause (doubling from the interval up to `maxBackoffMs`, default 5 min), so a stalled or refused RPC
   * is said once per retry, not hammered; the first pass that works again says so and the interval resumes. A chain
   * that is not the state's any more (ChainMismatchError) or a state directory another process holds stops it: the
   * promise rejects with that error.
   */
  async watch(options: { intervalMs?: number; maxBackoffMs?: number; signal?: AbortSignal } = {}): Promise<void> {
    const interval = options.intervalMs ?? 15_000;
    const maxBackoff = Math.max(interval, options.maxBackoffMs ?? 300_000);
    while (!options.signal?.aborted) {
      let pause = interval;
      try {
        await this.tick();
        if (this.metrics.consecutiveFailures > 0) {
          this.log(
            `the chain answers again after ${this.metrics.consecutiveFailures} failed pass(es); resuming`,
            "recovered",
          );
        }
        this.metrics.consecutiveFailures = 0;
        this.metrics.ticks++;
        this.metrics.lastTickTime = Math.floor(Date.now() / 1000);
      } catch (e) {
        if (e instanceof ChainMismatchError || e instanceof StateLockedError) throw e;
        this.metrics.consecutiveFailures++;
        pause = Math.min(maxBackoff, interval * 2 ** Math.min(this.metrics.consecutiveFailures, 20));
        const message = ((e as Error).message ?? String(e)).split("\n")[0];
        if (isRpcFailure(e)) {
          this.metrics.rpcErrors++;
          this.log(`RPC stalled or unreachable (${message}); retrying in ${pause / 1000}s`, "rpc-stalled");
        } else if (e instanceof StateError) {
          this.log(`state: ${message}; retrying in ${pause / 1000}s`, "failed");
        } else {
          this.log(`tick failed: ${message}; retrying in ${pause / 1000}s`, "failed");
        }
      }
      await sleep(pause, options.signal);
    }
  }
}
