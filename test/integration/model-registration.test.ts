import { expect } from "chai";
import { id as keccakId } from "ethers";

import type { ModelShares } from "../../typechain-types/index.js";
import { datanetWithVersion, loadProtocolFixture, stakeAsOperator } from "../helpers/protocol-fixture.js";
import { ONE, OperatorRole, SHARES_SUPPLY, UsagePolicy, modelRegistration } from "../helpers/registries.js";

const load = await loadProtocolFixture(
  { accounts: ["dataOwner", "contributor", "builder", "operator", "buyer", "payer"] },
  async (f) => {
    // The deployed ModelRegistry accepts only a registered compute provider as a model's operator.
    await stakeAsOperator(f, f.accounts.operator, 1_000n * ONE, OperatorRole.ComputeProvider);
    return {};
  },
);

/**
 * A model builder trains on an open Datanet and on an approval-only one (after the owner approves the trainer),
 * registers a base model and a fine-tune of it (lineage), tokenizes the fine-tune, sells part of the shares, and the
 * owner revenue of inferences paid through the deployed InferencePayments reaches the share holders pro rata across
 * transfers.
 *
 * Owner revenue is what InferencePayments leaves the owner of a payment: 5% protocol fee and 5% staker fee off the top,
 * then the model's 30% contributor share, so 63% of what is paid. The payments below (100, 1,000 and 500 OPEN) give
 * 63, 630 and 315 OPEN of owner revenue: 6.3 times the 10, 100 and 50 OPEN that the stand-in accrued directly before
 * this flow ran on the deployed protocol, with the same proportions between holders.
 */
describe("Model registration", function () {
  it("trains on open and approval-only Datanets, records lineage, tokenizes and pays share holders", async function () {
    const f = await load();
    const { ethers, p, accounts } = f;
    const { datanetRegistry: datanets, modelRegistry: models, inferencePayments: payments, wopen: open } = p;
    const { dataOwner, contributor, builder, operator, buyer, payer } = accounts;

    const openDatanet = await datanetWithVersion(f, dataOwner, contributor);
    const gatedDatanet = await datanetWithVersion(f, dataOwner, contributor, {
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

    /** `payer` pays `amount` for inferences of the fine-tune (price 0.001 OPEN per unit). */
    let requests = 0;
    async function payInferences(amount: bigint) {
      const { pricePerUnit } = await models.paymentTerms(2);
      await payments.connect(payer).pay(2, amount / pricePerUnit, amount, keccakId(`request-${requests++}`));
    }

    // Before tokenizing, revenue goes to the model's ERC-721 owner: 100 OPEN paid, 63 OPEN owner revenue.
    await payInferences(100n * ONE);
    expect(await payments.modelRevenueAccrued(2)).to.equal(63n * ONE);
    await expect(payments.collectModelRevenue(2)).to.changeTokenBalance(ethers, open, builder, 63n * ONE);

    // Tokenize and sell 40% of the shares.
    await models.connect(builder).tokenize(2, "Fine-tune Shares", "FTS");
    const shares = (await ethers.getContractAt(
      "ModelShares",
      await models.revenueRecipient(2),
    )) as unknown as ModelShares;
    await shares.connect(builder).transfer(buyer.address, (SHARES_SUPPLY * 4n) / 10n);

    // 630 OPEN of owner revenue (1,000 paid): 60 / 40.
    await payInferences(1_000n * ONE);
    await shares.sync();
    expect(await shares.claimable(builder.address)).to.equal(378n * ONE);
    expect(await shares.claimable(buyer.address)).to.equal(252n * ONE);

    // The buyer sells half of its shares back; the next 315 OPEN (500 paid) split 80 / 20. Earlier revenue stays put.
    await shares.connect(buyer).transfer(builder.address, (SHARES_SUPPLY * 2n) / 10n);
    await payInferences(500n * ONE);
    await shares.sync();
    expect(await shares.claimable(builder.address)).to.equal(630n * ONE);
    expect(await shares.claimable(buyer.address)).to.equal(315n * ONE);

    await expect(shares.connect(buyer).claim()).to.changeTokenBalance(ethers, open, buyer, 315n * ONE);
    await expect(shares.connect(builder).claim()).to.changeTokenBalance(ethers, open, builder, 630n * ONE);
    expect(await open.balanceOf(await shares.getAddress())).to.equal(0n);
  });
});
