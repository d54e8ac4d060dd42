import { network } from "hardhat";

import { installPrecompileMocks } from "../../src/orbit/childChain.js";
import { defaultChainConfig, nitroChainConfigJson } from "../../src/orbit/chainConfig.js";
import { deployRollupCreatorStack } from "../../src/orbit/creatorStack.js";
import { createOrbitChain } from "../../src/orbit/createRollup.js";
import { OrbitTestRelayer } from "../../src/orbit/relayer.js";

/**
 * The simulated Orbit pair: `parent` (chain 1337) runs the real nitro-contracts 3.2.0 rollup stack with OPEN as the
 * child's native token; `child` (chain 412346) has the precompile mocks and is driven by the test relayer.
 */
export async function createOrbitPair() {
  const parent = await network.create("parent");
  const child = await network.create("child");
  const [deployer, ...parentUsers] = await parent.ethers.getSigners();
  const childSigners = await child.ethers.getSigners();

  const open = await (await parent.ethers.getContractFactory("OpenToken")).deploy(deployer.address);
  await open.waitForDeployment();
  const stack = await deployRollupCreatorStack(deployer);
  const config = defaultChainConfig({
    nativeToken: await open.getAddress(),
    owner: deployer.address,
    confirmPeriodBlocks: 20,
  });
  const deployment = await createOrbitChain(
    deployer,
    stack.rollupCreator,
    config,
    await parent.ethers.getContractFactory("OpenFeeTokenPricer"),
  );

  // Child genesis: the chain config's InitialChainOwner (the deployer's address) owns the chain until hand-over.
  const childDeployer = childSigners[0];
  await installPrecompileMocks(
    { provider: child.provider, getContractFactory: (n, s) => child.ethers.getContractFactory(n, s) },
    childDeployer,
    config.owner,
    nitroChainConfigJson(config),
  );
  const relayer = new OrbitTestRelayer(
    { provider: parent.ethers.provider, rpc: parent.provider },
    { provider: child.ethers.provider, rpc: child.provider },
    deployment,
    childDeployer,
  );
  await relayer.skipExistingMessages();
  return { parent, child, deployer, parentUsers, childSigners, open, stack, config, deployment, relayer };
}
