import { expect } from "chai";
import { AbiCoder, keccak256, toUtf8Bytes, ZeroAddress } from "ethers";

import { deployUupsProxy } from "../helpers/proxy.js";
import { createChain } from "../helpers/fixtures.js";
import { paymentsFixture, type PaymentsSystem } from "../helpers/payments.js";
import type { AgentRegistry } from "../../typechain-types/index.js";

describe("AgentRegistry", function () {
  let load: () => Promise<PaymentsSystem>;
  let s: PaymentsSystem;
  let agents: AgentRegistry;

  before(async function () {
    ({ load } = await paymentsFixture());
  });

  beforeEach(async function () {
    s = await load();
    agents = s.agentRegistry;
  });

  async function registerAgent(models: bigint[] = [1n, 2n]) {
    await agents.connect(s.agentOwner).register(s.agentOperator.address, "ipfs://agent-1", models);
    return 1n;
  }

  describe("initialize", function () {
    it("names the ERC-721, sets the admin and cannot run twice", async function () {
      expect(await agents.name()).to.equal("OpenLedger Agent");
      expect(await agents.symbol()).to.equal("OLAGENT");
      expect(await agents.asset()).to.equal(s.open.target);
      expect(await agents.hasRole(await agents.DEFAULT_ADMIN_ROLE(), s.admin.address)).to.equal(true);
      await expect(agents.initialize(s.admin.address)).to.be.revertedWithCustomError(agents, "InvalidInitialization");
    });

    it("refuses a zero asset or admin", async function () {
      const chain = await createChain();
      const [admin] = await chain.ethers.getSigners();
      const factory = await chain.ethers.getContractFactory("AgentRegistry");
      await expect(factory.deploy(ZeroAddress)).to.be.revertedWithCustomError(factory, "ProtocolZeroAddress");
      await expect(
        deployUupsProxy<AgentRegistry>(chain, "AgentRegistry", [ZeroAddress], [admin.address]),
      ).to.be.revertedWithCustomError(factory, "ProtocolZeroAddress");
    });

    it("keeps its state at the ERC-7201 slot", async function () {
      await registerAgent();
      const namespaceHash = BigInt(keccak256(toUtf8Bytes("openledger.storage.AgentRegistry"))) - 1n;
      const slot = BigInt(keccak256(AbiCoder.defaultAbiCoder().encode(["uint256"], [namespaceHash]))) & ~0xffn;
      // First field: lastAgentId.
      expect(BigInt(await s.ethers.provider.getStorage(agents.target, slot))).to.equal(1n);
    });

    it("supports ERC-721 and AccessControl interfaces", async function () {
      expect(await agents.supportsInterface("0x80ac58cd")).to.equal(true); // ERC-721
      expect(await agents.supportsInterface("0x7965db0b")).to.equal(true); // IAccessControl
      expect(await agents.supportsInterface("0xffffffff")).to.equal(false);
    });
  });

  describe("register", function () {
    it("mints the agent to the caller with its operator, URI and models", async function () {
      const tx = agents.connect(s.agentOwner).register(s.agentOperator.address, "ipfs://agent-1", [1n, 2n]);
      await expect(tx)
        .to.emit(agents, "AgentRegistered")
        .withArgs(1n, s.agentOwner.address, s.agentOperator.address, "ipfs://agent-1");
      await expect(tx).to.emit(agents, "AgentModelAllowed").withArgs(1n, 1n, true);
      await expect(tx).to.emit(agents, "AgentModelAllowed").withArgs(1n, 2n, true);
      expect(await agents.ownerOf(1n)).to.equal(s.agentOwner.address);
      expect(await agents.agent(1n)).to.deep.equal([s.agentOperator.address, 0n]);
      expect(await agents.isModelAllowed(1n, 2n)).to.equal(true);
      expect(await agents.isModelAllowed(1n, 3n)).to.equal(false);
      expect(await agents.metadataURI(1n)).to.equal("ipfs://agent-1");
      expect(await agents.tokenURI(1n)).to.equal("ipfs://agent-1");
      await agents.connect(s.other).register(s.other.address, "", []);
      expect(await agents.ownerOf(2n)).to.equal(s.other.address);
    });

    it("refuses a zero operator", async function () {
      await expect(agents.connect(s.agentOwner).register(ZeroAddress, "x", [])).to.be.revertedWithCustomError(
        agents,
        "ProtocolZeroAddress",
      );
    });

    it("tokenURI reverts for an unknown agent", async function () {
      await expect(agents.tokenURI(9n)).to.be.revertedWithCustomError(agents, "ERC721NonexistentToken").withArgs(9n);
    });
  });

  describe("owner settings", function () {
    it("setOperator, setMetadataURI and setModelsAllowed: owner only", async function () {
      const id = await registerAgent();
      await expect(agents.connect(s.agentOwner).setOperator(id, s.other.address))
        .to.emit(agents, "AgentOperatorSet")
        .withArgs(id, s.other.address);
      await expect(agents.connect(s.agentOwner).setMetadataURI(id, "ipfs://v2"))
        .to.emit(agents, "AgentMetadataURISet")
        .withArgs(id, "ipfs://v2");
      await expect(agents.connect(s.agentOwner).setModelsAllowed(id, [2n, 5n], false))
        .to.emit(agents, "AgentModelAllowed")
        .withArgs(id, 5n, false);
      expect(await agents.agent(id)).to.deep.equal([s.other.address, 0n]);
      expect(await agents.metadataURI(id)).to.equal("ipfs://v2");
      expect(await agents.isModelAllowed(id, 1n)).to.equal(true);
      expect(await agents.isModelAllowed(id, 2n)).to.equal(false);

      for (const call of [
        agents.connect(s.agentOperator).setOperator(id, s.other.address),
        agents.connect(s.agentOperator).setMetadataURI(id, "x"),
        agents.connect(s.agentOperator).setModelsAllowed(id, [3n], true),
      ]) {
        await expect(call)
          .to.be.revertedWithCustomError(agents, "AgentRegistryNotAgentOwner")
          .withArgs(id, s.agentOperator.address);
      }
      await expect(agents.connect(s.agentOwner).setOperator(id, ZeroAddress)).to.be.revertedWithCustomError(
        agents,
        "ProtocolZeroAddress",
      );
      await expect(agents.connect(s.agentOwner).setOperator(9n, s.other.address))
        .to.be.revertedWithCustomError(agents, "AgentRegistryUnknownAgent")
        .withArgs(9n);
    });

    it("follows the ERC-721 owner after a transfer", async function () {
      const id = await registerAgent();
      await agents.connect(s.agentOwner).transferFrom(s.agentOwner.address, s.other.address, id);
      await expect(agents.connect(s.agentOwner).setMetadataURI(id, "x")).to.be.revertedWithCustomError(
        agents,
        "AgentRegistryNotAgentOwner",
      );
      await agents.connect(s.other).setMetadataURI(id, "mine");
      // The operator stays (documented): the new owner reviews it.
      expect((await agents.agent(id))[0]).to.equal(s.agentOperator.address);
    });
  });

  describe("budget", function () {
    const amount = 10n ** 18n;

    it("fund: anyone adds to the budget, pulled from the caller", async function () {
      const id = await registerAgent();
      const tx = agents.connect(s.payer).fund(id, amount);
      await expect(tx).to.emit(agents, "AgentFunded").withArgs(id, s.payer.address, amount);
      await expect(tx).to.changeTokenBalances(s.ethers, s.open, [s.payer, agents], [-amount, amount]);
      expect((await agents.agent(id))[1]).to.equal(amount);
    });

    it("fund refuses zero and unknown agents", async function () {
      const id = await registerAgent();
      await expect(agents.connect(s.payer).fund(id, 0n)).to.be.revertedWithCustomError(
        agents,
        "AgentRegistryZeroAmount",
      );
      await expect(agents.connect(s.payer).fund(7n, amount))
        .to.be.revertedWithCustomError(agents, "AgentRegistryUnknownAgent")
        .withArgs(7n);
    });

    it("withdrawBudget: the owner takes part of the budget to any address", async function () {
      const id = await registerAgent();
      await agents.connect(s.payer).fund(id, amount);
      const tx = agents.connect(s.agentOwner).withdrawBudget(id, amount / 4n, s.other.address);
      await expect(tx)
        .to.emit(agents, "AgentBudgetWithdrawn")
        .withArgs(id, s.other.address, amount / 4n);
      await expect(tx).to.changeTokenBalances(s.ethers, s.open, [s.other, agents], [amount / 4n, -amount / 4n]);
      expect((await agents.agent(id))[1]).to.equal((amount * 3n) / 4n);
    });

    it("withdrawBudget refuses others, zero, a zero recipient and more than the budget", async function () {
      const id = await registerAgent();
      await agents.connect(s.payer).fund(id, amount);
      await expect(agents.connect(s.agentOperator).withdrawBudget(id, 1n, s.agentOperator.address))
        .to.be.revertedWithCustomError(agents, "AgentRegistryNotAgentOwner")
        .withArgs(id, s.agentOperator.address);
      await expect(agents.connect(s.agentOwner).withdrawBudget(id, 0n, s.other.address)).to.be.revertedWithCustomError(
        agents,
        "AgentRegistryZeroAmount",
      );
      await expect(agents.connect(s.agentOwner).withdrawBudget(id, 1n, ZeroAddress)).to.be.revertedWithCustomError(
        agents,
        "ProtocolZeroAddress",
      );
      await expect(agents.connect(s.agentOwner).withdrawBudget(id, amount + 1n, s.other.address))
        .to.be.revertedWithCustomError(agents, "AgentRegistryInsufficientBudget")
        .withArgs(id, amount, amount + 1n);
    });

    it("spend: only the payments role, moving the amount to the caller", async function () {
      const id = await registerAgent();
      await agents.connect(s.payer).fund(id, amount);
      await expect(agents.connect(s.other).spend(id, s.agentOperator.address, 1n, 1n))
        .to.be.revertedWithCustomError(agents, "AccessControlUnauthorizedAccount")
        .withArgs(s.other.address, await agents.PAYMENTS_ROLE());
      // Give the role to an EOA to test spend in isolation.
      await agents.connect(s.admin).grantRole(await agents.PAYMENTS_ROLE(), s.other.address);
      const tx = agents.connect(s.other).spend(id, s.agentOperator.address, 1n, 100n);
      await expect(tx).to.emit(agents, "AgentBudgetSpent").withArgs(id, 1n, s.agentOperator.address, 100n);
      await expect(tx).to.changeTokenBalances(s.ethers, s.open, [s.other, agents], [100n, -100n]);
      await expect(agents.connect(s.other).spend(9n, s.agentOperator.address, 1n, 1n))
        .to.be.revertedWithCustomError(agents, "AgentRegistryUnknownAgent")
        .withArgs(9n);
      await expect(agents.connect(s.other).spend(id, s.other.address, 1n, 1n))
        .to.be.revertedWithCustomError(agents, "AgentRegistryNotOperator")
        .withArgs(id, s.other.address);
      await expect(agents.connect(s.other).spend(id, s.agentOperator.address, 3n, 1n))
        .to.be.revertedWithCustomError(agents, "AgentRegistryModelNotAllowed")
        .withArgs(id, 3n);
      await expect(agents.connect(s.other).spend(id, s.agentOperator.address, 1n, amount))
        .to.be.revertedWithCustomError(agents, "AgentRegistryInsufficientBudget")
        .withArgs(id, amount - 100n, amount);
    });

    it("upgrades only by the admin", async function () {
      const impl = await s.ethers.deployContract("AgentRegistry", [s.open.target]);
      await expect(agents.connect(s.other).upgradeToAndCall(impl.target, "0x")).to.be.revertedWithCustomError(
        agents,
        "AccessControlUnauthorizedAccount",
      );
      await agents.connect(s.admin).upgradeToAndCall(impl.target, "0x");
    });
  });
});
