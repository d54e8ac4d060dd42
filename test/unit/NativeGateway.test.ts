import { expect } from "chai";
import { keccak256, toUtf8Bytes } from "ethers";

import { createChain } from "../helpers/fixtures.js";
import { deployGatewaySystem, split } from "../helpers/payments.js";

const REQUEST = keccak256(toUtf8Bytes("native-request"));

describe("NativeGateway", function () {
  let load: () => Promise<Awaited<ReturnType<typeof deployGatewaySystem>>>;
  let g: Awaited<ReturnType<typeof deployGatewaySystem>>;

  before(async function () {
    const chain = await createChain();
    const gatewayFixture = () => deployGatewaySystem(chain);
    load = () => chain.networkHelpers.loadFixture(gatewayFixture);
  });

  beforeEach(async function () {
    g = await load();
  });

  /** No funds may remain in the gateway after any call. */
  async function expectEmpty() {
    expect(await g.wopen.balanceOf(g.gateway.target)).to.equal(0n);
    expect(await g.ethers.provider.getBalance(g.gateway.target)).to.equal(0n);
  }

  it("stores its immutable addresses", async function () {
    expect(await g.gateway.wopen()).to.equal(g.wopen.target);
    expect(await g.gateway.payments()).to.equal(g.payments.target);
    expect(await g.gateway.agentRegistry()).to.equal(g.agentRegistry.target);
    expect(await g.gateway.staking()).to.equal(g.staking.target);
  });

  describe("pay", function () {
    it("wraps exactly the price and pays with the caller as payer of record", async function () {
      const amount = g.price * 4n;
      const parts = split(amount);
      const tx = g.gateway.connect(g.payer).pay(g.modelId, 4n, REQUEST, { value: amount });
      await expect(tx)
        .to.emit(g.payments, "InferencePaid")
        .withArgs(
          g.modelId,
          g.payer.address,
          0n,
          0n,
          amount,
          4n,
          REQUEST,
          parts.protocol,
          parts.stakers,
          parts.contributors,
          parts.owner,
        );
      await expect(tx).to.changeEtherBalances(g.ethers, [g.payer, g.wopen], [-amount, amount]);
      expect(await g.wopen.balanceOf(g.payments.target)).to.equal(amount);
      await expectEmpty();
    });

    it("refunds in native OPEN what the price did not use", async function () {
      const amount = g.price * 4n;
      const tx = g.gateway.connect(g.payer).pay(g.modelId, 4n, REQUEST, { value: amount + 12345n });
      await expect(tx).to.changeEtherBalances(g.ethers, [g.payer, g.wopen], [-amount, amount]);
      await expect(tx).to.emit(g.wopen, "Withdrawal").withArgs(g.gateway.target, g.payer.address, 12345n);
      await expectEmpty();
    });

    it("reverts when the value is below the price, and for zero value", async function () {
      await expect(g.gateway.connect(g.payer).pay(g.modelId, 4n, REQUEST, { value: g.price * 4n - 1n }))
        .to.be.revertedWithCustomError(g.payments, "PaymentsPriceAboveMax")
        .withArgs(g.modelId, g.price * 4n, g.price * 4n - 1n);
      await expect(g.gateway.connect(g.payer).pay(g.modelId, 4n, REQUEST)).to.be.revertedWithCustomError(
        g.gateway,
        "GatewayZeroValue",
      );
    });

    it("a caller that re-enters on its refund is refused and nothing moves", async function () {
      const receiver = await g.ethers.deployContract("HostileReceiver");
      await receiver.arm(g.gateway.target, g.gateway.interface.encodeFunctionData("stake"));
      const call = g.gateway.interface.encodeFunctionData("pay", [g.modelId, 1n, REQUEST]);
      await expect(
        receiver.execute(g.gateway.target, g.price + 1n, call, { value: g.price + 1n }),
      ).to.be.revertedWithCustomError(g.gateway, "ReentrancyGuardReentrantCall");
      await expectEmpty();
      expect(await g.wopen.balanceOf(g.payments.target)).to.equal(0n);
    });
  });

  it("fundAgent wraps and adds msg.value to the agent budget", async function () {
    await g.agentRegistry.connect(g.agentOwner).register(g.agentOperator.address, "ipfs://a", [g.modelId]);
    await expect(g.gateway.connect(g.payer).fundAgent(1n, { value: 777n }))
      .to.emit(g.agentRegistry, "AgentFunded")
      .withArgs(1n, g.gateway.target, 777n);
    expect((await g.agentRegistry.agent(1n))[1]).to.equal(777n);
    expect(await g.wopen.balanceOf(g.agentRegistry.target)).to.equal(777n);
    await expectEmpty();
    await expect(g.gateway.connect(g.payer).fundAgent(9n, { value: 1n }))
      .to.be.revertedWithCustomError(g.agentRegistry, "AgentRegistryUnknownAgent")
      .withArgs(9n);
    await expect(g.gateway.connect(g.payer).fundAgent(1n)).to.be.revertedWithCustomError(g.gateway, "GatewayZeroValue");
  });

  it("depositEscrow wraps and credits the caller's escrow", async function () {
    await expect(g.gateway.connect(g.payer).depositEscrow(g.modelId, { value: 10n ** 18n }))
      .to.emit(g.payments, "EscrowDeposited")
      .withArgs(g.payer.address, g.modelId, g.gateway.target, 10n ** 18n);
    expect((await g.payments.escrowAccount(g.payer.address, g.modelId))[0]).to.equal(10n ** 18n);
    await expectEmpty();
    await expect(g.gateway.connect(g.payer).depositEscrow(g.modelId)).to.be.revertedWithCustomError(
      g.gateway,
      "GatewayZeroValue",
    );
  });

  it("stake wraps and stakes for the caller", async function () {
    await g.gateway.connect(g.payer).stake({ value: 5000n });
    expect(await g.staking.staked(g.payer.address)).to.equal(5000n);
    expect(await g.wopen.balanceOf(g.staking.target)).to.equal(5000n);
    await expectEmpty();
    await expect(g.gateway.connect(g.payer).stake()).to.be.revertedWithCustomError(g.gateway, "GatewayZeroValue");
  });

  it("refuses plain value, even unwrapped to it by WOPEN, so nothing can be locked in it", async function () {
    await expect(g.payer.sendTransaction({ to: g.gateway.target, value: 1n })).to.be.revert(g.ethers);
    // Refunds go from WOPEN straight to the caller; an unwrap to the gateway fails and keeps the sender's WOPEN.
    await g.wopen.connect(g.other).deposit({ value: 1000n });
    await expect(g.wopen.connect(g.other).withdrawTo(g.gateway.target, 1000n)).to.be.revert(g.ethers);
    expect(await g.wopen.balanceOf(g.other.address)).to.equal(1000n);
    await expectEmpty();
  });
});
