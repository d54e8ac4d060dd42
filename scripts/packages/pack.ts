/** Packs a staged package folder with `npm pack`, atomically: the tarball appears whole under `outDir` or not at all. */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
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
