/** What the node tells apart when a call fails: an RPC that did not answer, or a custom error a transaction reverted with. */
import { Interface, type InterfaceAbi } from "ethers";

import { openLedgerErrorsAbi } from "../../protocol/index.js";

/** An RPC that did not answer (timeout, refused or reset connection, gateway error), as opposed to a node bug. */
export function isRpcFailure(e: unknown): boolean {
  const error = e as { code?: unknown; message?: unknown; cause?: unknown } | null;
  if (error === null || typeof error !== "object") return false;
  const code = String(error.code ?? "");
  const message = String(error.message ?? "");
  if (["TIMEOUT", "NETWORK_ERROR", "SERVER_ERROR", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT"].includes(code))
    return true;
  if (/timeout|timed out|ECONNREFUSED|ECONNRESET|socket hang up|fetch failed|HHE7\d\d/i.test(message)) return true;
  return error.cause !== undefined && error.cause !== e && isRpcFailure(error.cause);
}

/** Every protocol error (the kernel's combined errors ABI): the oracle's, the court's and what they call into. */
const ORACLE_ERRORS = new Interface(openLedgerErrorsAbi as unknown as InterfaceAbi);

/**
 * The custom error a call reverted with: ethers decodes it into `.revert` on most providers, but some (Hardhat's
 * in-process chain among them) only return the raw `.data`, which is decoded here against the oracle's errors.
 */
export function revertName(e: unknown): string | undefined {
  const error = e as { revert?: { name?: string }; data?: unknown };
  if (error.revert?.name !== undefined) return error.revert.name;
  if (typeof error.data !== "string" || !error.data.startsWith("0x")) return undefined;
  try {
    return ORACLE_ERRORS.parseError(error.data)?.name;
  } catch {
    return undefined;
  }
}

/** Waits `ms`, or less when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done);
  });
}
