/**
 * Every task group of the project. Each group's index declares its tasks; each action lives in its own file and is
 * loaded only when its task runs, so `hardhat --help` stays fast.
 */
import { orbitTasks } from "./orbit/index.js";
import { protocolTasks } from "./protocol/index.js";

export const allTasks = [...protocolTasks, ...orbitTasks];
