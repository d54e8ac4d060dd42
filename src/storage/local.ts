import { randomUUID } from "node:crypto";
import { mkdir, readFile, readdir, rename, stat, unlink, writeFile } from "node:fs/promises";
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

  /**
   * Stores `bytes` under their hash. A file already there is kept only if it still hashes to its name: a corrupted or
   * truncated one is replaced, so publishing again repairs the store.
   */
  async put(bytes: Uint8Array): Promise<StoredContent> {
    const hash = contentHash(bytes);
    const file = this.#file(hash);
    if (!(await intact(file, hash))) {
      await mkdir(this.directory, { recursive: true });
      // A unique temporary name: two puts of the same bytes may run at once (several nodes sharing one store).
      const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
      try {
        await writeFile(temporary, bytes);
        await rename(temporary, file);
      } catch (e) {
        await unlink(temporary).catch(() => undefined);
        throw e;
      }
    }
    return { hash, uri: `${SCHEME}${hash}`, size: bytes.length };
  }

  /**
   * Removes temporary files older than `olderThanMs` (left by a crash between write and rename). Younger ones may be
   * another process's write in progress: several nodes may share one store.
   */
  async removeTemporaryFiles(olderThanMs: number): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw e;
    }
    const removed: string[] = [];
    const before = Date.now() - olderThanMs;
    for (const name of names.filter((n) => n.endsWith(".tmp"))) {
      const file = path.join(this.directory, name);
      const info = await stat(file).catch(() => undefined);
      if (info !== undefined && info.mtimeMs < before) {
        await unlink(file).catch(() => undefined);
        removed.push(file);
      }
    }
    return removed;
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

/** Whether `file` exists and hashes to `hash`. */
async function intact(file: string, hash: string): Promise<boolean> {
  try {
    return contentHash(new Uint8Array(await readFile(file))).toLowerCase() === hash.toLowerCase();
  } catch {
    return false;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
