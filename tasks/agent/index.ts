/**
 * `hardhat agent ...`: register agents bound to an operator and to models, fund their budgets in WOPEN and withdraw
 * them. Each action lives in its own file, loaded only when it runs.
 */
import { emptyTask, task } from "hardhat/config";
import { ACCOUNT, JSON_FLAG } from "../lib/options.js";
import { CALLDATA_FLAG, PRIVATE_KEY_VAR } from "../lib/signer.js";

const AGENT = { name: "agent", description: "Agent id (required)", defaultValue: "" } as const;

export const agentTasks = [
  emptyTask("agent", "Agents: an operator, the models it may use, and a budget in WOPEN").build(),
  task(["agent", "register"], "Register an agent owned by the signer")
    .addOption({
      name: "operator",
      description: "Account that runs the agent and spends its budget on inference (default: the signer)",
      defaultValue: "",
    })
    .addOption({ name: "models", description: "Model ids it may use, comma-separated (e.g. 1,2)", defaultValue: "" })
    .addOption({ name: "metadata", description: "Metadata URI of the agent", defaultValue: "" })
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./register.js"))
    .build(),
  task(["agent", "fund"], "Add WOPEN to an agent's budget (anyone may fund; approves the AgentRegistry first)")
    .addOption(AGENT)
    .addOption({ name: "amount", description: "OPEN amount (e.g. 12.5); required", defaultValue: "" })
    .addFlag({ name: "wrap", description: "Wrap native OPEN into WOPEN for what the WOPEN balance lacks" })
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./fund.js"))
    .build(),
  task(["agent", "withdraw"], "Withdraw from an agent's budget (owner)")
    .addOption(AGENT)
    .addOption({ name: "amount", description: "OPEN amount, or 'all' (required)", defaultValue: "" })
    .addOption({ name: "to", description: "Recipient of the WOPEN (default: the signer)", defaultValue: "" })
    .addFlag({ name: "unwrap", description: "Unwrap the WOPEN withdrawn into native OPEN (not with --to)" })
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./withdraw.js"))
    .build(),
  task(["agent", "show"], "Show an agent: owner, operator, budget, allowed models")
    .addOption(AGENT)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./show.js"))
    .build(),
];
