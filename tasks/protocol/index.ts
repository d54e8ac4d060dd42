/**
 * `hardhat protocol ...`: show what is deployed (every project with the plugin). `protocol deploy` is declared apart
 * (deploy-task.ts): deploying needs the contracts' bytecode from this repository's build.
 */
import { emptyTask, task } from "hardhat/config";

/** `protocol` and `protocol show`: in the plugin. */
export const protocolTasks = [
  emptyTask("protocol", "Deploy the OpenLedger protocol and show its addresses and parameters").build(),
  task(["protocol", "show"], "Show the deployed addresses and the live governance parameters")
    .addFlag({ name: "json", description: "Print JSON" })
    .setAction(() => import("./show.js"))
    .build(),
];
