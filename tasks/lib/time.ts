/** Human-readable times for task output: chain timestamps as UTC dates, durations, and "in 2h 5m" / "3d ago". */

/** `2026-11-05 14:03:00 UTC` for a unix timestamp in seconds. */
export function formatTimestamp(timestamp: bigint | number): string {
  const date = new Date(Number(timestamp) * 1000);
  return date
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d{3}Z$/, " UTC");
}

/** `2d 3h 4m 5s` (largest units first, zero parts left out; `0s` for zero). */
export function formatDuration(seconds: bigint | number): string {
  let rest = BigInt(seconds);
  if (rest < 0n) rest = -rest;
  const parts: string[] = [];
  for (const [unit, size] of [
    ["d", 86_400n],
    ["h", 3_600n],
    ["m", 60n],
    ["s", 1n],
  ] as const) {
    const count = rest / size;
    if (count > 0n) parts.push(`${count}${unit}`);
    rest -= count * size;
  }
  return parts.length === 0 ? "0s" : parts.join(" ");
}

/** `2026-11-05 14:03:00 UTC (in 2h 5m)`, `(... ago)` or `(now)`, relative to the chain's `now`. */
export function formatWhen(timestamp: bigint | number, now: bigint): string {
  const t = BigInt(timestamp);
  const relative = t === now ? "now" : t > now ? `in ${formatDuration(t - now)}` : `${formatDuration(now - t)} ago`;
  return `${formatTimestamp(t)} (${relative})`;
}
