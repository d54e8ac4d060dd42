import { expect } from "chai";

import { createChain } from "../helpers/fixtures.js";
import { gasIsMeasurable } from "../helpers/gas.js";
import { measureAttestations, measureClaims, measureSubmission } from "../helpers/attribution-gas.js";

/**
 * Whole-transaction gas (receipt gasUsed, 21,000 base and calldata included) of Proof of Attribution on the real
 * contracts (InferencePayments, OpenStaking, registries, each behind its proxy). States: test/helpers/attribution-gas.ts.
 * Issue targets: attestation <= 60,000, 7-signature submission <= 150,000 and first claim <= 90,000 (met); repeat
 * claim <= 60,000 with a 20-element proof (NOT met: its floor is broken down in docs/decisions/0233; it is asserted
 * against its measured value + ~1% so that growth fails). The other figures are guarded at measured + ~3%.
 * `GAS_SNAPSHOT=snapshots/attribution-gas.json` refreshes the committed snapshot.
 */
describe("Gas: Proof of Attribution (whole transaction)", function () {
  beforeEach(function () {
    if (!gasIsMeasurable()) this.skip();
  });

  it("on-chain attestation <= 60,000 (steady state: the oracle attested before)", async function () {
    const { steady, firstEver, firstOfEpoch } = await measureAttestations(await createChain());
    console.log(`      attest: steady ${steady}, oracle's first ever ${firstEver}, epoch's first ${firstOfEpoch}`);
    expect(steady).to.be.lte(60_000n);
    expect(firstEver).to.be.lte(77_000n);
    expect(firstOfEpoch).to.be.lte(89_000n);
  });

  it("report submission with 7 signatures <= 150,000 (a fresh epoch: the total stake is read too)", async function () {
    const { submit7, finalize, dispute } = await measureSubmission(await createChain());
    console.log(`      submit 7 signatures ${submit7}, finalize ${finalize}, dispute ${dispute}`);
    expect(submit7).to.be.lte(150_000n);
    expect(finalize).to.be.lte(181_000n); // first root: the distributor's and the release counters' slots are created
    expect(dispute).to.be.lte(95_000n); // first dispute of this ring record: its disputer slot is created
  });

  it("claims with a 20-element proof: first <= 90,000; repeat (target 60,000; floor ~72k)", async function () {
    const { first, repeat } = await measureClaims(await createChain());
    console.log(`      claim: first ${first}, repeat ${repeat}`);
    expect(first).to.be.lte(90_000n);
    expect(repeat).to.be.lte(73_000n);
  });
});
