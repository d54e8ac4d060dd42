import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

import type { ContractTransactionResponse } from "ethers";

/**
 * Whole-transaction gasUsed (receipt, including the 21,000 base cost) of `tx`. With GAS_SNAPSHOT=<file> set, the
 * figure is also written under `name` into that JSON file (used to refresh the committed snapshots/ files).
 */
export async function gasUsed(name: string, tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error(`no receipt for ${name}`);
  const file = process.env.GAS_SNAPSHOT;
  if (file !== undefined && file !== "") {
    let snapshot: Record<string, number> = {};
    try {
      snapshot = JSON.parse(readFileSync(file, "utf8")) as Record<string, number>;
    } catch {
      snapshot = {};
    }
    snapshot[name] = Number(receipt.gasUsed);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(snapshot, Object.keys(snapshot).sort(), 2) + "\n");
  }
  return receipt.gasUsed;
}

/**
 * Whether gas figures mean anything in this run: coverage instrumentation adds gas to every call, so tests that
 * assert gas skip themselves under `hardhat test --coverage` (call as `if (!gasIsMeasurable()) this.skip();`).
 */
export function gasIsMeasurable(): boolean {
  return !process.argv.includes("--coverage");
}
