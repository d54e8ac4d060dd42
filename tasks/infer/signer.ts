import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { actorContext, mined } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseAddress } from "../lib/parse.js";
import { formatTimestamp } from "../lib/time.js";
import { paymentsContracts } from "./common.js";

const MAX_UINT64 = (1n << 64n) - 1n;

interface Args {
  signer: string;
  revoke: boolean;
  account: number | string;
  json: boolean;
}

/**
 * `infer signer --signer ADDR [--revoke]`: the account (a payer) authorizes a key to sign its vouchers for every model,
 * or revokes it. A revocation takes effect after the escrow notice in force, so vouchers the operator already holds
 * stay redeemable until then (decision 0260). A smart-account payer sends the same call from its wallet.
 */
export default async function inferSigner(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const signer = parseAddress("signer", args.signer);
    const ctx = await actorContext(hre, args);
    const payer = ctx.signer.address;
    if (signer === payer) throw new TaskError("--signer: a payer always signs its own vouchers; name another key");
    const c = await paymentsContracts(ctx);
    const before = await c.payments.signerValidUntil(payer, signer);
    if (args.revoke && before !== MAX_UINT64) {
      throw new TaskError(
        before === 0n
          ? `${signer} is not a signer of ${payer}`
          : `${signer} is already revoked: its vouchers are redeemable until ${formatTimestamp(before)}`,
      );
    }
    if (!args.revoke && before === MAX_UINT64) {
      throw new TaskError(`${signer} already signs ${payer}'s vouchers`);
    }
    const receipt = await mined(args.revoke ? c.payments.revokeSigner(signer) : c.payments.authorizeSigner(signer));
    const validUntil = await c.payments.signerValidUntil(payer, signer);
    const line = args.revoke
      ? `revoked ${signer} as a voucher signer of ${payer}: vouchers it signed stay redeemable until ` +
        formatTimestamp(validUntil)
      : `${signer} now signs vouchers of ${payer} (for every model) until revoked`;
    emit(
      args.json,
      { payer, signer, revoked: args.revoke, validUntil: args.revoke ? validUntil : null, transaction: receipt.hash },
      [line, `  tx ${receipt.hash}`],
    );
  });
}
