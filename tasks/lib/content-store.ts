/**
 * The content store from a task's `--store DIR` and `--ipfs URL` options, with store failures turned into one-line
 * task errors, and the verifiable URIs of files whose hash the chain does not record.
 */
import { ContentStoreError, openContentStore, type ContentStore, type StoredContent } from "../../src/storage/index.js";
import { TaskError } from "./errors.js";

export const DEFAULT_STORE_DIRECTORY = ".openledger/content";

export interface StoreOptions {
  store: string;
  ipfs: string;
}

/** The local store in `--store` (default .openledger/content), or the IPFS node at `--ipfs` when given. */
export function openTaskStore(options: StoreOptions): ContentStore {
  if (options.ipfs !== "" && !/^https?:\/\/[^\s]+$/.test(options.ipfs)) {
    throw new TaskError(`--ipfs: "${options.ipfs}" is not an http(s) URL of an IPFS node's API`);
  }
  const store = openContentStore({
    directory: options.store === "" ? DEFAULT_STORE_DIRECTORY : options.store,
    ipfsApiUrl: options.ipfs === "" ? undefined : options.ipfs,
  });
  return {
    put: (bytes) => storeCall(() => store.put(bytes)),
    get: (uri, hash) => storeCall(() => store.get(uri, hash)),
    has: (uri) => storeCall(() => store.has(uri)),
  };
}

async function storeCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ContentStoreError) throw new TaskError(`content store: ${error.message}`);
    const code = (error as { code?: string }).code;
    if (code !== undefined && /^E[A-Z]+$/.test(code)) {
      throw new TaskError(`content store: ${(error as Error).message}`);
    }
    throw error;
  }
}

/**
 * The URI to record for a file the chain knows only by URI (a version manifest, a model card): it must carry the
 * content's keccak256 so that readers (the oracle node) verify what they fetch. `local://0x<hash>` already is the
 * hash; any other URI gets the fragment `#keccak256=0x<hash>` (docs/decisions/0400, the oracle's content URIs).
 */
export function verifiableUri(stored: StoredContent): string {
  if (/^local:\/\/0x[0-9a-fA-F]{64}$/.test(stored.uri)) return stored.uri;
  return `${stored.uri}#keccak256=${stored.hash.toLowerCase()}`;
}
