/**
 * Shared by the `gov` tasks: the proposal file, proposals recovered from their ProposalCreated event, and readable
 * descriptions of actions and states.
 *
 * Proposal file (decision 0434):
 * {
 *   "description": "Lower the protocol fee to 3%",
 *   "actions": [
 *     { "contract": "InferencePayments",                 // a name of deployments/<chainId>.json, or an address
 *       "function": "setProtocolFeeBps(uint16)",         // a signature, or a name that is not overloaded
 *       "args": [300],                                   // ABI values; integers beyond 2^53 as decimal strings
 *       "value": "0" }                                   // native OPEN sent with the call, decimal OPEN (optional)
 *   ]
 * }
 * A named contract's function must exist in its ABI and its args must encode. An address that is not in the
 * deployment has no ABI to check against: its function must be a full signature, which alone defines the encoding.
 */
import { readFile } from "node:fs/promises";

import { Interface, formatUnits, id as keccakText, parseUnits, type FunctionFragment } from "ethers";

import type { GovContext } from "./signer.js";
import { protocolContract, protocolInterface, queryEvents } from "../lib/contracts.js";
import { mined } from "../lib/context.js";
import { TaskError } from "../lib/errors.js";
import { printCalldata } from "../lib/signer.js";
import { parseId } from "../lib/parse.js";
import { formatWhen } from "../lib/time.js";
import type { Simulation } from "./simulate.js";

/** IGovernor.ProposalState, by value. */
export const PROPOSAL_STATES = [
  "Pending",
  "Active",
  "Canceled",
  "Defeated",
  "Succeeded",
  "Queued",
  "Expired",
  "Executed",
] as const;
export type ProposalStateName = (typeof PROPOSAL_STATES)[number];

export async function governorContract(ctx: GovContext) {
  return protocolContract("OpenGovernor", ctx.address("OpenGovernor"), ctx.signer);
}

export type Governor = Awaited<ReturnType<typeof governorContract>>;

/**
 * Sends the governor's `queue` or `execute` of `proposal` and returns its receipt; with `--calldata`, prints the
 * transaction instead (for a Safe or a hardware wallet) and returns undefined.
 */
export async function queueOrExecute(
  governor: Governor,
  method: "queue" | "execute",
  proposal: Pick<ResolvedProposal, "targets" | "values" | "calldatas" | "descriptionHash">,
  calldata: boolean,
) {
  const args = [proposal.targets, proposal.values, proposal.calldatas, proposal.descriptionHash];
  if (calldata) {
    printCalldata({
      to: await governor.getAddress(),
      data: governor.interface.encodeFunctionData(method, args),
      value: 0n,
    });
    return undefined;
  }
  return mined(governor[method](...args));
}

export interface ResolvedAction {
  /** Deployment name of the target, or its address when it is not in the deployment. */
  contract: string;
  target: string;
  signature: string;
  args: unknown[];
  value: bigint;
  calldata: string;
  /** True if the function was checked against the contract's ABI. */
  checked: boolean;
}

export interface ResolvedProposal {
  id: bigint;
  description: string;
  descriptionHash: string;
  targets: string[];
  values: bigint[];
  calldatas: string[];
  actions: ResolvedAction[];
}

/** ABIs of deployed contracts by deployment name, from the TypeScript kernel (src/protocol/abis.ts). */
export class AbiBook {
  private readonly cache = new Map<string, Interface>();
  constructor(private readonly ctx: GovContext) {}

  /** The deployment name of `address`, if it is one of the deployed contracts. */
  nameOf(address: string): string | undefined {
    const wanted = address.toLowerCase();
    return Object.entries(this.ctx.deployment.contracts).find(([, a]) => a.toLowerCase() === wanted)?.[0];
  }

  async abiOf(name: string): Promise<Interface> {
    let iface = this.cache.get(name);
    if (iface === undefined) {
      iface = protocolInterface(name);
      this.cache.set(name, iface);
    }
    return iface;
  }
}

function refuseUnsafeNumbers(value: unknown, where: string): void {
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    throw new TaskError(`${where}: ${value} is not a safe integer; write large or exact numbers as decimal strings`);
  }
  if (Array.isArray(value)) value.forEach((v) => refuseUnsafeNumbers(v, where));
}

/** Reads, validates and encodes a proposal file; `id` is the proposal id it would get. */
export async function readProposalFile(
  book: AbiBook,
  ctx: GovContext,
  governor: Governor,
  file: string,
): Promise<ResolvedProposal> {
  let doc: { description?: unknown; actions?: unknown };
  try {
    doc = JSON.parse(await readFile(file, "utf8")) as typeof doc;
  } catch {
    throw new TaskError(`--file: ${file} cannot be read as JSON`);
  }
  if (doc === null || typeof doc !== "object") throw new TaskError(`--file: ${file} is not a proposal object`);
  if (typeof doc.description !== "string" || doc.description.trim() === "") {
    throw new TaskError(`${file}: "description" must be a non-empty string`);
  }
  if (!Array.isArray(doc.actions) || doc.actions.length === 0) {
    throw new TaskError(`${file}: "actions" must be a non-empty list`);
  }
  const actions: ResolvedAction[] = [];
  for (const [i, raw] of (doc.actions as unknown[]).entries()) {
    actions.push(await resolveAction(book, ctx, raw, `${file}: action ${i}`));
  }
  const description = doc.description;
  const targets = actions.map((a) => a.target);
  const values = actions.map((a) => a.value);
  const calldatas = actions.map((a) => a.calldata);
  const descriptionHash = keccakText(description);
  const id = await governor.hashProposal(targets, values, calldatas, descriptionHash);
  return { id, description, descriptionHash, targets, values, calldatas, actions };
}

async function resolveAction(book: AbiBook, ctx: GovContext, raw: unknown, where: string): Promise<ResolvedAction> {
  const action = raw as { contract?: unknown; function?: unknown; args?: unknown; value?: unknown };
  if (action === null || typeof action !== "object") throw new TaskError(`${where} is not an object`);
  if (typeof action.contract !== "string" || action.contract === "") {
    throw new TaskError(`${where}: "contract" must be a deployment name or an address`);
  }
  if (typeof action.function !== "string" || action.function === "") {
    throw new TaskError(`${where}: "function" must be a function signature such as "setProtocolFeeBps(uint16)"`);
  }
  const args = action.args ?? [];
  if (!Array.isArray(args)) throw new TaskError(`${where}: "args" must be a list`);
  refuseUnsafeNumbers(args, where);
  let value = 0n;
  if (action.value !== undefined) {
    if (typeof action.value !== "string" || !/^\d+(\.\d{1,18})?$/.test(action.value)) {
      throw new TaskError(`${where}: "value" must be a decimal OPEN amount as a string, such as "0" or "1.5"`);
    }
    value = parseUnits(action.value, 18);
  }

  let name: string | undefined;
  let target: string;
  if (/^0x[0-9a-fA-F]{40}$/.test(action.contract)) {
    target = ctx.ethers.getAddress(action.contract);
    name = book.nameOf(target);
  } else {
    name = action.contract;
    if (ctx.deployment.contracts[name] === undefined) {
      throw new TaskError(
        `${where}: no contract "${name}" in the deployment (known: ${Object.keys(ctx.deployment.contracts).join(", ")})`,
      );
    }
    target = ctx.ethers.getAddress(ctx.deployment.contracts[name]);
  }

  let iface: Interface;
  let fragment: FunctionFragment | null;
  if (name !== undefined) {
    iface = await book.abiOf(name);
    try {
      fragment = iface.getFunction(action.function);
    } catch {
      throw new TaskError(`${where}: ${action.function} is overloaded in ${name}: give the full signature`);
    }
    if (fragment === null) throw new TaskError(`${where}: ${name} has no function ${action.function}`);
  } else {
    if (!action.function.includes("(")) {
      throw new TaskError(`${where}: ${target} is not a deployed contract, so "function" must be a full signature`);
    }
    try {
      iface = new Interface([`function ${action.function}`]);
    } catch {
      throw new TaskError(`${where}: "${action.function}" is not a function signature`);
    }
    fragment = iface.fragments[0] as FunctionFragment;
  }
  if (fragment.constant) {
    throw new TaskError(`${where}: ${fragment.format()} is a view function; calling it changes nothing`);
  }
  if (value > 0n && !fragment.payable) throw new TaskError(`${where}: ${fragment.format()} is not payable`);
  refuseTextForBytes32(args, fragment, where);
  let calldata: string;
  try {
    calldata = iface.encodeFunctionData(fragment, args);
  } catch (error) {
    const reason = (error as { shortMessage?: string; message?: string }).shortMessage ?? String(error);
    throw new TaskError(`${where}: the args do not encode for ${fragment.format()}: ${reason}`);
  }
  return {
    contract: name ?? target,
    target,
    signature: fragment.format(),
    // As decoded from the calldata, so that a file's action reads the same as the proposal read back from chain.
    args: [...iface.decodeFunctionData(fragment, calldata).toArray(true)],
    value,
    calldata,
    checked: name !== undefined,
  };
}

/**
 * A bytes32 argument must be written as 0x and 64 hex digits: no setter takes a name, so text (a role name, a typo)
 * is refused with a one-line error rather than left to the ABI coder's message.
 */
function refuseTextForBytes32(args: unknown[], fragment: FunctionFragment, where: string): void {
  args.forEach((arg, i) => {
    if (fragment.inputs[i]?.type !== "bytes32" || typeof arg !== "string" || /^0x[0-9a-fA-F]{64}$/.test(arg)) return;
    throw new TaskError(
      `${where}: argument ${i + 1} of ${fragment.format()} is a bytes32: give 0x and 64 hex digits, not "${arg}"`,
    );
  });
}

/** Decodes an action of a proposal read from chain, where its target's ABI is known. */
export async function describeCall(
  book: AbiBook,
  target: string,
  value: bigint,
  calldata: string,
): Promise<ResolvedAction> {
  const name = book.nameOf(target);
  const base = { contract: name ?? target, target, value, calldata, checked: false, args: [] as unknown[] };
  if (name === undefined) return { ...base, signature: calldata.slice(0, 10) };
  const parsed = (await book.abiOf(name)).parseTransaction({ data: calldata, value });
  if (parsed === null) return { ...base, signature: calldata.slice(0, 10) };
  return { ...base, signature: parsed.fragment.format(), args: [...parsed.args.toArray(true)], checked: true };
}

/** `InferencePayments.setProtocolFeeBps(uint16)(300)` with any value sent. */
export function actionText(action: ResolvedAction): string {
  const show = (a: unknown): string => {
    if (typeof a === "bigint") return a.toString();
    return JSON.stringify(a, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  };
  const args = action.args.map(show).join(", ");
  const value = action.value > 0n ? ` sending ${formatUnits(action.value)} OPEN` : "";
  return `${action.contract}.${action.signature}(${args})${value}`;
}

/**
 * The proposal named by `--file` or `--id`: from the file (its id computed), or from the ProposalCreated event of the
 * id (searched from `fromBlock`, or from the deployment's start block if that is later: the governor has no earlier
 * event). TaskError if it does not exist on chain.
 */
export async function identifyProposal(
  book: AbiBook,
  ctx: GovContext,
  governor: Governor,
  args: { file: string; id: string; fromBlock: number },
): Promise<ResolvedProposal & { proposer: string }> {
  if (args.file !== "" && args.id !== "") throw new TaskError("give either --file or --id, not both");
  if (args.file === "" && args.id === "") throw new TaskError("give the proposal's --file or its --id");
  if (args.file !== "") {
    const proposal = await readProposalFile(book, ctx, governor, args.file);
    const proposer = await governor.proposalProposer(proposal.id);
    if (proposer === ctx.ethers.ZeroAddress) {
      throw new TaskError(`the proposal of ${args.file} (id ${proposal.id}) has not been proposed`);
    }
    return { ...proposal, proposer };
  }
  const id = parseId("id", args.id);
  const proposer = await governor.proposalProposer(id);
  if (proposer === ctx.ethers.ZeroAddress) throw new TaskError(`proposal ${id} does not exist`);
  if (!Number.isInteger(args.fromBlock) || args.fromBlock < 0)
    throw new TaskError("--from-block must be a block number");
  const from = Math.max(args.fromBlock, ctx.fromBlock);
  const logs = await queryEvents(governor, governor.filters.ProposalCreated(), from, "latest");
  const log = logs.find((l) => l.args.proposalId === id);
  if (log === undefined) {
    throw new TaskError(`proposal ${id} exists but its ProposalCreated event is not after block ${from}`);
  }
  // By position: `values` on an ethers Result is Array.prototype.values, not the event's field.
  const event = log.args;
  const targets = [...event[2]];
  const values = [...event[3]];
  const calldatas = [...event[5]];
  const description = event[8];
  const actions = await Promise.all(targets.map((t, i) => describeCall(book, t, values[i], calldatas[i])));
  return { id, description, descriptionHash: keccakText(description), targets, values, calldatas, actions, proposer };
}

export async function stateOf(governor: Governor, id: bigint): Promise<ProposalStateName> {
  return PROPOSAL_STATES[Number(await governor.state(id))];
}

/** Why proposal `id` in `state` cannot be queued or executed now, in one line. */
export async function notReady(
  governor: Governor,
  id: bigint,
  state: ProposalStateName,
  now: bigint,
  step: "queue" | "execute",
): Promise<string> {
  switch (state) {
    case "Pending":
      return `voting on proposal ${id} has not started (it opens ${formatWhen((await governor.proposalSnapshot(id)) + 1n, now)})`;
    case "Active":
      return `voting on proposal ${id} is open until ${formatWhen(await governor.proposalDeadline(id), now)}`;
    case "Defeated": {
      const [against, inFavour, abstain] = await governor.proposalVotes(id);
      const quorum = await governor.quorum(await governor.proposalSnapshot(id));
      return (
        `proposal ${id} was defeated: for ${formatUnits(inFavour)}, against ${formatUnits(against)}, abstain ` +
        `${formatUnits(abstain)} OPEN; quorum ${formatUnits(quorum)} OPEN (for + abstain)`
      );
    }
    case "Succeeded":
      return `proposal ${id} succeeded but is not queued: run \`gov queue\` first`;
    case "Queued":
      return step === "queue"
        ? `proposal ${id} is already queued; executable from ${formatWhen(await governor.proposalEta(id), now)}`
        : `proposal ${id} is queued until ${formatWhen(await governor.proposalEta(id), now)}`;
    default:
      return `proposal ${id} is ${state.toLowerCase()}`;
  }
}

/** `action 1 (InferencePayments.setProtocolFeeBps(uint16)(1500)) would revert ...: ProtocolParameterOutOfBounds(...)`. */
export function simulationFailure(simulation: Simulation, actions: readonly ResolvedAction[]): string | undefined {
  const failure = simulation.failure;
  if (failure === undefined) return undefined;
  return (
    `action ${failure.action} (${actionText(actions[failure.action - 1])}) would revert when the timelock ` +
    `executes it: ${failure.revert.text}`
  );
}

/** Readable lines of a simulation that succeeded. */
export function simulationLines(simulation: Simulation): string[] {
  const lines = [
    `  simulated from the timelock ${simulation.executor} on block ${simulation.block} ` +
      `(${simulation.method === "fork" ? "an in-process fork" : "a snapshot"}): ` +
      `${simulation.actions.length === 1 ? "the action succeeds" : `all ${simulation.actions.length} actions succeed, in order`}`,
  ];
  if (simulation.valueShortfall > 0n) {
    lines.push(
      `  note: the actions send ${formatUnits(simulation.valueShortfall)} OPEN more than the timelock holds now: ` +
        "fund it before execution",
    );
  }
  return lines;
}

/** The simulation as JSON output shows it. */
export function simulationJson(simulation: Simulation) {
  return {
    ok: simulation.ok,
    method: simulation.method,
    block: simulation.block,
    executor: simulation.executor,
    actions: simulation.actions,
    valueShortfall: simulation.valueShortfall,
  };
}
