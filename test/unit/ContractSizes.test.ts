import { expect } from "chai";
import hre from "hardhat";

import { DEPLOYABLE_CONTRACTS } from "../../deploy/protocolContracts.js";

/** EIP-170: the largest runtime code a deployment may create. */
const EIP170_LIMIT = 24_576;
/** Headroom every deployable contract keeps under the limit (design brief, issue 13). */
const MIN_HEADROOM = 1_024;

/** Every contract the protocol deploys: the one shared list (deploy/protocolContracts.ts). */
const DEPLOYABLE = DEPLOYABLE_CONTRACTS.map((c) => c.name);

describe("contract sizes: every deployable contract keeps >= 1,024 bytes under EIP-170", function () {
  const rows: [string, number, number][] = [];

  after(function () {
    console.log("      runtime size and headroom (bytes, as compiled by hardhat.config.ts):");
    for (const [name, size, headroom] of rows) {
      console.log(`        ${name.padEnd(28)} ${String(size).padStart(6)}  headroom ${String(headroom).padStart(6)}`);
    }
  });

  it("every contract compiles with the project's one setting: 10,000 optimizer runs, no per-contract override", function () {
    for (const [profile, config] of Object.entries(hre.config.solidity.profiles)) {
      expect(Object.keys(config.overrides), `${profile}: overrides`).to.deep.equal([]);
      for (const compiler of config.compilers) {
        const optimizer = (compiler.settings as { optimizer?: { enabled?: boolean; runs?: number } }).optimizer;
        expect(optimizer, `${profile}: optimizer`).to.deep.equal({ enabled: true, runs: 10_000 });
      }
    }
  });

  for (const name of DEPLOYABLE) {
    it(`${name}`, async function () {
      const artifact = await hre.artifacts.readArtifact(name);
      const size = (artifact.deployedBytecode.length - 2) / 2;
      const headroom = EIP170_LIMIT - size;
      rows.push([name, size, headroom]);
      expect(size, `${name} has no runtime code`).to.be.greaterThan(0);
      expect(headroom, `${name}: ${size} bytes`).to.be.at.least(MIN_HEADROOM);
    });
  }
});
