/**
 * What every stage of the demo shares: the chain, the people (named keys), the content store, output helpers and
 * small chain utilities. Stages pass their results to later stages explicitly (see index.ts).
 */
import {
  Wallet,
  formatEther,
  getAddress,
  id as keccakId,
  type Addressable,
  type ContractTransactionResponse,
  type Interface,
  type Result,
} from "ethers";
import type { network } from "hardhat";

import type { LocalContentStore } from "../../src/storage/index.js";
import type { DemoConfig } from "./config.js";

export type Chain = Awaited<ReturnType<typeof network.create>>;

export const STAGES = 7;

/** Formats an amount of OPEN (wei) with at most `decimals` decimals (truncated): "12.5 OPEN". */
export function fmt(wei: bigint, decimals = 6): string {
  const negative = wei < 0n;
  const [whole, fraction = ""] = formatEther(negative ? -wei : wei).split(".");
  const cut = fraction.slice(0, decimals).replace(/0+$/, "");
  return `${negative ? "-" : ""}${BigInt(whole).toLocaleString("en-US")}${cut ? "." + cut : ""} OPEN`;
}

/** Every decimal of an amount of OPEN (wei), for checks "to the wei". */
export function fmtExact(wei: bigint): string {
  return fmt(wei, 18);
}

/** Named people of the demo: each a deterministic key (same address every run), funded with native OPEN. */
export class People {
  private readonly wallets = new Map<string, Wallet>();
  private readonly roles = new Map<string, string>();
  private readonly names = new Map<string, string>();

  constructor(private readonly chain: Chain) {}

  /** Creates `name` (a key derived from the name) and records its role. */
  add(name: string, role: string): Wallet {
    if (this.wallets.has(name)) throw new Error(`${name} added twice`);
    const wallet = new Wallet(keccakId(`openledger-demo/${name}`), this.chain.ethers.provider);
    this.wallets.set(name, wallet);
    this.roles.set(name, role);
    this.names.set(wallet.address.toLowerCase(), name);
    return wallet;
  }

  get(name: string): Wallet {
    const wallet = this.wallets.get(name);
    if (wallet === undefined) throw new Error(`unknown person ${name}`);
    return wallet;
  }

  /** Names an address that is not a person (a contract, the deployer). */
  nameAddress(address: string, name: string, role: string): void {
    this.names.set(address.toLowerCase(), name);
    this.roles.set(name, role);
  }

  all(): { name: string; address: string; role: string }[] {
    return [...this.names].map(([address, name]) => ({
      name,
      address: getAddress(address),
      role: this.roles.get(name) ?? "",
    }));
  }

  role(name: string): string {
    return this.roles.get(name) ?? "";
  }

  /** The name of an address, or its short form. */
  label(address: string): string {
    return this.names.get(address.toLowerCase()) ?? `${address.slice(0, 6)}..${address.slice(-4)}`;
  }

  /** Gives every person `amount` of native OPEN (the in-process chain's currency stands in for it). */
  async fund(amount: bigint): Promise<void> {
    for (const wallet of this.wallets.values()) await this.chain.networkHelpers.setBalance(wallet.address, amount);
  }
}

export interface DemoContext {
  config: DemoConfig;
  chain: Chain;
  people: People;
  store: LocalContentStore;
  /** Root of the oracle nodes' state directories (fresh per run). */
  stateDir: string;
  /** Prints a line (nothing when quiet). */
  say: (line: string) => void;
  /** Prints a stage header, "[k/7] title ...". */
  stage: (k: number, title: string) => void;
}

/** Sends a transaction and waits for its receipt; returns the receipt. */
export async function send(tx: Promise<ContractTransactionResponse>) {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("transaction dropped");
  return receipt;
}

/**
 * The custom error a reverted call carries, decoded with `iface`: from ethers' decoded `revert` when the provider
 * gives one, else from the raw revert data (Hardhat's in-process provider puts it in `data`).
 */
export function revertOf(error: unknown, iface: Interface): { name: string; args: unknown[] } | undefined {
  const e = error as { revert?: { name?: string; args?: unknown[] }; data?: unknown };
  if (e.revert?.name) return { name: e.revert.name, args: [...(e.revert.args ?? [])] };
  if (typeof e.data !== "string" || !e.data.startsWith("0x")) return undefined;
  const parsed = iface.parseError(e.data);
  return parsed ? { name: parsed.name, args: [...parsed.args] } : undefined;
}

/** A UTC date and time for timestamps: "2035-01-01 06:00". */
export function when(timestamp: bigint): string {
  return new Date(Number(timestamp) * 1000).toISOString().slice(0, 16).replace("T", " ");
}

/** The arguments of every `eventName` that `contract` emitted in `receipt`. */
export function eventsOf(
  receipt: { logs: readonly { address: string; topics: readonly string[]; data: string }[] },
  contract: { interface: Interface; target: string | Addressable },
  eventName: string,
): Result[] {
  const address = String(contract.target).toLowerCase();
  const out: Result[] = [];
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== address) continue;
    const parsed = contract.interface.parseLog({ topics: [...log.topics], data: log.data });
    if (parsed?.name === eventName) out.push(parsed.args);
  }
  return out;
}
