/**
 * A content store keeps contribution and log content addressed by its keccak256 hash, the same hash the contracts
 * record (`contentHash`). A URI says where the content lives; `get` always checks the bytes against the expected hash
 * before returning them, so a store (or a gateway behind it) can never feed an oracle altered content.
 */
export interface StoredContent {
  /** keccak256 of the bytes, 0x-prefixed lowercase hex. */
  hash: string;
  /** Where the bytes can be fetched: `local://<hash>` or `ipfs://<cid>`. */
  uri: string;
  /** Size in bytes. */
  size: number;
}

export interface ContentStore {
  /** Stores `bytes` and returns their hash and URI. Idempotent: storing the same bytes twice returns the same result. */
  put(bytes: Uint8Array): Promise<StoredContent>;
  /** Fetches the content at `uri` and verifies it hashes to `expectedHash`; throws ContentStoreError otherwise. */
  get(uri: string, expectedHash: string): Promise<Uint8Array>;
  /** Whether the content at `uri` is available without fetching it from another node. */
  has(uri: string): Promise<boolean>;
}

export class ContentStoreError extends Error {
  override name = "ContentStoreError";
}
