import { formatUnits, ZeroAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { eventsIn, mined, actorContext } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { parseIdList } from "../lib/list-options.js";
import { emit } from "../lib/output.js";
import { parseId } from "../lib/parse.js";
import {
  CONTRIBUTION_STATUSES,
  contributionDatanet,
  contributionId,
  contributionIndex,
  requireCurator,
} from "./common.js";

interface Args {
  datanet: string;
  ids: string;
  reject: string;
  account: number | string;
  json: boolean;
}

/** Contributions reviewed per `reviewBatch` transaction (keeps each well under a block's gas limit). */
const BATCH = 100;

/**
 * `datanet review --datanet D --ids 1-5,8 --reject 3`: accepts every listed contribution except those in --reject,
 * which are rejected. `--ids pending` takes every pending contribution. Ids are indexes within the Datanet (#1, #2,
 * ...); full contribution ids (`datanetId << 32 | index`) are accepted too. One id is sent with `review`, several
 * with `reviewBatch` (in transactions of up to 100).
 */
export default async function datanetReview(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const datanetId = parseId("datanet", args.datanet);
    const context = await actorContext(hre, args);
    const registry = await context.datanetRegistry();
    await requireCurator(registry, datanetId, context.signer.address);
    const counts = await registry.datanetCounts(datanetId);

    const toIndex = (option: string, id: bigint): bigint => {
      if (id >= 1n << 32n) {
        if (contributionDatanet(id) !== datanetId) {
          throw new TaskError(`--${option}: contribution id ${id} belongs to datanet ${contributionDatanet(id)}`);
        }
        id = contributionIndex(id);
      }
      if (id === 0n || id > counts.contributions) {
        throw new TaskError(`datanet ${datanetId} has no contribution #${id} (it has ${counts.contributions})`);
      }
      return id;
    };
    let indexes: bigint[];
    if (args.ids.trim().toLowerCase() === "pending") {
      indexes = [];
      for (let index = 1n; index <= counts.contributions; index++) {
        const status = (await registry.contribution(contributionId(datanetId, index))).status;
        if (CONTRIBUTION_STATUSES[Number(status)] === "pending") indexes.push(index);
      }
      if (indexes.length === 0) throw new TaskError(`datanet ${datanetId} has no pending contribution`);
    } else {
      indexes = parseIdList("ids", args.ids).map((id) => toIndex("ids", id));
      if (new Set(indexes).size !== indexes.length) throw new TaskError("--ids names a contribution twice");
    }
    const rejected = new Set(
      args.reject.trim() === "" ? [] : parseIdList("reject", args.reject).map((id) => toIndex("reject", id)),
    );
    for (const index of rejected) {
      if (!indexes.includes(index)) throw new TaskError(`--reject: #${index} is not in --ids`);
    }
    for (const index of indexes) {
      const status =
        CONTRIBUTION_STATUSES[Number((await registry.contribution(contributionId(datanetId, index))).status)];
      if (status !== "pending")
        throw new TaskError(`contribution #${index} of datanet ${datanetId} is already ${status}`);
    }

    const ids = indexes.map((index) => contributionId(datanetId, index));
    const accepts = indexes.map((index) => !rejected.has(index));
    const receipts = [];
    if (ids.length === 1) {
      receipts.push(await mined(registry.review(ids[0], accepts[0])));
    } else {
      for (let start = 0; start < ids.length; start += BATCH) {
        const end = start + BATCH;
        receipts.push(await mined(registry.reviewBatch(ids.slice(start, end), accepts.slice(start, end))));
      }
    }
    const reviews = receipts.flatMap((receipt) =>
      eventsIn(receipt, registry, "ContributionReviewed").map((parsed) => ({
        contributionId: parsed.args.contributionId as bigint,
        index: contributionIndex(parsed.args.contributionId as bigint),
        accepted: parsed.args.accepted as boolean,
        bond: parsed.args.bond as bigint,
        bondRecipient: parsed.args.bondRecipient as string,
        transactionHash: receipt.hash,
      })),
    );
    const acceptedCount = reviews.filter((review) => review.accepted).length;
    emit(args.json, { datanetId, accepted: acceptedCount, rejected: reviews.length - acceptedCount, reviews }, [
      ...reviews.map(
        (review) =>
          `  #${review.index} (id ${review.contributionId}) ${review.accepted ? "accepted" : "rejected"}` +
          (review.bondRecipient === ZeroAddress
            ? ""
            : `; bond ${formatUnits(review.bond)} OPEN credited to ${review.bondRecipient}`),
      ),
      `datanet ${datanetId}: ${acceptedCount} accepted, ${reviews.length - acceptedCount} rejected ` +
        `(${receipts.length} transaction(s): ${receipts.map((receipt) => receipt.hash).join(", ")})`,
    ]);
  });
}
