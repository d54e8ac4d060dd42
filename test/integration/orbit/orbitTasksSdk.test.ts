/**
 * The orbit tasks through @arbitrum/sdk, as a user runs them: the `hardhat` CLI in child processes against two local
 * `hardhat node`s (loopback only). The parent (chain 31337) gets OPEN and, through `orbit create`, the real
 * nitro-contracts rollup stack; the other node has the Orbit chain's id (412346) but is not a Nitro node.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { expect } from "chai";
import {
  Contract,
  ContractFactory,
  JsonRpcProvider,
  Network,
  Wallet,
  getAddress,
  isHexString,
  parseEther,
  type Signer,
} from "ethers";

import { installPrecompileMocks } from "../../../src/orbit/childChain.js";
import { nitroChainConfigJson, type OrbitChainConfig } from "../../../src/orbit/chainConfig.js";
import type { OrbitDeployment } from "../../../src/orbit/network.js";
import { OrbitTestRelayer } from "../../../src/orbit/relayer.js";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../../..");
const HARDHAT = path.join(ROOT, "node_modules/.bin/hardhat");
const RECIPIENT = "0x00000000000000000000000000000000000000A1";
/** Hardhat's well-known first development account (public test key, funded on every local node). */
const DEV_KEY_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

function artifactFactory(name: string, signer: Signer): ContractFactory {
  const artifact = JSON.parse(
    readFileSync(path.join(ROOT, `artifacts/contracts/mocks/arbitrum/${name}.sol/${name}.json`), "utf8"),
  ) as { abi: never[]; bytecode: string };
  return new ContractFactory(artifact.abi, artifact.bytecode, signer);
}

/** Serves an EIP-1193 source as an HTTP JSON-RPC endpoint on loopback (single and batched requests). */
async function serveRpc(source: { request(args: { method: string; params?: unknown[] }): Promise<unknown> }) {
  const answer = async (call: { id: unknown; method: string; params?: unknown[] }) => {
    try {
      return {
        jsonrpc: "2.0",
        id: call.id,
        result: await source.request({ method: call.method, params: call.params }),
      };
    } catch (error) {
      return { jsonrpc: "2.0", id: call.id, error: { code: -32000, message: String((error as Error).message) } };
    }
  };
  const server: Server = createHttpServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const parsed = JSON.parse(body) as Parameters<typeof answer>[0] | Parameters<typeof answer>[0][];
      const reply = Array.isArray(parsed) ? Promise.all(parsed.map(answer)) : answer(parsed);
      void reply.then((r) => {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify(r));
      });
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${port}` };
}

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
    ORBIT_RPC_URL: childUrl,
    ORBIT_PRIVATE_KEY: DEV_KEY_0,
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

  const servers: Server[] = [];

  after(function () {
    for (const server of servers) server.close();
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

  it("`orbit withdraw`, a real assertion, then `orbit claim` executes it through the SDK; a second claim is refused", async function () {
    const record = JSON.parse(readFileSync(path.join(dir, "deployments/orbit-412346.json"), "utf8")) as OrbitDeployment;
    const config = JSON.parse(readFileSync(path.join(dir, "chain.json"), "utf8")) as OrbitChainConfig;
    // The child node becomes the simulated Orbit chain: precompile mocks at the real addresses.
    const childProvider = new JsonRpcProvider(childUrl, undefined, { staticNetwork: Network.from(412346) });
    const childRpc = {
      request: ({ method, params }: { method: string; params?: unknown[] }) => childProvider.send(method, params ?? []),
    };
    const parentRpc = {
      request: ({ method, params }: { method: string; params?: unknown[] }) => provider.send(method, params ?? []),
    };
    const simulator = await childProvider.getSigner(0); // the node's unlocked account (DEV_KEY_0's address)
    await installPrecompileMocks(
      { provider: childRpc, getContractFactory: async (name, signer) => artifactFactory(name, signer ?? simulator) },
      simulator,
      deployer,
      nitroChainConfigJson(config),
    );

    const destination = Wallet.createRandom().address;
    const withdrawn = await hardhat([
      "orbit",
      "withdraw",
      "--network",
      "orbit",
      "--amount",
      "3",
      "--to",
      destination,
      "--json",
    ]);
    expect(withdrawn.code, withdrawn.stderr).to.equal(0);
    writeFileSync(path.join(dir, "w-real.json"), withdrawn.stdout);

    // The relayer serves the child as a Nitro node would; before any assertion the claim is refused as unconfirmed.
    const relayer = new OrbitTestRelayer(
      { provider, rpc: parentRpc },
      { provider: childProvider, rpc: childRpc },
      record,
      simulator,
    );
    const nitro = await serveRpc(relayer.nitroRpc());
    servers.push(nitro.server);
    const claim = ["orbit", "claim", "--network", "localhost", "--message", "w-real.json", "--child-rpc", nitro.url];
    const early = await hardhat(claim);
    expect(early.code).to.not.equal(0);
    expect(early.stderr.trimEnd()).to.match(/^error: withdrawal \d+ is not confirmed yet: .*nothing was sent$/);

    // A validator (the deployer: whitelisted, batch poster, holding OPEN, the stake token) confirms a real assertion.
    await relayer.confirmSendsByAssertion(await provider.getSigner(0));
    const claimed = await hardhat([...claim, "--json"]);
    expect(claimed.code, claimed.stderr).to.equal(0);
    const receipt = await provider.getTransactionReceipt(
      (JSON.parse(claimed.stdout) as { transactionHash: string }).transactionHash,
    );
    expect(receipt?.to).to.equal(getAddress(record.parentContracts.outbox));
    expect(await open.balanceOf(destination)).to.equal(parseEther("3"));

    const again = await hardhat(claim);
    expect(again.code).to.not.equal(0);
    expect(again.stdout).to.equal("");
    expect(again.stderr.trimEnd()).to.match(
      /^error: withdrawal \d+ was already executed on the parent chain; nothing was sent$/,
    );
    childProvider.destroy();
  });
});
