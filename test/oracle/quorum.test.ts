/**
 * The transmitter judges an epoch by its own quorum: AttributionOracle fixes the total oracle stake and the quorum
 * fraction at the epoch's first report activity, so a fraction governance lowers later does not apply to it. A
 * transmitter that used today's fraction submitted too early and had its transaction revert.
 *
 * Oracles A (60% of the oracle stake), B and C (20% each); the default quorum is 66.67%.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import type { Signer } from "ethers";

import { OracleNode } from "../../src/oracle/index.js";
import { LocalContentStore } from "../../src/storage/index.js";
import { EpochStatus, ORACLE_STAKE, deployAttribution, oracleDeployment } from "../helpers/attribution.js";
import { createChain } from "../helpers/fixtures.js";

const chain = await createChain();
const { ethers, networkHelpers } = chain;

/** A holds 60% of the oracle stake, B and C 20% each. */
const aMajorityOfThree = () =>
  deployAttribution(chain, { oracleStakes: [3n * ORACLE_STAKE, ORACLE_STAKE, ORACLE_STAKE] });

describe("Oracle transmitter quorum", function () {
  let dir: string;
  before(async function () {
    dir = await mkdtemp(path.join(tmpdir(), "oracle-quorum-"));
  });
  after(async function () {
    await rm(dir, { recursive: true, force: true });
  });

  it("waits for the quorum the epoch was fixed with, not the lower one governance set after", async function () {
    this.timeout(60_000);
    const f = await networkHelpers.loadFixture(aMajorityOfThree);
    const store = new LocalContentStore(path.join(dir, "content"));
    const deployment = await oracleDeployment(f);
    const lines: string[] = [];
    const node = (signer: Signer, name: string, mode: "attest" | "sign") =>
      new OracleNode({
        provider: ethers.provider,
        signer,
        deployment,
        store,
        mode,
        stateDir: path.join(dir, `state-${name}`),
        log: (line) => lines.push(`${name}: ${line}`),
      });
    const [oracleA, oracleB, oracleC] = f.oracles;
    const A = node(oracleA, "A", "sign");
    const B = node(oracleB, "B", "sign");
    const C = node(oracleC, "C", "attest");

    await f.fund(1_000n);
    await f.openReports(0n);
    // C's attestation is the epoch's first report activity: it fixes the quorum at 66.67% of the stake.
    expect((await C.runEpoch(0n)).action).to.equal("attested");
    const [, fixedBps] = await f.oracle.epochQuorum(0n);
    expect(fixedBps).to.equal(6_667n);
    await f.oracle.connect(f.admin).setQuorumBps(5_001n);

    const a0 = await A.runEpoch(0n);
    expect(a0.action).to.equal("signed");
    // A's 60% passes today's 50.01% but not the epoch's 66.67%: the transmitter waits instead of sending a doomed submit.
    await A.chain.refreshHead();
    expect(await A.collectAndTransmit(0n, [], a0.signature)).to.equal(false);
    expect((await f.oracle.epochStatus(0n)).status).to.equal(EpochStatus.Open);
    expect(
      lines.some((l) => l.includes("the quorum needs 66%: waiting")),
      lines.join("\n"),
    ).to.equal(true);

    // With B's signature the epoch's quorum is reached.
    const b0 = await B.runEpoch(0n);
    const fromB = { name: "B", collect: async () => [{ report: b0.report!, signature: b0.signature! }] };
    expect(await A.collectAndTransmit(0n, [fromB], a0.signature)).to.equal(true);
    expect((await f.oracle.epochStatus(0n)).status).to.equal(EpochStatus.Accepted);
  });
});
