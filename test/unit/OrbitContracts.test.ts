import { expect } from "chai";
import { id, ZeroAddress, ZeroHash } from "ethers";

import { createChain, type Chain } from "../helpers/fixtures.js";

/**
 * Unit tests of the two small parent-chain contracts of the Orbit deployment. The full cross-chain route through the
 * real Bridge and Outbox is in test/integration/orbit/OrbitGovernance.test.ts; here a test-only bridge stand-in
 * reaches every branch.
 */
describe("OpenFeeTokenPricer", function () {
  let chain: Chain;
  before(async function () {
    chain = await createChain();
  });

  async function deploy(rate = 2_000n * 10n ** 18n) {
    const [owner, stranger] = await chain.ethers.getSigners();
    const pricer = await chain.ethers.deployContract("OpenFeeTokenPricer", [owner.address, rate]);
    return { owner, stranger, pricer };
  }

  it("starts at the given rate and lets the owner change it within bounds", async function () {
    const { pricer } = await deploy();
    expect(await pricer.getExchangeRate()).to.equal(2_000n * 10n ** 18n);
    await expect(pricer.setExchangeRate(10n ** 18n))
      .to.emit(pricer, "ExchangeRateSet")
      .withArgs(10n ** 18n);
    expect(await pricer.getExchangeRate()).to.equal(10n ** 18n);
    await pricer.setExchangeRate(10n ** 12n);
    await pricer.setExchangeRate(10n ** 27n);
    expect(await pricer.getExchangeRate()).to.equal(10n ** 27n);
  });

  it("refuses a rate outside [1e12, 1e27], at construction and later", async function () {
    const { pricer } = await deploy();
    await expect(pricer.setExchangeRate(10n ** 12n - 1n))
      .to.be.revertedWithCustomError(pricer, "FeeTokenPricerRateOutOfBounds")
      .withArgs(10n ** 12n - 1n, 10n ** 12n, 10n ** 27n);
    await expect(pricer.setExchangeRate(10n ** 27n + 1n)).to.be.revertedWithCustomError(
      pricer,
      "FeeTokenPricerRateOutOfBounds",
    );
    const [owner] = await chain.ethers.getSigners();
    const factory = await chain.ethers.getContractFactory("OpenFeeTokenPricer");
    await expect(factory.deploy(owner.address, 0n)).to.be.revertedWithCustomError(
      factory,
      "FeeTokenPricerRateOutOfBounds",
    );
  });

  it("refuses anyone but the owner", async function () {
    const { pricer, stranger } = await deploy();
    await expect(pricer.connect(stranger).setExchangeRate(10n ** 18n))
      .to.be.revertedWithCustomError(pricer, "OwnableUnauthorizedAccount")
      .withArgs(stranger.address);
  });
});

describe("CrossChainTimelockProposer", function () {
  let chain: Chain;
  before(async function () {
    chain = await createChain();
  });

  async function deploy() {
    const { ethers } = chain;
    const [deployer, childTimelock, stranger] = await ethers.getSigners();
    const bridge = await ethers.deployContract("BridgeOutboxStandIn");
    const timelock = await ethers.deployContract("TimelockController", [3_600n, [], [ZeroAddress], deployer.address]);
    const proposer = await ethers.deployContract("CrossChainTimelockProposer", [
      await bridge.getAddress(),
      childTimelock.address,
      await timelock.getAddress(),
    ]);
    await timelock.grantRole(id("PROPOSER_ROLE"), await proposer.getAddress());
    await timelock.grantRole(id("CANCELLER_ROLE"), await proposer.getAddress());
    const batch = [
      [await timelock.getAddress()],
      [0n],
      [timelock.interface.encodeFunctionData("updateDelay", [7_200n])],
    ];
    return { bridge, timelock, proposer, childTimelock, stranger, batch: batch as [string[], bigint[], string[]] };
  }

  it("refuses a zero address at construction", async function () {
    const factory = await chain.ethers.getContractFactory("CrossChainTimelockProposer");
    const someone = "0x000000000000000000000000000000000000dEaD";
    const cases: [string, string, string][] = [
      [ZeroAddress, someone, someone],
      [someone, ZeroAddress, someone],
      [someone, someone, ZeroAddress],
    ];
    for (const [bridge, childTimelock, timelock] of cases) {
      await expect(factory.deploy(bridge, childTimelock, timelock)).to.be.revertedWithCustomError(
        factory,
        "CrossChainProposerZeroAddress",
      );
    }
  });

  it("exposes its bridge, child timelock and parent timelock", async function () {
    const { bridge, timelock, proposer, childTimelock } = await deploy();
    expect(await proposer.bridge()).to.equal(await bridge.getAddress());
    expect(await proposer.childTimelock()).to.equal(childTimelock.address);
    expect(await proposer.timelock()).to.equal(await timelock.getAddress());
  });

  it("schedules a batch on the parent timelock for a message from the child timelock, and can cancel it", async function () {
    const { bridge, timelock, proposer, childTimelock, batch } = await deploy();
    const [targets, values, payloads] = batch;
    const schedule = proposer.interface.encodeFunctionData("scheduleBatch", [
      targets,
      values,
      payloads,
      ZeroHash,
      id("salt"),
      3_600n,
    ]);
    const operationId = await timelock.hashOperationBatch(targets, values, payloads, ZeroHash, id("salt"));
    await expect(bridge.executeAs(childTimelock.address, await proposer.getAddress(), schedule))
      .to.emit(proposer, "CrossChainOperationScheduled")
      .withArgs(operationId, childTimelock.address);
    expect(await timelock.isOperationPending(operationId)).to.equal(true);
    const cancel = proposer.interface.encodeFunctionData("cancel", [operationId]);
    await bridge.executeAs(childTimelock.address, await proposer.getAddress(), cancel);
    expect(await timelock.isOperation(operationId)).to.equal(false);
  });

  it("refuses callers other than the bridge, and bridge messages from any other L2 sender", async function () {
    const { bridge, proposer, stranger, batch } = await deploy();
    const [targets, values, payloads] = batch;
    await expect(proposer.connect(stranger).scheduleBatch(targets, values, payloads, ZeroHash, ZeroHash, 3_600n))
      .to.be.revertedWithCustomError(proposer, "CrossChainProposerNotBridge")
      .withArgs(stranger.address, await bridge.getAddress());
    await expect(proposer.connect(stranger).cancel(ZeroHash)).to.be.revertedWithCustomError(
      proposer,
      "CrossChainProposerNotBridge",
    );
    const cancel = proposer.interface.encodeFunctionData("cancel", [ZeroHash]);
    await expect(bridge.executeAs(stranger.address, await proposer.getAddress(), cancel))
      .to.be.revertedWithCustomError(proposer, "CrossChainProposerNotChildTimelock")
      .withArgs(stranger.address, await proposer.childTimelock());
  });
});
