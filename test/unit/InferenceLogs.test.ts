import { expect } from "chai";
import { ZeroAddress, ZeroHash } from "ethers";

import { deployAttribution, LOG_DEADLINE, type AttributionFixture } from "../helpers/attribution.js";
import { createChain } from "../helpers/fixtures.js";

const ROOT = (n: number) => "0x" + n.toString(16).padStart(2, "0").repeat(32);

describe("InferenceLogs", function () {
  let chain: Awaited<ReturnType<typeof createChain>>;
  const fixture = () => deployAttribution(chain);

  before(async function () {
    chain = await createChain();
  });

  async function load(): Promise<AttributionFixture> {
    return chain.networkHelpers.loadFixture(fixture);
  }

  it("reads the oracle and the model registry it was built with", async function () {
    const f = await load();
    expect(await f.logs.oracle()).to.equal(await f.oracle.getAddress());
    expect(await f.logs.modelRegistry()).to.equal(await f.models.getAddress());
    const factory = await chain.ethers.getContractFactory("InferenceLogs");
    await expect(factory.deploy(ZeroAddress, await f.models.getAddress())).to.be.revert(chain.ethers);
  });

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
