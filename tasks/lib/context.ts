/**
 * What every actor task starts from: the network connection, the acting account (`--account <index>` among the
 * configured accounts), the protocol's addresses from deployments/<chainId>.json, typed contracts connected to the
 * acting account, and the helpers every task uses around a transaction (wait for it, read its events, decode reverts).
 */
import { Wallet, type ContractRunner, type Interface, type TransactionReceipt } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { protocolContract } from "./contracts.js";
import { contractAddress, deploymentFile, readDeployment, scanStart, type Deployment } from "./deployments.js";
import { TaskError } from "./errors.js";
import { CalldataSigner, privateKey, type ChosenSigner, type SignerChoice } from "./signer.js";
import { connectWithTimeout } from "./timeouts.js";

export type Connection = Awaited<ReturnType<HardhatRuntimeEnvironment["network"]["getOrCreate"]>>;
export type Ethers = Connection["ethers"];
export type Signer = Awaited<ReturnType<Ethers["getSigners"]>>[number];

/**
 * Connects, picks the signer (`--account`, or with a write task's options `--private-key-var` or `--calldata`) and
 * reads the deployment record of the connected chain.
 */
export async function actorContext(
  hre: HardhatRuntimeEnvironment,
  who: number | string | SignerChoice,
  options: { rpcTimeoutMs?: number } = {},
) {
  const connection = await connectWithTimeout(hre, options.rpcTimeoutMs);
  const { ethers } = connection;
  /** The acting account. */
  const signer = await chooseSigner(hre, ethers, typeof who === "object" ? who : { account: who });
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const deployment = await readDeployment(chainId);
  await checkDeploymentOnChain(ethers, deployment, connection.networkName);
  /** Address of a deployed contract by its name in the deployment record (TaskError if it has none). */
  const address = (name: string): string => contractAddress(deployment, name);
  return {
    connection,
    ethers,
    signer,
    chainId,
    deployment,
    /** First block of every event scan: the deployment's start block. */
    fromBlock: scanStart(deployment),
    address,
    ...protocolContracts(deployment, signer),
  };
}

export type ActorContext = Awaited<ReturnType<typeof actorContext>>;

/**
 * The contracts most tasks use, built from the kernel's ABIs at the deployment's addresses and connected to `runner`
 * (async, as the tasks await them).
 */
export function protocolContracts(deployment: Deployment, runner: ContractRunner) {
  const at = (name: "DatanetRegistry" | "ModelRegistry" | "AgentRegistry" | "OpenStaking") => async () =>
    protocolContract(name, contractAddress(deployment, name), runner);
  return {
    datanetRegistry: at("DatanetRegistry"),
    modelRegistry: at("ModelRegistry"),
    agentRegistry: at("AgentRegistry"),
    staking: at("OpenStaking"),
    /** The protocol asset (the deployment's `asset`, else its WOPEN). */
    wopen: async () => protocolContract("WOPEN", deployment.asset ?? contractAddress(deployment, "WOPEN"), runner),
  };
}

/**
 * The signer a write task's options name: `--private-key-var` (a Wallet over the connection), `--calldata` (a
 * CalldataSigner standing for the `--account` address: the task's checks are that account's, and its first
 * transaction is printed instead of sent), else the configured account `--account`.
 */
export async function chooseSigner(
  hre: HardhatRuntimeEnvironment,
  ethers: Ethers,
  choice: SignerChoice,
): Promise<ChosenSigner> {
  const keyVariable = choice.privateKeyVar ?? "";
  if (keyVariable !== "" && String(choice.account).trim() !== "0") {
    throw new TaskError("give either --account or --private-key-var, not both");
  }
  if (keyVariable !== "" && choice.calldata === true) {
    throw new TaskError("--calldata sends nothing, so it takes no --private-key-var");
  }
  if (keyVariable !== "") return new Wallet(await privateKey(hre, keyVariable), ethers.provider);
  const account = await signerAt(ethers, choice.account);
  if (choice.calldata === true) return new CalldataSigner(account.address, ethers.provider);
  return account;
}

/** The configured account number `index` (the local node's accounts are numbered from 0). */
export async function signerAt(ethers: Ethers, index: number | string): Promise<Signer> {
  const signers = await ethers.getSigners();
  return signers[parseAccountIndex(index, signers.length)];
}

/** `--account` as a number below `count` (given as a number in-process, as a string from the command line). */
export function parseAccountIndex(value: number | string, count: number): number {
  const text = String(value).trim();
  const index = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(index) || index >= count) {
    throw new TaskError(
      `--account ${text}: not one of this network's accounts; give a number from 0 to ${count - 1} ` +
        `(the network has ${count} account(s))`,
    );
  }
  return index;
}

/**
 * The deployment record must be for the chain the task is connected to: a local node restarted from an empty chain
 * keeps chain id 31337, so its old deployments/31337.json names contracts that are not there any more, and every
 * call would fail with "could not decode result data". One code read tells.
 */
export async function checkDeploymentOnChain(ethers: Ethers, deployment: Deployment, network: string): Promise<void> {
  const name =
    deployment.contracts.AttributionOracle !== undefined ? "AttributionOracle" : Object.keys(deployment.contracts)[0];
  const address = name === undefined ? undefined : deployment.contracts[name];
  if (address === undefined) return;
  if ((await ethers.provider.getCode(address)) === "0x") {
    throw new TaskError(
      `${deploymentFile(deployment.chainId)} names contracts that are not on network ${network} (no code at ` +
        `${name} ${address}; a restarted local node, or another chain with the same id?): run \`protocol deploy\` ` +
        "on this network, or connect to the network that deployment is on",
    );
  }
}

/** Timestamp of the latest block: "now" for every time check a task makes before sending a transaction. */
export async function chainNow(ethers: Ethers): Promise<bigint> {
  const block = await ethers.provider.getBlock("latest");
  if (block === null) throw new TaskError("the network returned no latest block");
  return BigInt(block.timestamp);
}

/** Waits for a sent transaction and returns its receipt; a dropped transaction is a one-line error. */
export async function mined<R extends TransactionReceipt>(
  tx: Promise<{ wait(): Promise<R | null> }> | { wait(): Promise<R | null> },
): Promise<R> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new TaskError("the transaction was dropped (no receipt)");
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
