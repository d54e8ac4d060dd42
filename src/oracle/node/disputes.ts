/**
 * Watching the accepted report: compared with this node's, and disputed (with the court's bond) when it pays
 * differently, after recomputing from fresh inputs (decision 0403), never on a stored report alone.
 */
import { Contract } from "ethers";

import type { AttributionReport } from "../../protocol/index.js";
import { ERC20_ABI } from "../chain.js";
import { NodeComputer } from "./compute.js";
import { sameOutcome, type ComputedEpoch, type EpochAction } from "./types.js";

export class NodeDisputer extends NodeComputer {
  /**
   * Compares the accepted report of `epoch` with this node's; disputes it when it pays differently. Before posting
   * the bond, the node recomputes its report from fresh inputs (its stored one may rest on inputs a reorganization
   * changed since) and disputes only if the fresh report still pays differently. Returns the report compared last.
   */
  protected async checkAccepted(
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
  protected async compareAccepted(epoch: bigint, mine: ComputedEpoch): Promise<EpochAction | "differs"> {
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

  protected async openDispute(epoch: bigint): Promise<boolean> {
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
}
