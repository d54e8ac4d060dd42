/**
 * Generates the test vectors of the attribution spec (docs/spec/attribution.md) into spec/vectors/:
 *
 *   node --import tsx scripts/spec/vectors.ts          write the vectors
 *   node --import tsx scripts/spec/vectors.ts --check  exit 1 if the committed files differ from what it generates
 *
 * Each vector is `<name>.json` (inputs as raw bytes, expected report fields, the data document's keccak256) plus
 * `<name>.data.json` (the exact expected bytes of the data document); `index.json` lists them with the keccak256
 * of both files. The inputs are written here by hand, one vector per method and per edge case the spec names; the
 * expected outputs are what the engine computes (test/attribution/conformance.test.ts re-runs every vector).
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { getAddress, keccak256, id as keccakId } from "ethers";

import {
  computeEpoch,
  encodeContribution,
  encodeInferenceLog,
  logRoot,
  type LogRecord,
  canonicalBytes,
  SPEC_VERSION,
  vectorEpochInput,
  type Vector,
  type VectorContribution,
  type VectorInput,
  type VectorModel,
} from "../../src/oracle/index.js";

export const VECTORS_DIRECTORY = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "spec", "vectors");

const ALICE = getAddress("0x00000000000000000000000000000000000a11ce");
const BOB = getAddress("0x0000000000000000000000000000000000000b0b");
const CAROL = getAddress("0x00000000000000000000000000000000000ca401");
const DAVE = getAddress("0x000000000000000000000000000000000000da7e");
const TREASURY = getAddress("0x7700000000000000000000000000000000000077");
// Two addresses whose checksummed spellings sort the other way round from their numeric values ("B" < "a" in
// UTF-16): ties must go to the numerically lower one, 0x...a001.
const ERIN = getAddress("0x000000000000000000000000000000000000a001");
const FRANK = getAddress("0x000000000000000000000000000000000000b001");

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** A contribution of Datanet `datanet` (id = datanet << 32 | index, as the registry numbers them). */
function contribution(
  datanet: number,
  index: number,
  contributor: string,
  content: Parameters<typeof encodeContribution>[0],
): VectorContribution {
  return {
    contributionId: ((BigInt(datanet) << 32n) | BigInt(index)).toString(),
    contributor,
    content: text(encodeContribution(content)),
  };
}

const cid = (datanet: number, index: number) => (BigInt(datanet) << 32n) | BigInt(index);

function record(k: number, input: string, output: string, tag: string, retrieved?: LogRecord["retrieved"]): LogRecord {
  const r: LogRecord = { requestHash: keccakId(`${tag}-${k}`), input, output, paymentRef: `payment-${tag}-${k}` };
  if (retrieved !== undefined) r.retrieved = retrieved;
  return r;
}

function log(records: LogRecord[]): VectorModel["log"] {
  const bytes = encodeInferenceLog(records);
  return { uri: `local://${keccak256(bytes)}`, root: logRoot(records), content: text(bytes) };
}

function card(method: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ name: `a ${method} model`, attribution: { method, ...extra } });
}

// ------------------------------------------------------------------------------------------------ data

const HAM = [
  "Meeting moved to Thursday at ten, agenda attached for the quarterly review",
  "Can you send me the draft of the report before lunch tomorrow",
  "The build is green again after the fix to the parser tests",
  "Lunch on Friday with the whole team, reply if you can come",
  "Minutes of the review meeting and the list of open actions",
];
const SPAM = [
  "WIN a FREE cruise now, click here to claim your prize today",
  "Cheap meds online, no prescription needed, order now and save",
  "You have been selected for a cash reward, claim it now free",
  "Lose weight fast with this one free trick, click here now",
  "Earn money from home, free offer, act now before it expires",
];
const QUERIES: [string, 0 | 1][] = [
  ["Agenda for the review meeting on Thursday", 0],
  ["Claim your free prize now, click here", 1],
  ["Please send the report draft", 0],
  ["Free cash offer, act now", 1],
];

/** Ten labelled e-mails of Datanet 1, dealt to alice, bob and carol. */
function emailTraining(): VectorContribution[] {
  const out: VectorContribution[] = [];
  for (let k = 0; k < 5; k++) {
    out.push(contribution(1, 2 * k + 1, [ALICE, BOB, CAROL][(2 * k) % 3], { text: HAM[k], label: 0 }));
    out.push(contribution(1, 2 * k + 2, [ALICE, BOB, CAROL][(2 * k + 1) % 3], { text: SPAM[k], label: 1 }));
  }
  return out;
}

function emailLog(tag = "q"): VectorModel["log"] {
  return log(QUERIES.map(([input, label], k) => record(k, input, String(label), tag)));
}

function influenceText(modelId: string, pool: string, overrides: Partial<VectorModel> = {}): VectorModel {
  return {
    modelId,
    pool,
    trainedOn: [{ datanetId: "1", version: 1 }],
    card: card("influence", { l2: 0.05, buckets: 64 }),
    training: emailTraining(),
    log: emailLog(),
    ...overrides,
  };
}

const SPEECH = [
  "We hold these truths to be self-evident, that all men are created equal, that they are endowed by their Creator",
  "with certain unalienable Rights, that among these are Life, Liberty and the pursuit of Happiness. That to secure",
  "these rights, Governments are instituted among Men, deriving their just powers from the consent of the governed",
];

function spanModel(modelId: string, pool: string, overrides: Partial<VectorModel> = {}): VectorModel {
  return {
    modelId,
    pool,
    trainedOn: [{ datanetId: "2", version: 1 }],
    card: card("spans", { minSpanLength: 6 }),
    training: SPEECH.map((t, k) => contribution(2, k + 1, [ALICE, BOB, CAROL][k], { text: t })),
    log: log([
      record(
        0,
        "Tell me about rights",
        "Governments are instituted among Men, deriving their just powers from the consent of the governed, as we know",
        "s",
      ),
      record(
        1,
        "And the truths?",
        "They said: all men are created equal, that they are endowed by their Creator with certain unalienable Rights",
        "s",
      ),
    ]),
    ...overrides,
  };
}

const DOCS = [
  "Refund policy: items can be returned within thirty days with a receipt",
  "Shipping takes three to five business days within the country",
  "Our support line is open from nine to five on weekdays",
  "Gift cards cannot be exchanged for cash",
];

/** A retrieval model over Datanet 3 (four help-desk documents: alice, bob, carol, dave). */
function retrievalModel(modelId: string, pool: string, records: LogRecord[], overrides: Partial<VectorModel> = {}) {
  const model: VectorModel = {
    modelId,
    pool,
    trainedOn: [{ datanetId: "3", version: 1 }],
    card: card("retrieval"),
    training: DOCS.map((t, k) => contribution(3, k + 1, [ALICE, BOB, CAROL, DAVE][k], { text: t })),
    log: log(records),
    ...overrides,
  };
  return model;
}

const items = (...pairs: [bigint, number][]) =>
  pairs.map(([contributionId, relevance]) => ({ contributionId, relevance }));

// ------------------------------------------------------------------------------------------------ vectors

interface Definition {
  name: string;
  description: string;
  covers: string[];
  input: VectorInput;
}

function epoch(models: VectorModel[], previous: Record<string, string> = {}, e = "3"): VectorInput {
  return { epoch: e, fallbackAccount: TREASURY, previous, models };
}

export function definitions(): Definition[] {
  const emails = emailTraining();
  const malformed = [...emails];
  malformed[3] = { ...malformed[3], content: '{"text": "unterminated' };
  const duplicateSpeech = [
    ...SPEECH.map((t, k) => contribution(2, k + 1, [ALICE, BOB, CAROL][k], { text: t })),
    // Dave resubmits carol's text with other case and punctuation: the same tokens, so an exact duplicate.
    contribution(2, 4, DAVE, { text: SPEECH[2].toUpperCase().replace(/,/g, " ;") }),
  ];
  const spanRecords = [
    record(
      0,
      "Tell me about rights",
      "Governments are instituted among Men, deriving their just powers from the consent of the governed",
      "d",
    ),
  ];
  // The same request served twice: both records count.
  spanRecords.push({ ...spanRecords[0] });
  return [
    {
      name: "influence-text",
      description:
        "Influence method on text: ten labelled e-mails (hashed word sets, 64 buckets, l2 0.05), four labelled " +
        "queries; only positive totals earn, the pool splits by largest remainder.",
      covers: ["5.1", "5.2", "6.1", "7", "8", "10", "11"],
      input: epoch([influenceText("1", "1000000000000000007")]),
    },
    {
      name: "influence-features",
      description: "Influence method on numeric features (three features), feature-array inputs in the log.",
      covers: ["5.1", "6.1", "7", "8"],
      input: epoch([
        {
          modelId: "4",
          pool: "999",
          trainedOn: [{ datanetId: "4", version: 2 }],
          card: card("influence"),
          training: [
            contribution(4, 1, ALICE, { features: [1, 0.5, 0], label: 1 }),
            contribution(4, 2, BOB, { features: [0.9, 0.2, 0.1], label: 1 }),
            contribution(4, 3, CAROL, { features: [0, 0.4, 1], label: 0 }),
            contribution(4, 4, DAVE, { features: [0.1, 0.9, 0.8], label: 0 }),
            contribution(4, 5, ALICE, { features: [0.7, 0.1, 0.3], label: 1 }),
            contribution(4, 6, BOB, { features: [0.2, 0.3, 0.9], label: 0 }),
          ],
          log: log([
            record(0, "[0.8,0.3,0.1]", "1", "f"),
            record(1, "[0.1,0.5,0.9]", "0", "f"),
            record(2, "[0.5,0.5,0.5]", "1", "f"),
            // Not a feature array of the model's length, and not a label: both skipped.
            record(3, "[1,2]", "1", "f"),
            record(4, "[0.5,0.5,0.5]", "maybe", "f"),
          ]),
        },
      ]),
    },
    {
      name: "influence-malformed-contribution",
      description:
        "A contribution whose bytes are not valid JSON is excluded (content-refused); the others are scored as if " +
        "it did not exist. A contribution without a label is excluded (no-label).",
      covers: ["4.2", "6.1", "9"],
      input: epoch([
        influenceText("1", "5000", {
          training: [...malformed, contribution(1, 11, DAVE, { text: "No label on this one" })],
        }),
      ]),
    },
    {
      name: "influence-single-class",
      description: "Every usable training label is 0: no finite optimum, the pool goes to the fallback account.",
      covers: ["6.1", "9"],
      input: epoch([
        influenceText("1", "777", {
          training: HAM.map((t, k) => contribution(1, k + 1, [ALICE, BOB][k % 2], { text: t, label: 0 })),
        }),
      ]),
    },
    {
      name: "spans-basic",
      description:
        "Span method: two outputs copy passages of carol's and bob's/alice's texts; credit len/df split over the " +
        "documents holding each maximal span, each output normalized to 1.",
      covers: ["5.3", "6.2", "7", "8"],
      input: epoch([spanModel("2", "333000000000000000001")]),
    },
    {
      name: "spans-duplicates",
      description:
        "An exact duplicate (same tokens, other case and punctuation) submitted later earns nothing: the earliest " +
        "copy is credited; a log that repeats a record counts it twice.",
      covers: ["6.2", "9", "4.3"],
      input: epoch([spanModel("2", "1000", { training: duplicateSpeech, log: log(spanRecords) })]),
    },
    {
      name: "spans-no-match",
      description: "No output shares a span of the minimum length with the corpus: the pool goes to the fallback.",
      covers: ["6.2", "9"],
      input: epoch([
        spanModel("2", "4242", {
          log: log([record(0, "hi", "Nothing in this output appears in the founding texts at all", "n")]),
        }),
      ]),
    },
    {
      name: "retrieval-basic",
      description:
        "Retrieval method: each record's credit (1) split by relevance over the contributions it retrieved; a " +
        "record without `retrieved` and one whose relevances are all 0 are skipped.",
      covers: ["4.3", "6.3", "7", "8"],
      input: epoch([
        retrievalModel("3", "1000000", [
          record(
            0,
            "how do I return an item",
            "Within thirty days, with a receipt.",
            "r",
            items([cid(3, 1), 0.75], [cid(3, 4), 0.25]),
          ),
          record(
            1,
            "how long is shipping",
            "Three to five business days.",
            "r",
            items([cid(3, 2), 0.5], [cid(3, 3), 0.5]),
          ),
          record(2, "hello", "Hello! How can I help?", "r"),
          record(3, "nothing relevant", "Sorry, I do not know.", "r", items([cid(3, 3), 0])),
        ]),
      ]),
    },
    {
      name: "retrieval-outside-training",
      description:
        "A record citing a contribution of another Datanet (not in the model's training versions) is excluded and " +
        "listed; the other records are credited as usual.",
      covers: ["6.3", "9"],
      input: epoch([
        retrievalModel("3", "90", [
          record(0, "refund?", "Thirty days.", "r", items([cid(3, 1), 2], [cid(3, 2), 1])),
          record(1, "exchange?", "No cash for gift cards.", "r", items([cid(3, 4), 1], [cid(9, 1), 5])),
        ]),
      ]),
    },
    {
      name: "retrieval-duplicate-and-refused",
      description:
        "The model trains on two Datanets; a later contribution of Datanet 5 has the same bytes as one of Datanet " +
        "3 (its credit goes to the earliest copy), and a contribution with malformed bytes is dropped from the " +
        "records that cite it (the rest of the record keeps its credit).",
      covers: ["6.3", "9"],
      input: epoch([
        retrievalModel(
          "3",
          "1001",
          [
            record(0, "refund?", "Thirty days.", "r", items([cid(5, 1), 1], [cid(3, 2), 1])),
            record(1, "support?", "Nine to five.", "r", items([cid(3, 3), 3], [cid(5, 2), 1])),
          ],
          {
            trainedOn: [
              { datanetId: "3", version: 1 },
              { datanetId: "5", version: 1 },
            ],
            training: [
              ...DOCS.map((t, k) => contribution(3, k + 1, [ALICE, BOB, CAROL, DAVE][k], { text: t })),
              contribution(5, 1, DAVE, { text: DOCS[0] }),
              { contributionId: cid(5, 2).toString(), contributor: BOB, content: "not json" },
            ],
          },
        ),
      ]),
    },
    {
      name: "ties-and-remainders",
      description:
        "Pools that do not divide evenly: three equal scores over a pool of 10 (the unit left goes to the lowest " +
        "address), two equal scores over 5 between addresses whose checksummed spellings sort the other way round " +
        "(the numerically lower address wins), and scores 0.5/0.3/0.2 over a pool of 7 (the unit goes to the " +
        "largest remainder).",
      covers: ["8"],
      input: epoch([
        retrievalModel("3", "10", [
          record(0, "all three", "Everything.", "r", items([cid(3, 1), 1], [cid(3, 2), 1], [cid(3, 3), 1])),
        ]),
        retrievalModel("8", "5", [record(0, "tie", "Either.", "r", items([cid(3, 1), 1], [cid(3, 2), 1]))], {
          training: [contribution(3, 1, FRANK, { text: DOCS[0] }), contribution(3, 2, ERIN, { text: DOCS[1] })],
        }),
        retrievalModel("6", "7", [
          record(0, "weighted", "Mostly refunds.", "r", items([cid(3, 1), 0.5], [cid(3, 2), 0.3], [cid(3, 3), 0.2])),
        ]),
      ]),
    },
    {
      name: "missing-log",
      description:
        "A model paid in the epoch whose operator committed no log: its whole pool goes to the fallback account " +
        "(log-missing); another model is attributed as usual.",
      covers: ["9", "10"],
      input: epoch([influenceText("1", "1000", { log: null }), spanModel("2", "2000")]),
    },
    {
      name: "refused-inputs",
      description:
        "A malformed model card (card-refused), a training version that failed the chain checks " +
        "(training-refused), a log that does not rebuild its committed root (log-refused) and a malformed log " +
        "(log-refused): each pool goes to the fallback account.",
      covers: ["4.2", "4.3", "9"],
      input: epoch([
        influenceText("1", "11", { card: '{"name": "x", "attribution": {"method": "magic"}}' }),
        influenceText("2", "22", { training: { refused: true } }),
        influenceText("3", "33", {
          log: { ...(emailLog() as NonNullable<VectorModel["log"]>), root: keccakId("other") },
        }),
        influenceText("4", "44", { log: { uri: "local://bad", root: keccakId("x"), content: "not a log\n" } }),
      ]),
    },
    {
      name: "empty-epoch",
      description: "No model was paid: no leaves, zero roots, total 0.",
      covers: ["9", "10", "11"],
      input: epoch([]),
    },
    {
      name: "empty-epoch-with-history",
      description:
        "No model was paid, but accounts earned in earlier epochs: the tree carries the previous cumulative " +
        "amounts unchanged; the attribution root is zero. A model with a zero pool is ignored.",
      covers: ["9", "10", "11"],
      input: epoch([influenceText("1", "0")], { [ALICE]: "500", [TREASURY]: "7" }),
    },
    {
      name: "cumulative-three-methods",
      description:
        "One epoch with an influence, a span and a retrieval model whose contributors overlap, added to earlier " +
        "cumulative amounts (given in lowercase: accounts are normalized).",
      covers: ["7", "8", "10", "11", "12"],
      input: epoch(
        [
          influenceText("1", "1000000000000000000"),
          spanModel("2", "2000000000000000000"),
          retrievalModel("3", "3000000000000000000", [
            record(0, "refund?", "Thirty days.", "r", items([cid(3, 1), 0.9], [cid(3, 3), 0.1])),
          ]),
        ],
        { [BOB.toLowerCase()]: "123456789", [DAVE]: "1" },
        "7",
      ),
    },
  ];
}

/** Every file of spec/vectors/, by name, as bytes. */
export function buildVectors(): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const index: { name: string; description: string; vectorKeccak256: string; dataKeccak256: string }[] = [];
  for (const d of definitions()) {
    const result = computeEpoch(vectorEpochInput(d.input));
    const dataFile = `${d.name}.data.json`;
    const vector: Vector = {
      spec: SPEC_VERSION,
      name: d.name,
      description: d.description,
      covers: d.covers,
      input: d.input,
      expected: {
        cumulativeRewardsRoot: result.cumulativeRewardsRoot.toLowerCase(),
        cumulativeTotal: result.cumulativeTotal.toString(),
        attributionRoot: result.attributionRoot.toLowerCase(),
        data: dataFile,
        dataKeccak256: keccak256(result.data),
      },
    };
    const bytes = canonicalBytes(vector as never);
    files.set(`${d.name}.json`, bytes);
    files.set(dataFile, result.data);
    index.push({
      name: d.name,
      description: d.description,
      vectorKeccak256: keccak256(bytes),
      dataKeccak256: keccak256(result.data),
    });
  }
  files.set("index.json", canonicalBytes({ spec: SPEC_VERSION, vectors: index }));
  return files;
}

function main(): void {
  const check = process.argv.includes("--check");
  const files = buildVectors();
  if (check) {
    const present = readdirSync(VECTORS_DIRECTORY).filter((f) => f.endsWith(".json"));
    const differing = [...files].filter(([name, bytes]) => {
      try {
        return !Buffer.from(readFileSync(path.join(VECTORS_DIRECTORY, name))).equals(Buffer.from(bytes));
      } catch {
        return true;
      }
    });
    const extra = present.filter((f) => !files.has(f));
    if (differing.length > 0 || extra.length > 0) {
      console.error(
        `error: spec/vectors is out of date (${[...differing.map(([n]) => n), ...extra].join(", ")}): ` +
          "run node --import tsx scripts/spec/vectors.ts",
      );
      process.exitCode = 1;
      return;
    }
    console.log(`spec/vectors: ${files.size - 1} files up to date`);
    return;
  }
  rmSync(VECTORS_DIRECTORY, { recursive: true, force: true });
  mkdirSync(VECTORS_DIRECTORY, { recursive: true });
  for (const [name, bytes] of files) writeFileSync(path.join(VECTORS_DIRECTORY, name), bytes);
  console.log(`wrote ${(files.size - 1) / 2} vectors to ${VECTORS_DIRECTORY}`);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
