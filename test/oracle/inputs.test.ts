// Input gathering against a stand-in of the chain follower (the real one is exercised in node.test.ts) and a real
// local content store in a temporary directory: what is verified, what is refused deterministically, what stalls.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { ZeroHash, getAddress, id as keccakId } from "ethers";

import type { ChainFollower, ContributionRecord } from "../../src/oracle/chain.js";
import {
  ContentUnavailableError,
  computeEpoch,
  encodeInferenceLog,
  gatherEpochInput,
  type LogRecord,
  type ManifestEntry,
} from "../../src/oracle/index.js";
import { LocalContentStore } from "../../src/storage/index.js";
import { logRecords, spamEmails, storeContributions, storeJson, storeLog, storeManifest } from "./data.js";

const CONTRIBUTORS = [
  "0x00000000000000000000000000000000000a11ce",
  "0x0000000000000000000000000000000000000b0b",
  "0x00000000000000000000000000000000000ca401",
].map((a) => getAddress(a));
const TREASURY = getAddress("0x7700000000000000000000000000000000000077");
const POOL = 1000n * 10n ** 18n;

interface World {
  dir: string;
  store: LocalContentStore;
  entries: ManifestEntry[];
  version: { merkleRoot: string; count: number; uri: string };
  cardUri: string;
  log: { root: string; uri: string } | null;
  records: LogRecord[];
  submitted: Map<bigint, ContributionRecord>;
}

async function world(): Promise<World> {
  const dir = await mkdtemp(path.join(tmpdir(), "oracle-inputs-"));
  const store = new LocalContentStore(dir);
  const emails = spamEmails();
  const entries = await storeContributions(
    store,
    1n,
    emails.training.map((e, k) => ({ content: { text: e.text, label: e.label }, contributor: CONTRIBUTORS[k % 3] })),
  );
  const manifest = await storeManifest(store, 1n, 1, entries);
  const cardUri = await storeJson(store, { name: "spam", attribution: { method: "influence", buckets: 128 } });
  const records = logRecords(
    emails.heldOut.map((e) => e.text),
    emails.heldOut.map((e) => String(e.label)),
  );
  const log = await storeLog(store, records);
  const submitted = new Map<bigint, ContributionRecord>(
    entries.map((e, k) => [
      e.contributionId,
      { ...e, datanetId: 1n, block: 10 + k, logIndex: 0 } as ContributionRecord,
    ]),
  );
  return {
    dir,
    store,
    entries,
    version: { merkleRoot: manifest.root, count: manifest.count, uri: manifest.uri },
    cardUri,
    log,
    records,
    submitted,
  };
}

/** The few ChainFollower reads gatherEpochInput makes, answered from `w`. */
function chainOf(w: World): ChainFollower {
  return {
    poolsForEpoch: async () => [{ modelId: 1n, pool: POOL }],
    epochEnd: async () => 1000n,
    modelAt: async (modelId: bigint) => ({
      modelId,
      operator: CONTRIBUTORS[0],
      trainedOn: [{ datanetId: 1n, version: 1 }],
      metadataURI: w.cardUri,
    }),
    datanetVersion: async (datanetId: bigint, version: number) => ({ datanetId, version, ...w.version }),
    contributions: async () => w.submitted,
    inferenceLog: async () => w.log,
    treasury: async () => TREASURY,
  } as unknown as ChainFollower;
}

async function gather(w: World) {
  return gatherEpochInput(chainOf(w), w.store, 0n, new Map());
}

describe("Oracle input gathering (verification before use)", function () {
  let w: World;
  beforeEach(async function () {
    w = await world();
  });
  afterEach(async function () {
    await rm(w.dir, { recursive: true, force: true });
  });

  it("gathers the verified training set in submission order, the card and the log", async function () {
    // Submission order differs from id order for two contributions: the later-submitted one comes later.
    const first = w.entries[0].contributionId;
    w.submitted.set(first, { ...(w.submitted.get(first) as ContributionRecord), block: 999 });
    const input = await gather(w);
    const m = input.models[0];
    expect(input.fallbackAccount).to.equal(TREASURY);
    expect("value" in m.card && m.card.value.attribution).to.deep.equal({ method: "influence", buckets: 128 });
    expect("value" in m.log && m.log.value.records).to.deep.equal(w.records);
    if (!("value" in m.training)) throw new Error("training refused");
    expect(m.training.value).to.have.length(30);
    expect(m.training.value[29].contributionId).to.equal(first);
    expect(m.training.value[0].contributor).to.equal(CONTRIBUTORS[1]);
    expect(computeEpoch(input).models[0].outcome).to.equal("attributed");
  });

  it("stops (no report) when the store returns contribution bytes that differ from the on-chain hash", async function () {
    const victim = w.entries[3];
    await writeFile(path.join(w.dir, victim.contentHash), JSON.stringify({ text: "altered", label: 1 }));
    try {
      await gather(w);
      expect.fail("tampered content was used");
    } catch (e) {
      expect(e).to.be.instanceOf(ContentUnavailableError);
      expect((e as Error).message).to.match(new RegExp(`hashes to 0x[0-9a-f]{64}, expected ${victim.contentHash}`));
    }
  });

  it("stops when content is missing from the store (it may arrive later)", async function () {
    await rm(path.join(w.dir, w.entries[0].contentHash));
    await gather(w).then(
      () => expect.fail("missing content was ignored"),
      (e) => expect(e).to.be.instanceOf(ContentUnavailableError),
    );
  });

  it("refuses a manifest whose root does not match the chain's: the pool goes to the treasury", async function () {
    w.version.merkleRoot = keccakId("another root");
    const input = await gather(w);
    expect(input.models[0].training).to.deep.equal({
      refused:
        `Datanet 1 version 1: manifest root ${(await storeManifest(w.store, 1n, 1, w.entries)).root} ` +
        `does not match the on-chain root ${w.version.merkleRoot}`,
    });
    const r = computeEpoch(input);
    expect([...r.models[0].amounts]).to.deep.equal([[TREASURY, POOL]]);
  });

  it("refuses a manifest whose contributor differs from the contribution's event", async function () {
    const id = w.entries[5].contributionId;
    w.submitted.set(id, { ...(w.submitted.get(id) as ContributionRecord), contributor: TREASURY });
    const input = await gather(w);
    expect(input.models[0].training).to.deep.equal({
      refused: `Datanet 1 version 1: contribution ${id} has another contributor on chain`,
    });
  });

  it("refuses a log whose records do not rebuild the committed root", async function () {
    const altered = [...w.records];
    altered[2] = { ...altered[2], output: altered[2].output === "1" ? "0" : "1" };
    const stored = await storeLog(w.store, altered);
    w.log = { root: (w.log as { root: string }).root, uri: stored.uri };
    const input = await gather(w);
    expect("refused" in input.models[0].log && input.models[0].log.refused).to.match(
      /records rebuild root 0x[0-9a-f]{64}, the committed root is/,
    );
    expect(computeEpoch(input).models[0].outcome).to.equal("fallback");
  });

  it("applies the missing-log policy when no log was committed", async function () {
    w.log = null;
    const r = computeEpoch(await gather(w));
    expect(r.models[0].reason).to.equal("inference log: no inference log was committed before the deadline");
    expect(r.cumulative.get(TREASURY)).to.equal(POOL);
  });

  it("refuses URIs that carry no content hash, and malformed cards", async function () {
    const stored = await w.store.put(encodeInferenceLog(w.records));
    w.log = { root: (w.log as { root: string }).root, uri: `ipfs://bafynohash${stored.hash.slice(2, 10)}` };
    w.cardUri = await storeJson(w.store, { name: "spam", attribution: { method: "guess" } });
    const input = await gather(w);
    expect("refused" in input.models[0].card && input.models[0].card.refused).to.match(/attribution.method/);
    expect("refused" in input.models[0].log && input.models[0].log.refused).to.match(/carries no content hash/);
    expect(ZeroHash).to.not.equal(computeEpoch(input).cumulativeRewardsRoot);
  });
});
