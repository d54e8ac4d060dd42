/**
 * History queries, answered by the OpenLedger indexer (indexer/, Ponder) when the client has an `indexerUrl`, and by
 * chain reads and log scans otherwise (decision 0506). Both paths return the same shapes:
 * - `getClaim` (actions/getClaim.ts) takes the account's amount and proof from the indexer's `/claims/:account` and
 *   still checks them against the RewardDistributor's live root, read from the chain, before returning;
 * - `getEarnings`: what an account earned per epoch and model (finalized epochs' data documents), and per Datanet;
 * - `getModelRevenue`: a model's revenue in total and per epoch, with its payers;
 * - `getContributions`: an account's contributions with their review status.
 * The indexer is trusted for history (it only restates events and verified documents); a claim's proof is not: an
 * indexer behind the chain's root is bypassed, one that serves a proof the live root refuses is an error.
 */
import { getAddress, zeroPadValue, toBeHex, type Result } from "ethers";

import { verifyRewardsProof } from "../rewards/index.js";
import { addressOf, contractInterface, read, type ContractName, type OpenLedgerClient } from "./client.js";
import { fetchContent, type ContentSource } from "./content.js";
import { ATTRIBUTION_DATA_FORMAT, ClaimDataError, finalizedDataURI, type Claim } from "./actions/getClaim.js";

/** The indexer answered with an error, or with something the chain contradicts. */
export class IndexerError extends Error {
  override name = "IndexerError";
}

async function indexerGet<T>(client: OpenLedgerClient, pathname: string): Promise<T> {
  const base = client.indexerUrl!.replace(/\/$/, "");
  let response: Response;
  try {
    response = await fetch(`${base}${pathname}`);
  } catch (e) {
    throw new IndexerError(`the indexer at ${base} is unreachable: ${(e as Error).message}`, { cause: e });
  }
  const body = (await response.json().catch(() => undefined)) as (T & { error?: string }) | undefined;
  if (!response.ok || body === undefined) {
    throw new IndexerError(
      `the indexer answered ${pathname} with HTTP ${response.status}: ${body?.error ?? "no JSON"}`,
    );
  }
  return body;
}

async function indexerGraphql<T>(client: OpenLedgerClient, query: string): Promise<T> {
  const base = client.indexerUrl!.replace(/\/$/, "");
  const response = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors !== undefined || body.data === undefined) {
    throw new IndexerError(`the indexer's GraphQL refused the query: ${body.errors?.map((e) => e.message).join("; ")}`);
  }
  return body.data;
}

/** Every log of `event` of contract `name` whose first indexed topics are `topics`, decoded, oldest first. */
async function scan(
  client: OpenLedgerClient,
  name: ContractName,
  event: string,
  topics: (string | null)[] = [],
): Promise<Result[]> {
  const iface = contractInterface(name);
  const fragment = iface.getEvent(event);
  if (fragment === null) throw new Error(`${name} has no event ${event}`);
  const logs = await client.transport.getLogs({
    address: addressOf(client, name),
    topics: [fragment.topicHash, ...topics],
    fromBlock: BigInt(client.deployment.startBlock ?? 0),
  });
  return logs.map((l) => iface.parseLog({ topics: [...l.topics], data: l.data })!.args);
}

const topicOf = (value: bigint | string) =>
  zeroPadValue(typeof value === "bigint" ? toBeHex(value) : getAddress(value), 32);

// ------------------------------------------------------------------------------------------------ claims

interface ServedClaim {
  available: boolean;
  reason?: string;
  epoch?: string;
  root?: string | null;
  dataURI?: string | null;
  cumulativeAmount?: string;
  proof?: string[];
}

/**
 * The account's claim from the indexer, verified against the chain: undefined when the indexer cannot answer for the
 * live root (not caught up, or that epoch's document unavailable to it), so the caller reads the chain instead.
 * @throws IndexerError when the indexer serves, for the live root, an amount and proof the root refuses.
 */
export async function getClaimFromIndexer(client: OpenLedgerClient, account: string): Promise<Claim | undefined> {
  const checksummed = getAddress(account);
  const root = (await read<string>(client, "RewardDistributor", "merkleRoot")).toLowerCase();
  const served = await indexerGet<ServedClaim>(client, `/claims/${checksummed.toLowerCase()}`);
  if (!served.available || served.root?.toLowerCase() !== root) return undefined;
  const cumulativeAmount = BigInt(served.cumulativeAmount ?? "0");
  const proof = served.proof ?? [];
  if (cumulativeAmount > 0n && !verifyRewardsProof(root, checksummed, cumulativeAmount, proof)) {
    throw new IndexerError(
      `the indexer's proof of ${cumulativeAmount} for ${checksummed} is refused by the live root ${root}`,
    );
  }
  const claimed = await read<bigint>(client, "RewardDistributor", "claimed", [checksummed]);
  return {
    account: checksummed,
    epoch: BigInt(served.epoch!),
    root,
    dataURI: served.dataURI ?? "",
    cumulativeAmount,
    claimed,
    claimable: cumulativeAmount > claimed ? cumulativeAmount - claimed : 0n,
    proof,
  };
}

// ------------------------------------------------------------------------------------------------ earnings

export interface GetEarningsParameters {
  account: string;
  /** Where to fetch data documents from (chain path only). */
  content?: ContentSource;
}

export interface Earnings {
  account: string;
  total: bigint;
  /** Oldest epoch first, then by model. */
  perEpochAndModel: { epoch: bigint; modelId: bigint; amount: bigint }[];
  perModel: Map<bigint, bigint>;
  /** A model's earnings count for each Datanet it was trained on (so sums over Datanets may overlap). */
  perDatanet: Map<bigint, bigint>;
}

interface ServedEarnings {
  total: string;
  perEpochAndModel: { epoch: string; modelId: string; amount: string }[];
  perDatanet: Record<string, string>;
}

/**
 * What `account` earned as a contributor: per finalized epoch and model (from the epochs' data documents), per model
 * and per Datanet. From the indexer when the client has one, else by scanning EpochFinalized and reading each
 * finalized epoch's document.
 */
export async function getEarnings(
  client: OpenLedgerClient,
  { account, content }: GetEarningsParameters,
): Promise<Earnings> {
  const checksummed = getAddress(account);
  let rows: { epoch: bigint; modelId: bigint; amount: bigint }[];
  let perDatanet: Map<bigint, bigint> | undefined;
  if (client.indexerUrl !== undefined) {
    const served = await indexerGet<ServedEarnings>(client, `/contributors/${checksummed.toLowerCase()}/earnings`);
    rows = served.perEpochAndModel.map((r) => ({
      epoch: BigInt(r.epoch),
      modelId: BigInt(r.modelId),
      amount: BigInt(r.amount),
    }));
    perDatanet = new Map(Object.entries(served.perDatanet).map(([k, v]) => [BigInt(k), BigInt(v)]));
  } else {
    rows = [];
    for (const finalized of await scan(client, "AttributionOracle", "EpochFinalized")) {
      const epoch = finalized.epoch as bigint;
      const uri = await finalizedDataURI(client, epoch, (finalized.cumulativeRewardsRoot as string).toLowerCase());
      const doc = JSON.parse(new TextDecoder().decode(await fetchContent(uri, content))) as {
        format?: string;
        models?: { modelId: string | number; amounts?: Record<string, string> }[];
      };
      if (doc.format !== ATTRIBUTION_DATA_FORMAT)
        throw new ClaimDataError(`${uri} is not an ${ATTRIBUTION_DATA_FORMAT}`);
      for (const m of doc.models ?? []) {
        for (const [key, value] of Object.entries(m.amounts ?? {})) {
          if (getAddress(key) === checksummed && BigInt(value) > 0n) {
            rows.push({ epoch, modelId: BigInt(m.modelId), amount: BigInt(value) });
          }
        }
      }
    }
    rows.sort((a, b) => (a.epoch === b.epoch ? Number(a.modelId - b.modelId) : Number(a.epoch - b.epoch)));
  }
  const perModel = new Map<bigint, bigint>();
  let total = 0n;
  for (const r of rows) {
    total += r.amount;
    perModel.set(r.modelId, (perModel.get(r.modelId) ?? 0n) + r.amount);
  }
  if (perDatanet === undefined) {
    perDatanet = new Map();
    for (const [modelId, amount] of perModel) {
      const [registered] = await scan(client, "ModelRegistry", "ModelRegistered", [topicOf(modelId)]);
      const datanets = new Set<bigint>(
        ((registered?.trainedOn ?? []) as { datanetId: bigint }[]).map((v) => BigInt(v.datanetId)),
      );
      for (const datanetId of datanets) perDatanet.set(datanetId, (perDatanet.get(datanetId) ?? 0n) + amount);
    }
  }
  return { account: checksummed, total, perEpochAndModel: rows, perModel, perDatanet };
}

// ------------------------------------------------------------------------------------------------ model revenue

export interface ModelRevenue {
  modelId: bigint;
  revenue: bigint;
  /** Direct and agent payments, and voucher batches. */
  payments: number;
  /** Oldest epoch first; `attributionPool` is what the epoch's contributors share. */
  perEpoch: { epoch: bigint; payments: number; revenue: bigint; attributionPool: bigint }[];
  /** Largest first; vouchers count for the payer who signed them. */
  payers: { payer: string; amount: bigint; payments: number }[];
}

interface ServedRevenue {
  revenue: string;
  payments: number;
  perEpoch: { epoch: string; payments: number; revenue: string; attributionPool: string }[];
  payers: { payer: string; amount: string; payments: number }[];
}

/** Largest amount first, then by address (both paths order payers alike). */
function byAmount<T extends { payer: string; amount: bigint }>(payers: T[]): T[] {
  return payers.sort((a, b) =>
    a.amount === b.amount ? (a.payer.toLowerCase() < b.payer.toLowerCase() ? -1 : 1) : a.amount > b.amount ? -1 : 1,
  );
}

/** What model `modelId` earned, per epoch, and who paid it: from the indexer, else from the payment events. */
export async function getModelRevenue(client: OpenLedgerClient, modelId: bigint): Promise<ModelRevenue> {
  if (client.indexerUrl !== undefined) {
    const served = await indexerGet<ServedRevenue>(client, `/models/${modelId}/revenue`);
    return {
      modelId,
      revenue: BigInt(served.revenue),
      payments: served.payments,
      perEpoch: served.perEpoch.map((e) => ({
        epoch: BigInt(e.epoch),
        payments: e.payments,
        revenue: BigInt(e.revenue),
        attributionPool: BigInt(e.attributionPool),
      })),
      payers: byAmount(
        served.payers.map((p) => ({ payer: getAddress(p.payer), amount: BigInt(p.amount), payments: p.payments })),
      ),
    };
  }
  const epochs = new Map<bigint, { payments: number; revenue: bigint; attributionPool: bigint }>();
  const payers = new Map<string, { amount: bigint; payments: number }>();
  const addEpoch = (epoch: bigint, amount: bigint, pool: bigint) => {
    const e = epochs.get(epoch) ?? { payments: 0, revenue: 0n, attributionPool: 0n };
    epochs.set(epoch, {
      payments: e.payments + 1,
      revenue: e.revenue + amount,
      attributionPool: e.attributionPool + pool,
    });
  };
  const addPayer = (payer: string, amount: bigint) => {
    const p = payers.get(getAddress(payer)) ?? { amount: 0n, payments: 0 };
    payers.set(getAddress(payer), { amount: p.amount + amount, payments: p.payments + 1 });
  };
  const model = [topicOf(modelId)];
  for (const a of await scan(client, "InferencePayments", "InferencePaid", model)) {
    addEpoch(a.epoch as bigint, a.amount as bigint, a.contributorAmount as bigint);
    addPayer(a.payer as string, a.amount as bigint);
  }
  for (const a of await scan(client, "InferencePayments", "VouchersRedeemed", model)) {
    addEpoch(a.epoch as bigint, a.amount as bigint, a.contributorAmount as bigint);
  }
  for (const a of await scan(client, "InferencePayments", "VoucherRedeemed", [null, topicOf(modelId)])) {
    addPayer(a.payer as string, a.paid as bigint);
  }
  const perEpoch = [...epochs].sort(([a], [b]) => Number(a - b)).map(([epoch, e]) => ({ epoch, ...e }));
  return {
    modelId,
    revenue: perEpoch.reduce((sum, e) => sum + e.revenue, 0n),
    payments: perEpoch.reduce((sum, e) => sum + e.payments, 0),
    perEpoch,
    payers: byAmount([...payers].map(([payer, p]) => ({ payer, ...p }))),
  };
}

// ------------------------------------------------------------------------------------------------ contributions

export interface Contribution {
  id: bigint;
  datanetId: bigint;
  contributor: string;
  contentHash: string;
  uri: string;
  bond: bigint;
  status: "pending" | "accepted" | "rejected" | "withdrawn";
}

/** `account`'s contributions (oldest first) with their review status: from the indexer, else from the events. */
export async function getContributions(client: OpenLedgerClient, account: string): Promise<Contribution[]> {
  const checksummed = getAddress(account);
  if (client.indexerUrl !== undefined) {
    const found: Contribution[] = [];
    let after: string | null = null;
    for (;;) {
      const cursor: string = after === null ? "" : `, after: "${after}"`;
      const page: {
        contributions: {
          items: Record<string, string>[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      } = await indexerGraphql(
        client,
        `{ contributions(where: { contributor: "${checksummed.toLowerCase()}" }, orderBy: "id", limit: 1000${cursor}) ` +
          `{ items { id datanetId contributor contentHash uri bond status } pageInfo { hasNextPage endCursor } } }`,
      );
      for (const c of page.contributions.items) {
        found.push({
          id: BigInt(c.id),
          datanetId: BigInt(c.datanetId),
          contributor: getAddress(c.contributor),
          contentHash: c.contentHash,
          uri: c.uri,
          bond: BigInt(c.bond),
          status: c.status as Contribution["status"],
        });
      }
      if (!page.contributions.pageInfo.hasNextPage) return found;
      after = page.contributions.pageInfo.endCursor;
    }
  }
  const byId = new Map<bigint, Contribution>();
  for (const a of await scan(client, "DatanetRegistry", "ContributionSubmitted", [null, null, topicOf(checksummed)])) {
    byId.set(a.contributionId as bigint, {
      id: a.contributionId as bigint,
      datanetId: a.datanetId as bigint,
      contributor: checksummed,
      contentHash: a.contentHash as string,
      uri: a.uri as string,
      bond: a.bond as bigint,
      status: "pending",
    });
  }
  if (byId.size > 0) {
    for (const a of await scan(client, "DatanetRegistry", "ContributionReviewed")) {
      const c = byId.get(a.contributionId as bigint);
      if (c !== undefined) c.status = a.accepted ? "accepted" : "rejected";
    }
    for (const a of await scan(client, "DatanetRegistry", "ContributionWithdrawn", [
      null,
      null,
      topicOf(checksummed),
    ])) {
      const c = byId.get(a.contributionId as bigint);
      if (c !== undefined) c.status = "withdrawn";
    }
  }
  return [...byId.values()].sort((a, b) => Number(a.id - b.id));
}
