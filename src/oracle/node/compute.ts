/**
 * This node's report of an epoch: computed by the pipeline on the chain's inputs (every earlier epoch it needs
 * first), published, recorded atomically (restart safety, decision 0402); or read back from the state when the
 * published data is intact. Before computing, the base is settled with the chain (decision 0404): when the network
 * finalized another report below the epoch, the node adopts it from its published data and forgets what it built on
 * its own.
 */
import { ZeroHash } from "ethers";

import { reportHash, type AttributionReport } from "../../protocol/index.js";
import { buildRewardsTree } from "../../rewards/index.js";
import { contentHash } from "../../storage/index.js";
import type { FinalizedReport } from "../chain.js";
import { ContentUnavailableError, contentUri, fetchVerified, parseContentUri } from "../content.js";
import {
  computeEpoch,
  parseAttributionData,
  proofsDocument,
  toReport,
  type AttributionData,
  type EpochResult,
} from "../epoch.js";
import { FormatError } from "../formats.js";
import { canonicalBytes } from "../json.js";
import { gatherEpochInput } from "../inputs.js";
import type { OracleState, StoredEpoch } from "../state.js";
import { NodeBase } from "./base.js";
import type { ComputedEpoch } from "./types.js";

export class NodeComputer extends NodeBase {
  protected async fromStored(stored: StoredEpoch, state: OracleState): Promise<ComputedEpoch> {
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
  protected async computeOne(epoch: bigint, previous: ReadonlyMap<string, bigint>): Promise<ComputedEpoch> {
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

  protected async compute(epoch: bigint, fresh = false): Promise<ComputedEpoch> {
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
  protected async publishedIntact(stored: StoredEpoch): Promise<boolean> {
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
  protected async computeForward(epoch: bigint): Promise<ComputedEpoch> {
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
  protected async settleFinalized(epoch: bigint): Promise<void> {
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
  protected async adopt(finalized: FinalizedReport, mineRoot: string): Promise<void> {
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
}
