/**
 * Claims the way a claimant makes them: find the finalized report of the latest epoch on chain (EpochFinalized, then
 * the ReportAccepted event with the same root gives its data URI), fetch the published attribution data from the
 * content store (verified against the hash in the URI), take the account's cumulative amount and proof from it, and
 * call RewardDistributor.claim, or let a relayer claim for many accounts with claimBatch. Every claim is checked: it
 * must pay exactly the cumulative amount minus what the account had claimed before, and the account's balance must
 * grow by exactly that.
 */
import { getAddress } from "ethers";

import { fetchVerified } from "../../src/oracle/index.js";
import { eventsOf, send, type DemoContext } from "./context.js";
import type { Deployment } from "./deploy.js";

export interface AccountProof {
  amount: bigint;
  proof: string[];
}

export interface Published {
  epoch: bigint;
  root: string;
  cumulativeTotal: bigint;
  dataURI: string;
  /** The attribution data document (format openledger.attribution-data/1). */
  doc: AttributionData;
  accounts: Map<string, AccountProof>;
}

/** The parts of the published attribution data the demo reads. */
export interface AttributionData {
  epoch: string;
  cumulativeTotal: string;
  models: {
    modelId: string;
    pool: string;
    method: string | null;
    outcome: string;
    reason: string | null;
    recordsUsed: number;
    amounts: Record<string, string>;
    contributorScores: Record<string, number>;
    topContributions: { contributionId: string; contributor: string; score: number }[];
    excluded: { contributionId: string; reason: string }[];
    /** Retrieval models: records excluded for citing contributions outside the training versions. */
    excludedRecords?: { record: number; contributionId: string; reason: string }[];
  }[];
  epochAmounts: Record<string, string>;
  accounts: Record<string, { amount: string; proof: string[] }>;
}

export interface ClaimRecord {
  account: string;
  /** "claim" (by the account itself) or "claimBatch" (by the relayer). */
  via: string;
  /** The finalized epoch whose tree the proof belongs to. */
  epoch: number;
  cumulative: bigint;
  claimedBefore: bigint;
  paid: bigint;
  balanceChange: bigint;
  /** paid == cumulative - claimedBefore and the balance grew by exactly that. */
  exact: boolean;
  tx: string;
}

/** Reads the attribution data document at `dataURI`. */
export async function readAttributionData(ctx: DemoContext, dataURI: string): Promise<AttributionData> {
  return JSON.parse(new TextDecoder().decode(await fetchVerified(ctx.store, dataURI))) as AttributionData;
}

/** The finalized report of `epoch` and its published data, found from chain events. */
export async function published(ctx: DemoContext, d: Deployment, epoch: bigint): Promise<Published> {
  const oracle = d.p.attributionOracle;
  const [finalized] = await oracle.queryFilter(oracle.filters.EpochFinalized(epoch));
  if (finalized === undefined) throw new Error(`epoch ${epoch} is not finalized`);
  const root = finalized.args.cumulativeRewardsRoot;
  const accepted = (await oracle.queryFilter(oracle.filters.ReportAccepted(epoch))).filter(
    (e) => e.args.cumulativeRewardsRoot === root,
  );
  if (accepted.length === 0) throw new Error(`no accepted report of epoch ${epoch} has the finalized root`);
  const dataURI = accepted[accepted.length - 1].args.dataURI;
  const doc = await readAttributionData(ctx, dataURI);
  const accounts = new Map<string, AccountProof>();
  for (const [account, a] of Object.entries(doc.accounts)) {
    accounts.set(getAddress(account), { amount: BigInt(a.amount), proof: a.proof });
  }
  return { epoch, root, cumulativeTotal: finalized.args.cumulativeTotal, dataURI, doc, accounts };
}

/** `claimer` claims for each of `accounts` (itself with `claim` when alone and the same; else `claimBatch`). */
export async function claimFor(
  ctx: DemoContext,
  d: Deployment,
  from: Published,
  claimer: string,
  accounts: string[],
): Promise<ClaimRecord[]> {
  const { rewardDistributor, wopen } = d.p;
  const signer = ctx.people.get(claimer);
  const proofs = accounts.map((a) => {
    const p = from.accounts.get(getAddress(a));
    if (p === undefined) throw new Error(`${ctx.people.label(a)} has no leaf in epoch ${from.epoch}'s tree`);
    return p;
  });
  const before = await Promise.all(accounts.map((a) => rewardDistributor.claimed(a)));
  const balances = await Promise.all(accounts.map((a) => wopen.balanceOf(a)));
  const single = accounts.length === 1 && getAddress(accounts[0]) === signer.address;
  const receipt = await send(
    single
      ? rewardDistributor.connect(signer).claim(accounts[0], proofs[0].amount, proofs[0].proof)
      : rewardDistributor.connect(signer).claimBatch(
          accounts,
          proofs.map((p) => p.amount),
          proofs.map((p) => p.proof),
        ),
  );
  const paidTo = new Map<string, bigint>();
  for (const e of eventsOf(receipt, rewardDistributor, "Claimed")) {
    paidTo.set(
      getAddress(e.account as string),
      (paidTo.get(getAddress(e.account as string)) ?? 0n) + (e.amount as bigint),
    );
  }
  const out: ClaimRecord[] = [];
  for (const [k, account] of accounts.entries()) {
    const paid = paidTo.get(getAddress(account)) ?? 0n;
    const balanceChange = (await wopen.balanceOf(account)) - balances[k];
    out.push({
      account: getAddress(account),
      via: single ? "claim" : `claimBatch by ${claimer}`,
      epoch: Number(from.epoch),
      cumulative: proofs[k].amount,
      claimedBefore: before[k],
      paid,
      balanceChange,
      exact: paid === proofs[k].amount - before[k] && balanceChange === paid,
      tx: receipt.hash,
    });
  }
  return out;
}
