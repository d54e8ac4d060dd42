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
/**
 * Guards of the court's figures: measured + ~3% (first measurement of the split contracts, docs/decisions/0247).
 * dispute 183,470 (its dispute record, signer digest and bond total are created); rule upheld with 7 signers slashed
 * inline 739,589 (7 x two OpenStaking calls, the ban of later reports reads the 31 other ring records); rule rejected
 * 85,157; expire 120,483; equivocation 284,614 (two recoveries, two standing checks, a past-stake lookup, a slash).
 */
const DISPUTE = 189_000n;
const RULE_UPHELD_7 = 762_000n;
const RULE_REJECTED = 87_800n;
const EXPIRE = 124_100n;
const EQUIVOCATION = 292_800n;

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

  it("report submission with 7 signatures <= 150,000 (a fresh epoch: the total stake is read too); the court", async function () {
    const g = await measureSubmission(await createChain());
    console.log(
      `      submit 7 signatures ${g.submit7}, finalize ${g.finalize}, dispute ${g.dispute}, ` +
        `rule upheld (7 slashed) ${g.ruleUpheld7}, rule rejected ${g.ruleRejected}, expire ${g.expire}, ` +
        `equivocation ${g.equivocation}`,
    );
    expect(g.submit7).to.be.lte(150_000n);
    // First root: the distributor's and the release counters' slots are created, and the finalized report (root, total,
    // 18-byte data URI: three new slots) is kept for `finalizedReport` (docs/decisions/0282): 248,812 measured + ~3%.
    expect(g.finalize).to.be.lte(256_000n);
    // The court, guarded at measured + ~3% (snapshots/attribution-gas.json; docs/decisions/0247).
    expect(g.dispute).to.be.lte(DISPUTE);
    expect(g.ruleUpheld7).to.be.lte(RULE_UPHELD_7);
    expect(g.ruleRejected).to.be.lte(RULE_REJECTED);
    expect(g.expire).to.be.lte(EXPIRE);
    expect(g.equivocation).to.be.lte(EQUIVOCATION);
  });

  it("claims with a 20-element proof: first <= 90,000; repeat (target 60,000; floor ~72k)", async function () {
    const { first, repeat } = await measureClaims(await createChain());
    console.log(`      claim: first ${first}, repeat ${repeat}`);
    expect(first).to.be.lte(90_000n);
    expect(repeat).to.be.lte(73_000n);
  });
});
