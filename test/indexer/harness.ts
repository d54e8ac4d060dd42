/**
 * Processes for the indexer tests: the indexer (indexer/bin/indexer.ts, which runs `ponder start`) on a free loopback
 * port, with its database either the PostgreSQL server of DATABASE_URL (each instance in its own schema) or an
 * embedded PGlite directory of its own. The `hardhat node` it follows is the shared one of test/helpers/local-node.ts.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

import { childEnv, freePort } from "../helpers/local-node.js";

export { startLocalNode, type LocalNode } from "../helpers/local-node.js";

export const INDEXER_DIR = path.resolve("indexer");
const PONDER = path.join(INDEXER_DIR, "node_modules", ".bin", "ponder");

export async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` every 200 ms until it returns a value other than undefined; throws after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await sleep(200);
  }
}

export async function rpc<T = string>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error !== undefined) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

/** Writes indexer/generated/abis.ts from the artifacts of the test run's build. */
export function generateAbis(): void {
  const result = spawnSync(process.execPath, [path.join(INDEXER_DIR, "scripts", "abis.ts")], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`ABI generation failed: ${result.stderr}`);
}

export function indexerInstalled(): boolean {
  return existsSync(PONDER);
}

export interface IndexerOptions {
  rpcUrl: string;
  deploymentsDir: string;
  contentDir: string;
  /** Database schema (PostgreSQL) and name of the PGlite directory. */
  schema: string;
  /** Where PGlite directories go. */
  dataDir: string;
  /** More environment for the indexer process (OPENLEDGER_INDEXER_* settings). */
  env?: Record<string, string>;
}

export class Indexer {
  readonly output: string[] = [];
  #child: ChildProcess | undefined;

  private constructor(
    readonly url: string,
    private readonly options: IndexerOptions,
  ) {}

  static async start(options: IndexerOptions): Promise<Indexer> {
    const indexer = new Indexer(`http://127.0.0.1:${await freePort()}`, options);
    await indexer.restart();
    return indexer;
  }

  /** (Re)starts the process on the same database and schema. */
  async restart(): Promise<void> {
    const port = new URL(this.url).port;
    // Through `npm run indexer`'s entry point (what a user runs, minus the install and build steps).
    const env = childEnv({
      OPENLEDGER_INDEXER_PGLITE_DIR: path.join(this.options.dataDir, this.options.schema),
      OPENLEDGER_INDEXER_POLL_MS: "200",
      ...this.options.env,
    });
    const args = [
      path.join(INDEXER_DIR, "bin", "indexer.ts"),
      ...["--rpc", this.options.rpcUrl, "--port", port, "--schema", this.options.schema],
      ...["--deployments", this.options.deploymentsDir, "--content", this.options.contentDir],
    ];
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    this.#child = child;
    child.stdout!.on("data", (chunk: Buffer) => this.output.push(chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => this.output.push(chunk.toString()));
    await waitFor(
      "the indexer to be ready",
      async () => {
        if (child.exitCode !== null) throw new Error(`indexer exited: ${this.output.join("")}`);
        const response = await fetch(`${this.url}/ready`);
        return response.status === 200 ? true : undefined;
      },
      180_000,
    );
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await Promise.race([exited, sleep(20_000)]);
    if (child.exitCode === null) child.kill("SIGKILL");
  }

  async graphql<T>(query: string): Promise<T> {
    const response = await fetch(`${this.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors !== undefined) throw new Error(`GraphQL: ${body.errors.map((e) => e.message).join("; ")}`);
    return body.data as T;
  }

  /** Every item of a GraphQL list, page by page. */
  async all<T>(list: string, fields: string, where = ""): Promise<T[]> {
    const items: T[] = [];
    let after: string | null = null;
    for (;;) {
      const args: string = [`limit: 1000`, where && `where: ${where}`, after && `after: "${after}"`]
        .filter(Boolean)
        .join(", ");
      const page: Record<string, { items: T[]; pageInfo: { hasNextPage: boolean; endCursor: string } }> =
        await this.graphql(`{ ${list}(${args}) { items { ${fields} } pageInfo { hasNextPage endCursor } } }`);
      items.push(...page[list].items);
      if (!page[list].pageInfo.hasNextPage) return items;
      after = page[list].pageInfo.endCursor;
    }
  }

  async get<T>(pathname: string): Promise<T> {
    const response = await fetch(`${this.url}${pathname}`);
    return (await response.json()) as T;
  }
}
