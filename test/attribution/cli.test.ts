import { expect } from "chai";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = process.cwd();
const NODE = join(ROOT, "node_modules/.bin/node");
const CLI = join(ROOT, "src/attribution/cli.ts");
const FIX = join(ROOT, "test/attribution/fixtures");

// Pinned digests of OUT.json for the committed fixtures: any change to the engine's numbers or format shows here.
const INFLUENCE_SHA256 = "7db18cb2603c2864f85f4c10e2b0ecd984e986adaa9e073b5c23f6dd52ae9cd2";
const SPANS_SHA256 = "8caa3245dab17189e6677b3fa10a9c76ad0e620a63c39720e975cb3839b0d98a";

interface Run {
  code: number | null;
  stderr: string;
}

function run(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, ["--import", "tsx", CLI, ...args], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

const sha256 = (path: string): string => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("attribution: CLI", function () {
  this.timeout(60_000);
  let dir: string;

  before(function () {
    dir = mkdtempSync(join(tmpdir(), "attribution-cli-"));
  });

  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  function influenceArgs(out: string): string[] {
    return ["influence", "--train", join(FIX, "train.jsonl"), "--query", join(FIX, "query.jsonl"), "--out", out];
  }

  function spansArgs(out: string): string[] {
    return ["spans", "--corpus", join(FIX, "corpus.jsonl"), "--outputs", join(FIX, "outputs.jsonl"), "--out", out];
  }

  it("writes byte-identical, pinned OUT.json files for both methods", async function () {
    const outs = ["i1.json", "i2.json", "s1.json", "s2.json"].map((f) => join(dir, f));
    const runs = await Promise.all([
      run([...influenceArgs(outs[0]), "--buckets", "64"]),
      run([...influenceArgs(outs[1]), "--buckets", "64"]),
      run(spansArgs(outs[2])),
      run(spansArgs(outs[3])),
    ]);
    for (const r of runs) expect(r.code, r.stderr).to.equal(0);
    expect(readFileSync(outs[0]).equals(readFileSync(outs[1]))).to.equal(true);
    expect(readFileSync(outs[2]).equals(readFileSync(outs[3]))).to.equal(true);

    const inf = JSON.parse(readFileSync(outs[0], "utf8"));
    expect(inf.method).to.equal("influence");
    expect(inf.queries.map((q: { id: string }) => q.id)).to.deep.equal(["q1", "q2", "q3"]);
    for (const q of inf.queries) expect(Object.keys(q.influence)).to.have.length(10);
    const spans = JSON.parse(readFileSync(outs[2], "utf8"));
    expect(spans.method).to.equal("spans");
    expect(spans.outputs[0].credit).to.deep.equal({ d2: 1 });
    expect(spans.outputs[2]).to.deep.equal({ id: "o3", spans: [], credit: {} });
    expect(spans.duplicates).to.deep.equal({ d4: "d2" });

    expect(sha256(outs[0])).to.equal(INFLUENCE_SHA256);
    expect(sha256(outs[2])).to.equal(SPANS_SHA256);
  });

  const train = (lines: string[]): string => lines.join("\n") + "\n";
  const good = [
    '{"id":"a","contributor":"x","label":1,"features":[1,0]}',
    '{"id":"b","contributor":"y","label":0,"features":[0,1]}',
  ];
  const query = '{"id":"q","label":1,"features":[1,1]}\n';

  const cases: { name: string; files: Record<string, string>; args: (d: string) => string[]; error: RegExp }[] = [
    {
      name: "malformed JSON line",
      files: { "train.jsonl": train([...good, "{nope"]), "query.jsonl": query },
      args: (d) => ["influence", "--train", `${d}/train.jsonl`, "--query", `${d}/query.jsonl`, "--out", `${d}/o.json`],
      error: /^error: .*train\.jsonl:3: malformed JSON$/,
    },
    {
      name: "missing field",
      files: { "train.jsonl": train([...good, '{"id":"c","label":1,"features":[1,1]}']), "query.jsonl": query },
      args: (d) => ["influence", "--train", `${d}/train.jsonl`, "--query", `${d}/query.jsonl`, "--out", `${d}/o.json`],
      error: /^error: .*train\.jsonl:3: missing field "contributor"$/,
    },
    {
      name: "label outside {0,1}",
      files: {
        "train.jsonl": train([good[0], "", good[1], '{"id":"c","contributor":"x","label":2,"features":[1,1]}']),
        "query.jsonl": query,
      },
      args: (d) => ["influence", "--train", `${d}/train.jsonl`, "--query", `${d}/query.jsonl`, "--out", `${d}/o.json`],
      error: /^error: .*train\.jsonl:4: label must be 0 or 1$/,
    },
    {
      name: "mismatched feature lengths",
      files: {
        "train.jsonl": train([...good, '{"id":"c","contributor":"x","label":1,"features":[1]}']),
        "query.jsonl": query,
      },
      args: (d) => ["influence", "--train", `${d}/train.jsonl`, "--query", `${d}/query.jsonl`, "--out", `${d}/o.json`],
      error: /^error: .*train\.jsonl:3: features has length 1, expected 2 \(as on line 1\)$/,
    },
    {
      name: "query features not matching training",
      files: { "train.jsonl": train(good), "query.jsonl": '{"id":"q","label":0,"features":[1,1,1]}\n' },
      args: (d) => ["influence", "--train", `${d}/train.jsonl`, "--query", `${d}/query.jsonl`, "--out", `${d}/o.json`],
      error: /^error: .*query\.jsonl:1: features has length 3, expected 2/,
    },
    {
      name: "unknown flag",
      files: { "train.jsonl": train(good), "query.jsonl": query },
      args: (d) => [
        "influence",
        "--train",
        `${d}/train.jsonl`,
        "--query",
        `${d}/query.jsonl`,
        "--out",
        `${d}/o.json`,
        "--lr",
        "1",
      ],
      error: /^error: unknown flag "--lr" for influence$/,
    },
    {
      name: "corpus line without text",
      files: {
        "corpus.jsonl": '{"id":"d","contributor":"x","text":"a b"}\n{"id":"e","contributor":"y"}\n',
        "outputs.jsonl": '{"id":"o","text":"a b"}\n',
      },
      args: (d) => [
        "spans",
        "--corpus",
        `${d}/corpus.jsonl`,
        "--outputs",
        `${d}/outputs.jsonl`,
        "--out",
        `${d}/o.json`,
      ],
      error: /^error: .*corpus\.jsonl:2: missing field "text"$/,
    },
    {
      name: "duplicate output id",
      files: {
        "corpus.jsonl": '{"id":"d","contributor":"x","text":"a b"}\n',
        "outputs.jsonl": '{"id":"o","text":"a"}\n{"id":"o","text":"b"}\n',
      },
      args: (d) => [
        "spans",
        "--corpus",
        `${d}/corpus.jsonl`,
        "--outputs",
        `${d}/outputs.jsonl`,
        "--out",
        `${d}/o.json`,
      ],
      error: /^error: .*outputs\.jsonl:2: duplicate id "o" \(first on line 1\)$/,
    },
    {
      name: "missing input file",
      files: { "outputs.jsonl": '{"id":"o","text":"a"}\n' },
      args: (d) => [
        "spans",
        "--corpus",
        `${d}/absent.jsonl`,
        "--outputs",
        `${d}/outputs.jsonl`,
        "--out",
        `${d}/o.json`,
      ],
      error: /^error: .*absent\.jsonl:0: cannot read file \(ENOENT\)$/,
    },
  ];

  it("rejects bad input with one line naming file:line and the problem, and writes no output", async function () {
    const prepared = cases.map((c, k) => {
      const d = mkdtempSync(join(dir, `case-${k}-`));
      for (const [name, text] of Object.entries(c.files)) writeFileSync(join(d, name), text);
      return d;
    });
    const results: Run[] = [];
    // Two at a time: the machine has two cores and each run starts its own Node.
    for (let k = 0; k < cases.length; k += 2) {
      results.push(...(await Promise.all(cases.slice(k, k + 2).map((c, j) => run(c.args(prepared[k + j]))))));
    }
    cases.forEach((c, k) => {
      const r = results[k];
      expect(r.code, c.name).to.not.equal(0);
      const lines = r.stderr.split("\n").filter((l) => l !== "");
      expect(lines, c.name).to.have.length(1);
      expect(lines[0], c.name).to.match(c.error);
      expect(existsSync(join(prepared[k], "o.json")), c.name).to.equal(false);
      expect(
        readdirSync(prepared[k]).filter((f) => f.endsWith(".tmp")),
        c.name,
      ).to.deep.equal([]);
    });
  });
});
