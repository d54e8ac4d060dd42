/**
 * Errors a task reports as one line (`error: ...`) with a non-zero exit, instead of a stack trace.
 */
export class TaskError extends Error {
  override name = "TaskError";
}

/** Custom error names of the protocol's contracts, decoded from a revert where the ABI knows them. */
interface DecodableInterface {
  parseError(data: string): { name: string; args: readonly unknown[] } | null;
}

/**
 * Runs a task body. A TaskError, a contract revert or a network failure is printed as one line on stderr and the
 * process exit code is set to 1; nothing else is printed. Other errors propagate (a bug: Hardhat shows the stack).
 */
export async function runTask(body: () => Promise<void>, decoders: DecodableInterface[] = []): Promise<void> {
  try {
    await body();
  } catch (error) {
    const line = describeError(error, decoders);
    if (line === undefined) throw error;
    console.error(`error: ${line}`);
    process.exitCode = 1;
  }
}

export function describeError(error: unknown, decoders: DecodableInterface[] = []): string | undefined {
  if (error instanceof TaskError) return error.message;
  const e = error as { code?: string; data?: string; shortMessage?: string; message?: string; revert?: unknown };
  const data = findRevertData(error);
  if (data !== undefined) {
    for (const decoder of decoders) {
      try {
        const parsed = decoder.parseError(data);
        if (parsed !== null) return `reverted with ${parsed.name}(${parsed.args.map(formatArg).join(", ")})`;
      } catch {
        // not this contract's error
      }
    }
    return `reverted (${data.slice(0, 10)})`;
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

/** The custom error `error` reverted with, decoded by `decoder`, or undefined (not a revert, or not its error). */
export function revertedWith(
  error: unknown,
  decoder: DecodableInterface,
): { name: string; args: readonly unknown[] } | undefined {
  const data = findRevertData(error);
  if (data === undefined) return undefined;
  try {
    return decoder.parseError(data) ?? undefined;
  } catch {
    return undefined;
  }
}

function findRevertData(error: unknown, depth = 0): string | undefined {
  if (depth > 5 || error === null || typeof error !== "object") return undefined;
  const e = error as Record<string, unknown>;
  if (typeof e.data === "string" && /^0x[0-9a-fA-F]{8}/.test(e.data)) return e.data;
  for (const key of ["error", "cause", "info", "data"]) {
    const nested = findRevertData(e[key], depth + 1);
    if (nested !== undefined) return nested;
  }
  return undefined;
}

function formatArg(value: unknown): string {
  return typeof value === "bigint" ? value.toString() : String(value);
}
