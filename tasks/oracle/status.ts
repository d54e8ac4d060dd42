import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { epochAt, epochEnd } from "../../src/protocol/index.js";

import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { actorContext } from "../lib/context.js";
import { describeEpoch, followerOf, describeLines, formatDuration, formatWhen, parseEpoch } from "./common.js";

interface Args {
  epoch: string;
  count: number;
  json: boolean;
}

/** Most epochs one call lists. */
const MAX_COUNT = 64;

/**
 * `oracle status`: where attribution epochs are. With `--epoch N`, that epoch; otherwise the last `--count` epochs up
 * to the current one. For each: open (running, log window or reporting), accepted, disputed, confirmed, finalized or
 * skipped; the report hash; the quorum progress (oracle stake behind the leading report at the epoch's snapshot
 * against the quorum); the challenge window's end; the dispute, if any.
 */
export default async function oracleStatus(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const single = args.epoch === "" ? undefined : parseEpoch(args.epoch);
    if (!Number.isInteger(args.count) || args.count < 1 || args.count > MAX_COUNT) {
      throw new TaskError(`--count: ${args.count} is not a number of epochs between 1 and ${MAX_COUNT}`);
    }
    const context = await actorContext(hre, 0);
    const chain = followerOf(context);
    const [now, next, timing] = await Promise.all([chain.now(), chain.nextEpoch(), chain.timing()]);
    const current = epochAt(now, timing);
    let epochs: bigint[];
    if (single !== undefined) {
      epochs = [single];
    } else {
      const first = current + 1n > BigInt(args.count) ? current + 1n - BigInt(args.count) : 0n;
      epochs = [];
      for (let e = first; e <= current; e++) epochs.push(e);
    }
    const views = [];
    for (const epoch of epochs) views.push(await describeEpoch(chain, epoch, now));
    emit(
      args.json,
      {
        now,
        currentEpoch: current,
        nextEpochToFinalize: next,
        epochLength: timing.length,
        logDeadline: timing.logDeadline,
        challengeWindow: timing.challengeWindow,
        disputeBond: timing.disputeBond,
        epochs: views,
      },
      [
        `current epoch ${current} (ends ${formatWhen(epochEnd(current, timing), now)}); ` +
          `next epoch to finalize: ${next}`,
        `epochs last ${formatDuration(timing.length)}; logs within ${formatDuration(timing.logDeadline)} of an ` +
          `epoch's end; challenge window ${formatDuration(timing.challengeWindow)}`,
        ...views.flatMap((view) => describeLines(view, now)),
      ],
    );
  });
}
