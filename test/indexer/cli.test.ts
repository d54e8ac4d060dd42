/** `npm run indexer` (indexer/bin/indexer.ts): bad input gets one line `error: ...` and exit 1, before Ponder starts. */
import { execFile } from "node:child_process";
import path from "node:path";

import { expect } from "chai";

import { freePort } from "../helpers/local-node.js";

function indexer(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join("indexer", "bin", "indexer.ts"), ...args], (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr });
    });
  });
}

describe("npm run indexer: input checks", function () {
  this.timeout(60_000);

  for (const [args, reason] of [
    [[], "give --network localhost or --rpc <url>"],
    [["--network", "mainnet"], "--network mainnet: only localhost is known here; give --rpc <url>"],
    [["--network", "localhost", "--port", "99999"], "--port 99999: not a port"],
    [["--network"], "--network needs a value"],
    [["--verbose", "1"], "unknown argument --verbose"],
  ] as [string[], string][]) {
    it(`refuses ${JSON.stringify(args.join(" "))}`, async function () {
      const result = await indexer(args);
      expect([result.code, result.stdout, result.stderr]).to.deep.equal([1, "", `error: ${reason}\n`]);
    });
  }

  it("refuses a chain it cannot reach", async function () {
    const result = await indexer(["--rpc", `http://127.0.0.1:${await freePort()}`]);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(/^error: cannot reach the chain at http:\/\/127\.0\.0\.1:\d+: .+\n$/);
  });
});
