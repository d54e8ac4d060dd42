/**
 * The node's state on disk, under `<root>/<chainId>/<oracle address, lowercase>/`:
 *
 *   epochs/<epoch>.json      the epoch's report, its hash and the cumulative amounts (the input of the next epoch);
 *                            `adopted` when they are a finalized report's that the node took over (decision 0404)
 *   proofs/<epoch>.json      {account: {amount, proof}} for claimants (also inside the published data)
 *   signatures/<epoch>.json  the report this oracle signed for the epoch (sign mode), so it never signs another
 *
 * Every file is canonical JSON written to a temporary name and renamed into place, so a crash leaves either the old
 * file or the new one, never half of one. The state is a cache of deterministic work plus the signing record: the
 * chain stays the source of truth for what was attested, disputed or finalized.
 */
import { randomUUID } from "node:crypto";
import { mkdir, readFile, readdir, rename, unlink, writeFile } from "node:fs/promises";
import path from "node:path";

import { getAddress } from "ethers";

import type { AttributionReport } from "../protocol/eip712.js";
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

export class OracleState {
  /** The directory of this (chain, oracle). */
  readonly dir: string;

  constructor(root: string, chainId: bigint, oracle: string) {
    this.dir = path.join(root, chainId.toString(), getAddress(oracle).toLowerCase());
  }

  private file(kind: string, epoch: bigint): string {
    return path.join(this.dir, kind, `${epoch}.json`);
  }

  private async read(file: string): Promise<Record<string, unknown> | null> {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new StateError(`${file} is not valid JSON (remove it and the node will recompute it)`);
    }
  }

  async readEpoch(epoch: bigint): Promise<StoredEpoch | null> {
    const v = await this.read(this.file("epochs", epoch));
    if (v === null) return null;
    const cumulative = new Map<string, bigint>();
    for (const [account, amount] of Object.entries(v.cumulative as Record<string, string>)) {
      cumulative.set(getAddress(account), BigInt(amount));
    }
    return {
      epoch: BigInt(v.epoch as string),
      report: parseReport(v.report as Record<string, string>),
      reportHash: v.reportHash as string,
      dataHash: v.dataHash as string,
      cumulative,
      ...(v.adopted === "accepted" || v.adopted === "forced" ? { adopted: v.adopted } : {}),
    };
  }

  async writeEpoch(stored: StoredEpoch): Promise<void> {
    await writeFileAtomic(
      this.file("epochs", stored.epoch),
      canonicalBytes({
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

  async readSignature(epoch: bigint): Promise<StoredSignature | null> {
    const v = await this.read(this.file("signatures", epoch));
    if (v === null) return null;
    return {
      epoch: BigInt(v.epoch as string),
      reportHash: v.reportHash as string,
      report: parseReport(v.report as Record<string, string>),
      signature: v.signature as string,
    };
  }

  async writeSignature(s: StoredSignature): Promise<void> {
    await writeFileAtomic(
      this.file("signatures", s.epoch),
      canonicalBytes({
        epoch: s.epoch,
        reportHash: s.reportHash,
        report: reportJson(s.report),
        signature: s.signature,
      }),
    );
  }
}
