/**
 * `npm run packages`: builds and packs every package of the repository into build/packages/ (after `hardhat build`).
 * Installable with `npm install ./build/packages/<name>-<version>.tgz`; publishing them needs only registry
 * credentials.
 */
import { statSync } from "node:fs";
import path from "node:path";

import { buildContractsPackage } from "./contracts.js";
import { buildHardhatPluginPackage } from "./hardhat-plugin.js";
import { buildSdkPackage } from "./sdk.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

try {
  const contracts = buildContractsPackage();
  const sdk = buildSdkPackage();
  const plugin = buildHardhatPluginPackage();
  for (const tarball of [contracts.tarball, sdk.tarball, plugin.tarball]) {
    console.log(`${path.relative(ROOT, tarball)}  ${(statSync(tarball).size / 1024).toFixed(1)} KiB`);
  }
} catch (e) {
  console.error(`error: ${(e as Error).message}`);
  process.exitCode = 1;
}
