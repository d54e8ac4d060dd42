/**
 * `hardhat gov ...`: governance through OpenGovernor and the timelock: propose from a JSON file of actions, vote,
 * queue, execute, and show a proposal's status. Each action lives in its own file, loaded only when its task runs.
 */
import { ArgumentType } from "hardhat/types/arguments";
import { emptyTask, task } from "hardhat/config";
import { ACCOUNT, JSON_FLAG } from "../lib/options.js";
import { CALLDATA_FLAG, PRIVATE_KEY_VAR } from "./signer.js";

const file = {
  name: "file",
  description:
    'Proposal JSON: {"description": "...", "actions": [{"contract", "function", "args", "value"}]} ' +
    "(docs/governance.md; one example per parameter in examples/governance/)",
  defaultValue: "",
} as const;
const id = {
  name: "id",
  description: "Proposal id (instead of --file; read from the ProposalCreated event)",
  defaultValue: "",
} as const;
const fromBlock = {
  name: "fromBlock",
  description: "First block searched for the ProposalCreated event (with --id; default: the deployment's first)",
  type: ArgumentType.INT,
  defaultValue: 0,
} as const;

export const govTasks = [
  emptyTask("gov", "Governance: proposals, votes, timelock queue and execution").build(),
  task(
    ["gov", "propose"],
    "Propose the actions of a JSON file, after simulating them from the timelock (refused if one would revert)",
  )
    .addOption(file)
    .addFlag({ name: "dryRun", description: "Validate and simulate, print the proposal and the result; send nothing" })
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./propose.js"))
    .build(),
  task(["gov", "vote"], "Vote on an active proposal with the account's votes at its snapshot")
    .addOption(file)
    .addOption({ name: "id", description: "Proposal id (instead of --file)", defaultValue: "" })
    .addOption({ name: "support", description: "for, against or abstain", defaultValue: "" })
    .addOption({ name: "reason", description: "Reason, recorded in the VoteCast event", defaultValue: "" })
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./vote.js"))
    .build(),
  task(["gov", "queue"], "Queue a succeeded proposal in the timelock")
    .addOption(file)
    .addOption(id)
    .addOption(fromBlock)
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./queue.js"))
    .build(),
  task(["gov", "execute"], "Execute a queued proposal once the timelock delay has passed")
    .addOption(file)
    .addOption(id)
    .addOption(fromBlock)
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./execute.js"))
    .build(),
  task(
    ["gov", "status"],
    "Show a proposal: state, votes, quorum, deadlines and eta in human time; warns if its actions would now revert",
  )
    .addOption(file)
    .addOption(id)
    .addOption(fromBlock)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./status.js"))
    .build(),
];
