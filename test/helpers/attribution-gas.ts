/**
 * The attribution gas scenarios, shared by test/gas/attribution.gas.test.ts (asserts them) and bench/gas (reports them).
 * Each deploys the production wiring (test/helpers/attribution.ts: the real InferencePayments, OpenStaking and
 * registries behind their proxies) on the chain it is given and returns whole-transaction gasUsed from receipts
 * (21,000 base and calldata included). The state each figure is measured in is stated next to it.
 */
import { AbiCoder, concat, keccak256 } from "ethers";

import { signReport, signReportBy } from "../../src/protocol/index.js";
import {
  acceptedReport,
  deployAttribution,
  E,
  makeReport,
  RULING_PERIOD,
  WINDOW,
  type AttributionFixture,
} from "./attribution.js";
import type { Chain } from "./fixtures.js";
import { gasUsed } from "./gas.js";

const coder = AbiCoder.defaultAbiCoder();

/** Proof length of a claim in a tree of 2^20 leaves. */
export const PROOF_LENGTH = 20;

async function finalizeWith(f: AttributionFixture, epoch: bigint, root: string, total: bigint) {
  await f.openReports(epoch);
  const r = makeReport(epoch, root, total);
  await f.oracle.submit(r, await signReportBy(f.oracles, f.domain, r));
  await f.networkHelpers.time.increase(WINDOW);
  await f.oracle.finalize(await acceptedReport(f.oracle, epoch));
}

/**
 * On-chain attestations, seven registered oracles, dataURI of 18 bytes, none reaching quorum:
 * - `firstOfEpoch`: the epoch's first report activity (fixes the total oracle stake; creates the report's tally);
 * - `firstEver`: a second oracle's very first attestation (its attestation-bitmap word is created);
 *   (an epoch's first attestation of a round also sets the head's attested-this-round flag, in `firstOfEpoch`)
 * - `steady`: THE FIGURE. Epoch 1, the second oracle attests a report that already has one attestation; both
 *   oracles attested epoch 0 before (bitmap word exists), as every oracle that attests each epoch.
 */
export async function measureAttestations(chain: Chain) {
  const f = await deployAttribution(chain);
  await f.openReports(0n);
  const r0 = makeReport(0n, "0x" + "44".repeat(32), 0n);
  await f.oracle.connect(f.oracles[0]).attest(r0);
  const firstEver = await gasUsed("AttributionOracle.attest.firstEver", f.oracle.connect(f.oracles[1]).attest(r0));
  for (const o of f.oracles.slice(2, 5)) await f.oracle.connect(o).attest(r0); // reaches quorum
  await f.networkHelpers.time.increase(WINDOW);
  await f.oracle.finalize(await acceptedReport(f.oracle, 0n));
  await f.openReports(1n);
  const r1 = makeReport(1n, "0x" + "45".repeat(32), 0n);
  const firstOfEpoch = await gasUsed(
    "AttributionOracle.attest.firstOfEpoch",
    f.oracle.connect(f.oracles[0]).attest(r1),
  );
  const steady = await gasUsed("AttributionOracle.attest", f.oracle.connect(f.oracles[1]).attest(r1));
  return { firstOfEpoch, firstEver, steady };
}

/**
 * `submit` with seven signatures of the seven registered oracles (one stake checkpoint each) in a fresh epoch: the
 * submission is the epoch's first report activity and reads the total oracle stake at the snapshot. Also the gas of
 * finalizing that epoch (root goes live, funds move), and of the court:
 * - `dispute`: AttributionDisputes.dispute of epoch 1's accepted report (freezes it at the oracle, pulls the bond; the
 *   epoch's first dispute: its dispute record is created);
 * - `ruleUpheld7`: the ruling upholding it, seven signers slashed inline (bond and reward credited, rest to the
 *   treasury, root banned, epoch reopened);
 * - `ruleRejected`: a ruling rejecting a dispute of epoch 1's next report (bond to the treasury, report confirmed);
 * - `expire`: a dispute of epoch 2's report that nobody ruled, expired by anyone after the ruling period;
 * - `equivocation`: reportEquivocation of an oracle that signed two reports of epoch 3 (two recoveries, weight check,
 *   slash, reward credited).
 */
export async function measureSubmission(chain: Chain) {
  const f = await deployAttribution(chain);
  await f.fund(100n * E);
  await f.openReports(0n);
  const r = makeReport(0n, "0x" + "46".repeat(32), 40n * E);
  const sigs = await signReportBy(f.oracles, f.domain, r);
  const submit7 = await gasUsed("AttributionOracle.submit7sigs", f.oracle.submit(r, sigs));
  await f.networkHelpers.time.increase(WINDOW);
  const finalize = await gasUsed("AttributionOracle.finalize", f.oracle.finalize(await acceptedReport(f.oracle, 0n)));
  await f.openReports(1n);
  const r1 = makeReport(1n, "0x" + "47".repeat(32), 50n * E);
  await f.oracle.submit(r1, await signReportBy(f.oracles, f.domain, r1));
  const disputer = f.users[8];
  await f.provision(disputer, 10_000n * E);
  const dispute = await gasUsed("AttributionDisputes.dispute", f.disputes.connect(disputer).dispute(1n));
  const signers = (await Promise.all(f.oracles.map((o) => o.getAddress()))).sort((a, b) =>
    BigInt(a) < BigInt(b) ? -1 : 1,
  );
  const ruleUpheld7 = await gasUsed("AttributionDisputes.rule.upheld7", f.disputes.rule(1n, true, signers));
  const r1b = makeReport(1n, "0x" + "48".repeat(32), 50n * E);
  await f.oracle.submit(r1b, await signReportBy(f.oracles, f.domain, r1b));
  await f.disputes.connect(disputer).dispute(1n);
  const ruleRejected = await gasUsed("AttributionDisputes.rule.rejected", f.disputes.rule(1n, false, []));
  await f.openReports(2n);
  const r2 = makeReport(2n, "0x" + "49".repeat(32), 60n * E);
  await f.oracle.submit(r2, await signReportBy(f.oracles, f.domain, r2));
  await f.disputes.connect(disputer).dispute(2n);
  await f.networkHelpers.time.increase(RULING_PERIOD);
  const expire = await gasUsed("AttributionDisputes.expire", f.disputes.expire(2n));
  if (BigInt(await f.networkHelpers.time.latest()) < f.epochEnd(3n)) {
    await f.networkHelpers.time.increaseTo(f.epochEnd(3n));
  }
  const a = makeReport(3n, "0x" + "4a".repeat(32), 60n * E);
  const b = makeReport(3n, "0x" + "4b".repeat(32), 60n * E);
  const o = f.oracles[4];
  const equivocation = await gasUsed(
    "AttributionDisputes.reportEquivocation",
    f.disputes.reportEquivocation(a, await signReport(o, f.domain, a), b, await signReport(o, f.domain, b)),
  );
  return { submit7, finalize, dispute, ruleUpheld7, ruleRejected, expire, equivocation };
}

/**
 * Claims with a 20-element proof (a leaf of a 2^20-leaf tree: 20 arbitrary siblings; the root is their fold). The
 * claimant already holds OPEN, and the distributor keeps a balance after each claim (other accounts' leaves), so no
 * storage slot is created or cleared on the token:
 * - `first`: the account's first claim (its claim slot is created);
 * - `repeat`: its second claim, against a newer root.
 */
export async function measureClaims(chain: Chain) {
  const f = await deployAttribution(chain);
  const alice = f.users[7];
  await f.fund(100n * E);
  await f.open.transfer(alice.address, E);
  const leafOf = (amount: bigint) =>
    keccak256(keccak256(coder.encode(["address", "uint256"], [alice.address, amount])));
  const siblings = Array.from({ length: PROOF_LENGTH }, (_, i) => keccak256(coder.encode(["uint256"], [i + 1])));
  const fold = (leaf: string) =>
    siblings.reduce((h, s) => keccak256(BigInt(h) < BigInt(s) ? concat([h, s]) : concat([s, h])), leaf);

  await finalizeWith(f, 0n, fold(leafOf(10n * E)), 11n * E);
  const first = await gasUsed(
    "RewardDistributor.claim.first",
    f.rd.connect(alice).claim(alice.address, 10n * E, siblings),
  );
  await finalizeWith(f, 1n, fold(leafOf(25n * E)), 27n * E);
  const repeat = await gasUsed(
    "RewardDistributor.claim.repeat",
    f.rd.connect(alice).claim(alice.address, 25n * E, siblings),
  );
  if ((await f.open.balanceOf(alice.address)) !== 26n * E) throw new Error("claims paid a wrong amount");
  return { first, repeat };
}
