import { expect } from "chai";
import { AbiCoder, ZeroAddress, ZeroHash, id as keccakId, keccak256, toBeHex } from "ethers";

import type {
  MockOpenStaking,
  ModelRegistry,
  ModelShares,
  ReentrantERC721Receiver,
} from "../../typechain-types/index.js";
import { createChain } from "../helpers/fixtures.js";
import { gasIsMeasurable, gasUsed } from "../helpers/gas.js";
import { deployUupsProxy } from "../helpers/proxy.js";
import {
  ModelStatus,
  OperatorRole,
  SHARES_SUPPLY,
  UsagePolicy,
  datanetWithVersion,
  deployRegistries,
  modelRegistration,
  asObject,
} from "../helpers/registries.js";

const chain = await createChain();
const { ethers, networkHelpers } = chain;
const MIN_SHARE = ethers.encodeBytes32String("minContributorShareBps");

function erc7201(namespace: string): string {
  const inner = BigInt(keccakId(namespace)) - 1n;
  return toBeHex(BigInt(keccak256(AbiCoder.defaultAbiCoder().encode(["uint256"], [inner]))) & ~0xffn, 32);
}

async function fixture() {
  const r = await deployRegistries(chain);
  const [dataOwner, contributor, trainer, operator, other] = r.users;
  const openDatanet = await datanetWithVersion(r, dataOwner, contributor); // 1
  const gatedDatanet = await datanetWithVersion(r, dataOwner, contributor, {
    usagePolicy: UsagePolicy.ApprovalRequired,
  }); // 2
  await r.models.connect(trainer).registerModel(modelRegistration(operator.address)); // model 1
  return { ...r, dataOwner, contributor, trainer, operator, other, openDatanet, gatedDatanet };
}

describe("ModelRegistry", function () {
  describe("initialize", function () {
    it("sets the wiring and the default minimum contributor share", async function () {
      const { models, admin, datanets, sharesImplementation, open, payments } =
        await networkHelpers.loadFixture(fixture);
      expect(await models.hasRole(ZeroHash, admin.address)).to.equal(true);
      expect(await models.datanetRegistry()).to.equal(await datanets.getAddress());
      expect(await models.sharesImplementation()).to.equal(await sharesImplementation.getAddress());
      expect(await models.asset()).to.equal(await open.getAddress());
      expect(await models.inferencePayments()).to.equal(await payments.getAddress());
      expect(await models.staking()).to.equal(ZeroAddress);
      expect(await models.minContributorShareBps()).to.equal(1000n);
      expect(await models.name()).to.equal("OpenLedger Model");
      expect(await models.symbol()).to.equal("MODEL");
    });

    it("keeps its state at the ERC-7201 slot of openledger.storage.ModelRegistry", async function () {
      const { models, datanets } = await networkHelpers.loadFixture(fixture);
      const slot = erc7201("openledger.storage.ModelRegistry");
      expect(slot).to.equal("0xcbe6ec4a17d7f9d3c5d1a39a9242e27975e309a89d123fc696d0e32b5bf57d00");
      const word = BigInt(await ethers.provider.getStorage(await models.getAddress(), slot));
      expect(word & ((1n << 160n) - 1n)).to.equal(BigInt(await datanets.getAddress()));
      expect((word >> 160n) & ((1n << 64n) - 1n)).to.equal(1n); // modelCount
      expect(word >> 224n).to.equal(1000n); // minContributorShareBps
    });

    it("refuses zero addresses and a second initialization", async function () {
      const { models, admin, datanets, sharesImplementation, open } = await networkHelpers.loadFixture(fixture);
      const args = [
        admin.address,
        await datanets.getAddress(),
        await sharesImplementation.getAddress(),
        await open.getAddress(),
      ];
      for (let i = 0; i < args.length; i++) {
        const bad = [...args];
        bad[i] = ZeroAddress;
        await expect(deployUupsProxy(chain, "ModelRegistry", bad)).to.be.revertedWithCustomError(
          models,
          "ProtocolZeroAddress",
        );
      }
      await expect(models.initialize(...(args as [string, string, string, string]))).to.be.revertedWithCustomError(
        models,
        "InvalidInitialization",
      );
    });
  });

  describe("registerModel", function () {
    it("mints to the trainer, stores everything and emits ModelRegistered", async function () {
      const { models, trainer, operator, dataOwner, datanets } = await networkHelpers.loadFixture(fixture);
      await datanets.connect(dataOwner).setTrainerApproval(2, trainer.address, true);
      const reg = modelRegistration(operator.address, {
        trainedOn: [
          { datanetId: 1, version: 1 },
          { datanetId: 2, version: 1 },
        ],
        baseModelId: 1,
        pricePerUnit: 123n,
        contributorShareBps: 5000,
        metadataURI: "ipfs://card2",
        weightsHash: keccakId("w2"),
      });
      expect(await models.connect(trainer).registerModel.staticCall(reg)).to.equal(2n);
      const tx = models.connect(trainer).registerModel(reg);
      await expect(tx)
        .to.emit(models, "ModelRegistered")
        .withArgs(
          2,
          trainer.address,
          operator.address,
          1,
          keccakId("w2"),
          "ipfs://card2",
          [
            [1, 1],
            [2, 1],
          ],
          123n,
          5000,
        );
      await expect(tx).to.emit(models, "Transfer").withArgs(ZeroAddress, trainer.address, 2);
      const info = await models.model(2);
      expect(info.owner).to.equal(trainer.address);
      expect(info.operator).to.equal(operator.address);
      expect(info.pricePerUnit).to.equal(123n);
      expect(info.contributorShareBps).to.equal(5000n);
      expect(info.status).to.equal(ModelStatus.Active);
      expect(info.shares).to.equal(ZeroAddress);
      expect(info.baseModelId).to.equal(1n);
      expect(info.weightsHash).to.equal(keccakId("w2"));
      expect(info.metadataURI).to.equal("ipfs://card2");
      expect(info.trainedOn.map((v) => [v.datanetId, v.version])).to.deep.equal([
        [1n, 1n],
        [2n, 1n],
      ]);
      expect((await models.trainedOn(2)).length).to.equal(2);
      expect(await models.baseModel(2)).to.equal(1n);
      expect(await models.modelCount()).to.equal(2n);
      expect(await models.tokenURI(2)).to.equal("ipfs://card2");
      expect(asObject(await models.paymentTerms(2))).to.deep.equal({
        operator: operator.address,
        pricePerUnit: 123n,
        contributorShareBps: 5000n,
        status: BigInt(ModelStatus.Active),
      });
      expect(await models.revenueRecipient(2)).to.equal(trainer.address);
    });

    it("reverts on empty metadata or a zero weights hash", async function () {
      const { models, trainer, operator } = await networkHelpers.loadFixture(fixture);
      for (const o of [{ metadataURI: "" }, { weightsHash: ZeroHash }]) {
        await expect(
          models.connect(trainer).registerModel(modelRegistration(operator.address, o)),
        ).to.be.revertedWithCustomError(models, "ModelInvalidMetadata");
      }
    });

    it("bounds the training set to 1..16 versions", async function () {
      const { models, trainer, operator } = await networkHelpers.loadFixture(fixture);
      await expect(models.connect(trainer).registerModel(modelRegistration(operator.address, { trainedOn: [] })))
        .to.be.revertedWithCustomError(models, "ModelInvalidTrainingSetSize")
        .withArgs(0, 16);
      const seventeen = Array.from({ length: 17 }, (_, i) => ({ datanetId: 1, version: i + 1 }));
      await expect(models.connect(trainer).registerModel(modelRegistration(operator.address, { trainedOn: seventeen })))
        .to.be.revertedWithCustomError(models, "ModelInvalidTrainingSetSize")
        .withArgs(17, 16);
    });

    it("refuses repeated, unpublished and not-allowed versions", async function () {
      const { models, trainer, operator, datanets, dataOwner } = await networkHelpers.loadFixture(fixture);
      const dup = [
        { datanetId: 1, version: 1 },
        { datanetId: 1, version: 1 },
      ];
      await expect(models.connect(trainer).registerModel(modelRegistration(operator.address, { trainedOn: dup })))
        .to.be.revertedWithCustomError(models, "ModelDuplicateTrainingVersion")
        .withArgs(1, 1);
      for (const [datanetId, version] of [
        [1, 2],
        [1, 0],
        [9, 1],
      ]) {
        await expect(
          models
            .connect(trainer)
            .registerModel(modelRegistration(operator.address, { trainedOn: [{ datanetId, version }] })),
        )
          .to.be.revertedWithCustomError(models, "ModelDatanetVersionNotFound")
          .withArgs(datanetId, version);
      }
      const gated = modelRegistration(operator.address, { trainedOn: [{ datanetId: 2, version: 1 }] });
      await expect(models.connect(trainer).registerModel(gated))
        .to.be.revertedWithCustomError(models, "ModelDatanetUsageNotAllowed")
        .withArgs(2, trainer.address);
      await datanets.connect(dataOwner).setTrainerApproval(2, trainer.address, true);
      await expect(models.connect(trainer).registerModel(gated)).to.emit(models, "ModelRegistered");
    });

    it("refuses an unknown base model", async function () {
      const { models, trainer, operator } = await networkHelpers.loadFixture(fixture);
      await expect(models.connect(trainer).registerModel(modelRegistration(operator.address, { baseModelId: 5 })))
        .to.be.revertedWithCustomError(models, "ModelUnknownBaseModel")
        .withArgs(5);
    });

    it("refuses a contributor share outside [min, 10000]", async function () {
      const { models, trainer, operator } = await networkHelpers.loadFixture(fixture);
      for (const share of [999, 10_001]) {
        await expect(
          models.connect(trainer).registerModel(modelRegistration(operator.address, { contributorShareBps: share })),
        )
          .to.be.revertedWithCustomError(models, "ModelInvalidContributorShare")
          .withArgs(share, 1000, 10_000);
      }
    });

    it("refuses a zero operator, and a non-compute-provider when staking is configured", async function () {
      const { models, trainer, operator, admin } = await networkHelpers.loadFixture(fixture);
      await expect(models.connect(trainer).registerModel(modelRegistration(ZeroAddress))).to.be.revertedWithCustomError(
        models,
        "ProtocolZeroAddress",
      );
      const staking = (await ethers.deployContract("MockOpenStaking")) as unknown as MockOpenStaking;
      await expect(models.connect(admin).setStaking(await staking.getAddress()))
        .to.emit(models, "StakingSet")
        .withArgs(await staking.getAddress());
      await staking.setOperatorRole(operator.address, OperatorRole.AttributionOracle);
      await expect(models.connect(trainer).registerModel(modelRegistration(operator.address)))
        .to.be.revertedWithCustomError(models, "ModelOperatorNotComputeProvider")
        .withArgs(operator.address);
      await staking.setOperatorRole(operator.address, OperatorRole.ComputeProvider);
      await expect(models.connect(trainer).registerModel(modelRegistration(operator.address))).to.emit(
        models,
        "ModelRegistered",
      );
      await models.connect(admin).setStaking(ZeroAddress);
      expect(await models.staking()).to.equal(ZeroAddress);
    });

    it("a receiver that re-enters registerModel from onERC721Received makes the registration revert", async function () {
      const { models, operator } = await networkHelpers.loadFixture(fixture);
      const receiver = (await ethers.deployContract("ReentrantERC721Receiver")) as unknown as ReentrantERC721Receiver;
      const data = models.interface.encodeFunctionData("registerModel", [modelRegistration(operator.address)]);
      await receiver.arm(await models.getAddress(), data);
      await expect(receiver.execute(await models.getAddress(), data)).to.be.revertedWithCustomError(
        models,
        "ReentrancyGuardReentrantCall",
      );
      // Without re-entry, a receiver that re-enters a setter finds the model fully written.
      await receiver.arm(await models.getAddress(), models.interface.encodeFunctionData("setPrice", [2, 77n]));
      await receiver.execute(await models.getAddress(), data);
      expect((await models.paymentTerms(2)).pricePerUnit).to.equal(77n);
    });

    it("costs a measured amount of gas", async function () {
      if (!gasIsMeasurable()) this.skip();
      const { models, trainer, operator } = await networkHelpers.loadFixture(fixture);
      const gas = await gasUsed(
        "ModelRegistry.registerModel",
        models.connect(trainer).registerModel(
          modelRegistration(operator.address, {
            metadataURI: "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
            baseModelId: 1,
          }),
        ),
      );
      expect(gas).to.be.lessThan(300_000n);
    });
  });

  describe("owner setters", function () {
    it("setPrice, setOperator, setMetadataURI and setContributorShare update and emit", async function () {
      const { models, trainer, other } = await networkHelpers.loadFixture(fixture);
      await expect(models.connect(trainer).setPrice(1, 5n)).to.emit(models, "ModelPriceSet").withArgs(1, 5n);
      await expect(models.connect(trainer).setOperator(1, other.address))
        .to.emit(models, "ModelOperatorSet")
        .withArgs(1, other.address);
      await expect(models.connect(trainer).setMetadataURI(1, "ipfs://new"))
        .to.emit(models, "ModelMetadataSet")
        .withArgs(1, "ipfs://new");
      await expect(models.connect(trainer).setContributorShare(1, 3000))
        .to.emit(models, "ModelContributorShareSet")
        .withArgs(1, 3000);
      const terms = await models.paymentTerms(1);
      expect([terms.operator, terms.pricePerUnit, terms.contributorShareBps]).to.deep.equal([other.address, 5n, 3000n]);
      expect(await models.tokenURI(1)).to.equal("ipfs://new");
    });

    it("validate their inputs", async function () {
      const { models, trainer } = await networkHelpers.loadFixture(fixture);
      await expect(models.connect(trainer).setOperator(1, ZeroAddress)).to.be.revertedWithCustomError(
        models,
        "ProtocolZeroAddress",
      );
      await expect(models.connect(trainer).setMetadataURI(1, "")).to.be.revertedWithCustomError(
        models,
        "ModelInvalidMetadata",
      );
      await expect(models.connect(trainer).setContributorShare(1, 999))
        .to.be.revertedWithCustomError(models, "ModelInvalidContributorShare")
        .withArgs(999, 1000, 10_000);
    });

    it("setStatus pauses, reactivates and retires for good", async function () {
      const { models, trainer } = await networkHelpers.loadFixture(fixture);
      await expect(models.connect(trainer).setStatus(1, ModelStatus.Paused))
        .to.emit(models, "ModelStatusSet")
        .withArgs(1, ModelStatus.Paused);
      expect((await models.paymentTerms(1)).status).to.equal(ModelStatus.Paused);
      await models.connect(trainer).setStatus(1, ModelStatus.Active);
      await expect(models.connect(trainer).setStatus(1, ModelStatus.None))
        .to.be.revertedWithCustomError(models, "ModelInvalidStatus")
        .withArgs(ModelStatus.None);
      await models.connect(trainer).setStatus(1, ModelStatus.Retired);
      for (const call of [
        models.connect(trainer).setStatus(1, ModelStatus.Active),
        models.connect(trainer).setPrice(1, 1n),
        models.connect(trainer).setOperator(1, trainer.address),
        models.connect(trainer).setMetadataURI(1, "x"),
        models.connect(trainer).setContributorShare(1, 2000),
      ]) {
        await expect(call).to.be.revertedWithCustomError(models, "ModelIsRetired").withArgs(1);
      }
    });

    it("are owner-only and refuse unknown models", async function () {
      const { models, other, trainer } = await networkHelpers.loadFixture(fixture);
      const calls = (id: number, who: typeof other) => [
        models.connect(who).setPrice(id, 1n),
        models.connect(who).setOperator(id, who.address),
        models.connect(who).setMetadataURI(id, "x"),
        models.connect(who).setContributorShare(id, 2000),
        models.connect(who).setStatus(id, ModelStatus.Paused),
        models.connect(who).tokenize(id, "n", "s"),
      ];
      for (const call of calls(1, other)) {
        await expect(call).to.be.revertedWithCustomError(models, "ModelNotOwner").withArgs(1, other.address);
      }
      for (const call of calls(7, trainer)) {
        await expect(call).to.be.revertedWithCustomError(models, "ModelUnknown").withArgs(7);
      }
    });

    it("follow the ERC-721 owner after a transfer", async function () {
      const { models, trainer, other } = await networkHelpers.loadFixture(fixture);
      await models.connect(trainer).transferFrom(trainer.address, other.address, 1);
      expect(await models.revenueRecipient(1)).to.equal(other.address);
      await expect(models.connect(trainer).setPrice(1, 1n)).to.be.revertedWithCustomError(models, "ModelNotOwner");
      await expect(models.connect(other).setPrice(1, 1n)).to.emit(models, "ModelPriceSet");
    });
  });

  describe("tokenize", function () {
    it("clones ModelShares, mints the fixed supply to the owner and reroutes revenue", async function () {
      const { models, trainer, open, payments } = await networkHelpers.loadFixture(fixture);
      const sharesAddress = await models.connect(trainer).tokenize.staticCall(1, "Model One Shares", "M1S");
      await expect(models.connect(trainer).tokenize(1, "Model One Shares", "M1S"))
        .to.emit(models, "ModelTokenized")
        .withArgs(1, sharesAddress, trainer.address, SHARES_SUPPLY);
      const shares = (await ethers.getContractAt("ModelShares", sharesAddress)) as unknown as ModelShares;
      expect(await shares.name()).to.equal("Model One Shares");
      expect(await shares.symbol()).to.equal("M1S");
      expect(await shares.totalSupply()).to.equal(SHARES_SUPPLY);
      expect(await shares.balanceOf(trainer.address)).to.equal(SHARES_SUPPLY);
      expect(await shares.modelId()).to.equal(1n);
      expect(await shares.asset()).to.equal(await open.getAddress());
      expect(await shares.inferencePayments()).to.equal(await payments.getAddress());
      expect(await models.sharesOf(1)).to.equal(sharesAddress);
      expect((await models.model(1)).shares).to.equal(sharesAddress);
      expect(await models.revenueRecipient(1)).to.equal(sharesAddress);
      // an EIP-1167 clone: 45 bytes of runtime code
      expect((await ethers.provider.getCode(sharesAddress)).length).to.equal(2 + 45 * 2);
    });

    it("works once only", async function () {
      const { models, trainer } = await networkHelpers.loadFixture(fixture);
      await models.connect(trainer).tokenize(1, "n", "s");
      const shares = await models.sharesOf(1);
      await expect(models.connect(trainer).tokenize(1, "n", "s"))
        .to.be.revertedWithCustomError(models, "ModelAlreadyTokenized")
        .withArgs(1, shares);
    });

    it("needs the InferencePayments address", async function () {
      const { models, admin, datanets, sharesImplementation, open, trainer, operator } =
        await networkHelpers.loadFixture(fixture);
      const fresh = await deployUupsProxy<ModelRegistry>(chain, "ModelRegistry", [
        admin.address,
        await datanets.getAddress(),
        await sharesImplementation.getAddress(),
        await open.getAddress(),
      ]);
      await fresh.connect(trainer).registerModel(modelRegistration(operator.address));
      await expect(fresh.connect(trainer).tokenize(1, "n", "s")).to.be.revertedWithCustomError(
        models,
        "ModelInferencePaymentsNotSet",
      );
    });

    it("costs a measured amount of gas", async function () {
      if (!gasIsMeasurable()) this.skip();
      const { models, trainer } = await networkHelpers.loadFixture(fixture);
      const gas = await gasUsed(
        "ModelRegistry.tokenize",
        models.connect(trainer).tokenize(1, "Model One Shares", "M1S"),
      );
      expect(gas).to.be.lessThan(350_000n);
    });
  });

  describe("contributor share changes (issue 14, hole 2)", function () {
    const NOTICE = 3n * 86_400n; // the payments stand-in's escrow notice (2 days) plus one epoch (1 day)

    it("a decrease is scheduled for the escrow notice plus one epoch; payments see the old share until then", async function () {
      // Before: the decrease applied at once, so the owner could lower the share just for a redemption.
      const { models, trainer } = await networkHelpers.loadFixture(fixture);
      expect(await models.contributorShareNotice()).to.equal(NOTICE);
      const tx = models.connect(trainer).setContributorShare(1, 1000);
      const at = BigInt(await networkHelpers.time.latest()) + 1n + NOTICE;
      await expect(tx).to.emit(models, "ModelContributorShareScheduled").withArgs(1, 1000, at);
      await expect(tx).not.to.emit(models, "ModelContributorShareSet");
      expect((await models.paymentTerms(1)).contributorShareBps).to.equal(2000n);
      expect((await models.model(1)).contributorShareBps).to.equal(2000n);
      expect(await models.pendingContributorShare(1)).to.deep.equal([1000n, at]);
      await networkHelpers.time.increaseTo(at - 1n);
      expect((await models.paymentTerms(1)).contributorShareBps).to.equal(2000n);
      await networkHelpers.time.increaseTo(at);
      expect((await models.paymentTerms(1)).contributorShareBps).to.equal(1000n);
      expect((await models.model(1)).contributorShareBps).to.equal(1000n);
      expect(await models.pendingContributorShare(1)).to.deep.equal([0n, 0n]);
    });

    it("an increase of an untokenized model is immediate and cancels a scheduled decrease", async function () {
      const { models, trainer } = await networkHelpers.loadFixture(fixture);
      await models.connect(trainer).setContributorShare(1, 1000);
      await expect(models.connect(trainer).setContributorShare(1, 2500))
        .to.emit(models, "ModelContributorShareSet")
        .withArgs(1, 2500);
      expect((await models.paymentTerms(1)).contributorShareBps).to.equal(2500n);
      expect(await models.pendingContributorShare(1)).to.deep.equal([0n, 0n]);
      await networkHelpers.time.increase(NOTICE + 1n);
      expect((await models.paymentTerms(1)).contributorShareBps).to.equal(2500n);
    });

    it("lower-then-restore cannot bracket a redemption: the restore is immediate, the cut waits", async function () {
      const { models, trainer } = await networkHelpers.loadFixture(fixture);
      await models.connect(trainer).setContributorShare(1, 5000);
      await models.connect(trainer).setContributorShare(1, 1000);
      expect((await models.paymentTerms(1)).contributorShareBps).to.equal(5000n);
      await models.connect(trainer).setContributorShare(1, 5000);
      await networkHelpers.time.increase(NOTICE + 1n);
      expect((await models.paymentTerms(1)).contributorShareBps).to.equal(5000n);
    });

    it("once tokenized, an increase lowers the holders' part and is scheduled too", async function () {
      const { models, trainer } = await networkHelpers.loadFixture(fixture);
      await models.connect(trainer).setContributorShare(1, 1000);
      await networkHelpers.time.increase(NOTICE);
      await models.connect(trainer).tokenize(1, "Model One Shares", "M1S");
      expect((await models.paymentTerms(1)).contributorShareBps).to.equal(1000n);
      await expect(models.connect(trainer).setContributorShare(1, 9000)).to.emit(
        models,
        "ModelContributorShareScheduled",
      );
      expect((await models.paymentTerms(1)).contributorShareBps).to.equal(1000n);
      await networkHelpers.time.increase(NOTICE);
      expect((await models.paymentTerms(1)).contributorShareBps).to.equal(9000n);
      // Setting the share in force cancels nothing that is pending and changes nothing.
      await expect(models.connect(trainer).setContributorShare(1, 9000)).to.emit(models, "ModelContributorShareSet");
    });

    it("without an InferencePayments contract the notice is the longest any could need (60 days)", async function () {
      const { models, admin, datanets, sharesImplementation, open } = await networkHelpers.loadFixture(fixture);
      const unwired = await deployUupsProxy<ModelRegistry>(chain, "ModelRegistry", [
        admin.address,
        await datanets.getAddress(),
        await sharesImplementation.getAddress(),
        await open.getAddress(),
      ]);
      expect(await unwired.contributorShareNotice()).to.equal(60n * 86_400n);
      expect(await models.FALLBACK_CONTRIBUTOR_SHARE_NOTICE()).to.equal(60n * 86_400n);
    });
  });

  describe("admin", function () {
    it("setMinContributorShareBps is bounded to [0, 5000] and emits MinContributorShareBpsSet", async function () {
      const { models, admin, trainer } = await networkHelpers.loadFixture(fixture);
      await expect(models.connect(admin).setMinContributorShareBps(5001))
        .to.be.revertedWithCustomError(models, "ProtocolParameterOutOfBounds")
        .withArgs(MIN_SHARE, 5001, 0, 5000);
      await expect(models.connect(admin).setMinContributorShareBps(5000))
        .to.emit(models, "MinContributorShareBpsSet")
        .withArgs(5000);
      expect(await models.minContributorShareBps()).to.equal(5000n);
      // existing models keep their share; new shares must meet the new minimum
      expect((await models.paymentTerms(1)).contributorShareBps).to.equal(2000n);
      await expect(models.connect(trainer).setContributorShare(1, 4999))
        .to.be.revertedWithCustomError(models, "ModelInvalidContributorShare")
        .withArgs(4999, 5000, 10_000);
      await models.connect(admin).setMinContributorShareBps(0);
      await expect(models.connect(trainer).setContributorShare(1, 0)).to.emit(models, "ModelContributorShareScheduled");
    });

    it("setInferencePayments refuses zero and emits", async function () {
      const { models, admin, other } = await networkHelpers.loadFixture(fixture);
      await expect(models.connect(admin).setInferencePayments(ZeroAddress)).to.be.revertedWithCustomError(
        models,
        "ProtocolZeroAddress",
      );
      await expect(models.connect(admin).setInferencePayments(other.address))
        .to.emit(models, "InferencePaymentsSet")
        .withArgs(other.address);
      expect(await models.inferencePayments()).to.equal(other.address);
    });

    it("admin setters are admin-only", async function () {
      const { models, other } = await networkHelpers.loadFixture(fixture);
      for (const call of [
        models.connect(other).setMinContributorShareBps(100),
        models.connect(other).setInferencePayments(other.address),
        models.connect(other).setStaking(other.address),
      ]) {
        await expect(call)
          .to.be.revertedWithCustomError(models, "AccessControlUnauthorizedAccount")
          .withArgs(other.address, ZeroHash);
      }
    });
  });

  describe("reads", function () {
    it("answer zeros for unknown ids and revert where documented", async function () {
      const { models } = await networkHelpers.loadFixture(fixture);
      expect(asObject(await models.paymentTerms(9))).to.deep.equal({
        operator: ZeroAddress,
        pricePerUnit: 0n,
        contributorShareBps: 0n,
        status: 0n,
      });
      expect(await models.revenueRecipient(9)).to.equal(ZeroAddress);
      expect(await models.sharesOf(9)).to.equal(ZeroAddress);
      await expect(models.model(9)).to.be.revertedWithCustomError(models, "ModelUnknown").withArgs(9);
      await expect(models.tokenURI(9)).to.be.revertedWithCustomError(models, "ERC721NonexistentToken").withArgs(9);
    });

    it("paymentTerms costs two cold storage reads", async function () {
      if (!gasIsMeasurable()) this.skip();
      const { models } = await networkHelpers.loadFixture(fixture);
      // Whole call from an EOA: 21,000 + calldata + two cold SLOADs (2 x 2,100) + the proxy's delegatecall.
      const gas = await models.paymentTerms.estimateGas(1);
      expect(gas).to.be.lessThan(32_000n);
    });

    it("supports the ERC-721 and AccessControl interfaces", async function () {
      const { models } = await networkHelpers.loadFixture(fixture);
      expect(await models.supportsInterface("0x80ac58cd")).to.equal(true);
      expect(await models.supportsInterface("0x7965db0b")).to.equal(true);
      expect(await models.supportsInterface("0xffffffff")).to.equal(false);
    });
  });
});
