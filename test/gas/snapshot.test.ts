import { expect } from "chai";
import { readFileSync, renameSync, writeFileSync } from "node:fs";

import { createChain } from "../helpers/fixtures.js";
import { gasIsMeasurable } from "../helpers/gas.js";
import { measureProtocolGas, type GasFigure } from "./scenarios.js";

/**
 * The committed gas snapshot (snapshots/gas.json) guards the key operations: a figure that grows by more than 2%
 * fails until the snapshot is refreshed on purpose with `UPDATE_GAS_SNAPSHOT=1 hardhat test mocha test/gas/snapshot.test.ts`
 * (review the diff: growth must be explained in the commit). Figures with an issue target must also meet it.
 */
const SNAPSHOT = "snapshots/gas.json";
const TOLERANCE = 0.02;

describe("gas snapshot of the key operations (whole transaction, deployed protocol)", function () {
  let measured: Record<string, GasFigure>;
  const committed = JSON.parse(readFileSync(SNAPSHOT, "utf8")) as Record<string, GasFigure>;

  before(async function () {
    if (!gasIsMeasurable()) this.skip();
    measured = await measureProtocolGas(await createChain());
    if (process.env.UPDATE_GAS_SNAPSHOT === "1") {
      writeFileSync(`${SNAPSHOT}.tmp`, `${JSON.stringify(measured, null, 2)}\n`);
      renameSync(`${SNAPSHOT}.tmp`, SNAPSHOT);
    }
  });

  it("measures every operation the snapshot lists, and lists every operation measured", function () {
    expect(Object.keys(measured).sort()).to.deep.equal(Object.keys(committed).sort());
  });

  for (const key of Object.keys(committed)) {
    it(`${key} has not grown by more than 2% (snapshot ${committed[key].gas})`, function () {
      const limit = Math.floor(committed[key].gas * (1 + TOLERANCE));
      expect(measured[key].gas, `${key}: ${measured[key].state}`).to.be.at.most(limit);
    });
  }

  for (const key of Object.keys(committed).filter((k) => committed[k].target !== undefined)) {
    it(`${key} meets its target of ${committed[key].target}`, function () {
      expect(measured[key].gas).to.be.at.most(committed[key].target!);
    });
  }
});
