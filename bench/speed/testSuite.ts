import { spawn } from "node:child_process";

/**
 * `test.suite.s`: wall time of the whole check that `npm test` runs (scripts/test.sh: lint, format, build, storage
 * layouts, type check, every mocha and Solidity test), with the default test profile. Fails if the suite fails.
 */
export async function measureTestSuite(): Promise<number> {
  const start = process.hrtime.bigint();
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn("bash", ["scripts/test.sh"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, CI: "" },
    });
    child.on("error", reject);
    child.on("exit", (status) => resolve(status ?? 1));
  });
  if (code !== 0) throw new Error(`scripts/test.sh exited with ${code}`);
  return Number(process.hrtime.bigint() - start) / 1e9;
}
