/**
 * `@openledger/sdk/bridge` as a dependent sees it: installed from the packed tarball into a project outside this
 * repository and run by plain Node (the system's Node 20 when the machine has one). First without @arbitrum/sdk (an
 * optional peer: the entry loads and type-checks, a call says what to install), then with it, where npm nests its
 * ethers v5 under it while the project keeps ethers v6.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { buildSdkPackage } from "../../scripts/packages/sdk.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SYSTEM_NODE = ["/usr/bin/node", "/usr/local/bin/node"].find((p) => existsSync(p)) ?? process.execPath;
const A = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;

/** A deployment record's `network` as `orbit create` writes it (only its shape matters here). */
const RECORD = {
  network: {
    name: "OpenLedger Orbit",
    chainId: 412346,
    parentChainId: 1337,
    ethBridge: { bridge: A(1), inbox: A(2), sequencerInbox: A(3), outbox: A(4), rollup: A(5) },
    confirmPeriodBlocks: 20,
    nativeToken: A(6),
    isTestnet: true,
    isCustom: true,
    isBold: true,
  },
};

describe("@openledger/sdk/bridge package (plain Node, @arbitrum/sdk as an optional peer)", function () {
  this.timeout(300_000);
  let work: string;
  let project: string;

  const npm = (args: string[]) =>
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", ...args], {
      cwd: project,
      stdio: ["ignore", "ignore", "inherit"],
    });
  const node = (script: string) =>
    JSON.parse(execFileSync(SYSTEM_NODE, ["--input-type=module", "-e", script], { cwd: project, encoding: "utf8" }));

  before(function () {
    work = mkdtempSync(path.join(tmpdir(), "openledger-sdk-bridge-"));
    const { tarball } = buildSdkPackage(path.join(work, "out"));
    project = path.join(work, "dapp");
    mkdirSync(project);
    writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "dapp", private: true, type: "module" }));
    npm([tarball]);
  });

  after(function () {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it("without @arbitrum/sdk: the entry loads, and a call throws ArbitrumSdkMissingError naming what to install", function () {
    expect(existsSync(path.join(project, "node_modules/@arbitrum/sdk"))).to.equal(false);
    const out = node(
      [
        "const bridge = await import('@openledger/sdk/bridge');",
        "let error;",
        `try { bridge.registerOrbitNetwork(${JSON.stringify(RECORD)}); } catch (e) { error = e; }`,
        "console.log(JSON.stringify({ exports: Object.keys(bridge).sort(), name: error?.name, message: error?.message }));",
      ].join("\n"),
    ) as { exports: string[]; name: string; message: string };
    expect(out.exports).to.include.members([
      "approveGasToken",
      "depositGasToken",
      "withdrawGasToken",
      "registerOrbitNetwork",
      "getChildToParentMessages",
      "getChildToParentMessageStatus",
      "executeChildToParentMessage",
    ]);
    expect(out.name).to.equal("ArbitrumSdkMissingError");
    expect(out.message).to.match(
      /^@arbitrum\/sdk 4\.x is needed for the bridge helpers \(npm install @arbitrum\/sdk@\^4\)/,
    );
  });

  it("type-checks a dependent's bridge code against declarations that name no ethers v5 type", function () {
    writeFileSync(
      path.join(project, "bridge-use.ts"),
      [
        'import { depositGasToken, type GasTokenDeposit, type OrbitDeployment } from "@openledger/sdk/bridge";',
        'import type { Signer } from "ethers";',
        "export async function run(signer: Signer, record: OrbitDeployment): Promise<bigint> {",
        "  const { receipt, deposit }: { receipt: { hash: string }; deposit: GasTokenDeposit } =",
        "    await depositGasToken(signer, record, 1n);",
        "  return deposit.value + BigInt(receipt.hash.length);",
        "}",
        "",
      ].join("\n"),
    );
    execFileSync(
      path.join(ROOT, "node_modules/.bin/tsc"),
      ["--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022"].concat(
        "bridge-use.ts",
      ),
      { cwd: project, stdio: ["ignore", "inherit", "inherit"] },
    );
  });

  it("with @arbitrum/sdk 4.1 installed (ethers v5 nested under it), registers a record; the project keeps ethers v6", function () {
    npm(["@arbitrum/sdk@4.1.0"]);
    const out = node(
      [
        "const bridge = await import('@openledger/sdk/bridge');",
        "const { version } = await import('ethers');",
        `const registered = bridge.registerOrbitNetwork(${JSON.stringify(RECORD)});`,
        "console.log(JSON.stringify({ node: process.versions.node, ethers: version, registered,",
        "  found: bridge.registeredArbitrumNetwork(412346) }));",
      ].join("\n"),
    ) as { ethers: string; registered: typeof RECORD.network; found: typeof RECORD.network };
    expect(out.ethers.startsWith("6.")).to.equal(true);
    expect(out.registered).to.deep.equal(RECORD.network);
    expect(out.found).to.deep.equal(RECORD.network);
  });
});
