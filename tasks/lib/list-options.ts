/**
 * Parsers for the list-shaped and enumerated options of the registry tasks; each throws a one-line TaskError that
 * names the option.
 */
import { TaskError } from "./errors.js";
import { parseAddress } from "./parse.js";

/** Most ids one list option may expand to (a range like 1-100000 is a typo, not a plan). */
export const MAX_LIST_LENGTH = 1000;

/**
 * `"1,2,5-7"` -> [1n, 2n, 5n, 6n, 7n]: comma-separated non-negative integers and inclusive ranges, in the order
 * given, without repeats.
 */
export function parseIdList(option: string, value: string): bigint[] {
  if (value.trim() === "") throw new TaskError(`--${option} is required`);
  const ids: bigint[] = [];
  const seen = new Set<bigint>();
  for (const part of value.split(",").map((p) => p.trim())) {
    const range = /^(\d+)-(\d+)$/.exec(part);
    let from: bigint;
    let to: bigint;
    if (range) {
      [from, to] = [BigInt(range[1]), BigInt(range[2])];
      if (to < from) throw new TaskError(`--${option}: range "${part}" runs backwards`);
    } else if (/^\d+$/.test(part)) {
      from = to = BigInt(part);
    } else {
      throw new TaskError(`--${option}: "${part}" is not an id or a range like 3-7`);
    }
    if (to - from + BigInt(ids.length) >= BigInt(MAX_LIST_LENGTH)) {
      throw new TaskError(`--${option}: more than ${MAX_LIST_LENGTH} ids`);
    }
    for (let id = from; id <= to; id++) {
      if (seen.has(id)) throw new TaskError(`--${option}: ${id} is listed twice`);
      seen.add(id);
      ids.push(id);
    }
  }
  return ids;
}

/** Comma-separated addresses (checksummed on output); empty string -> []. Repeats are refused. */
export function parseAddressList(option: string, value: string): string[] {
  if (value.trim() === "") return [];
  const addresses = value.split(",").map((part) => parseAddress(option, part.trim()));
  const seen = new Set<string>();
  for (const address of addresses) {
    if (seen.has(address)) throw new TaskError(`--${option}: ${address} is listed twice`);
    seen.add(address);
  }
  return addresses;
}

/** One of `choices` (case-insensitive); returns its index in `choices`. */
export function parseChoice(option: string, value: string, choices: readonly string[]): number {
  const index = choices.indexOf(value.trim().toLowerCase());
  if (index === -1) throw new TaskError(`--${option}: "${value}" is not one of ${choices.join(", ")}`);
  return index;
}

/**
 * A share in basis points, written with its unit so it cannot be misread: `"15%"`, `"12.5%"` or `"1500bps"`
 * (1% = 100 bps; at most 10000 bps = 100%). A bare number is refused.
 */
export function parseShareBps(option: string, value: string): number {
  const text = value.trim().toLowerCase();
  if (text === "") throw new TaskError(`--${option} is required (for example 15% or 1500bps)`);
  let bps: number;
  const percent = /^(\d+)(?:\.(\d{1,2}))?%$/.exec(text);
  const basisPoints = /^(\d+)\s*bps$/.exec(text);
  if (percent) {
    bps = Number(percent[1]) * 100 + Number((percent[2] ?? "").padEnd(2, "0"));
  } else if (basisPoints) {
    bps = Number(basisPoints[1]);
  } else if (/^\d+(\.\d+)?%$/.test(text)) {
    throw new TaskError(`--${option}: "${value}" is finer than a basis point (0.01%)`);
  } else {
    throw new TaskError(`--${option}: "${value}" needs a unit: a percentage like 15% or basis points like 1500bps`);
  }
  if (bps > 10_000) throw new TaskError(`--${option}: "${value}" is more than 100% (10000 bps)`);
  return bps;
}

/** `"1:1,2:3"` -> [{datanetId: 1n, version: 1}, {datanetId: 2n, version: 3}] (Datanet id : version number). */
export function parseDatanetVersions(option: string, value: string): { datanetId: bigint; version: number }[] {
  if (value.trim() === "") throw new TaskError(`--${option} is required (for example 1:1,2:3)`);
  const out: { datanetId: bigint; version: number }[] = [];
  const seen = new Set<string>();
  for (const part of value.split(",").map((p) => p.trim())) {
    const match = /^(\d+):(\d+)$/.exec(part);
    if (!match) throw new TaskError(`--${option}: "${part}" is not <datanetId>:<version>`);
    const datanetId = BigInt(match[1]);
    const version = Number(match[2]);
    if (datanetId === 0n || datanetId >= 1n << 64n) throw new TaskError(`--${option}: no Datanet has id ${match[1]}`);
    if (version === 0 || version > 0xffffffff) throw new TaskError(`--${option}: "${part}": versions count from 1`);
    const key = `${datanetId}:${version}`;
    if (seen.has(key)) throw new TaskError(`--${option}: ${key} is listed twice`);
    seen.add(key);
    out.push({ datanetId, version });
  }
  return out;
}
