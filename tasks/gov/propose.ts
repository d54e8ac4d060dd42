import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { open } from "../lib/asset.js";
import { chainNow, eventsIn, mined } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { formatWhen } from "../lib/time.js";
import {
  AbiBook,
  actionText,
  governorContract,
  readProposalFile,
  simulationFailure,
  simulationJson,
  simulationLines,
  stateOf,
  type ResolvedProposal,
} from "./common.js";
import { govContext, printCalldata } from "./signer.js";
import { simulateProposal } from "./simulate.js";
import { protocolContract } from "../lib/contracts.js";

interface Args {
  file: string;
  dryRun: boolean;
  account: number | string;
  privateKeyVar: string;
  calldata: boolean;
  json: boolean;
}

/**
 * `gov propose --file proposal.json [--dry-run]`: validates every action against its contract's ABI, simulates the
 * actions from the timelock on a copy of the current state (decision 0520) and refuses when one would revert, naming
 * the decoded error and parameter; then proposes. `--dry-run` stops before sending and prints the proposal and the
 * simulation.
 */
export default async function govPropose(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    if (args.file === "") throw new TaskError("--file is required (a proposal JSON file)");
    if (args.dryRun && args.calldata) throw new TaskError("give either --dry-run or --calldata, not both");
    const ctx = await govContext(hre, args);
    const governor = await governorContract(ctx);
    const proposal = await readProposalFile(new AbiBook(ctx), ctx, governor, args.file);
    const exists = (await governor.proposalProposer(proposal.id)) !== ctx.ethers.ZeroAddress;
    if (exists && !args.dryRun) {
      throw new TaskError(`this proposal already exists: ${proposal.id} (${await stateOf(governor, proposal.id)})`);
    }
    const proposer = ctx.signer.address;
    // With --calldata the sender is not known here: its votes are its own business (the governor checks them).
    if (!args.dryRun && !args.calldata) {
      const staking = protocolContract("OpenStaking", ctx.address("OpenStaking"), ctx.ethers.provider);
      const votes = await staking.getVotes(proposer);
      const threshold = await governor.proposalThreshold();
      if (votes < threshold) {
        throw new TaskError(
          `${proposer} has ${open(votes)} of votes, below the proposal threshold of ${open(threshold)} ` +
            "(stake with `stake stake` and delegate with `stake delegate`)",
        );
      }
    }
    const simulation = await simulateProposal(hre, ctx, proposal);
    const failure = simulationFailure(simulation, proposal.actions);
    if (failure !== undefined) throw new TaskError(failure);

    if (args.calldata) {
      const data = governor.interface.encodeFunctionData("propose", [
        proposal.targets,
        proposal.values,
        proposal.calldatas,
        proposal.description,
      ]);
      printCalldata({ to: await governor.getAddress(), data, value: 0n });
      return;
    }
    if (args.dryRun) {
      emit(
        args.json,
        {
          dryRun: true,
          id: proposal.id,
          exists,
          description: proposal.description,
          ...calls(proposal),
          actions: actionsJson(proposal),
          simulation: simulationJson(simulation),
        },
        [
          `dry run: proposal ${proposal.id} (not sent${exists ? "; it already exists on chain" : ""})`,
          `  ${proposal.description.split("\n")[0]}`,
          ...proposal.actions.map(
            (a, i) =>
              `  ${i + 1}. ${actionText(a)}${a.checked ? "" : " (no ABI: not checked)"}\n` +
              `     to ${a.target} value ${a.value} data ${a.calldata}`,
          ),
          ...simulationLines(simulation),
        ],
      );
      return;
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
        actions: actionsJson(proposal),
        simulation: simulationJson(simulation),
        voteStart,
        voteEnd,
        transactions: [receipt.hash],
      },
      [
        `proposal ${proposal.id} created by ${proposer}`,
        ...proposal.actions.map((a, i) => `  ${i + 1}. ${actionText(a)}${a.checked ? "" : " (no ABI: not checked)"}`),
        ...simulationLines(simulation),
        `  voting from ${formatWhen(voteStart, now)}`,
        `  voting until ${formatWhen(voteEnd, now)}`,
        `  tx ${receipt.hash}`,
      ],
    );
  });
}

function calls(proposal: ResolvedProposal) {
  return { targets: proposal.targets, values: proposal.values, calldatas: proposal.calldatas };
}

function actionsJson(proposal: ResolvedProposal) {
  return proposal.actions.map(({ contract, target, signature, args: callArgs, value, calldata, checked }) => ({
    contract,
    target,
    function: signature,
    args: callArgs,
    value,
    calldata,
    checkedAgainstAbi: checked,
  }));
}
