import { expect } from "chai";
import { Wallet, getAddress } from "ethers";

import { checkOrbitChain } from "../../../src/orbit/checkChain.js";
import type { OrbitDeployment } from "../../../src/orbit/network.js";
import { type OrbitPair, createOrbitPair } from "../../helpers/orbit.js";

/** The one-line message of the error `promise` rejects with. */
async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const message = (error as Error).message;
    expect(message, "one line").to.not.include("\n");
    return message;
  }
  throw new Error("expected checkOrbitChain to fail");
}

/** The safety check `protocol deploy --network orbit` runs first (src/orbit/checkChain.ts), on the simulated pair. */
describe("Orbit: checkOrbitChain refuses any chain but the intended OPEN-gas Orbit chain", function () {
  let pair: OrbitPair;
  let openAddress: string;

  before(async function () {
    pair = await createOrbitPair();
    openAddress = await pair.open.getAddress();
  });

  it("passes on the Orbit chain of the record, whose rollup bridge uses OPEN", async function () {
    const { child, parent, deployment } = pair;
    expect(await checkOrbitChain(child.ethers.provider, deployment, openAddress, parent.ethers.provider)).to.deep.equal(
      { chainId: 412346, nativeToken: openAddress, bridge: deployment.parentContracts.bridge },
    );
    // Without the parent provider only the child-side checks run.
    expect((await checkOrbitChain(child.ethers.provider, deployment, openAddress.toLowerCase())).chainId).to.equal(
      412346,
    );
  });

  it("fails with one line on a chain whose id is not the record's", async function () {
    const { parent, deployment } = pair;
    // The parent chain (1337) taken for the Orbit chain.
    expect(await failure(checkOrbitChain(parent.ethers.provider, deployment, openAddress))).to.equal(
      "connected to chain 1337, but the Orbit record is for chain 412346",
    );
  });

  it("fails with one line on a chain with the record's id but no ArbSys (not an Arbitrum chain)", async function () {
    const { parent, deployment } = pair;
    const lookAlike: OrbitDeployment = { ...deployment, network: { ...deployment.network, chainId: 1337 } };
    expect(await failure(checkOrbitChain(parent.ethers.provider, lookAlike, openAddress))).to.equal(
      "chain 1337 has no ArbSys: not an Arbitrum chain",
    );
  });

  it("fails with one line when the native token is not the expected OPEN", async function () {
    const { child, parent, deployment } = pair;
    const otherToken = getAddress(Wallet.createRandom().address);
    // The record's native token is not the OPEN the deployment expects.
    expect(await failure(checkOrbitChain(child.ethers.provider, deployment, otherToken))).to.equal(
      `the chain's native token is ${openAddress}, not OPEN (${otherToken})`,
    );
    // An ETH-gas chain (no native token in the record).
    const ethChain: OrbitDeployment = { ...deployment, network: { ...deployment.network, nativeToken: undefined } };
    expect(await failure(checkOrbitChain(child.ethers.provider, ethChain, openAddress))).to.equal(
      `the chain's native token is ETH, not OPEN (${openAddress})`,
    );
    // A record edited to name another token: the rollup's ERC20Bridge on the parent says otherwise.
    const edited: OrbitDeployment = { ...deployment, network: { ...deployment.network, nativeToken: otherToken } };
    expect(await failure(checkOrbitChain(child.ethers.provider, edited, otherToken, parent.ethers.provider))).to.equal(
      `the rollup bridge's native token is ${openAddress}, not OPEN (${otherToken})`,
    );
  });

  it("fails with one line when the parent provider is not the record's parent chain", async function () {
    const { child, deployment } = pair;
    expect(
      await failure(checkOrbitChain(child.ethers.provider, deployment, openAddress, child.ethers.provider)),
    ).to.equal("parent provider is chain 412346, expected 1337");
  });
});
