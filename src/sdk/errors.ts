/**
 * Reverts of any protocol call, decoded by the kernel's one decoder (src/protocol/revert.ts): every custom error of
 * every protocol contract and of the OpenZeppelin code they inherit (a revert raised by WOPEN or the AgentRegistry
 * inside an InferencePayments call decodes as well as InferencePayments' own), OpenZeppelin's standard errors, and
 * Solidity's `Error(string)` and `Panic(uint256)`; bytes32 parameter keys and roles read as their names.
 */
import { formatRevert, type DecodedRevert } from "../protocol/index.js";

export { decodeRevert, formatRevert, revertDataOf, type DecodedRevert } from "../protocol/index.js";

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
