/**
 * Every movement of OPEN into, out of and between the protocol's contracts, read from the chain: the WOPEN Transfer
 * events that touch a protocol contract (mints into the native gateway are native OPEN paid in by whoever sent the
 * transaction; burns from it are native OPEN refunded to them). From them:
 *
 *   paid in  = sum of transfers from outside into the protocol
 *   withdrawn = sum of transfers from the protocol to outside
 *   held     = sum of the protocol contracts' WOPEN balances, read with balanceOf
 *
 * and the conservation check paidIn == held + withdrawn, to the wei, plus the same identity per contract (its
 * inflows minus outflows, internal ones included, equal its balance). Nothing here is assumed: a missed event, a
 * transfer from an unexpected place or a balance that moved without an event makes a check false.
 */
import { ZeroAddress, getAddress, type Interface } from "ethers";

import type { DemoContext } from "./context.js";
import type { Deployment } from "./deploy.js";

export type FlowKind = "in" | "out" | "internal";

export interface Flow {
  block: number;
  tx: string;
  logIndex: number;
  /** The call that moved it: "InferencePayments.pay", "OpenGovernor.execute", ... */
  call: string;
  from: string;
  to: string;
  amount: bigint;
  kind: FlowKind;
  /** The outside party of an "in" or "out" flow (the transaction's sender for native OPEN). */
  party?: string;
}

export interface ContractBalance {
  name: string;
  address: string;
  inflow: bigint;
  outflow: bigint;
  balance: bigint;
  /** inflow - outflow == balance. */
  ok: boolean;
}

export interface Ledger {
  flows: Flow[];
  paidIn: bigint;
  withdrawn: bigint;
  held: bigint;
  contracts: ContractBalance[];
  parties: Map<string, { paidIn: bigint; withdrawn: bigint; calls: Set<string> }>;
  /** paidIn == held + withdrawn and every contract's identity holds. */
  ok: boolean;
  /** WOPEN's supply is covered by the native OPEN it holds. */
  wopenBacked: boolean;
}

export async function readLedger(ctx: DemoContext, d: Deployment): Promise<Ledger> {
  const { ethers } = ctx.chain;
  const { wopen } = d.p;
  // Holders: every protocol contract except the token itself.
  const holders = new Map<string, string>();
  const interfaces = new Map<string, { name: string; iface: Interface }>();
  for (const [name, address] of d.addresses) {
    const key = address.toLowerCase();
    const contractName = name.startsWith("ModelShares") ? "ModelShares" : name;
    interfaces.set(key, { name, iface: (await ethers.getContractAt(contractName, address)).interface });
    if (name !== "WOPEN") holders.set(key, name);
  }
  const isProtocol = (a: string) => holders.has(a.toLowerCase());

  const callCache = new Map<string, { call: string; from: string }>();
  const callOf = async (hash: string) => {
    let known = callCache.get(hash);
    if (known === undefined) {
      const tx = await ethers.provider.getTransaction(hash);
      if (tx === null) throw new Error(`transaction ${hash} not found`);
      const target = tx.to ? interfaces.get(tx.to.toLowerCase()) : undefined;
      const parsed = target?.iface.parseTransaction({ data: tx.data, value: tx.value });
      known = {
        call: target ? `${target.name}.${parsed?.name ?? "?"}` : (tx.to ?? "create"),
        from: getAddress(tx.from),
      };
      callCache.set(hash, known);
    }
    return known;
  };

  const flows: Flow[] = [];
  const events = await wopen.queryFilter(wopen.filters.Transfer(), 0, "latest");
  for (const e of events) {
    const { from, to, value } = e.args;
    if (value === 0n || (!isProtocol(from) && !isProtocol(to))) continue;
    const { call, from: sender } = await callOf(e.transactionHash);
    let kind: FlowKind;
    let party: string | undefined;
    if (isProtocol(from) && isProtocol(to)) {
      kind = "internal";
    } else if (isProtocol(to)) {
      kind = "in";
      party = from === ZeroAddress ? sender : getAddress(from);
    } else {
      kind = "out";
      party = to === ZeroAddress ? sender : getAddress(to);
    }
    flows.push({
      block: e.blockNumber,
      tx: e.transactionHash,
      logIndex: e.index,
      call,
      from: getAddress(from),
      to: getAddress(to),
      amount: value,
      kind,
      ...(party ? { party } : {}),
    });
  }

  let paidIn = 0n;
  let withdrawn = 0n;
  const parties: Ledger["parties"] = new Map();
  const inflow = new Map<string, bigint>();
  const outflow = new Map<string, bigint>();
  const add = (m: Map<string, bigint>, k: string, v: bigint) => m.set(k, (m.get(k) ?? 0n) + v);
  for (const f of flows) {
    if (isProtocol(f.to)) add(inflow, f.to.toLowerCase(), f.amount);
    if (isProtocol(f.from)) add(outflow, f.from.toLowerCase(), f.amount);
    if (f.party === undefined) continue;
    let p = parties.get(f.party);
    if (p === undefined) {
      p = { paidIn: 0n, withdrawn: 0n, calls: new Set() };
      parties.set(f.party, p);
    }
    p.calls.add(f.call);
    if (f.kind === "in") {
      paidIn += f.amount;
      p.paidIn += f.amount;
    } else {
      withdrawn += f.amount;
      p.withdrawn += f.amount;
    }
  }

  const contracts: ContractBalance[] = [];
  let held = 0n;
  for (const [address, name] of holders) {
    const balance = await wopen.balanceOf(address);
    held += balance;
    const i = inflow.get(address) ?? 0n;
    const o = outflow.get(address) ?? 0n;
    contracts.push({ name, address: getAddress(address), inflow: i, outflow: o, balance, ok: i - o === balance });
  }
  const wopenBacked = (await wopen.totalSupply()) <= (await ethers.provider.getBalance(await wopen.getAddress()));
  const ok = paidIn === held + withdrawn && contracts.every((c) => c.ok);
  return { flows, paidIn, withdrawn, held, contracts, parties, ok, wopenBacked };
}
