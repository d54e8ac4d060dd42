import { expect } from "chai";

import type { GrantVestingWallet, MockFeeSource, ReturnFalseToken, Treasury } from "../../typechain-types/index.js";
import { type Chain, createChain, deployTokens } from "../helpers/fixtures.js";
import { deployUupsProxy } from "../helpers/proxy.js";
import { DAY, OPEN, erc7201Slot } from "../helpers/staking.js";

// The chain is created when this suite starts (not at import time, nor in a root hook), so that loading this file
// does not install the ethers chai matchers before other suites run.
let chain: Chain;
let ethers: Chain["ethers"];
let networkHelpers: Chain["networkHelpers"];
let loadFixture: Chain["networkHelpers"]["loadFixture"];
let time: Chain["networkHelpers"]["time"];

enum GrantKind {
  Other = 0,
  Datanet = 1,
  Model = 2,
}

async function fixture() {
  const { deployer, users, open } = await deployTokens(chain);
  const [admin, alice, bob] = users;
  const feeSource = (await ethers.deployContract("MockFeeSource", [
    await open.getAddress(),
  ])) as unknown as MockFeeSource;
  const treasury = await deployUupsProxy<Treasury>(chain, "Treasury", [
    admin.address,
    await open.getAddress(),
    await feeSource.getAddress(),
  ]);
  const treasuryAddress = await treasury.getAddress();
  await open.connect(deployer).approve(await feeSource.getAddress(), ethers.MaxUint256);
  await open.connect(deployer).transfer(treasuryAddress, 1_000_000n * OPEN);
  return { deployer, admin, alice, bob, open, feeSource, treasury, treasuryAddress };
}

describe("Treasury", function () {
  before(async function () {
    chain = await createChain();
    ({ ethers, networkHelpers } = chain);
    ({ loadFixture, time } = networkHelpers);
  });

  describe("initialize", function () {
    it("sets the admin, asset and fee source", async function () {
      const { treasury, open, feeSource, admin } = await loadFixture(fixture);
      expect(await treasury.hasRole(ethers.ZeroHash, admin.address)).to.equal(true);
      expect(await treasury.asset()).to.equal(await open.getAddress());
      expect(await treasury.feeSource()).to.equal(await feeSource.getAddress());
      expect(await treasury.grantCount()).to.equal(0n);
    });

    it("reverts on a zero admin or asset and cannot be initialized twice", async function () {
      const { treasury, open, admin } = await loadFixture(fixture);
      await expect(
        deployUupsProxy(chain, "Treasury", [ethers.ZeroAddress, await open.getAddress(), ethers.ZeroAddress]),
      ).to.be.revertedWithCustomError(treasury, "ProtocolZeroAddress");
      await expect(
        deployUupsProxy(chain, "Treasury", [admin.address, ethers.ZeroAddress, ethers.ZeroAddress]),
      ).to.be.revertedWithCustomError(treasury, "ProtocolZeroAddress");
      await expect(
        treasury.initialize(admin.address, await open.getAddress(), ethers.ZeroAddress),
      ).to.be.revertedWithCustomError(treasury, "InvalidInitialization");
    });

    it("keeps its state in the ERC-7201 slot computed from openledger.storage.Treasury", async function () {
      const { treasuryAddress, open } = await loadFixture(fixture);
      const slot = erc7201Slot(chain, "openledger.storage.Treasury");
      expect(slot).to.equal("0xcb90824e4250d0d05e30171e7241ad1fcf1139feebe12b65176c8cb6b0691e00");
      const word = await ethers.provider.getStorage(treasuryAddress, slot);
      expect(ethers.getAddress(ethers.dataSlice(word, 12))).to.equal(await open.getAddress());
    });
  });

  describe("collect", function () {
    it("pulls the protocol share from the fee source (anyone may call)", async function () {
      const { treasury, treasuryAddress, open, feeSource, alice } = await loadFixture(fixture);
      await feeSource.accrueProtocolFees(123n * OPEN);
      expect(await treasury.connect(alice).collect.staticCall()).to.equal(123n * OPEN);
      const tx = treasury.connect(alice).collect();
      await expect(tx)
        .to.emit(treasury, "FeesCollected")
        .withArgs(123n * OPEN);
      await expect(tx).to.changeTokenBalances(ethers, open, [feeSource, treasuryAddress], [-123n * OPEN, 123n * OPEN]);
    });

    it("reverts without a fee source", async function () {
      const { treasury, admin } = await loadFixture(fixture);
      await treasury.connect(admin).setFeeSource(ethers.ZeroAddress);
      await expect(treasury.collect()).to.be.revertedWithCustomError(treasury, "TreasuryNoFeeSource");
    });
  });

  describe("transfer", function () {
    it("pays out any token by governance and emits Transferred", async function () {
      const { treasury, treasuryAddress, open, admin, bob } = await loadFixture(fixture);
      const tx = treasury.connect(admin).transfer(await open.getAddress(), bob.address, 10n * OPEN);
      await expect(tx)
        .to.emit(treasury, "Transferred")
        .withArgs(await open.getAddress(), bob.address, 10n * OPEN);
      await expect(tx).to.changeTokenBalances(ethers, open, [treasuryAddress, bob], [-10n * OPEN, 10n * OPEN]);
    });

    it("reverts for a non-admin, zero addresses, zero amount and a token returning false", async function () {
      const { treasury, open, admin, alice, bob } = await loadFixture(fixture);
      const token = await open.getAddress();
      await expect(treasury.connect(alice).transfer(token, bob.address, 1n))
        .to.be.revertedWithCustomError(treasury, "AccessControlUnauthorizedAccount")
        .withArgs(alice.address, ethers.ZeroHash);
      await expect(treasury.connect(admin).transfer(token, ethers.ZeroAddress, 1n)).to.be.revertedWithCustomError(
        treasury,
        "ProtocolZeroAddress",
      );
      await expect(treasury.connect(admin).transfer(ethers.ZeroAddress, bob.address, 1n)).to.be.revertedWithCustomError(
        treasury,
        "ProtocolZeroAddress",
      );
      await expect(treasury.connect(admin).transfer(token, bob.address, 0n)).to.be.revertedWithCustomError(
        treasury,
        "TreasuryZeroAmount",
      );
      const bad = (await ethers.deployContract("ReturnFalseToken")) as unknown as ReturnFalseToken;
      await bad.mint(await treasury.getAddress(), 5n);
      await expect(treasury.connect(admin).transfer(await bad.getAddress(), bob.address, 5n))
        .to.be.revertedWithCustomError(treasury, "SafeERC20FailedOperation")
        .withArgs(await bad.getAddress());
    });
  });

  describe("createGrant", function () {
    it("deploys a funded VestingWalletCliff owned by the beneficiary and records the purpose", async function () {
      const { treasury, treasuryAddress, open, admin, bob } = await loadFixture(fixture);
      const start = BigInt(await time.latest()) + DAY;
      const purpose = { kind: GrantKind.Datanet, id: 7n };
      const [grantId, walletAddress] = await treasury
        .connect(admin)
        .createGrant.staticCall(bob.address, 1_000n * OPEN, start, 30n * DAY, 100n * DAY, purpose);
      expect(grantId).to.equal(1n);
      const tx = treasury.connect(admin).createGrant(bob.address, 1_000n * OPEN, start, 30n * DAY, 100n * DAY, purpose);
      await expect(tx)
        .to.emit(treasury, "GrantCreated")
        .withArgs(1n, walletAddress, bob.address, 1_000n * OPEN, start, 30n * DAY, 100n * DAY, [GrantKind.Datanet, 7n]);
      await expect(tx).to.changeTokenBalances(
        ethers,
        open,
        [treasuryAddress, walletAddress],
        [-1_000n * OPEN, 1_000n * OPEN],
      );
      expect(await treasury.grantCount()).to.equal(1n);
      expect(await treasury.grant(1n)).to.equal(walletAddress);

      const wallet = (await ethers.getContractAt("GrantVestingWallet", walletAddress)) as unknown as GrantVestingWallet;
      expect(await wallet.owner()).to.equal(bob.address);
      expect(await wallet.start()).to.equal(start);
      expect(await wallet.cliff()).to.equal(start + 30n * DAY);
      expect(await wallet.duration()).to.equal(100n * DAY);
      const token = await open.getAddress();
      // nothing before the cliff; linear after it
      await time.increaseTo(start + 30n * DAY - 1n);
      expect(await wallet["releasable(address)"](token)).to.equal(0n);
      await time.setNextBlockTimestamp(start + 50n * DAY);
      await expect(wallet["release(address)"](token)).to.changeTokenBalance(ethers, open, bob, 500n * OPEN);
    });

    it("numbers grants sequentially", async function () {
      const { treasury, admin, alice, bob } = await loadFixture(fixture);
      const start = BigInt(await time.latest());
      await treasury.connect(admin).createGrant(bob.address, 1n, start, 0n, DAY, { kind: GrantKind.Model, id: 1n });
      await treasury.connect(admin).createGrant(alice.address, 1n, start, 0n, DAY, { kind: GrantKind.Other, id: 9n });
      expect(await treasury.grantCount()).to.equal(2n);
      expect(await treasury.grant(2n)).to.not.equal(ethers.ZeroAddress);
      expect(await treasury.grant(3n)).to.equal(ethers.ZeroAddress);
    });

    it("reverts for a non-admin, a zero beneficiary or amount, a cliff beyond the duration, too little funds", async function () {
      const { treasury, treasuryAddress, open, admin, alice, bob } = await loadFixture(fixture);
      const purpose = { kind: GrantKind.Model, id: 1n };
      const start = BigInt(await time.latest());
      await expect(treasury.connect(alice).createGrant(bob.address, 1n, start, 0n, DAY, purpose))
        .to.be.revertedWithCustomError(treasury, "AccessControlUnauthorizedAccount")
        .withArgs(alice.address, ethers.ZeroHash);
      await expect(
        treasury.connect(admin).createGrant(ethers.ZeroAddress, 1n, start, 0n, DAY, purpose),
      ).to.be.revertedWithCustomError(treasury, "ProtocolZeroAddress");
      await expect(
        treasury.connect(admin).createGrant(bob.address, 0n, start, 0n, DAY, purpose),
      ).to.be.revertedWithCustomError(treasury, "TreasuryZeroAmount");
      const walletFactory = await ethers.getContractFactory("GrantVestingWallet");
      await expect(treasury.connect(admin).createGrant(bob.address, 1n, start, DAY + 1n, DAY, purpose))
        .to.be.revertedWithCustomError(walletFactory, "InvalidCliffDuration")
        .withArgs(DAY + 1n, DAY);
      const balance = await open.balanceOf(treasuryAddress);
      await expect(treasury.connect(admin).createGrant(bob.address, balance + 1n, start, 0n, DAY, purpose))
        .to.be.revertedWithCustomError(open, "ERC20InsufficientBalance")
        .withArgs(treasuryAddress, balance, balance + 1n);
    });
  });

  describe("setFeeSource and upgrades", function () {
    it("setFeeSource is admin only and emits FeeSourceSet", async function () {
      const { treasury, admin, alice } = await loadFixture(fixture);
      await expect(treasury.connect(alice).setFeeSource(alice.address))
        .to.be.revertedWithCustomError(treasury, "AccessControlUnauthorizedAccount")
        .withArgs(alice.address, ethers.ZeroHash);
      await expect(treasury.connect(admin).setFeeSource(alice.address))
        .to.emit(treasury, "FeeSourceSet")
        .withArgs(alice.address);
      expect(await treasury.feeSource()).to.equal(alice.address);
    });

    it("only the admin upgrades", async function () {
      const { treasury, admin, alice } = await loadFixture(fixture);
      const impl = await ethers.deployContract("Treasury");
      await expect(treasury.connect(alice).upgradeToAndCall(await impl.getAddress(), "0x"))
        .to.be.revertedWithCustomError(treasury, "AccessControlUnauthorizedAccount")
        .withArgs(alice.address, ethers.ZeroHash);
      await expect(treasury.connect(admin).upgradeToAndCall(await impl.getAddress(), "0x"))
        .to.emit(treasury, "Upgraded")
        .withArgs(await impl.getAddress());
    });
  });
});
