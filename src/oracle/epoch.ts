/**
 * One epoch of Proof of Attribution, as a pure function: validated inputs in, report fields and the canonical
 * published document out. No chain, no store, no clock: two runs (or two oracles) with the same inputs produce the
 * same bytes (docs/decisions/0401).
 *
 * For each model with a pool > 0, in model id order:
 * - influence models: the training set is the model's contributions (text or features, with a label) in submission
 *   order; queries are the log's inputs labelled with the model's own output (its predicted label); a
 *   contribution's score is its influence summed over the queries;
 * - span models: the corpus is the contributions' texts in submission order, the outputs are the log's outputs; a
 *   contribution's score is its span credit summed over the outputs;
 * then scores roll up to contributors and `allocatePool` splits the pool exactly (only positive totals earn). A
 * model whose card, training set or log is unusable, or whose scores are nowhere positive, pays its whole pool to
 * the fallback account (the treasury's leaf; decision 0200). Amounts are added to the previous cumulative totals
 * and the rewards tree is built over every account with a positive total.
 */
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { ZeroHash, getAddress } from "ethers";

import {
  DEFAULT_BUCKETS,
  DEFAULT_LAMBDA,
  DEFAULT_MIN_SPAN_TOKENS,
  allocatePool,
  attributeSpans,
  buildSpanIndex,
  featurize,
  influence,
  rollup,
  trainLogistic,
  type Dataset,
} from "../attribution/index.js";
import type { AttributionReport } from "../protocol/index.js";
import { buildRewardsTree, type RewardsTree } from "../rewards/index.js";
import {
  FormatError,
  inputFeatures,
  outputLabel,
  parseAddress,
  parseBytes32,
  parseJsonBytes,
  parseUint,
  type AttributionMethod,
  type ContributionContent,
  type LogRecord,
  type ModelCard,
} from "./formats.js";
import { canonicalBytes, type CanonicalValue } from "./json.js";

/** Format id of the published attribution data document. */
export const ATTRIBUTION_DATA_FORMAT = "openledger.attribution-data/1";

/** Leaf of the attribution tree: (epoch, modelId, account, amount) of every positive amount of the epoch. */
export const ATTRIBUTION_LEAF_ENCODING = ["uint64", "uint256", "address", "uint256"];

/** How many contributions per model the published data lists, by score. */
export const TOP_CONTRIBUTIONS = 10;

/** How many records per contribution the published data lists, by value (the explanation of its score). */
export const TOP_RECORDS = 5;

/**
 * A value, or the deterministic reason it cannot be used. `code` says which policy applies where a refusal has
 * more than one (an inference log: "log-missing" when none was committed, otherwise refused).
 */
export type Checked<T> = { value: T } | { refused: string; code?: string };

export interface TrainingContribution {
  contributionId: bigint;
  /** Checksummed address of the contributor (from the chain). */
  contributor: string;
  /** keccak256 of the content (from the chain), lowercase hex; retrieval credits exact duplicates to the first. */
  contentHash?: string;
  /** The parsed content, or why it is unusable (malformed content earns nothing). */
  content: Checked<ContributionContent>;
}

export interface InferenceLogInput {
  root: string;
  uri: string;
  records: LogRecord[];
}

export interface ModelEpochInput {
  modelId: bigint;
  /** The model's attribution pool for the epoch (`InferencePayments.attributionPool`). */
  pool: bigint;
  /** The Datanet versions the model was trained on, for the record. */
  trainedOn: { datanetId: bigint; version: number }[];
  card: Checked<ModelCard>;
  /** Contributions of its training versions, each once, in submission order. */
  training: Checked<TrainingContribution[]>;
  /** The epoch's inference log. */
  log: Checked<InferenceLogInput>;
}

export interface EpochInput {
  epoch: bigint;
  /** Who receives pools nobody can be credited with (the treasury). */
  fallbackAccount: string;
  /** Cumulative amounts of every account up to the previous epoch. */
  previous: ReadonlyMap<string, bigint>;
  models: ModelEpochInput[];
}

export interface ScoredContribution {
  contributionId: bigint;
  contributor: string;
  score: number;
}

export interface ModelResult {
  modelId: bigint;
  pool: bigint;
  method: AttributionMethod | null;
  outcome: "attributed" | "fallback";
  /** Why the pool went to the fallback account (null when attributed); the document's `reason`. */
  code: FallbackCode | null;
  /** The same in words, with details (null when attributed; not published). */
  reason: string | null;
  /** Positive amounts by account, sorted by address. Sums to `pool`. */
  amounts: Map<string, bigint>;
  /** Summed scores per contributor (all contributors of the training set, sorted by address). */
  contributorScores: Map<string, number>;
  topContributions: ScoredContribution[];
  /** Every contribution that took part, by id, with the records its score came from. */
  contributions: ContributionExplanation[];
  /** Contributions that earn nothing in this model, by id. */
  excluded: ExcludedContribution[];
  /** Retrieval: records excluded for citing contributions outside the training versions, in log order. */
  excludedRecords: ExcludedRecord[];
  /** Log records used as queries or outputs, and those skipped. */
  recordsUsed: number;
  recordsSkipped: number;
}

export interface AccountProof {
  amount: bigint;
  proof: string[];
}

export interface EpochResult {
  epoch: bigint;
  fallbackAccount: string;
  models: ModelResult[];
  /** What each account earned in this epoch (positive only, sorted by address). */
  epochAmounts: Map<string, bigint>;
  /** Cumulative amounts (positive only, sorted by address). */
  cumulative: Map<string, bigint>;
  cumulativeTotal: bigint;
  cumulativeRewardsRoot: string;
  attributionRoot: string;
  /** Null when nobody has earned anything yet. */
  tree: RewardsTree | null;
  proofs: Map<string, AccountProof>;
  /** The canonical document published in the content store (its URI becomes the report's dataURI). */
  data: Uint8Array;
}

function byAddress(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function sortedByAddress<V>(m: ReadonlyMap<string, V>): Map<string, V> {
  return new Map([...m].sort((a, b) => byAddress(a[0], b[0])));
}

function addTo(m: Map<string, bigint>, account: string, amount: bigint): void {
  if (amount === 0n) return;
  m.set(account, (m.get(account) ?? 0n) + amount);
}

/**
 * Why a model's pool went to the fallback account, as written in the data document (spec section 9). Normative:
 * an independent implementation writes the same code.
 */
export type FallbackCode =
  | "card-refused"
  | "training-refused"
  | "log-missing"
  | "log-refused"
  | "no-usable-contribution"
  | "no-usable-record"
  | "single-class"
  | "no-positive-score";

/** Why a contribution earns nothing in a model, as written in the data document (spec section 9). */
export type ExclusionCode =
  "content-refused" | "no-label" | "kind-mismatch" | "dimension-mismatch" | "not-text" | "duplicate";

/** Why a log record of a retrieval model was excluded (spec section 6.3). */
export type RecordExclusionCode = "cites-outside-training-set";

export interface ExcludedContribution {
  contributionId: bigint;
  contributor: string;
  code: ExclusionCode;
  /** Human-readable detail (not part of the published document). */
  reason: string;
}

export interface ExcludedRecord {
  /** 0-based index of the record in the log. */
  record: number;
  /** The first cited contribution that is not in the model's training versions. */
  contributionId: bigint;
  code: RecordExclusionCode;
}

/** What one log record contributed to one contribution's score. */
export interface RecordCredit {
  /** 0-based index of the record in the log. */
  record: number;
  /** The record's share of the contribution's score: influence, span credit or relevance credit. */
  value: number;
  /** Span models: the output's spans the contribution holds (UTF-16 offsets into the output, length in tokens). */
  spans?: { start: number; end: number; tokens: number }[];
  /** Retrieval models: the relevance the record gave the contribution. */
  relevance?: number;
}

/** A contribution's score in a model and the records it came from (the top TOP_RECORDS by value). */
export interface ContributionExplanation {
  contributionId: bigint;
  contributor: string;
  score: number;
  records: RecordCredit[];
}

interface Scores {
  /** Training contributions that take part, in submission order; `scores` and `records` are aligned with it. */
  used: TrainingContribution[];
  scores: Float64Array;
  records: RecordCredit[][];
  recordsUsed: number;
  recordsSkipped: number;
  excluded: ExcludedContribution[];
  excludedRecords: ExcludedRecord[];
}

class NothingAttributable extends Error {
  constructor(
    readonly code: FallbackCode,
    message: string,
  ) {
    super(message);
  }
}

function excludeInvalid(training: TrainingContribution[]) {
  const excluded: ExcludedContribution[] = [];
  const valid: { c: TrainingContribution; content: ContributionContent }[] = [];
  for (const c of training) {
    if ("refused" in c.content) {
      excluded.push({
        contributionId: c.contributionId,
        contributor: c.contributor,
        code: "content-refused",
        reason: c.content.refused,
      });
    } else {
      valid.push({ c, content: c.content.value });
    }
  }
  return { excluded, valid };
}

function influenceScores(card: ModelCard, training: TrainingContribution[], records: LogRecord[]): Scores {
  const { excluded, valid } = excludeInvalid(training);
  const lambda = card.attribution.l2 ?? DEFAULT_LAMBDA;
  const buckets = card.attribution.buckets ?? DEFAULT_BUCKETS;
  // The model's input kind is the kind of its first usable contribution (submission order).
  let kind: "text" | "features" | undefined;
  let dim = 0;
  const used: TrainingContribution[] = [];
  const rows: { x: ArrayLike<number>; y: 0 | 1 }[] = [];
  for (const { c, content } of valid) {
    if (content.label === undefined) {
      excluded.push({
        contributionId: c.contributionId,
        contributor: c.contributor,
        code: "no-label",
        reason: "no label (influence models need 0 or 1)",
      });
      continue;
    }
    if (kind === undefined) {
      kind = content.kind;
      dim = content.kind === "features" ? content.features.length : buckets;
    }
    if (content.kind !== kind) {
      excluded.push({
        contributionId: c.contributionId,
        contributor: c.contributor,
        code: "kind-mismatch",
        reason: `has ${content.kind}, the model uses ${kind}`,
      });
      continue;
    }
    if (content.kind === "features" && content.features.length !== dim) {
      excluded.push({
        contributionId: c.contributionId,
        contributor: c.contributor,
        code: "dimension-mismatch",
        reason: `has ${content.features.length} features, the model uses ${dim}`,
      });
      continue;
    }
    used.push(c);
    rows.push({ x: content.kind === "text" ? featurize(content.text, buckets) : content.features, y: content.label });
  }
  if (kind === undefined) throw new NothingAttributable("no-usable-contribution", "no usable labelled contribution");
  const n = rows.length;
  const data: Dataset = { n, p: dim, x: new Float64Array(n * dim), y: new Uint8Array(n) };
  rows.forEach((r, i) => {
    data.x.set(r.x, i * dim);
    data.y[i] = r.y;
  });
  const queries: { x: ArrayLike<number>; y: 0 | 1; record: number }[] = [];
  records.forEach((r, record) => {
    const y = outputLabel(r.output);
    const x = kind === "text" ? featurize(r.input, buckets) : inputFeatures(r.input);
    if (y === undefined || x === undefined || x.length !== dim) return;
    queries.push({ x, y, record });
  });
  const recordsSkipped = records.length - queries.length;
  if (queries.length === 0)
    throw new NothingAttributable("no-usable-record", "no log record is a usable labelled query");
  let pos = 0;
  for (let i = 0; i < n; i++) pos += data.y[i];
  if (pos === 0 || pos === n)
    throw new NothingAttributable("single-class", "training labels must include both 0 and 1");
  const q: Dataset = {
    n: queries.length,
    p: dim,
    x: new Float64Array(queries.length * dim),
    y: new Uint8Array(queries.length),
  };
  queries.forEach((r, k) => {
    q.x.set(r.x, k * dim);
    q.y[k] = r.y;
  });
  const model = trainLogistic(data, { lambda });
  const matrix = influence(data, model, q);
  const scores = new Float64Array(n);
  for (let k = 0; k < q.n; k++) for (let i = 0; i < n; i++) scores[i] += matrix[k * n + i];
  const credits: RecordCredit[][] = [];
  for (let i = 0; i < n; i++) {
    const row: RecordCredit[] = [];
    for (let k = 0; k < q.n; k++) row.push({ record: queries[k].record, value: matrix[k * n + i] });
    credits.push(row);
  }
  return { used, scores, records: credits, recordsUsed: queries.length, recordsSkipped, excluded, excludedRecords: [] };
}

function spanScores(card: ModelCard, training: TrainingContribution[], records: LogRecord[]): Scores {
  const { excluded, valid } = excludeInvalid(training);
  const used: TrainingContribution[] = [];
  const docs: { id: string; contributor: string; text: string }[] = [];
  for (const { c, content } of valid) {
    if (content.kind !== "text") {
      excluded.push({
        contributionId: c.contributionId,
        contributor: c.contributor,
        code: "not-text",
        reason: "span models need text",
      });
      continue;
    }
    used.push(c);
    docs.push({ id: c.contributionId.toString(), contributor: c.contributor, text: content.text });
  }
  if (docs.length === 0) throw new NothingAttributable("no-usable-contribution", "no contribution with text");
  const index = buildSpanIndex(docs);
  const outputs = records.map((r, k) => ({ id: String(k), text: r.output }));
  const results = attributeSpans(index, outputs, {
    minLength: card.attribution.minSpanLength ?? DEFAULT_MIN_SPAN_TOKENS,
  });
  const scores = new Float64Array(docs.length);
  const credits: RecordCredit[][] = docs.map(() => []);
  let recordsUsed = 0;
  results.forEach((r, record) => {
    if (r.credit.size > 0) recordsUsed++;
    for (const [d, c] of r.credit) {
      scores[d] += c;
      credits[d].push({
        record,
        value: c,
        spans: r.spans.filter((s) => s.docs.includes(d)).map((s) => ({ start: s.start, end: s.end, tokens: s.tokens })),
      });
    }
  });
  // Exact duplicates were resolved to the earliest copy by the index: later copies earn nothing.
  for (let d = 0; d < docs.length; d++) {
    if (index.canonical[d] !== d) {
      excluded.push({
        contributionId: used[d].contributionId,
        contributor: used[d].contributor,
        code: "duplicate",
        reason: `same tokens as contribution ${used[index.canonical[d]].contributionId}`,
      });
    }
  }
  return {
    used,
    scores,
    records: credits,
    recordsUsed,
    recordsSkipped: records.length - recordsUsed,
    excluded,
    excludedRecords: [],
  };
}

/**
 * Retrieval: each record credits the contributions it retrieved, in proportion to their relevance (each record's
 * credit sums to 1). A record citing any contribution outside the model's training versions is excluded and listed;
 * items citing a contribution whose content was refused are dropped; an item citing a later exact duplicate (same
 * content hash) credits the earliest copy. Records without `retrieved`, or whose usable relevance sums to 0, are
 * skipped.
 */
function retrievalScores(training: TrainingContribution[], records: LogRecord[]): Scores {
  const { excluded, valid } = excludeInvalid(training);
  const inTraining = new Set(training.map((c) => c.contributionId));
  const used: TrainingContribution[] = [];
  /** Contribution id => index in `used` of the contribution that receives its credit. */
  const target = new Map<bigint, number>();
  const firstByHash = new Map<string, number>();
  for (const { c } of valid) {
    const first = c.contentHash === undefined ? undefined : firstByHash.get(c.contentHash.toLowerCase());
    if (first !== undefined) {
      target.set(c.contributionId, first);
      excluded.push({
        contributionId: c.contributionId,
        contributor: c.contributor,
        code: "duplicate",
        reason: `same content as contribution ${used[first].contributionId}`,
      });
      continue;
    }
    if (c.contentHash !== undefined) firstByHash.set(c.contentHash.toLowerCase(), used.length);
    target.set(c.contributionId, used.length);
    used.push(c);
  }
  if (used.length === 0) throw new NothingAttributable("no-usable-contribution", "no usable contribution");
  const scores = new Float64Array(used.length);
  const credits: RecordCredit[][] = used.map(() => []);
  const excludedRecords: ExcludedRecord[] = [];
  let recordsUsed = 0;
  records.forEach((r, record) => {
    if (r.retrieved === undefined) return;
    const outside = r.retrieved.find((item) => !inTraining.has(item.contributionId));
    if (outside !== undefined) {
      excludedRecords.push({ record, contributionId: outside.contributionId, code: "cites-outside-training-set" });
      return;
    }
    let total = 0;
    for (const item of r.retrieved) if (target.has(item.contributionId)) total += item.relevance;
    if (!(total > 0)) return;
    recordsUsed++;
    for (const item of r.retrieved) {
      const d = target.get(item.contributionId);
      if (d === undefined) continue;
      const share = item.relevance / total;
      scores[d] += share;
      const row = credits[d];
      const last = row[row.length - 1];
      if (last !== undefined && last.record === record) {
        last.value += share;
        last.relevance = (last.relevance as number) + item.relevance;
      } else {
        row.push({ record, value: share, relevance: item.relevance });
      }
    }
  });
  if (recordsUsed === 0) {
    throw new NothingAttributable("no-usable-record", "no log record retrieved a usable contribution");
  }
  return {
    used,
    scores,
    records: credits,
    recordsUsed,
    recordsSkipped: records.length - recordsUsed - excludedRecords.length,
    excluded,
    excludedRecords,
  };
}

function fallback(
  m: ModelEpochInput,
  fallbackAccount: string,
  code: FallbackCode,
  reason: string,
  partial?: Partial<ModelResult>,
) {
  const result: ModelResult = {
    modelId: m.modelId,
    pool: m.pool,
    method: "value" in m.card ? m.card.value.attribution.method : null,
    outcome: "fallback",
    code,
    reason,
    amounts: new Map([[fallbackAccount, m.pool]]),
    contributorScores: new Map(),
    topContributions: [],
    contributions: [],
    excluded: [],
    excludedRecords: [],
    recordsUsed: 0,
    recordsSkipped: 0,
    ...partial,
  };
  return result;
}

function byContributionId(a: { contributionId: bigint }, b: { contributionId: bigint }): number {
  return a.contributionId < b.contributionId ? -1 : a.contributionId > b.contributionId ? 1 : 0;
}

/** The TOP_RECORDS records with the largest value (ties: lower record index first). */
function topRecords(row: RecordCredit[]): RecordCredit[] {
  return [...row].sort((a, b) => (a.value !== b.value ? b.value - a.value : a.record - b.record)).slice(0, TOP_RECORDS);
}

/** Attributes one model's pool. */
export function attributeModel(m: ModelEpochInput, fallbackAccount: string): ModelResult {
  if ("refused" in m.card) return fallback(m, fallbackAccount, "card-refused", `model card: ${m.card.refused}`);
  if ("refused" in m.training) {
    return fallback(m, fallbackAccount, "training-refused", `training set: ${m.training.refused}`);
  }
  if ("refused" in m.log) {
    const code = m.log.code === "log-missing" ? "log-missing" : "log-refused";
    return fallback(m, fallbackAccount, code, `inference log: ${m.log.refused}`);
  }
  const card = m.card.value;
  const training = m.training.value;
  const records = m.log.value.records;
  let s: Scores;
  try {
    const method = card.attribution.method;
    s =
      method === "influence"
        ? influenceScores(card, training, records)
        : method === "spans"
          ? spanScores(card, training, records)
          : retrievalScores(training, records);
  } catch (e) {
    if (e instanceof NothingAttributable) {
      return fallback(m, fallbackAccount, e.code, `nothing attributable: ${e.message}`);
    }
    throw e;
  }
  const owners = s.used.map((c) => getAddress(c.contributor));
  const totals = sortedByAddress(rollup(owners, s.scores));
  const top = s.used
    .map((c, i) => ({ contributionId: c.contributionId, contributor: c.contributor, score: s.scores[i] }))
    .filter((c) => c.score > 0)
    .sort((a, b) => (a.score !== b.score ? b.score - a.score : a.contributionId < b.contributionId ? -1 : 1))
    .slice(0, TOP_CONTRIBUTIONS);
  const contributions = s.used
    .map((c, i) => ({
      contributionId: c.contributionId,
      contributor: c.contributor,
      score: s.scores[i],
      records: topRecords(s.records[i]),
    }))
    .sort(byContributionId);
  const partial = {
    contributorScores: totals,
    topContributions: top,
    contributions,
    excluded: s.excluded.sort(byContributionId),
    excludedRecords: s.excludedRecords,
    recordsUsed: s.recordsUsed,
    recordsSkipped: s.recordsSkipped,
  };
  // Allocation keys are lowercase hex addresses, so that ties go to the numerically lowest address (spec 8).
  const accountOf = new Map([...totals.keys()].map((a) => [a.toLowerCase(), a]));
  const lowercase = new Map([...totals].map(([a, score]) => [a.toLowerCase(), score]));
  const amounts = new Map<string, bigint>();
  for (const [key, amount] of allocatePool(lowercase, m.pool)) {
    if (amount > 0n) amounts.set(accountOf.get(key) as string, amount);
  }
  if (amounts.size === 0) {
    return fallback(
      m,
      fallbackAccount,
      "no-positive-score",
      "nothing attributable: no contributor has a positive score",
      partial,
    );
  }
  return {
    modelId: m.modelId,
    pool: m.pool,
    method: card.attribution.method,
    outcome: "attributed",
    code: null,
    reason: null,
    amounts: sortedByAddress(amounts),
    ...partial,
  };
}

/** Builds the attribution tree of the epoch's amounts; zero root when nothing was earned. */
export function buildAttributionTree(epoch: bigint, models: readonly ModelResult[]) {
  const leaves: [bigint, bigint, string, bigint][] = [];
  for (const m of models) for (const [account, amount] of m.amounts) leaves.push([epoch, m.modelId, account, amount]);
  if (leaves.length === 0) return null;
  return StandardMerkleTree.of(leaves, ATTRIBUTION_LEAF_ENCODING);
}

/** Runs the whole epoch. */
export function computeEpoch(input: EpochInput): EpochResult {
  const fallbackAccount = getAddress(input.fallbackAccount);
  const models = [...input.models].sort((a, b) => (a.modelId < b.modelId ? -1 : a.modelId > b.modelId ? 1 : 0));
  for (let k = 1; k < models.length; k++) {
    if (models[k].modelId === models[k - 1].modelId) throw new Error(`model ${models[k].modelId} given twice`);
  }
  const paid = models.filter((m) => m.pool > 0n);
  const results = paid.map((m) => attributeModel(m, fallbackAccount));

  const epochAmounts = new Map<string, bigint>();
  for (const r of results) for (const [account, amount] of r.amounts) addTo(epochAmounts, account, amount);
  const cumulativeRaw = new Map<string, bigint>();
  for (const [account, amount] of input.previous) {
    if (amount < 0n) throw new Error(`negative previous amount of ${account}`);
    addTo(cumulativeRaw, getAddress(account), amount);
  }
  for (const [account, amount] of epochAmounts) addTo(cumulativeRaw, account, amount);
  const cumulative = sortedByAddress(cumulativeRaw);
  let cumulativeTotal = 0n;
  for (const amount of cumulative.values()) cumulativeTotal += amount;

  const tree = cumulative.size > 0 ? buildRewardsTree(cumulative) : null;
  const proofs = new Map<string, AccountProof>();
  if (tree) for (const e of tree.entries()) proofs.set(e.account, { amount: e.cumulativeAmount, proof: e.proof });
  const attributionTree = buildAttributionTree(input.epoch, results);
  const cumulativeRewardsRoot = tree ? tree.root : ZeroHash;
  const attributionRoot = attributionTree ? attributionTree.root : ZeroHash;

  const data = canonicalBytes({
    format: ATTRIBUTION_DATA_FORMAT,
    epoch: input.epoch,
    fallbackAccount,
    cumulativeRewardsRoot,
    cumulativeTotal,
    attributionRoot,
    models: results.map((r, k) => modelDocument(r, paid[k])),
    epochAmounts: sortedByAddress(epochAmounts),
    attributionTree: attributionTree ? (attributionTree.dump() as unknown as CanonicalValue) : null,
    rewardsTree: tree ? (tree.dump() as unknown as CanonicalValue) : null,
    accounts: new Map([...proofs].map(([a, p]) => [a, { amount: p.amount, proof: p.proof }])),
  });
  return {
    epoch: input.epoch,
    fallbackAccount,
    models: results,
    epochAmounts: sortedByAddress(epochAmounts),
    cumulative,
    cumulativeTotal,
    cumulativeRewardsRoot,
    attributionRoot,
    tree,
    proofs,
    data,
  };
}

function modelDocument(r: ModelResult, m: ModelEpochInput): CanonicalValue {
  return {
    modelId: r.modelId,
    pool: r.pool,
    method: r.method,
    outcome: r.outcome,
    reason: r.code,
    trainedOn: m.trainedOn.map((v) => ({ datanetId: v.datanetId, version: v.version })),
    log:
      "value" in m.log ? { root: m.log.value.root, uri: m.log.value.uri, records: m.log.value.records.length } : null,
    recordsUsed: r.recordsUsed,
    recordsSkipped: r.recordsSkipped,
    excludedRecords: r.excludedRecords.map((e) => ({
      record: e.record,
      contributionId: e.contributionId,
      reason: e.code,
    })),
    amounts: r.amounts,
    contributorScores: r.contributorScores,
    topContributions: r.topContributions.map((c) => ({
      contributionId: c.contributionId,
      contributor: c.contributor,
      score: c.score,
    })),
    contributions: r.contributions.map((c) => ({
      contributionId: c.contributionId,
      contributor: c.contributor,
      score: c.score,
      records: c.records.map((k) => ({ record: k.record, value: k.value, spans: k.spans, relevance: k.relevance })),
    })),
    excluded: r.excluded.map((e) => ({
      contributionId: e.contributionId,
      contributor: getAddress(e.contributor),
      reason: e.code,
    })),
  };
}

/** What an attribution data document says about the rewards: the report fields and the cumulative amounts. */
export interface AttributionData {
  epoch: bigint;
  cumulativeRewardsRoot: string;
  cumulativeTotal: bigint;
  attributionRoot: string;
  /** Cumulative amount of every account with a leaf (the document's `accounts`), sorted by address. */
  cumulative: Map<string, bigint>;
}

/**
 * Reads the rewards part of a published attribution data document (`computeEpoch`'s `data`): format, epoch, roots,
 * total and `accounts` (account => {amount, proof}; proofs are not read, the tree is rebuilt from the amounts). It
 * checks the shape only; whether the amounts rebuild the roots is the caller's business.
 * @throws FormatError with a one-line reason.
 */
export function parseAttributionData(bytes: Uint8Array, what = "attribution data"): AttributionData {
  const doc = parseJsonBytes(bytes, what);
  if (doc === null || typeof doc !== "object" || Array.isArray(doc))
    throw new FormatError(`${what}: expected an object`);
  if (doc.format !== ATTRIBUTION_DATA_FORMAT)
    throw new FormatError(`${what}: unknown format ${JSON.stringify(doc.format)}`);
  const accounts = doc.accounts;
  if (accounts === null || typeof accounts !== "object" || Array.isArray(accounts)) {
    throw new FormatError(`${what}: "accounts" must be an object`);
  }
  const cumulative = new Map<string, bigint>();
  for (const [key, entry] of Object.entries(accounts)) {
    const account = parseAddress(key, `${what}: account ${key}`);
    if (cumulative.has(account)) throw new FormatError(`${what}: account ${account} is listed twice`);
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
      throw new FormatError(`${what}: accounts.${key} must be an object`);
    }
    cumulative.set(account, parseUint(entry.amount, `${what}: accounts.${key}.amount`));
  }
  return {
    epoch: parseUint(doc.epoch, `${what}: epoch`),
    cumulativeRewardsRoot: parseBytes32(doc.cumulativeRewardsRoot, `${what}: cumulativeRewardsRoot`),
    cumulativeTotal: parseUint(doc.cumulativeTotal, `${what}: cumulativeTotal`),
    attributionRoot: parseBytes32(doc.attributionRoot, `${what}: attributionRoot`),
    cumulative: sortedByAddress(cumulative),
  };
}

/** The report of an epoch once its data is published at `dataURI`. */
export function toReport(result: EpochResult, dataURI: string): AttributionReport {
  return {
    epoch: result.epoch,
    cumulativeRewardsRoot: result.cumulativeRewardsRoot,
    cumulativeTotal: result.cumulativeTotal,
    attributionRoot: result.attributionRoot,
    dataURI,
  };
}

/** The claimants' proofs file (`proofs/<epoch>.json`): account => {amount, proof}. */
export function proofsDocument(result: EpochResult): Uint8Array {
  return canonicalBytes(new Map([...result.proofs].map(([a, p]) => [a, { amount: p.amount, proof: p.proof }])));
}
