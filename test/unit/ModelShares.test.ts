import { expect } from "chai";
import { Signature, ZeroAddress } from "ethers";

import type {
  DatanetRegistry,
  FalseReturnToken,
  MockInferencePayments,
  ModelRegistry,
  ModelShares,
} from "../../typechain-types/index.js";
import { createChain } from "../helpers/fixtures.js";
import { deployUupsProxy } from "../helpers/proxy.js";
import { ONE, SHARES_SUPPLY, datanetWithVersion, deployRegistries, modelRegistration } from "../helpers/registries.js";

const chain = await createChain();
const { ethers, networkHelpers } = chain;
const PRECISION = 10n ** 36n;

async function fixture() {
  const r = await deployRegistries(chain);
  const [dataOwner, contributor, owner, operator, alice, bob, payer] = r.users;
  await datanetWithVersion(r, dataOwner, contributor);
  await r.models.connect(owner).registerModel(modelRegistration(operator.address));
  await r.models.connect(owner).tokenize(1, "Model One Shares", "M1S");
  const shares = (await ethers.getContractAt("ModelShares", await r.models.sharesOf(1))) as unknown as ModelShares;
  await r.open.connect(payer).approve(await r.payments.getAddress(), 10_000n * ONE);
  return { ...r, shares, owner, operator, alice, bob, payer };
}

describe("ModelShares", function () {
  describe("initialize", function () {
    it("cannot initialize the implementation or a clone twice", async function () {
      const { shares, sharesImplementation, alice, open } = await networkHelpers.loadFixture(fixture);
      const args = ["n", "s", 1, await open.getAddress(), alice.address, alice.address, 1n] as const;
      await expect(sharesImplementation.initialize(...args)).to.be.revertedWithCustomError(
        shares,
        "InvalidInitialization",
      );
      await expect(shares.initialize(...args)).to.be.revertedWithCustomError(shares, "InvalidInitialization");
    });

    it("has 18 decimals, the model's name and PRECISION 1e36", async function () {
      const { shares } = await networkHelpers.loadFixture(fixture);
      expect(await shares.decimals()).to.equal(18n);
      expect(await shares.PRECISION()).to.equal(PRECISION);
      expect(await shares.rewardPerShare()).to.equal(0n);
    });
  });

  describe("sync", function () {
    it("collects the model's revenue from payments and distributes it pro rata", async function () {
      const { shares, payments, payer, owner, alice, open } = await networkHelpers.loadFixture(fixture);
      await shares.connect(owner).transfer(alice.address, SHARES_SUPPLY / 4n);
      await payments.connect(payer).accrue(1, 100n * ONE);
      expect(await shares.sync.staticCall()).to.equal(100n * ONE);
      const tx = shares.sync();
      const rps = (100n * ONE * PRECISION) / SHARES_SUPPLY;
      await expect(tx)
        .to.emit(shares, "RevenueDistributed")
        .withArgs(100n * ONE, rps);
      await expect(tx).to.changeTokenBalances(ethers, open, [payments, shares], [-100n * ONE, 100n * ONE]);
      expect(await shares.rewardPerShare()).to.equal(rps);
      expect(await shares.claimable(owner.address)).to.equal(75n * ONE);
      expect(await shares.claimable(alice.address)).to.equal(25n * ONE);
      expect(await shares.reservedRevenue()).to.equal(100n * ONE);
      expect(await shares.totalDistributed()).to.equal(100n * ONE);
      expect(await shares.undistributedRevenue()).to.equal(0n);
    });

    it("counts a direct transfer of the asset as revenue", async function () {
      const { shares, payer, owner, open } = await networkHelpers.loadFixture(fixture);
      await open.connect(payer).transfer(await shares.getAddress(), 7n * ONE);
      expect(await shares.undistributedRevenue()).to.equal(7n * ONE);
      await expect(shares.sync()).to.emit(shares, "RevenueDistributed");
      expect(await shares.claimable(owner.address)).to.equal(7n * ONE);
    });

    it("does nothing when nothing arrived", async function () {
      const { shares } = await networkHelpers.loadFixture(fixture);
      expect(await shares.sync.staticCall()).to.equal(0n);
      await expect(shares.sync()).to.not.emit(shares, "RevenueDistributed");
    });

    it("distributes by balance delta, not by what payments reports", async function () {
      const { shares, payments, payer, owner, open } = await networkHelpers.loadFixture(fixture);
      await payments.connect(payer).accrue(1, 3n * ONE);
      await open.connect(payer).transfer(await shares.getAddress(), 2n * ONE);
      await shares.sync();
      expect(await shares.claimable(owner.address)).to.equal(5n * ONE);
    });
  });

  describe("transfers", function () {
    it("revenue follows the balance held at each sync, under any sequence of transfers", async function () {
      const { shares, payments, payer, owner, alice, bob } = await networkHelpers.loadFixture(fixture);
      const half = SHARES_SUPPLY / 2n;
      await payments.connect(payer).accrue(1, 100n * ONE);
      await shares.sync(); // owner 100
      await shares.connect(owner).transfer(alice.address, half);
      await payments.connect(payer).accrue(1, 40n * ONE);
      await shares.sync(); // owner 20, alice 20
      await shares.connect(alice).approve(bob.address, half);
      await shares.connect(bob).transferFrom(alice.address, bob.address, half / 2n);
      await shares.connect(owner).transfer(owner.address, 1n); // self transfer changes nothing
      await payments.connect(payer).accrue(1, 80n * ONE);
      await shares.sync(); // owner 40, alice 20, bob 20
      expect(await shares.claimable(owner.address)).to.equal(160n * ONE);
      expect(await shares.claimable(alice.address)).to.equal(40n * ONE);
      expect(await shares.claimable(bob.address)).to.equal(20n * ONE);
      expect(await shares.totalSupply()).to.equal(SHARES_SUPPLY);
    });
  });

  describe("claim", function () {
    it("pays the caller, emits RevenueClaimed and then has nothing left", async function () {
      const { shares, payments, payer, owner, open } = await networkHelpers.loadFixture(fixture);
      await payments.connect(payer).accrue(1, 9n * ONE);
      await shares.sync();
      expect(await shares.connect(owner).claim.staticCall()).to.equal(9n * ONE);
      const tx = shares.connect(owner).claim();
      await expect(tx)
        .to.emit(shares, "RevenueClaimed")
        .withArgs(owner.address, 9n * ONE);
      await expect(tx).to.changeTokenBalances(ethers, open, [owner, shares], [9n * ONE, -9n * ONE]);
      expect(await shares.claimable(owner.address)).to.equal(0n);
      expect(await shares.reservedRevenue()).to.equal(0n);
      await expect(shares.connect(owner).claim())
        .to.be.revertedWithCustomError(shares, "ModelSharesNothingToClaim")
        .withArgs(owner.address);
    });

    it("claimFor pays the account, whoever calls", async function () {
      const { shares, payments, payer, owner, alice, open } = await networkHelpers.loadFixture(fixture);
      await payments.connect(payer).accrue(1, 4n * ONE);
      await shares.sync();
      await expect(shares.connect(alice).claimFor(owner.address)).to.changeTokenBalances(
        ethers,
        open,
        [owner, alice],
        [4n * ONE, 0n],
      );
      await expect(shares.connect(alice).claimFor(alice.address))
        .to.be.revertedWithCustomError(shares, "ModelSharesNothingToClaim")
        .withArgs(alice.address);
    });

    it("rounding dust stays in the contract and is bounded by one unit per settlement", async function () {
      const { shares, payments, payer, owner, alice, bob, open } = await networkHelpers.loadFixture(fixture);
      // Awkward balances: 1/3, 1/3 and the rest (+1 unit).
      const third = SHARES_SUPPLY / 3n;
      await shares.connect(owner).transfer(alice.address, third);
      await shares.connect(owner).transfer(bob.address, third);
      await payments.connect(payer).accrue(1, 10n); // 10 units for three holders
      await shares.sync();
      const claims = [
        await shares.claimable(owner.address),
        await shares.claimable(alice.address),
        await shares.claimable(bob.address),
      ];
      const sum = claims.reduce((a, b) => a + b, 0n);
      expect(sum).to.be.at.most(10n);
      expect(10n - sum).to.be.at.most(3n);
      for (const s of [owner, alice, bob])
        if ((await shares.claimable(s.address)) > 0n) await shares.claimFor(s.address);
      const dust = await open.balanceOf(await shares.getAddress());
      expect(dust).to.equal(10n - sum);
      expect(await shares.reservedRevenue()).to.equal(dust);
    });
  });

  describe("permit", function () {
    it("accepts an EIP-2612 signature in the model shares' own domain", async function () {
      const { shares, owner, alice } = await networkHelpers.loadFixture(fixture);
      const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
      const domain = {
        name: "Model One Shares",
        version: "1",
        chainId: (await ethers.provider.getNetwork()).chainId,
        verifyingContract: await shares.getAddress(),
      };
      const types = {
        Permit: [
          { name: "owner", type: "address" },
          { name: "spender", type: "address" },
          { name: "value", type: "uint256" },
          { name: "nonce", type: "uint256" },
          { name: "deadline", type: "uint256" },
        ],
      };
      const value = { owner: owner.address, spender: alice.address, value: 5n, nonce: 0n, deadline };
      const sig = Signature.from(await owner.signTypedData(domain, types, value));
      await shares.permit(owner.address, alice.address, 5n, deadline, sig.v, sig.r, sig.s);
      expect(await shares.allowance(owner.address, alice.address)).to.equal(5n);
      expect(await shares.nonces(owner.address)).to.equal(1n);
    });
  });

  describe("with an asset that returns false", function () {
    async function falseFixture() {
      const [deployer, admin, treasury, owner, operator, curator] = await ethers.getSigners();
      const token = (await ethers.deployContract("FalseReturnToken", [
        deployer.address,
        1000n * ONE,
      ])) as unknown as FalseReturnToken;
      const datanets = await deployUupsProxy<DatanetRegistry>(chain, "DatanetRegistry", [
        admin.address,
        await token.getAddress(),
        treasury.address,
      ]);
      await datanets.connect(curator).createDatanet({
        metadataURI: "m",
        licenseURI: "l",
        contributionPolicy: 0,
        usagePolicy: 0,
        rejectedBondPolicy: 0,
        contributionBond: 0n,
      });
      await datanets.connect(curator).contribute(1, ethers.id("c"), "u");
      await datanets.connect(curator).review((1n << 32n) | 1n, true);
      await datanets.connect(curator).publishVersion(1, ethers.id("root"), 1, "v");
      const implementation = await ethers.deployContract("ModelShares");
      const models = await deployUupsProxy<ModelRegistry>(chain, "ModelRegistry", [
        admin.address,
        await datanets.getAddress(),
        await implementation.getAddress(),
        await token.getAddress(),
      ]);
      const payments = (await ethers.deployContract("MockInferencePayments", [
        await token.getAddress(),
        await models.getAddress(),
      ])) as unknown as MockInferencePayments;
      await models.connect(admin).setInferencePayments(await payments.getAddress());
      await models.connect(owner).registerModel(modelRegistration(operator.address));
      await models.connect(owner).tokenize(1, "n", "s");
      const shares = (await ethers.getContractAt("ModelShares", await models.sharesOf(1))) as unknown as ModelShares;
      await token.approve(await payments.getAddress(), 1000n * ONE);
      return { token, shares, payments, owner };
    }

    it("sync reverts when collecting fails, and claim reverts without losing the claim", async function () {
      const { token, shares, payments, owner } = await networkHelpers.loadFixture(falseFixture);
      await payments.accrue(1, 5n);
      await token.setFail(true);
      await expect(shares.sync())
        .to.be.revertedWithCustomError(shares, "SafeERC20FailedOperation")
        .withArgs(await token.getAddress());
      await token.setFail(false);
      await shares.sync();
      await token.setFail(true);
      await expect(shares.connect(owner).claim())
        .to.be.revertedWithCustomError(shares, "SafeERC20FailedOperation")
        .withArgs(await token.getAddress());
      expect(await shares.claimable(owner.address)).to.equal(5n);
    });
  });

  it("a zero-address holder never appears: mint and transfers settle real accounts only", async function () {
    const { shares, owner } = await networkHelpers.loadFixture(fixture);
    await expect(shares.connect(owner).transfer(ZeroAddress, 1n)).to.be.revertedWithCustomError(
      shares,
      "ERC20InvalidReceiver",
    );
  });
});
