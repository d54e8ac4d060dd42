/**
 * The files an oracle reads from the content store, as types, validators and builders (docs/decisions/0400):
 *
 * 1. Datanet version manifest (at the version's URI): the contributions the version freezes. The node rebuilds the
 *    version's merkle root from it (`buildVersionTree`) and refuses it unless root and count match the chain.
 * 2. Contribution content (at each contribution's URI, keccak256 = the on-chain content hash):
 *    `{"text": string, "label"?: 0|1}` or `{"features": number[], "label"?: 0|1}`.
 * 3. Model card (at the model's metadata URI): `{"name", "attribution": {"method", "l2"?, "buckets"?, "minSpanLength"?}}`,
 *    method one of "influence", "spans", "retrieval".
 * 4. Inference log (committed with AttributionOracle.commitInferenceLog): JSONL, or one JSON array, of
 *    `{"requestHash", "input", "output", "paymentRef", "retrieved"?}`; its root is a StandardMerkleTree over the
 *    records (below). `retrieved` (retrieval models) is `{"format": "openledger.retrieval/1", "items":
 *    [{"contributionId", "relevance"}]}`: the contributions the output was built from, with their relevance.
 * The normative description of all of these is docs/spec/attribution.md.
 *
 * Validators throw FormatError with a one-line reason ("log line 3: requestHash must be 32 bytes of hex"); the node
 * turns a FormatError into a deterministic outcome (a refused manifest, an excluded contribution, a fallback pool),
 * never into a guess. Builders produce exactly the bytes tasks and the demo should publish.
 */
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { AbiCoder, ZeroHash, getAddress, keccak256, toUtf8Bytes } from "ethers";

import { buildVersionTree, type AttributionReport } from "../protocol/index.js";
import { canonicalBytes } from "./json.js";

export class FormatError extends Error {
  override name = "FormatError";
}

const BYTES32_RE = /^0x[0-9a-fA-F]{64}$/;
const UINT_RE = /^(0|[1-9][0-9]*)$/;
const MAX_UINT256 = (1n << 256n) - 1n;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Parses UTF-8 JSON bytes; `what` names the file in errors. */
export function parseJsonBytes(bytes: Uint8Array, what: string): Json {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new FormatError(`${what}: not valid UTF-8`);
  }
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw new FormatError(`${what}: malformed JSON`);
  }
}

/** A uint256 given as a decimal string, a 0x hex string or a safe non-negative integer. */
export function parseUint(v: unknown, what: string): bigint {
  let out: bigint;
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) out = BigInt(v);
  else if (typeof v === "string" && (UINT_RE.test(v) || /^0x[0-9a-fA-F]{1,64}$/.test(v))) out = BigInt(v);
  else throw new FormatError(`${what} must be a non-negative integer (decimal string or number)`);
  if (out > MAX_UINT256) throw new FormatError(`${what} does not fit in a uint256`);
  return out;
}

export function parseBytes32(v: unknown, what: string): string {
  if (typeof v !== "string" || !BYTES32_RE.test(v)) throw new FormatError(`${what} must be 32 bytes of 0x hex`);
  return v.toLowerCase();
}

export function parseAddress(v: unknown, what: string): string {
  if (typeof v !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(v)) throw new FormatError(`${what} must be an address`);
  try {
    return getAddress(v);
  } catch {
    throw new FormatError(`${what} has a wrong checksum`);
  }
}

// ------------------------------------------------------------------------------------------------ 1. version manifest

export const VERSION_MANIFEST_FORMAT = "openledger.datanet-version/1";

/** One contribution of a Datanet version, as listed in its manifest. */
export interface ManifestEntry {
  contributionId: bigint;
  /** keccak256 of the content, lowercase hex. */
  contentHash: string;
  /** Where the content can be fetched. */
  uri: string;
  /** Checksummed address. */
  contributor: string;
}

export interface VersionManifest {
  /** Absent when the manifest is a bare array. */
  datanetId?: bigint;
  version?: number;
  contributions: ManifestEntry[];
}

/**
 * Validates a version manifest: `{"format"?, "datanetId", "version", "contributions": [...]}` or a bare array of
 * entries. Ids must be unique. Whether it matches the chain is `checkManifest`'s business.
 */
export function parseVersionManifest(bytes: Uint8Array, what = "version manifest"): VersionManifest {
  const doc = parseJsonBytes(bytes, what);
  let list: unknown;
  const out: VersionManifest = { contributions: [] };
  if (Array.isArray(doc)) {
    list = doc;
  } else if (isObject(doc)) {
    if (doc.format !== undefined && doc.format !== VERSION_MANIFEST_FORMAT) {
      throw new FormatError(`${what}: unknown format ${JSON.stringify(doc.format)}`);
    }
    if (doc.datanetId !== undefined) out.datanetId = parseUint(doc.datanetId, `${what}: datanetId`);
    if (doc.version !== undefined) {
      if (typeof doc.version !== "number" || !Number.isSafeInteger(doc.version) || doc.version < 1) {
        throw new FormatError(`${what}: version must be a positive integer`);
      }
      out.version = doc.version;
    }
    list = doc.contributions;
  } else {
    throw new FormatError(`${what}: expected an object with "contributions" or an array`);
  }
  if (!Array.isArray(list)) throw new FormatError(`${what}: "contributions" must be an array`);
  if (list.length === 0) throw new FormatError(`${what}: no contributions`);
  const seen = new Set<bigint>();
  list.forEach((e: unknown, k: number) => {
    const at = `${what}: contributions[${k}]`;
    if (!isObject(e)) throw new FormatError(`${at} must be an object`);
    const contributionId = parseUint(e.contributionId, `${at}.contributionId`);
    if (seen.has(contributionId)) throw new FormatError(`${at}: contribution ${contributionId} is listed twice`);
    seen.add(contributionId);
    if (typeof e.uri !== "string" || e.uri === "") throw new FormatError(`${at}.uri must be a non-empty string`);
    out.contributions.push({
      contributionId,
      contentHash: parseBytes32(e.contentHash, `${at}.contentHash`),
      uri: e.uri,
      contributor: parseAddress(e.contributor, `${at}.contributor`),
    });
  });
  return out;
}

/** The manifest's merkle root: the Datanet version tree over (contributionId, contentHash) (decision 0105). */
export function manifestRoot(entries: readonly ManifestEntry[]): string {
  return buildVersionTree(entries).root;
}

/**
 * The canonical manifest bytes for a version, entries sorted by contribution id, with the root to publish
 * (`DatanetRegistry.publishVersion(datanetId, root, count, uri)`). What tasks and the demo should store.
 */
export function buildVersionManifest(
  datanetId: bigint,
  version: number,
  entries: readonly ManifestEntry[],
): { bytes: Uint8Array; root: string; count: number } {
  if (entries.length === 0) throw new FormatError("a version needs at least one contribution");
  const sorted = [...entries].sort((a, b) =>
    a.contributionId < b.contributionId ? -1 : a.contributionId > b.contributionId ? 1 : 0,
  );
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k].contributionId === sorted[k - 1].contributionId) {
      throw new FormatError(`contribution ${sorted[k].contributionId} is listed twice`);
    }
  }
  const bytes = canonicalBytes({
    format: VERSION_MANIFEST_FORMAT,
    datanetId,
    version,
    contributions: sorted.map((e) => ({
      contributionId: e.contributionId,
      contentHash: e.contentHash.toLowerCase(),
      uri: e.uri,
      contributor: getAddress(e.contributor),
    })),
  });
  return { bytes, root: manifestRoot(sorted), count: sorted.length };
}

// ------------------------------------------------------------------------------------------------ 2. contributions

/** A contribution's content: text or a numeric feature vector, with a 0/1 label for classifiers. */
export type ContributionContent =
  { kind: "text"; text: string; label?: 0 | 1 } | { kind: "features"; features: number[]; label?: 0 | 1 };

function parseLabel(v: unknown, what: string): 0 | 1 | undefined {
  if (v === undefined) return undefined;
  if (v !== 0 && v !== 1) throw new FormatError(`${what}: label must be 0 or 1`);
  return v;
}

function parseFeatures(v: unknown, what: string): number[] {
  if (!Array.isArray(v) || v.length === 0) throw new FormatError(`${what}: features must be a non-empty array`);
  v.forEach((x: unknown, j: number) => {
    if (typeof x !== "number" || !Number.isFinite(x)) {
      throw new FormatError(`${what}: features[${j}] is not a finite number`);
    }
  });
  return v as number[];
}

/** Validates contribution content: exactly one of "text" or "features", and an optional 0/1 "label". */
export function parseContribution(bytes: Uint8Array, what = "contribution"): ContributionContent {
  const doc = parseJsonBytes(bytes, what);
  if (!isObject(doc)) throw new FormatError(`${what}: expected a JSON object`);
  const hasText = doc.text !== undefined;
  const hasFeatures = doc.features !== undefined;
  if (hasText === hasFeatures) throw new FormatError(`${what}: needs exactly one of "text" or "features"`);
  const label = parseLabel(doc.label, what);
  if (hasText) {
    if (typeof doc.text !== "string") throw new FormatError(`${what}: text must be a string`);
    return label === undefined ? { kind: "text", text: doc.text } : { kind: "text", text: doc.text, label };
  }
  const features = parseFeatures(doc.features, what);
  return label === undefined ? { kind: "features", features } : { kind: "features", features, label };
}

/** The canonical bytes of a contribution (what a contributor stores and whose keccak256 it submits). */
export function encodeContribution(content: { text: string; label?: 0 | 1 } | { features: number[]; label?: 0 | 1 }) {
  return canonicalBytes({ ...content });
}

// ------------------------------------------------------------------------------------------------ 3. model card

export type AttributionMethod = "influence" | "spans" | "retrieval";

/** The attribution methods a model card may declare (spec docs/spec/attribution.md, section 4). */
export const ATTRIBUTION_METHODS: readonly AttributionMethod[] = ["influence", "spans", "retrieval"];

export interface ModelCard {
  name: string;
  attribution: {
    method: AttributionMethod;
    /** L2 penalty of the logistic regression (influence); engine default 0.01. */
    l2?: number;
    /** Hashed-feature buckets for text (influence); engine default 1024. */
    buckets?: number;
    /** Shortest span that earns credit, in tokens (spans); engine default 8. */
    minSpanLength?: number;
  };
}

export const MAX_BUCKETS = 1 << 16;

/** Validates a model card. Other top-level fields (description, weights, evaluation...) are allowed and ignored. */
export function parseModelCard(bytes: Uint8Array, what = "model card"): ModelCard {
  const doc = parseJsonBytes(bytes, what);
  if (!isObject(doc)) throw new FormatError(`${what}: expected a JSON object`);
  if (typeof doc.name !== "string" || doc.name === "") throw new FormatError(`${what}: name must be a string`);
  const a = doc.attribution;
  if (!isObject(a)) throw new FormatError(`${what}: "attribution" must be an object`);
  if (typeof a.method !== "string" || !(ATTRIBUTION_METHODS as readonly string[]).includes(a.method)) {
    throw new FormatError(`${what}: attribution.method must be "influence", "spans" or "retrieval"`);
  }
  const card: ModelCard = { name: doc.name, attribution: { method: a.method as AttributionMethod } };
  if (a.l2 !== undefined) {
    if (typeof a.l2 !== "number" || !Number.isFinite(a.l2) || a.l2 <= 0) {
      throw new FormatError(`${what}: attribution.l2 must be a positive number`);
    }
    card.attribution.l2 = a.l2;
  }
  if (a.buckets !== undefined) {
    if (typeof a.buckets !== "number" || !Number.isInteger(a.buckets) || a.buckets < 1 || a.buckets > MAX_BUCKETS) {
      throw new FormatError(`${what}: attribution.buckets must be an integer in [1, ${MAX_BUCKETS}]`);
    }
    card.attribution.buckets = a.buckets;
  }
  if (a.minSpanLength !== undefined) {
    if (typeof a.minSpanLength !== "number" || !Number.isInteger(a.minSpanLength) || a.minSpanLength < 1) {
      throw new FormatError(`${what}: attribution.minSpanLength must be a positive integer`);
    }
    card.attribution.minSpanLength = a.minSpanLength;
  }
  return card;
}

// ------------------------------------------------------------------------------------------------ 4. inference log

/** One served inference. */
export interface LogRecord {
  /** Hash of the request (the `requestHash` of InferencePaid for direct payments), lowercase hex. */
  requestHash: string;
  /** The model input: text, or for a numeric-feature model the JSON text of the feature array ("[0.5,1,0]"). */
  input: string;
  /** The model output: generated text, or a classifier's predicted label "0" / "1". */
  output: string;
  /** Which payment covered it: a transaction hash and log index, a voucher reference, etc. */
  paymentRef: string;
  /** Retrieval models: the contributions the output was built from, with their relevance (format below). */
  retrieved?: RetrievedItem[];
}

/** Format id of a log record's `retrieved` member. */
export const RETRIEVAL_FORMAT = "openledger.retrieval/1";

/** Most items one record may cite. */
export const MAX_RETRIEVED_ITEMS = 1024;

/** One retrieved contribution of a log record. */
export interface RetrievedItem {
  contributionId: bigint;
  /** A finite, non-negative IEEE-754 double (the JSON number, correctly rounded). */
  relevance: number;
}

/**
 * Leaf of the log tree: StandardMerkleTree over
 *   ["uint256", "bytes32", "bytes32", "bytes32", "bytes32"] =
 *   [index, requestHash, keccak256(utf8(input)), keccak256(utf8(output)), keccak256(utf8(paymentRef))]
 * i.e. leaf = keccak256(bytes.concat(keccak256(abi.encode(index, requestHash, inputHash, outputHash, refHash)))),
 * verifiable in Solidity with MerkleProof. The index (0-based position in the file) makes order and repeats part of
 * the root.
 *
 * A log in which any record carries `retrieved` uses RETRIEVAL_LOG_LEAF_ENCODING for every record: the same five
 * values and a sixth, `retrievedHash(record)` (zero for a record without `retrieved`), so the retrieved ids and
 * relevances are committed too. Logs without retrieval keep the five-value leaf (and their roots).
 */
export const LOG_LEAF_ENCODING = ["uint256", "bytes32", "bytes32", "bytes32", "bytes32"];
export const RETRIEVAL_LOG_LEAF_ENCODING = ["uint256", "bytes32", "bytes32", "bytes32", "bytes32", "bytes32"];

function textHash(s: string): string {
  return keccak256(toUtf8Bytes(s));
}

const relevanceBits = new DataView(new ArrayBuffer(8));

/** The IEEE-754 binary64 bit pattern of a relevance, as an unsigned 64-bit integer. */
export function relevanceBitsOf(relevance: number): bigint {
  relevanceBits.setFloat64(0, relevance === 0 ? 0 : relevance);
  return relevanceBits.getBigUint64(0);
}

/**
 * The sixth leaf value of a retrieval log's record: keccak256(abi.encode(uint256[] contributionIds, uint64[] bits))
 * with the items in record order and `bits` the binary64 bit pattern of each relevance; zero without `retrieved`.
 */
export function retrievedHash(record: LogRecord): string {
  if (record.retrieved === undefined) return ZeroHash;
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["uint256[]", "uint64[]"],
      [record.retrieved.map((i) => i.contributionId), record.retrieved.map((i) => relevanceBitsOf(i.relevance))],
    ),
  );
}

/** Whether the log's leaves carry the retrieval value (some record has `retrieved`). */
export function isRetrievalLog(records: readonly LogRecord[]): boolean {
  return records.some((r) => r.retrieved !== undefined);
}

/** The leaf values of `records`, in order (five values, or six for a retrieval log). */
export function logLeaves(records: readonly LogRecord[]): (bigint | string)[][] {
  const retrieval = isRetrievalLog(records);
  return records.map((r, i) => {
    const leaf: (bigint | string)[] = [
      BigInt(i),
      r.requestHash,
      textHash(r.input),
      textHash(r.output),
      textHash(r.paymentRef),
    ];
    if (retrieval) leaf.push(retrievedHash(r));
    return leaf;
  });
}

/** The log tree (for proofs of single records). */
export function buildLogTree(records: readonly LogRecord[]) {
  if (records.length === 0) throw new FormatError("a log needs at least one record");
  return StandardMerkleTree.of(
    logLeaves(records),
    isRetrievalLog(records) ? RETRIEVAL_LOG_LEAF_ENCODING : LOG_LEAF_ENCODING,
  );
}

/** The root an operator commits with `commitInferenceLog`. */
export function logRoot(records: readonly LogRecord[]): string {
  return buildLogTree(records).root;
}

function parseRecord(v: unknown, what: string): LogRecord {
  if (!isObject(v)) throw new FormatError(`${what}: expected a JSON object`);
  const requestHash = parseBytes32(v.requestHash, `${what}: requestHash`);
  if (typeof v.input !== "string") throw new FormatError(`${what}: input must be a string`);
  let output: string;
  if (typeof v.output === "string") output = v.output;
  else if (v.output === 0 || v.output === 1) output = String(v.output);
  else throw new FormatError(`${what}: output must be a string (or the label 0 or 1)`);
  if (typeof v.paymentRef !== "string") throw new FormatError(`${what}: paymentRef must be a string`);
  const record: LogRecord = { requestHash, input: v.input, output, paymentRef: v.paymentRef };
  if (v.retrieved !== undefined) record.retrieved = parseRetrieved(v.retrieved, `${what}: retrieved`);
  return record;
}

/** Validates a record's `retrieved`: `{"format": "openledger.retrieval/1", "items": [{contributionId, relevance}]}`. */
function parseRetrieved(v: unknown, what: string): RetrievedItem[] {
  if (!isObject(v)) throw new FormatError(`${what} must be an object`);
  if (v.format !== RETRIEVAL_FORMAT) {
    throw new FormatError(`${what}: format must be ${JSON.stringify(RETRIEVAL_FORMAT)}`);
  }
  if (!Array.isArray(v.items)) throw new FormatError(`${what}: items must be an array`);
  if (v.items.length > MAX_RETRIEVED_ITEMS) {
    throw new FormatError(`${what}: ${v.items.length} items, at most ${MAX_RETRIEVED_ITEMS}`);
  }
  const seen = new Set<bigint>();
  return v.items.map((item: unknown, k: number) => {
    const at = `${what}.items[${k}]`;
    if (!isObject(item)) throw new FormatError(`${at} must be an object`);
    const contributionId = parseUint(item.contributionId, `${at}.contributionId`);
    if (seen.has(contributionId)) throw new FormatError(`${at}: contribution ${contributionId} is cited twice`);
    seen.add(contributionId);
    const relevance = item.relevance;
    if (typeof relevance !== "number" || !Number.isFinite(relevance) || relevance < 0) {
      throw new FormatError(`${at}.relevance must be a finite number >= 0`);
    }
    return { contributionId, relevance: relevance === 0 ? 0 : relevance };
  });
}

/** Validates a log: a JSON array of records, or JSONL (one record per line; blank lines ignored). */
export function parseInferenceLog(bytes: Uint8Array, what = "inference log"): LogRecord[] {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new FormatError(`${what}: not valid UTF-8`);
  }
  let records: LogRecord[];
  if (text.trimStart().startsWith("[")) {
    const doc = parseJsonBytes(bytes, what);
    if (!Array.isArray(doc)) throw new FormatError(`${what}: malformed JSON array`);
    records = doc.map((r, k) => parseRecord(r, `${what}[${k}]`));
  } else {
    records = [];
    const lines = text.split("\n");
    for (let k = 0; k < lines.length; k++) {
      const raw = lines[k].trim();
      if (raw === "") continue;
      let v: unknown;
      try {
        v = JSON.parse(raw);
      } catch {
        throw new FormatError(`${what} line ${k + 1}: malformed JSON`);
      }
      records.push(parseRecord(v, `${what} line ${k + 1}`));
    }
  }
  if (records.length === 0) throw new FormatError(`${what}: no records`);
  return records;
}

/** Canonical JSONL bytes of a log (what an operator stores), one record per line with sorted keys. */
export function encodeInferenceLog(records: readonly LogRecord[]): Uint8Array {
  if (records.length === 0) throw new FormatError("a log needs at least one record");
  const lines = records.map((r) =>
    JSON.stringify({
      input: r.input,
      output: r.output,
      paymentRef: r.paymentRef,
      requestHash: r.requestHash.toLowerCase(),
      ...(r.retrieved === undefined
        ? {}
        : {
            retrieved: {
              format: RETRIEVAL_FORMAT,
              items: r.retrieved.map((i) => ({ contributionId: i.contributionId.toString(), relevance: i.relevance })),
            },
          }),
    }),
  );
  return new TextEncoder().encode(lines.join("\n") + "\n");
}

/** A classifier output as a label, or undefined when it is not "0"/"1". */
export function outputLabel(output: string): 0 | 1 | undefined {
  const t = output.trim();
  return t === "0" ? 0 : t === "1" ? 1 : undefined;
}

/** A numeric-feature input (the JSON text of a non-empty array of finite numbers), or undefined. */
export function inputFeatures(input: string): number[] | undefined {
  try {
    return parseFeatures(JSON.parse(input) as unknown, "input");
  } catch {
    return undefined;
  }
}

/** Zero hash: the attribution root of an epoch in which nobody earned anything. */
export const EMPTY_ROOT = ZeroHash;

/** A report with one oracle's EIP-712 signature over it. */
export interface SignedReport {
  report: AttributionReport;
  signature: string;
}

/**
 * A signed report file: any JSON object with `report` ({epoch, cumulativeRewardsRoot, cumulativeTotal,
 * attributionRoot, dataURI}) and `signature` (65 bytes of 0x hex). A node's `signatures/<epoch>.json` and the JSON
 * output of `oracle epoch` in sign mode both have this shape; other fields are ignored.
 */
export function parseSignedReport(bytes: Uint8Array, what = "signed report"): SignedReport {
  const v = parseJsonBytes(bytes, what);
  if (!isObject(v) || !isObject(v.report)) throw new FormatError(`${what}: expected an object with a "report" object`);
  const r = v.report;
  if (typeof r.dataURI !== "string") throw new FormatError(`${what}: report.dataURI must be a string`);
  const epoch = parseUint(r.epoch, `${what}: report.epoch`);
  if (epoch >= 1n << 64n) throw new FormatError(`${what}: report.epoch does not fit in a uint64`);
  if (typeof v.signature !== "string" || !/^0x[0-9a-fA-F]{130}$/.test(v.signature)) {
    throw new FormatError(`${what}: signature must be 65 bytes of 0x hex`);
  }
  return {
    report: {
      epoch,
      cumulativeRewardsRoot: parseBytes32(r.cumulativeRewardsRoot, `${what}: report.cumulativeRewardsRoot`),
      cumulativeTotal: parseUint(r.cumulativeTotal, `${what}: report.cumulativeTotal`),
      attributionRoot: parseBytes32(r.attributionRoot, `${what}: report.attributionRoot`),
      dataURI: r.dataURI,
    },
    signature: v.signature.toLowerCase(),
  };
}
