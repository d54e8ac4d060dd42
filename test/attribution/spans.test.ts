import { expect } from "chai";

import { expectClose } from "./close.js";

import {
  attributeSpans,
  buildSpanIndex,
  tokenize,
  type CorpusDoc,
  type OutputText,
  type SpanIndex,
} from "../../src/attribution/index.js";
import { loadEmails, loadSpeeches, prng } from "./data.js";

interface Planted {
  output: OutputText;
  source: number;
  /** The copied passage, as normalized tokens joined by spaces. */
  passage: string;
}

const norm = (text: string): string => ` ${tokenize(text).words.join(" ")} `;

describe("attribution: spans (State of the Union addresses)", function () {
  this.timeout(60_000);

  let corpus: CorpusDoc[];
  let index: SpanIndex;
  let fillers: string[];
  let normDocs: string[];

  before(function () {
    corpus = loadSpeeches().map((s, k) => ({ id: `sotu-${k}`, contributor: s.name, text: s.text }));
    index = buildSpanIndex(corpus);
    normDocs = corpus.map((d) => norm(d.text));
    fillers = loadEmails("easy-ham-2", 400, 3).map((e) => e.body.slice(0, 700));
  });

  function plant(count: number, seed: number): Planted[] {
    const rnd = prng(seed);
    const out: Planted[] = [];
    for (let k = 0; k < count; k++) {
      const source = Math.floor(rnd() * corpus.length);
      const tk = tokenize(corpus[source].text);
      const len = 30 + Math.floor(rnd() * 50);
      const at = Math.floor(rnd() * (tk.words.length - len));
      const copied = corpus[source].text.slice(tk.starts[at], tk.ends[at + len - 1]);
      const before = fillers[(2 * k) % fillers.length];
      const after = fillers[(2 * k + 1) % fillers.length];
      out.push({
        output: { id: `out-${k}`, text: `${before}\n${copied}\n${after}` },
        source,
        passage: tk.words.slice(at, at + len).join(" "),
      });
    }
    return out;
  }

  it("finds copied passages: document recall >= 0.99 and >= 95% of credit on the right documents", function () {
    const planted = plant(200, 7);
    const t0 = performance.now();
    const results = attributeSpans(
      index,
      planted.map((p) => p.output),
    );
    const ms = performance.now() - t0;
    let found = 0;
    let rightCredit = 0;
    planted.forEach((p, k) => {
      const credit = results[k].credit;
      if ((credit.get(index.canonical[p.source]) ?? 0) > 0) found++;
      // Right documents: every indexed document that really contains the passage.
      for (const [d, c] of credit) if (normDocs[d].includes(` ${p.passage} `)) rightCredit += c;
      let sum = 0;
      for (const c of credit.values()) sum += c;
      expectClose(sum, 1, 1e-12);
    });
    const recall = found / planted.length;
    const share = rightCredit / planted.length;
    console.log(
      `      ${index.tokenCount} corpus tokens; recall ${recall.toFixed(4)}, credit on right docs ${share.toFixed(4)}, ` +
        `${(ms / planted.length).toFixed(2)} ms per output`,
    );
    expect(recall).to.be.at.least(0.99);
    expect(share).to.be.at.least(0.95);
  });

  it("reports the copied passage as a span with the right character offsets", function () {
    const [p] = plant(1, 11);
    const [r] = attributeSpans(index, [p.output]);
    const best = r.spans.reduce((a, b) => (b.tokens > a.tokens ? b : a));
    expect(norm(p.output.text.slice(best.start, best.end))).to.equal(` ${p.passage} `);
    expect(best.docs).to.include(index.canonical[p.source]);
  });

  it("gives (almost) no credit to text with no copied passage", function () {
    const outputs = fillers.slice(0, 300).map((text, k) => ({ id: `plain-${k}`, text }));
    const results = attributeSpans(index, outputs);
    const credited = results.filter((r) => r.credit.size > 0).length;
    console.log(`      unrelated outputs with any credit: ${credited}/${outputs.length}`);
    for (const r of results) if (r.spans.length === 0) expect(r.credit.size).to.equal(0);
    expect(credited / outputs.length).to.be.at.most(0.02);
  });

  it("credits only the earliest of exact duplicates", function () {
    const k = 150;
    const copy = { id: "late-copy", contributor: "copycat", text: corpus[k].text.toUpperCase() + " !!" };
    const withDup = buildSpanIndex([...corpus.slice(0, 160), copy]);
    expect(withDup.canonical[160]).to.equal(k);
    const tk = tokenize(corpus[k].text);
    const text = `${fillers[0]} ${corpus[k].text.slice(tk.starts[500], tk.ends[560])} ${fillers[1]}`;
    const [r] = attributeSpans(withDup, [{ id: "o", text }]);
    expect(r.credit.get(k)).to.be.greaterThan(0.95);
    expect(r.credit.has(160)).to.equal(false);
    for (const s of r.spans) expect(s.docs).to.not.include(160);
  });

  it("splits a span held by several documents and weights by rarity", function () {
    const docs: CorpusDoc[] = [
      { id: "a", contributor: "x", text: "alpha beta gamma delta epsilon zeta eta theta iota kappa" },
      { id: "b", contributor: "y", text: "one two three four five six seven eight nine ten" },
      { id: "c", contributor: "z", text: "words then one two three four five six seven eight nine ten" },
    ];
    const idx = buildSpanIndex(docs);
    const out = "alpha beta gamma delta epsilon zeta eta theta iota kappa / one two three four five six seven eight";
    const [r] = attributeSpans(idx, [{ id: "o", text: out }]);
    expect(r.spans.map((s) => [s.tokens, s.docs])).to.deep.equal([
      [10, [0]],
      [8, [1, 2]],
    ]);
    // weights: 10/1 for "a"; 8/2 split over b and c -> 2 each; total 14.
    expectClose(r.credit.get(0), 10 / 14, 1e-15);
    expectClose(r.credit.get(1), 2 / 14, 1e-15);
    expectClose(r.credit.get(2), 2 / 14, 1e-15);
    const [none] = attributeSpans(idx, [{ id: "n", text: "one two three four five six seven" }]);
    expect(none.spans).to.deep.equal([]);
    expect(none.credit.size).to.equal(0);
  });
});
