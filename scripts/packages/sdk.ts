/**
 * Builds the `@openledger/sdk` package: src/sdk/ with the kernel it imports (src/protocol/, src/rewards/) compiled by
 * tsc to ES2022 JavaScript modules with type declarations under dist/, plus packages/sdk/{package.json, README,
 * CHANGELOG}; then packs it. The SDK is compiled from the same files the tasks and the oracle node use, so the
 * package cannot drift from them.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";

import { packStaged } from "./pack.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

export function buildSdkPackage(outDir = path.join(ROOT, "build/packages")): { tarball: string; staging: string } {
  const staging = path.join(outDir, "sdk");
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const file of ["package.json", "README.md", "CHANGELOG.md"]) {
    cpSync(path.join(ROOT, "packages/sdk", file), path.join(staging, file));
  }
  execFileSync(
    path.join(ROOT, "node_modules/.bin/tsc"),
    [
      path.join(ROOT, "src/sdk/index.ts"),
      path.join(ROOT, "src/sdk/node.ts"),
      path.join(ROOT, "src/sdk/bridge.ts"),
      "--declaration",
      "--module",
      "node16",
      "--moduleResolution",
      "node16",
      "--target",
      "es2022",
      "--lib",
      "es2023,dom",
      "--types",
      "node",
      "--strict",
      "--skipLibCheck",
      "--rootDir",
      path.join(ROOT, "src"),
      "--outDir",
      path.join(staging, "dist"),
    ],
    { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] },
  );
  if (!existsSync(path.join(staging, "dist/sdk/index.js"))) throw new Error("tsc did not write dist/sdk/index.js");
  return { tarball: packStaged(staging, outDir), staging };
}
