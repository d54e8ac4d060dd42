/**
 * The SDK's core: a client bound to one deployment (from the address book or given), and the three operations every
 * action is made of: `read` a view, `write` a transaction (simulated first, so a revert is reported decoded before
 * any gas is spent) and `decodeReceipt`.
 */
import { Interface, type LogDescription, type Result } from "ethers";

import { abisByName, addressBook, type AddressBookEntry } from "../protocol/index.js";
import { decodeRevert, OpenLedgerError, revertDataOf } from "./errors.js";
import type { Log, Receipt, Transport } from "./transport.js";

export type ContractName = keyof typeof abisByName;

/** A deployment record: what `protocol deploy` writes to deployments/<chainId>.json and the address book ships. */
export type Deployment = AddressBookEntry;

export interface OpenLedgerClient {
  readonly transport: Transport;
  readonly chainId: bigint;
  readonly deployment: Deployment;
  /** The OpenLedger indexer's base URL: history queries (src/sdk/indexer.ts) ask it instead of scanning logs. */
  readonly indexerUrl?: string;
}

export interface CreateClientParameters {
  transport: Transport;
  /** The deployment to use; by default the address book's entry for the transport's chain. */
  deployment?: Deployment;
  /** An OpenLedger indexer (`npm run indexer`), e.g. http://127.0.0.1:42069, for history queries. */
  indexerUrl?: string;
}

/** Binds a transport to a deployment; refuses a chain the deployment is not on. */
export async function createClient({
  transport,
  deployment,
  indexerUrl,
}: CreateClientParameters): Promise<OpenLedgerClient> {
  const chainId = await transport.chainId();
  const chosen = deployment ?? (addressBook as Record<string, Deployment>)[chainId.toString()];
  if (chosen === undefined) {
    throw new Error(
      `no OpenLedger deployment is known for chain ${chainId}: pass \`deployment\` (deployments/<chainId>.json)`,
    );
  }
  if (BigInt(chosen.chainId) !== chainId) {
    throw new Error(`the deployment is for chain ${chosen.chainId} but the transport is on chain ${chainId}`);
  }
  if (indexerUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(indexerUrl)) {
    throw new Error(`indexerUrl is not an http(s) URL: ${indexerUrl}`);
  }
  return { transport, chainId, deployment: chosen, ...(indexerUrl === undefined ? {} : { indexerUrl }) };
}

const interfaces = new Map<string, Interface>();

export function contractInterface(name: ContractName): Interface {
  let found = interfaces.get(name);
  if (found === undefined) {
    found = new Interface(abisByName[name] as never);
    interfaces.set(name, found);
  }
  return found;
}

/** The address of a protocol contract in the client's deployment (`asset` for the asset). */
export function addressOf(client: OpenLedgerClient, name: ContractName | "asset"): string {
  const address = name === "asset" ? client.deployment.asset : client.deployment.contracts[name];
  if (address === undefined) throw new Error(`the deployment on chain ${client.chainId} has no ${name}`);
  return address;
}

/** Which ABI the asset speaks: WOPEN's (an ERC-20 with permit) fits OPEN as well. */
const ASSET_ABI: ContractName = "WOPEN";

function target(client: OpenLedgerClient, name: ContractName | "asset") {
  return { address: addressOf(client, name), iface: contractInterface(name === "asset" ? ASSET_ABI : name) };
}

/** Calls view `fn` of contract `name` and returns its decoded result (one value, or the tuple for several). */
export async function read<T = unknown>(
  client: OpenLedgerClient,
  name: ContractName | "asset",
  fn: string,
  args: readonly unknown[] = [],
): Promise<T> {
  const { address, iface } = target(client, name);
  const data = iface.encodeFunctionData(fn, args);
  let returned: string;
  try {
    returned = await client.transport.call({ to: address, data });
  } catch (e) {
    throw new OpenLedgerError(`${name}.${fn}`, decodeRevert(revertDataOf(e) ?? ""), { cause: e });
  }
  const result = iface.decodeFunctionResult(fn, returned);
  return (result.length === 1 ? result[0] : result) as T;
}

export interface WriteResult {
  transactionHash: string;
  blockNumber: bigint;
  /** The protocol events the transaction emitted, decoded (events of other contracts are left out). */
  events: DecodedEvent[];
}

/**
 * Sends `fn(args)` to contract `name` from the transport's account. Simulates it first: a call that would revert
 * throws an OpenLedgerError with the decoded reason and sends nothing.
 */
export async function write(
  client: OpenLedgerClient,
  name: ContractName | "asset",
  fn: string,
  args: readonly unknown[] = [],
  options: { value?: bigint } = {},
): Promise<WriteResult> {
  const { address, iface } = target(client, name);
  const data = iface.encodeFunctionData(fn, args);
  const action = `${name}.${fn}`;
  try {
    await client.transport.call({ to: address, data, value: options.value });
  } catch (e) {
    throw new OpenLedgerError(action, decodeRevert(revertDataOf(e) ?? ""), { cause: e });
  }
  let receipt: Receipt;
  try {
    receipt = await client.transport.send({ to: address, data, value: options.value });
  } catch (e) {
    throw new OpenLedgerError(action, decodeRevert(revertDataOf(e) ?? ""), { cause: e });
  }
  if (receipt.status !== "success") throw new OpenLedgerError(action, undefined);
  return {
    transactionHash: receipt.transactionHash,
    blockNumber: receipt.blockNumber,
    events: decodeReceipt(client, receipt),
  };
}

export interface DecodedEvent {
  /** The contract's name in the deployment (`asset` for the asset, `ModelShares` for a model's share token). */
  contract: string;
  address: string;
  name: string;
  args: Result;
  logIndex: number;
}

/** Decodes the protocol events of a receipt's logs (logs of contracts outside the deployment are skipped). */
export function decodeReceipt(client: OpenLedgerClient, receipt: { logs: readonly Log[] }): DecodedEvent[] {
  const byAddress = new Map<string, ContractName | "asset">();
  for (const [name, address] of Object.entries(client.deployment.contracts)) {
    if (name in abisByName) byAddress.set(address.toLowerCase(), name as ContractName);
  }
  byAddress.set(client.deployment.asset.toLowerCase(), "asset");
  const decoded: DecodedEvent[] = [];
  for (const log of receipt.logs) {
    const name = byAddress.get(log.address.toLowerCase());
    if (name === undefined) continue;
    let parsed: LogDescription | null = null;
    try {
      parsed = target(client, name).iface.parseLog({ topics: [...log.topics], data: log.data });
    } catch {
      parsed = null;
    }
    if (parsed !== null) {
      decoded.push({
        contract: name,
        address: log.address,
        name: parsed.name,
        args: parsed.args,
        logIndex: log.logIndex,
      });
    }
  }
  return decoded;
}

/** The first event named `event` in a write's result; throws when the transaction did not emit it. */
export function eventOf(result: WriteResult, event: string): DecodedEvent {
  const found = result.events.find((e) => e.name === event);
  if (found === undefined) throw new Error(`transaction ${result.transactionHash} emitted no ${event}`);
  return found;
}
