/**
 * `hardhat orbit ...`: create the OPEN-gas Orbit chain and bridge OPEN. Each action lives in its own file, loaded
 * only when the task runs.
 */
import { ArgumentType } from "hardhat/types/arguments";
import { emptyTask, task } from "hardhat/config";

export const orbitTasks = [
  emptyTask("orbit", "Arbitrum Orbit chain with OPEN as its gas token").build(),
  task(["orbit", "config"], "Write or validate the Orbit chain config JSON")
    .addOption({ name: "file", description: "Chain config file", defaultValue: "deploy/orbit/chain.json" })
    .addOption({ name: "nativeToken", description: "OPEN on the parent chain (write mode)", defaultValue: "" })
    .addOption({ name: "owner", description: "Initial owner (write mode)", defaultValue: "" })
    .addOption({ name: "chainId", description: "Child chain id", type: ArgumentType.INT, defaultValue: 412346 })
    .addFlag({ name: "check", description: "Only validate the existing file" })
    .setAction(() => import("./config.js"))
    .build(),
  task(["orbit", "create"], "Create the Orbit chain on the parent chain (RollupCreator.createRollup, native OPEN)")
    .addOption({ name: "file", description: "Chain config file", defaultValue: "deploy/orbit/chain.json" })
    .addOption({
      name: "creator",
      description: "RollupCreator address (empty: deploy the stack, local only)",
      defaultValue: "",
    })
    .addFlag({ name: "json", description: "Print JSON" })
    .setAction(() => import("./create.js"))
    .build(),
  task(["orbit", "deposit"], "Deposit OPEN to the Orbit chain (depositERC20, or a retryable to --to)")
    .addOption({ name: "chainId", description: "Orbit chain id", type: ArgumentType.INT, defaultValue: 412346 })
    .addOption({ name: "amount", description: "OPEN amount", defaultValue: "" })
    .addOption({ name: "to", description: "Child-chain recipient (retryable ticket)", defaultValue: "" })
    .addOption({
      name: "maxFeePerGas",
      description: "With --to: gas bid in gwei, at least the Orbit chain's L2 base fee (Nitro's default minimum: 0.1)",
      defaultValue: "0.1",
    })
    .addFlag({ name: "json", description: "Print JSON" })
    .setAction(() => import("./deposit.js"))
    .build(),
  task(["orbit", "withdraw"], "Start a withdrawal of native OPEN (ArbSys.withdrawEth) on the Orbit chain")
    .addOption({ name: "amount", description: "OPEN amount", defaultValue: "" })
    .addOption({ name: "to", description: "Parent-chain recipient", defaultValue: "" })
    .addFlag({ name: "json", description: "Print JSON" })
    .setAction(() => import("./withdraw.js"))
    .build(),
  task(["orbit", "claim"], "Execute a confirmed withdrawal on the parent chain's Outbox")
    .addOption({ name: "chainId", description: "Orbit chain id", type: ArgumentType.INT, defaultValue: 412346 })
    .addOption({ name: "message", description: "JSON file written by `orbit withdraw --json`", defaultValue: "" })
    .addOption({
      name: "childRpc",
      description: "Orbit node RPC URL (message status and proof, through @arbitrum/sdk)",
      defaultValue: "",
    })
    .addFlag({ name: "json", description: "Print JSON" })
    .setAction(() => import("./claim.js"))
    .build(),
];
