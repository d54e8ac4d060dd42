/**
 * Command line entry point (see docs/attribution-cli.md):
 *   influence --train TRAIN.jsonl --query QUERY.jsonl --out OUT.json [--l2 LAMBDA] [--buckets N] [--pool AMOUNT]
 *   spans --corpus CORPUS.jsonl --outputs OUTPUTS.jsonl --out OUT.json [--min-len N] [--pool AMOUNT]
 * Any problem: one line "error: ..." on stderr, exit code 1, no output file. Progress goes to stderr.
 */
import { readLabelled, readTexts } from "./input.js";
import { writeJsonAtomic } from "./json.js";
import { influenceReport, spansReport } from "./report.js";

class UsageError extends Error {}

const FLAGS: Record<string, { required: string[]; optional: string[] }> = {
  influence: { required: ["--train", "--query", "--out"], optional: ["--l2", "--buckets", "--pool"] },
  spans: { required: ["--corpus", "--outputs", "--out"], optional: ["--min-len", "--pool"] },
};

const USAGE =
  "usage: attribution influence --train TRAIN.jsonl --query QUERY.jsonl --out OUT.json [--l2 LAMBDA] " +
  "| attribution spans --corpus CORPUS.jsonl --outputs OUTPUTS.jsonl --out OUT.json [--min-len N]";

function parseArgs(argv: string[]): { command: string; flags: Map<string, string> } {
  const command = argv[0];
  if (command === undefined) throw new UsageError(`missing command; ${USAGE}`);
  const spec = FLAGS[command];
  if (spec === undefined) throw new UsageError(`unknown command "${command}"; ${USAGE}`);
  const flags = new Map<string, string>();
  for (let k = 1; k < argv.length; k++) {
    const a = argv[k];
    let name = a;
    let value: string | undefined;
    const eq = a.indexOf("=");
    if (a.startsWith("--") && eq > 0) {
      name = a.slice(0, eq);
      value = a.slice(eq + 1);
    }
    if (!spec.required.includes(name) && !spec.optional.includes(name)) {
      throw new UsageError(`unknown flag "${a}" for ${command}`);
    }
    if (value === undefined) {
      value = argv[++k];
      if (value === undefined) throw new UsageError(`flag ${name} needs a value`);
    }
    if (flags.has(name)) throw new UsageError(`flag ${name} given twice`);
    flags.set(name, value);
  }
  for (const r of spec.required) if (!flags.has(r)) throw new UsageError(`missing ${r}`);
  return { command, flags };
}

function positiveNumber(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === "" || !Number.isFinite(x) || x <= 0) throw new UsageError(`${flag} must be a positive number`);
  return x;
}

function positiveInt(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^[1-9][0-9]{0,8}$/.test(v)) throw new UsageError(`${flag} must be a positive integer`);
  return Number(v);
}

function pool(v: string | undefined): bigint | undefined {
  if (v === undefined) return undefined;
  if (!/^(0|[1-9][0-9]*)$/.test(v)) throw new UsageError("--pool must be a non-negative integer (token base units)");
  return BigInt(v);
}

function progress(message: string): void {
  process.stderr.write(`[attribution] ${message}\n`);
}

export function main(argv: string[]): number {
  try {
    const { command, flags } = parseArgs(argv);
    const out = flags.get("--out") as string;
    if (command === "influence") {
      const lambda = positiveNumber("--l2", flags.get("--l2"));
      const buckets = positiveInt("--buckets", flags.get("--buckets"));
      const amount = pool(flags.get("--pool"));
      const trainFile = flags.get("--train") as string;
      const queryFile = flags.get("--query") as string;
      const train = readLabelled(trainFile, true);
      const query = readLabelled(queryFile, false, train, trainFile);
      const doc = influenceReport(train, query, { lambda, buckets, pool: amount, trainFile, onProgress: progress });
      writeJsonAtomic(out, doc);
    } else {
      const minLength = positiveInt("--min-len", flags.get("--min-len"));
      const amount = pool(flags.get("--pool"));
      const corpus = readTexts(flags.get("--corpus") as string, true);
      const outputs = readTexts(flags.get("--outputs") as string, false);
      writeJsonAtomic(out, spansReport(corpus, outputs, { minLength, pool: amount, onProgress: progress }));
    }
    progress(`wrote ${out}`);
    return 0;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`error: ${msg.replace(/\s*\n\s*/g, " ")}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
