/**
 * Stage 3: two models trained for real on the published versions (read back from the content store through their
 * manifests, every byte verified), described by model cards in the store, and registered. Their operators first
 * stake as compute providers (the registry requires it). The speech writer is tokenized and its owner sells 30% of
 * the shares, so its revenue is split between two holders.
 */
import { toUtf8Bytes } from "ethers";

import { fetchVerified, parseContribution, parseVersionManifest, contentUri } from "../../src/oracle/index.js";
import { OPEN } from "./config.js";
import { eventsOf, fmt, send, type DemoContext } from "./context.js";
import type { DatanetResult, DatanetsResult } from "./datanets.js";
import { OperatorRole, type Deployment } from "./deploy.js";
import { SpamClassifier, SpeechWriter } from "./models.js";

export const COMPUTE_STAKE = 1_000n * OPEN;
export const SHARES_SOLD_BPS = 3_000n;

export interface RegisteredModel {
  modelId: bigint;
  name: string;
  owner: string;
  operator: string;
  price: bigint;
  cardUri: string;
  weightsHash: string;
}

export interface ModelsResult {
  classifier: RegisteredModel & { model: SpamClassifier; accuracy: number; heldOut: number };
  generator: RegisteredModel & { model: SpeechWriter; shares: string; holders: string[]; sample: string };
  /** The retrieval model (scripts/demo/retrieval.ts), once registered. */
  retriever?: RegisteredModel;
}

/** The contents of a published version, in contribution order, as an oracle would read them. */
async function readVersion(ctx: DemoContext, datanet: DatanetResult) {
  const manifest = parseVersionManifest(await fetchVerified(ctx.store, datanet.manifestUri));
  const out: { text: string; label?: 0 | 1 }[] = [];
  for (const entry of manifest.contributions) {
    const content = parseContribution(await ctx.store.get(entry.uri, entry.contentHash));
    if (content.kind !== "text") throw new Error(`contribution ${entry.contributionId} is not text`);
    out.push({ text: content.text, label: content.label });
  }
  return out;
}

async function storeJson(ctx: DemoContext, value: unknown) {
  return ctx.store.put(toUtf8Bytes(JSON.stringify(value)));
}

async function register(
  ctx: DemoContext,
  d: Deployment,
  spec: {
    name: string;
    owner: string;
    operator: string;
    card: Record<string, unknown>;
    weights: unknown;
    datanet: DatanetResult;
    price: bigint;
    contributorShareBps: number;
  },
): Promise<RegisteredModel> {
  const { people } = ctx;
  const weights = await storeJson(ctx, spec.weights);
  const card = { ...spec.card, weights: contentUri(weights) };
  const cardUri = contentUri(await storeJson(ctx, card));
  const receipt = await send(
    d.p.modelRegistry.connect(people.get(spec.owner)).registerModel({
      metadataURI: cardUri,
      weightsHash: weights.hash,
      trainedOn: [{ datanetId: spec.datanet.datanetId, version: spec.datanet.version }],
      baseModelId: 0,
      operator: people.get(spec.operator).address,
      pricePerUnit: spec.price,
      contributorShareBps: spec.contributorShareBps,
    }),
  );
  const modelId = eventsOf(receipt, d.p.modelRegistry, "ModelRegistered")[0].modelId as bigint;
  return {
    modelId,
    name: spec.name,
    owner: people.get(spec.owner).address,
    operator: people.get(spec.operator).address,
    price: spec.price,
    cardUri,
    weightsHash: weights.hash,
  };
}

export async function training(ctx: DemoContext, d: Deployment, data: DatanetsResult): Promise<ModelsResult> {
  const { config, people, say } = ctx;
  const { p } = d;

  // ------------------------------------------------------------------ the spam classifier
  ctx.stage(3, "training the spam classifier on the e-mail Datanet's version 1");
  const emails = await readVersion(ctx, data.emails);
  const labelled = emails.map((e) => ({ text: e.text, label: e.label as 0 | 1 }));
  const { buckets, l2 } = config.classifier;
  const started = Date.now();
  const classifier = SpamClassifier.train(labelled, buckets, l2);
  const accuracy = classifier.accuracy(data.heldOut);
  say(
    `  logistic regression, ${buckets} hashed word features, L2 ${l2}: ${labelled.length} e-mails, ` +
      `${classifier.model.iterations} Newton steps, ${Date.now() - started} ms`,
  );
  say(`  accuracy on ${data.heldOut.length} held-out e-mails (never contributed): ${(accuracy * 100).toFixed(1)}%`);

  // ------------------------------------------------------------------ the speech writer
  ctx.stage(3, "training the speech writer (a word n-gram model) on the speeches Datanet's version 1");
  const speeches = await readVersion(ctx, data.speeches);
  const writer = new SpeechWriter(config.generator.order);
  for (const s of speeches) writer.train(s.text);
  const sample = writer.generate("Tonight, I", config.generator.words, 7);
  say(
    `  ${config.generator.order}-gram model over ${writer.trainedWords.toLocaleString("en-US")} words of ` +
      `${speeches.length} addresses (${writer.contexts.toLocaleString("en-US")} contexts)`,
  );
  say(`  sample: "Tonight, I ${sample.slice(0, 160)}..."`);

  // ------------------------------------------------------------------ operators, cards, registration
  ctx.stage(3, "registering both models (operators stake as compute providers first)");
  const stakingAddress = await p.staking.getAddress();
  for (const name of ["op-mail", "op-text"]) {
    const operator = people.get(name);
    await send(p.wopen.connect(operator).deposit({ value: COMPUTE_STAKE }));
    await send(p.wopen.connect(operator).approve(stakingAddress, COMPUTE_STAKE));
    await send(p.staking.connect(operator).stake(COMPUTE_STAKE));
    await send(p.staking.connect(operator).registerOperator(OperatorRole.ComputeProvider));
  }
  say(`  op-mail and op-text stake ${fmt(COMPUTE_STAKE)} each and register as compute providers`);

  const trainedOn = (n: DatanetResult) => [{ datanetId: n.datanetId.toString(), version: n.version }];
  const classifierModel = await register(ctx, d, {
    name: "spam classifier",
    owner: "acme",
    operator: "op-mail",
    datanet: data.emails,
    price: config.classifier.price,
    contributorShareBps: config.classifier.contributorShareBps,
    weights: classifier.weights(),
    card: {
      name: "Spam classifier",
      description: "Says whether an e-mail body is spam (1) or ham (0).",
      model: "L2-regularized logistic regression (src/attribution/logistic.ts)",
      trainedOn: trainedOn(data.emails),
      attribution: { method: "influence", l2, buckets },
      evaluation: { heldOutEmails: data.heldOut.length, accuracy: Number(accuracy.toFixed(4)) },
    },
  });
  const generatorModel = await register(ctx, d, {
    name: "speech writer",
    owner: "bard",
    operator: "op-text",
    datanet: data.speeches,
    price: config.generator.price,
    contributorShareBps: config.generator.contributorShareBps,
    weights: {
      format: "openledger.demo.word-ngram/1",
      order: config.generator.order,
      note: "the model is the n-gram counts of the training texts, in this order",
      trainedOnContents: data.speeches.entries.map((e) => e.contentHash),
    },
    card: {
      name: "Speech writer",
      description: "Continues a prompt in the style of State of the Union addresses.",
      model: `word ${config.generator.order}-gram Markov chain with back-off`,
      trainedOn: trainedOn(data.speeches),
      attribution: { method: "spans", minSpanLength: config.generator.minSpanLength },
    },
  });
  for (const m of [classifierModel, generatorModel]) {
    say(
      `  model ${m.modelId} "${m.name}": owner ${people.label(m.owner)}, operator ${people.label(m.operator)}, ` +
        `price ${fmt(m.price)} per inference, card ${m.cardUri.slice(0, 26)}..`,
    );
  }
  say(
    `  revenue split per payment: ${Number(await p.inferencePayments.protocolFeeBps()) / 100}% treasury, ` +
      `${Number(await p.inferencePayments.stakerFeeBps()) / 100}% stakers, then ` +
      `${config.classifier.contributorShareBps / 100}% (classifier) / ${config.generator.contributorShareBps / 100}% ` +
      `(writer) of the rest to the data contributors' pool, the remainder to the model owner`,
  );

  // ------------------------------------------------------------------ the speech writer is tokenized
  const bard = people.get("bard");
  const tokenized = await send(
    p.modelRegistry.connect(bard).tokenize(generatorModel.modelId, "Speech Writer Shares", "SPEECH"),
  );
  const sharesAddress = eventsOf(tokenized, p.modelRegistry, "ModelTokenized")[0].shares as string;
  d.addresses.set("ModelShares(speech writer)", sharesAddress);
  people.nameAddress(sharesAddress, "ModelShares(speech writer)", "protocol contract");
  const shares = await ctx.chain.ethers.getContractAt("ModelShares", sharesAddress);
  const supply = await shares.totalSupply();
  const sold = (supply * SHARES_SOLD_BPS) / 10_000n;
  await send(shares.connect(bard).transfer(people.get("peggy").address, sold));
  say(
    `  bard tokenizes the speech writer (${await shares.symbol()} at ${sharesAddress.slice(0, 10)}..) and transfers ` +
      `${Number(SHARES_SOLD_BPS) / 100}% of the shares to peggy`,
  );

  return {
    classifier: { ...classifierModel, model: classifier, accuracy, heldOut: data.heldOut.length },
    generator: {
      ...generatorModel,
      model: writer,
      shares: sharesAddress,
      holders: [bard.address, people.get("peggy").address],
      sample,
    },
  };
}
