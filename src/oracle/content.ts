/**
 * Content-addressed URIs for files whose keccak256 the chain does not record (version manifests, model cards,
 * inference logs, the oracle's published data). The URI itself carries the hash, so every read is verified:
 * - `local://0x<64 hex>`: the local store's URI is the hash already;
 * - any other URI gets the fragment `#keccak256=0x<64 hex>`, e.g. `ipfs://bafy...#keccak256=0x...`.
 * `contentUri` makes such a URI from a `put` result; `fetchVerified` reads one and checks the bytes. A URI without a
 * hash cannot be verified and is refused (decision 0400).
 */
import { ContentStoreError, type ContentStore, type StoredContent } from "../storage/index.js";
import { FormatError } from "./formats.js";

const LOCAL_RE = /^local:\/\/(0x[0-9a-fA-F]{64})$/;
const FRAGMENT_RE = /^(.*)#keccak256=(0x[0-9a-fA-F]{64})$/;

/** The verifiable URI of stored content. */
export function contentUri(stored: StoredContent): string {
  if (LOCAL_RE.test(stored.uri)) return stored.uri;
  return `${stored.uri}#keccak256=${stored.hash.toLowerCase()}`;
}

/** Splits a content URI into the store location and the expected keccak256; throws FormatError without a hash. */
export function parseContentUri(uri: string): { location: string; hash: string } {
  const local = LOCAL_RE.exec(uri);
  if (local) return { location: uri, hash: local[1].toLowerCase() };
  const fragment = FRAGMENT_RE.exec(uri);
  if (fragment && fragment[1] !== "") return { location: fragment[1], hash: fragment[2].toLowerCase() };
  throw new FormatError(`URI ${uri} carries no content hash (expected local://0x... or ...#keccak256=0x...)`);
}

/** The store location of a URI (the fragment, if any, removed). */
export function locationOf(uri: string): string {
  const fragment = FRAGMENT_RE.exec(uri);
  return fragment ? fragment[1] : uri;
}

/**
 * Thrown when content that should exist cannot be read or does not match its hash. Unlike a FormatError this says
 * nothing about the content itself, so the node must not decide anything from it: it stops and retries later.
 */
export class ContentUnavailableError extends Error {
  override name = "ContentUnavailableError";
}

/** Reads `location` from the store and checks it hashes to `hash`. */
export async function fetchByHash(store: ContentStore, location: string, hash: string): Promise<Uint8Array> {
  try {
    return await store.get(location, hash);
  } catch (e) {
    if (e instanceof ContentStoreError) throw new ContentUnavailableError(e.message);
    throw new ContentUnavailableError(`reading ${location}: ${(e as Error).message}`);
  }
}

/** Reads a content URI (with its hash); FormatError if the URI has no hash, ContentUnavailableError on a bad read. */
export async function fetchVerified(store: ContentStore, uri: string): Promise<Uint8Array> {
  const { location, hash } = parseContentUri(uri);
  return fetchByHash(store, location, hash);
}
