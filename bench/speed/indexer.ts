/**
 * `indexer.events100k.s`: seconds for the indexer (indexer/, Ponder on its embedded PGlite) to index 100,000
 * protocol events, mostly payments (InferencePaid), from a local `hardhat node`: from starting `ponder start` on an
 * empty database to its last event handled (Ponder's start-up, the RPC backfill and the handlers included). The chain
 * is built first, untimed (bench/speed/indexerSetup.ts). Prints events per second.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { INDEXED_CONTRACTS } from "../../indexer/lib/contracts.js";
import { Indexer, generateAbis, indexerInstalled, rpc, startLocalNode, waitFor } from "../../test/indexer/harness.js";

const EVENTS = 100_000;

/** Logs of the indexed contracts on the chain (every one is an event the indexer handles). */
async function indexedLogCount(rpcUrl: string, deploymentFile: string): Promise<number> {
  const { contracts, startBlock } = JSON.parse(readFileSync(deploymentFile, "utf8")) as {
    contracts: Record<string, string>;
    startBlock: number;
  };
  const addresses = Object.keys(INDEXED_CONTRACTS).map((name) => contracts[name]);
  const head = Number(BigInt(await rpc(rpcUrl, "eth_blockNumber")));
  let count = 0;
  for (let from = startBlock; from <= head; from += 20) {
    const range = { fromBlock: `0x${from.toString(16)}`, toBlock: `0x${Math.min(from + 19, head).toString(16)}` };
    count += (await rpc<unknown[]>(rpcUrl, "eth_getLogs", [{ ...range, address: addresses }])).length;
  }
  return count;
}

export async function measureIndexerEvents100k(): Promise<number> {
  if (!indexerInstalled()) throw new Error("the indexer is not installed: run `bash scripts/bootstrap-indexer.sh`");
  generateAbis();
  const dir = mkdtempSync(path.join(tmpdir(), "ol-bench-indexer-"));
  const node = await startLocalNode();
  let indexer: Indexer | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(
        path.join("node_modules", ".bin", "hardhat"),
        ["run", "--network", "localhost", "bench/speed/indexerSetup.ts"],
        {
          env: {
            ...process.env,
            PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`,
            OPENLEDGER_RPC_URL: node.rpcUrl,
            BENCH_INDEXER_DIR: dir,
            BENCH_INDEXER_EVENTS: String(EVENTS),
          },
          maxBuffer: 64 * 1024 * 1024,
        },
        (error, _stdout, stderr) =>
          error ? reject(new Error(`setup failed: ${stderr.trim().split("\n").slice(-12).join(" | ")}`)) : resolve(),
      );
    });
    // The figure is PGlite's: a DATABASE_URL in the environment would switch the indexer to that server.
    delete process.env.DATABASE_URL;
    const started = Date.now();
    indexer = await Indexer.start({
      rpcUrl: node.rpcUrl,
      deploymentsDir: path.join(dir, "deployments"),
      contentDir: path.join(dir, "content"),
      schema: `bench_${Date.now().toString(36)}`,
      dataDir: dir,
    });
    const expected = await indexedLogCount(node.rpcUrl, path.join(dir, "deployments", "31337.json"));
    if (expected < EVENTS) throw new Error(`the setup made ${expected} events, not ${EVENTS}`);
    const { eventsThisRun, lastEventAt } = await waitFor(
      "every event to be indexed",
      async () => {
        const stats = await indexer!.get<{ eventsThisRun: number; lastEventAt: string }>("/indexer/stats");
        return stats.eventsThisRun >= expected ? stats : undefined;
      },
      600_000,
    );
    const seconds = (Date.parse(lastEventAt) - started) / 1000;
    process.stderr.write(
      `[bench] indexer: ${eventsThisRun} events in ${seconds.toFixed(1)} s (${Math.round(eventsThisRun / seconds)} events/s)\n`,
    );
    return Math.round(seconds * 10) / 10;
  } finally {
    await indexer?.stop();
    node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
