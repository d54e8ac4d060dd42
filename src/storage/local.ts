import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";

import { contentHash, verifyContent } from "./hash.js";
import { type ContentStore, ContentStoreError, type StoredContent } from "./types.js";

const SCHEME = "local://";

/**
 * Content in a local directory, one file per item named by its keccak256 hash. Writes go to a temporary file that is
 * renamed into place, so a crash never leaves a partial item under a valid name.
 */
export class LocalContentStore implements ContentStore {
  constructor(readonly directory: string) {}

  async put(bytes: Uint8Array): Promise<StoredContent> {
    const hash = contentHash(bytes);
    const file = this.#file(hash);
    if (!(await exists(file))) {
      await mkdir(this.directory, { recursive: true });
      // A unique temporary name: two puts of the same bytes may run at once (several nodes sharing one store).
      const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
      await writeFile(temporary, bytes);
      await rename(temporary, file);
    }
    return { hash, uri: `${SCHEME}${hash}`, size: bytes.length };
  }

  async get(uri: string, expectedHash: string): Promise<Uint8Array> {
    const file = this.#file(parseLocalUri(uri));
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(file));
    } catch {
      throw new ContentStoreError(`content ${uri} is not in ${this.directory}`);
    }
    return verifyContent(uri, bytes, expectedHash);
  }

  async has(uri: string): Promise<boolean> {
    return uri.startsWith(SCHEME) && exists(this.#file(parseLocalUri(uri)));
  }

  #file(hash: string): string {
    return path.join(this.directory, hash.toLowerCase());
  }
}

function parseLocalUri(uri: string): string {
  if (!uri.startsWith(SCHEME)) throw new ContentStoreError(`not a local content URI: ${uri}`);
  const hash = uri.slice(SCHEME.length);
  if (!/^0x[0-9a-fA-F]{64}$/.test(hash)) throw new ContentStoreError(`malformed local content URI: ${uri}`);
  return hash;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
