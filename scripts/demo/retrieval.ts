/**
 * The demo's retrieval model (spec docs/spec/attribution.md, section 6.3): "mailbox search", a TF-IDF retriever over
 * the e-mail Datanet's version 1. For each paid query it retrieves the most similar e-mails, answers with their
 * opening lines, and logs the retrieved contribution ids with their cosine similarity as relevance. The oracles
 * split each record's credit by relevance, so the model's pool reaches the owners of the retrieved e-mails.
 *
 * One query is served by a misconfigured index that also returns a speech (a contribution of another Datanet): the
 * oracles exclude that record and list it in the published data.
 *
 * The demo calls `serveRetrieval` after training (its queries are paid in epoch 0) and `commitRetrievalLog` once
 * epoch 0 is over, next to the other operators' logs.
 */
import { toUtf8Bytes, id as keccakId } from "ethers";

import { dlog, tokenize } from "../../src/attribution/index.js";
import { contentUri, encodeInferenceLog, logRoot, type LogRecord } from "../../src/oracle/index.js";
import { OPEN } from "./config.js";
import { eventsOf, fmt, send, type DemoContext } from "./context.js";
import type { DatanetsResult } from "./datanets.js";
import type { Deployment } from "./deploy.js";
import type { RegisteredModel } from "./training.js";

export const RETRIEVAL_PRICE = OPEN;
export const RETRIEVAL_CONTRIBUTOR_SHARE_BPS = 5_000;
/** E-mails retrieved per query. */
export const TOP_K = 3;

const QUERIES = [
  "free money offer click here to claim",
  "meeting next week agenda",
  "mortgage rates refinance your home loan",
  "linux kernel release and software update",
  "remove me from this mailing list unsubscribe",
  "credit card debt consolidation",
];
/** Served by the misconfigured index, which also returns a speech of the other Datanet. */
const MISROUTED_QUERY = "the state of our union economy";

/** A TF-IDF index (log-scaled idf, raw term counts, cosine similarity) over the tokens of src/attribution. */
export class TfIdfRetriever {
  private readonly idf = new Map<string, number>();
  private readonly vectors: { id: bigint; weights: Map<string, number>; norm: number }[] = [];

  constructor(docs: readonly { id: bigint; text: string }[]) {
    const df = new Map<string, number>();
    const counts = docs.map((d) => {
      const c = new Map<string, number>();
      for (const w of tokenize(d.text).words) c.set(w, (c.get(w) ?? 0) + 1);
      for (const w of c.keys()) df.set(w, (df.get(w) ?? 0) + 1);
      return c;
    });
    for (const [w, n] of df) this.idf.set(w, 1 + dlog((docs.length + 1) / (n + 1)));
    docs.forEach((d, k) => {
      const { weights, norm } = this.weigh(counts[k]);
      this.vectors.push({ id: d.id, weights, norm });
    });
  }

  private weigh(counts: Map<string, number>) {
    const weights = new Map<string, number>();
    let sum = 0;
    for (const [w, c] of counts) {
      const x = c * (this.idf.get(w) ?? 0);
      if (x === 0) continue;
      weights.set(w, x);
      sum += x * x;
    }
    return { weights, norm: Math.sqrt(sum) };
  }

  /** The `k` most similar documents with a positive similarity (rounded to 6 decimals), best first. */
  search(query: string, k: number): { id: bigint; relevance: number }[] {
    const counts = new Map<string, number>();
    for (const w of tokenize(query).words) counts.set(w, (counts.get(w) ?? 0) + 1);
    const q = this.weigh(counts);
    if (q.norm === 0) return [];
    const scored = this.vectors.map((v) => {
      let dot = 0;
      for (const [w, x] of q.weights) dot += x * (v.weights.get(w) ?? 0);
      return { id: v.id, relevance: v.norm === 0 ? 0 : Number((dot / (q.norm * v.norm)).toFixed(6)) };
    });
    return scored
      .filter((s) => s.relevance > 0)
      .sort((a, b) => b.relevance - a.relevance || (a.id < b.id ? -1 : 1))
      .slice(0, k);
  }
}

export interface RetrievalDemo {
  model: RegisteredModel;
  records: LogRecord[];
  /** The record the oracles must exclude (it cites a speech). */
  misrouted: number;
  paid: bigint;
}

/** Registers the mailbox search model on the e-mail version and serves its paid queries (epoch 0). */
export async function serveRetrieval(ctx: DemoContext, d: Deployment, data: DatanetsResult): Promise<RetrievalDemo> {
  const { people, say } = ctx;
  const { p } = d;
  ctx.stage(3, "a retrieval model: TF-IDF mailbox search over the e-mail Datanet's version 1");
  const emails = data.emails.entries.map((e) => ({
    id: e.contributionId,
    text: data.emails.contributions.get(e.contributionId)!.text,
  }));
  const retriever = new TfIdfRetriever(emails);
  const weights = await ctx.store.put(
    toUtf8Bytes(
      JSON.stringify({
        format: "openledger.demo.tf-idf/1",
        tokens: "src/attribution/tokenize.ts",
        idf: "1 + ln((N + 1) / (df + 1))",
        k: TOP_K,
        documents: data.emails.entries.map((e) => e.contentHash),
      }),
    ),
  );
  const card = {
    name: "Mailbox search",
    description: `Answers a question with the ${TOP_K} most similar e-mails of the e-mail Datanet (TF-IDF, cosine).`,
    trainedOn: [{ datanetId: data.emails.datanetId.toString(), version: data.emails.version }],
    attribution: { method: "retrieval" },
    weights: contentUri(weights),
  };
  const cardUri = contentUri(await ctx.store.put(toUtf8Bytes(JSON.stringify(card))));
  const owner = people.get("acme");
  const operator = people.get("op-mail");
  const receipt = await send(
    p.modelRegistry.connect(owner).registerModel({
      metadataURI: cardUri,
      weightsHash: weights.hash,
      trainedOn: [{ datanetId: data.emails.datanetId, version: data.emails.version }],
      baseModelId: 0,
      operator: operator.address,
      pricePerUnit: RETRIEVAL_PRICE,
      contributorShareBps: RETRIEVAL_CONTRIBUTOR_SHARE_BPS,
    }),
  );
  const modelId = eventsOf(receipt, p.modelRegistry, "ModelRegistered")[0].modelId as bigint;
  const model: RegisteredModel = {
    modelId,
    name: "mailbox search",
    owner: owner.address,
    operator: operator.address,
    price: RETRIEVAL_PRICE,
    cardUri,
    weightsHash: weights.hash,
  };
  say(
    `  model ${modelId} "mailbox search" (method retrieval): owner acme, operator op-mail, ${fmt(RETRIEVAL_PRICE)} ` +
      `per query, ${RETRIEVAL_CONTRIBUTOR_SHARE_BPS / 100}% of the rest to the retrieved e-mails' owners`,
  );

  const payer = people.get("mailco");
  const total = RETRIEVAL_PRICE * BigInt(QUERIES.length + 1);
  const paymentsAddress = await p.inferencePayments.getAddress();
  await send(p.wopen.connect(payer).deposit({ value: total }));
  await send(p.wopen.connect(payer).approve(paymentsAddress, total));
  const records: LogRecord[] = [];
  const speech = data.speeches.entries[0].contributionId;
  for (const [k, query] of [...QUERIES, MISROUTED_QUERY].entries()) {
    const hits = retriever.search(query, TOP_K);
    const retrieved = hits.map((h) => ({ contributionId: h.id, relevance: h.relevance }));
    if (query === MISROUTED_QUERY) retrieved.push({ contributionId: speech, relevance: 0.5 });
    const output =
      hits.length === 0
        ? "No related message."
        : hits
            .map(
              (h) => `[${h.id & 0xffffffffn}] ${data.emails.contributions.get(h.id)!.text.split("\n")[0].slice(0, 60)}`,
            )
            .join(" | ");
    const requestHash = keccakId(`openledger-demo/retrieval/${k}/${query}`);
    const paid = await send(p.inferencePayments.connect(payer).pay(modelId, 1, RETRIEVAL_PRICE, requestHash));
    records.push({ requestHash, input: query, output, paymentRef: paid.hash, retrieved });
  }
  const pool = await p.inferencePayments.attributionPool(modelId, 0n);
  say(
    `  mailco pays ${records.length} queries (${fmt(total)}); each log record lists the ${TOP_K} retrieved e-mails ` +
      `with their cosine similarity; contributor pool ${fmt(pool)}`,
  );
  say(`    e.g. "${records[0].input}" -> ${records[0].output.slice(0, 100)}..`);
  say(`    the last query is served by a misconfigured index that also returns a speech: its record will be excluded`);
  return { model, records, misrouted: records.length - 1, paid: total };
}

/** Publishes the mailbox search's epoch-0 log and commits its root (epoch 0 must be over, its log window open). */
export async function commitRetrievalLog(ctx: DemoContext, d: Deployment, r: RetrievalDemo): Promise<void> {
  const operator = ctx.people.get("op-mail");
  const uri = contentUri(await ctx.store.put(encodeInferenceLog(r.records)));
  await send(d.p.inferenceLogs.connect(operator).commitInferenceLog(r.model.modelId, 0, logRoot(r.records), uri));
  ctx.say(`  op-mail commits the mailbox search's epoch-0 log: ${r.records.length} records with retrieved ids`);
}
