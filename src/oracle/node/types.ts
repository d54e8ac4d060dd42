/** The oracle node's options, results and metrics. */
import type { Provider, Signer } from "ethers";

import type { AttributionReport } from "../../protocol/index.js";
import type { ContentStore } from "../../storage/index.js";
import type { DeploymentAddresses, EpochStatusName } from "../chain.js";
import type { EpochInput } from "../epoch.js";
import type { SignatureSource } from "../transmitter.js";

export interface OracleNodeOptions {
  /** Reads the chain (may be the signer's provider). */
  provider: Provider;
  /** The oracle's key: attests, signs, disputes and finalizes. */
  signer: Signer;
  /** Contract addresses: `{contracts: {AttributionOracle, InferencePayments, ModelRegistry, DatanetRegistry, OpenStaking, ...}}`. */
  deployment: DeploymentAddresses;
  /** Where contributions, manifests, cards and logs are read and the attribution data is published. */
  store: ContentStore;
  /** Root of the state directory; the node uses `<stateDir>/<chainId>/<oracle address>/`. */
  stateDir: string;
  /** "attest" (default): attest on chain, no channel between oracles. "sign": sign for a transmitter. */
  mode?: "attest" | "sign";
  /** Dispute an accepted report that differs from this node's (default true). */
  dispute?: boolean;
  /** Finalize epochs whose challenge window passed (default true). */
  finalize?: boolean;
  /** Account credited with pools nobody can be credited with; default: the treasury read from the chain. */
  fallbackAccount?: string;
  /** First epoch of the cumulative totals (default 0, the payments' first epoch). */
  startEpoch?: bigint;
  /** First block scanned for events (the deployment block) and blocks per log query. */
  fromBlock?: number;
  chunkSize?: number;
  /** Blocks the node stays behind the head: it reads the chain at the head minus this (default 0, the head). */
  confirmations?: number;
  /**
   * Progress lines (default: none). `event` names lines that are not plain progress (`oracle run --json` prints it
   * as the event): "rpc-stalled", "failed", "recovered", "blocked", "discarded", "refused-to-sign", "waiting",
   * "state-invalid", "transmitted".
   */
  log?: (line: string, event?: string) => void;
  /**
   * Changes the gathered inputs before computing. For simulations and tests of faulty oracles only: a node whose
   * inputs differ from everyone else's reports something else and gets disputed and slashed.
   */
  transformInput?: (input: EpochInput) => EpochInput;
  /** Sign mode: also write each signed report to this shared directory (`<dir>/<epoch>/<oracle>.json`). */
  signaturesDir?: string;
  /**
   * Transmitter role (sign mode): collect signatures of this node's report from these sources at every pass and
   * submit them once their oracle stake reaches the quorum (decision 0483).
   */
  transmitFrom?: SignatureSource[];
}

/** An epoch as this node computed and published it. */
export interface ComputedEpoch {
  epoch: bigint;
  report: AttributionReport;
  reportHash: string;
  dataURI: string;
  cumulative: Map<string, bigint>;
  /** Path of `proofs/<epoch>.json` under the state directory. */
  proofsFile: string;
}

export type EpochAction =
  | "not-open" // reports for the epoch are not accepted yet
  | "finalized" // the epoch is finalized or skipped on chain
  | "attested"
  | "already-attested"
  | "signed"
  | "not-an-oracle" // no oracle stake at the epoch's snapshot
  | "own-report-rejected" // an upheld dispute rejected this node's report, and recomputing gives it again
  | "agrees" // the accepted report is this node's
  | "disputed"
  | "dispute-pending"
  | "cannot-dispute" // the window is over, or the bond is not available
  | "own-report-discarded" // finalization discarded this node's report, and recomputing gives it again
  | "refused-to-sign" // sign mode: this oracle already signed another report for the epoch
  | "waiting"; // nothing to do now

export interface EpochRun {
  epoch: bigint;
  action: EpochAction;
  status: EpochStatusName;
  report?: AttributionReport;
  reportHash?: string;
  signature?: string;
  /** Other reports that gathered weight in the epoch's current round (hash => oracles), if any. */
  competing?: Map<string, string[]>;
}

export interface TickResult {
  runs: EpochRun[];
  finalized: bigint[];
  /** Why the tick stopped early (content not available yet), if it did. */
  stalled?: string;
  /** Epochs whose reports are open but that the contract accepts no report for yet (32 pending epochs at most). */
  blocked?: { from: bigint; to: bigint };
}

/** What the node exposes to operators (the metrics endpoint, docs/oracle.md). Epochs are -1 until known. */
export interface NodeMetrics {
  /** Highest epoch computed (or read from the state) this run. */
  lastComputedEpoch: bigint;
  /** Highest epoch attested (attest mode) or signed (sign mode) this run. */
  lastReportedEpoch: bigint;
  /** The chain's last finalized epoch (nextEpoch - 1). */
  lastFinalizedEpoch: bigint;
  /** Epochs whose reports are open and not finalized (the chain's lag). */
  pendingEpochs: bigint;
  /** Epochs the 32-pending-epochs limit holds back. */
  blockedEpochs: bigint;
  /** Passes that failed on an RPC error (timeouts, refused connections), and failed passes in a row now. */
  rpcErrors: number;
  consecutiveFailures: number;
  /** Passes completed, and the unix time (s) of the last one. */
  ticks: number;
  lastTickTime: number;
}

/** AttributionOracle.MAX_PENDING_EPOCHS: reports are accepted for epochs in [nextEpoch, nextEpoch + 32). */
export const MAX_PENDING_EPOCHS = 32n;

/** Whether two reports pay the same: rewards root, cumulative total and attribution root (the data URI may differ). */
export function sameOutcome(a: AttributionReport, b: AttributionReport): boolean {
  return (
    a.epoch === b.epoch &&
    a.cumulativeRewardsRoot.toLowerCase() === b.cumulativeRewardsRoot.toLowerCase() &&
    a.cumulativeTotal === b.cumulativeTotal &&
    a.attributionRoot.toLowerCase() === b.attributionRoot.toLowerCase()
  );
}
