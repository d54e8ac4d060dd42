/**
 * Task output: human-readable lines by default, one JSON document with `--json` (bigints as decimal strings).
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
}

export function emit(json: boolean, result: Record<string, unknown>, human: string[]): void {
  if (json) {
    console.log(toJson(result));
  } else {
    for (const line of human) console.log(line);
  }
}
