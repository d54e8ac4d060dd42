/**
 * Reporting an epoch: attest on chain (default), or sign for a transmitter and, as the transmitter, collect
 * signatures and submit them once their stake reaches the epoch's quorum. Never a second, different signature for one
 * epoch (two are slashable), never a report the chain rejected or discarded.
 */
import { stat } from "node:fs/promises";

import {
  attributionOracleDomain,
  orderSignatures,
  recoverReportSigner,
  reportHash,
  signReport,
  type SignedBy,
} from "../../protocol/index.js";
import type { StoredSignature } from "../state.js";
import { publishSignature, signatureFile, type SignatureSource } from "../transmitter.js";
import { NodeFinalizer } from "./finalize.js";
import type { ComputedEpoch, EpochRun } from "./types.js";

export class NodeReporter extends NodeFinalizer {
  /**
   * Does `epoch` once: compute and publish, then attest (or sign), or check the accepted report and dispute it if it
   * differs. Idempotent: calling it again does nothing new.
   */
  async runEpoch(epoch: bigint): Promise<EpochRun> {
    await this.refresh();
    return this.run(epoch);
  }

  protected async run(epoch: bigint): Promise<EpochRun> {
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
  protected async wasDiscarded(epoch: bigint, mine: ComputedEpoch): Promise<boolean> {
    const root = mine.report.cumulativeRewardsRoot.toLowerCase();
    return (await this.chain.events(this.chain.oracle, "ReportDiscarded", epoch)).some(
      (log) =>
        (log.args.cumulativeRewardsRoot as string).toLowerCase() === root &&
        BigInt(log.args.cumulativeTotal) === mine.report.cumulativeTotal,
    );
  }

  protected async tellDiscarded(epoch: bigint, mine: ComputedEpoch): Promise<void> {
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
  protected async competing(epoch: bigint, round: number, mine: ComputedEpoch) {
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
  protected async sign(epoch: bigint, mine: ComputedEpoch): Promise<string | undefined> {
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
    // The epoch's own quorum (fixed at its first report activity), not today's fraction.
    const { totalOracleStake: total, quorumBps } = await this.chain.epochQuorum(epoch);
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
}
