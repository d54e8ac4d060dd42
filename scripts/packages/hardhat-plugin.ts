/**
 * Builds the `@openledger/hardhat-plugin` package: tasks/plugin.ts and everything it loads (the task groups, their
 * lazily loaded actions, the TypeScript kernel src/protocol/ and the oracle node and attribution engine the `oracle`
 * and `attribution` tasks run) compiled by tsc to ES2022 JavaScript modules with type declarations under dist/, plus
 * packages/hardhat-plugin/{package.json, README, CHANGELOG}; then packs it. The repository's hardhat.config.ts loads
 * the same tasks/plugin.ts, so the package cannot drift from the tasks tested here.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

import { compileForPackage, packStaged, stagePackage } from "./pack.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Packages the compiled plugin may import: its declared dependencies and peers, and Node's own modules. */
function declaredImports(staging: string): Set<string> {
  const manifest = JSON.parse(readFileSync(path.join(staging, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
  return new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
}

/** Bare module specifiers (`ethers`, `hardhat/config`, `@scope/name/sub`) imported by the JavaScript under `dir`. */
function importedPackages(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (current: string): void => {
    for (const entry of readdirSync(current)) {
      const full = path.join(current, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry.endsWith(".js")) {
        const text = readFileSync(full, "utf8");
        for (const match of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["']([^"'./][^"']*)["']/g)) {
          const specifier = match[1];
          if (specifier.startsWith("node:")) continue;
          const parts = specifier.split("/");
          const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
          if (!found.has(name)) found.set(name, path.relative(dir, full));
        }
      }
    }
  };
  walk(dir);
  return found;
}

export function buildHardhatPluginPackage(outDir = path.join(ROOT, "build/packages")): {
  tarball: string;
  staging: string;
} {
  const staging = stagePackage("hardhat-plugin", outDir);
  compileForPackage([path.join(ROOT, "tasks/plugin.ts")], staging, {
    rootDir: ROOT,
    lib: "es2023",
    extra: ["--resolveJsonModule"],
  });
  const entry = path.join(staging, "dist/tasks/plugin.js");
  if (!existsSync(entry)) throw new Error("tsc did not write dist/tasks/plugin.js");
  // Nothing of the repository's build may leak in: no artifacts, no typechain bindings, no deployment modules.
  for (const forbidden of ["typechain-types", "artifacts", "deploy", "ignition"]) {
    if (existsSync(path.join(staging, "dist", forbidden))) {
      throw new Error(`the plugin's dist/ contains ${forbidden}/: a task imports this repository's build`);
    }
  }
  const declared = declaredImports(staging);
  for (const [name, file] of importedPackages(path.join(staging, "dist"))) {
    if (!declared.has(name)) {
      throw new Error(`dist/${file} imports ${name}, which packages/hardhat-plugin/package.json does not declare`);
    }
  }
  return { tarball: packStaged(staging, outDir), staging };
}
