import type { BaseContract, ContractFactory } from "ethers";

import type { Chain } from "./fixtures.js";

/**
 * Deploys `contractName` behind an ERC1967 (UUPS) proxy and calls its initializer with `initArgs`, in one
 * transaction, exactly as the Ignition deployment does. Returns the proxy typed as the implementation.
 */
export async function deployUupsProxy<T extends BaseContract>(
  chain: Chain,
  contractName: string,
  initArgs: unknown[],
  constructorArgs: unknown[] = [],
): Promise<T> {
  const factory: ContractFactory = await chain.ethers.getContractFactory(contractName);
  const implementation = await factory.deploy(...constructorArgs);
  await implementation.waitForDeployment();
  const initData = factory.interface.encodeFunctionData("initialize", initArgs);
  const proxyFactory = await chain.ethers.getContractFactory("ERC1967Proxy");
  const proxy = await proxyFactory.deploy(await implementation.getAddress(), initData);
  await proxy.waitForDeployment();
  return factory.attach(await proxy.getAddress()) as T;
}
