import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { expect } from "chai";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../../..");
const HARDHAT = path.join(ROOT, "node_modules/.bin/hardhat");
const A1 = "0x0000000000000000000000000000000000000001";
const A2 = "0x0000000000000000000000000000000000000002";

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `hardhat <args>` as a user runs it, in a child process whose working directory is `cwd` (where the tasks look for
 * deployments/ and relative files); the project's config is passed explicitly. Node 22 (this process's) comes first
 * on PATH, as `npm test` arranges.
 */
async function hardhat(cwd: string, args: string[]): Promise<Outcome> {
  const env = { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ""}` };
  try {
    const { stdout, stderr } = await run(HARDHAT, ["--config", path.join(ROOT, "hardhat.config.ts"), ...args], {
      cwd,
      env,
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

/** A refusal: non-zero exit, nothing on stdout, and exactly one line `error: <expected>` on stderr (no stack trace). */
function expectRefusal(outcome: Outcome, expected: string): void {
  expect(outcome.code, outcome.stderr).to.not.equal(0);
  expect(outcome.stdout).to.equal("");
  expect(outcome.stderr.trimEnd().split("\n")).to.deep.equal([`error: ${expected}`]);
}

/** The orbit tasks' input checks, run through the real CLI: each bad input ends in one line and a non-zero exit. */
describe("Orbit tasks: bad input is refused with one line on stderr (hardhat CLI, child processes)", function () {
  this.timeout(120_000);
  let dir: string;

  const cases: [string, string[], string][] = [
    [
      "deposit: an amount with more decimals than OPEN has",
      ["orbit", "deposit", "--amount", "1.0000000000000000001"],
      '--amount: "1.0000000000000000001" has more than 18 decimals',
    ],
    [
      "deposit: a negative amount",
      ["orbit", "deposit", "--amount", "-5"],
      '--amount: "-5" is not a positive decimal amount',
    ],
    ["deposit: a zero amount", ["orbit", "deposit", "--amount", "0.0"], "--amount must be greater than zero"],
    ["deposit: no amount", ["orbit", "deposit"], "--amount is required"],
    [
      "deposit: a bad --to address (checked before the record is read)",
      ["orbit", "deposit", "--amount", "5", "--to", "0xnothex", "--chain-id", "7"],
      '--to: "0xnothex" is not an address',
    ],
    [
      "deposit: a gas bid finer than 1 wei",
      ["orbit", "deposit", "--amount", "5", "--to", A1, "--max-fee-per-gas", "0.0000000001"],
      '--max-fee-per-gas: "0.0000000001" has more than 9 decimals',
    ],
    [
      "deposit: no deployment record for the chain",
      ["orbit", "deposit", "--amount", "5", "--chain-id", "7"],
      "no Orbit deployment record at deployments/orbit-7.json: run `hardhat orbit create` first",
    ],
    [
      "deposit: a corrupt deployment record",
      ["orbit", "deposit", "--amount", "5", "--chain-id", "5"],
      "deployments/orbit-5.json is not valid JSON",
    ],
    [
      "deposit: a record whose network @arbitrum/sdk cannot use (no native token), refused before connecting",
      ["orbit", "deposit", "--amount", "5", "--chain-id", "6"],
      "deployments/orbit-6.json: the record's network has no nativeToken (OPEN on the parent chain)",
    ],
    [
      "withdraw: a bad --to address",
      ["orbit", "withdraw", "--amount", "1", "--to", "0x123"],
      '--to: "0x123" is not an address',
    ],
    [
      "withdraw: the zero address as recipient",
      ["orbit", "withdraw", "--amount", "1", "--to", `0x${"00".repeat(20)}`],
      "--to must not be the zero address",
    ],
    [
      "withdraw: an amount with too many decimals",
      ["orbit", "withdraw", "--amount", "0.1234567890123456789", "--to", A1],
      '--amount: "0.1234567890123456789" has more than 18 decimals',
    ],
    [
      "claim: a missing message file",
      ["orbit", "claim", "--message", "missing.json", "--child-rpc", "http://127.0.0.1:1"],
      "cannot read missing.json (the JSON output of `orbit withdraw --json`)",
    ],
    [
      "claim: a message with a malformed field",
      ["orbit", "claim", "--message", "bad-withdrawal.json", "--child-rpc", "http://127.0.0.1:1"],
      "bad-withdrawal.json: message.caller is not an address",
    ],
    [
      "claim: a child RPC that is not an http(s) URL",
      ["orbit", "claim", "--message", "withdrawal.json", "--child-rpc", "ftp://127.0.0.1"],
      '--child-rpc: "ftp://127.0.0.1" is not an http(s) URL',
    ],
    [
      "claim: an unreachable child RPC (one bounded probe, no endless retry)",
      ["orbit", "claim", "--message", "withdrawal.json", "--child-rpc", "http://127.0.0.1:1"],
      "cannot reach the Orbit node at http://127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1",
    ],
    [
      "config: a bad native token address",
      ["orbit", "config", "--native-token", "0xabc", "--owner", A1, "--file", "out/chain.json"],
      '--native-token: "0xabc" is not an address',
    ],
    [
      "config --check: a missing file",
      ["orbit", "config", "--check", "--file", "nothing.json"],
      "nothing.json does not exist",
    ],
    [
      "create: a missing chain config",
      ["orbit", "create", "--file", "nothing.json"],
      "cannot read nothing.json: run `hardhat orbit config` first",
    ],
  ];

  before(function () {
    dir = mkdtempSync(path.join(tmpdir(), "orbit-tasks-"));
    // A record for chain 412346 (only its shape matters: every case below stops before any transaction), a broken
    // record for chain 5, a withdrawal message as `orbit withdraw --json` prints it, and a malformed one.
    mkdirSync(path.join(dir, "deployments"));
    writeFileSync(
      path.join(dir, "deployments/orbit-412346.json"),
      JSON.stringify({ network: { chainId: 412346 }, parentContracts: {} }),
    );
    writeFileSync(path.join(dir, "deployments/orbit-5.json"), "{ not json");
    const ethBridge = { bridge: A1, inbox: A1, sequencerInbox: A1, outbox: A1, rollup: A1 };
    writeFileSync(
      path.join(dir, "deployments/orbit-6.json"),
      JSON.stringify({ network: { chainId: 6, parentChainId: 31337, ethBridge, isCustom: true }, parentContracts: {} }),
    );
    const message = {
      position: "0",
      caller: A1,
      destination: A2,
      arbBlockNum: "1",
      ethBlockNum: "1",
      timestamp: "1",
      callvalue: "1",
      data: "0x",
      hash: `0x${"00".repeat(31)}01`,
    };
    writeFileSync(path.join(dir, "withdrawal.json"), JSON.stringify({ transactionHash: "0x00", message }));
    writeFileSync(path.join(dir, "bad-withdrawal.json"), JSON.stringify({ message: { ...message, caller: "0x12" } }));
    writeFileSync(path.join(dir, "bad-chain.json"), JSON.stringify({ chainId: "x" }));
  });

  // The refusal cases run two at a time (this machine has two cores) while the tests below read their outcomes.
  const outcomes = new Map<string, Promise<Outcome>>();
  before(function () {
    const slot: Promise<unknown>[] = [Promise.resolve(), Promise.resolve()];
    cases.forEach(([name, args], index) => {
      const outcome = slot[index % 2].then(() => hardhat(dir, args));
      slot[index % 2] = outcome;
      outcomes.set(name, outcome);
    });
  });

  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [name, , expected] of cases) {
    it(`refuses ${name}`, async function () {
      expectRefusal(await outcomes.get(name)!, expected);
    });
  }

  it("config --check lists every problem of an invalid chain config on one line", async function () {
    const outcome = await hardhat(dir, ["orbit", "config", "--check", "--file", "bad-chain.json"]);
    expect(outcome.code).to.not.equal(0);
    const lines = outcome.stderr.trimEnd().split("\n");
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(
      /^error: bad-chain\.json: chainId: must be a positive integer; .*nativeToken: not an address/,
    );
  });

  it("config writes a default chain config that --check accepts (exit 0)", async function () {
    const written = await hardhat(dir, [
      "orbit",
      "config",
      "--native-token",
      A1,
      "--owner",
      A2,
      "--file",
      "ok/chain.json",
    ]);
    expect(written).to.deep.equal({ code: 0, stdout: "wrote ok/chain.json\n", stderr: "" });
    const config = JSON.parse(readFileSync(path.join(dir, "ok/chain.json"), "utf8"));
    expect(config).to.include({ nativeToken: A1, owner: A2, chainId: 412346 });
    const checked = await hardhat(dir, ["orbit", "config", "--check", "--file", "ok/chain.json"]);
    expect(checked).to.deep.equal({ code: 0, stdout: "ok/chain.json: valid\n", stderr: "" });
  });
});
