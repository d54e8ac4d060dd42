/** Shared by the `stake` tasks. */
import type { ActorContext } from "../lib/context.js";
import type { StakingSlots } from "../../src/protocol/index.js";
import { protocolContract, type ProtocolContract } from "../lib/contracts.js";

/** IOpenStaking.OperatorRole, by value. */
export const OPERATOR_ROLES = ["none", "oracle", "compute"] as const;
export const ROLE_NAMES = ["none", "attribution oracle", "compute provider"] as const;

export async function stakingContract(ctx: ActorContext) {
  return protocolContract("OpenStaking", ctx.address("OpenStaking"), ctx.signer);
}

/** OpenStaking's storage reader (`extSload`) as the kernel's staking lens takes it. */
export function stakingSlots(staking: ProtocolContract): StakingSlots {
  return { extSload: async (slot: string): Promise<string> => String(await staking.extSload(slot)) };
}
