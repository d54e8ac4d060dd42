/**
 * The generated part of the TypeScript kernel (src/protocol/abis.ts, addresses.ts, enums.ts) is what
 * scripts/generate/kernel.ts makes from the current artifacts, address book and interfaces: a contract change that
 * was not regenerated fails here, not in a dApp.
 */
import { readFileSync } from "node:fs";

import { expect } from "chai";

import {
  ABIS_FILE,
  ADDRESSES_FILE,
  ENUMS_FILE,
  abisModule,
  addressesModule,
  enumsModule,
} from "../../scripts/generate/kernel.js";

describe("generated TypeScript kernel files", function () {
  for (const [file, make] of [
    [ABIS_FILE, abisModule],
    [ADDRESSES_FILE, addressesModule],
    [ENUMS_FILE, enumsModule],
  ] as const) {
    it(`${file.slice(file.indexOf("src/"))} is current (run \`node --import tsx scripts/generate/kernel.ts\`)`, function () {
      expect(readFileSync(file, "utf8") === make(), `${file} is stale`).to.equal(true);
    });
  }
});
