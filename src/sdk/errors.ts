/**
 * Reverts of any protocol call, decoded with one ABI: every custom error of every protocol contract and of the
 * OpenZeppelin code they inherit (a revert raised by WOPEN or the AgentRegistry inside an InferencePayments call
 * decodes as well as InferencePayments' own), plus Solidity's `Error(string)` and `Panic(uint256)`.
 */
import { Interface, type Result } from "ethers";

import { openLedgerErrorsAbi } from "../protocol/index.js";

const errors = new Interface([
  ...(openLedgerErrorsAbi as unknown as readonly object[]),
  "error Error(string message)",
  "error Panic(uint256 code)",
] as never);

export interface DecodedRevert {
  /** The error's name, e.g. `PaymentsPriceAboveMax`; `Error` for a reason string, `Panic` for a panic code. */
  name: string;
  /** Canonical signature, e.g. `PaymentsPriceAboveMax(uint256,uint256)`. */
  signature: string;
  /** Arguments by position and, where the ABI names them, by name. */
  args: Result;
  /** The raw revert data. */
  data: string;
}

/** Decodes revert data; undefined when it is empty or not a known error. */
export function decodeRevert(data: string): DecodedRevert | undefined {
  if (!/^0x[0-9a-fA-F]{8}/.test(data)) return undefined;
  try {
    const parsed = errors.parseError(data);
    if (parsed === null) return undefined;
    return { name: parsed.name, signature: parsed.signature, args: parsed.args, data };
  } catch {
    return undefined;
  }
}

/** One line naming a decoded revert and its arguments: `PaymentsPriceAboveMax(amount=10, maxAmount=5)`. */
export function formatRevert(revert: DecodedRevert): string {
  const fragment = errors.getError(revert.data.slice(0, 10));
  const names = fragment?.inputs.map((input, i) => input.name || `arg${i}`) ?? [];
  const values = names.map((name, i) => `${name}=${String(revert.args[i])}`);
  return `${revert.name}(${values.join(", ")})`;
}

/**
 * The revert data inside an error thrown by ethers, viem or a JSON-RPC provider: the first `data` field (searched
 * through `cause`, `error`, `info` and `data` objects) that holds at least a 4-byte selector.
 */
export function revertDataOf(error: unknown, depth = 0): string | undefined {
  if (error === null || typeof error !== "object" || depth > 6) return undefined;
  const record = error as Record<string, unknown>;
  const data = record.data;
  if (typeof data === "string" && /^0x[0-9a-fA-F]{8}/.test(data)) return data;
  for (const key of ["data", "cause", "error", "info", "revert"]) {
    const found = revertDataOf(record[key], depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A protocol call that reverted (or would revert), with its decoded reason when the protocol's ABI knows it. */
export class OpenLedgerError extends Error {
  override name = "OpenLedgerError";
  constructor(
    /** What the SDK was doing, e.g. `InferencePayments.pay`. */
    readonly action: string,
    /** The decoded revert, when there is revert data the protocol's ABI knows. */
    readonly revert: DecodedRevert | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      revert === undefined
        ? `${action} reverted${options?.cause instanceof Error ? `: ${options.cause.message.split("\n")[0]}` : ""}`
        : `${action} reverted with ${formatRevert(revert)}`,
      options,
    );
  }
}
