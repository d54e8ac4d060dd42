/**
 * `@openledger/hardhat-plugin`: the protocol's tasks for any Hardhat 3 project.
 *
 *   import openLedger from "@openledger/hardhat-plugin";
 *   export default defineConfig({ plugins: [openLedger], networks: { ... } });
 *
 * The tasks take the protocol's ABIs from the TypeScript kernel compiled into the package and its addresses from the
 * packaged address book (by chain id) or from `<OPENLEDGER_DEPLOYMENTS_DIR>/<chainId>.json`; nothing of the protocol
 * is compiled in the user's project. They talk to the chain through hardhat-ethers, which the plugin declares as its
 * dependency. This repository's own hardhat.config.ts uses this same plugin, plus the tasks that need its build.
 */
import type { HardhatPlugin } from "hardhat/types/plugins";

import { pluginTasks } from "./index.js";

const openLedgerPlugin: HardhatPlugin = {
  id: "@openledger/hardhat-plugin",
  npmPackage: "@openledger/hardhat-plugin",
  dependencies: () => [import("@nomicfoundation/hardhat-ethers")],
  tasks: pluginTasks,
};

export default openLedgerPlugin;
