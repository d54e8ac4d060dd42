/**
 * JSONL input parsing with strict validation. Every problem becomes an InputError whose message names the file and
 * the 1-based line ("train.jsonl:7: label must be 0 or 1"); line 0 stands for the file as a whole.
 */
import { readFileSync } from "node:fs";

export class InputError extends Error {
  constructor(file: string, line: number, problem: string) {
    super(`${file}:${line}: ${problem}`);
    this.name = "InputError";
  }
}

interface Line {
  line: number;
  rec: Record<string, unknown>;
}

function readJsonl(file: string): Line[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(file, 0, `cannot read file (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  const lines = text.split("\n");
  const out: Line[] = [];
  for (let k = 0; k < lines.length; k++) {
    const raw = lines[k].trim();
    if (raw === "") continue;
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch {
      throw new InputError(file, k + 1, "malformed JSON");
    }
    if (v === null || typeof v !== "object" || Array.isArray(v)) {
      throw new InputError(file, k + 1, "expected a JSON object");
    }
    out.push({ line: k + 1, rec: v as Record<string, unknown> });
  }
  if (out.length === 0) throw new InputError(file, 1, "no records (file is empty)");
  return out;
}

function str(file: string, l: Line, field: string): string {
  const v = l.rec[field];
  if (v === undefined) throw new InputError(file, l.line, `missing field "${field}"`);
  if (typeof v !== "string") throw new InputError(file, l.line, `"${field}" must be a string`);
  return v;
}

function nonEmptyId(file: string, l: Line, seen: Map<string, number>): string {
  const id = str(file, l, "id");
  if (id === "") throw new InputError(file, l.line, `"id" must not be empty`);
  const first = seen.get(id);
  if (first !== undefined)
    throw new InputError(file, l.line, `duplicate id ${JSON.stringify(id)} (first on line ${first})`);
  seen.set(id, l.line);
  return id;
}

export interface LabelledRecord {
  id: string;
  /** Absent for queries. */
  contributor?: string;
  label: 0 | 1;
  features?: number[];
  text?: string;
}

export interface LabelledFile {
  records: LabelledRecord[];
  kind: "features" | "text";
  /** Feature length when kind is "features". */
  dim: number;
}

/**
 * Influence inputs: training file (with contributor) or query file (without). `like` is the training file, whose
 * kind and feature length the queries must match.
 */
export function readLabelled(
  file: string,
  withContributor: boolean,
  like?: LabelledFile,
  likeName?: string,
): LabelledFile {
  const seen = new Map<string, number>();
  let kind: "features" | "text" | undefined = like?.kind;
  let dim = like?.dim ?? -1;
  let dimLine = 0;
  const records = readJsonl(file).map((l): LabelledRecord => {
    const id = nonEmptyId(file, l, seen);
    const rec: LabelledRecord = { id, label: 0 };
    if (withContributor) {
      rec.contributor = str(file, l, "contributor");
      if (rec.contributor === "") throw new InputError(file, l.line, `"contributor" must not be empty`);
    }
    const label = l.rec.label;
    if (label === undefined) throw new InputError(file, l.line, `missing field "label"`);
    if (label !== 0 && label !== 1) throw new InputError(file, l.line, "label must be 0 or 1");
    rec.label = label;
    const hasF = l.rec.features !== undefined;
    const hasT = l.rec.text !== undefined;
    if (hasF === hasT) throw new InputError(file, l.line, `needs exactly one of "features" or "text"`);
    const thisKind = hasF ? "features" : "text";
    if (kind !== undefined && kind !== thisKind) {
      const where = like ? `the ${likeName ?? "training file"} uses "${kind}"` : `earlier lines use "${kind}"`;
      throw new InputError(file, l.line, `has "${thisKind}" but ${where}`);
    }
    kind = thisKind;
    if (hasT) {
      rec.text = str(file, l, "text");
      return rec;
    }
    const f = l.rec.features;
    if (!Array.isArray(f)) throw new InputError(file, l.line, `"features" must be an array of numbers`);
    for (let j = 0; j < f.length; j++) {
      if (typeof f[j] !== "number" || !Number.isFinite(f[j])) {
        throw new InputError(file, l.line, `features[${j}] is not a finite number`);
      }
    }
    if (dim < 0) {
      dim = f.length;
      dimLine = l.line;
      if (dim === 0) throw new InputError(file, l.line, `"features" must not be empty`);
    } else if (f.length !== dim) {
      const ref = like ? `as in ${likeName ?? "the training file"}` : `as on line ${dimLine}`;
      throw new InputError(file, l.line, `features has length ${f.length}, expected ${dim} (${ref})`);
    }
    rec.features = f as number[];
    return rec;
  });
  return { records, kind: kind as "features" | "text", dim: kind === "features" ? dim : 0 };
}

export interface TextRecord {
  id: string;
  contributor?: string;
  text: string;
}

/** Span inputs: corpus (with contributor) or outputs (without). */
export function readTexts(file: string, withContributor: boolean): TextRecord[] {
  const seen = new Map<string, number>();
  return readJsonl(file).map((l) => {
    const id = nonEmptyId(file, l, seen);
    const text = str(file, l, "text");
    if (!withContributor) return { id, text };
    const contributor = str(file, l, "contributor");
    if (contributor === "") throw new InputError(file, l.line, `"contributor" must not be empty`);
    return { id, contributor, text };
  });
}
