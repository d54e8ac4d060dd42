/**
 * Runs Hardhat tasks in-process for the task tests (test/tasks/): captures what a task prints and its exit code, and
 * deploys the protocol with `protocol deploy` on the in-process network, its record in a temporary directory.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import hre from "hardhat";

import type { Deployment } from "../../tasks/lib/deployments.js";
import { readDeployment } from "../../tasks/lib/deployments.js";

export interface TaskRun {
  stdout: string;
  stderr: string;
  /** process.exitCode after the task (reset to undefined afterwards, so mocha's own exit code is untouched). */
  exitCode: number | string | undefined;
  /** stdout parsed as one JSON document (for `json: true` runs). */
  json<T = Record<string, unknown>>(): T;
}

/**
 * `args` as the task takes them: a number given to a STRING option (`account: 1`, `confirmations: 2`) becomes its
 * decimal text, as the command line gives it. Options such as `--account` are strings so that the task, not Hardhat's
 * INT parsing, answers `--account -1` (one line saying what to do).
 */
export function taskArgs(id: string[], args: Record<string, unknown>): Record<string, unknown> {
  const options = hre.tasks.getTask(id).options;
  const out: Record<string, unknown> = { ...args };
  for (const [name, value] of Object.entries(args)) {
    if (typeof value === "number" && options.get(name)?.type === "STRING") out[name] = String(value);
  }
  return out;
}

/** Runs task `id` with `args` (defaults fill the rest), capturing console.log/console.error and the exit code. */
export async function runTask(id: string[], args: Record<string, unknown> = {}): Promise<TaskRun> {
  const out: string[] = [];
  const err: string[] = [];
  const { log, error } = console;
  console.log = (...parts: unknown[]) => out.push(parts.map(String).join(" "));
  console.error = (...parts: unknown[]) => err.push(parts.map(String).join(" "));
  process.exitCode = undefined;
  try {
    await hre.tasks.getTask(id).run(taskArgs(id, args));
  } finally {
    console.log = log;
    console.error = error;
  }
  const exitCode = process.exitCode;
  process.exitCode = undefined;
  const stdout = out.join("\n");
  return { stdout, stderr: err.join("\n"), exitCode, json: <T>() => JSON.parse(stdout) as T };
}

/** Runs a task that must fail: returns its one error line (without "error: "), and checks nothing went to stdout. */
export async function runFailing(id: string[], args: Record<string, unknown> = {}): Promise<string> {
  const run = await runTask(id, args);
  if (run.exitCode !== 1) throw new Error(`task ${id.join(" ")} did not fail: ${run.stdout}`);
  if (run.stdout !== "") throw new Error(`task ${id.join(" ")} printed on stdout while failing: ${run.stdout}`);
  const lines = run.stderr.split("\n");
  if (lines.length !== 1 || !lines[0].startsWith("error: ")) throw new Error(`not one error line: ${run.stderr}`);
  return lines[0].slice("error: ".length);
}

/** Deploys the protocol with `protocol deploy` into a fresh temporary deployments directory. */
export async function deployWithTask(): Promise<{ dir: string; deployment: Deployment }> {
  const dir = mkdtempSync(path.join(tmpdir(), "openledger-tasks-"));
  process.env.OPENLEDGER_DEPLOYMENTS_DIR = dir;
  const run = await runTask(["protocol", "deploy"], { json: true });
  if (run.exitCode !== undefined) throw new Error(`protocol deploy failed: ${run.stderr}`);
  const { ethers } = await hre.network.getOrCreate();
  const deployment = await readDeployment((await ethers.provider.getNetwork()).chainId, dir);
  return { dir, deployment };
}
