/**
 * What a registry task needs before it sends anything: the connection, the acting signer (`--account <index>`), the
 * chain's deployment record, typed contracts connected to that signer, and the ABIs that decode their custom errors.
 */
import { Interface } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { contractAddress, readDeployment, type Deployment } from "./deployments.js";
import { TaskError } from "./errors.js";

/**
 * The interfaces `runTask` decodes reverts with. Built from the artifacts before the task body runs, so that a
 * revert anywhere (estimate, send, view) prints its custom error name.
 */
export async function errorDecoders(hre: HardhatRuntimeEnvironment, names: readonly string[]): Promise<Interface[]> {
  const decoders: Interface[] = [];
  for (const name of names) decoders.push(new Interface((await hre.artifacts.readArtifact(name)).abi));
  return decoders;
}

/** The connection, the signer at `account`, and the deployment of the connected chain. */
export async function openProtocol(hre: HardhatRuntimeEnvironment, account: number) {
  const { ethers, networkHelpers } = await hre.network.getOrCreate();
  const signers = await ethers.getSigners();
  if (!Number.isInteger(account) || account < 0 || account >= signers.length) {
    throw new TaskError(`--account: ${account} is not an account index (this network has ${signers.length})`);
  }
  const signer = signers[account];
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const deployment: Deployment = await readDeployment(chainId);
  const address = (name: string) => contractAddress(deployment, name);
  return {
    ethers,
    networkHelpers,
    signer,
    chainId,
    deployment,
    datanetRegistry: () => ethers.getContractAt("DatanetRegistry", address("DatanetRegistry"), signer),
    modelRegistry: () => ethers.getContractAt("ModelRegistry", address("ModelRegistry"), signer),
    agentRegistry: () => ethers.getContractAt("AgentRegistry", address("AgentRegistry"), signer),
    staking: () => ethers.getContractAt("OpenStaking", address("OpenStaking"), signer),
    wopen: () => ethers.getContractAt("WOPEN", deployment.asset ?? address("WOPEN"), signer),
  };
}

export type ProtocolContext = Awaited<ReturnType<typeof openProtocol>>;

/** Waits for a transaction and returns its receipt; a dropped transaction is a one-line error. */
export async function mined<R>(tx: Promise<{ wait(): Promise<R | null> }>): Promise<R> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new TaskError("the transaction was dropped");
  return receipt;
}

/** The events named `name` that `contract` itself emitted in `receipt` (other contracts' logs are skipped). */
export function eventsIn(
  receipt: { logs: readonly { address: string; topics: readonly string[]; data: string }[] },
  contract: { target: unknown; interface: Interface },
  name: string,
) {
  const address = String(contract.target).toLowerCase();
  return receipt.logs
    .filter((log) => log.address.toLowerCase() === address)
    .map((log) => contract.interface.parseLog({ topics: [...log.topics], data: log.data }))
    .filter((parsed) => parsed !== null && parsed.name === name)
    .map((parsed) => parsed!);
}
