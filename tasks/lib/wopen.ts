/**
 * Paying a contract in the protocol asset (WOPEN on the deployed protocol, native OPEN wrapped 1:1): check the
 * balance before anything is sent, wrap native OPEN when asked (`--wrap`), and approve the spender only for what the
 * current allowance lacks.
 */
import { formatUnits, type Signer } from "ethers";

import type { WOPEN } from "../../typechain-types/index.js";
import { mined } from "./protocol-context.js";
import { TaskError } from "./errors.js";

export interface AssetPlan {
  /** Native OPEN to wrap first (0 when the WOPEN balance suffices or --wrap was not given). */
  wrap: bigint;
  /** Whether an approval must be sent (the allowance is below `amount`). */
  approve: boolean;
  amount: bigint;
}

/**
 * Checks, without sending anything, that `owner` can pay `amount` of the asset to `spender`: with its WOPEN, or with
 * `wrap`, by wrapping the missing part of native OPEN. Fails with one line that says what is missing and how to get it.
 */
export async function planAssetPayment(
  wopen: WOPEN,
  owner: Signer,
  spender: string,
  amount: bigint,
  options: { wrap: boolean; what: string },
): Promise<AssetPlan> {
  const account = await owner.getAddress();
  if (amount === 0n) return { wrap: 0n, approve: false, amount };
  const balance = await wopen.balanceOf(account);
  let wrap = 0n;
  if (balance < amount) {
    const missing = amount - balance;
    const native = await owner.provider!.getBalance(account);
    if (!options.wrap) {
      const hint =
        native > missing ? `; you hold ${formatUnits(native)} native OPEN: add --wrap to wrap the missing part` : "";
      throw new TaskError(
        `${options.what} needs ${formatUnits(amount)} WOPEN and ${account} holds ${formatUnits(balance)}${hint}`,
      );
    }
    // The wrap transaction and the ones after it cost gas too, so the native balance must exceed the amount wrapped.
    if (native <= missing) {
      throw new TaskError(
        `${options.what} needs ${formatUnits(missing)} more WOPEN and ${account} holds only ` +
          `${formatUnits(native)} native OPEN to wrap`,
      );
    }
    wrap = missing;
  }
  const allowance = await wopen.allowance(account, spender);
  return { wrap, approve: allowance < amount, amount };
}

/** Sends what a plan asks for: the wrap, then the approval. Returns the transaction hashes, in order. */
export async function executeAssetPlan(wopen: WOPEN, spender: string, plan: AssetPlan): Promise<string[]> {
  const hashes: string[] = [];
  if (plan.wrap > 0n) hashes.push((await mined(wopen.deposit({ value: plan.wrap }))).hash);
  if (plan.approve) hashes.push((await mined(wopen.approve(spender, plan.amount))).hash);
  return hashes;
}
