/**
 * Gathers one epoch's pipeline inputs from the chain and the content store, verifying everything before use:
 * - each Datanet version's manifest must rebuild the version's on-chain merkle root and count, and every entry must
 *   match its ContributionSubmitted event (content hash and contributor; the contributor comes from the chain);
 * - contribution bytes must hash to the on-chain content hash; model cards, manifests and logs to the hash their URI
 *   carries; a log's records must rebuild the committed root.
 * What is provably wrong (a manifest that does not match, a malformed card or log, a URI without a hash) becomes a
 * deterministic "refused" input, so every oracle reaches the same outcome. What merely cannot be read right now (the
 * store lacks the bytes, or returns bytes with another hash) throws ContentUnavailableError: the node does not
 * report on data it could not see, and retries later.
 */
import type { ContentStore } from "../storage/index.js";
import type { ChainFollower, ContributionRecord } from "./chain.js";
import { ContentUnavailableError, fetchByHash, fetchVerified, locationOf } from "./content.js";
import type { Checked, EpochInput, InferenceLogInput, ModelEpochInput, TrainingContribution } from "./epoch.js";
import {
  FormatError,
  logRoot,
  manifestRoot,
  parseContribution,
  parseInferenceLog,
  parseModelCard,
  parseVersionManifest,
  type ContributionContent,
  type ModelCard,
} from "./formats.js";

/** Caches of immutable inputs, shared across epochs (versions, contributions and their contents never change). */
export interface InputCache {
  contents: Map<string, Checked<ContributionContent>>;
  versions: Map<string, Checked<(TrainingContribution & { order: [number, number] })[]>>;
}

export function newInputCache(): InputCache {
  return { contents: new Map(), versions: new Map() };
}

async function refusing<T>(work: () => Promise<T>): Promise<Checked<T>> {
  try {
    return { value: await work() };
  } catch (e) {
    if (e instanceof FormatError) return { refused: e.message };
    throw e;
  }
}

async function contributionContent(
  store: ContentStore,
  cache: InputCache,
  entryUri: string,
  record: ContributionRecord,
): Promise<Checked<ContributionContent>> {
  const known = cache.contents.get(record.contentHash);
  if (known !== undefined) return known;
  let bytes: Uint8Array;
  try {
    bytes = await fetchByHash(store, locationOf(entryUri), record.contentHash);
  } catch (e) {
    // The manifest's URI is a hint; the contributor's own (from its event) is the fallback.
    if (!(e instanceof ContentUnavailableError) || locationOf(record.uri) === locationOf(entryUri)) throw e;
    bytes = await fetchByHash(store, locationOf(record.uri), record.contentHash);
  }
  const content = await refusing(async () => parseContribution(bytes, `contribution ${record.contributionId}`));
  cache.contents.set(record.contentHash, content);
  return content;
}

async function versionTraining(
  chain: ChainFollower,
  store: ContentStore,
  cache: InputCache,
  datanetId: bigint,
  version: number,
): Promise<Checked<(TrainingContribution & { order: [number, number] })[]>> {
  const key = `${datanetId}/${version}`;
  const known = cache.versions.get(key);
  if (known !== undefined) return known;
  const info = await chain.datanetVersion(datanetId, version);
  const what = `Datanet ${datanetId} version ${version}`;
  const checked = await refusing(async () => {
    const manifest = parseVersionManifest(await fetchVerified(store, info.uri), `${what} manifest`);
    if (manifest.contributions.length !== info.count) {
      throw new FormatError(`${what}: manifest lists ${manifest.contributions.length}, the chain says ${info.count}`);
    }
    const root = manifestRoot(manifest.contributions);
    if (root.toLowerCase() !== info.merkleRoot) {
      throw new FormatError(`${what}: manifest root ${root} does not match the on-chain root ${info.merkleRoot}`);
    }
    const submitted = await chain.contributions(datanetId);
    const out: (TrainingContribution & { order: [number, number] })[] = [];
    for (const entry of manifest.contributions) {
      const record = submitted.get(entry.contributionId);
      if (record === undefined)
        throw new FormatError(`${what}: contribution ${entry.contributionId} was never submitted`);
      if (record.contentHash !== entry.contentHash) {
        throw new FormatError(`${what}: contribution ${entry.contributionId} has another content hash on chain`);
      }
      if (record.contributor !== entry.contributor) {
        throw new FormatError(`${what}: contribution ${entry.contributionId} has another contributor on chain`);
      }
      out.push({
        contributionId: entry.contributionId,
        contributor: record.contributor,
        contentHash: record.contentHash,
        content: await contributionContent(store, cache, entry.uri, record),
        order: [record.block, record.logIndex],
      });
    }
    return out;
  });
  cache.versions.set(key, checked);
  return checked;
}

async function modelInput(
  chain: ChainFollower,
  store: ContentStore,
  cache: InputCache,
  epoch: bigint,
  modelId: bigint,
  pool: bigint,
): Promise<ModelEpochInput> {
  const end = await chain.epochEnd(epoch);
  const model = await chain.modelAt(modelId, end);
  const card: Checked<ModelCard> = await refusing(async () =>
    parseModelCard(await fetchVerified(store, model.metadataURI), `model ${modelId} card`),
  );

  let training: Checked<TrainingContribution[]>;
  const union = new Map<bigint, TrainingContribution & { order: [number, number] }>();
  let refused: string | undefined;
  for (const v of model.trainedOn) {
    const t = await versionTraining(chain, store, cache, v.datanetId, v.version);
    if ("refused" in t) {
      refused = t.refused;
      break;
    }
    for (const c of t.value) union.set(c.contributionId, c);
  }
  if (refused !== undefined) {
    training = { refused };
  } else {
    // Submission order: the block and log index of each contribution's ContributionSubmitted event.
    const ordered = [...union.values()].sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1]);
    training = {
      value: ordered.map(({ contributionId, contributor, contentHash, content }) => ({
        contributionId,
        contributor,
        contentHash,
        content,
      })),
    };
  }

  let log: Checked<InferenceLogInput>;
  const committed = await chain.inferenceLog(modelId, epoch);
  if (committed === null) {
    log = { refused: "no inference log was committed before the deadline", code: "log-missing" };
  } else {
    log = await refusing(async () => {
      const records = parseInferenceLog(await fetchVerified(store, committed.uri), `model ${modelId} log`);
      const root = logRoot(records).toLowerCase();
      if (root !== committed.root) {
        throw new FormatError(`records rebuild root ${root}, the committed root is ${committed.root}`);
      }
      return { root, uri: committed.uri, records };
    });
  }
  return { modelId, pool, trainedOn: model.trainedOn, card, training, log };
}

/** Everything `computeEpoch` needs for `epoch`, given the cumulative amounts before it. */
export async function gatherEpochInput(
  chain: ChainFollower,
  store: ContentStore,
  epoch: bigint,
  previous: ReadonlyMap<string, bigint>,
  options: { fallbackAccount?: string; cache?: InputCache } = {},
): Promise<EpochInput> {
  const cache = options.cache ?? newInputCache();
  const pools = await chain.poolsForEpoch(epoch);
  const models: ModelEpochInput[] = [];
  for (const { modelId, pool } of pools) models.push(await modelInput(chain, store, cache, epoch, modelId, pool));
  const fallbackAccount = options.fallbackAccount ?? (await chain.treasury());
  return { epoch, fallbackAccount, previous, models };
}
