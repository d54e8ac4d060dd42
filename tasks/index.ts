/**
 * Every task group of the project. Each group's index declares its tasks; each action lives in its own file and is
 * loaded only when its task runs, so `hardhat --help` stays fast.
 */
import { orbitTasks } from "./orbit/index.js";

export const allTasks = [...orbitTasks];
