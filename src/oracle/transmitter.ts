/**
 * The transmitter role of sign mode (decision 0483): oracles sign their report off chain, and one process collects
 * the signatures of the same report and submits them once their oracle stake reaches the quorum. Signatures travel
 * as signed-report files (the shape `parseSignedReport` reads: `{report, signature}`):
 * - a shared directory: each signing node writes `<dir>/<epoch>/<signer, lowercase>.json`, the transmitter reads
 *   every file of the epoch;
 * - a loopback HTTP endpoint: each node's server (src/oracle/server.ts) answers `GET /signatures/<epoch>` with its
 *   own signed report, and the transmitter asks each peer.
 * Nothing collected is trusted: a signature counts only when it recovers to an oracle with stake at the epoch's
 * snapshot and is over the transmitter's own report (the same report hash), so a peer cannot make it submit another.
 */
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";

import { getAddress } from "ethers";

import { FormatError, parseSignedReport, type SignedReport } from "./formats.js";
import { canonicalBytes } from "./json.js";
import { writeFileAtomic } from "./state.js";

/** Where a transmitter collects signed reports from. */
export interface SignatureSource {
  /** For log lines: the directory or URL. */
  readonly name: string;
  /** The signed reports of `epoch` found there (unreadable items are reported through `problem`, not thrown). */
  collect(epoch: bigint, problem: (line: string) => void): Promise<SignedReport[]>;
}

/** The file a signing node writes its signed report of `epoch` to, under a shared directory. */
export function signatureFile(dir: string, epoch: bigint, signer: string): string {
  return path.join(dir, epoch.toString(), `${getAddress(signer).toLowerCase()}.json`);
}

/** Writes a signed report where `directorySource(dir)` finds it (atomically). */
export async function publishSignature(dir: string, signer: string, signed: SignedReport): Promise<string> {
  const file = signatureFile(dir, signed.report.epoch, signer);
  const r = signed.report;
  await writeFileAtomic(
    file,
    canonicalBytes({
      signer: getAddress(signer),
      signature: signed.signature,
      report: {
        epoch: r.epoch,
        cumulativeRewardsRoot: r.cumulativeRewardsRoot,
        cumulativeTotal: r.cumulativeTotal,
        attributionRoot: r.attributionRoot,
        dataURI: r.dataURI,
      },
    }),
  );
  return file;
}

/** Signed reports from `<dir>/<epoch>/*.json`. */
export function directorySource(dir: string): SignatureSource {
  return {
    name: dir,
    async collect(epoch, problem) {
      const folder = path.join(dir, epoch.toString());
      let names: string[];
      try {
        names = (await readdir(folder)).filter((n) => n.endsWith(".json")).sort();
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
        throw e;
      }
      const out: SignedReport[] = [];
      for (const name of names) {
        const file = path.join(folder, name);
        try {
          out.push(parseSignedReport(new Uint8Array(await readFile(file)), file));
        } catch (e) {
          if (!(e instanceof FormatError)) throw e;
          problem(`skipping ${e.message}`);
        }
      }
      return out;
    },
  };
}

/** Refuses anything but an http URL on a loopback address (signatures are collected on this machine only). */
export function parseLoopbackUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new FormatError(`"${value}" is not a URL`);
  }
  if (url.protocol !== "http:" || !["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) {
    throw new FormatError(`"${value}" is not an http URL on 127.0.0.1 (signatures are collected on loopback only)`);
  }
  return url.origin;
}

/** The signed report a peer's node serves at `GET <url>/signatures/<epoch>` (none on 404), with a 5 s timeout. */
export function httpSource(url: string, timeoutMs = 5_000): SignatureSource {
  const origin = parseLoopbackUrl(url);
  return {
    name: origin,
    async collect(epoch, problem) {
      let response: Response;
      try {
        response = await fetch(`${origin}/signatures/${epoch}`, { signal: AbortSignal.timeout(timeoutMs) });
      } catch (e) {
        problem(`${origin} did not answer (${(e as Error).message})`);
        return [];
      }
      if (response.status === 404) return [];
      if (!response.ok) {
        problem(`${origin}/signatures/${epoch} answered HTTP ${response.status}`);
        return [];
      }
      try {
        return [parseSignedReport(new Uint8Array(await response.arrayBuffer()), `${origin}/signatures/${epoch}`)];
      } catch (e) {
        if (!(e instanceof FormatError)) throw e;
        problem(`skipping ${e.message}`);
        return [];
      }
    },
  };
}
