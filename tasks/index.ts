/**
 * Every task group of the project. Each group's index declares its tasks; each action lives in its own file and is
 * loaded only when its task runs, so `hardhat --help` stays fast.
 */
import { agentTasks } from "./agent/index.js";
import { datanetTasks } from "./datanet/index.js";
import { devTasks } from "./dev/index.js";
import { modelTasks } from "./model/index.js";
import { oracleTasks } from "./oracle/index.js";
import { orbitTasks } from "./orbit/index.js";
import { protocolTasks } from "./protocol/index.js";

export const allTasks = [
  ...protocolTasks,
  ...orbitTasks,
  ...datanetTasks,
  ...modelTasks,
  ...agentTasks,
  ...oracleTasks,
  ...devTasks,
];
