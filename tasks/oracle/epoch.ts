import path from "node:path";

import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import type { EpochAction } from "../../src/oracle/index.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import {} from "../lib/context.js";
import { describeEpoch, formatWhen, nodeCall, open, openOracleNode, parseEpoch, quorumText } from "./common.js";

interface Args {
  epoch: string;
  store: string;
  ipfs: string;
  state: string;
  mode: string;
  confirmations: number | string;
  rpcTimeout: number | string;
  account: number | string;
  json: boolean;
}

/** AttributionOracle.MAX_PENDING_EPOCHS: reports are accepted for [nextEpoch, nextEpoch + 32). */
const MAX_PENDING_EPOCHS = 32n;

/** What each node action means, in words. */
const ACTION_TEXT: Record<EpochAction | "finalized-now", string> = {
  "not-open": "reports for the epoch are not open yet",
  finalized: "the epoch was already finalized",
  "finalized-now": "the challenge window had passed: finalized the epoch (its rewards root is live)",
  attested: "attested the report on chain",
  "already-attested": "already attested this report in this round (nothing sent)",
  signed: "signed the report (sign mode): give the signature to the transmitter",
  "not-an-oracle": "computed the report but did not attest: no oracle stake at the epoch's snapshot",
  "own-report-rejected": "an upheld dispute rejected this report and recomputing gives it again: not reporting",
  agrees: "the accepted report is the same as this oracle's",
  disputed: "the accepted report differs from this oracle's: disputed it (bond posted)",
  "dispute-pending": "the accepted report is disputed; the resolver (governance) decides",
  "cannot-dispute":
    "the accepted report differs from this oracle's but it cannot dispute (window over, or the bond is missing: " +
    "see `oracle dispute --wrap`)",
  "own-report-discarded":
    "finalization discarded this report (total above what was funded, or below the last finalized total) and " +
    "recomputing gives it again: not backing it again; check the node's inputs and state directory",
  "refused-to-sign":
    "this oracle already signed another report for the epoch: not signing a second one (two signatures are " +
    "slashable); the epoch needs the other oracles, or governance",
  waiting: "nothing to do now",
};

/**
 * `oracle epoch --epoch N`: does one epoch and exits. Computes this oracle's report (or reads it from the state
 * directory), publishes the attribution data and the claimants' proofs, then attests (or signs), or checks the
 * accepted report and disputes a different one; when the challenge window has passed, finalizes. Idempotent: running
 * it again does nothing new. For an epoch finalized already, it recomputes the report and proofs file from the chain
 * and the content store (what a claimant needs), without sending anything.
 */
export default async function oracleEpoch(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const epoch = parseEpoch(args.epoch);
    const { node, chain, mode } = await openOracleNode(hre, args);
    // One process per oracle state: a running `oracle run` with the same key and state is refused, not raced.
    await nodeCall(() => node.lock());
    try {
      const oracle = await node.address();
      const [next, now, opensAt] = await Promise.all([chain.nextEpoch(), chain.now(), chain.reportsOpenAt(epoch)]);
      if (epoch >= next) {
        if (now < opensAt) {
          throw new TaskError(
            `reports for epoch ${epoch} open ${formatWhen(opensAt, now)}: the epoch ends ` +
              `${formatWhen(await chain.epochEnd(epoch), now)}, then model operators have until then to commit logs`,
          );
        }
        if (epoch >= next + MAX_PENDING_EPOCHS) {
          throw new TaskError(`epoch ${epoch} is too far ahead: epoch ${next} must be finalized first`);
        }
        if ((await chain.oracleWeight(oracle, epoch)) === 0n) {
          throw new TaskError(
            `${oracle} had no oracle stake at epoch ${epoch}'s snapshot (its last second): stake and register ` +
              "as an oracle before an epoch ends to report on it (`stake stake`, `stake register --role oracle`)",
          );
        }
      }

      let action: EpochAction | "finalized-now";
      let signature: string | undefined;
      if (epoch < next) {
        action = "finalized";
      } else {
        const run = await nodeCall(() => node.runEpoch(epoch));
        if (run.action === "refused-to-sign") {
          throw new TaskError(
            `epoch ${epoch}: this oracle already signed another report for the epoch (` +
              `${path.join(await node.stateDirectory(), "signatures", `${epoch}.json`)}); not signing ` +
              `${run.reportHash} too (two signatures for one epoch are slashable): leave the epoch to the other ` +
              "oracles, or to governance (`skipEpoch`/`forceReport`)",
          );
        }
        action = run.action;
        signature = run.signature;
        if (await nodeCall(() => node.finalize(epoch))) action = "finalized-now";
      }
      const computed = await nodeCall(() => node.computeEpoch(epoch));
      const view = await describeEpoch(chain, epoch, await chain.now());
      const cumulativeTotal = computed.report.cumulativeTotal;
      const matchesChain = view.reportHash === undefined ? undefined : view.reportHash === computed.reportHash;
      const after: string[] = [];
      if (view.status === "accepted" && view.challengeWindowEndsAt !== undefined) {
        after.push(
          `  challenge window ends ${formatWhen(view.challengeWindowEndsAt, await chain.now())}: run this task ` +
            "again then to finalize",
        );
      }
      if (view.status === "open" && view.quorum !== undefined && !view.quorum.reached) {
        after.push("  waiting for more oracles to attest the same report");
      }
      if (view.status === "finalized" && matchesChain !== false) {
        after.push(`  claimants: \`rewards claim --proofs ${computed.proofsFile}\``);
      }
      emit(
        args.json,
        {
          epoch,
          oracle,
          mode,
          action,
          status: view.status,
          reportHash: computed.reportHash,
          report: computed.report,
          acceptedReportHash: view.reportHash ?? null,
          matchesChain: matchesChain ?? null,
          cumulativeTotal,
          accounts: computed.cumulative.size,
          dataURI: computed.dataURI,
          proofsFile: computed.proofsFile,
          ...(signature === undefined ? {} : { signature }),
          quorum: view.quorum ?? null,
          challengeWindowEndsAt: view.challengeWindowEndsAt ?? null,
        },
        [
          `epoch ${epoch} (oracle ${oracle}, ${mode} mode): ${action} - ${ACTION_TEXT[action]}`,
          `  report ${computed.reportHash}` + (matchesChain === false ? ` (the chain's is ${view.reportHash})` : ""),
          `  cumulative total ${open(cumulativeTotal)} to ${computed.cumulative.size} account(s)`,
          `  data ${computed.dataURI}`,
          `  proofs file ${computed.proofsFile}`,
          ...(signature === undefined ? [] : [`  signature ${signature}`]),
          `  status ${view.status}`,
          ...(view.quorum === undefined ? [] : [`  ${quorumText(view.quorum)}`]),
          ...after,
        ],
      );
    } finally {
      await node.unlock();
    }
  });
}
