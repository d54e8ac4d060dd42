import { expect } from "chai";
import { AbiCoder, ZeroAddress, ZeroHash, encodeBytes32String, id as keccakId, keccak256, toBeHex } from "ethers";

import { buildVersionTree } from "../../src/protocol/index.js";
import type { DatanetRegistry, FalseReturnToken, ReentrantERC721Receiver } from "../../typechain-types/index.js";
import { createChain } from "../helpers/fixtures.js";
import { gasIsMeasurable, gasUsed } from "../helpers/gas.js";
import { deployUupsProxy } from "../helpers/proxy.js";
import {
  ContributionPolicy,
  ContributionStatus,
  ONE,
  RejectedBondPolicy,
  UsagePolicy,
  cid,
  contentHash,
  datanetConfig,
  deployRegistries,
  asObject,
} from "../helpers/registries.js";

const chain = await createChain();
const { ethers, networkHelpers } = chain;
const BOND = 5n * ONE;
const GAS_FILE_NAME = "DatanetRegistry";

function erc7201(namespace: string): string {
  const inner = BigInt(keccakId(namespace)) - 1n;
  return toBeHex(BigInt(keccak256(AbiCoder.defaultAbiCoder().encode(["uint256"], [inner]))) & ~0xffn, 32);
}

async function fixture() {
  const r = await deployRegistries(chain);
  const [owner, curator, alice, bob, stranger] = r.users;
  const { datanets, open } = r;
  await datanets.connect(owner).createDatanet(datanetConfig());
  await datanets
    .connect(owner)
    .createDatanet(
      datanetConfig({ contributionBond: BOND, rejectedBondPolicy: RejectedBondPolicy.ToTreasury, metadataURI: "m2" }),
    );
  await datanets.connect(owner).setCurator(1, curator.address, true);
  await datanets.connect(owner).setCurator(2, curator.address, true);
  for (const user of [alice, bob]) await open.connect(user).approve(await datanets.getAddress(), 1000n * ONE);
  return { ...r, owner, curator, alice, bob, stranger };
}

describe("DatanetRegistry", function () {
  describe("initialize", function () {
    it("sets admin, asset and treasury, and names the ERC-721", async function () {
      const { datanets, admin, open, treasury } = await networkHelpers.loadFixture(fixture);
      expect(await datanets.hasRole(ZeroHash, admin.address)).to.equal(true);
      expect(await datanets.asset()).to.equal(await open.getAddress());
      expect(await datanets.treasury()).to.equal(treasury.address);
      expect(await datanets.name()).to.equal("OpenLedger Datanet");
      expect(await datanets.symbol()).to.equal("DATANET");
    });

    it("keeps its state at the ERC-7201 slot of openledger.storage.DatanetRegistry", async function () {
      const { datanets, open } = await networkHelpers.loadFixture(fixture);
      const slot = erc7201("openledger.storage.DatanetRegistry");
      expect(slot).to.equal("0x89e21eb98a99ad74696ff9cc7f797d53cf7230fa3926bb449dd08a57f81bef00");
      const word = await ethers.provider.getStorage(await datanets.getAddress(), slot);
      // slot 0 of the struct: asset (low 160 bits), datanetCount (next 64 bits) = 2, reviewTimeout (32 bits)
      expect(BigInt(word) & ((1n << 160n) - 1n)).to.equal(BigInt(await open.getAddress()));
      expect((BigInt(word) >> 160n) & ((1n << 64n) - 1n)).to.equal(2n);
      expect(BigInt(word) >> 224n).to.equal(14n * 86_400n);
    });

    it("cannot be initialized twice", async function () {
      const { datanets, admin, open, treasury } = await networkHelpers.loadFixture(fixture);
      await expect(
        datanets.initialize(admin.address, await open.getAddress(), treasury.address),
      ).to.be.revertedWithCustomError(datanets, "InvalidInitialization");
    });

    it("refuses zero addresses", async function () {
      const { admin, open, treasury, datanets } = await networkHelpers.loadFixture(fixture);
      const openAddress = await open.getAddress();
      for (const args of [
        [ZeroAddress, openAddress, treasury.address],
        [admin.address, ZeroAddress, treasury.address],
        [admin.address, openAddress, ZeroAddress],
      ]) {
        await expect(deployUupsProxy(chain, "DatanetRegistry", args)).to.be.revertedWithCustomError(
          datanets,
          "ProtocolZeroAddress",
        );
      }
    });
  });

  describe("createDatanet", function () {
    it("mints the token to the caller, stores the config and emits DatanetCreated", async function () {
      const { datanets, alice } = await networkHelpers.loadFixture(fixture);
      const config = datanetConfig({
        metadataURI: "ipfs://x",
        licenseURI: "lic",
        contributionPolicy: ContributionPolicy.AllowListed,
        usagePolicy: UsagePolicy.ApprovalRequired,
        rejectedBondPolicy: RejectedBondPolicy.ToDatanetOwner,
        contributionBond: 7n,
      });
      const tx = datanets.connect(alice).createDatanet(config);
      await expect(tx).to.emit(datanets, "DatanetCreated").withArgs(3, alice.address, ["ipfs://x", "lic", 1, 1, 1, 7n]);
      await expect(tx).to.emit(datanets, "Transfer").withArgs(ZeroAddress, alice.address, 3);
      expect(await datanets.ownerOf(3)).to.equal(alice.address);
      expect(await datanets.datanetCount()).to.equal(3);
      expect(await datanets.tokenURI(3)).to.equal("ipfs://x");
      const stored = await datanets.datanetConfig(3);
      expect(asObject(stored)).to.deep.equal({ ...config });
      expect(asObject(await datanets.datanetCounts(3))).to.deep.equal({
        contributions: 0n,
        pending: 0n,
        accepted: 0n,
        versions: 0n,
      });
    });

    it("reverts on an empty metadata URI", async function () {
      const { datanets, alice } = await networkHelpers.loadFixture(fixture);
      await expect(
        datanets.connect(alice).createDatanet(datanetConfig({ metadataURI: "" })),
      ).to.be.revertedWithCustomError(datanets, "DatanetEmptyMetadataURI");
    });

    it("costs a measured amount of gas", async function () {
      if (!gasIsMeasurable()) this.skip();
      const { datanets, alice } = await networkHelpers.loadFixture(fixture);
      const gas = await gasUsed(
        `${GAS_FILE_NAME}.createDatanet`,
        datanets.connect(alice).createDatanet(datanetConfig()),
      );
      expect(gas).to.be.lessThan(250_000n);
    });
  });

  describe("hostile ERC-721 receiver", function () {
    async function receiverFixture() {
      const f = await fixture();
      const receiver = (await ethers.deployContract("ReentrantERC721Receiver")) as unknown as ReentrantERC721Receiver;
      return { ...f, receiver };
    }

    it("a contract that re-enters createDatanet from onERC721Received makes the creation revert", async function () {
      const { datanets, receiver } = await networkHelpers.loadFixture(receiverFixture);
      const create = datanets.interface.encodeFunctionData("createDatanet", [datanetConfig()]);
      await receiver.arm(await datanets.getAddress(), create);
      await expect(receiver.execute(await datanets.getAddress(), create)).to.be.revertedWithCustomError(
        datanets,
        "ReentrancyGuardReentrantCall",
      );
      expect(await datanets.datanetCount()).to.equal(2);
    });

    it("sees a fully written Datanet when it calls back (state is written before the mint callback)", async function () {
      const { datanets, receiver, alice } = await networkHelpers.loadFixture(receiverFixture);
      const create = datanets.interface.encodeFunctionData("createDatanet", [datanetConfig()]);
      // The callback makes alice a curator of the Datanet being minted: this needs the owner to be recorded already.
      await receiver.arm(
        await datanets.getAddress(),
        datanets.interface.encodeFunctionData("setCurator", [3, alice.address, true]),
      );
      await receiver.execute(await datanets.getAddress(), create);
      expect(await receiver.reentered()).to.equal(true);
      expect(await datanets.isCurator(3, alice.address)).to.equal(true);
      expect(await datanets.ownerOf(3)).to.equal(await receiver.getAddress());
    });

    it("a contract that does not accept ERC-721 tokens cannot create a Datanet", async function () {
      const { datanets, receiver } = await networkHelpers.loadFixture(receiverFixture);
      await receiver.setRefuse(true);
      const create = datanets.interface.encodeFunctionData("createDatanet", [datanetConfig()]);
      await expect(receiver.execute(await datanets.getAddress(), create))
        .to.be.revertedWithCustomError(datanets, "ERC721InvalidReceiver")
        .withArgs(await receiver.getAddress());
    });
  });

  describe("updateDatanet", function () {
    it("replaces the config and emits DatanetUpdated", async function () {
      const { datanets, owner } = await networkHelpers.loadFixture(fixture);
      const config = datanetConfig({ metadataURI: "new", contributionBond: 9n });
      await expect(datanets.connect(owner).updateDatanet(1, config))
        .to.emit(datanets, "DatanetUpdated")
        .withArgs(1, ["new", config.licenseURI, 0, 0, 0, 9n]);
      expect((await datanets.datanetConfig(1)).contributionBond).to.equal(9n);
      expect(await datanets.tokenURI(1)).to.equal("new");
    });

    it("reverts for a non-owner, an unknown Datanet and an empty metadata URI", async function () {
      const { datanets, owner, curator } = await networkHelpers.loadFixture(fixture);
      await expect(datanets.connect(curator).updateDatanet(1, datanetConfig()))
        .to.be.revertedWithCustomError(datanets, "DatanetNotOwner")
        .withArgs(1, curator.address);
      await expect(datanets.connect(owner).updateDatanet(9, datanetConfig()))
        .to.be.revertedWithCustomError(datanets, "DatanetUnknown")
        .withArgs(9);
      await expect(
        datanets.connect(owner).updateDatanet(1, datanetConfig({ metadataURI: "" })),
      ).to.be.revertedWithCustomError(datanets, "DatanetEmptyMetadataURI");
    });

    it("a new owner after an ERC-721 transfer controls the Datanet", async function () {
      const { datanets, owner, alice } = await networkHelpers.loadFixture(fixture);
      await datanets.connect(owner).transferFrom(owner.address, alice.address, 1);
      await expect(datanets.connect(owner).updateDatanet(1, datanetConfig())).to.be.revertedWithCustomError(
        datanets,
        "DatanetNotOwner",
      );
      await expect(datanets.connect(alice).updateDatanet(1, datanetConfig())).to.emit(datanets, "DatanetUpdated");
    });

    it("curators belong to the owner who appointed them: the seller's do not curate for the buyer", async function () {
      const { datanets, owner, curator, alice, bob } = await networkHelpers.loadFixture(fixture);
      await datanets.connect(alice).contribute(1, contentHash(1), "u");
      await datanets.connect(owner).setCurator(1, owner.address, true); // the seller appoints itself too
      await datanets.connect(owner).transferFrom(owner.address, bob.address, 1);
      for (const account of [curator, owner]) {
        expect(await datanets.isCurator(1, account.address)).to.equal(false);
        await expect(datanets.connect(account).review(cid(1, 1), false))
          .to.be.revertedWithCustomError(datanets, "DatanetNotCurator")
          .withArgs(1, account.address);
        await expect(datanets.connect(account).publishVersion(1, keccakId("r"), 0, "v"))
          .to.be.revertedWithCustomError(datanets, "DatanetNotCurator")
          .withArgs(1, account.address);
      }
      // The buyer appoints its own; the Datanet's other settings stay.
      await datanets.connect(bob).setCurator(1, alice.address, true);
      expect(await datanets.isCurator(1, alice.address)).to.equal(true);
      await expect(datanets.connect(alice).review(cid(1, 1), true)).to.emit(datanets, "ContributionReviewed");
      // Back with the seller, the seller's appointees curate again and the buyer's do not.
      await datanets.connect(bob).transferFrom(bob.address, owner.address, 1);
      expect(await datanets.isCurator(1, curator.address)).to.equal(true);
      expect(await datanets.isCurator(1, alice.address)).to.equal(false);
    });
  });

  describe("owner-managed lists", function () {
    const cases = [
      { fn: "setCurator", event: "CuratorSet", read: "isCurator" },
      { fn: "setContributorAllowed", event: "ContributorAllowed", read: "isContributorAllowed" },
      { fn: "setTrainerApproval", event: "TrainerApproved", read: "isTrainerApproved" },
    ] as const;
    for (const c of cases) {
      describe(c.fn, function () {
        it(`sets and clears the flag and emits ${c.event}`, async function () {
          const { datanets, owner, alice } = await networkHelpers.loadFixture(fixture);
          await expect(datanets.connect(owner)[c.fn](1, alice.address, true))
            .to.emit(datanets, c.event)
            .withArgs(1, alice.address, true);
          expect(await datanets[c.read](1, alice.address)).to.equal(true);
          expect(await datanets[c.read](2, alice.address)).to.equal(false);
          await expect(datanets.connect(owner)[c.fn](1, alice.address, false))
            .to.emit(datanets, c.event)
            .withArgs(1, alice.address, false);
          expect(await datanets[c.read](1, alice.address)).to.equal(false);
        });

        it("reverts for a non-owner, an unknown Datanet and the zero address", async function () {
          const { datanets, owner, curator, alice } = await networkHelpers.loadFixture(fixture);
          await expect(datanets.connect(curator)[c.fn](1, alice.address, true))
            .to.be.revertedWithCustomError(datanets, "DatanetNotOwner")
            .withArgs(1, curator.address);
          await expect(datanets.connect(owner)[c.fn](5, alice.address, true))
            .to.be.revertedWithCustomError(datanets, "DatanetUnknown")
            .withArgs(5);
          await expect(datanets.connect(owner)[c.fn](1, ZeroAddress, true)).to.be.revertedWithCustomError(
            datanets,
            "ProtocolZeroAddress",
          );
        });
      });
    }
  });

  describe("contribute", function () {
    it("records the contribution, emits ContributionSubmitted and returns a per-Datanet id", async function () {
      const { datanets, alice } = await networkHelpers.loadFixture(fixture);
      const hash = contentHash(1);
      expect(await datanets.connect(alice).contribute.staticCall(1, hash, "ipfs://c1")).to.equal(cid(1, 1));
      await expect(datanets.connect(alice).contribute(1, hash, "ipfs://c1"))
        .to.emit(datanets, "ContributionSubmitted")
        .withArgs(cid(1, 1), 1, alice.address, hash, "ipfs://c1", 0);
      expect(asObject(await datanets.contribution(cid(1, 1)))).to.deep.equal({
        datanetId: 1n,
        index: 1n,
        contributor: alice.address,
        status: BigInt(ContributionStatus.Pending),
        contentHash: hash,
        bond: 0n,
        rejectedBondPolicy: BigInt(RejectedBondPolicy.RefundContributor),
      });
      expect(await datanets.contributionIdOf(1, hash)).to.equal(cid(1, 1));
      expect(await datanets.contributionIdOf(2, hash)).to.equal(0n);
      const counts = await datanets.datanetCounts(1);
      expect([counts.contributions, counts.pending, counts.accepted]).to.deep.equal([1n, 1n, 0n]);
      // ids are per Datanet: the same hash in Datanet 2 is its first contribution
      await expect(datanets.connect(alice).contribute(2, hash, "u"))
        .to.emit(datanets, "ContributionSubmitted")
        .withArgs(cid(2, 1), 2, alice.address, hash, "u", BOND);
      await expect(datanets.connect(alice).contribute(1, contentHash(2), "u"))
        .to.emit(datanets, "ContributionSubmitted")
        .withArgs(cid(1, 2), 1, alice.address, contentHash(2), "u", 0);
    });

    it("pulls the bond and fixes its rejected-bond policy at submission", async function () {
      const { datanets, open, alice, owner } = await networkHelpers.loadFixture(fixture);
      await expect(datanets.connect(alice).contribute(2, contentHash(1), "u")).to.changeTokenBalances(
        ethers,
        open,
        [alice, datanets],
        [-BOND, BOND],
      );
      await datanets
        .connect(owner)
        .updateDatanet(
          2,
          datanetConfig({ rejectedBondPolicy: RejectedBondPolicy.ToDatanetOwner, contributionBond: 1n }),
        );
      const c = await datanets.contribution(cid(2, 1));
      expect(c.bond).to.equal(BOND);
      expect(c.rejectedBondPolicy).to.equal(RejectedBondPolicy.ToTreasury);
    });

    it("refuses an exact duplicate within a Datanet, naming the existing id", async function () {
      const { datanets, alice, bob } = await networkHelpers.loadFixture(fixture);
      await datanets.connect(alice).contribute(1, contentHash(1), "u");
      await expect(datanets.connect(bob).contribute(1, contentHash(1), "other"))
        .to.be.revertedWithCustomError(datanets, "DatanetDuplicateContribution")
        .withArgs(1, contentHash(1), cid(1, 1));
    });

    it("a rejected contribution frees its hash: a copy submitted first cannot keep the real one out", async function () {
      const { datanets, curator, alice, bob } = await networkHelpers.loadFixture(fixture);
      const h = contentHash(7);
      // Bob submits alice's hash first with a URI that does not serve it; the curator rejects it.
      await datanets.connect(bob).contribute(1, h, "garbage");
      await datanets.connect(curator).review(cid(1, 1), false);
      expect(await datanets.contributionIdOf(1, h)).to.equal(0n);
      expect((await datanets.contribution(cid(1, 1))).contentHash).to.equal(h);
      await expect(datanets.connect(alice).contribute(1, h, "real"))
        .to.emit(datanets, "ContributionSubmitted")
        .withArgs(cid(1, 2), 1, alice.address, h, "real", 0);
      expect(await datanets.contributionIdOf(1, h)).to.equal(cid(1, 2));
      // An accepted one keeps it.
      await datanets.connect(curator).review(cid(1, 2), true);
      await expect(datanets.connect(bob).contribute(1, h, "again"))
        .to.be.revertedWithCustomError(datanets, "DatanetDuplicateContribution")
        .withArgs(1, h, cid(1, 2));
    });

    it("contributeAtTerms refuses terms the owner changed after the contributor read them", async function () {
      const { datanets, open, owner, alice } = await networkHelpers.loadFixture(fixture);
      // Datanet 2: bond 5, rejected bonds to the treasury. The owner switches the policy and raises the bond.
      await datanets
        .connect(owner)
        .updateDatanet(
          2,
          datanetConfig({ contributionBond: 2n * BOND, rejectedBondPolicy: RejectedBondPolicy.ToDatanetOwner }),
        );
      for (const [maxBond, policy] of [
        [BOND, RejectedBondPolicy.ToDatanetOwner], // bond above the contributor's maximum
        [2n * BOND, RejectedBondPolicy.ToTreasury], // another policy
      ] as const) {
        await expect(datanets.connect(alice).contributeAtTerms(2, contentHash(1), "u", maxBond, policy))
          .to.be.revertedWithCustomError(datanets, "DatanetTermsChanged")
          .withArgs(2, 2n * BOND, RejectedBondPolicy.ToDatanetOwner);
      }
      expect(await datanets.contributionIdOf(2, contentHash(1))).to.equal(0n);
      // On the terms in force, it contributes exactly as contribute does.
      await expect(
        datanets.connect(alice).contributeAtTerms(2, contentHash(1), "u", 2n * BOND, RejectedBondPolicy.ToDatanetOwner),
      ).to.changeTokenBalances(ethers, open, [alice, datanets], [-2n * BOND, 2n * BOND]);
      const c = await datanets.contribution(cid(2, 1));
      expect([c.contributor, c.bond, c.rejectedBondPolicy]).to.deep.equal([
        alice.address,
        2n * BOND,
        RejectedBondPolicy.ToDatanetOwner,
      ]);
      await expect(
        datanets.connect(alice).contributeAtTerms(9, contentHash(2), "u", 0n, RejectedBondPolicy.RefundContributor),
      )
        .to.be.revertedWithCustomError(datanets, "DatanetUnknown")
        .withArgs(9);
    });

    it("reverts for an unknown Datanet and a zero hash", async function () {
      const { datanets, alice } = await networkHelpers.loadFixture(fixture);
      await expect(datanets.connect(alice).contribute(3, contentHash(1), "u"))
        .to.be.revertedWithCustomError(datanets, "DatanetUnknown")
        .withArgs(3);
      await expect(datanets.connect(alice).contribute(1, ZeroHash, "u")).to.be.revertedWithCustomError(
        datanets,
        "DatanetZeroHash",
      );
    });

    it("enforces the allow list", async function () {
      const { datanets, owner, alice, bob } = await networkHelpers.loadFixture(fixture);
      await datanets
        .connect(owner)
        .updateDatanet(1, datanetConfig({ contributionPolicy: ContributionPolicy.AllowListed }));
      await datanets.connect(owner).setContributorAllowed(1, alice.address, true);
      expect(await datanets.isContributorAllowed(1, alice.address)).to.equal(true);
      expect(await datanets.isContributorAllowed(1, bob.address)).to.equal(false);
      await expect(datanets.connect(bob).contribute(1, contentHash(1), "u"))
        .to.be.revertedWithCustomError(datanets, "DatanetContributorNotAllowed")
        .withArgs(1, bob.address);
      await expect(datanets.connect(alice).contribute(1, contentHash(1), "u")).to.emit(
        datanets,
        "ContributionSubmitted",
      );
    });

    it("reverts when the bond cannot be pulled", async function () {
      const { datanets, open, stranger } = await networkHelpers.loadFixture(fixture);
      await expect(datanets.connect(stranger).contribute(2, contentHash(1), "u"))
        .to.be.revertedWithCustomError(open, "ERC20InsufficientAllowance")
        .withArgs(await datanets.getAddress(), 0, BOND);
    });

    it("stays within 110,000 gas without a bond (whole transaction) and is measured with one", async function () {
      if (!gasIsMeasurable()) this.skip();
      const { datanets, alice } = await networkHelpers.loadFixture(fixture);
      // Warm the global counter, as on any live chain.
      await datanets.connect(alice).contribute(1, contentHash(0), "ipfs://bafkreiwarmup");
      await datanets.connect(alice).contribute(2, contentHash(0), "ipfs://bafkreiwarmup");
      const uri = "ipfs://bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
      const noBond = await gasUsed(
        `${GAS_FILE_NAME}.contribute.noBond`,
        datanets.connect(alice).contribute(1, contentHash(1), uri),
      );
      expect(noBond).to.be.at.most(110_000n);
      const withBond = await gasUsed(
        `${GAS_FILE_NAME}.contribute.withBond`,
        datanets.connect(alice).contribute(2, contentHash(2), uri),
      );
      expect(withBond).to.be.at.most(140_000n);
    });
  });

  describe("review", function () {
    async function pendingFixture() {
      const f = await fixture();
      await f.datanets.connect(f.alice).contribute(2, contentHash(1), "u1"); // id 1, bond, ToTreasury
      await f.datanets.connect(f.bob).contribute(2, contentHash(2), "u2"); // id 2
      await f.datanets.connect(f.alice).contribute(1, contentHash(3), "u3"); // id 3, no bond
      return f;
    }

    it("accepts: credits the bond to the contributor and updates the counts", async function () {
      const { datanets, curator, alice } = await networkHelpers.loadFixture(pendingFixture);
      await expect(datanets.connect(curator).review(cid(2, 1), true))
        .to.emit(datanets, "ContributionReviewed")
        .withArgs(cid(2, 1), 2, curator.address, true, alice.address, BOND);
      const c = await datanets.contribution(cid(2, 1));
      expect(c.status).to.equal(ContributionStatus.Accepted);
      expect(c.bond).to.equal(0n);
      expect(await datanets.withdrawableBonds(alice.address)).to.equal(BOND);
      const counts = await datanets.datanetCounts(2);
      expect([counts.contributions, counts.pending, counts.accepted]).to.deep.equal([2n, 1n, 1n]);
    });

    it("rejects: the bond goes where the contribution's policy says", async function () {
      const { datanets, owner, curator, alice, bob, treasury } = await networkHelpers.loadFixture(pendingFixture);
      await expect(datanets.connect(owner).review(cid(2, 1), false))
        .to.emit(datanets, "ContributionReviewed")
        .withArgs(cid(2, 1), 2, owner.address, false, treasury.address, BOND);
      expect(await datanets.withdrawableBonds(treasury.address)).to.equal(BOND);
      // ToDatanetOwner and RefundContributor
      await datanets
        .connect(owner)
        .updateDatanet(
          2,
          datanetConfig({ rejectedBondPolicy: RejectedBondPolicy.ToDatanetOwner, contributionBond: 3n }),
        );
      await datanets.connect(alice).contribute(2, contentHash(4), "u"); // id 4
      await expect(datanets.connect(curator).review(cid(2, 3), false))
        .to.emit(datanets, "ContributionReviewed")
        .withArgs(cid(2, 3), 2, curator.address, false, owner.address, 3n);
      await datanets
        .connect(owner)
        .updateDatanet(
          2,
          datanetConfig({ rejectedBondPolicy: RejectedBondPolicy.RefundContributor, contributionBond: 2n }),
        );
      await datanets.connect(bob).contribute(2, contentHash(5), "u"); // id 5
      await expect(datanets.connect(curator).review(cid(2, 4), false))
        .to.emit(datanets, "ContributionReviewed")
        .withArgs(cid(2, 4), 2, curator.address, false, bob.address, 2n);
      expect(await datanets.withdrawableBonds(owner.address)).to.equal(3n);
      expect(await datanets.withdrawableBonds(bob.address)).to.equal(2n);
      expect((await datanets.contribution(cid(2, 4))).status).to.equal(ContributionStatus.Rejected);
      expect((await datanets.datanetCounts(2)).accepted).to.equal(0n);
    });

    it("a bond-free contribution is reviewed with no recipient", async function () {
      const { datanets, curator } = await networkHelpers.loadFixture(pendingFixture);
      await expect(datanets.connect(curator).review(cid(1, 1), false))
        .to.emit(datanets, "ContributionReviewed")
        .withArgs(cid(1, 1), 1, curator.address, false, ZeroAddress, 0);
    });

    it("reverts for a non-curator, an unknown id and a reviewed contribution", async function () {
      const { datanets, curator, alice, owner } = await networkHelpers.loadFixture(pendingFixture);
      await expect(datanets.connect(alice).review(cid(2, 1), true))
        .to.be.revertedWithCustomError(datanets, "DatanetNotCurator")
        .withArgs(2, alice.address);
      await datanets.connect(owner).setCurator(2, curator.address, false);
      await expect(datanets.connect(curator).review(cid(2, 1), true))
        .to.be.revertedWithCustomError(datanets, "DatanetNotCurator")
        .withArgs(2, curator.address);
      await expect(datanets.connect(owner).review(cid(2, 99), true))
        .to.be.revertedWithCustomError(datanets, "DatanetUnknownContribution")
        .withArgs(cid(2, 99));
      await datanets.connect(owner).review(cid(2, 1), true);
      await expect(datanets.connect(owner).review(cid(2, 1), false))
        .to.be.revertedWithCustomError(datanets, "DatanetAlreadyReviewed")
        .withArgs(cid(2, 1), ContributionStatus.Accepted);
    });
  });

  describe("reviewBatch", function () {
    it("reviews contributions of several Datanets and checks the caller for each Datanet", async function () {
      const { datanets, owner, curator, alice, bob, treasury } = await networkHelpers.loadFixture(fixture);
      await datanets.connect(alice).contribute(2, contentHash(1), "u"); // 1
      await datanets.connect(bob).contribute(2, contentHash(2), "u"); // 2
      await datanets.connect(alice).contribute(1, contentHash(3), "u"); // 3
      const tx = datanets.connect(curator).reviewBatch([cid(2, 1), cid(2, 2), cid(1, 1)], [true, false, true]);
      await expect(tx)
        .to.emit(datanets, "ContributionReviewed")
        .withArgs(cid(2, 1), 2, curator.address, true, alice.address, BOND);
      await expect(tx)
        .to.emit(datanets, "ContributionReviewed")
        .withArgs(cid(2, 2), 2, curator.address, false, treasury.address, BOND);
      await expect(tx)
        .to.emit(datanets, "ContributionReviewed")
        .withArgs(cid(1, 1), 1, curator.address, true, ZeroAddress, 0);
      expect((await datanets.datanetCounts(2)).accepted).to.equal(1n);
      expect((await datanets.datanetCounts(1)).accepted).to.equal(1n);
      // A caller who curates Datanet 1 only is refused on the first item of Datanet 2, and nothing changes.
      await datanets.connect(alice).contribute(1, contentHash(4), "u"); // 4
      await datanets.connect(alice).contribute(2, contentHash(5), "u"); // 5
      await datanets.connect(owner).setCurator(2, curator.address, false);
      await expect(datanets.connect(curator).reviewBatch([cid(1, 2), cid(2, 3)], [true, true]))
        .to.be.revertedWithCustomError(datanets, "DatanetNotCurator")
        .withArgs(2, curator.address);
      expect((await datanets.contribution(cid(1, 2))).status).to.equal(ContributionStatus.Pending);
    });

    it("reverts on length mismatch, and on a repeated id", async function () {
      const { datanets, curator, alice } = await networkHelpers.loadFixture(fixture);
      await datanets.connect(alice).contribute(1, contentHash(1), "u");
      await expect(datanets.connect(curator).reviewBatch([cid(1, 1)], [true, false]))
        .to.be.revertedWithCustomError(datanets, "DatanetBatchLengthMismatch")
        .withArgs(1, 2);
      await expect(datanets.connect(curator).reviewBatch([cid(1, 1), cid(1, 1)], [true, false]))
        .to.be.revertedWithCustomError(datanets, "DatanetAlreadyReviewed")
        .withArgs(cid(1, 1), ContributionStatus.Accepted);
    });

    it("reviews 50 bonded contributions within the per-item gas target", async function () {
      const { datanets, curator, alice, bob } = await networkHelpers.loadFixture(fixture);
      const ids: bigint[] = [];
      const accepts: boolean[] = [];
      for (let i = 0; i < 50; i++) {
        await datanets.connect(i % 2 === 0 ? alice : bob).contribute(2, contentHash(`batch-${i}`), "u");
        ids.push(cid(2, i + 1));
        accepts.push(i % 5 !== 0); // 10 rejections (to the treasury), 40 accepts
      }
      const total = await gasUsed(
        `${GAS_FILE_NAME}.reviewBatch50`,
        datanets.connect(curator).reviewBatch(ids, accepts),
      );
      const perItem = total / 50n;
      expect(perItem).to.be.at.most(20_000n);
      expect(await datanets.withdrawableBonds(alice.address)).to.equal(20n * BOND);
      expect(await datanets.withdrawableBonds(bob.address)).to.equal(20n * BOND);
    });
  });

  describe("withdrawing a pending contribution (issue 14, hole 4)", function () {
    const DAY = 86_400n;

    it("after the review timeout the contributor takes it back: bond refunded, content hash freed", async function () {
      // Before: a pending bond had no exit; an owner who abandoned the Datanet locked it forever.
      const { datanets, open, alice, bob } = await networkHelpers.loadFixture(fixture);
      const hash = contentHash("abandoned");
      await datanets.connect(alice).contribute(2, hash, "ipfs://a");
      const id = cid(2, 1);
      const submittedAt = BigInt(await networkHelpers.time.latest());
      const timeout = await datanets.reviewTimeout();
      expect(timeout).to.equal(14n * DAY);
      await expect(datanets.connect(alice).withdrawContribution(id))
        .to.be.revertedWithCustomError(datanets, "DatanetReviewTimeoutNotOver")
        .withArgs(id, submittedAt + timeout);
      await expect(datanets.connect(bob).withdrawContribution(id))
        .to.be.revertedWithCustomError(datanets, "DatanetNotContributor")
        .withArgs(id, bob.address);
      await networkHelpers.time.setNextBlockTimestamp(submittedAt + timeout);
      await expect(datanets.connect(alice).withdrawContribution(id))
        .to.emit(datanets, "ContributionWithdrawn")
        .withArgs(id, 2, alice.address, BOND);
      const c = await datanets.contribution(id);
      expect([c.status, c.bond]).to.deep.equal([BigInt(ContributionStatus.Withdrawn), 0n]);
      expect(await datanets.contributionIdOf(2, hash)).to.equal(0n);
      expect((await datanets.datanetCounts(2)).pending).to.equal(0n);
      expect(await datanets.withdrawableBonds(alice.address)).to.equal(BOND);
      await expect(datanets.connect(alice).withdrawBonds()).to.changeTokenBalances(
        ethers,
        open,
        [alice, datanets],
        [BOND, -BOND],
      );
      // Once withdrawn it is closed: no second withdrawal, no review; the hash can be contributed again.
      await expect(datanets.connect(alice).withdrawContribution(id))
        .to.be.revertedWithCustomError(datanets, "DatanetAlreadyReviewed")
        .withArgs(id, ContributionStatus.Withdrawn);
      await expect(datanets.review(id, true)).to.be.revertedWithCustomError(datanets, "DatanetAlreadyReviewed");
      await expect(datanets.connect(bob).contribute(2, hash, "ipfs://b")).to.emit(datanets, "ContributionSubmitted");
    });

    it("curators who review in time keep their rights: a reviewed contribution cannot be withdrawn", async function () {
      const { datanets, curator, alice, treasury } = await networkHelpers.loadFixture(fixture);
      await datanets.connect(alice).contribute(2, contentHash("spam"), "ipfs://s");
      const id = cid(2, 1);
      await networkHelpers.time.increase(14n * DAY - 10n);
      await datanets.connect(curator).review(id, false);
      await networkHelpers.time.increase(20n);
      await expect(datanets.connect(alice).withdrawContribution(id))
        .to.be.revertedWithCustomError(datanets, "DatanetAlreadyReviewed")
        .withArgs(id, ContributionStatus.Rejected);
      expect(await datanets.withdrawableBonds(treasury.address)).to.equal(BOND);
    });

    it("the review timeout is a bounded governance parameter that applies to pending contributions", async function () {
      const { datanets, admin, alice, stranger } = await networkHelpers.loadFixture(fixture);
      const name = encodeBytes32String("reviewTimeout");
      await expect(datanets.connect(stranger).setReviewTimeout(DAY)).to.be.revertedWithCustomError(
        datanets,
        "AccessControlUnauthorizedAccount",
      );
      for (const bad of [DAY - 1n, 60n * DAY + 1n]) {
        await expect(datanets.connect(admin).setReviewTimeout(bad))
          .to.be.revertedWithCustomError(datanets, "ProtocolParameterOutOfBounds")
          .withArgs(name, bad, DAY, 60n * DAY);
      }
      await datanets.connect(alice).contribute(1, contentHash("x"), "ipfs://x");
      await expect(datanets.connect(admin).setReviewTimeout(DAY)).to.emit(datanets, "ReviewTimeoutSet").withArgs(DAY);
      await networkHelpers.time.increase(DAY);
      await expect(datanets.connect(alice).withdrawContribution(cid(1, 1)))
        .to.emit(datanets, "ContributionWithdrawn")
        .withArgs(cid(1, 1), 1, alice.address, 0n);
    });
  });

  describe("withdrawBonds", function () {
    it("pays the caller's balance and emits BondsWithdrawn", async function () {
      const { datanets, open, curator, alice } = await networkHelpers.loadFixture(fixture);
      await datanets.connect(alice).contribute(2, contentHash(1), "u");
      await datanets.connect(curator).review(cid(2, 1), true);
      const tx = datanets.connect(alice).withdrawBonds();
      await expect(tx).to.emit(datanets, "BondsWithdrawn").withArgs(alice.address, BOND);
      await expect(tx).to.changeTokenBalances(ethers, open, [alice, datanets], [BOND, -BOND]);
      expect(await datanets.withdrawableBonds(alice.address)).to.equal(0n);
      await expect(datanets.connect(alice).withdrawBonds())
        .to.be.revertedWithCustomError(datanets, "DatanetNothingToWithdraw")
        .withArgs(alice.address);
    });

    it("withdrawBondsFor pays the account, whoever triggers it", async function () {
      const { datanets, open, curator, alice, stranger, treasury } = await networkHelpers.loadFixture(fixture);
      await datanets.connect(alice).contribute(2, contentHash(1), "u");
      await datanets.connect(curator).review(cid(2, 1), false);
      await expect(datanets.connect(stranger).withdrawBondsFor(treasury.address)).to.changeTokenBalances(
        ethers,
        open,
        [treasury, stranger],
        [BOND, 0n],
      );
      await expect(datanets.connect(stranger).withdrawBondsFor(treasury.address))
        .to.be.revertedWithCustomError(datanets, "DatanetNothingToWithdraw")
        .withArgs(treasury.address);
    });
  });

  describe("with an asset that returns false", function () {
    async function falseFixture() {
      const [deployer, admin, treasury, alice, owner] = await ethers.getSigners();
      const token = (await ethers.deployContract("FalseReturnToken", [
        deployer.address,
        1000n * ONE,
      ])) as unknown as FalseReturnToken;
      const datanets = await deployUupsProxy<DatanetRegistry>(chain, "DatanetRegistry", [
        admin.address,
        await token.getAddress(),
        treasury.address,
      ]);
      await token.transfer(alice.address, 100n * ONE);
      await token.connect(alice).approve(await datanets.getAddress(), 100n * ONE);
      await datanets.connect(owner).createDatanet(datanetConfig({ contributionBond: BOND }));
      return { token, datanets, alice, owner };
    }

    it("contribute reverts with SafeERC20FailedOperation and records nothing", async function () {
      const { token, datanets, alice } = await networkHelpers.loadFixture(falseFixture);
      await token.setFail(true);
      await expect(datanets.connect(alice).contribute(1, contentHash(1), "u"))
        .to.be.revertedWithCustomError(datanets, "SafeERC20FailedOperation")
        .withArgs(await token.getAddress());
      expect((await datanets.datanetCounts(1)).contributions).to.equal(0n);
    });

    it("withdrawBonds reverts with SafeERC20FailedOperation and keeps the balance", async function () {
      const { token, datanets, alice, owner } = await networkHelpers.loadFixture(falseFixture);
      await datanets.connect(alice).contribute(1, contentHash(1), "u");
      await datanets.connect(owner).review(cid(1, 1), true);
      await token.setFail(true);
      await expect(datanets.connect(alice).withdrawBonds())
        .to.be.revertedWithCustomError(datanets, "SafeERC20FailedOperation")
        .withArgs(await token.getAddress());
      expect(await datanets.withdrawableBonds(alice.address)).to.equal(BOND);
    });
  });

  describe("publishVersion", function () {
    async function acceptedFixture() {
      const f = await fixture();
      for (let i = 1; i <= 4; i++) await f.datanets.connect(f.alice).contribute(1, contentHash(i), `u${i}`);
      await f.datanets.connect(f.curator).reviewBatch(
        [1, 2, 3, 4].map((i) => cid(1, i)),
        [true, true, false, true],
      );
      const tree = buildVersionTree([1, 2, 4].map((i) => ({ contributionId: cid(1, i), contentHash: contentHash(i) })));
      return { ...f, tree };
    }

    it("freezes version 1, then 2, with root, count, URI and timestamp", async function () {
      const { datanets, curator, owner, tree } = await networkHelpers.loadFixture(acceptedFixture);
      expect(await datanets.versionExists(1, 1)).to.equal(false);
      await expect(datanets.connect(curator).publishVersion(1, tree.root, 3, "ipfs://v1"))
        .to.emit(datanets, "VersionPublished")
        .withArgs(1, 1, tree.root, 3, "ipfs://v1", curator.address);
      const v = await datanets.version(1, 1);
      expect(v.merkleRoot).to.equal(tree.root);
      expect(v.count).to.equal(3n);
      expect(v.uri).to.equal("ipfs://v1");
      expect(v.publishedAt).to.equal(BigInt(await networkHelpers.time.latest()));
      expect(await datanets.versionExists(1, 1)).to.equal(true);
      expect(await datanets.versionExists(1, 0)).to.equal(false);
      expect(await datanets.versionExists(1, 2)).to.equal(false);
      await expect(datanets.connect(owner).publishVersion(1, keccakId("r2"), 2, "v2"))
        .to.emit(datanets, "VersionPublished")
        .withArgs(1, 2, keccakId("r2"), 2, "v2", owner.address);
      expect((await datanets.datanetCounts(1)).versions).to.equal(2n);
      expect((await datanets.datanetCounts(1)).versions).to.equal(2n);
      expect((await datanets.version(1, 3)).merkleRoot).to.equal(ZeroHash);
    });

    it("proves membership with the TypeScript tree (same leaf encoding on both sides)", async function () {
      const { datanets, curator, tree } = await networkHelpers.loadFixture(acceptedFixture);
      await datanets.connect(curator).publishVersion(1, tree.root, 3, "ipfs://v1");
      for (const [index, [contributionId, hash]] of tree.entries()) {
        const proof = tree.getProof(index);
        expect(await datanets.isInVersion(1, 1, contributionId, hash, proof)).to.equal(true);
        expect(await datanets.isInVersion(1, 2, contributionId, hash, proof)).to.equal(false);
      }
      // the rejected contribution 3 is not in it
      expect(await datanets.isInVersion(1, 1, cid(1, 3), contentHash(3), tree.getProof(0))).to.equal(false);
    });

    it("reverts for a non-curator, an unknown Datanet, a zero root and a bad count", async function () {
      const { datanets, curator, alice, tree } = await networkHelpers.loadFixture(acceptedFixture);
      await expect(datanets.connect(alice).publishVersion(1, tree.root, 1, ""))
        .to.be.revertedWithCustomError(datanets, "DatanetNotCurator")
        .withArgs(1, alice.address);
      await expect(datanets.connect(curator).publishVersion(8, tree.root, 1, ""))
        .to.be.revertedWithCustomError(datanets, "DatanetUnknown")
        .withArgs(8);
      await expect(datanets.connect(curator).publishVersion(1, ZeroHash, 1, "")).to.be.revertedWithCustomError(
        datanets,
        "DatanetZeroHash",
      );
      await expect(datanets.connect(curator).publishVersion(1, tree.root, 0, ""))
        .to.be.revertedWithCustomError(datanets, "DatanetInvalidVersionCount")
        .withArgs(1, 0, 3);
      await expect(datanets.connect(curator).publishVersion(1, tree.root, 4, ""))
        .to.be.revertedWithCustomError(datanets, "DatanetInvalidVersionCount")
        .withArgs(1, 4, 3);
    });

    it("costs a measured amount of gas", async function () {
      if (!gasIsMeasurable()) this.skip();
      const { datanets, curator, tree } = await networkHelpers.loadFixture(acceptedFixture);
      const gas = await gasUsed(
        `${GAS_FILE_NAME}.publishVersion`,
        datanets
          .connect(curator)
          .publishVersion(1, tree.root, 3, "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"),
      );
      expect(gas).to.be.lessThan(200_000n);
    });
  });

  describe("setTreasury", function () {
    it("is admin-only, refuses zero and emits TreasurySet", async function () {
      const { datanets, admin, alice } = await networkHelpers.loadFixture(fixture);
      await expect(datanets.connect(alice).setTreasury(alice.address))
        .to.be.revertedWithCustomError(datanets, "AccessControlUnauthorizedAccount")
        .withArgs(alice.address, ZeroHash);
      await expect(datanets.connect(admin).setTreasury(ZeroAddress)).to.be.revertedWithCustomError(
        datanets,
        "ProtocolZeroAddress",
      );
      await expect(datanets.connect(admin).setTreasury(alice.address))
        .to.emit(datanets, "TreasurySet")
        .withArgs(alice.address);
      expect(await datanets.treasury()).to.equal(alice.address);
    });
  });

  describe("reads", function () {
    it("isUsageAllowed follows the usage policy and per-trainer approvals", async function () {
      const { datanets, owner, alice, bob } = await networkHelpers.loadFixture(fixture);
      expect(await datanets.isUsageAllowed(1, alice.address)).to.equal(true);
      expect(await datanets.isUsageAllowed(9, alice.address)).to.equal(false);
      await datanets.connect(owner).updateDatanet(1, datanetConfig({ usagePolicy: UsagePolicy.ApprovalRequired }));
      expect(await datanets.isUsageAllowed(1, alice.address)).to.equal(false);
      await datanets.connect(owner).setTrainerApproval(1, alice.address, true);
      expect(await datanets.isUsageAllowed(1, alice.address)).to.equal(true);
      expect(await datanets.isUsageAllowed(1, bob.address)).to.equal(false);
    });

    it("reverts for unknown Datanets and contributions", async function () {
      const { datanets } = await networkHelpers.loadFixture(fixture);
      await expect(datanets.datanetConfig(9)).to.be.revertedWithCustomError(datanets, "DatanetUnknown").withArgs(9);
      await expect(datanets.datanetCounts(9)).to.be.revertedWithCustomError(datanets, "DatanetUnknown").withArgs(9);
      await expect(datanets.version(9, 1)).to.be.revertedWithCustomError(datanets, "DatanetUnknown").withArgs(9);
      await expect(datanets.contribution(cid(1, 1)))
        .to.be.revertedWithCustomError(datanets, "DatanetUnknownContribution")
        .withArgs(cid(1, 1));
      await expect(datanets.tokenURI(9)).to.be.revertedWithCustomError(datanets, "ERC721NonexistentToken").withArgs(9);
    });

    it("supports the ERC-721 and AccessControl interfaces", async function () {
      const { datanets } = await networkHelpers.loadFixture(fixture);
      expect(await datanets.supportsInterface("0x80ac58cd")).to.equal(true); // ERC-721
      expect(await datanets.supportsInterface("0x7965db0b")).to.equal(true); // IAccessControl
      expect(await datanets.supportsInterface("0xffffffff")).to.equal(false);
    });
  });
});
