/**
 * The demo (`npm run demo`, scripts/demo/) run in-process on a fresh chain, with the configuration `npm run demo`
 * uses (it takes well under a minute): its conservation check must hold, and its key facts must be true on chain.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { runDemo, type DemoResult } from "../../scripts/demo/index.js";
import { allocatePool } from "../../src/attribution/index.js";
import type {
  AttributionDisputes,
  AttributionOracle,
  DatanetRegistry,
  InferencePayments,
  OpenStaking,
  RewardDistributor,
  WOPEN,
} from "../../typechain-types/index.js";
import { createChain, type Chain } from "../helpers/fixtures.js";

const OPEN = 10n ** 18n;

describe("The demo: the whole life cycle on one chain", function () {
  let dir: string;
  let chain: Chain;
  let result: DemoResult;
  let report: {
    contracts: Record<string, string>;
    conservation: { paidIn: string; heldByContracts: string; withdrawn: string; holds: boolean };
    flows: { kind: string; amount: string }[];
    attribution: { epoch: string; cumulativeTotal: string; oracleReportHashes: Record<string, string> }[];
  };

  before(async function () {
    this.timeout(300_000);
    dir = await mkdtemp(path.join(tmpdir(), "openledger-demo-test-"));
    chain = await createChain();
    result = await runDemo({
      quiet: true,
      chain,
      reportFile: path.join(dir, "demo.json"),
      contentDir: path.join(dir, "content"),
    });
    report = JSON.parse(await readFile(path.join(dir, "demo.json"), "utf8"));
  });

  after(async function () {
    await rm(dir, { recursive: true, force: true });
  });

  const at = async <T>(name: string) =>
    (await chain.ethers.getContractAt(name, report.contracts[name])) as unknown as T;

  it("conserves OPEN to the wei: paid in = held by the contracts + withdrawn", async function () {
    expect(result.ok).to.equal(true);
    expect(result.conservation.holds).to.equal(true);
    expect(result.conservation.perContractOk).to.equal(true);
    expect(result.conservation.paidIn).to.equal(result.conservation.held + result.conservation.withdrawn);
    // The report says the same, and its flows add up to it.
    expect(report.conservation.holds).to.equal(true);
    const sum = (kind: string) =>
      report.flows.filter((f) => f.kind === kind).reduce((s, f) => s + BigInt(f.amount), 0n);
    expect(sum("in")).to.equal(BigInt(report.conservation.paidIn));
    expect(sum("out")).to.equal(BigInt(report.conservation.withdrawn));
    expect(BigInt(report.conservation.paidIn)).to.equal(
      BigInt(report.conservation.heldByContracts) + BigInt(report.conservation.withdrawn),
    );
    // Held = the contracts' balances now.
    const wopen = await at<WOPEN>("WOPEN");
    let held = 0n;
    for (const [name, address] of Object.entries(report.contracts)) {
      if (name !== "WOPEN") held += await wopen.balanceOf(address);
    }
    expect(held).to.equal(result.conservation.held);
  });

  it("deploys with governance in control and the deployer holding no role; refuses duplicates; rejects junk", async function () {
    expect(result.facts.deployerRoles).to.deep.equal([]);
    expect(result.facts.duplicateErrors).to.deep.equal([
      "DatanetDuplicateContribution",
      "DatanetDuplicateContribution",
    ]);
    expect(result.facts.rejected).to.equal(4);
    expect(result.facts.classifierAccuracy).to.be.greaterThan(0.9);
    expect(result.facts.paymentsCount).to.equal(43);
  });

  it("has three oracles compute identical reports, and the faulty one slashed through governance", async function () {
    for (const { hashes } of result.facts.agreement) {
      expect(new Set(Object.values(hashes)).size).to.equal(1);
    }
    const { faultyOracle } = result.facts;
    // 10% of oracle-c's 50,000 OPEN.
    expect(faultyOracle.stakeBefore).to.equal(50_000n * OPEN);
    expect(faultyOracle.slashed).to.equal(5_000n * OPEN);
    const staking = await at<OpenStaking>("OpenStaking");
    expect(await staking.activeStake(faultyOracle.address)).to.equal(45_000n * OPEN);
    const oracle = await at<AttributionOracle>("AttributionOracle");
    const court = await at<AttributionDisputes>("AttributionDisputes");
    const slashes = await court.queryFilter(court.filters.OracleSlashed(faultyOracle.address));
    expect(slashes.map((e) => [e.args.epoch, e.args.amount])).to.deep.equal([[1n, 5_000n * OPEN]]);
    expect(await oracle.nextEpoch()).to.equal(2n);
  });

  it("pays every claim exactly its cumulative amount minus what was claimed before, and empties the distributor", async function () {
    const { claims } = result.facts;
    expect(claims.length).to.be.greaterThan(8);
    for (const c of claims) {
      expect(c.paid, c.account).to.equal(c.cumulative - c.claimedBefore);
      expect(c.balanceChange, c.account).to.equal(c.paid);
    }
    expect(result.facts.allClaimsExact).to.equal(true);
    // Two contributors claimed after epoch 0, then the difference after epoch 1.
    const repeat = claims.filter((c) => c.claimedBefore > 0n);
    expect(repeat.length).to.equal(2);
    const distributor = await at<RewardDistributor>("RewardDistributor");
    const total = BigInt(report.attribution[1].cumulativeTotal);
    expect(await distributor.totalClaimed()).to.equal(total);
    expect(claims.reduce((s, c) => s + c.paid, 0n)).to.equal(total);
    expect(result.facts.distributorBalance).to.equal(0n);
    const payments = await at<InferencePayments>("InferencePayments");
    expect(await payments.totalAttributionReleased()).to.equal(total);
  });

  it("pays the retrieval model's pool to the retrieved e-mails' owners by relevance, and excludes a misrouted record", async function () {
    const { modelId, records, misrouted, published } = result.facts.retrieval;
    expect(published).to.not.equal(undefined);
    const m = published!;
    expect(m).to.deep.include({ method: "retrieval", outcome: "attributed" });
    const payments = await at<InferencePayments>("InferencePayments");
    const pool = await payments.attributionPool(modelId, 0n);
    expect(BigInt(m.pool)).to.equal(pool);
    // The misrouted record cites a speech (another Datanet): excluded, listed, credits nobody.
    const speech = records[misrouted].retrieved!.find((i) => i.contributionId >> 32n !== 1n)!;
    expect(m.excludedRecords).to.deep.equal([
      { record: misrouted, contributionId: speech.contributionId.toString(), reason: "cites-outside-training-set" },
    ]);
    // Recomputed here from the log and the chain's contributors: each record's credit split by relevance.
    const registry = await at<DatanetRegistry>("DatanetRegistry");
    const owners = new Map<bigint, string>();
    for (const e of await registry.queryFilter(registry.filters.ContributionSubmitted())) {
      owners.set(e.args.contributionId, e.args.contributor);
    }
    const perContribution = new Map<bigint, number>();
    records.forEach((r, k) => {
      if (k === misrouted) return;
      let total = 0;
      for (const i of r.retrieved!) total += i.relevance;
      if (!(total > 0)) return;
      for (const i of r.retrieved!) {
        perContribution.set(i.contributionId, (perContribution.get(i.contributionId) ?? 0) + i.relevance / total);
      }
    });
    const perOwner = new Map<string, number>();
    for (const id of [...perContribution.keys()].sort((a, b) => (a < b ? -1 : 1))) {
      const owner = owners.get(id)!.toLowerCase();
      perOwner.set(owner, (perOwner.get(owner) ?? 0) + perContribution.get(id)!);
    }
    const expected = Object.fromEntries([...allocatePool(perOwner, pool)].filter(([, v]) => v > 0n));
    const found = Object.fromEntries(Object.entries(m.amounts).map(([a, v]) => [a.toLowerCase(), BigInt(v)]));
    expect(found).to.deep.equal(expected);
    expect(Object.keys(found).length).to.be.greaterThan(1);
  });

  it("changes the protocol fee through the timelock", async function () {
    expect(result.facts.protocolFeeBps).to.deep.equal({ before: 500, after: 300 });
    const payments = await at<InferencePayments>("InferencePayments");
    expect(await payments.protocolFeeBps()).to.equal(300n);
  });
});
