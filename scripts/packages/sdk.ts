/**
 * Builds the `@openledger/sdk` package: src/sdk/ with the kernel it imports (src/protocol/, src/rewards/) compiled by
 * tsc to ES2022 JavaScript modules with type declarations under dist/, plus packages/sdk/{package.json, README,
 * CHANGELOG}; then packs it. The SDK is compiled from the same files the tasks and the oracle node use, so the
 * package cannot drift from them.
 */
import { existsSync } from "node:fs";
import path from "node:path";

import { compileForPackage, packStaged, stagePackage } from "./pack.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

export function buildSdkPackage(outDir = path.join(ROOT, "build/packages")): { tarball: string; staging: string } {
  const staging = stagePackage("sdk", outDir);
  compileForPackage(
    ["src/sdk/index.ts", "src/sdk/node.ts", "src/sdk/bridge.ts"].map((entry) => path.join(ROOT, entry)),
    staging,
    { rootDir: path.join(ROOT, "src"), lib: "es2023,dom" },
  );
  if (!existsSync(path.join(staging, "dist/sdk/index.js"))) throw new Error("tsc did not write dist/sdk/index.js");
  return { tarball: packStaged(staging, outDir), staging };
}
