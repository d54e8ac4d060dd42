import { expect } from "chai";

import { buildVersionTree } from "../../src/protocol/index.js";
import { loadProtocolFixture } from "../helpers/protocol-fixture.js";
import {
  ContributionPolicy,
  ContributionStatus,
  ONE,
  RejectedBondPolicy,
  cid,
  contentHash,
  datanetConfig,
} from "../helpers/registries.js";

const load = await loadProtocolFixture({ accounts: ["owner", "curator", "alice", "bob", "outsider"] });

/**
 * One Datanet from creation to its first published version: the owner configures an allow-listed, bonded Datanet and
 * appoints a curator; contributors submit (a duplicate is refused); the curator reviews everything in one batch with
 * some rejections; accepted bonds go back to contributors and rejected ones to the owner, all withdrawn; the curator
 * publishes version 1 over the accepted set and a client proves a contribution's membership. On the deployed protocol
 * (test/helpers/protocol-fixture.ts): bonds are in WOPEN, which every account holds and has approved.
 */
describe("Datanet lifecycle", function () {
  it("create, curate, contribute with bond, batch review, withdraw bonds, publish a version", async function () {
    const { ethers, p, accounts } = await load();
    const { datanetRegistry: datanets, wopen: open } = p;
    const { owner, curator, alice, bob, outsider } = accounts;
    const bond = 2n * ONE;
    const registry = await datanets.getAddress();

    // 1. Create: allow-listed, 2 OPEN bond, rejected bonds to the Datanet owner.
    await datanets.connect(owner).createDatanet(
      datanetConfig({
        metadataURI: "ipfs://medical-notes",
        contributionPolicy: ContributionPolicy.AllowListed,
        rejectedBondPolicy: RejectedBondPolicy.ToDatanetOwner,
        contributionBond: bond,
      }),
    );
    const datanetId = 1n;
    await datanets.connect(owner).setCurator(datanetId, curator.address, true);
    for (const c of [alice, bob]) await datanets.connect(owner).setContributorAllowed(datanetId, c.address, true);
    await expect(datanets.connect(outsider).contribute(datanetId, contentHash("x"), "u"))
      .to.be.revertedWithCustomError(datanets, "DatanetContributorNotAllowed")
      .withArgs(datanetId, outsider.address);

    // 2. Contribute: alice 4 items, bob 3; bob's copy of alice's first item is refused.
    const hashes: string[] = [];
    for (let i = 0; i < 7; i++) {
      const hash = contentHash(`record-${i}`);
      hashes.push(hash);
      await datanets.connect(i < 4 ? alice : bob).contribute(datanetId, hash, `ipfs://record-${i}`);
    }
    await expect(datanets.connect(bob).contribute(datanetId, hashes[0], "ipfs://copy"))
      .to.be.revertedWithCustomError(datanets, "DatanetDuplicateContribution")
      .withArgs(datanetId, hashes[0], cid(datanetId, 1));
    expect(await open.balanceOf(registry)).to.equal(7n * bond);

    // 3. Batch review: reject alice's #2 and bob's #6.
    const ids = hashes.map((_, i) => cid(datanetId, i + 1));
    const accepts = [true, false, true, true, true, false, true];
    await datanets.connect(curator).reviewBatch(ids, accepts);
    const counts = await datanets.datanetCounts(datanetId);
    expect([counts.contributions, counts.pending, counts.accepted]).to.deep.equal([7n, 0n, 5n]);
    expect((await datanets.contribution(ids[1])).status).to.equal(ContributionStatus.Rejected);

    // 4. Bonds: alice 3 refunded, bob 2 refunded, owner gets the 2 rejected bonds; everyone withdraws.
    expect(await datanets.withdrawableBonds(alice.address)).to.equal(3n * bond);
    expect(await datanets.withdrawableBonds(bob.address)).to.equal(2n * bond);
    expect(await datanets.withdrawableBonds(owner.address)).to.equal(2n * bond);
    await expect(datanets.connect(alice).withdrawBonds()).to.changeTokenBalance(ethers, open, alice, 3n * bond);
    await expect(datanets.connect(bob).withdrawBonds()).to.changeTokenBalance(ethers, open, bob, 2n * bond);
    await expect(datanets.connect(outsider).withdrawBondsFor(owner.address)).to.changeTokenBalance(
      ethers,
      open,
      owner,
      2n * bond,
    );
    expect(await open.balanceOf(registry)).to.equal(0n);

    // 5. Publish version 1 over the 5 accepted contributions and prove one of them.
    const accepted = ids.map((id, i) => ({ contributionId: id, contentHash: hashes[i] })).filter((_, i) => accepts[i]);
    const tree = buildVersionTree(accepted);
    await expect(datanets.connect(curator).publishVersion(datanetId, tree.root, accepted.length, "ipfs://v1"))
      .to.emit(datanets, "VersionPublished")
      .withArgs(datanetId, 1, tree.root, 5, "ipfs://v1", curator.address);
    expect(await datanets.versionExists(datanetId, 1)).to.equal(true);
    const [index, leaf] = [...tree.entries()].find(([, v]) => v[0] === ids[3])!;
    expect(await datanets.isInVersion(datanetId, 1, leaf[0], leaf[1], tree.getProof(index))).to.equal(true);
    expect(await datanets.isInVersion(datanetId, 1, ids[1], hashes[1], tree.getProof(index))).to.equal(false);
  });
});
