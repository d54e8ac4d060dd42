import { formatUnits } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { actorContext, chainNow, errorDecoders } from "../lib/context.js";
import { runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { formatWhen } from "../lib/time.js";
import { AbiBook, GOV_DECODERS, actionText, governorContract, identifyProposal, stateOf } from "./common.js";

interface Args {
  file: string;
  id: string;
  fromBlock: number;
  account: number | string;
  json: boolean;
}

/** `gov status --id ID | --file proposal.json`: state, votes, quorum, voting window and eta. */
export default async function govStatus(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    async () => {
      const ctx = await actorContext(hre, args.account);
      const governor = await governorContract(ctx);
      const proposal = await identifyProposal(new AbiBook(hre, ctx), ctx, governor, args);
      const id = proposal.id;
      const state = await stateOf(governor, id);
      const now = await chainNow(ctx.ethers);
      const snapshot = await governor.proposalSnapshot(id);
      const deadline = await governor.proposalDeadline(id);
      const eta = await governor.proposalEta(id);
      const [against, inFavour, abstain] = await governor.proposalVotes(id);
      // The quorum is fixed at the snapshot, which must be in the past to be read.
      const quorum = snapshot < now ? await governor.quorum(snapshot) : undefined;
      const lines = [
        `proposal ${id}: ${state}`,
        `  proposed by ${proposal.proposer}: ${proposal.description.split("\n")[0]}`,
        ...proposal.actions.map((a, i) => `  ${i + 1}. ${actionText(a)}`),
        `  votes: for ${formatUnits(inFavour)}, against ${formatUnits(against)}, abstain ${formatUnits(abstain)} OPEN` +
          (quorum === undefined ? "" : `; quorum ${formatUnits(quorum)} OPEN (for + abstain)`),
        `  voting opens   ${formatWhen(snapshot + 1n, now)}`,
        `  voting closes  ${formatWhen(deadline, now)}`,
      ];
      if (eta > 0n) lines.push(`  executable    ${formatWhen(eta, now)}`);
      emit(
        args.json,
        {
          id,
          state,
          proposer: proposal.proposer,
          description: proposal.description,
          actions: proposal.actions.map((a) => ({
            contract: a.contract,
            target: a.target,
            function: a.signature,
            args: a.args,
            value: a.value,
          })),
          votes: { for: inFavour, against, abstain },
          quorum: quorum ?? null,
          snapshot,
          deadline,
          eta,
          now,
        },
        lines,
      );
    },
    await errorDecoders(hre, GOV_DECODERS),
  );
}
