import { expect } from "chai";

import {
  OPEN_STAKING_STORAGE_LOCATION,
  pendingRewards,
  rewardPerShare,
  rewardRemainder,
} from "../../src/protocol/index.js";
import { type Chain, createChain } from "../helpers/fixtures.js";
import { OPEN, OperatorRole, deployStaking, erc7201Slot } from "../helpers/staking.js";

// Created when the suite starts, as in OpenStaking.test.ts.
let chain: Chain;
let loadFixture: Chain["networkHelpers"]["loadFixture"];

async function fixture() {
  return deployStaking(chain);
}

const mask = (bits: bigint) => (1n << bits) - 1n;
const word = (slot: bigint) => "0x" + slot.toString(16).padStart(64, "0");

describe("OpenStakingLens (reward views read through extSload, docs/decisions/0249)", function () {
  before(async function () {
    chain = await createChain();
    ({ loadFixture } = chain.networkHelpers);
  });

  it("reads the namespace the contract declares", async function () {
    expect(word(OPEN_STAKING_STORAGE_LOCATION)).to.equal(erc7201Slot(chain, "openledger.storage.OpenStaking"));
  });

  it("extSload returns the raw storage word of the proxy", async function () {
    const { staking, stakingAddress, feeSource } = await loadFixture(fixture);
    const slot = word(OPEN_STAKING_STORAGE_LOCATION);
    const raw = await chain.ethers.provider.getStorage(stakingAddress, slot);
    expect(await staking.extSload(slot)).to.equal(raw);
    expect(BigInt(raw) & mask(160n)).to.equal(BigInt(await feeSource.getAddress()));
  });

  it("pins the offsets it reads against the contract's own getters", async function () {
    const { staking, alice, bob } = await loadFixture(fixture);
    await staking.connect(alice).stake(12_000n * OPEN);
    await staking.connect(alice).registerOperator(OperatorRole.AttributionOracle);
    await staking.connect(bob).stake(5n * OPEN);
    await staking.connect(alice).requestUnstake(700n * OPEN);
    const coder = chain.ethers.AbiCoder.defaultAbiCoder();
    const at = async (base: bigint) =>
      BigInt(
        await staking.extSload(chain.ethers.keccak256(coder.encode(["address", "uint256"], [alice.address, base]))),
      );
    const accountWord = await at(OPEN_STAKING_STORAGE_LOCATION + 3n);
    expect(accountWord & mask(96n)).to.equal(await staking.activeStake(alice.address));
    expect(accountWord >> 248n).to.equal(BigInt(await staking.operatorRole(alice.address)));
    const owedWord = await at(OPEN_STAKING_STORAGE_LOCATION + 4n);
    const [unbondingAmount, releaseTime] = await staking.unbonding(alice.address);
    expect(owedWord & mask(96n)).to.equal(unbondingAmount);
    expect((owedWord >> 96n) & mask(48n)).to.equal(releaseTime);
    const indexWord = BigInt(await staking.extSload(word(OPEN_STAKING_STORAGE_LOCATION + 2n)));
    expect((indexWord >> 152n) & mask(96n)).to.equal(await staking.totalUnbondingStake());
  });

  it("pendingRewards is what claimRewards pays, with settled rewards and a carried remainder", async function () {
    const { staking, feeSource, alice, bob, carol } = await loadFixture(fixture);
    await staking.connect(alice).stake(1n * OPEN);
    await staking.connect(bob).stake(1n * OPEN);
    await staking.connect(carol).stake(1n * OPEN);
    await feeSource.accrueStakerFees(10n * OPEN + 1n);
    await staking.collectFees();
    // 10 OPEN + 1 wei over 3 OPEN: the index floors, the remainder is carried.
    const numerator = (10n * OPEN + 1n) * 10n ** 18n;
    expect(await rewardPerShare(staking)).to.equal(numerator / (3n * OPEN));
    expect(await rewardRemainder(staking)).to.equal(numerator % (3n * OPEN));
    await staking.connect(alice).stake(2n * OPEN); // settles alice: her rewards move to the owed slot
    await feeSource.accrueStakerFees(7n * OPEN);
    await staking.collectFees();
    for (const who of [alice, bob, carol]) {
      const pending = await pendingRewards(staking, who.address);
      expect(pending).to.be.greaterThan(0n);
      const paid = await staking.connect(who).claimRewards.staticCall();
      expect(paid).to.equal(pending);
      await staking.connect(who).claimRewards();
      expect(await pendingRewards(staking, who.address)).to.equal(0n);
    }
  });

  it("keeps the EIP-712 domain of delegateBySig (name and version are constants now)", async function () {
    const { staking, stakingAddress } = await loadFixture(fixture);
    const domain = await staking.eip712Domain();
    expect(domain.name).to.equal("OpenStaking");
    expect(domain.version).to.equal("1");
    expect(domain.verifyingContract).to.equal(stakingAddress);
  });
});
