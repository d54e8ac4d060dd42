/**
 * `@openledger/sdk/node`: helpers that need Node's file system, kept out of the main entry so that it bundles for the
 * browser. `LocalContentStore` writes content the way the oracle node's default store does (`local://<keccak256>`).
 */
export { LocalContentStore } from "../storage/index.js";
export { contentHash } from "../storage/index.js";
export { ContentStoreError, type ContentStore, type StoredContent } from "../storage/index.js";
