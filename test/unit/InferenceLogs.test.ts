import { expect } from "chai";
import { Signature, Wallet, ZeroAddress, ZeroHash, encodeBytes32String, getBigInt, toBeHex } from "ethers";

import { reportHash, signReport, signReportBy } from "../../src/protocol/report.js";
import type { AttributionReport } from "../../src/protocol/eip712.js";
import {
  addWalletOracles,
  BOND,
  deployAttribution,
  E,
  EPOCH,
  EpochStatus,
  LOG_DEADLINE,
  makeReport,
  ORACLE_STAKE,
  WINDOW,
  type AttributionFixture,
} from "../helpers/attribution.js";
import { createChain } from "../helpers/fixtures.js";
import { erc7201Slot } from "../helpers/staking.js";

const ROOT = (n: number) => "0x" + n.toString(16).padStart(2, "0").repeat(32);
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const MASK = (bits: number) => (1n << BigInt(bits)) - 1n;
const name = (s: string) => encodeBytes32String(s);

/** Every governance parameter: name, default, min, max (the contract's constants). */
const PARAMETERS: [string, bigint, bigint, bigint][] = [
  ["quorumBps", 6_667n, 5_001n, 10_000n],
  ["challengeWindow", 86_400n, 3_600n, 7n * 86_400n],
  ["logDeadline", 6n * 3_600n, 3_600n, 7n * 86_400n],
  ["disputeBond", 1_000n * E, E, 1_000_000n * E],
  ["disputeSlashBps", 1_000n, 100n, 10_000n],
  ["disputerRewardBps", 2_000n, 0n, 5_000n],
  ["equivocationSlashBps", 500n, 100n, 10_000n],
  ["reporterRewardBps", 1_000n, 0n, 5_000n],
  ["livenessEpochs", 3n, 1n, 16n],
];

describe("InferenceLogs", function () {
  let chain: Awaited<ReturnType<typeof createChain>>;
  const fixture = () => deployAttribution(chain);

  before(async function () {
    chain = await createChain();
  });

  async function load(): Promise<AttributionFixture> {
    return chain.networkHelpers.loadFixture(fixture);
  }

  /** Funds pools and has all seven oracles' signatures accept `report` (reports for its epoch must be open). */
  async function accept(f: AttributionFixture, report: AttributionReport) {
    await f.openReports(report.epoch);
    await f.oracle.submit(report, await signReportBy(f.oracles, f.domain, report));
  }

  /**
   * Funds 20 and accepts epoch 1's report with total 10 while epoch 0 is pending; then epoch 0 finalizes with 20, so
   * the epoch 1 report (returned) can no longer finalize.
   */
  async function acceptOvertaken(f: AttributionFixture): Promise<AttributionReport> {
    await f.fund(20n * E);
    await accept(f, makeReport(0n, ROOT(7), 20n * E));
    const overtaken = makeReport(1n, ROOT(8), 10n * E);
    await accept(f, overtaken);
    await chain.networkHelpers.time.increase(WINDOW);
    await f.oracle.finalize(0n);
    return overtaken;
  }

  async function now() {
    return BigInt(await chain.networkHelpers.time.latest());
  }

  describe("commitInferenceLog", function () {
    const root = ROOT(0x12);

    it("records the root and emits the URI, once, for the model's operator inside the window", async function () {
      const f = await load();
      await chain.networkHelpers.time.increaseTo(f.epochEnd(0n));
      await expect(f.logs.connect(f.modelOperator).commitInferenceLog(f.modelId, 0n, root, "ipfs://log"))
        .to.emit(f.logs, "InferenceLogCommitted")
        .withArgs(f.modelId, 0n, f.modelOperator.address, root, "ipfs://log");
      expect(await f.logs.inferenceLog(f.modelId, 0n)).to.equal(root);
      expect(await f.logs.inferenceLog(f.modelId, 1n)).to.equal(ZeroHash);
    });

    it("reverts: zero root, epoch not over, window closed, not the operator, already committed", async function () {
      const f = await load();
      const op = f.logs.connect(f.modelOperator);
      await expect(op.commitInferenceLog(f.modelId, 0n, ZeroHash, "x")).to.be.revertedWithCustomError(
        f.logs,
        "InferenceLogsZeroRoot",
      );
      await expect(op.commitInferenceLog(f.modelId, 0n, root, "x"))
        .to.be.revertedWithCustomError(f.logs, "InferenceLogsEpochNotOver")
        .withArgs(0n, f.epochEnd(0n));
      // Reverted calls mine no block: the commit is mined 2 s before the deadline, the next call runs 1 s before it.
      await chain.networkHelpers.time.increaseTo(f.epochEnd(0n) + LOG_DEADLINE - 3n);
      await expect(f.logs.connect(f.users[8]).commitInferenceLog(f.modelId, 0n, root, "x"))
        .to.be.revertedWithCustomError(f.logs, "InferenceLogsNotModelOperator")
        .withArgs(f.modelId, f.users[8].address, f.modelOperator.address);
      await op.commitInferenceLog(f.modelId, 0n, root, "x");
      await expect(op.commitInferenceLog(f.modelId, 0n, root, "x"))
        .to.be.revertedWithCustomError(f.logs, "InferenceLogsAlreadyCommitted")
        .withArgs(f.modelId, 0n);
      await chain.networkHelpers.time.increaseTo(f.epochEnd(1n) + LOG_DEADLINE);
      await expect(op.commitInferenceLog(f.modelId, 1n, root, "x"))
        .to.be.revertedWithCustomError(f.logs, "InferenceLogsWindowClosed")
        .withArgs(f.modelId, 1n, f.epochEnd(1n) + LOG_DEADLINE);
    });

    it("an unknown model has no operator (the zero address never commits)", async function () {
      const f = await load();
      await chain.networkHelpers.time.increaseTo(f.epochEnd(0n));
      await expect(f.logs.connect(f.modelOperator).commitInferenceLog(7n, 0n, root, "x"))
        .to.be.revertedWithCustomError(f.logs, "InferenceLogsNotModelOperator")
        .withArgs(7n, f.modelOperator.address, ZeroAddress);
    });
  });
});
