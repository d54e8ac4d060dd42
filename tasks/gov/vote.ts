import { formatUnits } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { open } from "../lib/asset.js";
import { chainNow, eventsIn, mined } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseId } from "../lib/parse.js";
import { formatWhen } from "../lib/time.js";
import { AbiBook, governorContract, readProposalFile, stateOf } from "./common.js";
import { govContext, printCalldata } from "./signer.js";

/** GovernorCountingSimple.VoteType, by name. */
const SUPPORT = { against: 0, for: 1, abstain: 2 } as const;

interface Args {
  file: string;
  id: string;
  support: string;
  reason: string;
  account: number | string;
  privateKeyVar: string;
  calldata: boolean;
  json: boolean;
}

/**
 * `gov vote --file proposal.json | --id ID --support for|against|abstain [--reason TEXT]`. With `--file` the id is
 * computed as the governor does: hashProposal(targets, values, calldatas, keccak256(description)).
 */
export default async function govVote(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    if (args.file !== "" && args.id !== "") throw new TaskError("give either --file or --id, not both");
    if (args.file === "" && args.id === "") throw new TaskError("give the proposal's --file or its --id");
    if (!(args.support in SUPPORT)) {
      throw new TaskError(`--support must be for, against or abstain, not "${args.support}"`);
    }
    const support = SUPPORT[args.support as keyof typeof SUPPORT];
    const ctx = await govContext(hre, args);
    const governor = await governorContract(ctx);
    const id =
      args.file === ""
        ? parseId("id", args.id)
        : (await readProposalFile(new AbiBook(ctx), ctx, governor, args.file)).id;
    if ((await governor.proposalProposer(id)) === ctx.ethers.ZeroAddress) {
      throw new TaskError(
        args.file === ""
          ? `proposal ${id} does not exist`
          : `the proposal of ${args.file} (id ${id}) has not been proposed`,
      );
    }
    const state = await stateOf(governor, id);
    const now = await chainNow(ctx.ethers);
    const snapshot = await governor.proposalSnapshot(id);
    if (state === "Pending") throw new TaskError(`voting on proposal ${id} opens ${formatWhen(snapshot + 1n, now)}`);
    if (state !== "Active") throw new TaskError(`voting on proposal ${id} is over (${state.toLowerCase()})`);
    if (args.calldata) {
      // The voter is whoever sends it: whether it has voted or had votes at the snapshot is checked by the governor.
      const data =
        args.reason === ""
          ? governor.interface.encodeFunctionData("castVote", [id, support])
          : governor.interface.encodeFunctionData("castVoteWithReason", [id, support, args.reason]);
      printCalldata({ to: await governor.getAddress(), data, value: 0n });
      return;
    }
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
  });
}
