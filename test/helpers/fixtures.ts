import { network } from "hardhat";

import TokensModule from "../../deploy/modules/Tokens.js";

/**
 * A fresh in-process chain per call (`network.create()`), with the connection's ethers, network helpers and
 * Ignition. Use `networkHelpers.loadFixture` on the returned helpers to snapshot and revert between tests.
 */
export async function createChain() {
  return network.create();
}

export type Chain = Awaited<ReturnType<typeof createChain>>;

/** Deploys OPEN and WOPEN through the same Ignition module that deployments use. */
export async function deployTokens(chain: Chain) {
  const [deployer, ...users] = await chain.ethers.getSigners();
  const { open, wopen } = await chain.ignition.deploy(TokensModule, {
    parameters: { Tokens: { openRecipient: deployer.address } },
  });
  return {
    deployer,
    users,
    open: await chain.ethers.getContractAt("OpenToken", await open.getAddress()),
    wopen: await chain.ethers.getContractAt("WOPEN", await wopen.getAddress()),
  };
}
