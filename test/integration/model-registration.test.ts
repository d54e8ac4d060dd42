import { expect } from "chai";

import type { ModelShares } from "../../typechain-types/index.js";
import { createChain } from "../helpers/fixtures.js";
import {
  ONE,
  SHARES_SUPPLY,
  UsagePolicy,
  datanetWithVersion,
  deployRegistries,
  modelRegistration,
} from "../helpers/registries.js";

/**
 * A model builder trains on an open Datanet and on an approval-only one (after the owner approves the trainer),
 * registers a base model and a fine-tune of it (lineage), tokenizes the fine-tune, sells part of the shares, and the
 * owner revenue paid through InferencePayments (mocked) reaches the share holders pro rata across transfers.
 */
describe("Model registration", function () {
  it("trains on open and approval-only Datanets, records lineage, tokenizes and pays share holders", async function () {
    const chain = await createChain();
    const { ethers } = chain;
    const r = await deployRegistries(chain);
    const { datanets, models, payments, open } = r;
    const [dataOwner, contributor, builder, operator, buyer, payer] = r.users;

    const openDatanet = await datanetWithVersion(r, dataOwner, contributor);
    const gatedDatanet = await datanetWithVersion(r, dataOwner, contributor, {
      usagePolicy: UsagePolicy.ApprovalRequired,
    });
    const both = [
      { datanetId: openDatanet, version: 1 },
      { datanetId: gatedDatanet, version: 1 },
    ];

    // The approval-only Datanet refuses the builder until its owner approves the builder's address.
    await expect(models.connect(builder).registerModel(modelRegistration(operator.address, { trainedOn: both })))
      .to.be.revertedWithCustomError(models, "ModelDatanetUsageNotAllowed")
      .withArgs(gatedDatanet, builder.address);
    await datanets.connect(dataOwner).setTrainerApproval(gatedDatanet, builder.address, true);

    // Base model on the open Datanet, fine-tune on both, derived from the base.
    await models.connect(builder).registerModel(modelRegistration(operator.address));
    await models
      .connect(builder)
      .registerModel(
        modelRegistration(operator.address, { trainedOn: both, baseModelId: 1, contributorShareBps: 3000 }),
      );
    expect(await models.baseModel(2)).to.equal(1n);
    expect((await models.trainedOn(2)).map((v) => v.datanetId)).to.deep.equal([openDatanet, gatedDatanet]);
    // Revoking the approval later does not touch the registered model.
    await datanets.connect(dataOwner).setTrainerApproval(gatedDatanet, builder.address, false);
    expect((await models.paymentTerms(2)).contributorShareBps).to.equal(3000n);

    // Before tokenizing, revenue goes to the model's ERC-721 owner.
    await open.connect(payer).approve(await payments.getAddress(), 1000n * ONE);
    await payments.connect(payer).accrue(2, 10n * ONE);
    await expect(payments.collectModelRevenue(2)).to.changeTokenBalance(ethers, open, builder, 10n * ONE);

    // Tokenize and sell 40% of the shares.
    await models.connect(builder).tokenize(2, "Fine-tune Shares", "FTS");
    const shares = (await ethers.getContractAt(
      "ModelShares",
      await models.revenueRecipient(2),
    )) as unknown as ModelShares;
    await shares.connect(builder).transfer(buyer.address, (SHARES_SUPPLY * 4n) / 10n);

    // 100 OPEN of owner revenue: 60 / 40.
    await payments.connect(payer).accrue(2, 100n * ONE);
    await shares.sync();
    expect(await shares.claimable(builder.address)).to.equal(60n * ONE);
    expect(await shares.claimable(buyer.address)).to.equal(40n * ONE);

    // The buyer sells half of its shares back; the next 50 OPEN split 80 / 20. Earlier revenue stays put.
    await shares.connect(buyer).transfer(builder.address, (SHARES_SUPPLY * 2n) / 10n);
    await payments.connect(payer).accrue(2, 50n * ONE);
    await shares.sync();
    expect(await shares.claimable(builder.address)).to.equal(100n * ONE);
    expect(await shares.claimable(buyer.address)).to.equal(50n * ONE);

    await expect(shares.connect(buyer).claim()).to.changeTokenBalance(ethers, open, buyer, 50n * ONE);
    await expect(shares.connect(builder).claim()).to.changeTokenBalance(ethers, open, builder, 100n * ONE);
    expect(await open.balanceOf(await shares.getAddress())).to.equal(0n);
  });
});
