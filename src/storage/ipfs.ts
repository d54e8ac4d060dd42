import { verifyContent, contentHash } from "./hash.js";
import { type ContentStore, ContentStoreError, type StoredContent } from "./types.js";

const SCHEME = "ipfs://";

/**
 * Every setting that shapes the CID, given explicitly: a kubo node's own `Import` configuration cannot change it, so
 * the same bytes get the same CID on every node (the oracles' data URIs, and so their report hashes, must agree).
 * These are kubo's defaults for CIDv1.
 */
export const IPFS_ADD_PARAMS =
  "pin=true&cid-version=1&raw-leaves=true&chunker=size-262144&hash=sha2-256&trickle=false&inline=false";

/**
 * Content on an IPFS node through its HTTP RPC API (kubo's `/api/v0/add` and `/api/v0/cat`). The URI is the node's
 * CID; the on-chain hash stays keccak256 of the bytes, and every read is verified against it, so the node is trusted
 * for availability only, never for integrity.
 */
export class IpfsContentStore implements ContentStore {
  constructor(
    readonly apiUrl: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async put(bytes: Uint8Array): Promise<StoredContent> {
    const form = new FormData();
    // A copy backed by a plain ArrayBuffer: a Blob part may not be a view of a SharedArrayBuffer (DOM typings).
    form.append("file", new Blob([new Uint8Array(bytes)]));
    const response = await this.#call(`add?${IPFS_ADD_PARAMS}`, form);
    const body = (await response.json()) as { Hash?: string };
    if (typeof body.Hash !== "string") throw new ContentStoreError(`IPFS add returned no CID (${this.apiUrl})`);
    return { hash: contentHash(bytes), uri: `${SCHEME}${body.Hash}`, size: bytes.length };
  }

  async get(uri: string, expectedHash: string): Promise<Uint8Array> {
    const response = await this.#call(`cat?arg=${encodeURIComponent(parseIpfsUri(uri))}`);
    return verifyContent(uri, new Uint8Array(await response.arrayBuffer()), expectedHash);
  }

  async has(uri: string): Promise<boolean> {
    if (!uri.startsWith(SCHEME)) return false;
    try {
      await this.#call(`block/stat?arg=${encodeURIComponent(parseIpfsUri(uri))}&offline=true`);
      return true;
    } catch {
      return false;
    }
  }

  async #call(pathAndQuery: string, body?: FormData): Promise<Response> {
    const url = `${this.apiUrl.replace(/\/$/, "")}/api/v0/${pathAndQuery}`;
    let response: Response;
    try {
      response = await this.fetchImpl(url, { method: "POST", body });
    } catch (error) {
      throw new ContentStoreError(`IPFS node unreachable at ${this.apiUrl}: ${(error as Error).message}`);
    }
    if (!response.ok) throw new ContentStoreError(`IPFS ${pathAndQuery.split("?")[0]} failed: HTTP ${response.status}`);
    return response;
  }
}

function parseIpfsUri(uri: string): string {
  if (!uri.startsWith(SCHEME)) throw new ContentStoreError(`not an IPFS content URI: ${uri}`);
  const cid = uri.slice(SCHEME.length);
  if (!/^[A-Za-z0-9]+$/.test(cid)) throw new ContentStoreError(`malformed IPFS content URI: ${uri}`);
  return cid;
}
