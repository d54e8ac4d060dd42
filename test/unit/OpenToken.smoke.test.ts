import { expect } from "chai";

import { createChain, deployTokens } from "../helpers/fixtures.js";

describe("Tokens module (smoke)", function () {
  it("deploys OPEN with the whole supply at the recipient", async function () {
    const chain = await createChain();
    const { deployer, open } = await deployTokens(chain);
    expect(await open.balanceOf(deployer.address)).to.equal(10n ** 27n);
  });
});
