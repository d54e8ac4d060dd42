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
 */
import { Contract, Interface, ZeroHash, type Provider, type Signer } from "ethers";

import { attributionOracleDomain, orderSignatures, reportHash, signReport, type SignedBy } from "../protocol/report.js";
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
import { ContentUnavailableError, contentUri, fetchVerified, locationOf, parseContentUri } from "./content.js";
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
import { OracleState, type StoredEpoch } from "./state.js";

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
  /** Progress lines (default: none). */
  log?: (line: string) => void;
  /**
   * Changes the gathered inputs before computing. For simulations and tests of faulty oracles only: a node whose
   * inputs differ from everyone else's reports something else and gets disputed and slashed.
   */
  transformInput?: (input: EpochInput) => EpochInput;
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

const ORACLE_ERRORS = new Interface([...ORACLE_ABI, ...DISPUTES_ABI.filter((f) => f.startsWith("error Disputes"))]);

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
  private readonly log: (line: string) => void;
  private initialized:
    { state: OracleState; address: string; chainId: bigint; oracle: Contract; disputes: Contract } | undefined;

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

  private async init() {
    if (this.initialized === undefined) {
      const [network, address] = await Promise.all([
        this.options.provider.getNetwork(),
        this.options.signer.getAddress(),
      ]);
      this.initialized = {
        state: new OracleState(this.options.stateDir, network.chainId, address),
        address,
        chainId: network.chainId,
        oracle: new Contract(await this.chain.oracle.getAddress(), ORACLE_ABI, this.options.signer),
        disputes: new Contract(await this.chain.disputes.getAddress(), DISPUTES_ABI, this.options.signer),
      };
    }
    return this.initialized;
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
    return this.fromStored(record, state);
  }

  /**
   * This node's report for `epoch`, computed (with every earlier epoch it needs) or read from the state. With
   * `fresh`, `epoch` itself is recomputed even if stored (and the stored record replaced; nothing is signed).
   */
  async computeEpoch(epoch: bigint, fresh = false): Promise<ComputedEpoch> {
    await this.chain.refreshHead();
    return this.compute(epoch, fresh);
  }

  private async compute(epoch: bigint, fresh = false): Promise<ComputedEpoch> {
    const { state } = await this.init();
    const start = this.options.startEpoch ?? 0n;
    if (epoch < start) throw new Error(`epoch ${epoch} is before the start epoch ${start}`);
    await this.settleFinalized(epoch);
    if (!fresh) {
      const stored = await state.readEpoch(epoch);
      if (stored !== null && (await this.options.store.has(locationOf(stored.report.dataURI)))) {
        return this.fromStored(stored, state);
      }
    }
    return this.computeForward(epoch);
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
    await this.chain.refreshHead();
    return reverted;
  }

  /**
   * Does `epoch` once: compute and publish, then attest (or sign), or check the accepted report and dispute it if it
   * differs. Idempotent: calling it again does nothing new.
   */
  async runEpoch(epoch: bigint): Promise<EpochRun> {
    await this.chain.refreshHead();
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
    const current = { ...base, report: mine.report, reportHash: mine.reportHash };
    if ((await this.chain.oracleWeight(address, epoch)) === 0n) return { ...current, action: "not-an-oracle" };

    if ((this.options.mode ?? "attest") === "sign") {
      return { ...current, action: "signed", signature: await this.sign(epoch, mine) };
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
    const after = await this.chain.epochState(epoch);
    return {
      ...current,
      status: after.status,
      action: "attested",
      ...(await this.competing(epoch, after.round, mine)),
    };
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

  /** Signs this node's report of `epoch` (never a second, different one unless the first was rejected on chain). */
  private async sign(epoch: bigint, mine: ComputedEpoch): Promise<string> {
    const { state, chainId } = await this.init();
    const previous = await state.readSignature(epoch);
    if (previous !== null) {
      if (previous.reportHash === mine.reportHash) return previous.signature;
      const rejected = await this.chain.rejectedRoots(epoch);
      if (!rejected.has(previous.report.cumulativeRewardsRoot.toLowerCase())) {
        // E.g. the node signed on its own record of an earlier epoch and then adopted the report the chain
        // finalized for it instead (decision 0404): it stays out of this epoch rather than equivocate.
        this.log(
          `epoch ${epoch}: not signing ${mine.reportHash}: I already signed ${previous.reportHash} for this epoch`,
        );
        throw new Error(
          `epoch ${epoch}: already signed report ${previous.reportHash}; refusing to sign ${mine.reportHash} ` +
            `(two signatures for one epoch are slashable)`,
        );
      }
    }
    const domain = attributionOracleDomain(chainId, await this.chain.oracle.getAddress());
    const signature = await signReport(this.options.signer, domain, mine.report);
    await state.writeSignature({ epoch, reportHash: mine.reportHash, report: mine.report, signature });
    this.log(`epoch ${epoch}: signed ${mine.reportHash}`);
    return signature;
  }

  /**
   * Transmitter: submits this node's report of `epoch` with signatures collected from oracles (checked against the
   * report and ordered by signer). Returns false if the epoch is no longer open.
   */
  async transmit(epoch: bigint, signatures: SignedBy[]): Promise<boolean> {
    const { chainId, oracle } = await this.init();
    await this.chain.refreshHead();
    const mine = await this.compute(epoch);
    const domain = attributionOracleDomain(chainId, await this.chain.oracle.getAddress());
    const ordered = orderSignatures(domain, mine.report, signatures);
    if ((await this.chain.epochState(epoch)).status !== "Open") return false;
    const failed = await this.send(`submit epoch ${epoch}`, () => oracle.submit(mine.report, ordered));
    if (failed === "AttributionUnexpectedStatus") return false;
    if (failed !== undefined) throw new Error(`submit epoch ${epoch} reverted with ${failed}`);
    this.log(`epoch ${epoch}: submitted ${mine.reportHash} with ${ordered.length} signature(s)`);
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
    await this.chain.refreshHead();
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
    await this.chain.refreshHead();
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
    const failed = await this.send(`finalize epoch ${epoch}`, () => oracle.finalize(epoch));
    if (failed !== undefined) return false;
    this.log(`epoch ${epoch}: finalized`);
    return true;
  }

  // -------------------------------------------------------------------------------------------------- loop

  /** One pass: every reportable epoch from the next unfinalized one, then finalization of what can be. */
  async tick(): Promise<TickResult> {
    const result: TickResult = { runs: [], finalized: [] };
    this.chain.refreshParameters(); // governance may have changed the log deadline, window or bond
    await this.chain.refreshHead();
    const next = await this.chain.nextEpoch();
    const last = await this.chain.lastReportableEpoch(await this.chain.now());
    const until = last < next + 31n ? last : next + 31n;
    try {
      for (let e = next; e <= until; e++) result.runs.push(await this.run(e));
    } catch (e) {
      if (!(e instanceof ContentUnavailableError)) throw e;
      result.stalled = e.message;
      this.log(`waiting for content: ${e.message}`);
    }
    if (this.options.finalize !== false) {
      try {
        for (let e = next; await this.finalizeOne(e); e++) result.finalized.push(e);
      } catch (e) {
        if (!(e instanceof ContentUnavailableError)) throw e;
        if (result.stalled === undefined) {
          result.stalled = e.message;
          this.log(`waiting for content: ${e.message}`);
        }
      }
    }
    return result;
  }

  /** Runs `tick()` every `intervalMs` (default 15 s) until `signal` aborts; errors are logged, not fatal. */
  async watch(options: { intervalMs?: number; signal?: AbortSignal } = {}): Promise<void> {
    const interval = options.intervalMs ?? 15_000;
    while (!options.signal?.aborted) {
      try {
        await this.tick();
      } catch (e) {
        this.log(`tick failed: ${(e as Error).message}`);
      }
      await sleep(interval, options.signal);
    }
  }
}
