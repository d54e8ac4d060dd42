/**
 * Builds the `@openledger/contracts` package from the compiled artifacts, then packs it with `npm pack`.
 *
 *   npm run packages   (scripts/packages/build.ts; writes build/packages/openledger-contracts-<version>.tgz)
 *
 * What goes in (packages/contracts/README.md is the consumer's view):
 * - `interfaces/` and every file they import from this repository (`types/`, `libraries/`), with the relative layout
 *   kept, so `import {IInferencePayments} from "@openledger/contracts/interfaces/IInferencePayments.sol"` compiles in
 *   a dependent project; OpenZeppelin is a peer dependency, as the interfaces import it.
 * - `abi/<Contract>.json` for every production contract and interface (mocks and test contracts are left out) and for
 *   the OpenZeppelin contracts deployed as they are (TimelockController, ERC1967Proxy),
 *   `abi/errors.json` (every custom error of the protocol and of the OpenZeppelin code it inherits, one entry per
 *   selector) and `abi/index.js` + `index.d.ts`, the same ABIs `as const` for viem and abitype.
 * - `deployments/<chainId>.json`: the address book, from `packages/contracts/deployments/` (committed records).
 *
 * The staging folder is rebuilt from nothing on every run and the tarball is written to a temporary name first, so an
 * interrupted run never leaves a half-built package behind.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

import { packStaged } from "./pack.js";

interface AbiFragment {
  type: string;
  name?: string;
  inputs?: { type: string; components?: unknown[] }[];
}

interface Artifact {
  contractName: string;
  sourceName: string;
  abi: AbiFragment[];
}

const ROOT = path.resolve(import.meta.dirname, "../..");
const PACKAGE_SOURCE = path.join(ROOT, "packages/contracts");
/** Contract sources outside the public surface: test doubles only exist for the project's own tests. */
const EXCLUDED_SOURCE_PREFIXES = ["contracts/mocks/"];
/**
 * OpenZeppelin contracts the protocol deploys as they are (hardhat.config.ts `npmFilesToBuild`): governance proposals
 * call the timelock (`updateDelay`) and tools read the proxies, so their ABIs ship with the protocol's own.
 */
const DEPLOYED_LIBRARY_ARTIFACTS = [
  "@openzeppelin/contracts/governance/TimelockController.sol/TimelockController.json",
  "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol/ERC1967Proxy.json",
];

export interface BuiltPackage {
  tarball: string;
  staging: string;
  contracts: string[];
  errors: number;
}

/**
 * Every production artifact (contracts/**, mocks excluded, plus the OpenZeppelin contracts deployed as they are) with a
 * non-empty ABI, sorted by contract name.
 */
export function productionArtifacts(artifactsDir = path.join(ROOT, "artifacts")): Artifact[] {
  const found: Artifact[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".json") && !entry.name.endsWith(".dbg.json")) {
        const artifact = JSON.parse(readFileSync(full, "utf8")) as Artifact;
        if (artifact.abi === undefined || artifact.abi.length === 0) continue;
        if (EXCLUDED_SOURCE_PREFIXES.some((prefix) => artifact.sourceName.startsWith(prefix))) continue;
        found.push(artifact);
      }
    }
  };
  const contractsDir = path.join(artifactsDir, "contracts");
  if (!existsSync(contractsDir)) throw new Error(`no artifacts under ${contractsDir}: run \`hardhat build\` first`);
  walk(contractsDir);
  for (const file of DEPLOYED_LIBRARY_ARTIFACTS) {
    const full = path.join(artifactsDir, file);
    if (!existsSync(full)) throw new Error(`no artifact ${full}: run \`hardhat build\` first`);
    found.push(JSON.parse(readFileSync(full, "utf8")) as Artifact);
  }
  const names = new Set<string>();
  for (const artifact of found) {
    if (names.has(artifact.contractName))
      throw new Error(`two production contracts are named ${artifact.contractName}`);
    names.add(artifact.contractName);
  }
  return found.sort((a, b) => a.contractName.localeCompare(b.contractName));
}

/** Canonical signature of an ABI error, e.g. `Foo(uint256,(address,bytes))`. */
function signature(fragment: AbiFragment): string {
  const type = (input: { type: string; components?: unknown[] }): string => {
    if (!input.type.startsWith("tuple")) return input.type;
    const components = (input.components ?? []) as { type: string; components?: unknown[] }[];
    return `(${components.map(type).join(",")})${input.type.slice("tuple".length)}`;
  };
  return `${fragment.name}(${(fragment.inputs ?? []).map(type).join(",")})`;
}

/** Every custom error of the given ABIs, once per signature, sorted by name then signature. */
export function combinedErrors(artifacts: Artifact[]): AbiFragment[] {
  const bySignature = new Map<string, AbiFragment>();
  for (const artifact of artifacts) {
    for (const fragment of artifact.abi) {
      if (fragment.type === "error") bySignature.set(signature(fragment), fragment);
    }
  }
  return [...bySignature.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, fragment]) => fragment);
}

/** `InferencePayments` -> `inferencePaymentsAbi`, `IWOPEN` -> `iwopenAbi`, `ERC1967Proxy` -> `erc1967ProxyAbi`. */
export function abiExportName(contractName: string): string {
  const leadingCapitals = /^[A-Z][A-Z0-9]*(?=[A-Z][a-z]|$)/.exec(contractName)?.[0] ?? contractName[0];
  return `${leadingCapitals.toLowerCase()}${contractName.slice(leadingCapitals.length)}Abi`;
}

/** Relative imports (`./X.sol`, `../types/Y.sol`) of a Solidity file. */
function relativeImports(source: string): string[] {
  const imports: string[] = [];
  for (const match of source.matchAll(/^\s*import\s+(?:[^"';]*\sfrom\s+)?"(\.{1,2}\/[^"]+)"\s*;/gm)) {
    imports.push(match[1]);
  }
  return imports;
}

/** The interfaces and every repository file they import, transitively, as paths relative to contracts/. */
export function interfaceClosure(contractsDir = path.join(ROOT, "contracts")): string[] {
  const pending = readdirSync(path.join(contractsDir, "interfaces"))
    .filter((name) => name.endsWith(".sol"))
    .map((name) => path.join("interfaces", name));
  const seen = new Set<string>();
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    const full = path.join(contractsDir, file);
    if (!existsSync(full)) throw new Error(`contracts/${file} is imported by an interface but does not exist`);
    seen.add(file);
    for (const imported of relativeImports(readFileSync(full, "utf8"))) {
      const resolved = path.normalize(path.join(path.dirname(file), imported));
      if (resolved.startsWith("..")) throw new Error(`contracts/${file} imports ${imported}, outside contracts/`);
      pending.push(resolved);
    }
  }
  return [...seen].sort();
}

function writeAbiModule(staging: string, artifacts: Artifact[], errors: AbiFragment[]): void {
  const lines = [
    "// Generated by scripts/packages/contracts.ts from the compiled artifacts. Do not edit.",
    ...artifacts.map((a) => `export const ${abiExportName(a.contractName)} = ${JSON.stringify(a.abi)} as const;`),
    `export const openLedgerErrorsAbi = ${JSON.stringify(errors)} as const;`,
    "",
  ];
  const sourceDir = path.join(staging, ".abi-src");
  mkdirSync(sourceDir, { recursive: true });
  writeFileSync(path.join(sourceDir, "index.ts"), lines.join("\n"));
  execFileSync(
    path.join(ROOT, "node_modules/.bin/tsc"),
    [
      path.join(sourceDir, "index.ts"),
      "--declaration",
      "--module",
      "es2022",
      "--target",
      "es2022",
      "--moduleResolution",
      "bundler",
      "--skipLibCheck",
      "--outDir",
      path.join(staging, "abi"),
    ],
    { stdio: ["ignore", "inherit", "inherit"] },
  );
  rmSync(sourceDir, { recursive: true });
}

/** Stages the package under build/packages/contracts and packs it; returns the tarball's path. */
export function buildContractsPackage(outDir = path.join(ROOT, "build/packages")): BuiltPackage {
  const artifacts = productionArtifacts();
  const errors = combinedErrors(artifacts);
  const staging = path.join(outDir, "contracts");
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(path.join(staging, "abi"), { recursive: true });

  for (const file of ["package.json", "README.md", "CHANGELOG.md"]) {
    cpSync(path.join(PACKAGE_SOURCE, file), path.join(staging, file));
  }
  for (const file of interfaceClosure()) {
    mkdirSync(path.dirname(path.join(staging, file)), { recursive: true });
    cpSync(path.join(ROOT, "contracts", file), path.join(staging, file));
  }
  for (const artifact of artifacts) {
    writeFileSync(
      path.join(staging, "abi", `${artifact.contractName}.json`),
      `${JSON.stringify(artifact.abi, null, 2)}\n`,
    );
  }
  writeFileSync(path.join(staging, "abi", "errors.json"), `${JSON.stringify(errors, null, 2)}\n`);
  writeAbiModule(staging, artifacts, errors);
  mkdirSync(path.join(staging, "deployments"), { recursive: true });
  cpSync(path.join(PACKAGE_SOURCE, "deployments"), path.join(staging, "deployments"), { recursive: true });

  const tarball = packStaged(staging, outDir);
  return { tarball, staging, contracts: artifacts.map((a) => a.contractName), errors: errors.length };
}
