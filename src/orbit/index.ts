/**
 * The Orbit layer's public API (docs/decisions/0541): chain configuration, rollup creation, the parent/child bridge
 * (deposits, retryables, withdrawals and their outbox proofs), the deployment record and its checks. The in-process
 * simulation (childChain.ts, relayer.ts) is test tooling and stays internal.
 */
export * from "./artifacts.js";
export * from "./bridge.js";
export * from "./chainConfig.js";
export * from "./checkChain.js";
export * from "./constants.js";
export * from "./createRollup.js";
export * from "./creatorStack.js";
export * from "./network.js";
export * from "./outboxProof.js";
