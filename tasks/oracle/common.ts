/**
 * What the `oracle` tasks share: the oracle node built from the task's options (signer, deployment record, content
 * store, state directory), the epoch's timing and status as the tasks print them, and the errors of the node turned
 * into one-line task errors.
 */
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";

import { formatUnits, getAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import {
  ContentUnavailableError,
  EPOCH_STATUS,
  FormatError,
  OracleNode,
  ChainFollower,
  type OracleNodeOptions,
  ChainMismatchError,
  StateLockedError,
  StateError,
  writeFileAtomic,
} from "../../src/oracle/index.js";
import { openTaskStore } from "../lib/content-store.js";
import { TaskError } from "../lib/errors.js";
import { parseRpcTimeout } from "../lib/timeouts.js";
import { parseChoice } from "../lib/list-options.js";
import { parseId } from "../lib/parse.js";
import type { Deployment } from "../lib/deployments.js";
import { actorContext, type ActorContext } from "../lib/context.js";

export const DEFAULT_STATE_DIRECTORY = ".openledger/oracle";

export const MODES = ["attest", "sign"] as const;
export type Mode = (typeof MODES)[number];

/** An epoch id (uint64). */
export function parseEpoch(value: string): bigint {
  if (value === "") throw new TaskError("--epoch is required");
  const epoch = parseId("epoch", value);
  if (epoch >= 1n << 64n) throw new TaskError(`--epoch: ${value} is not an epoch (uint64)`);
  return epoch;
}

export function parseMode(value: string): Mode {
  return MODES[parseChoice("mode", value, MODES)];
}

export interface NodeOptions {
  account: number | string;
  store: string;
  ipfs: string;
  state: string;
  mode?: string;
  confirmations?: number | string;
  rpcTimeout?: number | string;
}

/** `--confirmations`: a whole number of blocks, 0 or more. */
export function parseConfirmations(value: number | string | undefined): number {
  const text = String(value ?? "0").trim();
  const blocks = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(blocks)) {
    throw new TaskError(
      `--confirmations ${text}: not a number of blocks; give 0 (read the head) or more (stay that many blocks ` +
        "behind it, safe from reorganizations that short)",
    );
  }
  return blocks;
}

/**
 * The connection, the signer at `--account`, and an oracle node over the chain's deployment record, the content
 * store of `--store`/`--ipfs` and the state directory `--state` (default .openledger/oracle).
 */
export async function openOracleNode(
  hre: HardhatRuntimeEnvironment,
  options: NodeOptions & Pick<OracleNodeOptions, "signaturesDir" | "transmitFrom">,
  log?: (line: string, event?: string) => void,
): Promise<{ context: ActorContext; node: OracleNode; chain: ChainFollower; stateRoot: string; mode: Mode }> {
  const mode = parseMode(options.mode ?? "attest");
  const confirmations = parseConfirmations(options.confirmations);
  const store = openTaskStore(options);
  const stateRoot = options.state === "" ? DEFAULT_STATE_DIRECTORY : options.state;
  const rpcTimeoutMs = parseRpcTimeout(options.rpcTimeout);
  const context = await actorContext(hre, options.account, { rpcTimeoutMs });
  await checkStateDeployment(stateRoot, context.chainId, context.deployment);
  const node = new OracleNode({
    provider: context.ethers.provider,
    signer: context.signer,
    deployment: { contracts: context.deployment.contracts, asset: context.deployment.asset },
    store,
    stateDir: stateRoot,
    mode,
    fromBlock: context.fromBlock,
    confirmations,
    log,
    signaturesDir: options.signaturesDir,
    transmitFrom: options.transmitFrom,
  });
  return { context, node, chain: node.chain, stateRoot, mode };
}

/**
 * The node keeps its state per chain id and oracle. A local node restarted from an empty chain, or a second
 * deployment on a chain, would find the reports of the previous deployment there and reuse them; so the tasks record
 * which deployment a state directory belongs to (`<state>/<chainId>/deployment.json`) and refuse another one.
 */
export async function checkStateDeployment(stateRoot: string, chainId: bigint, deployment: Deployment): Promise<void> {
  const file = path.join(stateRoot, chainId.toString(), "deployment.json");
  const mine = { AttributionOracle: deployment.contracts.AttributionOracle, deployedAt: deployment.deployedAt };
  let text: string | undefined;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  if (text === undefined) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, new TextEncoder().encode(`${JSON.stringify(mine, null, 2)}\n`));
    return;
  }
  let recorded: { AttributionOracle?: string; deployedAt?: string };
  try {
    recorded = JSON.parse(text) as typeof recorded;
  } catch {
    throw new TaskError(`${file} is not valid JSON (remove it if this state directory is for the current deployment)`);
  }
  if (recorded.AttributionOracle !== mine.AttributionOracle || recorded.deployedAt !== mine.deployedAt) {
    throw new TaskError(
      `the state directory ${path.dirname(file)} belongs to another deployment on chain ${chainId} (deployed ` +
        `${recorded.deployedAt}, this one ${mine.deployedAt}; a restarted local node?): remove it or pass another --state`,
    );
  }
}

/** Runs a node call; content that cannot be read, a malformed state file or a store failure become one line. */
export async function nodeCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ContentUnavailableError) {
      throw new TaskError(`content not available (is --store/--ipfs the store the actors used?): ${error.message}`);
    }
    if (
      error instanceof StateError ||
      error instanceof FormatError ||
      error instanceof ChainMismatchError ||
      error instanceof StateLockedError
    ) {
      throw new TaskError(error.message);
    }
    throw error;
  }
}

/** OPEN amount as the tasks print it: "12.5 OPEN". */
export function open(amount: bigint): string {
  return `${formatUnits(amount)} OPEN`;
}

/** `2026-11-05 14:03:00 UTC` for a unix timestamp in seconds. */
export function formatTimestamp(timestamp: bigint): string {
  return new Date(Number(timestamp) * 1000)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d{3}Z$/, " UTC");
}

/** `1d 2h 3m 4s` (zero parts left out). */
export function formatDuration(seconds: bigint): string {
  let rest = seconds < 0n ? -seconds : seconds;
  const parts: string[] = [];
  for (const [unit, size] of [
    ["d", 86_400n],
    ["h", 3_600n],
    ["m", 60n],
    ["s", 1n],
  ] as const) {
    if (rest >= size) parts.push(`${rest / size}${unit}`);
    rest %= size;
  }
  return parts.length === 0 ? "0s" : parts.join(" ");
}

/** `<date> (in 2h)` / `(3m ago)` / `(now)` relative to the chain's `now`. */
export function formatWhen(timestamp: bigint, now: bigint): string {
  const relative =
    timestamp === now
      ? "now"
      : timestamp > now
        ? `in ${formatDuration(timestamp - now)}`
        : `${formatDuration(now - timestamp)} ago`;
  return `${formatTimestamp(timestamp)} (${relative})`;
}

/** Lower-case status names, as the tasks print them. */
export type StatusName = "open" | "accepted" | "disputed" | "confirmed" | "finalized" | "skipped";

export function statusName(status: (typeof EPOCH_STATUS)[number]): StatusName {
  return status.toLowerCase() as StatusName;
}

/** Where an epoch is, as `oracle status` and `oracle epoch` print it. */
export interface EpochView {
  epoch: bigint;
  status: StatusName;
  /** For an open epoch: still running, in its log window, or open for reports. */
  phase?: "running" | "logs" | "reporting";
  round: number;
  endsAt: bigint;
  logsCloseAt: bigint;
  reportsOpenAt: bigint;
  /** The report accepted (accepted, disputed, confirmed, finalized), else the one with the most weight this round. */
  reportHash?: string;
  cumulativeTotal?: bigint;
  dataURI?: string;
  /** Oracle stake behind `reportHash` in this round, the total at the snapshot and the quorum in basis points. */
  quorum?: { weight: bigint; totalStake: bigint; quorumBps: bigint; reached: boolean; oracles: string[] };
  /** Other reports that gathered weight in the round. */
  competing?: { reportHash: string; weight: bigint; oracles: string[] }[];
  challengeWindowEndsAt?: bigint;
  dispute?: { disputer: string; bond: bigint; since: bigint };
}

/** Reads everything `EpochView` shows for `epoch`. */
export async function describeEpoch(chain: ChainFollower, epoch: bigint, now: bigint): Promise<EpochView> {
  const timing = await chain.timing();
  const endsAt = await chain.epochEnd(epoch);
  const reportsOpenAt = endsAt + timing.logDeadline;
  const state = await chain.epochState(epoch);
  const view: EpochView = {
    epoch,
    status: statusName(state.status),
    round: state.round,
    endsAt,
    logsCloseAt: reportsOpenAt,
    reportsOpenAt,
  };
  if (state.status === "Open") view.phase = now < endsAt ? "running" : now < reportsOpenAt ? "logs" : "reporting";

  const accepted = await chain.acceptedReports(epoch);
  // A finalized epoch's record may have been reused (its round reads 0): its report is the last one accepted.
  const last = state.status === "Finalized" ? accepted.at(-1) : accepted.filter((a) => a.round === state.round).at(-1);
  if (state.status !== "Open" && state.status !== "Skipped" && last !== undefined) {
    view.reportHash = last.reportHash;
    view.cumulativeTotal = last.report.cumulativeTotal;
    view.dataURI = last.report.dataURI;
  }

  const snapshot = endsAt - 1n;
  const live = state.status === "Open" || state.status === "Accepted" || state.status === "Disputed";
  if (live && snapshot < now) {
    const reports = [...(await chain.reportsInRound(epoch, state.round))].map(([reportHash, r]) => ({
      reportHash,
      weight: r.weight,
      oracles: r.oracles,
    }));
    reports.sort((a, b) => (a.weight > b.weight ? -1 : a.weight < b.weight ? 1 : 0));
    // The quorum the contract judges this epoch by (fixed at its first report activity), not today's fraction.
    const { totalOracleStake: totalStake, quorumBps } = await chain.epochQuorum(epoch);
    const acceptedHash = view.reportHash?.toLowerCase();
    const lead = acceptedHash === undefined ? reports[0] : reports.find((r) => r.reportHash === acceptedHash);
    if (lead !== undefined) {
      view.reportHash ??= lead.reportHash;
      view.quorum = {
        weight: lead.weight,
        totalStake: BigInt(totalStake),
        quorumBps,
        reached: lead.weight * 10_000n >= BigInt(totalStake) * quorumBps && BigInt(totalStake) > 0n,
        oracles: lead.oracles,
      };
    } else {
      view.quorum = { weight: 0n, totalStake: BigInt(totalStake), quorumBps, reached: false, oracles: [] };
    }
    const others = reports.filter((r) => r.reportHash !== view.reportHash);
    if (others.length > 0) view.competing = others;
  }
  if (state.status === "Accepted") view.challengeWindowEndsAt = state.since + timing.challengeWindow;
  if (state.status === "Disputed") {
    const disputes = await chain.events(chain.disputes, "ReportDisputed", epoch);
    const latest = disputes.at(-1);
    if (latest !== undefined) {
      view.dispute = {
        disputer: getAddress(latest.args.disputer as string),
        bond: BigInt(latest.args.bond),
        since: state.since,
      };
    }
  }
  return view;
}

/** The human lines of an `EpochView` (the first names the epoch and its status). */
export function describeLines(view: EpochView, now: bigint): string[] {
  const head = `epoch ${view.epoch}: ${view.status}${view.phase === undefined ? "" : ` (${phaseText(view.phase)})`}`;
  const lines = [head];
  if (view.status === "open") {
    if (view.phase === "running") lines.push(`  ends ${formatWhen(view.endsAt, now)}`);
    if (view.phase !== "reporting") lines.push(`  reports open ${formatWhen(view.reportsOpenAt, now)}`);
  }
  if (view.reportHash !== undefined) {
    const accepted = view.status !== "open";
    lines.push(`  ${accepted ? "report" : "leading report"} ${view.reportHash}`);
  }
  if (view.cumulativeTotal !== undefined) lines.push(`  cumulative total ${open(view.cumulativeTotal)}`);
  if (view.dataURI !== undefined) lines.push(`  data ${view.dataURI}`);
  if (view.quorum !== undefined) lines.push(`  ${quorumText(view.quorum)}`);
  for (const other of view.competing ?? []) {
    lines.push(`  other report ${other.reportHash}: ${open(other.weight)} from ${other.oracles.join(", ")}`);
  }
  if (view.challengeWindowEndsAt !== undefined) {
    lines.push(`  challenge window ends ${formatWhen(view.challengeWindowEndsAt, now)}`);
  }
  if (view.dispute !== undefined) {
    lines.push(
      `  disputed by ${view.dispute.disputer} ${formatWhen(view.dispute.since, now)} (bond ${open(view.dispute.bond)}); ` +
        "the resolver (governance) decides",
    );
  }
  if (view.status === "confirmed") lines.push("  the dispute was rejected: the report may be finalized now");
  return lines;
}

/** "quorum 10000.0 OPEN of 30000.0 OPEN oracle stake (33.33%; needs 66.67%); attested by 0x..." */
export function quorumText(q: NonNullable<EpochView["quorum"]>): string {
  const share = q.totalStake === 0n ? "0" : (Number((q.weight * 1_000_000n) / q.totalStake) / 10_000).toString();
  return (
    `quorum ${open(q.weight)} of ${open(q.totalStake)} oracle stake (${share}%; needs ${Number(q.quorumBps) / 100}%)` +
    (q.reached ? ", reached" : "") +
    (q.oracles.length > 0 ? `; attested by ${q.oracles.join(", ")}` : "")
  );
}

function phaseText(phase: NonNullable<EpochView["phase"]>): string {
  return phase === "running" ? "epoch running" : phase === "logs" ? "log window: operators commit logs" : "reporting";
}

/** A chain follower over the task's deployment, scanning events from the deployment's start block. */
export function followerOf(context: ActorContext): ChainFollower {
  return new ChainFollower(
    context.ethers.provider,
    { contracts: context.deployment.contracts, asset: context.deployment.asset },
    { fromBlock: context.fromBlock },
  );
}
