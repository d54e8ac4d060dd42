/**
 * `hardhat protocol ...`: deploy the protocol through its Ignition module and show what is deployed.
 */
import { emptyTask, task } from "hardhat/config";

export const protocolTasks = [
  emptyTask("protocol", "Deploy the OpenLedger protocol and show its addresses and parameters").build(),
  task(
    ["protocol", "deploy"],
    "Deploy the whole protocol (Ignition module Protocol) and write deployments/<chainId>.json",
  )
    .addOption({
      name: "parameters",
      description: "Ignition parameters file (default: deploy/parameters/<network>.json when it exists)",
      defaultValue: "",
    })
    .addOption({
      name: "open",
      description: "OPEN on the parent chain; when an Orbit record for this chain exists, the chain is checked first",
      defaultValue: "",
    })
    .addFlag({ name: "json", description: "Print JSON" })
    .setAction(() => import("./deploy.js"))
    .build(),
  task(["protocol", "show"], "Show the deployed addresses and the live governance parameters")
    .addFlag({ name: "json", description: "Print JSON" })
    .setAction(() => import("./show.js"))
    .build(),
];
