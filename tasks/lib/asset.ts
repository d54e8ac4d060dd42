/**
 * The protocol asset for tasks that pull it (pay, escrow, stake): check the account's balance and allowance before any
 * transaction, optionally wrap native OPEN into WOPEN for the shortfall (`--wrap`), then approve the exact amount.
 */
import { formatUnits } from "ethers";

import type { WOPEN } from "../../typechain-types/index.js";
import type { ActorContext } from "./context.js";
import { mined } from "./context.js";
import { TaskError } from "./errors.js";

/** What `fundAndApprove` will do, decided before any transaction. */
export interface AssetPlan {
  asset: WOPEN;
  spender: string;
  amount: bigint;
  /** Native OPEN to wrap first (the shortfall of the asset balance), or 0. */
  wrap: bigint;
  /** True if the allowance is below `amount`. */
  approve: boolean;
}

/** `12.5 OPEN` */
export function open(amount: bigint): string {
  return `${formatUnits(amount)} OPEN`;
}

/**
 * Checks that the acting account can provide `amount` of the asset to `spender` (`purpose` names the operation in
 * errors). With `wrap`, a shortfall is covered by wrapping native OPEN, which must then suffice.
 */
export async function planAsset(
  ctx: ActorContext,
  amount: bigint,
  spender: string,
  purpose: string,
  wrap: boolean,
): Promise<AssetPlan> {
  const account = ctx.signer.address;
  const assetAddress = ctx.deployment.asset ?? ctx.address("WOPEN");
  const asset = (await ctx.ethers.getContractAt("WOPEN", assetAddress, ctx.signer)) as unknown as WOPEN;
  const isWopen = ctx.deployment.contracts.WOPEN?.toLowerCase() === assetAddress.toLowerCase();
  const balance = await asset.balanceOf(account);
  const shortfall = amount > balance ? amount - balance : 0n;
  if (wrap && !isWopen) throw new TaskError("--wrap: the asset of this deployment is not WOPEN, nothing to wrap");
  if (shortfall > 0n) {
    const native = await ctx.ethers.provider.getBalance(account);
    const holds = `account ${account} holds ${formatUnits(balance)} ${isWopen ? "WOPEN" : "of the asset"}`;
    if (!wrap) {
      const hint =
        isWopen && native > shortfall
          ? `; it has ${formatUnits(native)} native OPEN: pass --wrap to wrap the difference`
          : "";
      throw new TaskError(`${holds}, ${purpose} needs ${formatUnits(amount)}${hint}`);
    }
    if (native <= shortfall) {
      throw new TaskError(
        `${holds} and ${formatUnits(native)} native OPEN: cannot wrap the ${formatUnits(shortfall)} OPEN ${purpose} ` +
          "still needs (plus gas)",
      );
    }
  }
  const allowance = await asset.allowance(account, spender);
  return { asset, spender, amount, wrap: shortfall, approve: allowance < amount };
}

/** Wraps and approves as planned; returns the hashes of the transactions it sent. */
export async function fundAndApprove(plan: AssetPlan): Promise<string[]> {
  const sent: string[] = [];
  if (plan.wrap > 0n) sent.push((await mined(plan.asset.deposit({ value: plan.wrap }))).hash);
  if (plan.approve) sent.push((await mined(plan.asset.approve(plan.spender, plan.amount))).hash);
  return sent;
}
