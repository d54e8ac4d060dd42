/**
 * The raw event log: every event of every indexed contract goes to `protocol_event`, whether or not a domain handler
 * also reads it. `registerRest` gives each event of an ABI that its contract's handler file does not handle itself a
 * handler that only records it, so a new event in the contracts is indexed (and queryable) with no code change.
 */
import { ponder } from "ponder:registry";
import { protocolEvent } from "ponder:schema";

import { countEvent } from "./stats";

/** The parts of a Ponder log event the recorder reads. */
export interface AnyEvent {
  id: string;
  name?: string;
  args: unknown;
  block: { number: bigint; timestamp: bigint };
  transaction: { hash: `0x${string}` };
  log: { logIndex: number };
}

/** The parts of Ponder's indexing context the recorder uses. */
export interface AnyContext {
  db: { insert: (table: typeof protocolEvent) => { values: (row: Record<string, unknown>) => Promise<unknown> } };
}

function jsonArgs(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return /^0x[0-9a-fA-F]{40}$/.test(value) ? value.toLowerCase() : value;
  if (Array.isArray(value)) return value.map(jsonArgs);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonArgs(v)]));
  }
  return value;
}

/** Inserts the event into `protocol_event`. */
export async function recordEvent(contract: string, name: string, event: AnyEvent, context: unknown): Promise<void> {
  countEvent();
  await (context as AnyContext).db.insert(protocolEvent).values({
    id: event.id,
    contract,
    name,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
    logIndex: event.log.logIndex,
    args: jsonArgs(event.args),
  });
}

type LooseOn = (key: string, handler: (input: { event: AnyEvent; context: unknown }) => Promise<void>) => void;

/** Registers a record-only handler for every event of `abi` not in `handled`. */
export function registerRest(contract: string, abi: readonly unknown[], handled: readonly string[]): void {
  const on = ponder.on.bind(ponder) as unknown as LooseOn;
  const names = new Set<string>();
  for (const item of abi as { type: string; name: string }[]) if (item.type === "event") names.add(item.name);
  for (const name of handled) {
    if (!names.has(name)) throw new Error(`${contract} has no event ${name}: update src/contracts/${contract}.ts`);
  }
  for (const name of names) {
    if (handled.includes(name)) continue;
    on(`${contract}:${name}`, async ({ event, context }) => recordEvent(contract, name, event, context));
  }
}

/** Lowercase address, as every table stores them. */
export function lc(address: string): `0x${string}` {
  return address.toLowerCase() as `0x${string}`;
}
