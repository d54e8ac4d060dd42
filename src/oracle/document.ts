/**
 * Reading a published attribution data document (docs/spec/attribution.md, section 11) beyond its rewards part:
 * each model's amounts, scores and explanations, and what one account earned in the epoch and why.
 */
import { allocatePool } from "../attribution/index.js";
import { ATTRIBUTION_DATA_FORMAT } from "./epoch.js";
import { FormatError, parseAddress, parseBytes32, parseJsonBytes, parseUint } from "./formats.js";

export interface PublishedRecordCredit {
  record: number;
  value: number;
  spans?: { start: number; end: number; tokens: number }[];
  relevance?: number;
}

export interface PublishedContribution {
  contributionId: bigint;
  contributor: string;
  score: number;
  records: PublishedRecordCredit[];
}

export interface PublishedModel {
  modelId: bigint;
  pool: bigint;
  method: string | null;
  outcome: string;
  reason: string | null;
  log: { root: string; uri: string; records: number } | null;
  amounts: Map<string, bigint>;
  contributions: PublishedContribution[];
  excluded: { contributionId: bigint; contributor: string; reason: string }[];
  excludedRecords: { record: number; contributionId: bigint; reason: string }[];
}

export interface PublishedDocument {
  epoch: bigint;
  fallbackAccount: string;
  models: PublishedModel[];
  epochAmounts: Map<string, bigint>;
  /** Cumulative amounts (filled by the caller from `parseAttributionData`). */
  cumulative: Map<string, bigint>;
}

type Obj = Record<string, unknown>;

function obj(v: unknown, what: string): Obj {
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new FormatError(`${what} must be an object`);
  return v as Obj;
}

function arr(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new FormatError(`${what} must be an array`);
  return v;
}

function num(v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new FormatError(`${what} must be a number`);
  return v;
}

function index(v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) throw new FormatError(`${what} must be an index`);
  return v;
}

function amounts(v: unknown, what: string): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const [key, amount] of Object.entries(obj(v, what))) {
    out.set(parseAddress(key, `${what}: ${key}`), parseUint(amount, `${what}.${key}`));
  }
  return out;
}

function optionalString(v: unknown, what: string): string | null {
  if (v === null) return null;
  if (typeof v !== "string") throw new FormatError(`${what} must be a string or null`);
  return v;
}

function model(v: unknown, what: string): PublishedModel {
  const m = obj(v, what);
  const log = m.log === null ? null : obj(m.log, `${what}.log`);
  return {
    modelId: parseUint(m.modelId, `${what}.modelId`),
    pool: parseUint(m.pool, `${what}.pool`),
    method: optionalString(m.method, `${what}.method`),
    outcome: optionalString(m.outcome, `${what}.outcome`) ?? "",
    reason: optionalString(m.reason, `${what}.reason`),
    log:
      log === null
        ? null
        : {
            root: parseBytes32(log.root, `${what}.log.root`),
            uri: optionalString(log.uri, `${what}.log.uri`) ?? "",
            records: index(log.records, `${what}.log.records`),
          },
    amounts: amounts(m.amounts, `${what}.amounts`),
    contributions: arr(m.contributions ?? [], `${what}.contributions`).map((c, k) => {
      const at = `${what}.contributions[${k}]`;
      const o = obj(c, at);
      return {
        contributionId: parseUint(o.contributionId, `${at}.contributionId`),
        contributor: parseAddress(o.contributor, `${at}.contributor`),
        score: num(o.score, `${at}.score`),
        records: arr(o.records, `${at}.records`).map((r, j) => {
          const rr = obj(r, `${at}.records[${j}]`);
          const credit: PublishedRecordCredit = {
            record: index(rr.record, `${at}.records[${j}].record`),
            value: num(rr.value, `${at}.records[${j}].value`),
          };
          if (rr.spans !== undefined) {
            credit.spans = arr(rr.spans, `${at}.records[${j}].spans`).map((s) => {
              const so = obj(s, `${at}.records[${j}].spans`);
              return {
                start: index(so.start, "span start"),
                end: index(so.end, "span end"),
                tokens: index(so.tokens, "span tokens"),
              };
            });
          }
          if (rr.relevance !== undefined) credit.relevance = num(rr.relevance, `${at}.records[${j}].relevance`);
          return credit;
        }),
      };
    }),
    excluded: arr(m.excluded ?? [], `${what}.excluded`).map((e, k) => {
      const o = obj(e, `${what}.excluded[${k}]`);
      return {
        contributionId: parseUint(o.contributionId, `${what}.excluded[${k}].contributionId`),
        contributor: parseAddress(o.contributor, `${what}.excluded[${k}].contributor`),
        reason: optionalString(o.reason, `${what}.excluded[${k}].reason`) ?? "",
      };
    }),
    excludedRecords: arr(m.excludedRecords ?? [], `${what}.excludedRecords`).map((e, k) => {
      const o = obj(e, `${what}.excludedRecords[${k}]`);
      return {
        record: index(o.record, `${what}.excludedRecords[${k}].record`),
        contributionId: parseUint(o.contributionId, `${what}.excludedRecords[${k}].contributionId`),
        reason: optionalString(o.reason, `${what}.excludedRecords[${k}].reason`) ?? "",
      };
    }),
  };
}

/**
 * Parses a data document's models and epoch amounts (`cumulative` is left empty: `parseAttributionData` reads it).
 * @throws FormatError with a one-line reason.
 */
export function parseAttributionDocument(bytes: Uint8Array, what = "attribution data"): PublishedDocument {
  const doc = obj(parseJsonBytes(bytes, what), what);
  if (doc.format !== ATTRIBUTION_DATA_FORMAT) {
    throw new FormatError(`${what}: unknown format ${JSON.stringify(doc.format)}`);
  }
  return {
    epoch: parseUint(doc.epoch, `${what}: epoch`),
    fallbackAccount: parseAddress(doc.fallbackAccount, `${what}: fallbackAccount`),
    models: arr(doc.models, `${what}: models`).map((m, k) => model(m, `${what}: models[${k}]`)),
    epochAmounts: amounts(doc.epochAmounts, `${what}: epochAmounts`),
    cumulative: new Map(),
  };
}

// ------------------------------------------------------------------------------------------------ explanation

export interface ExplainedContribution {
  contributionId: bigint;
  score: number;
  /** The contribution's share of the account's positive score in the model (0 when its score is not positive). */
  share: number;
  /**
   * The account's amount in the model split over its contributions by positive score (largest remainder, ties by
   * contribution id): what this contribution "earned". Amounts are paid per account; this split only explains.
   */
  amount: bigint;
  records: PublishedRecordCredit[];
}

export interface ExplainedModel {
  modelId: bigint;
  method: string | null;
  outcome: string;
  reason: string | null;
  pool: bigint;
  /** What the account was paid from this model's pool. */
  amount: bigint;
  contributions: ExplainedContribution[];
  excluded: { contributionId: bigint; reason: string }[];
  log: PublishedModel["log"];
}

export interface AccountExplanation {
  epoch: bigint;
  account: string;
  /** Sum of the models' amounts: what the account earned in the epoch. */
  total: bigint;
  models: ExplainedModel[];
}

/**
 * Why `account` earned what it earned in the document's epoch: every model that paid it, or in which it has a
 * scored or excluded contribution, with its contributions' scores, shares and top records. As the fallback account
 * it is paid whole pools: those models are listed with their reason and no contributions.
 */
export function explainAccount(doc: PublishedDocument, account: string): AccountExplanation {
  const key = account.toLowerCase();
  const models: ExplainedModel[] = [];
  let total = 0n;
  for (const m of doc.models) {
    let amount = 0n;
    for (const [a, v] of m.amounts) if (a.toLowerCase() === key) amount += v;
    const mine = m.contributions.filter((c) => c.contributor.toLowerCase() === key);
    const excluded = m.excluded.filter((e) => e.contributor.toLowerCase() === key);
    if (amount === 0n && mine.length === 0 && excluded.length === 0) continue;
    let positive = 0;
    for (const c of mine) if (c.score > 0) positive += c.score;
    // Keys zero-padded to 78 digits (any uint256) so that key order is contribution id order.
    const split = allocatePool(
      new Map(mine.map((c) => [c.contributionId.toString().padStart(78, "0"), c.score])),
      m.outcome === "attributed" ? amount : 0n,
    );
    models.push({
      modelId: m.modelId,
      method: m.method,
      outcome: m.outcome,
      reason: m.reason,
      pool: m.pool,
      amount,
      contributions: mine.map((c) => ({
        contributionId: c.contributionId,
        score: c.score,
        share: c.score > 0 && positive > 0 ? c.score / positive : 0,
        amount: split.get(c.contributionId.toString().padStart(78, "0")) ?? 0n,
        records: c.records,
      })),
      excluded: excluded.map((e) => ({ contributionId: e.contributionId, reason: e.reason })),
      log: m.log,
    });
    total += amount;
  }
  return { epoch: doc.epoch, account, total, models };
}
