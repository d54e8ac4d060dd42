/**
 * What every part of the node stands on: its options, the chain follower, the oracle's identity, the state directory
 * and its lock, and the deployment check (decision 0480): the state is bound to the chain it was built on (genesis and
 * deployment-block hashes), a state directory of another chain or deployment is refused at start, and the binding is
 * checked again at every refresh, so the node never attests with another deployment's state. Also: sending a
 * transaction and naming the custom error it reverted with.
 */
import { Contract } from "ethers";

import { ChainFollower, DISPUTES_ABI, ORACLE_ABI } from "../chain.js";
import { bindingDifference, checkChainBinding, ChainMismatchError, readChainBinding } from "../binding.js";
import { newInputCache, type InputCache } from "../inputs.js";
import { lockStateDirectory, type StateLock } from "../lock.js";
import { OracleState, type ChainBinding } from "../state.js";
import { revertName } from "./failures.js";
import type { NodeMetrics, OracleNodeOptions } from "./types.js";

export class NodeBase {
  readonly chain: ChainFollower;
  protected readonly options: OracleNodeOptions;
  protected readonly cache: InputCache = newInputCache();
  protected readonly log: (line: string, event?: string) => void;
  protected initialized:
    Promise<{ state: OracleState; address: string; chainId: bigint; oracle: Contract; disputes: Contract }> | undefined;
  protected binding: ChainBinding | undefined;
  protected lockHeld: StateLock | undefined;
  /** Epochs whose discarded report was already explained in the log (said once, not at every pass). */
  protected readonly toldDiscarded = new Set<bigint>();
  protected toldBlocked: string | undefined;
  /** Per epoch, the last quorum progress the transmitter logged (said when it changes). */
  protected readonly toldProgress = new Map<bigint, string>();
  readonly metrics: NodeMetrics = {
    lastComputedEpoch: -1n,
    lastReportedEpoch: -1n,
    lastFinalizedEpoch: -1n,
    pendingEpochs: 0n,
    blockedEpochs: 0n,
    rpcErrors: 0,
    consecutiveFailures: 0,
    ticks: 0,
    lastTickTime: 0,
  };

  constructor(options: OracleNodeOptions) {
    this.options = options;
    this.log = options.log ?? (() => undefined);
    this.chain = new ChainFollower(options.provider, options.deployment, {
      fromBlock: options.fromBlock,
      chunkSize: options.chunkSize,
      confirmations: options.confirmations,
      onReorg: (block) => {
        this.log(`chain reorganized below block ${block}; rescanning`);
        // Datanet versions as read from the chain may have changed; contents are keyed by their hash and stay.
        this.cache.versions.clear();
      },
    });
  }

  protected init() {
    this.initialized ??= this.initialize().catch((e: unknown) => {
      this.initialized = undefined; // a failed start (RPC down) is retried at the next call
      throw e;
    });
    return this.initialized;
  }

  protected async initialize() {
    const [network, address] = await Promise.all([
      this.options.provider.getNetwork(),
      this.options.signer.getAddress(),
    ]);
    const state = new OracleState(this.options.stateDir, network.chainId, address, (line) =>
      this.log(`state: ${line}`, "state-invalid"),
    );
    const oracleAddress = await this.chain.oracle.getAddress();
    // Bind the state to this chain (decision 0480): refuse a state directory built on another chain or deployment.
    const actual = await readChainBinding(this.options.provider, oracleAddress, this.options.fromBlock ?? 0);
    const recorded = await state.readBinding();
    if (recorded === null) await state.writeBinding(actual);
    else {
      const difference = bindingDifference(recorded, actual);
      if (difference !== undefined) {
        throw new ChainMismatchError(
          `the state directory ${state.dir} was built on another chain or deployment (this one has ${difference}): ` +
            "remove it or pass another --state",
        );
      }
    }
    this.binding = recorded ?? actual;
    return {
      state,
      address,
      chainId: network.chainId,
      oracle: new Contract(oracleAddress, ORACLE_ABI, this.options.signer),
      disputes: new Contract(await this.chain.disputes.getAddress(), DISPUTES_ABI, this.options.signer),
    };
  }

  /** Fixes a new view of the chain and checks the chain is still the one the state is bound to. */
  protected async refresh(): Promise<void> {
    await this.init();
    await this.chain.refreshHead();
    await checkChainBinding(this.options.provider, this.binding as ChainBinding);
  }

  /**
   * Takes the state directory's lock (one process per oracle state, decision 0481) and removes the temporary files a
   * crash left there. StateLockedError when another live process holds it. `unlock()` releases it.
   */
  async lock(): Promise<void> {
    const { state } = await this.init();
    if (this.lockHeld !== undefined) return;
    this.lockHeld = await lockStateDirectory(state.dir);
    const removed = await state.removeTemporaryFiles();
    if (removed.length > 0) this.log(`removed ${removed.length} temporary file(s) a crash left in ${state.dir}`);
    const store = this.options.store as { removeTemporaryFiles?: (olderThanMs: number) => Promise<string[]> };
    if (typeof store.removeTemporaryFiles === "function") {
      const old = await store.removeTemporaryFiles(3_600_000);
      if (old.length > 0) this.log(`removed ${old.length} temporary file(s) older than an hour from the content store`);
    }
  }

  async unlock(): Promise<void> {
    await this.lockHeld?.release();
    this.lockHeld = undefined;
  }

  /** The oracle's address. */
  async address(): Promise<string> {
    return (await this.init()).address;
  }

  /** The state directory of this (chain, oracle). */
  async stateDirectory(): Promise<string> {
    return (await this.init()).state.dir;
  }

  /** Sends a transaction; returns the custom error it reverted with, if any. Then fixes the view again. */
  protected async send(what: string, call: () => Promise<{ wait(): Promise<unknown> }>): Promise<string | undefined> {
    let reverted: string | undefined;
    try {
      const tx = await call();
      await tx.wait();
    } catch (e) {
      reverted = revertName(e);
      if (reverted === undefined) throw e;
      this.log(`${what}: reverted with ${reverted}`);
    }
    await this.refresh();
    return reverted;
  }
}
