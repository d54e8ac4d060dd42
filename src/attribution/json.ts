/**
 * Canonical JSON output: byte-identical for identical results.
 *
 * Maps carry data-dependent keys (plain objects would reorder integer-like keys and choke on "__proto__"), numbers
 * that are not safe integers are quantized to 12 significant digits, and files are written to a temporary name and
 * renamed so that a failed run never leaves a partial or stale-looking output.
 */
import { renameSync, unlinkSync, writeFileSync } from "node:fs";

import { quantize } from "./detmath.js";

export type JsonValue = null | boolean | number | string | JsonValue[] | Map<string, JsonValue> | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export const SIGNIFICANT_DIGITS = 12;

function num(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`cannot write non-finite number ${x}`);
  if (Number.isSafeInteger(x)) return String(x === 0 ? 0 : x);
  return String(quantize(x, SIGNIFICANT_DIGITS));
}

export function stringify(v: JsonValue, indent = ""): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return num(v);
  if (typeof v === "string") return JSON.stringify(v);
  const inner = indent + "  ";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return "[\n" + v.map((e) => inner + stringify(e, inner)).join(",\n") + "\n" + indent + "]";
  }
  const entries: [string, JsonValue][] = v instanceof Map ? [...v.entries()] : Object.entries(v);
  if (entries.length === 0) return "{}";
  return (
    "{\n" +
    entries.map(([k, e]) => inner + JSON.stringify(k) + ": " + stringify(e, inner)).join(",\n") +
    "\n" +
    indent +
    "}"
  );
}

export function writeJsonAtomic(path: string, v: JsonValue): void {
  const text = stringify(v) + "\n";
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing was written
    }
    throw e;
  }
}
