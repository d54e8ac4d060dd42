import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { open } from "../lib/asset.js";
import { actorContext, chainNow, errorDecoders, eventsIn, mined } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { formatWhen } from "../lib/time.js";
import { AbiBook, GOV_DECODERS, actionText, governorContract, readProposalFile, stateOf } from "./common.js";

interface Args {
  file: string;
  account: number | string;
  json: boolean;
}

/** `gov propose --file proposal.json`: validates every action against its contract's ABI, then proposes. */
export default async function govPropose(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    async () => {
      if (args.file === "") throw new TaskError("--file is required (a proposal JSON file)");
      const ctx = await actorContext(hre, args.account);
      const governor = await governorContract(ctx);
      const proposal = await readProposalFile(new AbiBook(hre, ctx), ctx, governor, args.file);
      if ((await governor.proposalProposer(proposal.id)) !== ctx.ethers.ZeroAddress) {
        throw new TaskError(`this proposal already exists: ${proposal.id} (${await stateOf(governor, proposal.id)})`);
      }
      const proposer = ctx.signer.address;
      const staking = await ctx.ethers.getContractAt("OpenStaking", ctx.address("OpenStaking"));
      const votes = await staking.getVotes(proposer);
      const threshold = await governor.proposalThreshold();
      if (votes < threshold) {
        throw new TaskError(
          `${proposer} has ${open(votes)} of votes, below the proposal threshold of ${open(threshold)} ` +
            "(stake with `stake stake` and delegate with `stake delegate`)",
        );
      }
      const receipt = await mined(
        governor.propose(proposal.targets, proposal.values, proposal.calldatas, proposal.description),
      );
      const [created] = eventsIn(receipt, governor, "ProposalCreated");
      const voteStart = created.args.voteStart as bigint;
      const voteEnd = created.args.voteEnd as bigint;
      const now = await chainNow(ctx.ethers);
      emit(
        args.json,
        {
          id: proposal.id,
          proposer,
          description: proposal.description,
          actions: proposal.actions.map(
            ({ contract, target, signature, args: callArgs, value, calldata, checked }) => ({
              contract,
              target,
              function: signature,
              args: callArgs,
              value,
              calldata,
              checkedAgainstAbi: checked,
            }),
          ),
          voteStart,
          voteEnd,
          transactions: [receipt.hash],
        },
        [
          `proposal ${proposal.id} created by ${proposer}`,
          ...proposal.actions.map((a, i) => `  ${i + 1}. ${actionText(a)}${a.checked ? "" : " (no ABI: not checked)"}`),
          `  voting from ${formatWhen(voteStart, now)}`,
          `  voting until ${formatWhen(voteEnd, now)}`,
          `  tx ${receipt.hash}`,
        ],
      );
    },
    await errorDecoders(hre, GOV_DECODERS),
  );
}
