/**
 * The `@openledger/sdk` tarball as a dependent sees it: installed into a project outside this repository, loaded by
 * plain Node (the system's Node 20 when the machine has one, else this Node, with no TypeScript loader), type-checked
 * from its declarations, and bundled for the browser by esbuild.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { buildSdkPackage } from "../../scripts/packages/sdk.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** The machine's own Node (20 on these machines), outside node_modules: the runtime a dependent most likely has. */
const SYSTEM_NODE = ["/usr/bin/node", "/usr/local/bin/node"].find((p) => existsSync(p)) ?? process.execPath;

describe("@openledger/sdk package", function () {
  this.timeout(300_000);
  let work: string;
  let project: string;

  before(function () {
    work = mkdtempSync(path.join(tmpdir(), "openledger-sdk-package-"));
    const { tarball } = buildSdkPackage(path.join(work, "out"));
    project = path.join(work, "dapp");
    mkdirSync(project);
    writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "dapp", private: true, type: "module" }));
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", tarball], {
      cwd: project,
      stdio: ["ignore", "ignore", "inherit"],
    });
  });

  after(function () {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it("loads in plain Node and decodes a revert, with the address book and the ABIs", function () {
    const script = [
      "const sdk = await import('@openledger/sdk');",
      "const data = '0xe450d38c' + '0'.repeat(64 * 3);",
      "console.log(JSON.stringify({",
      "  node: process.versions.node,",
      "  revert: sdk.decodeRevert(data)?.name,",
      "  chains: Object.keys(sdk.addressBook),",
      "  actions: ['createClient', 'pay', 'signVoucher', 'redeemVouchers', 'getClaim', 'claim'].every((n) => typeof sdk[n] === 'function'),",
      "  history: ['getEarnings', 'getModelRevenue', 'getContributions', 'getClaimFromIndexer'].every((n) => typeof sdk[n] === 'function'),",
      "  abi: sdk.inferencePaymentsAbi.some((f) => f.name === 'redeemVouchers'),",
      "}));",
    ].join("\n");
    const out = JSON.parse(
      execFileSync(SYSTEM_NODE, ["--input-type=module", "-e", script], { cwd: project, encoding: "utf8" }),
    ) as { node: string; revert: string; chains: string[]; actions: boolean; history: boolean; abi: boolean };
    expect(out.revert).to.equal("ERC20InsufficientBalance");
    expect(out.chains).to.include("31337");
    expect(out.actions).to.equal(true);
    // The indexer client (history queries with an indexerUrl, chain scans otherwise) ships in the main entry.
    expect(out.history).to.equal(true);
    expect(out.abi).to.equal(true);
  });

  it("type-checks a dependent's code against its declarations", function () {
    writeFileSync(
      path.join(project, "use.ts"),
      [
        'import { createClient, ethersTransport, pay, type PayParameters, ModelStatus } from "@openledger/sdk";',
        'import { JsonRpcProvider } from "ethers";',
        "export async function run(): Promise<bigint> {",
        '  const client = await createClient({ transport: ethersTransport(new JsonRpcProvider("http://127.0.0.1:1")) });',
        '  const parameters: PayParameters = { modelId: 1n, units: 1n, requestHash: "0x" };',
        "  const paid = await pay(client, parameters);",
        "  const active: 1 = ModelStatus.Active;",
        "  return paid.amount + BigInt(active);",
        "}",
        "// @ts-expect-error units is a bigint",
        'export const wrong: PayParameters = { modelId: 1n, units: 1, requestHash: "0x" };',
        "",
      ].join("\n"),
    );
    execFileSync(
      path.join(ROOT, "node_modules/.bin/tsc"),
      [
        "--noEmit",
        "--strict",
        "--module",
        "nodenext",
        "--moduleResolution",
        "nodenext",
        "--target",
        "es2022",
        "use.ts",
      ],
      { cwd: project, stdio: ["ignore", "inherit", "inherit"] },
    );
  });

  it("bundles for the browser (esbuild), Node built-ins only behind the local-store import", function () {
    writeFileSync(
      path.join(project, "app.js"),
      'import { createClient, viemTransport, getClaim } from "@openledger/sdk";\nconsole.log(createClient, viemTransport, getClaim);\n',
    );
    const esbuild = path.join(ROOT, "node_modules/.bin/esbuild");
    execFileSync(
      esbuild,
      [
        "app.js",
        "--bundle",
        "--platform=browser",
        "--format=esm",
        "--external:node:*",
        "--outfile=bundle.js",
        "--log-level=error",
      ],
      { cwd: project, stdio: ["ignore", "ignore", "inherit"] },
    );
    expect(existsSync(path.join(project, "bundle.js"))).to.equal(true);
  });
});
