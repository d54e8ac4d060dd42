/**
 * The task tests' harness over test/helpers/run-task.ts: JSON runs that must succeed, a deployment with its cleanup,
 * temporary directories and a stand-in IPFS node.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import hre from "hardhat";

import { deployWithTask as deployRecord, runFailing, runTask } from "../helpers/run-task.js";

export { runFailing, runTask };

/** Runs a task that must succeed with --json and returns its parsed output. */
export async function runJson<T = Record<string, unknown>>(id: string[], args: Record<string, unknown>): Promise<T> {
  const result = await runTask(id, { ...args, json: true });
  expect(result.stderr, `stderr of ${id.join(" ")}`).to.equal("");
  expect(result.exitCode, `exit code of ${id.join(" ")}`).to.equal(undefined);
  return result.json<T>();
}

/**
 * Deploys the protocol with `protocol deploy` into a fresh deployments directory (OPENLEDGER_DEPLOYMENTS_DIR) and
 * returns the connection and the addresses. Call `cleanup` in `after`.
 */
export async function deployWithTask() {
  const previous = process.env.OPENLEDGER_DEPLOYMENTS_DIR;
  const { dir, deployment } = await deployRecord();
  const connection = await hre.network.getOrCreate();
  return {
    ...connection,
    contracts: deployment.contracts,
    directory: dir,
    cleanup() {
      process.env.OPENLEDGER_DEPLOYMENTS_DIR = previous;
      rmSync(dir, { recursive: true, force: true });
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
