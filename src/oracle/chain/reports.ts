/**
 * The report state machine as the chain shows it at the view: epoch status, accepted, finalized, skipped and rejected
 * reports (AttributionOracle), attestations and signature sets of a round, and each oracle's weight.
 */
import { ZeroHash, getAddress } from "ethers";

import { epochSnapshot, type AttributionReport } from "../../protocol/index.js";
import { EPOCH_STATUS, type EpochStatusName } from "./contracts.js";
import { ChainInputs } from "./inputs.js";

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

/**
 * Follows one deployment of the protocol: the view and its events (view.ts), an epoch's inputs (inputs.ts) and its
 * reports (here). What the oracle node, the verifier and the tasks read the chain with.
 */
export class ChainFollower extends ChainInputs {
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
    const snapshot = epochSnapshot(epoch, await this.timing());
    return BigInt(await this.staking.getPastOracleStake(oracle, snapshot, await this.at()));
  }

  /**
   * The quorum `epoch` is judged by: the total oracle stake at its snapshot and the quorum fraction, both fixed by the
   * contract at the epoch's first report activity (`epochQuorum`), so a later change of the fraction does not apply to
   * it; before that activity, what it would fix now (the stake at the snapshot and today's fraction).
   */
  async epochQuorum(epoch: bigint): Promise<{ totalOracleStake: bigint; quorumBps: bigint; fixed: boolean }> {
    const at = await this.at();
    const [fixedStake, fixedBps] = await this.oracle.epochQuorum(epoch, at);
    if (BigInt(fixedBps) !== 0n)
      return { totalOracleStake: BigInt(fixedStake), quorumBps: BigInt(fixedBps), fixed: true };
    const snapshot = epochSnapshot(epoch, await this.timing());
    const [total, parameters] = await Promise.all([
      this.staking.getPastTotalOracleStake(snapshot, at),
      this.oracle.parameters(at),
    ]);
    return { totalOracleStake: BigInt(total), quorumBps: BigInt(parameters.quorumBps), fixed: false };
  }
}
