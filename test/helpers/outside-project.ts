/**
 * A project outside this repository, in a temporary folder: its own package.json and node_modules, with only what a
 * user would install (the packed tarballs and registry packages, from npm's local cache when it has them). Nothing of
 * src/, tasks/ or contracts/ is reachable from it.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";

import { childEnv, runCommand } from "./local-node.js";

/** Creates `<work>/<name>` with `files` and installs `packages` (tarball paths or `name@version`) into it. */
export async function createOutsideProject(
  work: string,
  name: string,
  packages: string[],
  files: Record<string, string> = {},
): Promise<string> {
  const project = path.join(work, name);
  mkdirSync(project, { recursive: true });
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ name, private: true, type: "module" }, null, 2));
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(project, file), text);
  // This Node (22) runs npm, so that npm installs the native binaries Hardhat's EDR needs (engines >= 22).
  const install = await runCommand(
    "npm",
    ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", ...packages],
    childEnv({}),
    project,
  );
  expect(install.code, `npm install in ${project}\n${install.stderr}`).to.equal(0);
  return project;
}
