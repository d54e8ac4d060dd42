/**
 * `npm run indexer -- --network localhost [options]` (from the repository root): generates the ABIs from the Hardhat
 * artifacts, then runs `ponder start` on this chain's deployment record, listening on 127.0.0.1, and prints progress
 * (blocks behind the head, events per second) every few seconds until it is stopped (Ctrl-C).
 *
 * Options: --network localhost (RPC from OPENLEDGER_RPC_URL, default http://127.0.0.1:8545) or --rpc <url>;
 * --port <n> (42069); --hostname <host> (127.0.0.1); --deployments <dir> (deployments/); --content <dir>
 * (.openledger/content); --schema <name> (database schema; default "openledger", and on a local node
 * "openledger_<genesis hash prefix>" so that a restarted node's new chain starts a new schema).
 * Storage: PostgreSQL when DATABASE_URL is set, Ponder's embedded PGlite (indexer/.ponder/pglite) otherwise.
 * Node 22 strips the types of this file; it imports Node built-ins only.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const indexerRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(1);
}

const OPTIONS = new Set(["network", "rpc", "port", "hostname", "deployments", "content", "schema"]);
const options = new Map<string, string>();
const argv = process.argv.slice(2);
for (let k = 0; k < argv.length; k++) {
  const arg = argv[k];
  if (!arg.startsWith("--") || !OPTIONS.has(arg.slice(2))) fail(`unknown argument ${arg}`);
  const value = argv[k + 1];
  if (value === undefined || value.startsWith("--")) fail(`${arg} needs a value`);
  options.set(arg.slice(2), value);
  k++;
}

const network = options.get("network");
let rpcUrl = options.get("rpc");
if (rpcUrl === undefined) {
  if (network === undefined) fail("give --network localhost or --rpc <url>");
  if (network !== "localhost") fail(`--network ${network}: only localhost is known here; give --rpc <url>`);
  rpcUrl = process.env.OPENLEDGER_RPC_URL ?? "http://127.0.0.1:8545";
}
const port = options.get("port") ?? "42069";
if (!/^[0-9]{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) fail(`--port ${port}: not a port`);
const hostname = options.get("hostname") ?? "127.0.0.1";

async function rpcCall<T>(method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(rpcUrl!, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    signal: AbortSignal.timeout(5000),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.result === undefined || body.result === null) throw new Error(body.error?.message ?? "no result");
  return body.result;
}

const rpc = (method: string) => rpcCall<string>(method);

let chainId: number;
try {
  chainId = Number(BigInt(await rpc("eth_chainId")));
} catch (error) {
  fail(`cannot reach the chain at ${rpcUrl}: ${(error as Error).message}`);
}
// A local node (chain 31337) starts a new chain on every start, at the same addresses: its default schema is named
// after the chain's genesis block, so rows of an earlier chain are never resumed.
let schema = options.get("schema") ?? process.env.DATABASE_SCHEMA;
if (schema === undefined) {
  schema = "openledger";
  if (chainId === 31337) {
    try {
      const genesis = await rpcCall<{ hash: string }>("eth_getBlockByNumber", ["0x0", false]);
      schema = `openledger_${genesis.hash.slice(2, 14)}`;
    } catch (error) {
      fail(`cannot read the genesis block at ${rpcUrl}: ${(error as Error).message}`);
    }
  }
}
const deploymentsDir = path.resolve(
  options.get("deployments") ?? process.env.OPENLEDGER_DEPLOYMENTS_DIR ?? "deployments",
);
const deploymentFile = path.join(deploymentsDir, `${chainId}.json`);
if (!existsSync(deploymentFile)) {
  fail(`no deployment for chain ${chainId}: ${deploymentFile} is missing (run \`protocol deploy\` first)`);
}
if (!existsSync(path.join(indexerRoot, "node_modules", "ponder"))) {
  fail("the indexer is not installed: run `bash scripts/bootstrap-indexer.sh`");
}

const generated = spawnSync(process.execPath, [path.join(indexerRoot, "scripts", "abis.ts")], { stdio: "inherit" });
if (generated.status !== 0) process.exit(1);

const env: NodeJS.ProcessEnv = {
  ...process.env,
  OPENLEDGER_INDEXER_RPC_URL: rpcUrl,
  OPENLEDGER_INDEXER_CHAIN_ID: String(chainId),
  OPENLEDGER_DEPLOYMENTS_DIR: deploymentsDir,
  OPENLEDGER_CONTENT_DIR: path.resolve(
    options.get("content") ?? process.env.OPENLEDGER_CONTENT_DIR ?? ".openledger/content",
  ),
  PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`,
};
const storage = process.env.DATABASE_URL
  ? `PostgreSQL (DATABASE_URL), schema ${schema}`
  : `embedded PGlite in ${path.resolve(indexerRoot, process.env.OPENLEDGER_INDEXER_PGLITE_DIR ?? path.join(".ponder", "pglite"))}, schema ${schema}`;
console.error(`[indexer] chain ${chainId} at ${rpcUrl}, deployment ${deploymentFile}, storage: ${storage}`);
console.error(`[indexer] GraphQL at http://${hostname}:${port}/graphql, SQL at /sql, claims at /claims/<account>`);

const ponderArgs = ["start", "--root", indexerRoot, "--hostname", hostname, "--port", port, "--log-level", "warn"];
ponderArgs.push("--schema", schema);
const child = spawn(path.join(indexerRoot, "node_modules", ".bin", "ponder"), ponderArgs, {
  cwd: indexerRoot,
  env,
  stdio: "inherit",
});

interface Status {
  [chain: string]: { id: number; block: { number: number; timestamp: number } | null };
}
let lastEvents = 0;
let lastTime = Date.now();
const progress = setInterval(async () => {
  try {
    const base = `http://${hostname === "0.0.0.0" ? "127.0.0.1" : hostname}:${port}`;
    const [status, stats, head] = await Promise.all([
      fetch(`${base}/status`).then((r) => r.json() as Promise<Status>),
      fetch(`${base}/indexer/stats`).then((r) => r.json() as Promise<{ eventsThisRun: number }>),
      rpc("eth_blockNumber"),
    ]);
    const indexed = status.openledger?.block?.number ?? 0;
    const headNumber = Number(BigInt(head));
    const now = Date.now();
    const rate = ((stats.eventsThisRun - lastEvents) * 1000) / (now - lastTime);
    lastEvents = stats.eventsThisRun;
    lastTime = now;
    console.error(
      `[indexer] block ${indexed} of ${headNumber} (${Math.max(headNumber - indexed, 0)} behind), ` +
        `${stats.eventsThisRun} events this run, ${rate.toFixed(0)} events/s`,
    );
  } catch {
    // Not listening yet (building, or migrating the database): the next tick tries again.
  }
}, 5000);

const stop = (signal: NodeJS.Signals) => child.kill(signal);
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
child.on("exit", (code, signal) => {
  clearInterval(progress);
  process.exit(code ?? (signal === null ? 0 : 1));
});
