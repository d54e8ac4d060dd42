/**
 * Checking an epoch without an oracle's key or state (docs/spec/attribution.md, section 13): recompute the epoch
 * from the chain and the content store alone, compare with the report the chain holds, and name the first
 * difference. Also reads a published data document verified against the chain (for `rewards explain`).
 *
 * Every chain read of this module goes through `ChainFollower` and sits in the "chain reads" section below, so that
 * a change of which contract emits which event is one edit here.
 */
import { ZeroHash } from "ethers";

import type { ContentStore } from "../storage/index.js";
import { buildRewardsTree } from "../rewards/index.js";
import type { ChainFollower } from "./chain.js";
import { ContentUnavailableError, fetchVerified } from "./content.js";
import {
  buildAttributionTree,
  computeEpoch,
  parseAttributionData,
  type EpochResult,
  type ModelResult,
} from "./epoch.js";
import { parseAttributionDocument, type PublishedDocument } from "./document.js";
import { FormatError } from "./formats.js";
import { gatherEpochInput, newInputCache, type InputCache } from "./inputs.js";

// ------------------------------------------------------------------------------------------------ chain reads

/** The report the chain holds for an epoch: finalized (accepted or forced), or accepted and not final yet. */
export interface ChainReport {
  epoch: bigint;
  status: "finalized" | "accepted" | "forced";
  cumulativeRewardsRoot: string;
  cumulativeTotal: bigint;
  attributionRoot: string;
  dataURI: string;
}

/** The finalized report of `epoch`, else the one currently accepted (accepted, disputed or confirmed), else null. */
export async function chainReport(chain: ChainFollower, epoch: bigint): Promise<ChainReport | null> {
  const finalized = await chain.finalizedReport(epoch);
  if (finalized !== null) {
    return {
      epoch,
      status: finalized.kind === "forced" ? "forced" : "finalized",
      cumulativeRewardsRoot: finalized.cumulativeRewardsRoot,
      cumulativeTotal: finalized.cumulativeTotal,
      attributionRoot: finalized.attributionRoot,
      dataURI: finalized.dataURI,
    };
  }
  const accepted = await chain.currentAccepted(epoch);
  if (accepted === null) return null;
  return {
    epoch,
    status: "accepted",
    cumulativeRewardsRoot: accepted.report.cumulativeRewardsRoot.toLowerCase(),
    cumulativeTotal: accepted.report.cumulativeTotal,
    attributionRoot: accepted.report.attributionRoot.toLowerCase(),
    dataURI: accepted.report.dataURI,
  };
}

/** The epochs finalized on chain, in increasing order. */
export async function finalizedEpochs(chain: ChainFollower): Promise<bigint[]> {
  return chain.finalizedEpochs();
}

// ------------------------------------------------------------------------------------------------ recomputation

export class VerificationError extends Error {
  override name = "VerificationError";
}

/**
 * The cumulative amounts after the last finalized epoch below `epoch`, read from its published data and checked
 * against the chain's root and total; then every epoch between it and `epoch` recomputed. From epoch `start` with
 * nothing finalized below, the empty map.
 */
async function cumulativeBefore(
  chain: ChainFollower,
  store: ContentStore,
  epoch: bigint,
  start: bigint,
  cache: InputCache,
): Promise<ReadonlyMap<string, bigint>> {
  const below = (await finalizedEpochs(chain)).filter((e) => e >= start && e < epoch);
  let previous: ReadonlyMap<string, bigint> = new Map();
  let from = start;
  if (below.length > 0) {
    const last = below[below.length - 1];
    const report = await chainReport(chain, last);
    if (report === null) throw new VerificationError(`epoch ${last} is finalized but its report was not found`);
    previous = (await verifiedDocument(store, report)).cumulative;
    from = last + 1n;
  }
  for (let e = from; e < epoch; e++) {
    previous = computeEpoch(await gatherEpochInput(chain, store, e, previous, { cache })).cumulative;
  }
  return previous;
}

/** Recomputes `epoch` from the chain and the content store alone. */
export async function recomputeEpoch(
  chain: ChainFollower,
  store: ContentStore,
  epoch: bigint,
  options: { start?: bigint } = {},
): Promise<EpochResult> {
  const cache = newInputCache();
  const start = options.start ?? 0n;
  if (epoch < start) throw new VerificationError(`epoch ${epoch} is before the first epoch ${start}`);
  const previous = await cumulativeBefore(chain, store, epoch, start, cache);
  return computeEpoch(await gatherEpochInput(chain, store, epoch, previous, { cache }));
}

// ------------------------------------------------------------------------------------------------ published data

/** A data document whose bytes match its URI's hash and whose amounts rebuild the chain report's roots. */
export interface VerifiedDocument extends PublishedDocument {
  report: ChainReport;
}

/**
 * Reads the data document of `report` and checks it: its bytes hash to the URI's hash, its cumulative amounts
 * rebuild the report's rewards root and total, and its per-model amounts rebuild the report's attribution root.
 * @throws VerificationError naming what does not match; ContentUnavailableError when the store lacks the bytes.
 */
export async function verifiedDocument(store: ContentStore, report: ChainReport): Promise<VerifiedDocument> {
  const what = `the data of epoch ${report.epoch} (${report.dataURI || "no URI"})`;
  if (report.dataURI === "")
    throw new VerificationError(`epoch ${report.epoch}: the chain says nowhere where its data is`);
  let doc: PublishedDocument;
  try {
    const bytes = await fetchVerified(store, report.dataURI);
    const data = parseAttributionData(bytes, what);
    doc = { ...parseAttributionDocument(bytes, what), cumulative: data.cumulative };
  } catch (e) {
    if (e instanceof FormatError) throw new VerificationError(e.message);
    throw e;
  }
  const tree = doc.cumulative.size > 0 ? buildRewardsTree(doc.cumulative) : null;
  const root = tree ? tree.root.toLowerCase() : ZeroHash;
  const total = tree ? tree.total : 0n;
  if (doc.epoch !== report.epoch || root !== report.cumulativeRewardsRoot || total !== report.cumulativeTotal) {
    throw new VerificationError(
      `${what} rebuilds the rewards root ${root} and total ${total} for epoch ${doc.epoch}, not the chain's ` +
        `${report.cumulativeRewardsRoot} and ${report.cumulativeTotal}`,
    );
  }
  const attribution = buildAttributionTree(
    report.epoch,
    doc.models.map((m) => ({ modelId: m.modelId, amounts: m.amounts }) as ModelResult),
  );
  const attributionRoot = attribution ? attribution.root.toLowerCase() : ZeroHash;
  if (attributionRoot !== report.attributionRoot) {
    throw new VerificationError(
      `${what}: its per-model amounts rebuild the attribution root ${attributionRoot}, not the chain's ` +
        report.attributionRoot,
    );
  }
  return { ...doc, report };
}

// ------------------------------------------------------------------------------------------------ comparison

/** The first place where the chain's report differs from the recomputed one. */
export interface Difference {
  /** The model whose amounts differ, or null when the difference is outside any model. */
  modelId: bigint | null;
  /** The account whose amount differs, or null for a report field. */
  account: string | null;
  /** What differs: "amount" (of a model, or cumulative when modelId is null) or a report field. */
  field: "amount" | "cumulativeRewardsRoot" | "cumulativeTotal" | "attributionRoot";
  expected: string;
  found: string;
  /** Why the comparison could not go below the report fields (the published data unreadable or inconsistent). */
  note?: string;
}

function byAddress(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function firstAmountDifference(
  modelId: bigint | null,
  expected: ReadonlyMap<string, bigint>,
  found: ReadonlyMap<string, bigint>,
): Difference | null {
  const lower = (m: ReadonlyMap<string, bigint>) => new Map([...m].map(([a, v]) => [a.toLowerCase(), { a, v }]));
  const e = lower(expected);
  const f = lower(found);
  const accounts = [...new Set([...e.keys(), ...f.keys()])].sort(byAddress);
  for (const key of accounts) {
    const x = e.get(key)?.v ?? 0n;
    const y = f.get(key)?.v ?? 0n;
    if (x !== y) {
      const account = (e.get(key) ?? f.get(key))!.a;
      return { modelId, account, field: "amount", expected: x.toString(), found: y.toString() };
    }
  }
  return null;
}

/**
 * Compares a recomputed epoch with the chain's report. Null when the rewards root, the total and the attribution
 * root all match. Otherwise the first difference: models in id order, accounts in address order, then the
 * cumulative amounts, read from the report's published data (verified against the report); when that data cannot
 * be read or does not rebuild the report, the first differing report field.
 */
export async function compareWithChain(
  store: ContentStore,
  mine: EpochResult,
  report: ChainReport,
): Promise<Difference | null> {
  const fields: [Difference["field"], string, string][] = [
    ["cumulativeRewardsRoot", mine.cumulativeRewardsRoot.toLowerCase(), report.cumulativeRewardsRoot],
    ["cumulativeTotal", mine.cumulativeTotal.toString(), report.cumulativeTotal.toString()],
    ["attributionRoot", mine.attributionRoot.toLowerCase(), report.attributionRoot],
  ];
  const differing = fields.find(([, x, y]) => x !== y);
  if (differing === undefined) return null;
  const reportLevel = (note: string): Difference => ({
    modelId: null,
    account: null,
    field: differing[0],
    expected: differing[1],
    found: differing[2],
    note,
  });
  let doc: VerifiedDocument;
  try {
    doc = await verifiedDocument(store, report);
  } catch (e) {
    if (e instanceof VerificationError || e instanceof ContentUnavailableError) return reportLevel(e.message);
    throw e;
  }
  const found = new Map(doc.models.map((m) => [m.modelId, m.amounts]));
  const expected = new Map(mine.models.map((m) => [m.modelId, m.amounts]));
  const models = [...new Set([...found.keys(), ...expected.keys()])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const modelId of models) {
    const d = firstAmountDifference(modelId, expected.get(modelId) ?? new Map(), found.get(modelId) ?? new Map());
    if (d !== null) return d;
  }
  const d = firstAmountDifference(null, mine.cumulative, doc.cumulative);
  if (d !== null) return d;
  return reportLevel("the published data pays the same amounts; the report's other fields differ");
}
