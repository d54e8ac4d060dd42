/**
 * Simulated Orbit child chain (tests and local runs only): installs the precompile mocks with `hardhat_setCode` at
 * the real precompile addresses, and the chain-ownership stack with the real UpgradeExecutor artifact.
 */
import { Contract, ContractFactory, type Signer } from "ethers";

import { nitroOzArtifact, upgradeExecutorArtifact } from "./artifacts.js";
import { ARB_GAS_INFO, ARB_OWNER, ARB_OWNER_PUBLIC, ARB_SYS } from "./constants.js";

/** What the setup needs from a Hardhat connection: raw JSON-RPC and contract factories of the project. */
export interface SimulatedChain {
  provider: { request(args: { method: string; params?: unknown[] }): Promise<unknown> };
  getContractFactory(name: string, signer?: Signer): Promise<ContractFactory>;
}

async function deployedCode(factory: ContractFactory): Promise<string> {
  const contract = await factory.deploy();
  await contract.waitForDeployment();
  const code = await contract.runner?.provider?.getCode(await contract.getAddress());
  if (code === undefined || code === "0x") throw new Error("mock deployment produced no code");
  return code;
}

/**
 * Installs ArbSys (0x64), ArbOwnerPublic (0x6b), ArbGasInfo (0x6c) and ArbOwner (0x70) mocks and runs their genesis:
 * `initialChainOwner` is the chain config's InitialChainOwner; `simulator` drives mock-only controls (the relayer).
 */
export async function installPrecompileMocks(
  chain: SimulatedChain,
  signer: Signer,
  initialChainOwner: string,
  chainConfigJson: string,
): Promise<void> {
  const mocks: [string, string][] = [
    ["ArbSysMock", ARB_SYS],
    ["ArbOwnerPublicMock", ARB_OWNER_PUBLIC],
    ["ArbGasInfoMock", ARB_GAS_INFO],
    ["ArbOwnerMock", ARB_OWNER],
  ];
  for (const [name, address] of mocks) {
    const code = await deployedCode(await chain.getContractFactory(name, signer));
    await chain.provider.request({ method: "hardhat_setCode", params: [address, code] });
  }
  const arbSys = new Contract(ARB_SYS, ["function mockInitialize(address)"], signer);
  await (await arbSys.mockInitialize(await signer.getAddress())).wait();
  const arbOwner = new Contract(ARB_OWNER, ["function mockInitialize(address,string)"], signer);
  await (await arbOwner.mockInitialize(initialChainOwner, chainConfigJson)).wait();
}

export interface ChildUpgradeExecutor {
  upgradeExecutor: string;
  upgradeExecutorLogic: string;
  proxyAdmin: string;
}

/**
 * Deploys the child chain's UpgradeExecutor behind a TransparentUpgradeableProxy (as Arbitrum's token-bridge creator
 * does on the child chain): ADMIN_ROLE held by the executor itself, EXECUTOR_ROLE by `executors` (the DAO timelock).
 * The ProxyAdmin is then owned by the executor, so only governance can upgrade it.
 */
export async function deployChildUpgradeExecutor(signer: Signer, executors: string[]): Promise<ChildUpgradeExecutor> {
  const logicArtifact = upgradeExecutorArtifact();
  const logic = await new ContractFactory(logicArtifact.abi as never[], logicArtifact.bytecode, signer).deploy();
  await logic.waitForDeployment();
  const adminArtifact = nitroOzArtifact("proxy/transparent/ProxyAdmin");
  const proxyAdmin = await new ContractFactory(adminArtifact.abi as never[], adminArtifact.bytecode, signer).deploy();
  await proxyAdmin.waitForDeployment();
  const proxyArtifact = nitroOzArtifact("proxy/transparent/TransparentUpgradeableProxy");
  const proxy = await new ContractFactory(proxyArtifact.abi as never[], proxyArtifact.bytecode, signer).deploy(
    await logic.getAddress(),
    await proxyAdmin.getAddress(),
    "0x",
  );
  await proxy.waitForDeployment();
  const upgradeExecutor = await proxy.getAddress();
  const executor = new Contract(upgradeExecutor, logicArtifact.abi as never[], signer);
  await (await executor.initialize(upgradeExecutor, executors)).wait();
  const admin = new Contract(await proxyAdmin.getAddress(), adminArtifact.abi as never[], signer);
  await (await admin.transferOwnership(upgradeExecutor)).wait();
  return {
    upgradeExecutor,
    upgradeExecutorLogic: await logic.getAddress(),
    proxyAdmin: await proxyAdmin.getAddress(),
  };
}

/**
 * Makes `upgradeExecutor` the only chain owner: the initial owner (the chain config's InitialChainOwner) adds it,
 * then removes itself.
 */
export async function handChainOwnershipTo(ownerSigner: Signer, upgradeExecutor: string): Promise<void> {
  const arbOwner = new Contract(
    ARB_OWNER,
    ["function addChainOwner(address)", "function removeChainOwner(address)"],
    ownerSigner,
  );
  await (await arbOwner.addChainOwner(upgradeExecutor)).wait();
  await (await arbOwner.removeChainOwner(await ownerSigner.getAddress())).wait();
}
