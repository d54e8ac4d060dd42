/**
 * Rewards tree figures, each measured in a child process (merkleWorker.ts) so that the runner's heap does not count:
 * merkle.build1M.s: the rewards tree builder (src/rewards/tree.ts, fast path) on 1,000,000 accounts with every
 * account's proof; merkle.build100k.ozLibrary.s: the anchor, @openzeppelin/merkle-tree's StandardMerkleTree.of on
 * 100,000 accounts with every proof.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const worker = fileURLToPath(new URL("./merkleWorker.ts", import.meta.url));

function runWorker(which: "fast" | "library"): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", worker, which], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => (stdout += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const seconds = Number(stdout.trim().split("\n").at(-1));
      if (code !== 0 || !Number.isFinite(seconds)) {
        reject(new Error(`merkle worker (${which}) exited with ${signal ?? code}: ${stdout.slice(0, 200)}`));
        return;
      }
      resolve(Math.round(seconds * 100) / 100);
    });
  });
}

export async function measureMerkleBuild1M(): Promise<number> {
  return runWorker("fast");
}

export async function measureMerkleBuild100kLibrary(): Promise<number> {
  return runWorker("library");
}
