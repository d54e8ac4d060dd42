/**
 * RPC timeouts for tasks and the oracle node (decision 0482). Hardhat's HTTP networks wait 300 s for an answer by
 * default: a hung RPC then blocks every task and every pass of the node for five minutes per call, silently. The
 * project's HTTP networks use `rpcTimeoutMs()` instead (30 s, or OPENLEDGER_RPC_TIMEOUT_MS), and `oracle run`/`oracle
 * epoch` take `--rpc-timeout <seconds>` for their own connection.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { DEFAULT_RPC_TIMEOUT_MS } from "../../src/oracle/index.js";
import { TaskError } from "./errors.js";

export { DEFAULT_RPC_TIMEOUT_MS };

/** The timeout of the project's HTTP networks: OPENLEDGER_RPC_TIMEOUT_MS when set to a positive integer, else 30 s. */
export function rpcTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.OPENLEDGER_RPC_TIMEOUT_MS;
  if (text === undefined || text === "") return DEFAULT_RPC_TIMEOUT_MS;
  const ms = /^\d+$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(ms) && ms > 0 ? ms : DEFAULT_RPC_TIMEOUT_MS;
}

/** `--rpc-timeout <seconds>`: more than 0, at most an hour; returns milliseconds. */
export function parseRpcTimeout(value: number | string | undefined): number {
  const text = String(value ?? DEFAULT_RPC_TIMEOUT_MS / 1000).trim();
  const seconds = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(seconds > 0 && seconds <= 3_600)) {
    throw new TaskError(`--rpc-timeout ${text}: not a number of seconds in (0, 3600]; the default is 30`);
  }
  return Math.round(seconds * 1000);
}

/**
 * The task's network connection: the shared one, or, with `timeoutMs` on an HTTP network, a connection of its own
 * whose requests time out after `timeoutMs`.
 */
export async function connectWithTimeout(hre: HardhatRuntimeEnvironment, timeoutMs?: number) {
  const name = hre.globalOptions.network ?? "default";
  if (timeoutMs !== undefined && hre.config.networks[name]?.type === "http") {
    return hre.network.create({ network: name, override: { timeout: timeoutMs } });
  }
  return hre.network.getOrCreate();
}
