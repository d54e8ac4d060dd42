/**
 * The SDK talks to a chain through one small interface, so the same actions run on an ethers v6 signer or provider
 * and on viem clients. Everything the protocol needs is here: read calls, logs, sending a transaction and waiting
 * for its receipt, and EIP-712 signing. Adapters: `ethersTransport` and `viemTransport`.
 */
import type { Provider, Signer, TypedDataField } from "ethers";

export type Hex = `0x${string}`;

export interface CallRequest {
  to: string;
  data: string;
  value?: bigint;
}

export interface Log {
  address: string;
  topics: readonly string[];
  data: string;
  blockNumber: bigint;
  transactionHash: string;
  logIndex: number;
}

export interface Receipt {
  transactionHash: string;
  blockNumber: bigint;
  status: "success" | "reverted";
  logs: readonly Log[];
}

export interface LogFilter {
  address: string | readonly string[];
  topics?: readonly (string | null)[];
  fromBlock: bigint;
  toBlock?: bigint;
}

/** EIP-712 typed data, as both clients accept it. */
export interface TypedData {
  domain: { name: string; version: string; chainId: bigint; verifyingContract: string };
  types: Record<string, readonly { name: string; type: string }[]>;
  primaryType: string;
  message: Record<string, unknown>;
}

export interface Transport {
  chainId(): Promise<bigint>;
  /** `eth_call` at the latest block (from the account when there is one). */
  call(request: CallRequest): Promise<string>;
  getLogs(filter: LogFilter): Promise<Log[]>;
  blockNumber(): Promise<bigint>;
  /** The account that signs and sends; undefined for a read-only transport. */
  account(): Promise<string | undefined>;
  /** Sends a transaction from the account and waits for its receipt (a reverted receipt is returned, not thrown). */
  send(request: CallRequest): Promise<Receipt>;
  signTypedData(data: TypedData): Promise<string>;
}

/** The error a read-only transport throws when asked to send or sign. */
export class ReadOnlyTransportError extends Error {
  override name = "ReadOnlyTransportError";
  constructor(what: string) {
    super(`${what} needs an account: give the SDK a signer (ethers) or a wallet client (viem)`);
  }
}

function isSigner(runner: Signer | Provider): runner is Signer {
  return typeof (runner as Signer).signTypedData === "function";
}

/** An ethers v6 `Signer` (reads, sends and signs) or `Provider` (reads only). */
export function ethersTransport(runner: Signer | Provider): Transport {
  const provider = isSigner(runner) ? runner.provider : runner;
  if (provider === null || provider === undefined) throw new Error("the ethers signer has no provider");
  const signer = isSigner(runner) ? runner : undefined;
  return {
    chainId: async () => (await provider.getNetwork()).chainId,
    call: async ({ to, data, value }) =>
      provider.call({ to, data, value, from: signer === undefined ? undefined : await signer.getAddress() }),
    blockNumber: async () => BigInt(await provider.getBlockNumber()),
    getLogs: async ({ address, topics, fromBlock, toBlock }) => {
      const logs = await provider.getLogs({
        address: address as string | string[],
        topics: topics as (string | null)[] | undefined,
        fromBlock,
        toBlock: toBlock ?? "latest",
      });
      return logs.map((l) => ({
        address: l.address,
        topics: l.topics,
        data: l.data,
        blockNumber: BigInt(l.blockNumber),
        transactionHash: l.transactionHash,
        logIndex: l.index,
      }));
    },
    account: async () => signer?.getAddress(),
    send: async ({ to, data, value }) => {
      if (signer === undefined) throw new ReadOnlyTransportError("sending a transaction");
      const response = await signer.sendTransaction({ to, data, value });
      const receipt = await response.wait();
      if (receipt === null) throw new Error(`transaction ${response.hash} was dropped`);
      return {
        transactionHash: receipt.hash,
        blockNumber: BigInt(receipt.blockNumber),
        status: receipt.status === 1 ? "success" : "reverted",
        logs: receipt.logs.map((l) => ({
          address: l.address,
          topics: l.topics,
          data: l.data,
          blockNumber: BigInt(l.blockNumber),
          transactionHash: l.transactionHash,
          logIndex: l.index,
        })),
      };
    },
    signTypedData: async ({ domain, types, message }) => {
      if (signer === undefined) throw new ReadOnlyTransportError("signing");
      return signer.signTypedData(domain, types as unknown as Record<string, TypedDataField[]>, message);
    },
  };
}

/** The parts of viem's public and wallet clients the SDK uses (structural, so viem is not a dependency). */
export interface ViemPublicClientLike {
  getChainId(): Promise<number>;
  call(args: { to: Hex; data: Hex; value?: bigint; account?: Hex }): Promise<{ data?: Hex }>;
  getBlockNumber(): Promise<bigint>;
  request(args: { method: "eth_getLogs"; params: [Record<string, unknown>] }): Promise<unknown>;
  waitForTransactionReceipt(args: { hash: Hex }): Promise<{
    transactionHash: Hex;
    blockNumber: bigint;
    status: "success" | "reverted";
    logs: readonly {
      address: Hex;
      topics: readonly Hex[];
      data: Hex;
      blockNumber: bigint | null;
      transactionHash: Hex | null;
      logIndex: number | null;
    }[];
  }>;
}

/**
 * The parts of viem's wallet client the SDK uses. Its generic signatures are narrower than any structural type can
 * name, so the two methods take their arguments loosely; the adapter passes exactly what viem documents.
 */
export interface ViemWalletClientLike {
  account?: { address: Hex };
  getAddresses(): Promise<readonly Hex[]>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  sendTransaction(args: any): Promise<Hex>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  signTypedData(args: any): Promise<Hex>;
}

/** viem clients: a public client for reads and, to send and sign, a wallet client. */
export function viemTransport(clients: {
  publicClient: ViemPublicClientLike;
  walletClient?: ViemWalletClientLike;
}): Transport {
  const { publicClient, walletClient } = clients;
  const accountOf = async (): Promise<Hex | { address: Hex } | undefined> => {
    if (walletClient === undefined) return undefined;
    if (walletClient.account !== undefined) return walletClient.account;
    const [first] = await walletClient.getAddresses();
    return first;
  };
  const addressOf = (account: Hex | { address: Hex }): Hex => (typeof account === "string" ? account : account.address);
  const hex = (n: bigint): Hex => `0x${n.toString(16)}`;
  return {
    chainId: async () => BigInt(await publicClient.getChainId()),
    call: async ({ to, data, value }) => {
      const account = await accountOf();
      const result = await publicClient.call({
        to: to as Hex,
        data: data as Hex,
        value,
        account: account === undefined ? undefined : addressOf(account),
      });
      return result.data ?? "0x";
    },
    blockNumber: () => publicClient.getBlockNumber(),
    getLogs: async ({ address, topics, fromBlock, toBlock }) => {
      const raw = (await publicClient.request({
        method: "eth_getLogs",
        params: [
          { address, topics, fromBlock: hex(fromBlock), toBlock: toBlock === undefined ? "latest" : hex(toBlock) },
        ],
      })) as { address: Hex; topics: Hex[]; data: Hex; blockNumber: Hex; transactionHash: Hex; logIndex: Hex }[];
      return raw.map((l) => ({
        address: l.address,
        topics: l.topics,
        data: l.data,
        blockNumber: BigInt(l.blockNumber),
        transactionHash: l.transactionHash,
        logIndex: Number(BigInt(l.logIndex)),
      }));
    },
    account: async () => {
      const account = await accountOf();
      return account === undefined ? undefined : addressOf(account);
    },
    send: async ({ to, data, value }) => {
      const account = await accountOf();
      if (walletClient === undefined || account === undefined)
        throw new ReadOnlyTransportError("sending a transaction");
      const hash = await walletClient.sendTransaction({
        to: to as Hex,
        data: data as Hex,
        value,
        account,
        chain: null,
      });
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      return {
        transactionHash: receipt.transactionHash,
        blockNumber: receipt.blockNumber,
        status: receipt.status,
        logs: receipt.logs.map((l) => ({
          address: l.address,
          topics: l.topics,
          data: l.data,
          blockNumber: l.blockNumber ?? receipt.blockNumber,
          transactionHash: l.transactionHash ?? receipt.transactionHash,
          logIndex: l.logIndex ?? 0,
        })),
      };
    },
    signTypedData: async ({ domain, types, primaryType, message }) => {
      const account = await accountOf();
      if (walletClient === undefined || account === undefined) throw new ReadOnlyTransportError("signing");
      return walletClient.signTypedData({ account, domain, types, primaryType, message });
    },
  };
}
