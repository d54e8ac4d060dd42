/**
 * Offchain Labs' own client, @arbitrum/sdk 4.x, behind plain ethers v6 functions. This is the only module that loads
 * @arbitrum/sdk and its ethers v5 (decision 0310): callers pass ethers v6 signers and providers (or RPC URLs) and get
 * bigints and ethers v6 receipts back; no ethers v5 object leaves this file.
 *
 * Both packages are loaded on first use, not at import, so `@openledger/sdk/bridge` loads without them and a call
 * then fails with one clear line (`ArbitrumSdkMissingError`). ethers v5 is resolved from @arbitrum/sdk's own location,
 * so the adapters below build the very classes the SDK checks (`Signer.isSigner`, `Provider.isProvider`).
 *
 * What goes through the SDK: the network registration, the custom gas token's approval and deposit
 * (`EthBridger.approveGasToken`, `EthBridger.deposit` with `nativeToken`), withdrawals (`EthBridger.withdraw`), reading
 * the messages a transaction sent (`ParentTransactionReceipt.getEthDeposits` / `getParentToChildMessages`,
 * `ChildTransactionReceipt.getChildToParentEvents`), and a child-to-parent message's `status` and `execute`. The last two
 * need a Nitro node (block `sendRoot`/`sendCount` fields, NodeInterface at 0xc8) and a rollup whose assertions a
 * validator confirms; docs/orbit.md lists what stays in our own code and why.
 */
import { createRequire } from "node:module";

import type * as ArbitrumSdk from "@arbitrum/sdk";
import type * as EthersV5 from "@arbitrum/sdk/node_modules/ethers";
import type { Provider, Signer, TransactionReceipt, TransactionRequest } from "ethers";

import type { ArbitrumNetwork, OrbitDeployment } from "./network.js";

/** Thrown when @arbitrum/sdk (an optional peer dependency of `@openledger/sdk/bridge`) is not installed. */
export class ArbitrumSdkMissingError extends Error {
  constructor(reason: string) {
    super(`@arbitrum/sdk 4.x is needed for the bridge helpers (npm install @arbitrum/sdk@^4): ${reason}`);
    this.name = "ArbitrumSdkMissingError";
  }
}

interface Loaded {
  sdk: typeof ArbitrumSdk;
  v5: typeof EthersV5;
}

let loaded: Loaded | undefined;

function load(): Loaded {
  if (loaded !== undefined) return loaded;
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve("@arbitrum/sdk");
  } catch {
    throw new ArbitrumSdkMissingError("it cannot be found from @openledger/sdk");
  }
  const sdk = require(entry) as typeof ArbitrumSdk;
  // The ethers the SDK itself requires (nested under it when the project uses ethers v6).
  const v5 = createRequire(entry)("ethers") as typeof EthersV5;
  if (!/^(ethers\/)?5\./.test(v5.version)) {
    throw new ArbitrumSdkMissingError(`it resolves ethers ${v5.version}, not ethers v5`);
  }
  loaded = { sdk, v5 };
  return loaded;
}

/** A chain to read: an ethers v6 provider that forwards JSON-RPC (`send`), or an http(s) RPC URL. */
export type ChainInput = Provider | string;

type V5Provider = EthersV5.providers.JsonRpcProvider;
type V5Signer = EthersV5.Signer;

const v5Providers = new WeakMap<object, V5Provider>();

interface JsonRpcSender {
  send(method: string, params: unknown[]): Promise<unknown>;
}

function isJsonRpcSender(value: unknown): value is JsonRpcSender {
  return typeof (value as { send?: unknown } | null)?.send === "function";
}

/**
 * The ethers v5 provider the SDK reads through. A v6 provider is wrapped as an EIP-1193 source (every request goes
 * through the caller's provider, with its URL, auth and retries); a URL becomes a v5 StaticJsonRpcProvider.
 */
function toV5Provider(input: ChainInput): V5Provider {
  const { v5 } = load();
  if (typeof input === "string") return new v5.providers.StaticJsonRpcProvider(input);
  const cached = v5Providers.get(input);
  if (cached !== undefined) return cached;
  if (!isJsonRpcSender(input)) {
    throw new Error(
      "the ethers v6 provider does not forward JSON-RPC (send): use a JsonRpcProvider, BrowserProvider or Hardhat's provider, or pass an RPC URL",
    );
  }
  const provider = new v5.providers.Web3Provider({
    request: ({ method, params }: { method: string; params?: unknown[] }) => input.send(method, params ?? []),
  });
  provider.pollingInterval = 1_000;
  v5Providers.set(input, provider);
  return provider;
}

const big = (value: EthersV5.BigNumberish | null | undefined): bigint | undefined =>
  value === undefined || value === null ? undefined : load().v5.BigNumber.from(value).toBigInt();

/** A resolved ethers v5 transaction request as ethers v6 takes it (BigNumbers to bigints). */
function toV6Request(tx: EthersV5.providers.TransactionRequest): TransactionRequest {
  const request: TransactionRequest = {};
  if (tx.to !== undefined) request.to = tx.to;
  if (tx.from !== undefined) request.from = tx.from;
  if (tx.data !== undefined) request.data = load().v5.utils.hexlify(tx.data);
  if (tx.nonce !== undefined) request.nonce = Number(big(tx.nonce));
  if (tx.value !== undefined) request.value = big(tx.value);
  if (tx.gasLimit !== undefined) request.gasLimit = big(tx.gasLimit);
  if (tx.gasPrice !== undefined) request.gasPrice = big(tx.gasPrice);
  if (tx.maxFeePerGas !== undefined) request.maxFeePerGas = big(tx.maxFeePerGas);
  if (tx.maxPriorityFeePerGas !== undefined) request.maxPriorityFeePerGas = big(tx.maxPriorityFeePerGas);
  if (tx.chainId !== undefined) request.chainId = BigInt(tx.chainId);
  if (tx.type !== undefined && tx.type !== null) request.type = tx.type;
  if (tx.accessList !== undefined) request.accessList = tx.accessList;
  return request;
}

/**
 * An ethers v5 Signer over an ethers v6 one: the v6 signer fills, signs and sends every transaction (a Wallet, a
 * Hardhat account, a browser wallet alike); the SDK gets back the v5 view of the sent transaction.
 */
function toV5Signer(signer: Signer): V5Signer {
  const { v5 } = load();
  if (signer.provider === null) throw new Error("the signer has no provider");
  const provider = toV5Provider(signer.provider);

  class V6SignerAsV5 extends v5.Signer {
    declare readonly provider: V5Provider;

    constructor() {
      super();
      v5.utils.defineReadOnly(this, "provider", provider);
    }

    getAddress(): Promise<string> {
      return signer.getAddress();
    }

    signMessage(message: EthersV5.Bytes | string): Promise<string> {
      return signer.signMessage(typeof message === "string" ? message : Uint8Array.from(message));
    }

    async signTransaction(
      transaction: EthersV5.utils.Deferrable<EthersV5.providers.TransactionRequest>,
    ): Promise<string> {
      return signer.signTransaction(toV6Request(await v5.utils.resolveProperties(transaction)));
    }

    connect(other: EthersV5.providers.Provider): V5Signer {
      if (other !== provider) throw new Error("an adapted ethers v6 signer stays on its own provider");
      return this;
    }

    async sendTransaction(
      transaction: EthersV5.utils.Deferrable<EthersV5.providers.TransactionRequest>,
    ): Promise<EthersV5.providers.TransactionResponse> {
      const sent = await signer.sendTransaction(toV6Request(await v5.utils.resolveProperties(transaction)));
      // The v5 response (with its `wait`, which the SDK patches to return its receipt classes), once the node
      // serves the transaction.
      for (let attempt = 0; attempt < 120; attempt++) {
        const seen = await provider.getTransaction(sent.hash);
        if (seen !== null) return seen;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      throw new Error(`transaction ${sent.hash} was sent but the node does not serve it`);
    }
  }
  return new V6SignerAsV5();
}

/** The ethers v6 receipt of a transaction the SDK sent, read through the caller's own provider. */
async function v6Receipt(provider: Provider, hash: string): Promise<TransactionReceipt> {
  const receipt = await provider.getTransactionReceipt(hash);
  if (receipt === null) throw new Error(`no receipt for ${hash}`);
  if (receipt.status !== 1) throw new Error(`transaction ${hash} reverted`);
  return receipt;
}

function providerOf(signer: Signer): Provider {
  if (signer.provider === null) throw new Error("the signer has no provider");
  return signer.provider;
}

// ---------------------------------------------------------------------------------------------------------------------
// Network

/**
 * The @arbitrum/sdk `ArbitrumNetwork` of a deployment record (deployments/orbit-<chainId>.json), checked: a custom
 * network with a native token (the SDK's custom-gas-token paths depend on `nativeToken`).
 */
export function arbitrumNetworkOf(record: Pick<OrbitDeployment, "network">): ArbitrumNetwork {
  const network = record.network as Partial<ArbitrumNetwork> | undefined;
  const { v5 } = load();
  if (network === undefined || network === null || typeof network !== "object") {
    throw new Error("the record has no network");
  }
  if (!Number.isSafeInteger(network.chainId) || !Number.isSafeInteger(network.parentChainId)) {
    throw new Error("the record's network has no integer chainId / parentChainId");
  }
  if (typeof network.ethBridge !== "object" || network.ethBridge === null) {
    throw new Error("the record's network has no ethBridge");
  }
  for (const name of ["bridge", "inbox", "sequencerInbox", "outbox", "rollup"] as const) {
    const address = network.ethBridge[name];
    if (typeof address !== "string" || !v5.utils.isAddress(address)) {
      throw new Error(`the record's ethBridge.${name} is not an address`);
    }
  }
  if (network.nativeToken === undefined || !v5.utils.isAddress(network.nativeToken)) {
    throw new Error("the record's network has no nativeToken (OPEN on the parent chain)");
  }
  // The record must satisfy the SDK's own type: this assignment is the compile-time proof.
  const sdkNetwork: ArbitrumSdk.ArbitrumNetwork = { ...(network as ArbitrumNetwork), isCustom: true };
  return sdkNetwork;
}

/**
 * `registerCustomArbitrumNetwork` from the deployment record, so the SDK's lookups by chain id find the Orbit chain.
 * Registering the same network again is a no-op; a different network under the same chain id replaces it.
 */
export function registerOrbitNetwork(record: Pick<OrbitDeployment, "network">): ArbitrumNetwork {
  const { sdk } = load();
  const network = arbitrumNetworkOf(record);
  const known = sdk.getArbitrumNetworks().find((n) => n.chainId === network.chainId);
  if (known !== undefined && JSON.stringify(known) === JSON.stringify(network)) return known as ArbitrumNetwork;
  return sdk.registerCustomArbitrumNetwork(structuredClone(network)) as ArbitrumNetwork;
}

/** The network the SDK has registered under `chainId` (what its lookups by chain id will use), if any. */
export function registeredArbitrumNetwork(chainId: number): ArbitrumNetwork | undefined {
  const { sdk } = load();
  const known = sdk.getArbitrumNetworks().find((n) => n.chainId === chainId);
  return known === undefined ? undefined : (structuredClone(known) as ArbitrumNetwork);
}

/** What `getArbitrumNetworkInformationFromRollup` reads from the rollup on the parent chain. */
export interface RollupNetworkInformation {
  parentChainId: number;
  confirmPeriodBlocks: number;
  ethBridge: ArbitrumNetwork["ethBridge"];
  nativeToken: string;
}

/**
 * The rollup's own view of its chain (`getArbitrumNetworkInformationFromRollup`: bridge, inbox, sequencer inbox,
 * outbox, confirm period, and the bridge's native token), to check a deployment record against the parent chain.
 */
export async function readNetworkFromRollup(parent: ChainInput, rollup: string): Promise<RollupNetworkInformation> {
  const { sdk } = load();
  const info = await sdk.getArbitrumNetworkInformationFromRollup(rollup, toV5Provider(parent));
  return {
    parentChainId: info.parentChainId,
    confirmPeriodBlocks: info.confirmPeriodBlocks,
    ethBridge: { ...info.ethBridge },
    nativeToken: info.nativeToken ?? "0x0000000000000000000000000000000000000000",
  };
}

function ethBridger(record: Pick<OrbitDeployment, "network">): ArbitrumSdk.EthBridger {
  const { sdk } = load();
  return new sdk.EthBridger(registerOrbitNetwork(record));
}

// ---------------------------------------------------------------------------------------------------------------------
// Parent to child: the custom gas token (OPEN)

/**
 * `EthBridger.approveGasToken`: approves the rollup's ERC20Inbox to pull `amount` of the native token (OPEN) from the
 * signer on the parent chain. `amount` defaults to the SDK's default, unlimited.
 */
export async function approveGasToken(
  parentSigner: Signer,
  record: Pick<OrbitDeployment, "network">,
  amount?: bigint,
): Promise<TransactionReceipt> {
  const { v5 } = load();
  const tx = await ethBridger(record).approveGasToken({
    parentSigner: toV5Signer(parentSigner),
    amount: amount === undefined ? undefined : v5.BigNumber.from(amount),
  });
  await tx.wait();
  return v6Receipt(providerOf(parentSigner), tx.hash);
}

/** A deposit of the native token as the SDK reads it from the parent receipt (`getEthDeposits`). */
export interface GasTokenDeposit {
  /** The delayed-inbox message number (`InboxMessageDelivered.messageNum`). */
  messageNumber: bigint;
  from: string;
  /** Credited on the child chain (the inbox aliases a contract depositor). */
  to: string;
  /** Minted on the child chain, 18 decimals. */
  value: bigint;
  /** Hash of the child-chain deposit transaction ArbOS will create for this message (Nitro's formula). */
  childTxHash: string;
}

/** A provider that answers only `getNetwork` (the SDK needs just the child chain id to read a parent receipt). */
function childChainStub(chainId: number): V5Provider {
  const { v5 } = load();
  return new v5.providers.StaticJsonRpcProvider("http://child-chain-not-queried.invalid", {
    chainId,
    name: `orbit-${chainId}`,
  });
}

/**
 * `EthBridger.deposit` with the chain's native token: `ERC20Inbox.depositERC20(amount)` from the signer, whose
 * allowance must already cover `amount` (see `approveGasToken`). Returns the parent receipt and the deposit the SDK
 * reads from it.
 */
export async function depositGasToken(
  parentSigner: Signer,
  record: Pick<OrbitDeployment, "network">,
  amount: bigint,
): Promise<{ receipt: TransactionReceipt; deposit: GasTokenDeposit }> {
  const { v5 } = load();
  if (amount <= 0n) throw new Error("deposit amount must be positive");
  const tx = await ethBridger(record).deposit({
    parentSigner: toV5Signer(parentSigner),
    amount: v5.BigNumber.from(amount),
  });
  const sdkReceipt = await tx.wait();
  const [deposit] = await sdkReceipt.getEthDeposits(childChainStub(record.network.chainId));
  if (deposit === undefined) throw new Error("the deposit transaction delivered no deposit message");
  return {
    receipt: await v6Receipt(providerOf(parentSigner), tx.hash),
    deposit: {
      messageNumber: deposit.messageNumber.toBigInt(),
      from: deposit.from,
      to: deposit.to,
      value: deposit.value.toBigInt(),
      childTxHash: deposit.childTxHash,
    },
  };
}

/** A retryable ticket as the SDK reads it from the parent receipt (`getParentToChildMessages`). */
export interface RetryableTicket {
  messageNumber: bigint;
  /** The ticket id ArbRetryableTx knows it by on the child chain (Nitro's formula over the message). */
  retryableCreationId: string;
  /** The aliased parent-chain sender. */
  sender: string;
  to: string;
  l2CallValue: bigint;
  gasLimit: bigint;
  maxFeePerGas: bigint;
}

/** Every retryable ticket a parent-chain transaction created through the record's inbox. */
export async function getRetryableTickets(
  parent: ChainInput,
  record: Pick<OrbitDeployment, "network">,
  parentTxHash: string,
): Promise<RetryableTicket[]> {
  const { sdk } = load();
  registerOrbitNetwork(record);
  const receipt = await toV5Provider(parent).getTransactionReceipt(parentTxHash);
  if (receipt === null) throw new Error(`no parent-chain receipt for ${parentTxHash}`);
  const messages = await new sdk.ParentTransactionReceipt(receipt).getParentToChildMessages(
    childChainStub(record.network.chainId),
  );
  return messages.map((m) => ({
    messageNumber: m.messageNumber.toBigInt(),
    retryableCreationId: m.retryableCreationId,
    sender: m.sender,
    to: m.messageData.destAddress,
    l2CallValue: m.messageData.l2CallValue.toBigInt(),
    gasLimit: m.messageData.gasLimit.toBigInt(),
    maxFeePerGas: m.messageData.maxFeePerGas.toBigInt(),
  }));
}

// ---------------------------------------------------------------------------------------------------------------------
// Child to parent

/** An ArbSys `L2ToL1Tx` event: what the parent chain's Outbox executes. */
export interface ChildToParentMessage {
  /** The leaf index in the chain's send tree. */
  position: bigint;
  caller: string;
  destination: string;
  arbBlockNum: bigint;
  ethBlockNum: bigint;
  timestamp: bigint;
  callvalue: bigint;
  data: string;
  /** The item hash, 32-byte hex. */
  hash: string;
}

export type ChildToParentMessageStatus = "unconfirmed" | "confirmed" | "executed";

/**
 * `EthBridger.withdraw`: `ArbSys.withdrawEth(destination)` with `amount` of native OPEN from the child-chain signer.
 * Returns the child receipt and the message to execute on the parent once confirmed.
 */
export async function withdrawGasToken(
  childSigner: Signer,
  record: Pick<OrbitDeployment, "network">,
  destination: string,
  amount: bigint,
): Promise<{ receipt: TransactionReceipt; message: ChildToParentMessage }> {
  const { v5 } = load();
  if (amount <= 0n) throw new Error("withdrawal amount must be positive");
  if (!v5.utils.isAddress(destination) || BigInt(destination) === 0n) {
    throw new Error("destination must be a non-zero address");
  }
  const signer = toV5Signer(childSigner);
  const tx = await ethBridger(record).withdraw({
    childSigner: signer,
    destinationAddress: destination,
    amount: v5.BigNumber.from(amount),
    from: await signer.getAddress(),
  });
  const sdkReceipt = await tx.wait();
  const [message] = sdkReceipt.getChildToParentEvents().map(fromSdkEvent);
  if (message === undefined) throw new Error("the withdrawal sent no child-to-parent message");
  return { receipt: await v6Receipt(providerOf(childSigner), tx.hash), message };
}

type SdkEvent = ArbitrumSdk.ChildToParentTransactionEvent;
type NitroEvent = Extract<SdkEvent, { position: unknown }>;

function fromSdkEvent(event: SdkEvent): ChildToParentMessage {
  if (!("position" in event)) throw new Error("a classic (pre-Nitro) L2ToL1Transaction event is not supported");
  const { v5 } = load();
  return {
    position: event.position.toBigInt(),
    caller: event.caller,
    destination: event.destination,
    arbBlockNum: event.arbBlockNum.toBigInt(),
    ethBlockNum: event.ethBlockNum.toBigInt(),
    timestamp: event.timestamp.toBigInt(),
    callvalue: event.callvalue.toBigInt(),
    data: event.data,
    hash: v5.utils.hexZeroPad(event.hash.toHexString(), 32),
  };
}

function toSdkEvent(message: ChildToParentMessage): NitroEvent {
  const { v5 } = load();
  const b = v5.BigNumber.from;
  return {
    position: b(message.position),
    caller: message.caller,
    destination: message.destination,
    arbBlockNum: b(message.arbBlockNum),
    ethBlockNum: b(message.ethBlockNum),
    timestamp: b(message.timestamp),
    callvalue: b(message.callvalue),
    data: message.data,
    hash: b(message.hash),
  };
}

/** The child-to-parent messages a child-chain transaction sent (`ChildTransactionReceipt.getChildToParentEvents`). */
export async function getChildToParentMessages(
  child: ChainInput,
  childTxHash: string,
): Promise<ChildToParentMessage[]> {
  const { sdk } = load();
  const receipt = await toV5Provider(child).getTransactionReceipt(childTxHash);
  if (receipt === null) throw new Error(`no child-chain receipt for ${childTxHash}`);
  return new sdk.ChildTransactionReceipt(receipt).getChildToParentEvents().map(fromSdkEvent);
}

export interface ChildToParentMessageParameters {
  record: Pick<OrbitDeployment, "network">;
  /** The Orbit chain's Nitro node (block send roots, NodeInterface). */
  child: ChainInput;
  message: ChildToParentMessage;
}

/**
 * `ChildToParentMessage.status`: unconfirmed until an assertion whose send count covers the message is confirmed on
 * the parent's rollup, then confirmed, then executed once the Outbox has spent it. Needs a Nitro node as `child`.
 */
export async function getChildToParentMessageStatus(
  params: ChildToParentMessageParameters & { parent: ChainInput },
): Promise<ChildToParentMessageStatus> {
  const { sdk } = load();
  registerOrbitNetwork(params.record);
  const reader = sdk.ChildToParentMessage.fromEvent(toV5Provider(params.parent), toSdkEvent(params.message));
  const status = await reader.status(toV5Provider(params.child));
  switch (status) {
    case sdk.ChildToParentMessageStatus.EXECUTED:
      return "executed";
    case sdk.ChildToParentMessageStatus.CONFIRMED:
      return "confirmed";
    default:
      return "unconfirmed";
  }
}

/**
 * `ChildToParentMessageWriter.execute`: the outbox proof from the node's NodeInterface, then
 * `Outbox.executeTransaction` from the parent-chain signer. Needs a Nitro node as `child` and a confirmed message.
 */
export async function executeChildToParentMessage(
  params: ChildToParentMessageParameters & { parentSigner: Signer },
): Promise<TransactionReceipt> {
  const { sdk } = load();
  registerOrbitNetwork(params.record);
  const writer = sdk.ChildToParentMessage.fromEvent(toV5Signer(params.parentSigner), toSdkEvent(params.message));
  const tx = await writer.execute(toV5Provider(params.child));
  await tx.wait();
  return v6Receipt(providerOf(params.parentSigner), tx.hash);
}
