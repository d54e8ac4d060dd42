/**
 * The HTTP API (Hono, served by Ponder on the same port):
 * - `/graphql` (and `/`): Ponder's GraphQL over every table of ponder.schema.ts;
 * - `/sql/*`: Ponder's SQL over HTTP (read-only queries, for @ponder/client);
 * - `/claims/:account`: the account's claim now: cumulative amount, what it has claimed, what it can claim and the
 *   proof, from the latest finalized epoch's data, checked against that root and against RewardDistributor's root;
 * - `/contributors/:account/earnings`: what an account earned per epoch and model, and per Datanet;
 * - `/models/:id/revenue`: a model's revenue in total and per epoch (with the split) and its payers;
 * - `/indexer/stats`: events handled by this process (and when), for progress and the restart check.
 * Ponder itself serves `/health`, `/ready`, `/status` and `/metrics`. Amounts are decimal strings.
 */
import { Hono } from "hono";
import { db, publicClients } from "ponder:api";
import schema, {
  account,
  claimable,
  earning,
  epoch,
  model,
  modelEpoch,
  modelPayer,
  modelTrainedOn,
} from "ponder:schema";
import { and, asc, client, desc, eq, graphql, isNotNull } from "ponder";

import { verifyClaim } from "../../lib/claims";
import { loadSettings } from "../../lib/settings";
import { stats } from "../../lib/stats";

const settings = loadSettings();
const distributor = settings.deployment.contracts.RewardDistributor as `0x${string}`;
const MERKLE_ROOT_ABI = [
  {
    type: "function",
    name: "merkleRoot",
    stateMutability: "view",
    inputs: [],
    outputs: [{ name: "", type: "bytes32" }],
  },
] as const;

const app = new Hono();

app.use("/sql/*", client({ db, schema }));
app.use("/graphql", graphql({ db, schema }));
app.use("/", graphql({ db, schema }));

const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;
const UINT_RE = /^(0|[1-9][0-9]{0,76})$/;

app.get("/indexer/stats", (c) => {
  const s = stats();
  return c.json({
    startedAt: new Date(s.startedAt).toISOString(),
    eventsThisRun: s.eventsThisRun,
    firstEventAt: s.firstEventAt === undefined ? null : new Date(s.firstEventAt).toISOString(),
    lastEventAt: s.lastEventAt === undefined ? null : new Date(s.lastEventAt).toISOString(),
  });
});

app.get("/claims/:account", async (c) => {
  const raw = c.req.param("account");
  if (!ADDRESS_RE.test(raw)) return c.json({ error: `not an address: ${raw}` }, 400);
  const address = raw.toLowerCase() as `0x${string}`;
  const [latest] = await db.select().from(epoch).where(isNotNull(epoch.finalizedAt)).orderBy(desc(epoch.id)).limit(1);
  if (latest === undefined) return c.json({ account: address, available: false, reason: "no epoch is finalized yet" });
  const base = {
    account: address,
    epoch: latest.id.toString(),
    root: latest.cumulativeRewardsRoot,
    dataURI: latest.dataURI,
  };
  if (latest.claimsStatus !== "available") {
    return c.json({ ...base, available: false, reason: latest.claimsReason ?? `claims are ${latest.claimsStatus}` });
  }
  const [leaf] = await db
    .select()
    .from(claimable)
    .where(and(eq(claimable.epoch, latest.id), eq(claimable.account, address)));
  const [paid] = await db.select().from(account).where(eq(account.address, address));
  const cumulativeAmount = leaf?.cumulativeAmount ?? 0n;
  const proof = (leaf?.proof as string[] | undefined) ?? [];
  const claimed = paid?.claimed ?? 0n;
  const root = latest.cumulativeRewardsRoot ?? "";
  let onchainRoot: string | null = null;
  try {
    onchainRoot = await publicClients.openledger.readContract({
      address: distributor,
      abi: MERKLE_ROOT_ABI,
      functionName: "merkleRoot",
    });
  } catch {
    onchainRoot = null;
  }
  return c.json({
    ...base,
    available: true,
    inTree: leaf !== undefined,
    cumulativeAmount: cumulativeAmount.toString(),
    claimed: claimed.toString(),
    claimable: (cumulativeAmount > claimed ? cumulativeAmount - claimed : 0n).toString(),
    proof,
    proofVerified: leaf !== undefined && verifyClaim(root, address, cumulativeAmount, proof),
    onchainRoot,
    rootIsOnchainRoot: onchainRoot !== null && onchainRoot.toLowerCase() === root.toLowerCase(),
  });
});

app.get("/contributors/:account/earnings", async (c) => {
  const raw = c.req.param("account");
  if (!ADDRESS_RE.test(raw)) return c.json({ error: `not an address: ${raw}` }, 400);
  const address = raw.toLowerCase() as `0x${string}`;
  const rows = await db
    .select()
    .from(earning)
    .where(eq(earning.account, address))
    .orderBy(asc(earning.epoch), asc(earning.modelId));
  const perModel = new Map<string, bigint>();
  let total = 0n;
  for (const r of rows) {
    total += r.amount;
    perModel.set(r.modelId.toString(), (perModel.get(r.modelId.toString()) ?? 0n) + r.amount);
  }
  // Per Datanet: a model's earnings count for each Datanet it was trained on (decision 0501).
  const perDatanet = new Map<string, bigint>();
  for (const [modelId, amount] of perModel) {
    const datanets = await db
      .selectDistinct({ datanetId: modelTrainedOn.datanetId })
      .from(modelTrainedOn)
      .where(eq(modelTrainedOn.modelId, BigInt(modelId)));
    for (const { datanetId } of datanets) {
      perDatanet.set(datanetId.toString(), (perDatanet.get(datanetId.toString()) ?? 0n) + amount);
    }
  }
  return c.json({
    account: address,
    total: total.toString(),
    perEpochAndModel: rows.map((r) => ({
      epoch: r.epoch.toString(),
      modelId: r.modelId.toString(),
      amount: r.amount.toString(),
    })),
    perModel: Object.fromEntries([...perModel].map(([k, v]) => [k, v.toString()])),
    perDatanet: Object.fromEntries([...perDatanet].map(([k, v]) => [k, v.toString()])),
  });
});

app.get("/models/:id/revenue", async (c) => {
  const raw = c.req.param("id");
  if (!UINT_RE.test(raw)) return c.json({ error: `not a model id: ${raw}` }, 400);
  const id = BigInt(raw);
  const [row] = await db.select().from(model).where(eq(model.id, id));
  if (row === undefined) return c.json({ error: `no model ${raw}` }, 404);
  const epochs = await db.select().from(modelEpoch).where(eq(modelEpoch.modelId, id)).orderBy(asc(modelEpoch.epoch));
  const payers = await db.select().from(modelPayer).where(eq(modelPayer.modelId, id)).orderBy(desc(modelPayer.amount));
  return c.json({
    modelId: raw,
    revenue: row.revenue.toString(),
    payments: row.payments,
    contributorAmount: row.contributorAmount.toString(),
    ownerAmount: row.ownerAmount.toString(),
    perEpoch: epochs.map((e) => ({
      epoch: e.epoch.toString(),
      payments: e.payments,
      revenue: e.revenue.toString(),
      protocolFee: e.protocolFee.toString(),
      stakerFee: e.stakerFee.toString(),
      attributionPool: e.contributorAmount.toString(),
      ownerAmount: e.ownerAmount.toString(),
    })),
    payers: payers.map((p) => ({ payer: p.payer, amount: p.amount.toString(), payments: p.payments })),
  });
});

export default app;
