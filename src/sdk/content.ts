/**
 * Fetching published content (attribution data documents) by URI, as the oracles publish it:
 * - `local://<keccak256>`: a file named by the hash in a local content directory (the oracle node's default store);
 *   the bytes are checked against the hash;
 * - `ipfs://<cid>`: through an IPFS HTTP gateway (`<gateway>/ipfs/<cid>`);
 * - `http://` and `https://`: fetched as they are.
 * What a document says is checked by its reader against the chain (the rewards root), so a gateway cannot lie.
 */
import { keccak256 } from "ethers";

export interface ContentSource {
  /** Directory of a local content store (for `local://` URIs), e.g. the oracle node's `.openledger/content`. */
  directory?: string;
  /** Base URL of an IPFS HTTP gateway (for `ipfs://` URIs), e.g. `https://ipfs.io`. */
  ipfsGateway?: string;
  /** Milliseconds before a fetch is abandoned (default 15,000). */
  timeoutMs?: number;
}

export class ContentUnavailableError extends Error {
  override name = "ContentUnavailableError";
}

export async function fetchContent(uri: string, source: ContentSource = {}): Promise<Uint8Array> {
  if (uri.startsWith("local://")) {
    const hash = uri.slice("local://".length).toLowerCase();
    if (!/^0x[0-9a-f]{64}$/.test(hash)) throw new ContentUnavailableError(`malformed local content URI ${uri}`);
    if (source.directory === undefined) {
      throw new ContentUnavailableError(`${uri} is in a local content store: give the SDK its directory`);
    }
    const { readFile } = await import("node:fs/promises");
    const { join } = await import("node:path");
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(join(source.directory, hash)));
    } catch {
      throw new ContentUnavailableError(`${uri} is not in ${source.directory}`);
    }
    if (keccak256(bytes) !== hash)
      throw new ContentUnavailableError(`${uri} in ${source.directory} does not match its hash`);
    return bytes;
  }
  let url: string;
  if (uri.startsWith("ipfs://")) {
    if (source.ipfsGateway === undefined) throw new ContentUnavailableError(`${uri} needs an IPFS gateway`);
    url = `${source.ipfsGateway.replace(/\/+$/, "")}/ipfs/${uri.slice("ipfs://".length)}`;
  } else if (uri.startsWith("http://") || uri.startsWith("https://")) {
    url = uri;
  } else {
    throw new ContentUnavailableError(`unsupported content URI ${JSON.stringify(uri)}`);
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), source.timeoutMs ?? 15_000);
  try {
    const response = await fetch(url, { signal: controller.signal });
    if (!response.ok) throw new ContentUnavailableError(`${url} answered ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  } catch (e) {
    if (e instanceof ContentUnavailableError) throw e;
    throw new ContentUnavailableError(`${url} could not be fetched: ${(e as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}
