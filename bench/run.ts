/**
 * `npm run bench [-- --check] [-- --only key,key]`: measures every figure in bench/figures.ts, writes
 * bench/results.json and bench/RESULTS.md, and prints the table. With --check it exits 1 when any figure misses its
 * target or could not be measured.
 */
import { writeFile, rename } from "node:fs/promises";
import os from "node:os";

import { FIGURES, type Figure } from "./figures.js";
import { MEASURES } from "./measures.js";

interface Outcome {
  figure: Figure;
  value: number | undefined;
  note?: string;
}

const args = process.argv.slice(2);
const check = args.includes("--check");
const onlyIndex = args.indexOf("--only");
const only = onlyIndex >= 0 ? new Set((args[onlyIndex + 1] ?? "").split(",")) : undefined;

const outcomes: Outcome[] = [];
for (const figure of FIGURES) {
  if (only !== undefined && !only.has(figure.key)) continue;
  const measure = MEASURES[figure.key];
  if (measure === undefined) {
    outcomes.push({ figure, value: undefined, note: "not measured: no measurement for this figure yet" });
    continue;
  }
  process.stderr.write(`[bench] ${figure.key} ...\n`);
  try {
    const value = await measure();
    outcomes.push({ figure, value });
    process.stderr.write(`[bench] ${figure.key} = ${value}\n`);
  } catch (error) {
    outcomes.push({ figure, value: undefined, note: `failed: ${(error as Error).message.split("\n")[0]}` });
  }
}

const met = (o: Outcome) => o.value !== undefined && (o.figure.anchorOnly === true || o.value <= o.figure.target);

const results = {
  gas: Object.fromEntries(
    outcomes
      .filter((o) => o.figure.kind === "gas")
      .map((o) => [o.figure.key, { gas: o.value ?? null, target: o.figure.target }]),
  ),
  speed: Object.fromEntries(
    outcomes
      .filter((o) => o.figure.kind === "speed")
      .map((o) => [o.figure.key, { value: o.value ?? null, unit: o.figure.unit, target: o.figure.target }]),
  ),
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
  },
};

const rows = outcomes.map((o) => {
  const value = o.value === undefined ? "—" : formatValue(o.value);
  const unit = o.figure.kind === "gas" ? "gas" : (o.figure.unit ?? "");
  const status =
    o.value === undefined ? (o.note ?? "not measured") : o.figure.anchorOnly ? "anchor" : met(o) ? "ok" : "MISSED";
  return `| \`${o.figure.key}\` | ${value} ${unit} | ${formatValue(o.figure.target)} | ${status} | ${o.figure.anchor}${
    o.figure.state ? ` (state: ${o.figure.state})` : ""
  } |`;
});
const table = [
  "| figure | measured | target | status | anchor (and state) |",
  "| --- | --- | --- | --- | --- |",
  ...rows,
].join("\n");

const markdown = `# Benchmark results

Measured by \`npm run bench\` on ${results.machine.cpus} × ${results.machine.cpuModel}, ${results.machine.memoryGiB} GiB,
Node ${results.machine.node}. Gas is whole-transaction \`gasUsed\` from receipts on Hardhat's in-process EDR chain.

${table}
`;

await atomicWrite("bench/results.json", `${JSON.stringify(results, null, 2)}\n`);
await atomicWrite("bench/RESULTS.md", markdown);
console.log(table);

const misses = outcomes.filter((o) => !met(o));
if (misses.length > 0) {
  console.log(`\n${misses.length} of ${outcomes.length} figures missed their target or were not measured:`);
  for (const o of misses)
    console.log(`  ${o.figure.key}: ${o.value === undefined ? o.note : `${o.value} > ${o.figure.target}`}`);
}
if (check && misses.length > 0) process.exitCode = 1;

function formatValue(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString("en-US") : value.toFixed(value < 10 ? 3 : 1);
}

async function atomicWrite(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}
