/**
 * Span engine figures. One child process (spansWorker.ts) indexes the corpus once and serves all three figures:
 * spans.index10M.s, spans.index10M.rssMB (the child's peak RSS, free of the parent's memory) and spans.query500.ms.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

import type { SpansResult } from "./spansResult.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const worker = fileURLToPath(new URL("./spansWorker.ts", import.meta.url));

let pending: Promise<SpansResult> | undefined;

function runWorker(): Promise<SpansResult> {
  pending ??= new Promise<SpansResult>((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", worker], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => (stdout += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code !== 0) {
        reject(new Error(`spans worker exited with ${signal ?? code}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as SpansResult);
      } catch {
        reject(new Error(`spans worker printed no result: ${stdout.slice(0, 200)}`));
      }
    });
  });
  return pending;
}

export async function measureSpanIndexSeconds(): Promise<number> {
  return round((await runWorker()).indexSeconds, 2);
}

export async function measureSpanIndexRssMB(): Promise<number> {
  return Math.round((await runWorker()).peakRssMB);
}

export async function measureSpanQueryMs(): Promise<number> {
  return round((await runWorker()).queryMsMedian, 2);
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
