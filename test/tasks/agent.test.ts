import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";
import { keccak256, parseUnits, toUtf8Bytes } from "ethers";

import type { AgentRegistry, WOPEN } from "../../typechain-types/index.js";
import { deployWithTask, runFailing, runJson, runTask, temporaryDirectory } from "./task-harness.js";

const OPEN = (amount: string) => parseUnits(amount);
const COMPUTE_PROVIDER = 2;

describe("agent tasks", function () {
  let env: Awaited<ReturnType<typeof deployWithTask>>;
  let agents: AgentRegistry;
  let wopen: WOPEN;
  let accounts: string[];
  let store: string;
  const BUILDER = 2;
  const STRANGER = 5;
  const OPERATOR = 7;
  const AGENT_OWNER = 8;
  const RECIPIENT = 9;

  before(async function () {
    env = await deployWithTask();
    agents = await env.ethers.getContractAt("AgentRegistry", env.contracts.AgentRegistry);
    wopen = await env.ethers.getContractAt("WOPEN", env.contracts.WOPEN);
    const signers = await env.ethers.getSigners();
    accounts = signers.map((signer) => signer.address);
    store = temporaryDirectory("ol-store-");

    // A model to allow: a Datanet version, a compute provider, a registered model.
    const file = path.join(store, "..", `${path.basename(store)}-data.txt`);
    writeFileSync(file, "some data");
    await runJson(["datanet", "create"], { metadata: "ipfs://datanet", account: BUILDER });
    await runJson(["datanet", "contribute"], { raw: true, path: file, datanet: "1", store, account: BUILDER });
    await runJson(["datanet", "review"], { datanet: "1", ids: "1", account: BUILDER });
    await runJson(["datanet", "publish"], { datanet: "1", store, account: BUILDER });
    writeFileSync(file, '{"name":"model","attribution":{"method":"spans"}}');
    const operator = signers[OPERATOR];
    await wopen.connect(operator).deposit({ value: OPEN("1000") });
    await wopen.connect(operator).approve(env.contracts.OpenStaking, OPEN("1000"));
    const staking = await env.ethers.getContractAt("OpenStaking", env.contracts.OpenStaking, operator);
    await staking.stake(OPEN("1000"));
    await staking.registerOperator(COMPUTE_PROVIDER);
    await runJson(["model", "register"], {
      card: file,
      weightsHash: keccak256(toUtf8Bytes("weights")),
      datanetVersions: "1:1",
      operator: accounts[OPERATOR],
      price: "0.5",
      contributorShare: "20%",
      store,
      account: BUILDER,
    });
    rmSync(file);
  });

  after(function () {
    env.cleanup();
    rmSync(store, { recursive: true, force: true });
  });

  describe("register", function () {
    it("registers an agent with its operator, models and metadata", async function () {
      const out = await runJson<{ agentId: string; owner: string; operator: string; models: string[] }>(
        ["agent", "register"],
        { operator: accounts[OPERATOR], models: "1", metadata: "ipfs://agent-card", account: AGENT_OWNER },
      );
      expect(out).to.deep.include({ agentId: "1", owner: accounts[AGENT_OWNER], operator: accounts[OPERATOR] });
      expect(out.models).to.deep.equal(["1"]);
      expect(await agents.ownerOf(1n)).to.equal(accounts[AGENT_OWNER]);
      const [operator, budget] = await agents.agent(1n);
      expect(operator).to.equal(accounts[OPERATOR]);
      expect(budget).to.equal(0n);
      expect(await agents.isModelAllowed(1n, 1n)).to.equal(true);
      expect(await agents.metadataURI(1n)).to.equal("ipfs://agent-card");
    });

    it("defaults the operator to the signer", async function () {
      const result = await runTask(["agent", "register"], { account: STRANGER });
      const lines = result.stdout.split("\n");
      expect(lines).to.have.length(2);
      expect(lines[1]).to.equal("  models allowed: none yet");
      expect(lines[0]).to.match(
        new RegExp(`^registered agent 2, owned by ${accounts[STRANGER]}, operated by ${accounts[STRANGER]} \\(tx`),
      );
      expect((await agents.agent(2n))[0]).to.equal(accounts[STRANGER]);
    });

    it("refuses an unknown model and a bad operator before sending anything", async function () {
      expect(await runFailing(["agent", "register"], { models: "1,5", account: AGENT_OWNER })).to.equal(
        "model 5 does not exist",
      );
      expect(await runFailing(["agent", "register"], { operator: "0xabc", account: AGENT_OWNER })).to.equal(
        '--operator: "0xabc" is not an address',
      );
      expect(await agents.balanceOf(accounts[AGENT_OWNER])).to.equal(1n);
    });
  });

  describe("fund", function () {
    it("refuses when the funder lacks WOPEN, and says --wrap would help", async function () {
      const message = await runFailing(["agent", "fund"], { agent: "1", amount: "12.5", account: AGENT_OWNER });
      expect(message).to.match(
        new RegExp(
          `^funding agent 1 with 12.5 OPEN needs 12.5 WOPEN and ${accounts[AGENT_OWNER]} holds 0.0; ` +
            "you hold [0-9.]+ native OPEN: add --wrap to wrap the missing part$",
        ),
      );
      expect((await agents.agent(1n))[1]).to.equal(0n);
    });

    it("wraps native OPEN, approves and funds with --wrap", async function () {
      const out = await runJson<{ amount: string; wrapped: string; budget: string; preparationTransactions: string[] }>(
        ["agent", "fund"],
        { agent: "1", amount: "12.5", wrap: true, account: AGENT_OWNER },
      );
      expect(out).to.deep.include({
        amount: OPEN("12.5").toString(),
        wrapped: OPEN("12.5").toString(),
        budget: OPEN("12.5").toString(),
      });
      expect(out.preparationTransactions).to.have.length(2);
      expect((await agents.agent(1n))[1]).to.equal(OPEN("12.5"));
      expect(await wopen.balanceOf(env.contracts.AgentRegistry)).to.equal(OPEN("12.5"));
      expect(await wopen.balanceOf(accounts[AGENT_OWNER])).to.equal(0n);
    });

    it("lets anyone fund, wrapping only what the WOPEN balance lacks", async function () {
      const stranger = (await env.ethers.getSigners())[STRANGER];
      await wopen.connect(stranger).deposit({ value: OPEN("1") });
      const result = await runTask(["agent", "fund"], { agent: "1", amount: "3", wrap: true, account: STRANGER });
      const lines = result.stdout.split("\n");
      expect(lines.slice(0, 2)).to.deep.equal([
        "wrapped 2.0 native OPEN into WOPEN",
        "approved 3.0 WOPEN for the AgentRegistry",
      ]);
      expect(lines[2]).to.match(/^funded agent 1 with 3.0 OPEN; budget 15.5 OPEN \(tx 0x[0-9a-f]{64}\)$/);
      expect(await wopen.balanceOf(stranger.address)).to.equal(0n);
      expect((await agents.agent(1n))[1]).to.equal(OPEN("15.5"));
    });

    it("refuses an unknown agent and bad amounts", async function () {
      expect(await runFailing(["agent", "fund"], { agent: "9", amount: "1", wrap: true })).to.equal(
        "agent 9 does not exist",
      );
      expect(await runFailing(["agent", "fund"], { agent: "1", amount: "0" })).to.equal("--amount must be more than 0");
      expect(await runFailing(["agent", "fund"], { agent: "1", amount: "1e3" })).to.equal(
        '--amount: "1e3" is not a positive decimal amount',
      );
      expect(await runFailing(["agent", "fund"], { agent: "1", amount: "0.1234567890123456789" })).to.equal(
        '--amount: "0.1234567890123456789" has more than 18 decimals',
      );
      expect((await agents.agent(1n))[1]).to.equal(OPEN("15.5"));
    });
  });

  describe("withdraw and show", function () {
    it("withdraws part of the budget as WOPEN to another account", async function () {
      const out = await runJson<{ amount: string; budget: string; to: string }>(["agent", "withdraw"], {
        agent: "1",
        amount: "5",
        to: accounts[RECIPIENT],
        account: AGENT_OWNER,
      });
      expect(out).to.deep.include({ amount: OPEN("5").toString(), budget: OPEN("10.5").toString() });
      expect(await wopen.balanceOf(accounts[RECIPIENT])).to.equal(OPEN("5"));
      expect((await agents.agent(1n))[1]).to.equal(OPEN("10.5"));
    });

    it("refuses a stranger, more than the budget and --unwrap with --to", async function () {
      expect(await runFailing(["agent", "withdraw"], { agent: "1", amount: "1", account: STRANGER })).to.equal(
        `${accounts[STRANGER]} does not own agent 1 (its owner is ${accounts[AGENT_OWNER]})`,
      );
      expect(await runFailing(["agent", "withdraw"], { agent: "1", amount: "11", account: AGENT_OWNER })).to.equal(
        "agent 1's budget is 10.5 OPEN, less than the 11.0 asked for",
      );
      expect(
        await runFailing(["agent", "withdraw"], {
          agent: "1",
          amount: "1",
          to: accounts[RECIPIENT],
          unwrap: true,
          account: AGENT_OWNER,
        }),
      ).to.equal("--unwrap works only without --to");
      expect((await agents.agent(1n))[1]).to.equal(OPEN("10.5"));
    });

    it("withdraws the whole budget as native OPEN with --amount all --unwrap", async function () {
      const owner = accounts[AGENT_OWNER];
      const before = await env.ethers.provider.getBalance(owner);
      const out = await runJson<{ amount: string; transactionHash: string; unwrapTransaction: string }>(
        ["agent", "withdraw"],
        { agent: "1", amount: "all", unwrap: true, account: AGENT_OWNER },
      );
      expect(out.amount).to.equal(OPEN("10.5").toString());
      let gas = 0n;
      for (const hash of [out.transactionHash, out.unwrapTransaction]) {
        const receipt = await env.ethers.provider.getTransactionReceipt(hash);
        gas += receipt!.gasUsed * receipt!.gasPrice;
      }
      expect((await env.ethers.provider.getBalance(owner)) - before).to.equal(OPEN("10.5") - gas);
      expect(await wopen.balanceOf(owner)).to.equal(0n);
      expect((await agents.agent(1n))[1]).to.equal(0n);
      expect(await runFailing(["agent", "withdraw"], { agent: "1", amount: "all", account: AGENT_OWNER })).to.equal(
        "agent 1 has an empty budget",
      );
    });

    it("shows an agent", async function () {
      const out = await runJson<Record<string, unknown>>(["agent", "show"], { agent: "1" });
      expect(out).to.deep.equal({
        agentId: "1",
        owner: accounts[AGENT_OWNER],
        operator: accounts[OPERATOR],
        budget: "0",
        metadataURI: "ipfs://agent-card",
        models: ["1"],
      });
      expect(await runFailing(["agent", "show"], { agent: "3" })).to.equal("agent 3 does not exist");
    });
  });
});
