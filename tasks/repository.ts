/**
 * The tasks that need this repository's build, which the plugin cannot ship: `protocol deploy` (the contracts'
 * bytecode, through Ignition) and the `orbit` group (the Orbit rollup stack's artifacts and @arbitrum/sdk). Only this
 * repository's hardhat.config.ts adds them, next to the plugin's task groups.
 */
import { orbitTasks } from "./orbit/index.js";
import { protocolDeployTask } from "./protocol/deploy-task.js";

export const repositoryTasks = [protocolDeployTask, ...orbitTasks];
