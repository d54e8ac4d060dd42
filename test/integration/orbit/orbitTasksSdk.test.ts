/**
 * The orbit tasks through @arbitrum/sdk, as a user runs them: the `hardhat` CLI in child processes against two local
 * `hardhat node`s (loopback only). The parent (chain 31337) gets OPEN and, through `orbit create`, the real
 * nitro-contracts rollup stack; the other node has the Orbit chain's id (412346) but is not a Nitro node.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { expect } from "chai";
import { Contract, ContractFactory, JsonRpcProvider, Network, getAddress, isHexString, parseEther } from "ethers";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../../..");
const HARDHAT = path.join(ROOT, "node_modules/.bin/hardhat");
const RECIPIENT = "0x00000000000000000000000000000000000000A1";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

async function waitForRpc(url: string, tries = 120): Promise<void> {
  for (let i = 0; i < tries; i++) {
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`no node at ${url}`);
}

describe("Orbit tasks through @arbitrum/sdk on local nodes (hardhat CLI, child processes)", function () {
  this.timeout(240_000);
  let dir: string;
  let parentUrl: string;
  let childUrl: string;
  let provider: JsonRpcProvider;
  const nodes: ChildProcess[] = [];
  const env = () => ({
    ...process.env,
    PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ""}`,
    OPENLEDGER_RPC_URL: parentUrl,
  });

  async function hardhat(args: string[]) {
    try {
      const { stdout, stderr } = await run(HARDHAT, ["--config", path.join(ROOT, "hardhat.config.ts"), ...args], {
        cwd: dir,
        env: env(),
        timeout: 180_000,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
    }
  }

  function startNode(args: string[]): void {
    const child = spawn(HARDHAT, ["--config", path.join(ROOT, "hardhat.config.ts"), "node", ...args], {
      cwd: dir,
      env: env(),
      stdio: "ignore",
    });
    nodes.push(child);
  }

  let open: Contract;
  let deployer: string;

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "orbit-sdk-tasks-"));
    const [parentPort, childPort] = [await freePort(), await freePort()];
    parentUrl = `http://127.0.0.1:${parentPort}`;
    childUrl = `http://127.0.0.1:${childPort}`;
    startNode(["--hostname", "127.0.0.1", "--port", String(parentPort)]);
    startNode(["--network", "child", "--hostname", "127.0.0.1", "--port", String(childPort)]);
    await Promise.all([waitForRpc(parentUrl), waitForRpc(childUrl)]);

    provider = new JsonRpcProvider(parentUrl, undefined, { staticNetwork: Network.from(31337) });
    const signer = await provider.getSigner(0);
    deployer = await signer.getAddress();
    const artifact = JSON.parse(
      readFileSync(path.join(ROOT, "artifacts/contracts/token/OpenToken.sol/OpenToken.json"), "utf8"),
    ) as { abi: never[]; bytecode: string };
    const token = await new ContractFactory(artifact.abi, artifact.bytecode, signer).deploy(deployer);
    await token.waitForDeployment();
    open = new Contract(await token.getAddress(), artifact.abi, provider);

    const config = await hardhat([
      "orbit",
      "config",
      "--native-token",
      await open.getAddress(),
      "--owner",
      deployer,
      "--file",
      "chain.json",
    ]);
    expect(config.code, config.stderr).to.equal(0);
    const created = await hardhat(["orbit", "create", "--network", "localhost", "--file", "chain.json", "--json"]);
    expect(created.code, created.stderr).to.equal(0);
  });

  after(function () {
    for (const node of nodes) node.kill();
    provider?.destroy();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("`orbit deposit` approves exactly the amount and deposits through the SDK: OPEN ends in the rollup's bridge", async function () {
    const record = JSON.parse(readFileSync(path.join(dir, "deployments/orbit-412346.json"), "utf8")) as {
      parentContracts: { bridge: string; inbox: string };
    };
    const { bridge, inbox } = record.parentContracts;
    const out = await hardhat(["orbit", "deposit", "--network", "localhost", "--amount", "5", "--json"]);
    expect(out.code, out.stderr).to.equal(0);
    const result = JSON.parse(out.stdout) as {
      transactionHash: string;
      messageIndex: string;
      childTransactionHash: string;
    };
    expect(isHexString(result.childTransactionHash, 32)).to.equal(true);
    expect(await open.balanceOf(bridge)).to.equal(parseEther("5"));
    // Approved for exactly the deposit, and all of it used.
    expect(await open.allowance(deployer, inbox)).to.equal(0n);
    const receipt = await provider.getTransactionReceipt(result.transactionHash);
    expect(receipt?.to).to.equal(getAddress(inbox));
  });

  it("`orbit deposit --to` sends a retryable ticket and prints the ticket id the SDK reads from the receipt", async function () {
    const out = await hardhat([
      "orbit",
      "deposit",
      "--network",
      "localhost",
      "--amount",
      "2",
      "--to",
      RECIPIENT,
      "--json",
    ]);
    expect(out.code, out.stderr).to.equal(0);
    const result = JSON.parse(out.stdout) as { retryableTicketId: string; messageIndex: string };
    expect(isHexString(result.retryableTicketId, 32)).to.equal(true);
    expect(BigInt(result.messageIndex)).to.be.greaterThan(0n);
  });

  it("`orbit claim` against a node that is not Nitro refuses with one line and sends nothing", async function () {
    const message = {
      position: "0",
      caller: deployer,
      destination: deployer,
      arbBlockNum: "1",
      ethBlockNum: "1",
      timestamp: "1",
      callvalue: "1",
      data: "0x",
      hash: `0x${"00".repeat(31)}01`,
    };
    writeFileSync(path.join(dir, "w.json"), JSON.stringify({ transactionHash: `0x${"00".repeat(32)}`, message }));
    const nonce = await provider.getTransactionCount(deployer);
    const out = await hardhat([
      "orbit",
      "claim",
      "--network",
      "localhost",
      "--message",
      "w.json",
      "--child-rpc",
      childUrl,
    ]);
    expect(out.code).to.not.equal(0);
    expect(out.stdout).to.equal("");
    const lines = out.stderr.trimEnd().split("\n");
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(
      new RegExp(
        `^error: the Orbit node at ${childUrl.replace(/\./g, "\\.")} cannot give this message's status \\(.*\\): it ` +
          "must be the chain's Nitro node, which serves block send roots and NodeInterface; nothing was sent$",
      ),
    );
    expect(await provider.getTransactionCount(deployer)).to.equal(nonce);
  });
});
