/**
 * Runs tasks in-process against a protocol deployed by `protocol deploy` on the in-process network, capturing what
 * they print and the exit code they set.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import hre from "hardhat";

export interface TaskOutput {
  stdout: string;
  stderr: string;
  exitCode: number | undefined;
}

/** Runs `hardhat <id...>` with `args`; console output captured, process.exitCode read and reset. */
export async function runTask(id: string[], args: Record<string, unknown> = {}): Promise<TaskOutput> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...parts: unknown[]) => out.push(parts.map(String).join(" "));
  console.error = (...parts: unknown[]) => err.push(parts.map(String).join(" "));
  try {
    await hre.tasks.getTask(id).run(args);
  } finally {
    console.log = log;
    console.error = error;
  }
  const exitCode = process.exitCode === undefined ? undefined : Number(process.exitCode);
  process.exitCode = undefined;
  return { stdout: out.join("\n"), stderr: err.join("\n"), exitCode };
}

/** Runs a task that must succeed with --json and returns its parsed output. */
export async function runJson<T = Record<string, unknown>>(id: string[], args: Record<string, unknown>): Promise<T> {
  const result = await runTask(id, { ...args, json: true });
  expect(result.stderr, `stderr of ${id.join(" ")}`).to.equal("");
  expect(result.exitCode, `exit code of ${id.join(" ")}`).to.equal(undefined);
  return JSON.parse(result.stdout) as T;
}

/** Runs a task that must fail: exactly one line `error: <message>` on stderr, nothing on stdout, exit code 1. */
export async function runFailing(id: string[], args: Record<string, unknown>): Promise<string> {
  const result = await runTask(id, args);
  expect(result.exitCode, `exit code of ${id.join(" ")} (stdout: ${result.stdout})`).to.equal(1);
  expect(result.stdout).to.equal("");
  const lines = result.stderr.split("\n");
  expect(lines, result.stderr).to.have.length(1);
  expect(lines[0]).to.match(/^error: /);
  return lines[0].slice("error: ".length);
}

/**
 * Deploys the protocol with `protocol deploy` into a fresh deployments directory (OPENLEDGER_DEPLOYMENTS_DIR) and
 * returns the connection and the addresses. Call `cleanup` in `after`.
 */
export async function deployWithTask() {
  const directory = mkdtempSync(path.join(tmpdir(), "ol-tasks-"));
  const previous = process.env.OPENLEDGER_DEPLOYMENTS_DIR;
  process.env.OPENLEDGER_DEPLOYMENTS_DIR = directory;
  const deployed = await runJson<{ contracts: Record<string, string> }>(["protocol", "deploy"], {
    parameters: "",
    open: "",
  });
  const connection = await hre.network.getOrCreate();
  return {
    ...connection,
    contracts: deployed.contracts,
    directory,
    cleanup() {
      process.env.OPENLEDGER_DEPLOYMENTS_DIR = previous;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A fresh temporary directory (content stores, files to contribute). */
export function temporaryDirectory(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/**
 * A stand-in for an IPFS node's HTTP RPC API (kubo's add, cat and block/stat) on 127.0.0.1, keeping blocks in memory;
 * CIDs are made up from the content's hash.
 */
export async function startFakeIpfs(): Promise<{ url: string; blocks: Map<string, Buffer>; close(): Promise<void> }> {
  const { createServer } = await import("node:http");
  const { keccak256 } = await import("ethers");
  const blocks = new Map<string, Buffer>();
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (url.pathname === "/api/v0/add") {
        // Multipart body: the part's payload lies between its headers and the closing boundary.
        const body = Buffer.concat(chunks).toString("latin1");
        const payload = Buffer.from(body.slice(body.indexOf("\r\n\r\n") + 4, body.lastIndexOf("\r\n--")), "latin1");
        const cid = `bafk${keccak256(payload).slice(2, 30)}`;
        blocks.set(cid, payload);
        response.end(JSON.stringify({ Hash: cid, Size: String(payload.length) }));
      } else if (url.pathname === "/api/v0/cat" || url.pathname === "/api/v0/block/stat") {
        const block = blocks.get(url.searchParams.get("arg") ?? "");
        response.statusCode = block === undefined ? 500 : 200;
        response.end(block ?? "not found");
      } else {
        response.statusCode = 404;
        response.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    blocks,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
