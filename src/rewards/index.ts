/**
 * The cumulative rewards tree (RewardDistributor's leaves: account and cumulative amount, double-hashed like
 * @openzeppelin/merkle-tree): build it, prove a claim, verify a proof. The public API of src/rewards
 * (docs/decisions/0541); keccak.ts is an internal of the fast builder.
 */
export * from "./tree.js";
