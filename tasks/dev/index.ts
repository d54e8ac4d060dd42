/**
 * `hardhat dev ...`: conveniences for a local development node only (`hardhat node`, chain id 31337): move its clock
 * forward and give an account native OPEN. Every task refuses any other chain.
 */
import { ArgumentType } from "hardhat/types/arguments";
import { emptyTask, task } from "hardhat/config";

export const devTasks = [
  emptyTask("dev", "Local node only (chain id 31337): advance time, set an account's native balance").build(),
  task(["dev", "advance-time"], "Local node only: move the chain's clock forward and mine a block")
    .addOption({ name: "seconds", description: "Seconds to move forward", defaultValue: "" })
    .addOption({
      name: "to",
      description: "Unix timestamp to move to, instead of --seconds (as printed by `oracle status --json`)",
      defaultValue: "",
    })
    .addFlag({ name: "json", description: "Print one JSON document" })
    .setAction(() => import("./advance-time.js"))
    .build(),
  task(["dev", "set-balance"], "Local node only: set an account's native OPEN balance (hardhat_setBalance)")
    .addOption({ name: "balance", description: "New native balance, in OPEN (required)", defaultValue: "" })
    .addOption({ name: "address", description: "Account address (default: the --account signer)", defaultValue: "" })
    .addOption({
      name: "account",
      description: "Index of the account among the network's accounts",
      type: ArgumentType.INT,
      defaultValue: 0,
    })
    .addFlag({ name: "json", description: "Print one JSON document" })
    .setAction(() => import("./set-balance.js"))
    .build(),
];
