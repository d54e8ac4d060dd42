import { formatUnits } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { open } from "../lib/asset.js";
import { actorContext, chainNow, errorDecoders, eventsIn, mined } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseId } from "../lib/parse.js";
import { formatWhen } from "../lib/time.js";
import { GOV_DECODERS, governorContract, stateOf } from "./common.js";

/** GovernorCountingSimple.VoteType, by name. */
const SUPPORT = { against: 0, for: 1, abstain: 2 } as const;

interface Args {
  id: string;
  support: string;
  reason: string;
  account: number | string;
  json: boolean;
}

/** `gov vote --id ID --support for|against|abstain [--reason TEXT]`. */
export default async function govVote(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    async () => {
      const id = parseId("id", args.id);
      if (!(args.support in SUPPORT)) {
        throw new TaskError(`--support must be for, against or abstain, not "${args.support}"`);
      }
      const support = SUPPORT[args.support as keyof typeof SUPPORT];
      const ctx = await actorContext(hre, args.account);
      const governor = await governorContract(ctx);
      if ((await governor.proposalProposer(id)) === ctx.ethers.ZeroAddress) {
        throw new TaskError(`proposal ${id} does not exist`);
      }
      const state = await stateOf(governor, id);
      const now = await chainNow(ctx.ethers);
      const snapshot = await governor.proposalSnapshot(id);
      if (state === "Pending") throw new TaskError(`voting on proposal ${id} opens ${formatWhen(snapshot + 1n, now)}`);
      if (state !== "Active") throw new TaskError(`voting on proposal ${id} is over (${state.toLowerCase()})`);
      const voter = ctx.signer.address;
      if (await governor.hasVoted(id, voter)) throw new TaskError(`${voter} has already voted on proposal ${id}`);
      const weight = await governor.getVotes(voter, snapshot);
      if (weight === 0n) {
        throw new TaskError(
          `${voter} had no votes at proposal ${id}'s snapshot (${formatWhen(snapshot, now)}): only stake delegated ` +
            "before a proposal's snapshot votes on it",
        );
      }
      const receipt = await mined(
        args.reason === "" ? governor.castVote(id, support) : governor.castVoteWithReason(id, support, args.reason),
      );
      const [cast] = eventsIn(receipt, governor, "VoteCast");
      const [against, inFavour, abstain] = await governor.proposalVotes(id);
      const deadline = await governor.proposalDeadline(id);
      emit(
        args.json,
        {
          id,
          voter,
          support: args.support,
          weight: cast.args.weight as bigint,
          reason: args.reason,
          votes: { for: inFavour, against, abstain },
          deadline,
          transactions: [receipt.hash],
        },
        [
          `${voter} voted ${args.support} on proposal ${id} with ${open(cast.args.weight as bigint)}`,
          `  tally: for ${formatUnits(inFavour)}, against ${formatUnits(against)}, abstain ${formatUnits(abstain)}; ` +
            `voting ends ${formatWhen(deadline, now)}`,
          `  tx ${receipt.hash}`,
        ],
      );
    },
    await errorDecoders(hre, GOV_DECODERS),
  );
}
