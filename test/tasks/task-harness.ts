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
