/**
 * A `hardhat node` child process on a free loopback port for the tests that drive the protocol as outside users do
 * (separate processes over JSON-RPC), and a runner for `hardhat <task>` child processes against it. The node listens
 * on 127.0.0.1 only and is killed by `stop()`; Ignition journals that `protocol deploy` writes for chain 31337 are
 * removed again.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

export const HARDHAT = path.join("node_modules", ".bin", "hardhat");
const IGNITION_DEPLOYMENTS = path.join("ignition", "deployments");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The environment of a child: this Node first on PATH (the hardhat script runs `env node`), plus `extra`. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`,
    ...extra,
  };
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `file args` in `cwd` and resolves with its exit code and output (never rejects). */
export function runCommand(file: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(file, args, { env, cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

export interface LocalNode {
  rpcUrl: string;
  /** Kills the node and removes the Ignition journals made since `startLocalNode`. */
  stop(): void;
}

function journals(): string[] {
  return existsSync(IGNITION_DEPLOYMENTS) ? readdirSync(IGNITION_DEPLOYMENTS) : [];
}

export async function startLocalNode(): Promise<LocalNode> {
  const journalsBefore = new Set(journals());
  const ignitionExisted = { root: existsSync("ignition"), deployments: existsSync(IGNITION_DEPLOYMENTS) };
  const port = await freePort();
  const rpcUrl = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const node: ChildProcess = spawn(HARDHAT, ["node", "--hostname", "127.0.0.1", "--port", String(port)], {
    env: childEnv({}),
    stdio: ["ignore", "pipe", "pipe"],
  });
  node.stdout!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  node.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const stop = () => {
    if (node.exitCode === null) node.kill("SIGTERM");
    for (const entry of journals()) {
      if (!journalsBefore.has(entry) && entry.startsWith("chain-31337-")) {
        rmSync(path.join(IGNITION_DEPLOYMENTS, entry), { recursive: true, force: true });
      }
    }
    if (!ignitionExisted.deployments && journals().length === 0)
      rmSync(IGNITION_DEPLOYMENTS, { recursive: true, force: true });
    if (!ignitionExisted.root && existsSync("ignition") && readdirSync("ignition").length === 0) {
      rmSync("ignition", { recursive: true, force: true });
    }
  };
  const request = { jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] };
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await fetch(rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(request),
      });
      if (((await response.json()) as { result: string }).result === "0x7a69") break;
    } catch (error) {
      if (attempt > 300 || node.exitCode !== null) {
        stop();
        throw new Error(`hardhat node did not start: ${String(error)}\n${output.join("")}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return { rpcUrl, stop };
}
