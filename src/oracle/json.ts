/**
 * Canonical JSON for everything an oracle publishes or keeps: the same value always gives the same bytes, on every
 * machine and in every run, because
 * - object keys (plain objects and Maps alike) are written sorted by UTF-16 code units, never in insertion order;
 * - bigints are written as decimal strings (token amounts, ids), so no precision is lost and no reader guesses;
 * - numbers that are not safe integers are quantized to 12 significant digits (`quantize`, exactly specified by
 *   ECMAScript), and -0 is written as 0; NaN and infinities are refused;
 * - `undefined` members are left out, as JSON.stringify does.
 * Two-space indentation and a final newline make the published files readable; readability costs no determinism.
 */
import { quantize } from "../attribution/index.js";

export type CanonicalValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | undefined
  | readonly CanonicalValue[]
  | ReadonlyMap<string, CanonicalValue>
  | { readonly [key: string]: CanonicalValue };

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function number(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`cannot write the non-finite number ${x} as JSON`);
  if (Number.isSafeInteger(x)) return String(x === 0 ? 0 : x);
  return String(quantize(x, 12));
}

function write(v: CanonicalValue, indent: string): string | undefined {
  if (v === undefined) return undefined;
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return number(v);
  if (typeof v === "bigint") return JSON.stringify(v.toString());
  if (typeof v === "string") return JSON.stringify(v);
  const inner = indent + "  ";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    const items = (v as readonly CanonicalValue[]).map((e) => inner + (write(e, inner) ?? "null"));
    return "[\n" + items.join(",\n") + "\n" + indent + "]";
  }
  const entries: [string, CanonicalValue][] =
    v instanceof Map ? [...(v as ReadonlyMap<string, CanonicalValue>)] : Object.entries(v);
  entries.sort((a, b) => compareKeys(a[0], b[0]));
  const parts: string[] = [];
  for (let k = 0; k < entries.length; k++) {
    if (k > 0 && entries[k][0] === entries[k - 1][0]) throw new Error(`duplicate JSON key ${entries[k][0]}`);
    const text = write(entries[k][1], inner);
    if (text !== undefined) parts.push(inner + JSON.stringify(entries[k][0]) + ": " + text);
  }
  if (parts.length === 0) return "{}";
  return "{\n" + parts.join(",\n") + "\n" + indent + "}";
}

/** The canonical text of `value`, ending with a newline. */
export function canonicalJson(value: CanonicalValue): string {
  const text = write(value, "");
  if (text === undefined) throw new Error("cannot write undefined as JSON");
  return text + "\n";
}

/** The canonical UTF-8 bytes of `value`. */
export function canonicalBytes(value: CanonicalValue): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}
