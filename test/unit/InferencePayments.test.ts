import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import { expect } from "chai";
import { AbiCoder, encodeBytes32String, keccak256, toUtf8Bytes, ZeroAddress, ZeroHash } from "ethers";

import {
  DAY,
  EPOCH_LENGTH,
  ModelStatus,
  paymentsFixture,
  setModel,
  signVoucher,
  split,
  type PaymentsSystem,
} from "../helpers/payments.js";
import { voucherDigest } from "../../src/protocol/index.js";
import { createChain } from "../helpers/fixtures.js";
import { deployUupsProxy } from "../helpers/proxy.js";
import type { InferencePayments } from "../../typechain-types/index.js";

const REQUEST = keccak256(toUtf8Bytes("request-1"));

describe("InferencePayments", function () {
  let load: () => Promise<PaymentsSystem>;
  let s: PaymentsSystem;

  before(async function () {
    ({ load } = await paymentsFixture());
  });

  beforeEach(async function () {
    s = await load();
  });

  async function now() {
    return BigInt(await s.chain.networkHelpers.time.latest());
  }

  describe("initialize", function () {
    it("sets the epoch clock and the default parameters", async function () {
      expect(await s.payments.epochGenesis()).to.equal(s.genesis);
      expect(await s.payments.epochLength()).to.equal(EPOCH_LENGTH);
      expect(await s.payments.protocolFeeBps()).to.equal(500n);
      expect(await s.payments.stakerFeeBps()).to.equal(500n);
      expect(await s.payments.escrowNoticePeriod()).to.equal(2n * DAY);
      expect(await s.payments.hasRole(ZeroHash, s.admin.address)).to.equal(true);
      expect(await s.payments.asset()).to.equal(s.open.target);
      expect(await s.payments.modelRegistry()).to.equal(s.modelRegistry.target);
      expect(await s.payments.agentRegistry()).to.equal(s.agentRegistry.target);
    });

    it("cannot be initialized twice", async function () {
      await expect(s.payments.initialize(s.admin.address, s.genesis, EPOCH_LENGTH)).to.be.revertedWithCustomError(
        s.payments,
        "InvalidInitialization",
      );
    });

    it("refuses a genesis in the future and an epoch length out of bounds", async function () {
      const chain = await createChain();
      const [admin] = await chain.ethers.getSigners();
      const t = BigInt(await chain.networkHelpers.time.latest());
      const args = [admin.address, admin.address, admin.address];
      const factory = await chain.ethers.getContractFactory("InferencePayments");
      await expect(
        deployUupsProxy<InferencePayments>(chain, "InferencePayments", [admin.address, t + 1000n, DAY], args),
      ).to.be.revertedWithCustomError(factory, "PaymentsGenesisInFuture");
      await expect(deployUupsProxy<InferencePayments>(chain, "InferencePayments", [admin.address, t, 59n], args))
        .to.be.revertedWithCustomError(factory, "ProtocolParameterOutOfBounds")
        .withArgs(ethersBytes32("epochLength"), 59n, 3600n, 30n * DAY);
      await expect(
        deployUupsProxy<InferencePayments>(chain, "InferencePayments", [ZeroAddress, t, DAY], args),
      ).to.be.revertedWithCustomError(factory, "ProtocolZeroAddress");
      await expect(factory.deploy(ZeroAddress, admin.address, admin.address)).to.be.revertedWithCustomError(
        factory,
        "ProtocolZeroAddress",
      );
    });

    it("keeps its state at the ERC-7201 slot", async function () {
      const namespaceHash = BigInt(keccak256(toUtf8Bytes("openledger.storage.InferencePayments"))) - 1n;
      const slot = BigInt(keccak256(AbiCoder.defaultAbiCoder().encode(["uint256"], [namespaceHash]))) & ~0xffn;
      // Slot + 1 packs epochGenesis (64 bits), epochLength (64), protocolFeeBps (16), stakerFeeBps (16) and
      // escrowNoticePeriod (32), from the lowest bits up.
      const word = BigInt(await s.ethers.provider.getStorage(s.payments.target, slot + 1n));
      const bits = (shift: bigint, width: bigint) => (word >> shift) & ((1n << width) - 1n);
      expect(bits(0n, 64n)).to.equal(s.genesis);
      expect(bits(64n, 64n)).to.equal(EPOCH_LENGTH);
      expect(bits(128n, 16n)).to.equal(500n);
      expect(bits(144n, 16n)).to.equal(500n);
      expect(bits(160n, 32n)).to.equal(2n * DAY);
      // Slot 0 packs the hot counters protocolAccrued (80), stakerAccrued (80), attributionFunded (80) and paused.
      const amount = s.price * 1000n;
      await s.payments.connect(s.payer).pay(s.modelId, 1000n, amount, ZeroHash);
      await s.payments.connect(s.guardian).pause();
      const hot = BigInt(await s.ethers.provider.getStorage(s.payments.target, slot));
      const parts = split(amount);
      const field = (shift: bigint) => (hot >> shift) & ((1n << 80n) - 1n);
      expect(field(0n)).to.equal(parts.protocol);
      expect(field(80n)).to.equal(parts.stakers);
      expect(field(160n)).to.equal(parts.contributors);
      expect(hot >> 240n).to.equal(1n);
    });

    it("upgrades only by the admin", async function () {
      const impl = await s.ethers.deployContract("InferencePayments", [
        s.open.target,
        s.modelRegistry.target,
        s.agentRegistry.target,
      ]);
      await expect(s.payments.connect(s.other).upgradeToAndCall(impl.target, "0x")).to.be.revertedWithCustomError(
        s.payments,
        "AccessControlUnauthorizedAccount",
      );
      await s.payments.connect(s.admin).upgradeToAndCall(impl.target, "0x");
      expect(await s.payments.epochGenesis()).to.equal(s.genesis);
    });
  });

  describe("epochs", function () {
    it("numbers epochs from genesis by fixed length", async function () {
      expect(await s.payments.currentEpoch()).to.equal(0n);
      await s.chain.networkHelpers.time.increaseTo(s.genesis + 3n * EPOCH_LENGTH);
      expect(await s.payments.currentEpoch()).to.equal(3n);
      expect(await s.payments.epochAt(s.genesis + EPOCH_LENGTH - 1n)).to.equal(0n);
      expect(await s.payments.epochAt(s.genesis + EPOCH_LENGTH)).to.equal(1n);
      await expect(s.payments.epochAt(s.genesis - 1n)).to.be.revert(s.ethers);
    });
  });

  describe("pay", function () {
    it("pulls price * units, splits it exactly and emits the parts", async function () {
      const amount = s.price * 7n;
      const parts = split(amount);
      await expect(s.payments.connect(s.payer).pay(s.modelId, 7n, amount, REQUEST))
        .to.emit(s.payments, "InferencePaid")
        .withArgs(
          s.modelId,
          s.payer.address,
          0n,
          0n,
          amount,
          7n,
          REQUEST,
          parts.protocol,
          parts.stakers,
          parts.contributors,
          parts.owner,
        );
      expect(await s.open.balanceOf(s.payments.target)).to.equal(amount);
      expect(await s.payments.protocolAccrued()).to.equal(parts.protocol);
      expect(await s.payments.stakerAccrued()).to.equal(parts.stakers);
      expect(await s.payments.modelRevenueAccrued(s.modelId)).to.equal(parts.owner);
      expect(await s.payments.attributionPool(s.modelId, 0n)).to.equal(parts.contributors);
      expect(await s.payments.totalAttributionFunded()).to.equal(parts.contributors);
      expect(parts.protocol + parts.stakers + parts.contributors + parts.owner).to.equal(amount);
    });

    it("moves the tokens from the payer", async function () {
      const amount = s.price * 3n;
      await expect(s.payments.connect(s.payer).pay(s.modelId, 3n, amount, REQUEST)).to.changeTokenBalances(
        s.ethers,
        s.open,
        [s.payer, s.payments],
        [-amount, amount],
      );
    });

    it("reverts when the price makes it exceed maxAmount", async function () {
      const amount = s.price * 7n;
      await expect(s.payments.connect(s.payer).pay(s.modelId, 7n, amount - 1n, REQUEST))
        .to.be.revertedWithCustomError(s.payments, "PaymentsPriceAboveMax")
        .withArgs(s.modelId, amount, amount - 1n);
    });

    it("reverts for zero units, an unknown model and a model that is not Active", async function () {
      await expect(s.payments.connect(s.payer).pay(s.modelId, 0n, 10n ** 18n, REQUEST)).to.be.revertedWithCustomError(
        s.payments,
        "PaymentsZeroAmount",
      );
      await expect(s.payments.connect(s.payer).pay(99n, 1n, 10n ** 18n, REQUEST))
        .to.be.revertedWithCustomError(s.payments, "PaymentsUnknownModel")
        .withArgs(99n);
      for (const status of [ModelStatus.Paused, ModelStatus.Retired]) {
        await setModel(s, s.modelId, {
          operator: s.operator.address,
          pricePerUnit: s.price,
          contributorShareBps: 3_000,
          status,
        });
        await expect(s.payments.connect(s.payer).pay(s.modelId, 1n, s.price, REQUEST))
          .to.be.revertedWithCustomError(s.payments, "PaymentsModelNotActive")
          .withArgs(s.modelId, status);
      }
    });

    it("reverts when the payer has not approved", async function () {
      await s.open.connect(s.payer).approve(s.payments.target, 0n);
      await expect(s.payments.connect(s.payer).pay(s.modelId, 1n, s.price, REQUEST)).to.be.revertedWithCustomError(
        s.open,
        "ERC20InsufficientAllowance",
      );
    });

    it("is stopped by the guardian's pause and resumes on unpause", async function () {
      await s.payments.connect(s.guardian).pause();
      await expect(s.payments.connect(s.payer).pay(s.modelId, 1n, s.price, REQUEST)).to.be.revertedWithCustomError(
        s.payments,
        "EnforcedPause",
      );
      await expect(s.payments.connect(s.other).pause()).to.be.revertedWithCustomError(
        s.payments,
        "AccessControlUnauthorizedAccount",
      );
      await s.payments.connect(s.admin).unpause();
      await s.payments.connect(s.payer).pay(s.modelId, 1n, s.price, REQUEST);
    });

    it("archives a model's pool when it is paid in a later epoch", async function () {
      const amount = s.price * 10n;
      await s.payments.connect(s.payer).pay(s.modelId, 10n, amount, REQUEST);
      await s.chain.networkHelpers.time.increaseTo(s.genesis + 2n * EPOCH_LENGTH);
      await s.payments.connect(s.payer).pay(s.modelId, 20n, amount * 2n, REQUEST);
      const first = split(amount).contributors;
      const second = split(amount * 2n).contributors;
      expect(await s.payments.attributionPool(s.modelId, 0n)).to.equal(first);
      expect(await s.payments.attributionPool(s.modelId, 1n)).to.equal(0n);
      expect(await s.payments.attributionPool(s.modelId, 2n)).to.equal(second);
      expect(await s.payments.totalAttributionFunded()).to.equal(first + second);
    });
  });

  describe("payFor", function () {
    it("records the payer of record and pulls from the caller", async function () {
      const amount = s.price * 2n;
      const parts = split(amount);
      await expect(s.payments.connect(s.payer2).payFor(s.other.address, s.modelId, 2n, amount, REQUEST))
        .to.emit(s.payments, "InferencePaid")
        .withArgs(
          s.modelId,
          s.other.address,
          0n,
          0n,
          amount,
          2n,
          REQUEST,
          parts.protocol,
          parts.stakers,
          parts.contributors,
          parts.owner,
        );
      expect(await s.open.balanceOf(s.payer2.address)).to.equal(s.funding - amount);
      expect(await s.open.balanceOf(s.other.address)).to.equal(s.funding);
    });

    it("reverts for a zero payer and while paused", async function () {
      await expect(
        s.payments.connect(s.payer).payFor(ZeroAddress, s.modelId, 1n, s.price, REQUEST),
      ).to.be.revertedWithCustomError(s.payments, "ProtocolZeroAddress");
      await s.payments.connect(s.guardian).pause();
      await expect(
        s.payments.connect(s.payer).payFor(s.payer.address, s.modelId, 1n, s.price, REQUEST),
      ).to.be.revertedWithCustomError(s.payments, "EnforcedPause");
    });
  });

  describe("payFromAgent", function () {
    async function agentWithBudget(budget: bigint) {
      await s.agentRegistry.connect(s.agentOwner).register(s.agentOperator.address, "ipfs://agent", [s.modelId]);
      await s.agentRegistry.connect(s.agentOwner).fund(1n, budget);
      return 1n;
    }

    it("spends the agent budget and records the operator and agent", async function () {
      const agentId = await agentWithBudget(10n ** 18n);
      const amount = s.price * 5n;
      const parts = split(amount);
      await expect(s.payments.connect(s.agentOperator).payFromAgent(agentId, s.modelId, 5n, amount, REQUEST))
        .to.emit(s.payments, "InferencePaid")
        .withArgs(
          s.modelId,
          s.agentOperator.address,
          agentId,
          0n,
          amount,
          5n,
          REQUEST,
          parts.protocol,
          parts.stakers,
          parts.contributors,
          parts.owner,
        );
      expect((await s.agentRegistry.agent(agentId))[1]).to.equal(10n ** 18n - amount);
      expect(await s.open.balanceOf(s.payments.target)).to.equal(amount);
    });

    it("reverts unless the caller is the operator, the model allowed and the budget enough", async function () {
      const agentId = await agentWithBudget(s.price);
      await expect(s.payments.connect(s.other).payFromAgent(agentId, s.modelId, 1n, s.price, REQUEST))
        .to.be.revertedWithCustomError(s.agentRegistry, "AgentRegistryNotOperator")
        .withArgs(agentId, s.other.address);
      await setModel(s, 2n, {
        operator: s.operator.address,
        pricePerUnit: s.price,
        contributorShareBps: 3_000,
        status: ModelStatus.Active,
      });
      await expect(s.payments.connect(s.agentOperator).payFromAgent(agentId, 2n, 1n, s.price, REQUEST))
        .to.be.revertedWithCustomError(s.agentRegistry, "AgentRegistryModelNotAllowed")
        .withArgs(agentId, 2n);
      await expect(s.payments.connect(s.agentOperator).payFromAgent(agentId, s.modelId, 2n, s.price * 2n, REQUEST))
        .to.be.revertedWithCustomError(s.agentRegistry, "AgentRegistryInsufficientBudget")
        .withArgs(agentId, s.price, s.price * 2n);
      await expect(
        s.payments.connect(s.agentOperator).payFromAgent(agentId, s.modelId, 2n, s.price, REQUEST),
      ).to.be.revertedWithCustomError(s.payments, "PaymentsPriceAboveMax");
      await s.payments.connect(s.guardian).pause();
      await expect(
        s.payments.connect(s.agentOperator).payFromAgent(agentId, s.modelId, 1n, s.price, REQUEST),
      ).to.be.revertedWithCustomError(s.payments, "EnforcedPause");
    });
  });

  describe("escrow", function () {
    const deposit = 10n ** 18n;

    it("depositEscrow credits the caller and depositEscrowFor credits the payer", async function () {
      await expect(s.payments.connect(s.payer).depositEscrow(s.modelId, deposit))
        .to.emit(s.payments, "EscrowDeposited")
        .withArgs(s.payer.address, s.modelId, s.payer.address, deposit);
      await expect(s.payments.connect(s.payer2).depositEscrowFor(s.payer.address, s.modelId, deposit))
        .to.emit(s.payments, "EscrowDeposited")
        .withArgs(s.payer.address, s.modelId, s.payer2.address, deposit);
      expect(await s.payments.escrowAccount(s.payer.address, s.modelId)).to.deep.equal([deposit * 2n, 0n, 0n, 0n]);
      expect(await s.open.balanceOf(s.payments.target)).to.equal(deposit * 2n);
    });

    it("refuses zero, an unknown model, a zero payer and deposits while paused", async function () {
      await expect(s.payments.connect(s.payer).depositEscrow(s.modelId, 0n)).to.be.revertedWithCustomError(
        s.payments,
        "PaymentsZeroAmount",
      );
      await expect(s.payments.connect(s.payer).depositEscrow(7n, deposit))
        .to.be.revertedWithCustomError(s.payments, "PaymentsUnknownModel")
        .withArgs(7n);
      await expect(
        s.payments.connect(s.payer).depositEscrowFor(ZeroAddress, s.modelId, deposit),
      ).to.be.revertedWithCustomError(s.payments, "ProtocolZeroAddress");
      await s.payments.connect(s.guardian).pause();
      await expect(s.payments.connect(s.payer).depositEscrow(s.modelId, deposit)).to.be.revertedWithCustomError(
        s.payments,
        "EnforcedPause",
      );
    });

    it("requestEscrowWithdrawal starts the notice period, replaces and cancels", async function () {
      await s.payments.connect(s.payer).depositEscrow(s.modelId, deposit);
      await expect(s.payments.connect(s.payer).requestEscrowWithdrawal(s.modelId, deposit + 1n))
        .to.be.revertedWithCustomError(s.payments, "PaymentsInsufficientEscrow")
        .withArgs(s.payer.address, s.modelId, deposit, deposit + 1n);
      const tx = await s.payments.connect(s.payer).requestEscrowWithdrawal(s.modelId, deposit / 2n);
      const thawEnd = (await now()) + 2n * DAY;
      await expect(tx)
        .to.emit(s.payments, "EscrowWithdrawalRequested")
        .withArgs(s.payer.address, s.modelId, deposit / 2n, thawEnd);
      expect(await s.payments.escrowAccount(s.payer.address, s.modelId)).to.deep.equal([
        deposit,
        0n,
        deposit / 2n,
        thawEnd,
      ]);
      await expect(s.payments.connect(s.payer).requestEscrowWithdrawal(s.modelId, 0n))
        .to.emit(s.payments, "EscrowWithdrawalRequested")
        .withArgs(s.payer.address, s.modelId, 0n, 0n);
      expect(await s.payments.escrowAccount(s.payer.address, s.modelId)).to.deep.equal([deposit, 0n, 0n, 0n]);
    });

    it("withdrawEscrow pays after the notice period only, and works while paused", async function () {
      await s.payments.connect(s.payer).depositEscrow(s.modelId, deposit);
      await expect(s.payments.connect(s.payer).withdrawEscrow(s.modelId))
        .to.be.revertedWithCustomError(s.payments, "PaymentsNoWithdrawalRequested")
        .withArgs(s.payer.address, s.modelId);
      await s.payments.connect(s.payer).requestEscrowWithdrawal(s.modelId, deposit / 4n);
      const thawEnd = (await now()) + 2n * DAY;
      await expect(s.payments.connect(s.payer).withdrawEscrow(s.modelId))
        .to.be.revertedWithCustomError(s.payments, "PaymentsWithdrawalNotReady")
        .withArgs(s.payer.address, s.modelId, thawEnd);
      await s.chain.networkHelpers.time.increaseTo(thawEnd);
      await s.payments.connect(s.guardian).pause();
      const tx = s.payments.connect(s.payer).withdrawEscrow(s.modelId);
      await expect(tx)
        .to.emit(s.payments, "EscrowWithdrawn")
        .withArgs(s.payer.address, s.modelId, deposit / 4n);
      await expect(tx).to.changeTokenBalances(s.ethers, s.open, [s.payer, s.payments], [deposit / 4n, -deposit / 4n]);
      expect(await s.payments.escrowAccount(s.payer.address, s.modelId)).to.deep.equal([
        (deposit * 3n) / 4n,
        0n,
        0n,
        0n,
      ]);
    });

    it("the thawing amount stays redeemable: withdrawal gets only what vouchers left", async function () {
      await s.payments.connect(s.payer).depositEscrow(s.modelId, deposit);
      await s.payments.connect(s.payer).requestEscrowWithdrawal(s.modelId, deposit);
      const voucher = await signVoucher(s.payer, s.domain, s.modelId, (deposit * 3n) / 5n);
      await s.payments.connect(s.operator).redeemVouchers(s.modelId, [voucher]);
      await s.chain.networkHelpers.time.increase(2n * DAY);
      await expect(s.payments.connect(s.payer).withdrawEscrow(s.modelId))
        .to.emit(s.payments, "EscrowWithdrawn")
        .withArgs(s.payer.address, s.modelId, (deposit * 2n) / 5n);
      expect(await s.payments.escrowAccount(s.payer.address, s.modelId)).to.deep.equal([
        0n,
        (deposit * 3n) / 5n,
        0n,
        0n,
      ]);
    });

    it("redemptions since a request draw on it first: a later deposit needs a notice of its own", async function () {
      const unit = deposit / 100n;
      // 100 escrowed, all of it requested; 60 redeemed in the notice period: 40 of the request is left.
      await s.payments.connect(s.payer).depositEscrow(s.modelId, 100n * unit);
      await s.payments.connect(s.payer).requestEscrowWithdrawal(s.modelId, 100n * unit);
      const thawEnd = (await now()) + 2n * DAY;
      await s.payments
        .connect(s.operator)
        .redeemVouchers(s.modelId, [await signVoucher(s.payer, s.domain, s.modelId, 60n * unit)]);
      expect(await s.payments.escrowAccount(s.payer.address, s.modelId)).to.deep.equal([
        40n * unit,
        60n * unit,
        40n * unit,
        thawEnd,
      ]);
      // After the notice, the payer tops up 50 and signs for 50 more of service (110 cumulative), then withdraws:
      // only the 40 left of the request leaves; the 50 stays for the voucher.
      await s.chain.networkHelpers.time.increaseTo(thawEnd);
      await s.payments.connect(s.payer).depositEscrow(s.modelId, 50n * unit);
      const v110 = await signVoucher(s.payer, s.domain, s.modelId, 110n * unit);
      await expect(s.payments.connect(s.payer).withdrawEscrow(s.modelId))
        .to.emit(s.payments, "EscrowWithdrawn")
        .withArgs(s.payer.address, s.modelId, 40n * unit);
      await expect(s.payments.connect(s.operator).redeemVouchers(s.modelId, [v110])).to.changeTokenBalance(
        s.ethers,
        s.open,
        s.payments,
        0n,
      );
      expect(await s.payments.escrowAccount(s.payer.address, s.modelId)).to.deep.equal([0n, 110n * unit, 0n, 0n]);
      // A request that redemptions used up entirely releases nothing.
      await s.payments.connect(s.payer).depositEscrow(s.modelId, 10n * unit);
      await s.payments.connect(s.payer).requestEscrowWithdrawal(s.modelId, 10n * unit);
      await s.payments
        .connect(s.operator)
        .redeemVouchers(s.modelId, [await signVoucher(s.payer, s.domain, s.modelId, 125n * unit)]);
      expect((await s.payments.escrowAccount(s.payer.address, s.modelId))[2]).to.equal(0n);
      await s.chain.networkHelpers.time.increase(2n * DAY);
      await s.payments.connect(s.payer).depositEscrow(s.modelId, 5n * unit);
      await expect(s.payments.connect(s.payer).withdrawEscrow(s.modelId))
        .to.emit(s.payments, "EscrowWithdrawn")
        .withArgs(s.payer.address, s.modelId, 0n);
      expect((await s.payments.escrowAccount(s.payer.address, s.modelId))[0]).to.equal(5n * unit);
    });

    it("a notice period change does not move a pending request", async function () {
      await s.payments.connect(s.payer).depositEscrow(s.modelId, deposit);
      await s.payments.connect(s.payer).requestEscrowWithdrawal(s.modelId, deposit);
      const thawEnd = (await now()) + 2n * DAY;
      await s.payments.connect(s.admin).setEscrowNoticePeriod(30 * 86_400);
      expect((await s.payments.escrowAccount(s.payer.address, s.modelId))[3]).to.equal(thawEnd);
    });
  });

  describe("redeemVouchers", function () {
    const deposit = 10n ** 18n;

    beforeEach(async function () {
      await s.payments.connect(s.payer).depositEscrow(s.modelId, deposit);
      await s.payments.connect(s.payer2).depositEscrow(s.modelId, deposit);
    });

    it("pays each voucher's increase, splits the batch once and emits per voucher and per batch", async function () {
      const v1 = await signVoucher(s.payer, s.domain, s.modelId, 3000n);
      const v2 = await signVoucher(s.payer2, s.domain, s.modelId, 7001n);
      const parts = split(10_001n);
      const tx = s.payments.connect(s.operator).redeemVouchers(s.modelId, [v1, v2]);
      await expect(tx).to.emit(s.payments, "VoucherRedeemed").withArgs(s.payer.address, s.modelId, 3000n, 3000n);
      await expect(tx).to.emit(s.payments, "VoucherRedeemed").withArgs(s.payer2.address, s.modelId, 7001n, 7001n);
      await expect(tx)
        .to.emit(s.payments, "VouchersRedeemed")
        .withArgs(
          s.modelId,
          s.operator.address,
          0n,
          10_001n,
          parts.protocol,
          parts.stakers,
          parts.contributors,
          parts.owner,
        );
      expect(await s.payments.escrowAccount(s.payer.address, s.modelId)).to.deep.equal([
        deposit - 3000n,
        3000n,
        0n,
        0n,
      ]);
      expect(await s.payments.protocolAccrued()).to.equal(parts.protocol);
      expect(await s.payments.modelRevenueAccrued(s.modelId)).to.equal(parts.owner);
      expect(await s.payments.attributionPool(s.modelId, 0n)).to.equal(parts.contributors);

      // A later voucher pays only the difference.
      const v3 = await signVoucher(s.payer, s.domain, s.modelId, 5000n);
      await expect(s.payments.connect(s.operator).redeemVouchers(s.modelId, [v3]))
        .to.emit(s.payments, "VoucherRedeemed")
        .withArgs(s.payer.address, s.modelId, 5000n, 2000n);
      expect((await s.payments.escrowAccount(s.payer.address, s.modelId))[1]).to.equal(5000n);
    });

    it("skips a voucher at or below the redeemed amount without checking its signature", async function () {
      const v1 = await signVoucher(s.payer, s.domain, s.modelId, 3000n);
      await s.payments.connect(s.operator).redeemVouchers(s.modelId, [v1]);
      const stale = { ...v1, r: ZeroHash };
      const tx = s.payments.connect(s.operator).redeemVouchers(s.modelId, [v1, stale]);
      await expect(tx).not.to.emit(s.payments, "VoucherRedeemed");
      await expect(tx).not.to.emit(s.payments, "VouchersRedeemed");
      expect(await s.payments.connect(s.operator).redeemVouchers.staticCall(s.modelId, [v1])).to.equal(0n);
    });

    it("caps a voucher at the escrow and lets the same voucher pay the rest after a top-up", async function () {
      const voucher = await signVoucher(s.payer, s.domain, s.modelId, deposit + 500n);
      await expect(s.payments.connect(s.operator).redeemVouchers(s.modelId, [voucher]))
        .to.emit(s.payments, "VoucherRedeemed")
        .withArgs(s.payer.address, s.modelId, deposit + 500n, deposit);
      expect(await s.payments.escrowAccount(s.payer.address, s.modelId)).to.deep.equal([0n, deposit, 0n, 0n]);
      // Empty escrow: skipped.
      await expect(s.payments.connect(s.operator).redeemVouchers(s.modelId, [voucher])).not.to.emit(
        s.payments,
        "VoucherRedeemed",
      );
      await s.payments.connect(s.payer).depositEscrow(s.modelId, 1000n);
      await expect(s.payments.connect(s.operator).redeemVouchers(s.modelId, [voucher]))
        .to.emit(s.payments, "VoucherRedeemed")
        .withArgs(s.payer.address, s.modelId, deposit + 500n, 500n);
      expect(await s.payments.escrowAccount(s.payer.address, s.modelId)).to.deep.equal([500n, deposit + 500n, 0n, 0n]);
    });

    it("skips a bad voucher with its reason and pays the rest of the batch (issue 14, hole 1)", async function () {
      // Before: one bad voucher reverted the whole batch with PaymentsInvalidVoucherSignature.
      await s.payments.connect(s.payer2).depositEscrow(s.modelId, deposit);
      const good = await signVoucher(s.payer, s.domain, s.modelId, 100n);
      const forged = await signVoucher(s.payer, s.domain, s.modelId, 999n, s.payer2.address);
      const tx = s.payments.connect(s.operator).redeemVouchers(s.modelId, [forged, good]);
      await expect(tx)
        .to.emit(s.payments, "VoucherSkipped")
        .withArgs(s.payer2.address, s.modelId, 999n, s.payer.address, 1n); // UnauthorizedSigner
      await expect(tx).to.emit(s.payments, "VoucherRedeemed").withArgs(s.payer.address, s.modelId, 100n, 100n);
      await expect(tx).to.emit(s.payments, "VouchersRedeemed");
      expect((await s.payments.escrowAccount(s.payer2.address, s.modelId))[1]).to.equal(0n);

      const tampered = { ...good, cumulativeAmount: 101n };
      await expect(s.payments.connect(s.operator).redeemVouchers(s.modelId, [tampered])).to.emit(
        s.payments,
        "VoucherSkipped",
      );
      const garbage = { ...good, cumulativeAmount: 102n, r: ZeroHash, vs: ZeroHash };
      await expect(s.payments.connect(s.operator).redeemVouchers(s.modelId, [garbage]))
        .to.emit(s.payments, "VoucherSkipped")
        .withArgs(s.payer.address, s.modelId, 102n, ZeroAddress, 0n) // BadSignature
        .and.not.to.emit(s.payments, "VouchersRedeemed");
      expect((await s.payments.escrowAccount(s.payer.address, s.modelId))[1]).to.equal(100n);
    });

    it("skips a voucher signed for another model", async function () {
      await setModel(s, 2n, {
        operator: s.operator.address,
        pricePerUnit: s.price,
        contributorShareBps: 3_000,
        status: ModelStatus.Active,
      });
      await s.payments.connect(s.payer).depositEscrow(2n, deposit);
      const forModel1 = await signVoucher(s.payer, s.domain, s.modelId, 100n);
      await expect(s.payments.connect(s.operator).redeemVouchers(2n, [forModel1])).to.emit(
        s.payments,
        "VoucherSkipped",
      );
      expect((await s.payments.escrowAccount(s.payer.address, 2n))[1]).to.equal(0n);
    });

    it("the owner cannot pick the contributor share at redemption time (issue 14, hole 2)", async function () {
      // The review's attack: the model advertises 50%; the owner lowers it to the minimum, the operator redeems
      // 10,000 of vouchers, the owner restores 50%. Before the fix contributors got 900 instead of 4,500.
      await s.modelRegistry.connect(s.modelOwner).setContributorShare(s.modelId, 5_000);
      await s.payments.connect(s.payer).depositEscrow(s.modelId, 10_000n);
      const voucher = await signVoucher(s.payer, s.domain, s.modelId, 10_000n);
      await expect(s.modelRegistry.connect(s.modelOwner).setContributorShare(s.modelId, 1_000)).to.emit(
        s.modelRegistry,
        "ModelContributorShareScheduled",
      );
      const tx = s.payments.connect(s.operator).redeemVouchers(s.modelId, [voucher]);
      const parts = split(10_000n, 500n, 500n, 5_000n);
      expect(parts.contributors).to.equal(4_500n);
      await expect(tx)
        .to.emit(s.payments, "VouchersRedeemed")
        .withArgs(s.modelId, s.operator.address, 0n, 10_000n, 500n, 500n, 4_500n, 4_500n);
      await s.modelRegistry.connect(s.modelOwner).setContributorShare(s.modelId, 5_000);
      expect(await s.payments.attributionPool(s.modelId, 0n)).to.equal(4_500n);
      // The notice covers the escrow notice plus one epoch, read from this contract.
      expect(await s.modelRegistry.contributorShareNotice()).to.equal(
        (await s.payments.escrowNoticePeriod()) + (await s.payments.epochLength()),
      );
    });

    it("a scheduled decrease applies to payments made after its notice, not before", async function () {
      await s.modelRegistry.connect(s.modelOwner).setContributorShare(s.modelId, 1_000);
      const [, effectiveAt] = await s.modelRegistry.pendingContributorShare(s.modelId);
      const amount = s.price * 10n;
      await s.chain.networkHelpers.time.setNextBlockTimestamp(effectiveAt - 1n);
      await expect(s.payments.connect(s.payer).pay(s.modelId, 10n, amount, REQUEST))
        .to.emit(s.payments, "InferencePaid")
        .withArgs(...paidArgs(amount, 3_000n));
      await s.chain.networkHelpers.time.setNextBlockTimestamp(effectiveAt);
      await expect(s.payments.connect(s.payer).pay(s.modelId, 10n, amount, REQUEST))
        .to.emit(s.payments, "InferencePaid")
        .withArgs(...paidArgs(amount, 1_000n));

      function paidArgs(paid: bigint, shareBps: bigint) {
        const p = split(paid, 500n, 500n, shareBps);
        return [
          s.modelId,
          s.payer.address,
          0n,
          anyValue,
          paid,
          10n,
          REQUEST,
          p.protocol,
          p.stakers,
          p.contributors,
          p.owner,
        ];
      }
    });

    describe("signers of smart-account payers (issue 14, hole 1)", function () {
      async function walletPayer(escrow: bigint) {
        const wallet = await s.ethers.deployContract("ERC1271WalletMock", [s.payer.address]);
        await s.open.connect(s.payer).transfer(wallet.target, escrow);
        await wallet.execute(
          s.open.target,
          s.open.interface.encodeFunctionData("approve", [s.payments.target, escrow]),
        );
        await wallet.execute(
          s.payments.target,
          s.payments.interface.encodeFunctionData("depositEscrow", [s.modelId, escrow]),
        );
        return wallet;
      }

      it("a wallet that rotates its key cannot take back what the operator holds", async function () {
        // The attack of the review: escrow 1,000, serve 800 against a voucher that verified, rotate the key, request
        // a withdrawal of everything and wait out the notice. Before the fix the voucher was checked by ERC-1271 at
        // redemption, so every redemption reverted after the rotation and the payer withdrew all 1,000.
        const wallet = await walletPayer(1_000n);
        const walletAddress = await wallet.getAddress();
        await wallet.execute(
          s.payments.target,
          s.payments.interface.encodeFunctionData("authorizeSigner", [s.payer2.address]),
        );
        const voucher = await signVoucher(s.payer2, s.domain, s.modelId, 800n, walletAddress);
        expect(await s.payments.isAuthorizedSigner(walletAddress, s.payer2.address)).to.equal(true);

        // The payer rotates its key, revokes the signer and asks for everything back.
        await wallet.connect(s.payer).rotateKey(s.other.address);
        const revoke = s.payments.interface.encodeFunctionData("revokeSigner", [s.payer2.address]);
        await wallet.connect(s.other).execute(s.payments.target, revoke);
        const request = s.payments.interface.encodeFunctionData("requestEscrowWithdrawal", [s.modelId, 1_000n]);
        await wallet.connect(s.other).execute(s.payments.target, request);
        // The revocation runs for the whole escrow notice from the moment the payer made it.
        const validUntil = await s.payments.signerValidUntil(walletAddress, s.payer2.address);
        const revokedAt = BigInt((await s.ethers.provider.getBlock("latest"))!.timestamp) - 1n;
        expect(validUntil).to.equal(revokedAt + (await s.payments.escrowNoticePeriod()));
        const [, , , thawEnd] = await s.payments.escrowAccount(walletAddress, s.modelId);
        expect(thawEnd).to.be.greaterThanOrEqual(validUntil);

        // Until the notice ends the operator redeems the voucher it holds.
        await s.chain.networkHelpers.time.setNextBlockTimestamp(validUntil - 1n);
        await expect(s.payments.connect(s.operator).redeemVouchers(s.modelId, [voucher]))
          .to.emit(s.payments, "VoucherRedeemed")
          .withArgs(walletAddress, s.modelId, 800n, 800n);
        await s.chain.networkHelpers.time.increaseTo(thawEnd);
        const withdraw = s.payments.interface.encodeFunctionData("withdrawEscrow", [s.modelId]);
        await wallet.connect(s.other).execute(s.payments.target, withdraw);
        expect(await s.open.balanceOf(walletAddress)).to.equal(200n);
        expect(await s.payments.isAuthorizedSigner(walletAddress, s.payer2.address)).to.equal(false);
      });

      it("a revoked signer's vouchers are skipped once the notice is over; re-authorizing restores it", async function () {
        const wallet = await walletPayer(1_000n);
        const walletAddress = await wallet.getAddress();
        const authorize = s.payments.interface.encodeFunctionData("authorizeSigner", [s.payer2.address]);
        await expect(wallet.execute(s.payments.target, authorize))
          .to.emit(s.payments, "SignerAuthorized")
          .withArgs(walletAddress, s.payer2.address);
        const revoke = s.payments.interface.encodeFunctionData("revokeSigner", [s.payer2.address]);
        const notice = await s.payments.escrowNoticePeriod();
        const revokeTx = wallet.execute(s.payments.target, revoke);
        await expect(revokeTx).to.emit(s.payments, "SignerRevoked");
        await expect(wallet.execute(s.payments.target, revoke)).to.be.revertedWithCustomError(
          wallet,
          "WalletCallFailed",
        );
        await s.chain.networkHelpers.time.increase(notice);
        const late = await signVoucher(s.payer2, s.domain, s.modelId, 300n, walletAddress);
        await expect(s.payments.connect(s.operator).redeemVouchers(s.modelId, [late]))
          .to.emit(s.payments, "VoucherSkipped")
          .withArgs(walletAddress, s.modelId, 300n, s.payer2.address, 1n);
        await wallet.execute(s.payments.target, authorize);
        expect(await s.payments.signerValidUntil(walletAddress, s.payer2.address)).to.equal(2n ** 64n - 1n);
        await expect(s.payments.connect(s.operator).redeemVouchers(s.modelId, [late]))
          .to.emit(s.payments, "VoucherRedeemed")
          .withArgs(walletAddress, s.modelId, 300n, 300n);
      });

      it("the wallet's own ERC-1271 signature is not checked live: it must authorize a signer key", async function () {
        const wallet = await walletPayer(1_000n);
        const walletAddress = await wallet.getAddress();
        const byOwnerKey = await signVoucher(s.payer, s.domain, s.modelId, 400n, walletAddress);
        await expect(s.payments.connect(s.operator).redeemVouchers(s.modelId, [byOwnerKey]))
          .to.emit(s.payments, "VoucherSkipped")
          .withArgs(walletAddress, s.modelId, 400n, s.payer.address, 1n);
        await expect(s.payments.connect(s.payer).revokeSigner(s.other.address))
          .to.be.revertedWithCustomError(s.payments, "PaymentsSignerNotAuthorized")
          .withArgs(s.payer.address, s.other.address);
        await expect(s.payments.connect(s.payer).authorizeSigner(ZeroAddress)).to.be.revertedWithCustomError(
          s.payments,
          "ProtocolZeroAddress",
        );
        // An EOA payer always signs for itself.
        expect(await s.payments.isAuthorizedSigner(s.payer.address, s.payer.address)).to.equal(true);
      });
    });

    it("only the model's operator redeems; unknown models revert; retired models still redeem", async function () {
      const voucher = await signVoucher(s.payer, s.domain, s.modelId, 100n);
      await expect(s.payments.connect(s.other).redeemVouchers(s.modelId, [voucher]))
        .to.be.revertedWithCustomError(s.payments, "PaymentsNotModelOperator")
        .withArgs(s.modelId, s.other.address, s.operator.address);
      await expect(s.payments.connect(s.operator).redeemVouchers(5n, [voucher]))
        .to.be.revertedWithCustomError(s.payments, "PaymentsUnknownModel")
        .withArgs(5n);
      await setModel(s, s.modelId, {
        operator: s.operator.address,
        pricePerUnit: s.price,
        contributorShareBps: 3_000,
        status: ModelStatus.Retired,
      });
      await expect(s.payments.connect(s.operator).redeemVouchers(s.modelId, [voucher])).to.emit(
        s.payments,
        "VouchersRedeemed",
      );
    });

    it("is stopped by the pause", async function () {
      const voucher = await signVoucher(s.payer, s.domain, s.modelId, 100n);
      await s.payments.connect(s.guardian).pause();
      await expect(s.payments.connect(s.operator).redeemVouchers(s.modelId, [voucher])).to.be.revertedWithCustomError(
        s.payments,
        "EnforcedPause",
      );
    });

    it("voucherDigest matches the shared EIP-712 module", async function () {
      expect(await s.payments.voucherDigest(s.payer.address, s.modelId, 123n)).to.equal(
        voucherDigest(s.domain, { payer: s.payer.address, modelId: s.modelId, cumulativeAmount: 123n }),
      );
      const domain = await s.payments.eip712Domain();
      expect(domain[1]).to.equal("OpenLedger InferencePayments");
      expect(domain[2]).to.equal("1");
    });
  });

  describe("collect and release", function () {
    const amount = 10n ** 18n;

    beforeEach(async function () {
      await s.payments.connect(s.payer).pay(s.modelId, amount / s.price, amount, REQUEST);
    });

    it("collectProtocolFees sends the protocol share to the treasury, even while paused", async function () {
      const { protocol } = split(amount);
      await s.payments.connect(s.guardian).pause();
      const tx = s.payments.connect(s.other).collectProtocolFees();
      await expect(tx).to.emit(s.payments, "ProtocolFeesCollected").withArgs(s.treasury.address, protocol);
      await expect(tx).to.changeTokenBalances(s.ethers, s.open, [s.treasury, s.payments], [protocol, -protocol]);
      expect(await s.payments.protocolAccrued()).to.equal(0n);
      expect(await s.payments.connect(s.other).collectProtocolFees.staticCall()).to.equal(0n);
    });

    it("collectProtocolFees reverts before the treasury is set", async function () {
      const chain = await createChain();
      const [admin] = await chain.ethers.getSigners();
      const p = await deployUupsProxy<InferencePayments>(
        chain,
        "InferencePayments",
        [admin.address, BigInt(await chain.networkHelpers.time.latest()), DAY],
        [admin.address, admin.address, admin.address],
      );
      await expect(p.collectProtocolFees()).to.be.revertedWithCustomError(p, "PaymentsTreasuryNotSet");
    });

    it("collectStakerFees pays only the staking contract", async function () {
      const { stakers } = split(amount);
      await expect(s.payments.connect(s.other).collectStakerFees())
        .to.be.revertedWithCustomError(s.payments, "PaymentsNotStakingContract")
        .withArgs(s.other.address);
      const tx = s.staking.collectFrom(s.payments);
      await expect(tx).to.emit(s.payments, "StakerFeesCollected").withArgs(s.staking.target, stakers);
      await expect(tx).to.changeTokenBalances(s.ethers, s.open, [s.staking, s.payments], [stakers, -stakers]);
      expect(await s.payments.stakerAccrued()).to.equal(0n);
    });

    it("collectModelRevenue sends the owner share to the revenue recipient", async function () {
      const { owner } = split(amount);
      const tx = s.payments.connect(s.other).collectModelRevenue(s.modelId);
      await expect(tx).to.emit(s.payments, "ModelRevenueCollected").withArgs(s.modelId, s.modelOwner.address, owner);
      await expect(tx).to.changeTokenBalances(s.ethers, s.open, [s.modelOwner, s.payments], [owner, -owner]);
      expect(await s.payments.modelRevenueAccrued(s.modelId)).to.equal(0n);
      expect(await s.payments.collectModelRevenue.staticCall(s.modelId)).to.equal(0n);
    });

    it("releaseAttributionFunds pays the increase up to what was funded, only to the distributor", async function () {
      const funded = split(amount).contributors;
      await expect(s.payments.connect(s.other).releaseAttributionFunds(1n)).to.be.revertedWithCustomError(
        s.payments,
        "AccessControlUnauthorizedAccount",
      );
      await expect(s.payments.connect(s.distributor).releaseAttributionFunds(funded + 1n))
        .to.be.revertedWithCustomError(s.payments, "PaymentsReleaseExceedsFunded")
        .withArgs(funded + 1n, funded);
      const tx = s.payments.connect(s.distributor).releaseAttributionFunds(funded / 2n);
      await expect(tx)
        .to.emit(s.payments, "AttributionFundsReleased")
        .withArgs(s.distributor.address, funded / 2n, funded / 2n);
      await expect(tx).to.changeTokenBalances(s.ethers, s.open, [s.distributor], [funded / 2n]);
      expect(await s.payments.connect(s.distributor).releaseAttributionFunds.staticCall(funded / 2n)).to.equal(0n);
      await expect(s.payments.connect(s.distributor).releaseAttributionFunds(funded))
        .to.emit(s.payments, "AttributionFundsReleased")
        .withArgs(s.distributor.address, funded, funded - funded / 2n);
      expect(await s.payments.totalAttributionReleased()).to.equal(funded);
    });
  });

  describe("governance", function () {
    const b = ethersBytes32;

    it("sets each parameter within its bounds, only by the admin", async function () {
      await expect(s.payments.connect(s.admin).setProtocolFeeBps(1000))
        .to.emit(s.payments, "ProtocolFeeBpsSet")
        .withArgs(1000n);
      await expect(s.payments.connect(s.admin).setProtocolFeeBps(1001))
        .to.be.revertedWithCustomError(s.payments, "ProtocolParameterOutOfBounds")
        .withArgs(b("protocolFeeBps"), 1001n, 0n, 1000n);
      await expect(s.payments.connect(s.admin).setStakerFeeBps(2000))
        .to.emit(s.payments, "StakerFeeBpsSet")
        .withArgs(2000n);
      await expect(s.payments.connect(s.admin).setStakerFeeBps(2001))
        .to.be.revertedWithCustomError(s.payments, "ProtocolParameterOutOfBounds")
        .withArgs(b("stakerFeeBps"), 2001n, 0n, 2000n);
      await expect(s.payments.connect(s.admin).setEscrowNoticePeriod(3600))
        .to.emit(s.payments, "EscrowNoticePeriodSet")
        .withArgs(3600n);
      await expect(s.payments.connect(s.admin).setEscrowNoticePeriod(3599))
        .to.be.revertedWithCustomError(s.payments, "ProtocolParameterOutOfBounds")
        .withArgs(b("escrowNoticePeriod"), 3599n, 3600n, 30n * DAY);
      await expect(s.payments.connect(s.admin).setEscrowNoticePeriod(30 * 86_400 + 1))
        .to.be.revertedWithCustomError(s.payments, "ProtocolParameterOutOfBounds")
        .withArgs(b("escrowNoticePeriod"), 30n * DAY + 1n, 3600n, 30n * DAY);
      expect(await s.payments.protocolFeeBps()).to.equal(1000n);
      expect(await s.payments.stakerFeeBps()).to.equal(2000n);
      expect(await s.payments.escrowNoticePeriod()).to.equal(3600n);

      // New rates apply to the next payment.
      const amount = s.price * 100n;
      const parts = split(amount, 1000n, 2000n);
      await s.payments.connect(s.payer).pay(s.modelId, 100n, amount, REQUEST);
      expect(await s.payments.protocolAccrued()).to.equal(parts.protocol);
      expect(await s.payments.stakerAccrued()).to.equal(parts.stakers);

      for (const call of [
        s.payments.connect(s.other).setProtocolFeeBps(1),
        s.payments.connect(s.other).setStakerFeeBps(1),
        s.payments.connect(s.other).setEscrowNoticePeriod(3600),
        s.payments.connect(s.other).setTreasury(s.other.address),
        s.payments.connect(s.other).setStakingContract(s.other.address),
      ]) {
        await expect(call).to.be.revertedWithCustomError(s.payments, "AccessControlUnauthorizedAccount");
      }
    });

    it("sets the treasury and the staking contract, never to zero", async function () {
      await expect(s.payments.connect(s.admin).setTreasury(s.other.address))
        .to.emit(s.payments, "TreasurySet")
        .withArgs(s.other.address);
      await expect(s.payments.connect(s.admin).setStakingContract(s.other.address))
        .to.emit(s.payments, "StakingContractSet")
        .withArgs(s.other.address);
      expect(await s.payments.treasury()).to.equal(s.other.address);
      expect(await s.payments.stakingContract()).to.equal(s.other.address);
      await expect(s.payments.connect(s.admin).setTreasury(ZeroAddress)).to.be.revertedWithCustomError(
        s.payments,
        "ProtocolZeroAddress",
      );
      await expect(s.payments.connect(s.admin).setStakingContract(ZeroAddress)).to.be.revertedWithCustomError(
        s.payments,
        "ProtocolZeroAddress",
      );
    });

    it("unpause needs the guardian or the admin", async function () {
      await s.payments.connect(s.guardian).pause();
      await expect(s.payments.connect(s.other).unpause())
        .to.be.revertedWithCustomError(s.payments, "ProtocolUnauthorizedUnpause")
        .withArgs(s.other.address);
      await s.payments.connect(s.guardian).unpause();
      expect(await s.payments.paused()).to.equal(false);
    });
  });

  describe("a misbehaving model registry (test-only stand-in)", function () {
    async function standInSystem() {
      const chain = await createChain();
      const [admin, payer, operator, owner] = await chain.ethers.getSigners();
      const open = await chain.ethers.deployContract("OpenToken", [payer.address]);
      const registry = await chain.ethers.deployContract("PaymentsModelRegistryStandIn");
      await registry.setTerms(1n, operator.address, 1000n, 3000, ModelStatus.Active);
      await registry.setRevenueRecipient(1n, owner.address);
      const p = await deployUupsProxy<InferencePayments>(
        chain,
        "InferencePayments",
        [admin.address, BigInt(await chain.networkHelpers.time.latest()), DAY],
        [open.target, registry.target, admin.address],
      );
      await open.connect(payer).approve(p.target, chain.ethers.MaxUint256);
      return { registry, p, payer };
    }

    it("a contributor share above 100% makes the payment revert", async function () {
      const { registry, p, payer } = await standInSystem();
      await registry.setTerms(1n, payer.address, 1000n, 10_001, ModelStatus.Active);
      await expect(p.connect(payer).pay(1n, 1n, 1000n, REQUEST))
        .to.be.revertedWithCustomError(p, "FeeSplitInvalidBps")
        .withArgs(500n, 500n, 10_001n);
    });

    it("collectModelRevenue reverts without a revenue recipient and keeps the accrual", async function () {
      const { registry, p, payer } = await standInSystem();
      await p.connect(payer).pay(1n, 10n, 10_000n, REQUEST);
      await registry.setRevenueRecipient(1n, ZeroAddress);
      await expect(p.collectModelRevenue(1n))
        .to.be.revertedWithCustomError(p, "PaymentsNoRevenueRecipient")
        .withArgs(1n);
      expect(await p.modelRevenueAccrued(1n)).to.equal(split(10_000n).owner);
    });
  });

  describe("hostile counterparts", function () {
    it("a token that returns false makes payments and collects revert", async function () {
      const chain = await createChain();
      const [admin, payer, operator, owner] = await chain.ethers.getSigners();
      const token = await chain.ethers.deployContract("SwitchableFalseToken");
      const registry = await chain.ethers.deployContract("PaymentsModelRegistryStandIn");
      await registry.setTerms(1n, operator.address, 1000n, 3000, ModelStatus.Active);
      await registry.setRevenueRecipient(1n, owner.address);
      const p = await deployUupsProxy<InferencePayments>(
        chain,
        "InferencePayments",
        [admin.address, BigInt(await chain.networkHelpers.time.latest()), DAY],
        [token.target, registry.target, admin.address],
      );
      await token.transfer(payer.address, 10n ** 18n);
      await token.connect(payer).approve(p.target, chain.ethers.MaxUint256);
      await p.connect(payer).pay(1n, 10n, 10_000n, REQUEST);
      await token.setFailing(true);
      await expect(p.connect(payer).pay(1n, 10n, 10_000n, REQUEST))
        .to.be.revertedWithCustomError(p, "SafeERC20FailedOperation")
        .withArgs(token.target);
      await expect(p.collectModelRevenue(1n))
        .to.be.revertedWithCustomError(p, "SafeERC20FailedOperation")
        .withArgs(token.target);
      // Nothing changed: the owner accrual is still there.
      expect(await p.modelRevenueAccrued(1n)).to.equal(split(10_000n).owner);
    });

    it("a reentrant revenue recipient cannot collect twice", async function () {
      const chain = await createChain();
      const [admin, payer, operator] = await chain.ethers.getSigners();
      const token = await chain.ethers.deployContract("CallbackToken");
      const registry = await chain.ethers.deployContract("PaymentsModelRegistryStandIn");
      const receiver = await chain.ethers.deployContract("HostileReceiver");
      await registry.setTerms(1n, operator.address, 1000n, 3000, ModelStatus.Active);
      await registry.setRevenueRecipient(1n, receiver.target);
      const p = await deployUupsProxy<InferencePayments>(
        chain,
        "InferencePayments",
        [admin.address, BigInt(await chain.networkHelpers.time.latest()), DAY],
        [token.target, registry.target, admin.address],
      );
      await token.transfer(payer.address, 10n ** 18n);
      await token.connect(payer).approve(p.target, chain.ethers.MaxUint256);
      await p.connect(payer).pay(1n, 10n, 10_000n, REQUEST);
      await receiver.arm(p.target, p.interface.encodeFunctionData("collectModelRevenue", [1n]));
      await token.setHooked(receiver.target, true);
      await expect(p.collectModelRevenue(1n)).to.be.revertedWithCustomError(p, "ReentrancyGuardReentrantCall");
      expect(await p.modelRevenueAccrued(1n)).to.equal(split(10_000n).owner);
    });
  });
});

function ethersBytes32(text: string) {
  return encodeBytes32String(text);
}
