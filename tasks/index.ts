/**
 * Every task group of the project. Each group's index declares its tasks; each action lives in its own file and is
 * loaded only when its task runs, so `hardhat --help` stays fast.
 *
 * `pluginTasks` are what `@openledger/hardhat-plugin` (tasks/plugin.ts) gives any Hardhat 3 project: they read the
 * protocol's ABIs from the TypeScript kernel and its addresses from the deployment record or the packaged address
 * book, never a build artifact. The tasks that need this repository's build (tasks/repository.ts) are added by its own
 * hardhat.config.ts only, next to the plugin.
 */
import { agentTasks } from "./agent/index.js";
import { attributionTasks } from "./attribution/index.js";
import { datanetTasks } from "./datanet/index.js";
import { devTasks } from "./dev/index.js";
import { govTasks } from "./gov/index.js";
import { inferTasks } from "./infer/index.js";
import { modelTasks } from "./model/index.js";
import { oracleTasks } from "./oracle/index.js";
import { protocolTasks } from "./protocol/index.js";
import { rewardsTasks } from "./rewards/index.js";
import { stakeTasks } from "./stake/index.js";

export const pluginTasks = [
  ...protocolTasks,
  ...datanetTasks,
  ...modelTasks,
  ...agentTasks,
  ...inferTasks,
  ...stakeTasks,
  ...oracleTasks,
  ...rewardsTasks,
  ...attributionTasks,
  ...govTasks,
  ...devTasks,
];
