/**
 * A Hardhat plugin that keeps compiler warnings located in dependency code (input source names under `npm/`:
 * OpenZeppelin, Solady, ...) off the console (docs/decisions/0542). The project cannot act on them: the one the
 * build prints today is solc's note on `tstore` in OpenZeppelin's TransientSlot, which its ReentrancyGuardTransient
 * uses exactly as the note calls safe (a guard cleared at the end of the call). Warnings in the project's own
 * contracts and tests are printed as before; errors always are; the compiler output and build info keep everything.
 */
import type { HardhatPlugin } from "hardhat/types/plugins";

const dependencyWarnings: HardhatPlugin = {
  id: "openledger-dependency-warnings",
  hookHandlers: {
    solidity: () => import("./dependency-warnings-hooks.js"),
  },
};

export default dependencyWarnings;
