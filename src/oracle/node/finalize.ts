/**
 * Finalization: the next epoch, once its challenge window passed (or its dispute was rejected), and only with this
 * node's own report; a report the contract discards at finalization (ReportDiscarded) is explained.
 */
import { NodeDisputer } from "./disputes.js";
import { sameOutcome } from "./types.js";

export class NodeFinalizer extends NodeDisputer {
  /**
   * Finalizes `epoch` if it is the next one and its window passed (or its dispute was rejected), and only when the
   * accepted report is this node's (a wrong one should have been disputed, not pushed live). Returns true if done.
   */
  async finalize(epoch: bigint): Promise<boolean> {
    await this.refresh();
    return this.finalizeOne(epoch);
  }

  protected async finalizeOne(epoch: bigint): Promise<boolean> {
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

  /** Why `finalize` discards a report of total `total`, in words (the contract's two rules, decision 0231). */
  protected async discardReason(total: bigint): Promise<string> {
    const at = { blockTag: (await this.chain.viewBlock()).number };
    const [funded, lastFinalized] = await Promise.all([
      this.chain.totalAttributionFunded(),
      this.chain.oracle.lastFinalizedTotal(at).then((v: bigint) => BigInt(v)),
    ]);
    if (total > funded) return `its total ${total} is above the ${funded} ever paid into attribution pools`;
    if (total < lastFinalized) return `its total ${total} is below the last finalized total ${lastFinalized}`;
    return `its total ${total} was out of bounds when it was finalized`;
  }
}
