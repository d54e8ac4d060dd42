/**
 * One revert decoder for the governance tasks: the custom errors of every protocol contract (every artifact under
 * contracts/, mocks excepted, plus the TimelockController and the proxy) and OpenZeppelin's standard errors, with
 * bytes32 arguments shown readably: a governance parameter key by its name ("protocolFeeBps"), a role by its
 * constant's name (GUARDIAN_ROLE).
 */
import { ErrorFragment, Interface, id as keccakText, type ParamType } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { parameterKeyName } from "./parameters.js";

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
  // Governance
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

/** Role constants of the protocol and OpenZeppelin, by their hash. */
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

export interface DecodedRevert {
  /** The error's name, such as ProtocolParameterOutOfBounds (or Error / Panic). */
  name: string;
  /** `ProtocolParameterOutOfBounds(parameter "protocolFeeBps", value 1500, min 0, max 1000)`. */
  text: string;
  /** The readable name of the governance parameter the error names, if any. */
  parameter?: string;
}

/** Decodes revert data with every error the protocol and OpenZeppelin declare. */
export class RevertDecoder {
  private readonly errors = new Map<string, ErrorFragment>();

  constructor(abis: readonly Interface[]) {
    for (const iface of [new Interface(OPENZEPPELIN_ERRORS), ...abis]) {
      iface.forEachError((fragment) => {
        if (!this.errors.has(fragment.selector)) this.errors.set(fragment.selector, fragment);
      });
    }
  }

  decode(data: string): DecodedRevert {
    if (data === "0x" || data.length < 10) return { name: "", text: "a revert without reason data" };
    const selector = data.slice(0, 10).toLowerCase();
    const fragment = this.errors.get(selector) ?? builtin(selector);
    if (fragment === undefined) return { name: "", text: `an unknown error (${data.slice(0, 10)})` };
    let values: readonly unknown[];
    try {
      values = Interface.from([fragment]).decodeErrorResult(fragment, data).toArray();
    } catch {
      return { name: fragment.name, text: `${fragment.name} with undecodable data (${data})` };
    }
    let parameter: string | undefined;
    const shown = fragment.inputs.map((input, i) => {
      const value = values[i];
      if (input.type === "bytes32" && typeof value === "string") {
        const key = parameterKeyName(value);
        if (key !== undefined) {
          parameter ??= key;
          return label(input, `"${key}"`);
        }
        const role = ROLE_NAMES.get(value.toLowerCase());
        if (role !== undefined) return label(input, role);
      }
      return label(input, showArg(value));
    });
    if (fragment.name === "Panic") return { name: "Panic", text: `Panic(${panicReason(values[0] as bigint)})` };
    return { name: fragment.name, text: `${fragment.name}(${shown.join(", ")})`, parameter };
  }
}

/** The decoder over every protocol artifact (contracts/, mocks excepted) and the deployed library contracts. */
export async function revertDecoder(hre: HardhatRuntimeEnvironment): Promise<RevertDecoder> {
  const names = [...(await hre.artifacts.getAllFullyQualifiedNames())].filter(
    (name) =>
      (name.startsWith("contracts/") && !name.startsWith("contracts/mocks/")) ||
      name.endsWith(":TimelockController") ||
      name.endsWith(":ERC1967Proxy"),
  );
  const abis = await Promise.all(
    names.map(async (name) => new Interface((await hre.artifacts.readArtifact(name)).abi)),
  );
  return new RevertDecoder(abis);
}

const BUILTIN = new Interface(["error Error(string reason)", "error Panic(uint256 code)"]);

function builtin(selector: string): ErrorFragment | undefined {
  let found: ErrorFragment | undefined;
  BUILTIN.forEachError((fragment) => {
    if (fragment.selector === selector) found = fragment;
  });
  return found;
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
