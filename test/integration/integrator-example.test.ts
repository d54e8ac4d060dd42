/**
 * Flow: examples/integrator, a project outside this repository, on a fresh `hardhat node`. The packages are built and
 * packed, the example is copied to a temporary folder and installs them from the tarballs (nothing of src/ or
 * contracts/ is reachable from it), compiles its contracts against the installed interfaces, and runs its script on
 * the machine's own Node (20 here) with the SDK: Datanet, contributions (one by a contract vault), version, model,
 * payment per user request through its contract, an agent's payment, a voucher, the inference log. In between, the
 * protocol's side runs as its operators would, with this repository's tasks: `protocol deploy` as the node's first
 * transactions (so the SDK's address book holds the addresses), two staked oracles and the epoch's attestations and
 * finalization. The integrator then claims with the SDK's verified proofs and its vault claims and stakes.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { buildContractsPackage } from "../../scripts/packages/contracts.js";
import { buildSdkPackage } from "../../scripts/packages/sdk.js";
import { childEnv, HARDHAT, runCommand, startLocalNode, type LocalNode } from "../helpers/local-node.js";

const EXAMPLE = path.join("examples", "integrator");
const SYSTEM_NODE = ["/usr/bin/node", "/usr/local/bin/node"].find((p) => existsSync(p)) ?? process.execPath;

describe("flow: an outside project integrates through the packed packages (examples/integrator)", function () {
  this.timeout(600_000);
  let work: string;
  let project: string;
  let node: LocalNode | undefined;
  let env: NodeJS.ProcessEnv;

  before(async function () {
    work = mkdtempSync(path.join(tmpdir(), "ol-integrator-"));
    const out = path.join(work, "packages");
    const contracts = buildContractsPackage(out);
    const sdk = buildSdkPackage(out);
    project = path.join(work, "integrator");
    cpSync(EXAMPLE, project, {
      recursive: true,
      filter: (src) => !/^(node_modules|build|\.openledger|package-lock\.json)(\/|$)/.test(path.relative(EXAMPLE, src)),
    });
    const manifest = JSON.parse(readFileSync(path.join(project, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    expect(manifest.dependencies["@openledger/contracts"]).to.match(/^file:.*openledger-contracts-.*\.tgz$/);
    manifest.dependencies["@openledger/contracts"] = `file:${contracts.tarball}`;
    manifest.dependencies["@openledger/sdk"] = `file:${sdk.tarball}`;
    writeFileSync(path.join(project, "package.json"), JSON.stringify(manifest, null, 2));
    const install = await runCommand(
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"],
      process.env,
      project,
    );
    expect(install.code, install.stderr).to.equal(0);
    node = await startLocalNode();
    env = childEnv({
      OPENLEDGER_RPC_URL: node.rpcUrl,
      OPENLEDGER_DEPLOYMENTS_DIR: path.join(work, "deployments"),
      OPENLEDGER_CONTENT_DIR: path.join(work, "content"),
    });
  });

  after(function () {
    node?.stop();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  /** A task of this repository (the protocol's operators), with `--json`; returns its parsed output. */
  async function task(args: string[]): Promise<Record<string, unknown>> {
    const result = await runCommand(HARDHAT, ["--network", "localhost", ...args, "--json"], env);
    expect(result.code, `${args.join(" ")}\n${result.stderr}`).to.equal(0);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  }

  /** A phase of the integrator's script, on the machine's own Node; returns its one JSON line. */
  async function integrator(phase: string): Promise<Record<string, string>> {
    const result = await runCommand(SYSTEM_NODE, ["scripts/run.mjs", phase], env, project);
    expect(result.code, `run.mjs ${phase}\n${result.stderr}`).to.equal(0);
    return JSON.parse(result.stdout) as Record<string, string>;
  }

  it("compiles against the interfaces, pays in every way, and claims with the SDK's proofs", async function () {
    const compiled = await runCommand(SYSTEM_NODE, ["scripts/compile.mjs"], env, project);
    expect(compiled.code, compiled.stderr).to.equal(0);
    expect(compiled.stdout).to.contain("compiled PayPerRequest");

    await task(["protocol", "deploy"]);
    const store = ["--store", path.join(work, "content"), "--state", path.join(work, "oracle")];
    for (const account of ["1", "2"]) {
      await task(["dev", "set-balance", "--account", account, "--balance", "20000"]);
      await task(["stake", "stake", "--account", account, "--amount", "10000", "--wrap"]);
      await task(["stake", "register", "--account", account, "--role", "oracle"]);
    }

    const served = await integrator("serve");
    expect(served.contributions).to.equal(12);
    // 2 requests + 1 agent inference + 1 voucher at 1 OPEN; half of what is left after fees goes to the pool.
    expect(BigInt(served.voucherPaid)).to.equal(10n ** 18n);
    expect(BigInt(served.pool)).to.be.greaterThan(0n);
    const epoch = served.epoch;

    await task(["dev", "advance-time", "--seconds", "3600"]);
    const logged = await integrator("log");
    expect(logged.epoch).to.equal(epoch);

    await task(["dev", "advance-time", "--seconds", "21600"]);
    const first = await task(["oracle", "epoch", "--account", "1", "--epoch", epoch, ...store]);
    const second = await task(["oracle", "epoch", "--account", "2", "--epoch", epoch, ...store]);
    expect([first.action, second.status]).to.deep.equal(["attested", "accepted"]);
    await task(["dev", "advance-time", "--seconds", "86400"]);
    const finalized = await task(["oracle", "epoch", "--account", "1", "--epoch", epoch, ...store]);
    expect(finalized.status).to.equal("finalized");
    expect(finalized.cumulativeTotal).to.equal(served.pool);

    const claimed = (await integrator("claim")) as unknown as {
      epoch: string;
      amounts: Record<string, string>;
      paid: Record<string, string>;
    };
    expect(claimed.epoch).to.equal(epoch);
    const amounts = Object.values(claimed.amounts).map(BigInt);
    // The epoch's pool is split exactly between the contributors (the vault is one of them), and each earner was paid
    // exactly its amount: the EOAs by the SDK's claim, the vault by its own claim-and-stake.
    expect(amounts.reduce((a, b) => a + b, 0n)).to.equal(BigInt(served.pool));
    expect(claimed.paid).to.deep.equal(claimed.amounts);
    expect(BigInt(claimed.amounts.vault)).to.be.greaterThan(0n);
  });
});
