/**
 * Contracts as the tasks talk to them: an ethers Contract built from the TypeScript kernel's generated ABI
 * (src/protocol/abis.ts) at an address of the deployment record. No build artifact and no generated binding is read,
 * so the tasks run from any Hardhat project that installed the plugin, without compiling the protocol's contracts.
 */
import { Contract, EventLog, Interface, type ContractEventName, type ContractRunner, type InterfaceAbi } from "ethers";

import { abisByName } from "../../src/protocol/index.js";
import { TaskError } from "./errors.js";

/** A protocol contract name the kernel has an ABI for. */
export type ProtocolContractName = keyof typeof abisByName;

/** A contract of the protocol, connected to a signer or a provider. Its methods are the ABI's functions. */
export type ProtocolContract = Contract;

/** Deployment record names whose contract has another name (the shares token's implementation is a ModelShares). */
const CONTRACT_OF_DEPLOYMENT_NAME: Record<string, ProtocolContractName> = { ModelSharesImplementation: "ModelShares" };

/** The kernel's ABI of the contract a deployment record calls `name`, or undefined if the kernel has none. */
export function abiOfDeploymentName(name: string): InterfaceAbi | undefined {
  const contract = CONTRACT_OF_DEPLOYMENT_NAME[name] ?? name;
  return Object.hasOwn(abisByName, contract)
    ? (abisByName[contract as ProtocolContractName] as unknown as InterfaceAbi)
    : undefined;
}

/** The kernel's ABI of `name` as an ethers Interface (TaskError if the kernel has none). */
export function protocolInterface(name: string): Interface {
  const abi = abiOfDeploymentName(name);
  if (abi === undefined) throw new TaskError(`no ABI for a protocol contract named ${name}`);
  return new Interface(abi);
}

/** The contract `name` (a kernel ABI name) at `address`, connected to `runner`. */
export function protocolContract(name: ProtocolContractName, address: string, runner?: ContractRunner | null) {
  return new Contract(address, abisByName[name] as unknown as InterfaceAbi, runner ?? null);
}

/**
 * The events of `contract` that match `filter` from block `fromBlock`, decoded (`args` by name): every log a filter of
 * the contract's own ABI returns decodes with it.
 */
export async function queryEvents(
  contract: Contract,
  filter: ContractEventName,
  fromBlock: number,
  toBlock: number | "latest" = "latest",
): Promise<EventLog[]> {
  const logs = await contract.queryFilter(filter, fromBlock, toBlock);
  return logs.filter((log): log is EventLog => log instanceof EventLog);
}
