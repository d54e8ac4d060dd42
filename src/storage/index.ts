/**
 * Content store: contribution and inference-log content addressed by keccak256, in a local directory by default or
 * on an IPFS node when `ipfsApiUrl` is given. Reads are always verified against the on-chain hash.
 */
import { IpfsContentStore } from "./ipfs.js";
import { LocalContentStore } from "./local.js";
import type { ContentStore } from "./types.js";

export { contentHash, verifyContent } from "./hash.js";
export { IpfsContentStore } from "./ipfs.js";
export { LocalContentStore } from "./local.js";
export { type ContentStore, ContentStoreError, type StoredContent } from "./types.js";

export interface ContentStoreOptions {
  /** Directory of the local store (default `.openledger/content`). */
  directory?: string;
  /** Base URL of an IPFS node's HTTP RPC API, for example http://127.0.0.1:5001. */
  ipfsApiUrl?: string;
}

/** The local store by default; the IPFS store when an API URL is configured. */
export function openContentStore(options: ContentStoreOptions = {}): ContentStore {
  if (options.ipfsApiUrl !== undefined && options.ipfsApiUrl !== "") return new IpfsContentStore(options.ipfsApiUrl);
  return new LocalContentStore(options.directory ?? ".openledger/content");
}
