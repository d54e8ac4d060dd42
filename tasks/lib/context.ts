/**
 * What every actor task starts from: the network connection, the acting account (`--account <index>` among the
 * configured accounts) and the protocol's addresses from deployments/<chainId>.json.
 */
import { Interface, type Log, type TransactionReceipt, type TransactionResponse } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { contractAddress, readDeployment, type Deployment } from "./deployments.js";
import { TaskError } from "./errors.js";

export type Connection = Awaited<ReturnType<HardhatRuntimeEnvironment["network"]["getOrCreate"]>>;
export type Ethers = Connection["ethers"];
export type Signer = Awaited<ReturnType<Ethers["getSigners"]>>[number];

export interface ActorContext {
  connection: Connection;
  ethers: Ethers;
  /** The acting account (`--account`). */
  signer: Signer;
  chainId: bigint;
  deployment: Deployment;
  /** Address of a deployed contract by its name in the deployment record (TaskError if it has none). */
  address(name: string): string;
}

/** Connects, picks account `accountIndex` and reads the deployment record of the connected chain. */
export async function actorContext(hre: HardhatRuntimeEnvironment, accountIndex: number): Promise<ActorContext> {
  const connection = await hre.network.getOrCreate();
  const { ethers } = connection;
  const signer = await signerAt(ethers, accountIndex);
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const deployment = await readDeployment(chainId);
  return { connection, ethers, signer, chainId, deployment, address: (name) => contractAddress(deployment, name) };
}

/** The configured account number `index` (the local node's accounts are numbered from 0). */
export async function signerAt(ethers: Ethers, index: number): Promise<Signer> {
  const signers = await ethers.getSigners();
  if (!Number.isInteger(index) || index < 0 || index >= signers.length) {
    throw new TaskError(`--account ${index}: this network has ${signers.length} account(s), numbered from 0`);
  }
  return signers[index];
}

/** Timestamp of the latest block: "now" for every time check a task makes before sending a transaction. */
export async function chainNow(ethers: Ethers): Promise<bigint> {
  const block = await ethers.provider.getBlock("latest");
  if (block === null) throw new TaskError("the network returned no latest block");
  return BigInt(block.timestamp);
}

/** Waits for a sent transaction and returns its receipt. */
export async function mined(response: Promise<TransactionResponse> | TransactionResponse): Promise<TransactionReceipt> {
  const receipt = await (await response).wait();
  if (receipt === null) throw new TaskError("the transaction was dropped (no receipt)");
  return receipt;
}

/** The events named `name` that `address` emitted in `receipt`, decoded with `iface`. */
export function eventsIn(receipt: TransactionReceipt, iface: Interface, address: string, name: string) {
  const wanted = address.toLowerCase();
  return receipt.logs
    .filter((log: Log) => log.address.toLowerCase() === wanted)
    .map((log: Log) => iface.parseLog(log))
    .filter((parsed) => parsed !== null && parsed.name === name)
    .map((parsed) => parsed!);
}

/** ABIs of the named artifacts, for `runTask` to decode custom errors of reverts. */
export async function decodersFor(hre: HardhatRuntimeEnvironment, names: string[]): Promise<Interface[]> {
  return Promise.all(names.map(async (name) => new Interface((await hre.artifacts.readArtifact(name)).abi)));
}
