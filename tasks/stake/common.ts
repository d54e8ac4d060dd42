/** Shared by the `stake` tasks. */
import type { ActorContext } from "../lib/context.js";

/** IOpenStaking.OperatorRole, by value. */
export const OPERATOR_ROLES = ["none", "oracle", "compute"] as const;
export const ROLE_NAMES = ["none", "attribution oracle", "compute provider"] as const;

/** The contracts whose custom errors a revert of a `stake` task may carry. */
export const STAKE_DECODERS = ["OpenStaking", "WOPEN"];

export async function stakingContract(ctx: ActorContext) {
  return ctx.ethers.getContractAt("OpenStaking", ctx.address("OpenStaking"), ctx.signer);
}
