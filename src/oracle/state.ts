/**
 * The node's state on disk, under `<root>/<chainId>/<oracle address, lowercase>/`:
 *
 *   epochs/<epoch>.json      the epoch's report, its hash and the cumulative amounts (the input of the next epoch);
 *                            `adopted` when they are a finalized report's that the node took over (decision 0404)
 *   proofs/<epoch>.json      {account: {amount, proof}} for claimants (also inside the published data)
 *   signatures/<epoch>.json  the report this oracle signed for the epoch (sign mode), so it never signs another
 *   chain.json               the chain and deployment the state was built on (genesis and deployment-block hashes)
 *   lock                     the process running this oracle (pid, host, start): a second one refuses to start
 *
 * Every file is canonical JSON written to a temporary name and renamed into place, so a crash leaves either the old
 * file or the new one, never half of one. The state is a cache of deterministic work plus the signing record: the
 * chain stays the source of truth for what was attested, disputed or finalized.
 *
 * Nothing read back is trusted (decision 0480): epoch and signature records carry a `digest`, the keccak256 of their
 * canonical content. An epoch record that does not parse or does not match its digest is moved aside
 * (`<epoch>.json.invalid`) and read as absent, so the node recomputes that epoch and only that one. A signature record
 * that fails its check is never ignored (forgetting it could lead to a second, slashable signature): it stops signing
 * for that epoch with a StateError until an operator looks at it. Temporary files a crash left behind are removed
 * when the node starts (`removeTemporaryFiles`), under the lock.
 */
import { randomUUID } from "node:crypto";
import { mkdir, readFile, readdir, rename, unlink, writeFile } from "node:fs/promises";
import path from "node:path";

import { getAddress, keccak256 } from "ethers";

import type { AttributionReport } from "../protocol/index.js";
import { canonicalBytes, type CanonicalValue } from "./json.js";

/** What the node keeps of a computed epoch. */
export interface StoredEpoch {
  epoch: bigint;
  report: AttributionReport;
  reportHash: string;
  /** keccak256 of the published data document. */
  dataHash: string;
  cumulative: Map<string, bigint>;
  /**
   * Set when the record is not the node's own computation but the report the chain finalized for the epoch (accepted
   * or forced), adopted from its published data (decision 0404). Absent in the node's own records and older files.
   */
  adopted?: "accepted" | "forced";
}

export interface StoredSignature {
  epoch: bigint;
  reportHash: string;
  report: AttributionReport;
  signature: string;
}

export class StateError extends Error {
  override name = "StateError";
}

/** Writes `bytes` to `file` atomically (temporary file in the same directory, then rename). */
export async function writeFileAtomic(file: string, bytes: Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, file);
  } catch (e) {
    await unlink(temporary).catch(() => undefined);
    throw e;
  }
}

function reportJson(r: AttributionReport): CanonicalValue {
  return {
    epoch: r.epoch,
    cumulativeRewardsRoot: r.cumulativeRewardsRoot,
    cumulativeTotal: r.cumulativeTotal,
    attributionRoot: r.attributionRoot,
    dataURI: r.dataURI,
  };
}

function parseReport(v: Record<string, string>): AttributionReport {
  return {
    epoch: BigInt(v.epoch),
    cumulativeRewardsRoot: v.cumulativeRewardsRoot,
    cumulativeTotal: BigInt(v.cumulativeTotal),
    attributionRoot: v.attributionRoot,
    dataURI: v.dataURI,
  };
}

/** keccak256 of the canonical bytes of a record's content (the record without its digest). */
function digestOf(content: CanonicalValue): string {
  return keccak256(canonicalBytes(content));
}

function withDigest(content: { readonly [key: string]: CanonicalValue }): Uint8Array {
  return canonicalBytes({ ...content, digest: digestOf(content) });
}

/** The chain a state directory was built on (decision 0480). */
export interface ChainBinding {
  chainId: bigint;
  genesisHash: string;
  attributionOracle: string;
  /** The block whose state first has the AttributionOracle's code, and its hash. */
  deploymentBlock: number;
  deploymentBlockHash: string;
}

export class OracleState {
  /** The directory of this (chain, oracle). */
  readonly dir: string;
  private readonly onInvalid: (line: string) => void;

  constructor(root: string, chainId: bigint, oracle: string, onInvalid: (line: string) => void = () => undefined) {
    this.dir = path.join(root, chainId.toString(), getAddress(oracle).toLowerCase());
    this.onInvalid = onInvalid;
  }

  /** The chain binding recorded in `chain.json`, or null when none was; a StateError if it is unreadable. */
  async readBinding(): Promise<ChainBinding | null> {
    const file = path.join(this.dir, "chain.json");
    const v = await this.read(file);
    if (v === null) return null;
    if (typeof v === "string")
      throw new StateError(`${file}: ${v} (remove the state directory or pass another --state)`);
    return {
      chainId: BigInt(v.chainId as string),
      genesisHash: v.genesisHash as string,
      attributionOracle: v.attributionOracle as string,
      deploymentBlock: Number(v.deploymentBlock),
      deploymentBlockHash: v.deploymentBlockHash as string,
    };
  }

  async writeBinding(b: ChainBinding): Promise<void> {
    await writeFileAtomic(
      path.join(this.dir, "chain.json"),
      withDigest({
        chainId: b.chainId,
        genesisHash: b.genesisHash,
        attributionOracle: b.attributionOracle,
        deploymentBlock: b.deploymentBlock,
        deploymentBlockHash: b.deploymentBlockHash,
      }),
    );
  }

  /** Removes the temporary files a crash left in the state directory (call it under the lock); returns them. */
  async removeTemporaryFiles(): Promise<string[]> {
    const removed: string[] = [];
    for (const sub of ["", "epochs", "proofs", "signatures"]) {
      const folder = path.join(this.dir, sub);
      let names: string[];
      try {
        names = await readdir(folder);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") continue;
        throw e;
      }
      for (const name of names.filter((n) => n.endsWith(".tmp"))) {
        await unlink(path.join(folder, name)).catch(() => undefined);
        removed.push(path.join(folder, name));
      }
    }
    return removed;
  }

  private file(kind: string, epoch: bigint): string {
    return path.join(this.dir, kind, `${epoch}.json`);
  }

  /**
   * Reads a record and checks its digest: the parsed content, null when the file does not exist, or a string saying
   * why the file cannot be trusted.
   */
  private async read(file: string): Promise<Record<string, unknown> | string | null> {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return "not valid JSON";
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) return "not a JSON object";
    const { digest, ...content } = value as Record<string, unknown>;
    if (typeof digest !== "string") return "no digest (written by an older node, or edited)";
    if (digestOf(content as CanonicalValue) !== digest)
      return "its content does not match its digest (edited or corrupted)";
    return content;
  }

  /**
   * This oracle's record of `epoch`, or null when there is none or it cannot be trusted (then it is moved aside to
   * `<epoch>.json.invalid`, `onInvalid` says why, and the node recomputes the epoch).
   */
  async readEpoch(epoch: bigint): Promise<StoredEpoch | null> {
    const file = this.file("epochs", epoch);
    const v = await this.read(file);
    if (v === null) return null;
    let parsed: StoredEpoch | string;
    if (typeof v === "string") parsed = v;
    else {
      try {
        const cumulative = new Map<string, bigint>();
        for (const [account, amount] of Object.entries(v.cumulative as Record<string, string>)) {
          cumulative.set(getAddress(account), BigInt(amount));
        }
        parsed = {
          epoch: BigInt(v.epoch as string),
          report: parseReport(v.report as Record<string, string>),
          reportHash: v.reportHash as string,
          dataHash: v.dataHash as string,
          cumulative,
          ...(v.adopted === "accepted" || v.adopted === "forced" ? { adopted: v.adopted } : {}),
        };
        if (parsed.epoch !== epoch) parsed = `it is the record of epoch ${parsed.epoch}`;
      } catch (e) {
        parsed = `malformed (${(e as Error).message})`;
      }
    }
    if (typeof parsed !== "string") return parsed;
    await rename(file, `${file}.invalid`).catch(() => undefined);
    this.onInvalid(`${file}: ${parsed}; moved aside to ${path.basename(file)}.invalid, epoch ${epoch} is recomputed`);
    return null;
  }

  async writeEpoch(stored: StoredEpoch): Promise<void> {
    await writeFileAtomic(
      this.file("epochs", stored.epoch),
      withDigest({
        epoch: stored.epoch,
        report: reportJson(stored.report),
        reportHash: stored.reportHash,
        dataHash: stored.dataHash,
        cumulative: stored.cumulative,
        adopted: stored.adopted,
      }),
    );
  }

  /** Drops a computed epoch (its own report was rejected on chain: the node recomputes it). */
  async forgetEpoch(epoch: bigint): Promise<void> {
    await unlink(this.file("epochs", epoch)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== "ENOENT") throw e;
    });
  }

  /** The epochs with a record, in increasing order. */
  async storedEpochs(): Promise<bigint[]> {
    let names: string[];
    try {
      names = await readdir(path.join(this.dir, "epochs"));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw e;
    }
    const epochs = names.filter((n) => /^(0|[1-9][0-9]*)\.json$/.test(n)).map((n) => BigInt(n.slice(0, -5)));
    return epochs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Drops every record above `epoch` (they were computed on another record of `epoch`); returns the epochs dropped. */
  async forgetEpochsAbove(epoch: bigint): Promise<bigint[]> {
    const above = (await this.storedEpochs()).filter((e) => e > epoch);
    for (const e of above) await this.forgetEpoch(e);
    return above;
  }

  /** Path of the claimants' proofs of `epoch`. */
  proofsFile(epoch: bigint): string {
    return this.file("proofs", epoch);
  }

  async writeProofs(epoch: bigint, bytes: Uint8Array): Promise<void> {
    await writeFileAtomic(this.proofsFile(epoch), bytes);
  }

  /**
   * The report this oracle signed for `epoch`, or null if it signed none. A record that fails its check is a
   * StateError: the node must not sign that epoch until an operator decides (a lost record could mean a second,
   * different signature, which is slashable).
   */
  async readSignature(epoch: bigint): Promise<StoredSignature | null> {
    const file = this.file("signatures", epoch);
    const v = await this.read(file);
    if (v === null) return null;
    const refuse = (why: string) =>
      new StateError(
        `${file}: ${why}; not signing epoch ${epoch} (a second, different signature is slashable): check which ` +
          "report this oracle signed, then restore or remove the file",
      );
    if (typeof v === "string") throw refuse(v);
    try {
      return {
        epoch: BigInt(v.epoch as string),
        reportHash: v.reportHash as string,
        report: parseReport(v.report as Record<string, string>),
        signature: v.signature as string,
      };
    } catch (e) {
      throw refuse(`malformed (${(e as Error).message})`);
    }
  }

  async writeSignature(s: StoredSignature): Promise<void> {
    await writeFileAtomic(
      this.file("signatures", s.epoch),
      withDigest({
        epoch: s.epoch,
        reportHash: s.reportHash,
        report: reportJson(s.report),
        signature: s.signature,
      }),
    );
  }
}
