/** Packs a staged package folder with `npm pack`, atomically: the tarball appears whole under `outDir` or not at all. */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";

export function packStaged(staging: string, outDir: string): string {
  const { name, version } = JSON.parse(readFileSync(path.join(staging, "package.json"), "utf8")) as {
    name: string;
    version: string;
  };
  const temporary = path.join(outDir, `.pack-${path.basename(staging)}`);
  rmSync(temporary, { recursive: true, force: true });
  mkdirSync(temporary, { recursive: true });
  const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", temporary], {
    cwd: staging,
    encoding: "utf8",
  }).trim();
  const fileName = packed.split("\n").pop()!;
  const expected = `${name.replace(/^@/, "").replace("/", "-")}-${version}.tgz`;
  if (fileName !== expected) throw new Error(`npm pack wrote ${fileName}, not ${expected}`);
  const tarball = path.join(outDir, fileName);
  renameSync(path.join(temporary, fileName), tarball);
  rmSync(temporary, { recursive: true });
  return tarball;
}

const ROOT = path.resolve(import.meta.dirname, "../..");

/** A fresh staging folder `<outDir>/<name>` holding the manifest, README and CHANGELOG of `packages/<name>`. */
export function stagePackage(name: string, outDir: string): string {
  const staging = path.join(outDir, name);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const file of ["package.json", "README.md", "CHANGELOG.md"]) {
    cpSync(path.join(ROOT, "packages", name, file), path.join(staging, file));
  }
  return staging;
}

/**
 * Compiles `entries` and what they import to ESM JavaScript with declarations for Node 20 and bundlers (node16
 * resolution, ES2022), under `<staging>/dist` mirroring `rootDir`. `lib` and `extra` are the packages' differences.
 */
export function compileForPackage(
  entries: string[],
  staging: string,
  options: { rootDir: string; lib: string; extra?: string[] },
): void {
  execFileSync(
    path.join(ROOT, "node_modules/.bin/tsc"),
    [
      ...entries,
      "--declaration",
      "--module",
      "node16",
      "--moduleResolution",
      "node16",
      "--target",
      "es2022",
      "--lib",
      options.lib,
      "--types",
      "node",
      "--strict",
      "--skipLibCheck",
      ...(options.extra ?? []),
      "--rootDir",
      options.rootDir,
      "--outDir",
      path.join(staging, "dist"),
    ],
    { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] },
  );
}
