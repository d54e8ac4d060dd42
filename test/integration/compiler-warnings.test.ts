/**
 * The first `npm run demo` prints no compiler warning (decision 0542): the production contracts compile without one,
 * and the warnings located in dependency code are the ones the build's plugin keeps off the console. Read from the
 * compiler output Hardhat keeps in artifacts/build-info for the build this test run made.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";

import { isDependencyWarning } from "../../scripts/hardhat/dependency-warnings-hooks.js";

interface SolcError {
  type: string;
  component: string;
  message: string;
  severity: "error" | "warning" | "info";
  errorCode?: string;
  formattedMessage?: string;
  sourceLocation?: { file?: string };
}

const BUILD_INFO = path.join(import.meta.dirname, "../../artifacts/build-info");

function compilerWarnings(): SolcError[] {
  const warnings: SolcError[] = [];
  for (const file of readdirSync(BUILD_INFO).filter((f) => f.endsWith(".output.json"))) {
    const { output } = JSON.parse(readFileSync(path.join(BUILD_INFO, file), "utf8")) as {
      output: { errors?: SolcError[] };
    };
    warnings.push(...(output.errors ?? []).filter((e) => e.severity === "warning"));
  }
  return warnings;
}

describe("Compiler warnings of the build", function () {
  it("the production contracts compile without a warning", function () {
    const own = compilerWarnings().filter((w) => w.sourceLocation?.file?.startsWith("project/contracts/"));
    expect(own.map((w) => w.formattedMessage ?? w.message)).to.deep.equal([]);
  });

  it("hides exactly the warnings located in npm packages", function () {
    for (const warning of compilerWarnings()) {
      const file = warning.sourceLocation?.file ?? "";
      expect(isDependencyWarning(warning), file).to.equal(file.startsWith("npm/"));
    }
    expect(isDependencyWarning({ ...dependencyWarning(), severity: "error" })).to.equal(false);
    const { sourceLocation: _located, ...locatedByMessage } = dependencyWarning();
    expect(isDependencyWarning(locatedByMessage)).to.equal(true);
  });
});

/** A warning as solc reports it in an npm package's source (the one OpenZeppelin's TransientSlot gives). */
function dependencyWarning(): SolcError {
  return {
    type: "Warning",
    component: "general",
    severity: "warning",
    errorCode: "2394",
    message: "Transient storage as defined by EIP-1153 can break the composability of smart contracts",
    formattedMessage:
      "Warning: Transient storage\n  --> npm/@openzeppelin/contracts@5.7.0/utils/TransientSlot.sol:108:13:",
    sourceLocation: { file: "npm/@openzeppelin/contracts@5.7.0/utils/TransientSlot.sol" },
  };
}
