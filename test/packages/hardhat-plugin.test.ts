/**
 * `@openledger/hardhat-plugin` as a Hardhat 3 user meets it: a project in a temporary folder installs only the
 * plugin's tarball plus hardhat, hardhat-ethers and ethers from the registry, lists the plugin in its config and runs
 * the governance tasks against a `hardhat node` on which this repository deployed the protocol (`protocol deploy` as
 * the node's first transactions, so the packaged address book holds its addresses). The project compiles nothing and
 * has no deployments file: addresses come from the address book by chain id, or from OPENLEDGER_DEPLOYMENTS_DIR.
 *
 * Accounts of the node: 1 and 2 stake and delegate 20,000 OPEN each (1 proposes); 3 holds no votes and sends what
 * `--calldata` prints, as a Safe or a hardware wallet would.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { HDNodeWallet, JsonRpcProvider, Wallet } from "ethers";

import { buildHardhatPluginPackage } from "../../scripts/packages/hardhat-plugin.js";
import { createOutsideProject } from "../helpers/outside-project.js";
import {
  childEnv,
  HARDHAT,
  runCommand,
  startLocalNode,
  type CommandResult,
  type LocalNode,
} from "../helpers/local-node.js";

/** Hardhat's default accounts: this mnemonic, path m/44'/60'/0'/0/i. */
const MNEMONIC = "test test test test test test test test test test test junk";
const keyOf = (i: number) => HDNodeWallet.fromPhrase(MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`).privateKey;

const CONFIG = `import openLedger from "@openledger/hardhat-plugin";
import { defineConfig } from "hardhat/config";

export default defineConfig({
  plugins: [openLedger],
  networks: {
    localhost: { type: "http", chainType: "l1", url: process.env.OPENLEDGER_RPC_URL },
  },
});
`;

interface Transaction {
  to: string;
  data: string;
  value: string;
}

describe("@openledger/hardhat-plugin in an outside Hardhat 3 project", function () {
  this.timeout(900_000);
  let work: string;
  let project: string;
  let node: LocalNode | undefined;
  let env: NodeJS.ProcessEnv;
  let provider: JsonRpcProvider;
  let tarballKiB: number;
  const files: Record<string, string> = {};

  before(async function () {
    work = mkdtempSync(path.join(tmpdir(), "ol-hardhat-plugin-"));
    const { tarball } = buildHardhatPluginPackage(path.join(work, "packages"));
    tarballKiB = statSync(tarball).size / 1024;
    project = await createOutsideProject(
      work,
      "hardhat-user",
      [tarball, "hardhat@3.18.0", "@nomicfoundation/hardhat-ethers@4.1.0", "ethers@6.17.0"],
      { "hardhat.config.js": CONFIG },
    );
    node = await startLocalNode();
    // The repository deploys (its own deployments directory, so the outside project cannot see a file of it).
    const deployed = await runCommand(
      HARDHAT,
      ["--network", "localhost", "protocol", "deploy", "--json"],
      childEnv({ OPENLEDGER_RPC_URL: node.rpcUrl, OPENLEDGER_DEPLOYMENTS_DIR: path.join(work, "repository") }),
    );
    expect(deployed.code, deployed.stderr).to.equal(0);
    env = childEnv({ OPENLEDGER_RPC_URL: node.rpcUrl });
    // Nothing of this repository's run leaks into the user's: its deployments directory, or Hardhat's settings of the
    // `hardhat test` process (HARDHAT_CONFIG names this repository's config).
    for (const name of Object.keys(env)) {
      if (name === "OPENLEDGER_DEPLOYMENTS_DIR" || name.startsWith("HARDHAT_")) delete env[name];
    }
    provider = new JsonRpcProvider(node.rpcUrl, undefined, { staticNetwork: true });

    const proposals = path.join(work, "proposals");
    mkdirSync(proposals);
    const proposal = (name: string, fn: string, arg: number, description: string) => {
      files[name] = path.join(proposals, `${name}.json`);
      writeFileSync(
        files[name],
        JSON.stringify({ description, actions: [{ contract: "InferencePayments", function: fn, args: [arg] }] }),
      );
    };
    proposal("tooHigh", "setProtocolFeeBps(uint16)", 1500, "Protocol fee 15%");
    proposal("fee", "setProtocolFeeBps(uint16)", 300, "Protocol fee 3%");
    proposal("stakers", "setStakerFeeBps(uint16)", 600, "Staker fee 6%, proposed from a Safe");
  });

  after(function () {
    provider?.destroy();
    node?.stop();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  /** `npx hardhat --network localhost <args>` in the outside project. */
  function hardhat(args: string[], extraEnv: Record<string, string> = {}): Promise<CommandResult> {
    return runCommand(
      path.join(project, "node_modules/.bin/hardhat"),
      ["--network", "localhost", ...args],
      { ...env, ...extraEnv },
      project,
    );
  }
  async function json<T = Record<string, unknown>>(args: string[], extraEnv: Record<string, string> = {}) {
    const result = await hardhat([...args, "--json"], extraEnv);
    expect(result.code, `${args.join(" ")}\n${result.stderr}`).to.equal(0);
    return JSON.parse(result.stdout) as T;
  }
  /** What `--calldata` printed, sent by account `from` (a signer the tasks never see). */
  async function sendPrinted(args: string[], from: number): Promise<void> {
    const result = await hardhat([...args, "--calldata"]);
    expect(result.code, `${args.join(" ")} --calldata\n${result.stderr}`).to.equal(0);
    const tx = JSON.parse(result.stdout) as Transaction;
    expect(Object.keys(tx).sort()).to.deep.equal(["data", "to", "value"]);
    const receipt = await (
      await new Wallet(keyOf(from), provider).sendTransaction({ to: tx.to, data: tx.data, value: BigInt(tx.value) })
    ).wait();
    expect(receipt?.status).to.equal(1);
  }
  async function advance(seconds: bigint): Promise<void> {
    await json(["dev", "advance-time", "--seconds", (seconds + 1n).toString()]);
  }
  async function status(name: string) {
    return json<{
      id: string;
      state: string;
      proposer: string;
      votes: { for: string };
      snapshot: string;
      deadline: string;
      eta: string;
      now: string;
      warning: string | null;
    }>(["gov", "status", "--file", files[name]]);
  }

  it("installs without this repository's build, and reads the packaged address book", async function () {
    // The plugin's tarball: compiled JavaScript and declarations of the tasks and the kernel, nothing else.
    expect(tarballKiB).to.be.below(1024);
    const shown = await json<{ chainId: string; contracts: Record<string, string>; parameters: object }>([
      "protocol",
      "show",
    ]);
    expect(shown.chainId).to.equal("31337");
    expect(shown.contracts).to.have.property("OpenGovernor");
    // A deployments file the user points to wins over the address book; a directory without the chain says so.
    const empty = path.join(work, "no-deployments");
    mkdirSync(empty);
    const missing = await hardhat(["protocol", "show"], { OPENLEDGER_DEPLOYMENTS_DIR: empty });
    expect(missing.code).to.equal(1);
    expect(missing.stderr.trim()).to.equal(
      `error: no deployment for chain 31337: ${path.join(empty, "31337.json")} is missing (run \`protocol deploy\` ` +
        "first, or set OPENLEDGER_DEPLOYMENTS_DIR to the directory of <chainId>.json)",
    );
    const pointed = await json<{ contracts: Record<string, string> }>(["protocol", "show"], {
      OPENLEDGER_DEPLOYMENTS_DIR: path.join(work, "repository"),
    });
    expect(pointed.contracts).to.deep.equal(shown.contracts);

    for (const account of ["1", "2"]) {
      await json(["dev", "set-balance", "--account", account, "--balance", "30000"]);
      await json(["stake", "stake", "--account", account, "--amount", "20000", "--wrap"]);
      await json(["stake", "delegate", "--account", account]);
    }
  });

  it("gov propose refuses an out-of-bounds fee, naming the decoded error and the parameter; sends nothing", async function () {
    const block = await provider.getBlockNumber();
    const refused = await hardhat(["gov", "propose", "--file", files.tooHigh, "--account", "1"]);
    expect(refused.code).to.equal(1);
    expect(refused.stderr.trim()).to.equal(
      "error: action 1 (InferencePayments.setProtocolFeeBps(uint16)(1500)) would revert when the timelock executes " +
        'it: ProtocolParameterOutOfBounds(parameter "protocolFeeBps", value 1500, min 0, max 1000)',
    );
    expect(await provider.getBlockNumber()).to.equal(block);
  });

  it("gov propose accepts a valid fee; a proposal printed by --calldata and sent by another signer is the same", async function () {
    const proposed = await json<{ id: string; simulation: { ok: boolean } }>([
      "gov",
      "propose",
      "--file",
      files.fee,
      "--account",
      "1",
    ]);
    expect(proposed.simulation.ok).to.equal(true);
    expect((await status("fee")).state).to.equal("Pending");

    // The Safe's proposal: the task prints it, account 1's key sends it (a signer the tasks never held). The
    // governor records the same proposal the task would have made, proposed by that signer.
    await sendPrinted(["gov", "propose", "--file", files.stakers], 1);
    const stakers = await status("stakers");
    expect(stakers.state).to.equal("Pending");
    expect(stakers.proposer).to.equal(new Wallet(keyOf(1)).address);
  });

  it("gov vote --file, by --account, by --private-key-var and by --calldata, all count", async function () {
    const fee = await status("fee");
    const stakers = await status("stakers");
    await advance(BigInt(stakers.snapshot) - BigInt(stakers.now));
    const voted = await json<{ id: string; support: string }>([
      "gov",
      "vote",
      "--file",
      files.fee,
      "--support",
      "for",
      "--account",
      "1",
    ]);
    expect(voted).to.deep.include({ id: fee.id, support: "for" });
    // Account 2's vote on the same proposal, printed and sent by account 2's own key.
    await sendPrinted(["gov", "vote", "--file", files.fee, "--support", "for"], 2);
    expect(BigInt((await status("fee")).votes.for)).to.equal(40_000n * 10n ** 18n);

    await json(["gov", "vote", "--file", files.stakers, "--support", "for", "--private-key-var", "PROPOSER_KEY"], {
      PROPOSER_KEY: keyOf(1),
    });
    expect(BigInt((await status("stakers")).votes.for)).to.equal(20_000n * 10n ** 18n);
  });

  it("gov queue and gov execute, by the task and by --calldata sent by an account with no votes", async function () {
    // The later of the two proposals' deadlines (the Safe's was proposed a few blocks after).
    const stakersVote = await status("stakers");
    await advance(BigInt(stakersVote.deadline) - BigInt(stakersVote.now));
    await json(["gov", "queue", "--file", files.fee]);
    await sendPrinted(["gov", "queue", "--file", files.stakers], 3);
    const queued = await status("stakers");
    expect([(await status("fee")).state, queued.state]).to.deep.equal(["Queued", "Queued"]);
    expect(queued.warning).to.equal(null);

    await advance(BigInt(queued.eta) - BigInt(queued.now));
    await json(["gov", "execute", "--file", files.fee]);
    await sendPrinted(["gov", "execute", "--file", files.stakers], 3);
    expect([(await status("fee")).state, (await status("stakers")).state]).to.deep.equal(["Executed", "Executed"]);
    const { parameters } = await json<{ parameters: { protocolFeeBps: string; stakerFeeBps: string } }>([
      "protocol",
      "show",
    ]);
    expect([parameters.protocolFeeBps, parameters.stakerFeeBps]).to.deep.equal(["300", "600"]);
  });
});
