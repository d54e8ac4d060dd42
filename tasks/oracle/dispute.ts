import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { mined, actorContext } from "../lib/context.js";
import { fundAndApprove, planAsset } from "../lib/asset.js";
import { describeEpoch, followerOf, formatWhen, open, parseEpoch } from "./common.js";
import { protocolContract } from "../lib/contracts.js";

interface Args {
  epoch: string;
  wrap: boolean;
  account: number | string;
  json: boolean;
}

/**
 * `oracle dispute --epoch N`: disputes the report accepted for epoch N while its challenge window runs. Posts the
 * dispute bond in WOPEN to AttributionDisputes, the court (approving it for what the allowance lacks; with --wrap,
 * wrapping native OPEN first for what the WOPEN balance lacks). The bond is the court's `bondFor(epoch)`: the base bond,
 * doubled after each dispute of the epoch that nobody ruled. The epoch is then frozen for at most the ruling period:
 * the resolver (or governance) rules upheld, the signers are slashed and the disputer gets the bond back with a reward;
 * rejected, the bond goes to the treasury and the report may finalize at once; nobody rules in time, anyone expires the
 * dispute: the bond comes back, nothing is slashed and the epoch reopens. Anyone may dispute; an oracle node disputes on its own when
 * the accepted report differs from its own (`oracle run`, `oracle epoch`).
 */
export default async function oracleDispute(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const epoch = parseEpoch(args.epoch);
    const context = await actorContext(hre, args);
    const chain = followerOf(context);
    const court = protocolContract("AttributionDisputes", await chain.disputes.getAddress(), context.signer);
    const now = await chain.now();
    const view = await describeEpoch(chain, epoch, now);
    if (view.status !== "accepted") {
      const why: Record<string, string> = {
        open: "no report has been accepted yet",
        disputed: "it is disputed already; the resolver decides",
        confirmed: "a dispute about it was rejected",
        finalized: "it is finalized",
        skipped: "governance skipped it",
      };
      throw new TaskError(`epoch ${epoch} cannot be disputed: ${why[view.status]} (status ${view.status})`);
    }
    if (view.challengeWindowEndsAt !== undefined && now >= view.challengeWindowEndsAt) {
      throw new TaskError(
        `epoch ${epoch}'s challenge window ended ${formatWhen(view.challengeWindowEndsAt, now)}: it can only be ` +
          "finalized now",
      );
    }
    const disputeBond = await court.bondFor(epoch);
    const plan = await planAsset(context, disputeBond, await court.getAddress(), {
      wrap: args.wrap,
      wording: "purpose",
      purpose: `disputing epoch ${epoch} (bond ${open(disputeBond)})`,
    });
    const preparation = await fundAndApprove(plan);
    const receipt = await mined(court.dispute(epoch));
    const disputer = context.signer.address;
    emit(
      args.json,
      {
        epoch,
        disputer,
        reportHash: view.reportHash ?? null,
        bond: disputeBond,
        wrapped: plan.wrap,
        preparationTransactions: preparation,
        transactionHash: receipt.hash,
      },
      [
        ...(plan.wrap > 0n ? [`wrapped ${open(plan.wrap)} into WOPEN`] : []),
        ...(plan.approve ? [`approved ${open(disputeBond)} of WOPEN for AttributionDisputes`] : []),
        `disputed epoch ${epoch}'s accepted report ${view.reportHash} with a bond of ${open(disputeBond)} ` +
          `(tx ${receipt.hash})`,
        "  the epoch is frozen until the resolver (or governance) rules, at most the ruling period: upheld, the " +
          "report's signers are slashed and the bond comes back with a reward; rejected, the bond goes to the " +
          "treasury; not ruled in time, the bond comes back and the epoch reopens",
      ],
    );
  });
}
