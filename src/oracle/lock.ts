/**
 * One process per oracle state directory (decision 0481): two processes with the same key and state would race their
 * transactions (nonces, duplicate attestations) and their files. The lock is a file created exclusively in the state
 * directory with the holder's pid, host and start time. A lock whose holder is gone (same host, no such process) is
 * taken over; any other is refused with one line naming the holder.
 */
import { hostname } from "node:os";
import { mkdir, open, readFile, unlink } from "node:fs/promises";
import path from "node:path";

export class StateLockedError extends Error {
  override name = "StateLockedError";
}

export interface StateLock {
  file: string;
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the lock of `dir` (creating the directory) or throws StateLockedError naming the process that holds it. */
export async function lockStateDirectory(dir: string): Promise<StateLock> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, "lock");
  const mine = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, "wx");
      await handle.writeFile(`${JSON.stringify(mine)}\n`);
      await handle.close();
      let released = false;
      return {
        file,
        release: async () => {
          if (released) return;
          released = true;
          await unlink(file).catch(() => undefined);
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    let holder: { pid?: number; host?: string; since?: string } = {};
    try {
      holder = JSON.parse(await readFile(file, "utf8")) as typeof holder;
    } catch {
      // Unreadable: a crash between create and write. Treated as stale below only on this host's terms.
    }
    const stale =
      holder.host === mine.host && typeof holder.pid === "number" && holder.pid !== process.pid && !alive(holder.pid);
    if (!stale) {
      throw new StateLockedError(
        `another process runs this oracle with the state directory ${dir} (pid ${holder.pid ?? "?"} on ` +
          `${holder.host ?? "?"}, since ${holder.since ?? "?"}): stop it first (two processes with one key race ` +
          `their transactions), or remove ${file} if that process is gone`,
      );
    }
    await unlink(file).catch(() => undefined);
  }
  throw new StateLockedError(`could not take the lock ${file}`);
}
