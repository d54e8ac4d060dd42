/**
 * Claims from a finalized report's attribution data document (src/oracle/epoch.ts writes it, format
 * "openledger.attribution-data/1"): the document's `accounts` give each account's cumulative amount; the indexer
 * rebuilds the cumulative rewards tree from them with @openzeppelin/merkle-tree (the layout RewardDistributor
 * verifies, src/rewards/tree.ts) and accepts the document only if the rebuilt root and total are the chain's. Proofs
 * come from the rebuilt tree, never from the document. `models[].amounts` give what each account earned per model.
 *
 * Content URIs carry their keccak256 (decision 0400): `local://0x<hash>` (the local content store directory) or
 * `<location>#keccak256=0x<hash>` where location is `ipfs://<cid>` (an IPFS node's HTTP API) or an http(s) URL.
 * Bytes that do not hash to it are refused.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";

import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { keccak256 } from "viem";

export const ATTRIBUTION_DATA_FORMAT = "openledger.attribution-data/1";
export const REWARDS_LEAF_ENCODING = ["address", "uint256"];

export interface ContentSource {
  contentDir: string;
  ipfsApiUrl: string | undefined;
  timeoutMs: number;
}

export interface EpochClaims {
  /** account (lowercase) -> cumulative amount and proof. */
  accounts: Map<string, { amount: bigint; proof: string[] }>;
  /** modelId -> account (lowercase) -> amount earned in the epoch. */
  earnings: Map<bigint, Map<string, bigint>>;
}

/** A reason the claims of an epoch are unavailable, stored with the epoch. */
export class ClaimsUnavailable extends Error {
  override name = "ClaimsUnavailable";
  /** True when the document could not be fetched (it may be reachable later: the indexer retries it). */
  readonly unreachable: boolean;

  constructor(message: string, options: { unreachable?: boolean } = {}) {
    super(message);
    this.unreachable = options.unreachable ?? false;
  }
}

/** The longest wait between two fetches of an unreachable document, in units of the base interval. */
export const MAX_BACKOFF_FACTOR = 64;

/**
 * Blocks to wait after the `attempts`-th failed fetch of an unreachable document: base, 2 x base, 4 x base, ... then
 * 64 x base for good (bounded backoff: never slower than that, never given up).
 */
export function retryDelay(attempts: number, base: number): bigint {
  const factor = Math.min(2 ** Math.max(0, attempts - 1), MAX_BACKOFF_FACTOR);
  return BigInt(base * factor);
}

const LOCAL_RE = /^local:\/\/(0x[0-9a-fA-F]{64})$/;
const FRAGMENT_RE = /^(.+)#keccak256=(0x[0-9a-fA-F]{64})$/;
const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;
const UINT_RE = /^(0|[1-9][0-9]*)$/;

async function fetchBytes(uri: string, source: ContentSource): Promise<Uint8Array> {
  const local = LOCAL_RE.exec(uri);
  let location: string;
  let hash: string;
  if (local) {
    location = uri;
    hash = local[1];
  } else {
    const fragment = FRAGMENT_RE.exec(uri);
    if (!fragment) throw new ClaimsUnavailable(`malformed data URI ${JSON.stringify(uri)}: it carries no keccak256`);
    location = fragment[1];
    hash = fragment[2];
  }
  let bytes: Uint8Array;
  if (local) {
    const file = path.join(source.contentDir, hash.toLowerCase());
    try {
      bytes = new Uint8Array(await readFile(file));
    } catch {
      throw new ClaimsUnavailable(`data ${uri} unreachable: not in the content store ${source.contentDir}`, {
        unreachable: true,
      });
    }
  } else {
    let url: string;
    let init: RequestInit = {};
    if (location.startsWith("ipfs://")) {
      if (source.ipfsApiUrl === undefined) {
        throw new ClaimsUnavailable(`data ${uri} unreachable: no IPFS API configured (OPENLEDGER_IPFS_API_URL)`, {
          unreachable: true,
        });
      }
      url = `${source.ipfsApiUrl.replace(/\/$/, "")}/api/v0/cat?arg=${encodeURIComponent(location.slice(7))}`;
      init = { method: "POST" };
    } else if (/^https?:\/\//.test(location)) {
      url = location;
    } else {
      throw new ClaimsUnavailable(`malformed data URI ${JSON.stringify(uri)}: unknown scheme`);
    }
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(source.timeoutMs) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      throw new ClaimsUnavailable(`data ${uri} unreachable: ${(error as Error).message}`, { unreachable: true });
    }
  }
  if (keccak256(bytes).toLowerCase() !== hash.toLowerCase()) {
    throw new ClaimsUnavailable(`data ${uri} does not hash to ${hash.toLowerCase()}`);
  }
  return bytes;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function amountOf(v: unknown, what: string): bigint {
  if (typeof v !== "string" || !UINT_RE.test(v)) throw new ClaimsUnavailable(`malformed data document: ${what}`);
  return BigInt(v);
}

/**
 * Reads and checks the data document of a finalized epoch.
 * @throws ClaimsUnavailable with a one-line reason (unreachable, malformed, or not the chain's root and total).
 */
export async function loadEpochClaims(
  uri: string,
  expected: { epoch: bigint; root: string; total: bigint },
  source: ContentSource,
): Promise<EpochClaims> {
  if (uri === "") throw new ClaimsUnavailable("the finalized report has no data URI");
  const bytes = await fetchBytes(uri, source);
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new ClaimsUnavailable(`malformed data document ${uri}: not UTF-8 JSON`);
  }
  if (!isObject(doc) || doc.format !== ATTRIBUTION_DATA_FORMAT) {
    throw new ClaimsUnavailable(`malformed data document ${uri}: format is not ${ATTRIBUTION_DATA_FORMAT}`);
  }
  if (String(doc.epoch) !== expected.epoch.toString()) {
    throw new ClaimsUnavailable(`data document ${uri} is of epoch ${String(doc.epoch)}, not ${expected.epoch}`);
  }
  if (!isObject(doc.accounts)) throw new ClaimsUnavailable(`malformed data document ${uri}: no accounts`);
  const leaves: [string, bigint][] = [];
  const seen = new Set<string>();
  for (const [key, entry] of Object.entries(doc.accounts)) {
    if (!ADDRESS_RE.test(key) || !isObject(entry)) {
      throw new ClaimsUnavailable(`malformed data document ${uri}: account ${key}`);
    }
    const account = key.toLowerCase();
    if (seen.has(account)) throw new ClaimsUnavailable(`malformed data document ${uri}: ${key} listed twice`);
    seen.add(account);
    leaves.push([account, amountOf(entry.amount, `amount of ${key}`)]);
  }
  const earnings = new Map<bigint, Map<string, bigint>>();
  if (Array.isArray(doc.models)) {
    for (const m of doc.models) {
      if (!isObject(m) || !isObject(m.amounts)) continue;
      const modelId = amountOf(String(m.modelId), "modelId");
      const perAccount = new Map<string, bigint>();
      for (const [key, value] of Object.entries(m.amounts)) {
        if (!ADDRESS_RE.test(key)) throw new ClaimsUnavailable(`malformed data document ${uri}: account ${key}`);
        perAccount.set(key.toLowerCase(), amountOf(value, `amount of ${key} for model ${modelId}`));
      }
      earnings.set(modelId, perAccount);
    }
  }
  const accounts = new Map<string, { amount: bigint; proof: string[] }>();
  let root = `0x${"0".repeat(64)}`;
  let total = 0n;
  if (leaves.length > 0) {
    const tree = StandardMerkleTree.of(leaves, REWARDS_LEAF_ENCODING);
    root = tree.root;
    for (const [i, [account, amount]] of tree.entries()) {
      total += amount;
      accounts.set(account, { amount, proof: tree.getProof(i) });
    }
  }
  if (root.toLowerCase() !== expected.root.toLowerCase() || total !== expected.total) {
    throw new ClaimsUnavailable(
      `data document ${uri} rebuilds root ${root} and total ${total}, not the chain's ${expected.root} and ${expected.total}`,
    );
  }
  return { accounts, earnings };
}

/** True if `proof` leads from the leaf of (account, cumulativeAmount) to `root`. */
export function verifyClaim(root: string, account: string, cumulativeAmount: bigint, proof: string[]): boolean {
  try {
    return StandardMerkleTree.verify(root, REWARDS_LEAF_ENCODING, [account, cumulativeAmount], proof);
  } catch {
    return false;
  }
}
