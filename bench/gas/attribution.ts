/**
 * Gas figures of Proof of Attribution: oracle.attest, oracle.submit7sigs, rewards.claim.first, rewards.claim.repeat.
 * Each deploys the production wiring on a fresh `network.create()` chain (the real InferencePayments, OpenStaking,
 * DatanetRegistry, ModelRegistry and AgentRegistry behind their proxies) and returns whole-transaction gasUsed from
 * the receipt. The scenarios and their stated states are in test/helpers/attribution-gas.ts, which the
 * gas test asserts too.
 */
import { network } from "hardhat";

import { measureAttestations, measureClaims, measureSubmission } from "../../test/helpers/attribution-gas.js";

/** Second oracle attesting a report below quorum; both attested the previous epoch. */
export async function measureOracleAttest(): Promise<number> {
  return Number((await measureAttestations(await network.create())).steady);
}

/** Submission with seven oracles' signatures, fresh epoch. */
export async function measureOracleSubmit7(): Promise<number> {
  return Number((await measureSubmission(await network.create())).submit7);
}

/** First claim of an account, 20-element proof. */
export async function measureClaimFirst(): Promise<number> {
  return Number((await measureClaims(await network.create())).first);
}

/** Second claim of the same account after a newer root, 20-element proof. */
export async function measureClaimRepeat(): Promise<number> {
  return Number((await measureClaims(await network.create())).repeat);
}
