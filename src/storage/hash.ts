import { keccak256 } from "ethers";

import { ContentStoreError } from "./types.js";

/** keccak256 of `bytes`, as the contracts compute `contentHash`. */
export function contentHash(bytes: Uint8Array): string {
  return keccak256(bytes);
}

/** Throws unless `bytes` hash to `expectedHash`. */
export function verifyContent(uri: string, bytes: Uint8Array, expectedHash: string): Uint8Array {
  const actual = contentHash(bytes);
  if (actual.toLowerCase() !== expectedHash.toLowerCase()) {
    throw new ContentStoreError(`content at ${uri} hashes to ${actual}, expected ${expectedHash}`);
  }
  return bytes;
}
