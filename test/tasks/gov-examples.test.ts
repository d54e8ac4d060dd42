import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";

import {
  NEW_IMPLEMENTATION_PLACEHOLDER,
  UPGRADE_EXAMPLE,
  governanceExamples,
  withParametersTable,
  type ProposalDocument,
} from "../../tasks/gov/examples.js";
import { GOVERNANCE_PARAMETERS, parameterExample, showValue } from "../../tasks/gov/parameters.js";
import { deployWithTask } from "../helpers/run-task.js";
import { protocolAt, type ProtocolAt } from "../helpers/task-protocol.js";
import { runFailing, runJson, temporaryDirectory } from "./task-harness.js";

const EXAMPLES = path.join("examples", "governance");

interface DryRun {
  dryRun: boolean;
  simulation: { ok: boolean; method: string; actions: { status: string }[] };
}

/**
 * The example proposals of examples/governance/: generated from the one parameter list (tasks/gov/parameters.ts), and
 * each passes `gov propose --dry-run` (the simulation from the timelock) on a fresh `protocol deploy`. The bounds of
 * that list, which docs/governance.md shows, are checked against the contracts: one past each bound is refused with
 * the parameter's name and the same bounds.
 */
describe("tasks: gov example proposals", function () {
  let contracts: Record<string, string>;
  let p: ProtocolAt;
  let dir: string;

  before(async function () {
    const { deployment } = await deployWithTask();
    contracts = deployment.contracts;
    p = await protocolAt(deployment);
    dir = temporaryDirectory("openledger-gov-examples-");
  });

  function write(name: string, doc: ProposalDocument): string {
    const file = path.join(dir, name);
    writeFileSync(file, JSON.stringify(doc));
    return file;
  }

  it("examples/governance holds exactly the generated files (regenerate with examples/governance/generate.ts)", function () {
    const expected = governanceExamples();
    const onDisk = readdirSync(EXAMPLES).filter((name) => name.endsWith(".json"));
    expect(onDisk.sort()).to.deep.equal([...expected.keys()].sort());
    for (const [name, doc] of expected) {
      expect(JSON.parse(readFileSync(path.join(EXAMPLES, name), "utf8")), name).to.deep.equal(doc);
    }
    for (const parameter of GOVERNANCE_PARAMETERS) expect(expected.has(`${parameter.key}.json`)).to.equal(true);
  });

  it("docs/governance.md shows the generated parameters table", function () {
    const text = readFileSync(path.join("docs", "governance.md"), "utf8");
    expect(withParametersTable(text)).to.equal(text);
  });

  it("a fresh deployment starts every parameter at the value the list (and the docs table) says", async function () {
    const read = async (parameter: (typeof GOVERNANCE_PARAMETERS)[number]): Promise<bigint> => {
      const artifact = parameter.contract === "TimelockController" ? "TimelockController" : parameter.contract;
      const contract = await p.ethers.getContractAt(artifact, contracts[parameter.contract]);
      const iface = contract.interface;
      if (parameter.key === "timelockDelay") return (await contract.getFunction("getMinDelay")()) as bigint;
      if (parameter.key === "minOracleStake") return (await contract.getFunction("minOperatorStake")(1)) as bigint;
      if (parameter.key === "minComputeStake") return (await contract.getFunction("minOperatorStake")(2)) as bigint;
      const getter = `${parameter.key}()`;
      if (iface.getFunction(getter) !== null) return BigInt(await contract.getFunction(getter)());
      // String-keyed parameters: the contract's parameters() view names each one.
      const all = (await contract.getFunction("parameters")()) as Record<string, bigint>;
      return BigInt(all[parameter.key]);
    };
    for (const parameter of GOVERNANCE_PARAMETERS) {
      expect(await read(parameter), parameter.key).to.equal(parameter.initial);
    }
  });

  it("every parameter's example passes the simulation from the timelock", async function () {
    for (const parameter of GOVERNANCE_PARAMETERS) {
      const out = await runJson<DryRun>(["gov", "propose"], {
        file: path.join(EXAMPLES, `${parameter.key}.json`),
        dryRun: true,
      });
      expect(out.simulation, parameter.key).to.deep.include({ ok: true, method: "snapshot" });
      expect(out.simulation.actions.map((a) => a.status)).to.deep.equal(["ok"]);
    }
  });

  it("the bounds in the parameter list are the contracts': one past each bound is refused, naming the parameter", async function () {
    for (const parameter of GOVERNANCE_PARAMETERS) {
      if (parameter.min === undefined || parameter.max === undefined) continue;
      const error =
        parameter.contract === "OpenGovernor" ? "OpenGovernorParameterOutOfBounds" : "ProtocolParameterOutOfBounds";
      const outside = parameter.min > 0n ? [parameter.min - 1n, parameter.max + 1n] : [parameter.max + 1n];
      for (const value of outside) {
        const doc = parameterExample({ ...parameter, example: value });
        const message = await runFailing(["gov", "propose"], { file: write("outside.json", doc), dryRun: true });
        expect(message, `${parameter.key} = ${showValue(parameter, value)}`).to.match(
          new RegExp(
            `^action 1 \\(.+\\) would revert when the timelock executes it: ${error}\\(parameter ` +
              `"${parameter.boundKey ?? parameter.key}", ` +
              `value ${value}, min ${parameter.min}, max ${parameter.max}\\)$`,
          ),
        );
      }
    }
  });

  it("the upgrade example passes with a deployed implementation; as written (zero address, no code) it is refused", async function () {
    const example = governanceExamples().get(UPGRADE_EXAMPLE)!;
    expect(await runFailing(["gov", "propose"], { file: path.join(EXAMPLES, UPGRADE_EXAMPLE), dryRun: true })).to.equal(
      `action 1 (InferencePayments.upgradeToAndCall(address,bytes)("${NEW_IMPLEMENTATION_PLACEHOLDER}", "0x")) would ` +
        `revert when the timelock executes it: a revert without reason data`,
    );
    const at = contracts;
    const implementation = await p.ethers.deployContract("InferencePayments", [
      at.WOPEN,
      at.ModelRegistry,
      at.AgentRegistry,
    ]);
    const address = await implementation.getAddress();
    const doc = { ...example, actions: [{ ...example.actions[0], args: [address, "0x"] }] };
    const out = await runJson<DryRun>(["gov", "propose"], { file: write(UPGRADE_EXAMPLE, doc), dryRun: true });
    expect(out.simulation).to.deep.include({ ok: true });
  });
});
