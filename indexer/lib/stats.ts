/**
 * Counters of this process (not of the database): events handled since start and when the first and last were.
 * Shared between the indexing functions and the API through globalThis (Ponder loads both in one process).
 * `/indexer/stats` serves them; the restart test reads `eventsThisRun` to prove a restart resumes.
 */
interface Stats {
  startedAt: number;
  eventsThisRun: number;
  firstEventAt: number | undefined;
  lastEventAt: number | undefined;
}

const KEY = Symbol.for("openledger.indexer.stats");
const store = globalThis as unknown as Record<symbol, Stats | undefined>;

export function stats(): Stats {
  store[KEY] ??= { startedAt: Date.now(), eventsThisRun: 0, firstEventAt: undefined, lastEventAt: undefined };
  return store[KEY];
}

export function countEvent(): void {
  const s = stats();
  const now = Date.now();
  s.eventsThisRun += 1;
  s.firstEventAt ??= now;
  s.lastEventAt = now;
}
