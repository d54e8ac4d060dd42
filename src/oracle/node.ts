/**
 * The oracle node: for each closed epoch, compute -> publish -> attest on chain (default) or sign for a
 * transmitter; check the report the chain accepted against its own and dispute a different one; finalize what the
 * challenge window let through. `watch()` repeats `tick()` until stopped.
 *
 * Restart safety (docs/decisions/0402): every step reads the chain first (already finalized? already attested in
 * this round? already disputed?), computation is deterministic, and the state on disk is written atomically, with
 * the epoch file last. A crash at any point and a restart produce the same report and never a second, different
 * signature for one epoch.
 *
 * Reorganizations (docs/decisions/0403): every call reads the chain at one block, the head minus `confirmations`,
 * fixed again at the start of each call and after each transaction the node sends. The chain follower detects a
 * reorganization below what it scanned and rescans; before disputing, the node recomputes its report from fresh
 * inputs, and disputes only if that one still pays differently.
 *
 * Finalized epochs (docs/decisions/0404): the chain is the source of truth. Before computing an epoch, the node
 * checks its record of the last finalized epoch below it against the finalized report; when they differ (the network
 * finalized another report, or governance forced one), it adopts the finalized report from its published data,
 * checked against the chain's root and total, and forgets every record above it, so later epochs build on what the
 * chain finalized.
 *
 * Operating it (decisions 0480-0483): the state is bound to the chain (genesis and deployment-block hashes), checked at
 * every pass, and the node stops with ChainMismatchError when the chain was replaced; stored records and published
 * documents are checked against their digest and hash on every read, a bad one recomputed; a report that
 * finalization discarded (ReportDiscarded) is never backed again; `watch` backs off while the RPC fails and says so;
 * `lock()` keeps a second process off the same state directory; `metrics` is what the Prometheus endpoint shows.
 */
import { ContentUnavailableError } from "./content.js";
import { ChainMismatchError } from "./binding.js";
import { StateLockedError } from "./lock.js";
import { StateError } from "./state.js";
import { isRpcFailure, sleep } from "./node/failures.js";
import { NodeReporter } from "./node/report.js";
import { MAX_PENDING_EPOCHS, type TickResult } from "./node/types.js";

export { isRpcFailure } from "./node/failures.js";
export {
  MAX_PENDING_EPOCHS,
  sameOutcome,
  type ComputedEpoch,
  type EpochAction,
  type EpochRun,
  type NodeMetrics,
  type OracleNodeOptions,
  type TickResult,
} from "./node/types.js";

/**
 * The oracle node, assembled from one concern per file under node/: base.ts (identity, state, the deployment check,
 * transactions), compute.ts (this node's report), disputes.ts, finalize.ts, report.ts (attest, sign, transmit), and
 * here the loop that runs them.
 */
export class OracleNode extends NodeReporter {
  /** One pass: every reportable epoch from the next unfinalized one, then finalization of what can be. */
  async tick(): Promise<TickResult> {
    const result: TickResult = { runs: [], finalized: [] };
    this.chain.refreshParameters(); // governance may have changed the log deadline, window or bond
    await this.refresh();
    const next = await this.chain.nextEpoch();
    const last = await this.chain.lastReportableEpoch(await this.chain.now());
    const limit = next + MAX_PENDING_EPOCHS - 1n;
    const until = last < limit ? last : limit;
    this.metrics.lastFinalizedEpoch = next - 1n;
    this.metrics.pendingEpochs = last >= next ? last - next + 1n : 0n;
    this.metrics.blockedEpochs = last > limit ? last - limit : 0n;
    if (last > limit) {
      result.blocked = { from: limit + 1n, to: last };
      const line =
        `epochs ${limit + 1n}..${last} are closed but blocked: the contract accepts reports for at most ` +
        `${MAX_PENDING_EPOCHS} epochs past the last finalized one (next to finalize: ${next}); they are reported ` +
        `once epoch ${next} finalizes (see \`oracle status --epoch ${next}\`)`;
      if (this.toldBlocked !== `${next}:${last}`) this.log(line, "blocked");
      this.toldBlocked = `${next}:${last}`;
    } else if (this.toldBlocked !== undefined) {
      this.toldBlocked = undefined;
      this.log(`no epoch is blocked by the ${MAX_PENDING_EPOCHS}-pending-epochs limit any more`);
    }
    try {
      for (let e = next; e <= until; e++) {
        const run = await this.run(e);
        result.runs.push(run);
        if (this.options.transmitFrom !== undefined && run.action === "signed") {
          await this.collectAndTransmit(e, this.options.transmitFrom, run.signature);
        }
      }
    } catch (e) {
      if (!(e instanceof ContentUnavailableError)) throw e;
      result.stalled = e.message;
      this.log(`waiting for content: ${e.message}`, "waiting");
    }
    if (this.options.finalize !== false) {
      try {
        for (let e = next; await this.finalizeOne(e); e++) result.finalized.push(e);
      } catch (e) {
        if (!(e instanceof ContentUnavailableError)) throw e;
        if (result.stalled === undefined) {
          result.stalled = e.message;
          this.log(`waiting for content: ${e.message}`, "waiting");
        }
      }
    }
    return result;
  }

  /**
   * Runs `tick()` every `intervalMs` (default 15 s) until `signal` aborts. A pass that fails is logged and retried
   * with a growing pause (doubling from the interval up to `maxBackoffMs`, default 5 min), so a stalled or refused RPC
   * is said once per retry, not hammered; the first pass that works again says so and the interval resumes. A chain
   * that is not the state's any more (ChainMismatchError) or a state directory another process holds stops it: the
   * promise rejects with that error.
   */
  async watch(options: { intervalMs?: number; maxBackoffMs?: number; signal?: AbortSignal } = {}): Promise<void> {
    const interval = options.intervalMs ?? 15_000;
    const maxBackoff = Math.max(interval, options.maxBackoffMs ?? 300_000);
    while (!options.signal?.aborted) {
      let pause = interval;
      try {
        await this.tick();
        if (this.metrics.consecutiveFailures > 0) {
          this.log(
            `the chain answers again after ${this.metrics.consecutiveFailures} failed pass(es); resuming`,
            "recovered",
          );
        }
        this.metrics.consecutiveFailures = 0;
        this.metrics.ticks++;
        this.metrics.lastTickTime = Math.floor(Date.now() / 1000);
      } catch (e) {
        if (e instanceof ChainMismatchError || e instanceof StateLockedError) throw e;
        this.metrics.consecutiveFailures++;
        pause = Math.min(maxBackoff, interval * 2 ** Math.min(this.metrics.consecutiveFailures, 20));
        const message = ((e as Error).message ?? String(e)).split("\n")[0];
        if (isRpcFailure(e)) {
          this.metrics.rpcErrors++;
          this.log(`RPC stalled or unreachable (${message}); retrying in ${pause / 1000}s`, "rpc-stalled");
        } else if (e instanceof StateError) {
          this.log(`state: ${message}; retrying in ${pause / 1000}s`, "failed");
        } else {
          this.log(`tick failed: ${message}; retrying in ${pause / 1000}s`, "failed");
        }
      }
      await sleep(pause, options.signal);
    }
  }
}
