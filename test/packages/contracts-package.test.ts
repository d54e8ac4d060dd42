/**
 * The `@openledger/contracts` package as a dependent project sees it: built and packed from the artifacts, installed
 * from the tarball into a project outside this repository, then used from plain Node, from TypeScript and from solc.
 */
import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";

import { Interface } from "ethers";

import { buildContractsPackage, productionArtifacts, type BuiltPackage } from "../../scripts/packages/contracts.js";
import { formatRecord, LOCAL_ADDRESS_BOOK, localDeployment } from "../../scripts/packages/local-deployment.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const require = createRequire(import.meta.url);

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts?: Record<string, Record<string, { abi: unknown[] }>>;
}

describe("@openledger/contracts package", function () {
  this.timeout(300_000);
  let work: string;
  let built: BuiltPackage;
  let project: string;
  let installed: string;

  before(function () {
    work = mkdtempSync(path.join(tmpdir(), "openledger-contracts-package-"));
    built = buildContractsPackage(path.join(work, "out"));
    project = path.join(work, "dapp");
    execFileSync("mkdir", ["-p", project]);
    writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "dapp", private: true, type: "module" }));
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", built.tarball], {
      cwd: project,
      stdio: ["ignore", "ignore", "inherit"],
    });
    installed = path.join(project, "node_modules/@openledger/contracts");
  });

  after(function () {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it("ships the ABI of every production contract and interface, and no test double", function () {
    const names = productionArtifacts().map((a) => a.contractName);
    for (const name of ["InferencePayments", "IInferencePayments", "RewardDistributor", "OpenStaking", "WOPEN"]) {
      expect(names).to.include(name);
    }
    for (const name of names) {
      const shipped = JSON.parse(readFileSync(path.join(installed, "abi", `${name}.json`), "utf8")) as unknown[];
      expect(shipped.length, name).to.be.greaterThan(0);
    }
    expect(names.some((name) => /Mock|StandIn|Harness/.test(name))).to.equal(false);
  });

  it("has one errors ABI that decodes every custom error of every production contract, OpenZeppelin's included", function () {
    const errors = new Interface(JSON.parse(readFileSync(path.join(installed, "abi/errors.json"), "utf8")) as never);
    for (const artifact of productionArtifacts()) {
      for (const fragment of new Interface(artifact.abi as never).fragments) {
        if (fragment.type !== "error") continue;
        const error = fragment as unknown as { selector: string; format(): string };
        expect(errors.getError(error.selector)?.format(), `${artifact.contractName}.${error.format()}`).to.equal(
          error.format(),
        );
      }
    }
    // A revert raised by WOPEN (an OpenZeppelin ERC-20 error) inside a protocol call decodes with the one ABI.
    const data = errors.encodeErrorResult("ERC20InsufficientBalance", [ZERO, 1n, 2n]);
    expect(errors.parseError(data)?.name).to.equal("ERC20InsufficientBalance");
  });

  it("loads its `as const` ABIs in plain Node with no TypeScript loader, equal to the JSON ones", function () {
    const script =
      "const m = await import('@openledger/contracts');" +
      "const fs = await import('node:fs');" +
      "const json = JSON.parse(fs.readFileSync('node_modules/@openledger/contracts/abi/InferencePayments.json'));" +
      "console.log(JSON.stringify({ same: JSON.stringify(m.inferencePaymentsAbi) === JSON.stringify(json)," +
      " errors: m.openLedgerErrorsAbi.length }));";
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: project,
      encoding: "utf8",
    });
    expect(JSON.parse(out)).to.deep.equal({ same: true, errors: built.errors });
  });

  it("types its ABIs as literals for TypeScript (viem and abitype infer from them)", function () {
    writeFileSync(
      path.join(project, "check.ts"),
      [
        'import { wopenAbi } from "@openledger/contracts";',
        'type Kind = (typeof wopenAbi)[number]["type"];',
        'export const ok: Kind = "function";',
        "// @ts-expect-error a literal union, not string: an unknown kind does not type-check",
        'export const bad: Kind = "no-such-kind";',
        "",
      ].join("\n"),
    );
    execFileSync(
      path.join(ROOT, "node_modules/.bin/tsc"),
      ["--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "check.ts"],
      { cwd: project, stdio: ["ignore", "inherit", "inherit"] },
    );
  });

  it("compiles a dependent's contract against the interfaces, OpenZeppelin resolved as a peer", function () {
    const source = [
      "// SPDX-License-Identifier: MIT",
      "pragma solidity ^0.8.24;",
      'import {IInferencePayments} from "@openledger/contracts/interfaces/IInferencePayments.sol";',
      'import {IRewardDistributor} from "@openledger/contracts/interfaces/IRewardDistributor.sol";',
      'import {IOpenStaking} from "@openledger/contracts/interfaces/IOpenStaking.sol";',
      "contract Integrator {",
      "    IInferencePayments public immutable payments;",
      "    IRewardDistributor public immutable distributor;",
      "    IOpenStaking public immutable staking;",
      "    constructor(IInferencePayments p, IRewardDistributor d, IOpenStaking s) {",
      "        payments = p; distributor = d; staking = s;",
      "    }",
      "}",
    ].join("\n");
    const solc = require("solc") as { compile(input: string, callbacks: object): string };
    const findImports = (file: string) => {
      try {
        return { contents: readFileSync(path.join(project, "node_modules", file), "utf8") };
      } catch {
        return { error: `not found in the dependent project: ${file}` };
      }
    };
    const output = JSON.parse(
      solc.compile(
        JSON.stringify({
          language: "Solidity",
          sources: { "Integrator.sol": { content: source } },
          settings: { outputSelection: { "*": { "*": ["abi"] } } },
        }),
        { import: findImports },
      ),
    ) as SolcOutput;
    const errors = (output.errors ?? []).filter((e) => e.severity === "error").map((e) => e.formattedMessage);
    expect(errors).to.deep.equal([]);
    expect(output.contracts?.["Integrator.sol"]?.Integrator?.abi.length).to.be.greaterThan(0);
  });

  it("ships an address book whose local entry is what a fresh local node's first deployment gets", function () {
    const shipped = readFileSync(path.join(installed, "deployments/31337.json"), "utf8");
    expect(shipped).to.equal(readFileSync(LOCAL_ADDRESS_BOOK, "utf8"));
    expect(formatRecord(localDeployment()), "packages/contracts/deployments/31337.json is stale").to.equal(shipped);
  });
});

const ZERO = "0x0000000000000000000000000000000000000000";
