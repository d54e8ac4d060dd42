import { decodeRevert, revertDataOf, type DecodedRevert } from "../../src/protocol/index.js";
import { CalldataReady, printCalldata } from "./signer.js";

/**
 * Errors a task reports as one line (`error: ...`) with a non-zero exit, instead of a stack trace.
 */
export class TaskError extends Error {
  override name = "TaskError";
}

/**
 * Runs a task body. A TaskError, a contract revert or a network failure is printed as one line on stderr and the
 * process exit code is set to 1; nothing else is printed. Other errors propagate (a bug: Hardhat shows the stack).
 * Reverts are decoded by the kernel's one decoder (src/protocol/revert.ts), which knows every protocol error. With
 * `--calldata`, the transaction the task would have sent is printed instead (tasks/lib/signer.ts).
 */
export async function runTask(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    // `--calldata`: the first transaction the task would send is its output.
    if (error instanceof CalldataReady) {
      printCalldata(error.transaction);
      return;
    }
    const line = describeError(error);
    if (line === undefined) throw error;
    console.error(`error: ${line}`);
    process.exitCode = 1;
  }
}

/** One line for an error a task meets (undefined when it is a bug, not a failure the user can act on). */
export function describeError(error: unknown): string | undefined {
  if (error instanceof TaskError) return error.message;
  const e = error as { code?: string; data?: string; shortMessage?: string; message?: string; revert?: unknown };
  const data = revertDataOf(error);
  if (data !== undefined) {
    const decoded = decodeRevert(data);
    return decoded === undefined ? `reverted (${data.slice(0, 10)})` : `reverted with ${decoded.text}`;
  }
  if (e?.code === "CALL_EXCEPTION") return e.shortMessage ?? "transaction reverted";
  const message = typeof e?.message === "string" ? e.message : "";
  if (e?.code === "TIMEOUT" || /HHE704|timed out|request timeout/i.test(message)) {
    return (
      "the network did not answer in time (RPC timeout: OPENLEDGER_RPC_TIMEOUT_MS, default 30 s; `oracle run` and " +
      "`oracle epoch` take --rpc-timeout): check that its node is up and answering"
    );
  }
  if (/HHE703/.test(message)) return `cannot reach the network: ${message.split("\n")[0].replace(/^.*HHE703: /, "")}`;
  if (e?.code === "BAD_DATA" || /could not decode result data/.test(message)) {
    return (
      "a contract call returned no data: the deployment record does not match this network (a restarted local " +
      "node, or another chain with the same id?); run `protocol deploy` on it, or connect to the right network"
    );
  }
  if (e?.code === "ECONNREFUSED" || /ECONNREFUSED|connect/.test(e?.message ?? "")) {
    return `cannot reach the network: ${e.message?.split("\n")[0]}`;
  }
  return undefined;
}

/** The protocol error `error` reverted with (decoded by the kernel), or undefined: not a revert, or not known. */
export function revertedWith(error: unknown): DecodedRevert | undefined {
  const data = revertDataOf(error);
  return data === undefined ? undefined : decodeRevert(data);
}
