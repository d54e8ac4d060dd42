/**
 * `hardhat protocol deploy`: deploys the protocol through its Ignition module. This repository's configuration adds
 * it to the plugin's `protocol` group; it is not in the plugin, as deploying needs the contracts' bytecode from this
 * repository's build.
 */
import { task } from "hardhat/config";

export const protocolDeployTask = task(
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
  .build();
