import { expect } from "chai";

import type { OpenStaking, OpenStakingV2Mock, ReturnFalseToken } from "../../typechain-types/index.js";
import { type Chain, createChain } from "../helpers/fixtures.js";
import { deployUupsProxy } from "../helpers/proxy.js";
import { DAY, OPEN, OperatorRole, deployStaking, erc7201Slot } from "../helpers/staking.js";
import { pendingRewards, rewardPerShare, rewardRemainder } from "../../src/protocol/index.js";

// The chain is created when this suite starts (not at import time, nor in a root hook), so that loading this file
// does not install the ethers chai matchers before other suites run.
let chain: Chain;
let ethers: Chain["ethers"];
let networkHelpers: Chain["networkHelpers"];
let loadFixture: Chain["networkHelpers"]["loadFixture"];
let time: Chain["networkHelpers"]["time"];

const b32 = (s: string) => ethers.encodeBytes32String(s);
const PRECISION = 10n ** 18n;

async function fixture() {
  return deployStaking(chain);
}

describe("OpenStaking", function () {
  before(async function () {
    chain = await createChain();
    ({ ethers, networkHelpers } = chain);
    ({ loadFixture, time } = networkHelpers);
  });

  describe("initialize", function () {
    it("sets the asset, fee source, slasher and default parameters", async function () {
      const { staking, open, feeSource, admin, slasher } = await loadFixture(fixture);
      expect(await staking.asset()).to.equal(await open.getAddress());
      expect(await staking.feeSource()).to.equal(await feeSource.getAddress());
      expect(await staking.hasRole(await staking.DEFAULT_ADMIN_ROLE(), admin.address)).to.equal(true);
      expect(await staking.hasRole(await staking.SLASHER_ROLE(), slasher.address)).to.equal(true);
      expect(await staking.cooldown()).to.equal(14n * DAY);
      expect(await staking.minOperatorStake(OperatorRole.AttributionOracle)).to.equal(10_000n * OPEN);
      expect(await staking.minOperatorStake(OperatorRole.ComputeProvider)).to.equal(1_000n * OPEN);
      expect(await staking.minOperatorStake(OperatorRole.None)).to.equal(0n);
    });

    it("emits the defaults as typed events and the fee source as FeeSourceSet", async function () {
      const { open, feeSource, admin, slasher } = await loadFixture(fixture);
      const impl = await ethers.deployContract("OpenStaking", [await open.getAddress()]);
      const proxyFactory = await ethers.getContractFactory("ERC1967Proxy");
      const data = impl.interface.encodeFunctionData("initialize", [
        admin.address,
        await feeSource.getAddress(),
        slasher.address,
      ]);
      const proxy = await proxyFactory.deploy(await impl.getAddress(), data);
      const tx = proxy.deploymentTransaction();
      const staking = impl.attach(await proxy.getAddress()) as OpenStaking;
      await expect(tx)
        .to.emit(staking, "CooldownSet")
        .withArgs(14n * DAY);
      await expect(tx)
        .to.emit(staking, "MinOperatorStakeSet")
        .withArgs(OperatorRole.AttributionOracle, 10_000n * OPEN);
      await expect(tx)
        .to.emit(staking, "MinOperatorStakeSet")
        .withArgs(OperatorRole.ComputeProvider, 1_000n * OPEN);
      await expect(tx)
        .to.emit(staking, "FeeSourceSet")
        .withArgs(await feeSource.getAddress());
    });

    it("accepts a zero fee source and slasher (set later by governance)", async function () {
      const { open, admin } = await loadFixture(fixture);
      const staking = await deployUupsProxy<OpenStaking>(
        chain,
        "OpenStaking",
        [admin.address, ethers.ZeroAddress, ethers.ZeroAddress],
        [await open.getAddress()],
      );
      expect(await staking.feeSource()).to.equal(ethers.ZeroAddress);
      expect(await staking.collectFees.staticCall()).to.equal(0n);
    });

    it("reverts on a zero admin or asset", async function () {
      const { open, admin } = await loadFixture(fixture);
      const impl = await ethers.deployContract("OpenStaking", [await open.getAddress()]);
      await expect(
        deployUupsProxy(
          chain,
          "OpenStaking",
          [ethers.ZeroAddress, ethers.ZeroAddress, ethers.ZeroAddress],
          [await open.getAddress()],
        ),
      ).to.be.revertedWithCustomError(impl, "ProtocolZeroAddress");
      await expect(
        deployUupsProxy(
          chain,
          "OpenStaking",
          [admin.address, ethers.ZeroAddress, ethers.ZeroAddress],
          [ethers.ZeroAddress],
        ),
      ).to.be.revertedWithCustomError(impl, "ProtocolZeroAddress");
    });

    it("cannot be initialized twice, nor on the implementation", async function () {
      const { staking, open, admin } = await loadFixture(fixture);
      await expect(
        staking.initialize(admin.address, ethers.ZeroAddress, ethers.ZeroAddress),
      ).to.be.revertedWithCustomError(staking, "InvalidInitialization");
      const impl = await ethers.deployContract("OpenStaking", [await open.getAddress()]);
      await expect(
        impl.initialize(admin.address, ethers.ZeroAddress, ethers.ZeroAddress),
      ).to.be.revertedWithCustomError(impl, "InvalidInitialization");
    });

    it("keeps its state in the ERC-7201 slot computed from openledger.storage.OpenStaking", async function () {
      const { stakingAddress, feeSource } = await loadFixture(fixture);
      const slot = erc7201Slot(chain, "openledger.storage.OpenStaking");
      expect(slot).to.equal("0x4993b7a6e115dddc3c09853ec8f4ba27614bb6b81f9a23ab71a74ec8193f7f00");
      // slot 0 of the struct: feeSource (160 bits) then rewardRemainder
      const word0 = BigInt(await ethers.provider.getStorage(stakingAddress, slot));
      expect(ethers.getAddress(ethers.toBeHex(word0 & ((1n << 160n) - 1n), 20))).to.equal(await feeSource.getAddress());
      // slot 1: minOracleStake (96 bits), minComputeStake (96 bits), cooldown (48 bits)
      const word1 = BigInt(await ethers.provider.getStorage(stakingAddress, BigInt(slot) + 1n));
      expect(word1 & ((1n << 96n) - 1n)).to.equal(10_000n * OPEN);
      expect((word1 >> 96n) & ((1n << 96n) - 1n)).to.equal(1_000n * OPEN);
      expect(word1 >> 192n).to.equal(14n * DAY);
    });

    it("uses a timestamp clock (ERC-6372)", async function () {
      const { staking } = await loadFixture(fixture);
      expect(await staking.CLOCK_MODE()).to.equal("mode=timestamp");
      const latest = await time.latest();
      expect(await staking.clock()).to.equal(BigInt(latest));
    });
  });

  describe("stake / stakeFor", function () {
    it("pulls the asset, credits active stake and emits Staked", async function () {
      const { staking, stakingAddress, open, alice } = await loadFixture(fixture);
      const tx = staking.connect(alice).stake(100n * OPEN);
      await expect(tx)
        .to.emit(staking, "Staked")
        .withArgs(alice.address, alice.address, 100n * OPEN, 100n * OPEN);
      await expect(tx).to.changeTokenBalances(ethers, open, [alice, stakingAddress], [-100n * OPEN, 100n * OPEN]);
      await staking.connect(alice).stake(50n * OPEN);
      expect(await staking.activeStake(alice.address)).to.equal(150n * OPEN);
      expect(await staking.totalActiveStake()).to.equal(150n * OPEN);
      expect(await staking.slashableStake(alice.address)).to.equal(150n * OPEN);
    });

    it("counts stake as voting units: total supply always, votes once delegated", async function () {
      const { staking, alice, bob } = await loadFixture(fixture);
      await staking.connect(alice).stake(100n * OPEN);
      expect(await staking.getVotes(alice.address)).to.equal(0n);
      await expect(staking.connect(alice).delegate(bob.address))
        .to.emit(staking, "DelegateVotesChanged")
        .withArgs(bob.address, 0n, 100n * OPEN);
      expect(await staking.getVotes(bob.address)).to.equal(100n * OPEN);
      await staking.connect(alice).stake(20n * OPEN);
      expect(await staking.getVotes(bob.address)).to.equal(120n * OPEN);
      const t = await time.latest();
      await time.increase(1);
      expect(await staking.getPastTotalSupply(t)).to.equal(120n * OPEN);
      expect(await staking.getPastVotes(bob.address, t)).to.equal(120n * OPEN);
    });

    it("stakeFor credits the account and pulls from the caller", async function () {
      const { staking, stakingAddress, open, alice, bob } = await loadFixture(fixture);
      const tx = staking.connect(alice).stakeFor(bob.address, 10n * OPEN);
      await expect(tx)
        .to.emit(staking, "Staked")
        .withArgs(bob.address, alice.address, 10n * OPEN, 10n * OPEN);
      await expect(tx).to.changeTokenBalances(
        ethers,
        open,
        [alice, bob, stakingAddress],
        [-10n * OPEN, 0n, 10n * OPEN],
      );
      expect(await staking.activeStake(bob.address)).to.equal(10n * OPEN);
      expect(await staking.activeStake(alice.address)).to.equal(0n);
    });

    it("reverts on zero amount, zero account, an amount above uint96 and a missing allowance", async function () {
      const { staking, open, alice, bob, stakingAddress } = await loadFixture(fixture);
      await expect(staking.connect(alice).stake(0)).to.be.revertedWithCustomError(staking, "StakingZeroAmount");
      await expect(staking.connect(alice).stakeFor(bob.address, 0)).to.be.revertedWithCustomError(
        staking,
        "StakingZeroAmount",
      );
      await expect(staking.connect(alice).stakeFor(ethers.ZeroAddress, 1)).to.be.revertedWithCustomError(
        staking,
        "ProtocolZeroAddress",
      );
      await expect(staking.connect(alice).stake(1n << 96n))
        .to.be.revertedWithCustomError(staking, "SafeCastOverflowedUintDowncast")
        .withArgs(96, 1n << 96n);
      await open.connect(alice).approve(stakingAddress, 0);
      await expect(staking.connect(alice).stake(1n))
        .to.be.revertedWithCustomError(open, "ERC20InsufficientAllowance")
        .withArgs(stakingAddress, 0n, 1n);
    });

    it("reverts when the asset's transferFrom returns false", async function () {
      const { admin, alice } = await loadFixture(fixture);
      const bad = (await ethers.deployContract("ReturnFalseToken")) as unknown as ReturnFalseToken;
      const staking = await deployUupsProxy<OpenStaking>(
        chain,
        "OpenStaking",
        [admin.address, ethers.ZeroAddress, ethers.ZeroAddress],
        [await bad.getAddress()],
      );
      await bad.mint(alice.address, 100n);
      await bad.connect(alice).approve(await staking.getAddress(), 100n);
      await expect(staking.connect(alice).stake(100n))
        .to.be.revertedWithCustomError(staking, "SafeERC20FailedOperation")
        .withArgs(await bad.getAddress());
      expect(await staking.activeStake(alice.address)).to.equal(0n);
    });
  });

  describe("requestUnstake", function () {
    it("moves active stake into the unbonding bucket, removes its votes and emits UnstakeRequested", async function () {
      const { staking, alice } = await loadFixture(fixture);
      await staking.connect(alice).stake(100n * OPEN);
      await staking.connect(alice).delegate(alice.address);
      const tx = await staking.connect(alice).requestUnstake(40n * OPEN);
      const ts = BigInt((await ethers.provider.getBlock(tx.blockNumber!))!.timestamp);
      await expect(tx)
        .to.emit(staking, "UnstakeRequested")
        .withArgs(alice.address, 40n * OPEN, 40n * OPEN, ts + 14n * DAY);
      expect(await staking.activeStake(alice.address)).to.equal(60n * OPEN);
      expect(await staking.unbonding(alice.address)).to.deep.equal([40n * OPEN, ts + 14n * DAY]);
      expect(await staking.totalActiveStake()).to.equal(60n * OPEN);
      expect(await staking.totalUnbondingStake()).to.equal(40n * OPEN);
      expect(await staking.getVotes(alice.address)).to.equal(60n * OPEN);
      expect(await staking.slashableStake(alice.address)).to.equal(100n * OPEN);
    });

    it("adds to the one bucket and restarts its release time", async function () {
      const { staking, alice } = await loadFixture(fixture);
      await staking.connect(alice).stake(100n * OPEN);
      await staking.connect(alice).requestUnstake(40n * OPEN);
      await time.increase(10n * DAY);
      const tx = await staking.connect(alice).requestUnstake(10n * OPEN);
      const ts = BigInt((await ethers.provider.getBlock(tx.blockNumber!))!.timestamp);
      await expect(tx)
        .to.emit(staking, "UnstakeRequested")
        .withArgs(alice.address, 10n * OPEN, 50n * OPEN, ts + 14n * DAY);
      expect(await staking.unbonding(alice.address)).to.deep.equal([50n * OPEN, ts + 14n * DAY]);
    });

    it("reverts on zero and on more than the active stake", async function () {
      const { staking, alice } = await loadFixture(fixture);
      await staking.connect(alice).stake(100n * OPEN);
      await expect(staking.connect(alice).requestUnstake(0)).to.be.revertedWithCustomError(
        staking,
        "StakingZeroAmount",
      );
      await expect(staking.connect(alice).requestUnstake(100n * OPEN + 1n))
        .to.be.revertedWithCustomError(staking, "StakingInsufficientStake")
        .withArgs(alice.address, 100n * OPEN, 100n * OPEN + 1n);
    });

    it("keeps a registered operator at its role minimum until it deregisters", async function () {
      const { staking, alice } = await loadFixture(fixture);
      await staking.connect(alice).stake(1_500n * OPEN);
      await staking.connect(alice).registerOperator(OperatorRole.ComputeProvider);
      await staking.connect(alice).requestUnstake(500n * OPEN); // exactly at the minimum
      await expect(staking.connect(alice).requestUnstake(1n))
        .to.be.revertedWithCustomError(staking, "StakingOperatorBelowMinimum")
        .withArgs(alice.address, 1_000n * OPEN - 1n, 1_000n * OPEN);
      await staking.connect(alice).deregisterOperator();
      await staking.connect(alice).requestUnstake(1_000n * OPEN);
      expect(await staking.activeStake(alice.address)).to.equal(0n);
    });
  });

  describe("withdraw", function () {
    it("pays the whole bucket after the cooldown and emits Withdrawn", async function () {
      const { staking, stakingAddress, open, alice } = await loadFixture(fixture);
      await staking.connect(alice).stake(100n * OPEN);
      await staking.connect(alice).requestUnstake(100n * OPEN);
      const [, releaseTime] = await staking.unbonding(alice.address);
      await time.increaseTo(releaseTime);
      const tx = staking.connect(alice).withdraw();
      await expect(tx)
        .to.emit(staking, "Withdrawn")
        .withArgs(alice.address, 100n * OPEN);
      await expect(tx).to.changeTokenBalances(ethers, open, [alice, stakingAddress], [100n * OPEN, -100n * OPEN]);
      expect(await staking.unbonding(alice.address)).to.deep.equal([0n, 0n]);
      expect(await staking.totalUnbondingStake()).to.equal(0n);
    });

    it("reverts before the release time and when nothing is unbonding", async function () {
      const { staking, alice } = await loadFixture(fixture);
      await expect(staking.connect(alice).withdraw())
        .to.be.revertedWithCustomError(staking, "StakingNothingToWithdraw")
        .withArgs(alice.address);
      await staking.connect(alice).stake(100n * OPEN);
      await staking.connect(alice).requestUnstake(100n * OPEN);
      const [, releaseTime] = await staking.unbonding(alice.address);
      await time.setNextBlockTimestamp(releaseTime - 1n);
      await expect(staking.connect(alice).withdraw())
        .to.be.revertedWithCustomError(staking, "StakingCooldownNotElapsed")
        .withArgs(alice.address, releaseTime, releaseTime - 1n);
    });

    it("keeps the release time of a pending request when governance changes the cooldown", async function () {
      const { staking, admin, alice } = await loadFixture(fixture);
      await staking.connect(alice).stake(100n * OPEN);
      await staking.connect(alice).requestUnstake(100n * OPEN);
      const [, releaseTime] = await staking.unbonding(alice.address);
      await staking.connect(admin).setCooldown(90n * DAY);
      expect((await staking.unbonding(alice.address))[1]).to.equal(releaseTime);
      await time.increaseTo(releaseTime);
      await expect(staking.connect(alice).withdraw()).to.emit(staking, "Withdrawn");
    });
  });

  describe("operators", function () {
    it("registers an oracle and checkpoints its stake and the total", async function () {
      const { staking, alice, bob } = await loadFixture(fixture);
      await staking.connect(alice).stake(10_000n * OPEN);
      await staking.connect(bob).stake(20_000n * OPEN);
      await expect(staking.connect(alice).registerOperator(OperatorRole.AttributionOracle))
        .to.emit(staking, "OperatorRegistered")
        .withArgs(alice.address, OperatorRole.AttributionOracle);
      const t1 = await time.latest();
      await staking.connect(bob).registerOperator(OperatorRole.AttributionOracle);
      const t2 = await time.latest();
      await staking.connect(alice).stake(5_000n * OPEN);
      const t3 = await time.latest();
      await time.increase(1);
      expect(await staking.operatorRole(alice.address)).to.equal(OperatorRole.AttributionOracle);
      expect(await staking.getPastOracleStake(alice.address, t1)).to.equal(10_000n * OPEN);
      expect(await staking.getPastOracleStake(alice.address, t1 - 1)).to.equal(0n);
      expect(await staking.getPastTotalOracleStake(t1)).to.equal(10_000n * OPEN);
      expect(await staking.getPastTotalOracleStake(t2)).to.equal(30_000n * OPEN);
      expect(await staking.getPastOracleStake(alice.address, t3)).to.equal(15_000n * OPEN);
      expect(await staking.getPastTotalOracleStake(t3)).to.equal(35_000n * OPEN);
      expect(await staking.totalOracleStake()).to.equal(35_000n * OPEN);
    });

    it("registers a compute provider without touching oracle stake", async function () {
      const { staking, alice } = await loadFixture(fixture);
      await staking.connect(alice).stake(1_000n * OPEN);
      await expect(staking.connect(alice).registerOperator(OperatorRole.ComputeProvider))
        .to.emit(staking, "OperatorRegistered")
        .withArgs(alice.address, OperatorRole.ComputeProvider);
      expect(await staking.totalOracleStake()).to.equal(0n);
    });

    it("reverts registration for None, below the minimum and when already registered", async function () {
      const { staking, alice } = await loadFixture(fixture);
      await expect(staking.connect(alice).registerOperator(OperatorRole.None)).to.be.revertedWithCustomError(
        staking,
        "StakingInvalidRole",
      );
      await staking.connect(alice).stake(9_999n * OPEN);
      await expect(staking.connect(alice).registerOperator(OperatorRole.AttributionOracle))
        .to.be.revertedWithCustomError(staking, "StakingInsufficientStake")
        .withArgs(alice.address, 9_999n * OPEN, 10_000n * OPEN);
      await staking.connect(alice).registerOperator(OperatorRole.ComputeProvider);
      await expect(staking.connect(alice).registerOperator(OperatorRole.ComputeProvider))
        .to.be.revertedWithCustomError(staking, "StakingOperatorAlreadyRegistered")
        .withArgs(alice.address, OperatorRole.ComputeProvider);
    });

    it("deregisters, zeroing the oracle checkpoint, and reverts when not registered", async function () {
      const { staking, alice } = await loadFixture(fixture);
      await expect(staking.connect(alice).deregisterOperator())
        .to.be.revertedWithCustomError(staking, "StakingOperatorNotRegistered")
        .withArgs(alice.address);
      await staking.connect(alice).stake(10_000n * OPEN);
      await staking.connect(alice).registerOperator(OperatorRole.AttributionOracle);
      const t1 = await time.latest();
      await expect(staking.connect(alice).deregisterOperator())
        .to.emit(staking, "OperatorDeregistered")
        .withArgs(alice.address, OperatorRole.AttributionOracle);
      const t2 = await time.latest();
      await time.increase(1);
      expect(await staking.operatorRole(alice.address)).to.equal(OperatorRole.None);
      expect(await staking.getPastOracleStake(alice.address, t1)).to.equal(10_000n * OPEN);
      expect(await staking.getPastOracleStake(alice.address, t2)).to.equal(0n);
      expect(await staking.getPastTotalOracleStake(t2)).to.equal(0n);
      expect(await staking.activeStake(alice.address)).to.equal(10_000n * OPEN);
    });

    it("reverts historical lookups at the current or a future timestamp", async function () {
      const { staking, alice } = await loadFixture(fixture);
      const now = BigInt(await time.latest()) + 1n; // the next block's timestamp, seen by eth_call
      await time.setNextBlockTimestamp(now);
      await networkHelpers.mine();
      await expect(staking.getPastOracleStake(alice.address, now))
        .to.be.revertedWithCustomError(staking, "ERC5805FutureLookup")
        .withArgs(now, now);
      await expect(staking.getPastTotalOracleStake(now + 10n))
        .to.be.revertedWithCustomError(staking, "ERC5805FutureLookup")
        .withArgs(now + 10n, now);
    });
  });

  describe("slash", function () {
    it("takes active stake first, then unbonding, and pays the recipient", async function () {
      const { staking, stakingAddress, open, slasher, alice, carol } = await loadFixture(fixture);
      await staking.connect(alice).stake(10_000n * OPEN);
      await staking.connect(alice).registerOperator(OperatorRole.AttributionOracle);
      await staking.connect(alice).delegate(alice.address);
      await staking.connect(alice).deregisterOperator();
      await staking.connect(alice).registerOperator(OperatorRole.ComputeProvider);
      await staking.connect(alice).requestUnstake(9_000n * OPEN);
      // active 1,000, unbonding 9,000
      expect(await staking.connect(slasher).slash.staticCall(alice.address, 3_000n * OPEN, carol.address)).to.equal(
        3_000n * OPEN,
      );
      const tx = staking.connect(slasher).slash(alice.address, 3_000n * OPEN, carol.address);
      await expect(tx)
        .to.emit(staking, "Slashed")
        .withArgs(alice.address, 1_000n * OPEN, 2_000n * OPEN, carol.address);
      await expect(tx).to.changeTokenBalances(ethers, open, [carol, stakingAddress], [3_000n * OPEN, -3_000n * OPEN]);
      expect(await staking.activeStake(alice.address)).to.equal(0n);
      expect((await staking.unbonding(alice.address))[0]).to.equal(7_000n * OPEN);
      expect(await staking.totalActiveStake()).to.equal(0n);
      expect(await staking.totalUnbondingStake()).to.equal(7_000n * OPEN);
      expect(await staking.getVotes(alice.address)).to.equal(0n);
      // the operator stays registered below its minimum (it can no longer unstake without deregistering)
      expect(await staking.operatorRole(alice.address)).to.equal(OperatorRole.ComputeProvider);
    });

    it("updates the oracle checkpoints and caps at the slashable stake", async function () {
      const { staking, slasher, alice, carol } = await loadFixture(fixture);
      await staking.connect(alice).stake(12_000n * OPEN);
      await staking.connect(alice).registerOperator(OperatorRole.AttributionOracle);
      await staking.connect(alice).requestUnstake(2_000n * OPEN);
      await staking.connect(slasher).slash(alice.address, 4_000n * OPEN, carol.address);
      const t = await time.latest();
      await time.increase(1);
      expect(await staking.getPastOracleStake(alice.address, t)).to.equal(6_000n * OPEN);
      expect(await staking.getPastTotalOracleStake(t)).to.equal(6_000n * OPEN);
      await expect(staking.connect(slasher).slash(alice.address, 100_000n * OPEN, carol.address))
        .to.emit(staking, "Slashed")
        .withArgs(alice.address, 6_000n * OPEN, 2_000n * OPEN, carol.address);
      expect(await staking.slashableStake(alice.address)).to.equal(0n);
      expect(await staking.totalOracleStake()).to.equal(0n);
    });

    it("returns zero and emits nothing when there is nothing to slash", async function () {
      const { staking, slasher, alice, carol } = await loadFixture(fixture);
      expect(await staking.connect(slasher).slash.staticCall(alice.address, 1n, carol.address)).to.equal(0n);
      await expect(staking.connect(slasher).slash(alice.address, 1n, carol.address)).not.to.emit(staking, "Slashed");
    });

    it("reverts for a caller without SLASHER_ROLE and for a zero recipient", async function () {
      const { staking, slasher, alice, bob } = await loadFixture(fixture);
      await expect(staking.connect(bob).slash(alice.address, 1n, bob.address))
        .to.be.revertedWithCustomError(staking, "AccessControlUnauthorizedAccount")
        .withArgs(bob.address, await staking.SLASHER_ROLE());
      await expect(staking.connect(slasher).slash(alice.address, 1n, ethers.ZeroAddress)).to.be.revertedWithCustomError(
        staking,
        "ProtocolZeroAddress",
      );
    });
  });

  describe("rewards", function () {
    it("splits collected fees pro rata to active stake", async function () {
      const { staking, feeSource, alice, bob } = await loadFixture(fixture);
      await staking.connect(alice).stake(100n * OPEN);
      await staking.connect(bob).stake(300n * OPEN);
      await feeSource.accrueStakerFees(400n * OPEN);
      await expect(staking.collectFees())
        .to.emit(staking, "FeesCollected")
        .withArgs(400n * OPEN, PRECISION);
      expect(await pendingRewards(staking, alice.address)).to.equal(100n * OPEN);
      expect(await pendingRewards(staking, bob.address)).to.equal(300n * OPEN);
      expect(await feeSource.accruedStakerFees()).to.equal(0n);
    });

    it("claimRewards collects pending fees, pays the caller and emits RewardsClaimed", async function () {
      const { staking, stakingAddress, open, feeSource, alice, bob } = await loadFixture(fixture);
      await staking.connect(alice).stake(100n * OPEN);
      await staking.connect(bob).stake(100n * OPEN);
      await feeSource.accrueStakerFees(50n * OPEN);
      const tx = staking.connect(alice).claimRewards();
      await expect(tx)
        .to.emit(staking, "RewardsClaimed")
        .withArgs(alice.address, 25n * OPEN);
      await expect(tx).to.changeTokenBalances(ethers, open, [alice, stakingAddress], [25n * OPEN, 25n * OPEN]);
      expect(await pendingRewards(staking, alice.address)).to.equal(0n);
      expect(await pendingRewards(staking, bob.address)).to.equal(25n * OPEN);
      // nothing more to claim: no transfer, no event
      await expect(staking.connect(alice).claimRewards()).not.to.emit(staking, "RewardsClaimed");
    });

    it("does not collect while no stake is active: the fees wait at the source", async function () {
      const { staking, feeSource, alice } = await loadFixture(fixture);
      await feeSource.accrueStakerFees(10n * OPEN);
      expect(await staking.collectFees.staticCall()).to.equal(0n);
      await expect(staking.collectFees()).not.to.emit(staking, "FeesCollected");
      expect(await feeSource.stakerCollections()).to.equal(0n);
      await staking.connect(alice).stake(1n);
      await staking.collectFees();
      expect(await pendingRewards(staking, alice.address)).to.equal(10n * OPEN);
    });

    it("does not credit unbonding stake, nor fees collected before a stake", async function () {
      const { staking, feeSource, alice, bob } = await loadFixture(fixture);
      await staking.connect(alice).stake(100n * OPEN);
      await feeSource.accrueStakerFees(10n * OPEN);
      await staking.collectFees();
      await staking.connect(bob).stake(100n * OPEN);
      await staking.connect(alice).requestUnstake(100n * OPEN);
      await feeSource.accrueStakerFees(7n * OPEN);
      await staking.collectFees();
      expect(await pendingRewards(staking, alice.address)).to.equal(10n * OPEN);
      expect(await pendingRewards(staking, bob.address)).to.equal(7n * OPEN);
    });

    it("carries the division remainder into the next distribution", async function () {
      const { staking, feeSource, alice, bob, carol } = await loadFixture(fixture);
      for (const s of [alice, bob, carol]) await staking.connect(s).stake(1n);
      await feeSource.accrueStakerFees(1n);
      await staking.collectFees();
      expect(await rewardPerShare(staking)).to.equal(PRECISION / 3n);
      expect(await rewardRemainder(staking)).to.equal(1n);
      expect(await pendingRewards(staking, alice.address)).to.equal(0n);
      await feeSource.accrueStakerFees(2n);
      await staking.collectFees();
      expect(await rewardPerShare(staking)).to.equal(PRECISION);
      expect(await rewardRemainder(staking)).to.equal(0n);
      for (const s of [alice, bob, carol]) expect(await pendingRewards(staking, s.address)).to.equal(1n);
    });

    it("keeps rewards earned before a slash", async function () {
      const { staking, feeSource, slasher, alice, carol } = await loadFixture(fixture);
      await staking.connect(alice).stake(100n * OPEN);
      await feeSource.accrueStakerFees(10n * OPEN);
      await staking.collectFees();
      await staking.connect(slasher).slash(alice.address, 100n * OPEN, carol.address);
      expect(await pendingRewards(staking, alice.address)).to.equal(10n * OPEN);
      await expect(staking.connect(alice).claimRewards())
        .to.emit(staking, "RewardsClaimed")
        .withArgs(alice.address, 10n * OPEN);
    });
  });

  describe("governance parameters", function () {
    it("setCooldown: admin only, bounded, emits CooldownSet", async function () {
      const { staking, admin, alice } = await loadFixture(fixture);
      await expect(staking.connect(alice).setCooldown(8n * DAY))
        .to.be.revertedWithCustomError(staking, "AccessControlUnauthorizedAccount")
        .withArgs(alice.address, ethers.ZeroHash);
      await expect(staking.connect(admin).setCooldown(7n * DAY - 1n))
        .to.be.revertedWithCustomError(staking, "ProtocolParameterOutOfBounds")
        .withArgs(b32("cooldown"), 7n * DAY - 1n, 7n * DAY, 90n * DAY);
      await expect(staking.connect(admin).setCooldown(90n * DAY + 1n))
        .to.be.revertedWithCustomError(staking, "ProtocolParameterOutOfBounds")
        .withArgs(b32("cooldown"), 90n * DAY + 1n, 7n * DAY, 90n * DAY);
      await expect(staking.connect(admin).setCooldown(7n * DAY))
        .to.emit(staking, "CooldownSet")
        .withArgs(7n * DAY);
      expect(await staking.cooldown()).to.equal(7n * DAY);
    });

    it("setMinOperatorStake: admin only, bounded per role, None refused", async function () {
      const { staking, admin, alice } = await loadFixture(fixture);
      await expect(staking.connect(alice).setMinOperatorStake(OperatorRole.ComputeProvider, OPEN))
        .to.be.revertedWithCustomError(staking, "AccessControlUnauthorizedAccount")
        .withArgs(alice.address, ethers.ZeroHash);
      await expect(staking.connect(admin).setMinOperatorStake(OperatorRole.None, OPEN)).to.be.revertedWithCustomError(
        staking,
        "StakingInvalidRole",
      );
      await expect(staking.connect(admin).setMinOperatorStake(OperatorRole.ComputeProvider, OPEN - 1n))
        .to.be.revertedWithCustomError(staking, "ProtocolParameterOutOfBounds")
        .withArgs(b32("minOperatorStake"), OPEN - 1n, OPEN, 10_000_000n * OPEN);
      await expect(staking.connect(admin).setMinOperatorStake(OperatorRole.AttributionOracle, 10_000_001n * OPEN))
        .to.be.revertedWithCustomError(staking, "ProtocolParameterOutOfBounds")
        .withArgs(b32("minOperatorStake"), 10_000_001n * OPEN, OPEN, 10_000_000n * OPEN);
      await expect(staking.connect(admin).setMinOperatorStake(OperatorRole.AttributionOracle, 50_000n * OPEN))
        .to.emit(staking, "MinOperatorStakeSet")
        .withArgs(OperatorRole.AttributionOracle, 50_000n * OPEN);
      await expect(staking.connect(admin).setMinOperatorStake(OperatorRole.ComputeProvider, OPEN))
        .to.emit(staking, "MinOperatorStakeSet")
        .withArgs(OperatorRole.ComputeProvider, OPEN);
      expect(await staking.minOperatorStake(OperatorRole.AttributionOracle)).to.equal(50_000n * OPEN);
      expect(await staking.minOperatorStake(OperatorRole.ComputeProvider)).to.equal(OPEN);
    });

    it("setFeeSource: admin only, emits FeeSourceSet", async function () {
      const { staking, admin, alice } = await loadFixture(fixture);
      await expect(staking.connect(alice).setFeeSource(alice.address))
        .to.be.revertedWithCustomError(staking, "AccessControlUnauthorizedAccount")
        .withArgs(alice.address, ethers.ZeroHash);
      await expect(staking.connect(admin).setFeeSource(ethers.ZeroAddress))
        .to.emit(staking, "FeeSourceSet")
        .withArgs(ethers.ZeroAddress);
      expect(await staking.feeSource()).to.equal(ethers.ZeroAddress);
    });
  });

  describe("delegation", function () {
    it("delegateBySig delegates the signer's units; an expired signature reverts", async function () {
      const { staking, stakingAddress, alice, bob } = await loadFixture(fixture);
      await staking.connect(alice).stake(70n * OPEN);
      const { chainId } = await ethers.provider.getNetwork();
      const domain = { name: "OpenStaking", version: "1", chainId, verifyingContract: stakingAddress };
      const types = {
        Delegation: [
          { name: "delegatee", type: "address" },
          { name: "nonce", type: "uint256" },
          { name: "expiry", type: "uint256" },
        ],
      };
      const expiry = BigInt(await time.latest()) + 3600n;
      const sig = ethers.Signature.from(
        await alice.signTypedData(domain, types, { delegatee: bob.address, nonce: 0n, expiry }),
      );
      await expect(staking.connect(bob).delegateBySig(bob.address, 0n, expiry, sig.v, sig.r, sig.s))
        .to.emit(staking, "DelegateChanged")
        .withArgs(alice.address, ethers.ZeroAddress, bob.address);
      expect(await staking.getVotes(bob.address)).to.equal(70n * OPEN);
      expect(await staking.nonces(alice.address)).to.equal(1n);
      const past = BigInt(await time.latest()) - 1n;
      const sig2 = ethers.Signature.from(
        await alice.signTypedData(domain, types, { delegatee: alice.address, nonce: 1n, expiry: past }),
      );
      await expect(staking.delegateBySig(alice.address, 1n, past, sig2.v, sig2.r, sig2.s))
        .to.be.revertedWithCustomError(staking, "VotesExpiredSignature")
        .withArgs(past);
    });
  });

  describe("upgrade", function () {
    it("only the admin upgrades, and the state is kept", async function () {
      const { staking, stakingAddress, open, admin, alice } = await loadFixture(fixture);
      await staking.connect(alice).stake(5n * OPEN);
      const v2 = await ethers.deployContract("OpenStakingV2Mock", [await open.getAddress()]);
      await expect(staking.connect(alice).upgradeToAndCall(await v2.getAddress(), "0x"))
        .to.be.revertedWithCustomError(staking, "AccessControlUnauthorizedAccount")
        .withArgs(alice.address, ethers.ZeroHash);
      await staking.connect(admin).upgradeToAndCall(await v2.getAddress(), "0x");
      const upgraded = (await ethers.getContractAt(
        "OpenStakingV2Mock",
        stakingAddress,
      )) as unknown as OpenStakingV2Mock;
      expect(await upgraded.version()).to.equal("2");
      expect(await upgraded.activeStake(alice.address)).to.equal(5n * OPEN);
    });
  });
});
