/**
 * The protocol asset for tasks that pull it (pay, escrow, stake, fund, bond): check the account's balance and
 * allowance before any transaction, optionally wrap native OPEN into WOPEN for the shortfall (`--wrap`), then approve
 * the exact amount when the current allowance lacks it.
 */
import { formatUnits } from "ethers";

import { protocolContract, type ProtocolContract } from "./contracts.js";
import type { ActorContext } from "./context.js";
import { mined } from "./context.js";
import { TaskError } from "./errors.js";

/** What `fundAndApprove` will do, decided before any transaction. */
export interface AssetPlan {
  asset: ProtocolContract;
  spender: string;
  amount: bigint;
  /** Native OPEN to wrap first (the shortfall of the asset balance), or 0. */
  wrap: bigint;
  /** True if the allowance is below `amount`. */
  approve: boolean;
}

/**
 * How a refusal reads. `account` (the default): "account 0x… holds 1.0 WOPEN, staking needs 2.0; …".
 * `purpose`: "funding agent 1 with 2 OPEN needs 2.0 WOPEN and 0x… holds 1.0; …".
 */
export type AssetWording = "account" | "purpose";

export interface AssetPlanOptions {
  /** Names the operation in errors ("staking", "the payment", "funding agent 1 with 2 OPEN"). */
  purpose: string;
  /** Cover a shortfall by wrapping native OPEN (`--wrap`). */
  wrap: boolean;
  wording?: AssetWording;
}

/** `12.5 OPEN` */
export function open(amount: bigint): string {
  return `${formatUnits(amount)} OPEN`;
}

/**
 * Checks, without sending anything, that the acting account can provide `amount` of the asset to `spender`. With
 * `wrap`, a shortfall is covered by wrapping native OPEN, which must then suffice (and leave some for gas). Fails with
 * one line that says what is missing and how to get it.
 */
export async function planAsset(
  ctx: ActorContext,
  amount: bigint,
  spender: string,
  options: AssetPlanOptions,
): Promise<AssetPlan> {
  const { purpose, wrap, wording = "account" } = options;
  const account = ctx.signer.address;
  const assetAddress = ctx.deployment.asset ?? ctx.address("WOPEN");
  const asset = protocolContract("WOPEN", assetAddress, ctx.signer);
  const isWopen = ctx.deployment.contracts.WOPEN?.toLowerCase() === assetAddress.toLowerCase();
  if (wrap && !isWopen) throw new TaskError("--wrap: the asset of this deployment is not WOPEN, nothing to wrap");
  if (amount === 0n) return { asset, spender, amount, wrap: 0n, approve: false };
  const balance = await asset.balanceOf(account);
  const shortfall = amount > balance ? amount - balance : 0n;
  if (shortfall > 0n) {
    const native = await ctx.ethers.provider.getBalance(account);
    const canWrap = isWopen && native > shortfall;
    if (!wrap) throw new TaskError(refusal(wording, { account, purpose, amount, balance, native, canWrap, isWopen }));
    // The wrap transaction and the ones after it cost gas too, so the native balance must exceed the amount wrapped.
    if (native <= shortfall) {
      throw new TaskError(cannotWrap(wording, { account, purpose, balance, native, shortfall, isWopen }));
    }
  }
  const allowance = await asset.allowance(account, spender);
  return { asset, spender, amount, wrap: shortfall, approve: allowance < amount };
}

/** Wraps and approves as planned; returns the hashes of the transactions it sent, in order. */
export async function fundAndApprove(plan: AssetPlan): Promise<string[]> {
  const sent: string[] = [];
  if (plan.wrap > 0n) sent.push((await mined(plan.asset.deposit({ value: plan.wrap }))).hash);
  if (plan.approve) sent.push((await mined(plan.asset.approve(plan.spender, plan.amount))).hash);
  return sent;
}

function holding(account: string, balance: bigint, isWopen: boolean): string {
  return `account ${account} holds ${formatUnits(balance)} ${isWopen ? "WOPEN" : "of the asset"}`;
}

/** The asset balance is short and --wrap was not given. */
function refusal(
  wording: AssetWording,
  f: {
    account: string;
    purpose: string;
    amount: bigint;
    balance: bigint;
    native: bigint;
    canWrap: boolean;
    isWopen: boolean;
  },
): string {
  const native = formatUnits(f.native);
  if (wording === "purpose") {
    const hint = f.canWrap ? `; you hold ${native} native OPEN: add --wrap to wrap the missing part` : "";
    return `${f.purpose} needs ${formatUnits(f.amount)} WOPEN and ${f.account} holds ${formatUnits(f.balance)}${hint}`;
  }
  const hint = f.canWrap ? `; it has ${native} native OPEN: pass --wrap to wrap the difference` : "";
  return `${holding(f.account, f.balance, f.isWopen)}, ${f.purpose} needs ${formatUnits(f.amount)}${hint}`;
}

/** --wrap was given but the native balance cannot cover the shortfall plus gas. */
function cannotWrap(
  wording: AssetWording,
  f: { account: string; purpose: string; balance: bigint; native: bigint; shortfall: bigint; isWopen: boolean },
): string {
  if (wording === "purpose") {
    return (
      `${f.purpose} needs ${formatUnits(f.shortfall)} more WOPEN and ${f.account} holds only ` +
      `${formatUnits(f.native)} native OPEN to wrap`
    );
  }
  return (
    `${holding(f.account, f.balance, f.isWopen)} and ${formatUnits(f.native)} native OPEN: cannot wrap the ` +
    `${formatUnits(f.shortfall)} OPEN ${f.purpose} still needs (plus gas)`
  );
}
