/**
 * The one revert decoder of the protocol's TypeScript: the tasks, the Hardhat plugin and the SDK all decode reverts
 * here. It knows every custom error of every protocol contract and of the OpenZeppelin code they inherit
 * (`openLedgerErrorsAbi`, generated from the artifacts, so a revert raised by WOPEN or the AgentRegistry inside an
 * InferencePayments call decodes as well as InferencePayments' own), OpenZeppelin's standard errors that a call
 * through the protocol can meet even where no protocol ABI declares them, and Solidity's `Error(string)` and
 * `Panic(uint256)`.
 *
 * bytes32 arguments are shown as a reader knows them: a role by its constant's name (`GUARDIAN_ROLE`), and a key that
 * is short text, as every governance parameter key is (`ProtocolParameterOutOfBounds(bytes32 parameter, ...)` carries
 * `bytes32("protocolFeeBps")`), as that text, reported as the revert's `parameter`.
 */
import { ErrorFragment, Interface, decodeBytes32String, id as keccakText, type ParamType, type Result } from "ethers";

import { openLedgerErrorsAbi } from "./abis.js";

/** OpenZeppelin's errors a call through the protocol can raise, whether or not a protocol ABI declares them. */
const OPENZEPPELIN_ERRORS = [
  // EIP-6093
  "error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)",
  "error ERC20InvalidSender(address sender)",
  "error ERC20InvalidReceiver(address receiver)",
  "error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)",
  "error ERC20InvalidApprover(address approver)",
  "error ERC20InvalidSpender(address spender)",
  "error ERC721InvalidOwner(address owner)",
  "error ERC721NonexistentToken(uint256 tokenId)",
  "error ERC721IncorrectOwner(address sender, uint256 tokenId, address owner)",
  "error ERC721InvalidSender(address sender)",
  "error ERC721InvalidReceiver(address receiver)",
  "error ERC721InsufficientApproval(address operator, uint256 tokenId)",
  "error ERC721InvalidApprover(address approver)",
  "error ERC721InvalidOperator(address operator)",
  // Access, proxies, initialization
  "error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)",
  "error AccessControlBadConfirmation()",
  "error OwnableUnauthorizedAccount(address account)",
  "error OwnableInvalidOwner(address owner)",
  "error ERC1967InvalidImplementation(address implementation)",
  "error ERC1967InvalidAdmin(address admin)",
  "error ERC1967NonPayable()",
  "error UUPSUnauthorizedCallContext()",
  "error UUPSUnsupportedProxiableUUID(bytes32 slot)",
  "error InvalidInitialization()",
  "error NotInitializing()",
  // Utilities
  "error AddressEmptyCode(address target)",
  "error FailedCall()",
  "error InsufficientBalance(uint256 balance, uint256 needed)",
  "error SafeERC20FailedOperation(address token)",
  "error ReentrancyGuardReentrantCall()",
  "error EnforcedPause()",
  "error ExpectedPause()",
  "error SafeCastOverflowedUintDowncast(uint8 bits, uint256 value)",
  "error ECDSAInvalidSignature()",
  "error ECDSAInvalidSignatureLength(uint256 length)",
  "error ECDSAInvalidSignatureS(bytes32 s)",
  // Governance: the TimelockController and the Governor
  "error TimelockInvalidOperationLength(uint256 targets, uint256 payloads, uint256 values)",
  "error TimelockInsufficientDelay(uint256 delay, uint256 minDelay)",
  "error TimelockUnexpectedOperationState(bytes32 operationId, bytes32 expectedStates)",
  "error TimelockUnexecutedPredecessor(bytes32 predecessorId)",
  "error TimelockUnauthorizedCaller(address caller)",
  "error GovernorOnlyExecutor(address account)",
  "error GovernorNonexistentProposal(uint256 proposalId)",
  "error GovernorUnexpectedProposalState(uint256 proposalId, uint8 current, bytes32 expectedStates)",
  "error GovernorInvalidVotingPeriod(uint256 votingPeriod)",
  "error GovernorInsufficientProposerVotes(address proposer, uint256 votes, uint256 threshold)",
  "error GovernorInvalidQuorumFraction(uint256 quorumNumerator, uint256 quorumDenominator)",
];

/** Role constants of the protocol and of OpenZeppelin, by their hash. */
const ROLE_NAMES = new Map<string, string>(
  [
    "GUARDIAN_ROLE",
    "PAYMENTS_ROLE",
    "REWARD_DISTRIBUTOR_ROLE",
    "SLASHER_ROLE",
    "ORACLE_ROLE",
    "RESOLVER_ROLE",
    "PROPOSER_ROLE",
    "EXECUTOR_ROLE",
    "CANCELLER_ROLE",
  ].map((name) => [keccakText(name), name]),
);
ROLE_NAMES.set(`0x${"0".repeat(64)}`, "DEFAULT_ADMIN_ROLE");

/** Every error this module decodes, by selector; the protocol's own declarations win over the fallbacks. */
const ERRORS = new Map<string, ErrorFragment>();
for (const iface of [
  new Interface(openLedgerErrorsAbi as unknown as readonly object[] as never),
  new Interface(OPENZEPPELIN_ERRORS),
  new Interface(["error Error(string reason)", "error Panic(uint256 code)"]),
]) {
  iface.forEachError((fragment) => {
    if (!ERRORS.has(fragment.selector)) ERRORS.set(fragment.selector, fragment);
  });
}

export interface DecodedRevert {
  /** The error's name, e.g. `PaymentsPriceAboveMax`; `Error` for a reason string, `Panic` for a panic code. */
  name: string;
  /** Canonical signature, e.g. `PaymentsPriceAboveMax(uint256,uint256,uint256)`. */
  signature: string;
  /** Arguments by position and, where the ABI names them, by name. */
  args: Result;
  /** The raw revert data. */
  data: string;
  /**
   * One readable line: `ProtocolParameterOutOfBounds(parameter "protocolFeeBps", value 1500, min 0, max 1000)`,
   * `AccessControlUnauthorizedAccount(account 0x..., neededRole GUARDIAN_ROLE)`, `Panic(0x11: arithmetic overflow ...)`.
   */
  text: string;
  /** The text of the first bytes32 argument that is a key name (a governance parameter's), if any. */
  parameter?: string;
}

/** Decodes revert data; undefined when it is empty, not a known error, or does not decode as that error. */
export function decodeRevert(data: string): DecodedRevert | undefined {
  if (!/^0x[0-9a-fA-F]{8}/.test(data)) return undefined;
  const fragment = ERRORS.get(data.slice(0, 10).toLowerCase());
  if (fragment === undefined) return undefined;
  let args: Result;
  try {
    args = Interface.from([fragment]).decodeErrorResult(fragment, data);
  } catch {
    return undefined;
  }
  const signature = fragment.format("sighash");
  if (fragment.name === "Panic") {
    return { name: "Panic", signature, args, data, text: `Panic(${panicReason(args[0] as bigint)})` };
  }
  let parameter: string | undefined;
  const shown = fragment.inputs.map((input, i) => {
    const value: unknown = args[i];
    if (input.type === "bytes32" && typeof value === "string") {
      const role = ROLE_NAMES.get(value.toLowerCase());
      if (role !== undefined) return label(input, role);
      const key = keyText(value);
      if (key !== undefined) {
        parameter ??= key;
        return label(input, `"${key}"`);
      }
    }
    return label(input, showArg(value));
  });
  const decoded: DecodedRevert = {
    name: fragment.name,
    signature,
    args,
    data,
    text: `${fragment.name}(${shown.join(", ")})`,
  };
  if (parameter !== undefined) decoded.parameter = parameter;
  return decoded;
}

/**
 * What a revert says, always: the decoded line, or that there was no reason data, or the unknown selector. For
 * messages (`gov propose` refusing an action, a task's one-line error).
 */
export function describeRevert(data: string): { name: string; text: string; parameter?: string } {
  if (data === "0x" || data.length < 10) return { name: "", text: "a revert without reason data" };
  const decoded = decodeRevert(data);
  if (decoded !== undefined) {
    return decoded.parameter === undefined
      ? { name: decoded.name, text: decoded.text }
      : { name: decoded.name, text: decoded.text, parameter: decoded.parameter };
  }
  const known = ERRORS.get(data.slice(0, 10).toLowerCase());
  if (known !== undefined) return { name: known.name, text: `${known.name} with undecodable data (${data})` };
  return { name: "", text: `an unknown error (${data.slice(0, 10)})` };
}

/** The one-line form of a decoded revert (its `text`). */
export function formatRevert(revert: DecodedRevert): string {
  return revert.text;
}

/**
 * The revert data inside an error thrown by ethers, viem, Hardhat or a JSON-RPC provider: the first `data` field
 * (searched through `data`, `cause`, `error`, `info` and `revert` objects) that holds at least a 4-byte selector.
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

/** A bytes32 that holds short identifier text (a parameter key such as "protocolFeeBps"), as that text. */
function keyText(value: string): string | undefined {
  try {
    const text = decodeBytes32String(value);
    return /^[A-Za-z][A-Za-z0-9_]*$/.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

function label(input: ParamType, value: string): string {
  return input.name === "" ? value : `${input.name} ${value}`;
}

function showArg(value: unknown): string {
  if (typeof value === "string") return value.startsWith("0x") ? value : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(showArg).join(", ")}]`;
  return String(value);
}

const PANICS: Record<number, string> = {
  0x01: "assertion failed",
  0x11: "arithmetic overflow or underflow",
  0x12: "division by zero",
  0x21: "invalid enum value",
  0x31: "pop from an empty array or queue",
  0x32: "array index out of bounds",
  0x41: "out of memory",
  0x51: "call to an uninitialised function",
};

function panicReason(code: bigint): string {
  return `0x${code.toString(16).padStart(2, "0")}: ${PANICS[Number(code)] ?? "unknown panic code"}`;
}
