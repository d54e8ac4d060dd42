import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { formatDuration, formatTimestamp } from "../oracle/common.js";
import { localConnection } from "./common.js";

interface Args {
  seconds: string;
  to: string;
  json: boolean;
}

/** Most seconds one call moves (a year): more is a typo. */
const MAX_SECONDS = 366n * 86_400n;

/**
 * `dev advance-time --seconds N` (or `--to T`): on a local node only, moves the clock forward with
 * `evm_increaseTime` and mines a block, so that the next blocks carry the new time (epochs end, windows pass).
 */
export default async function devAdvanceTime(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    if ((args.seconds === "") === (args.to === "")) throw new TaskError("give either --seconds or --to");
    const value = args.seconds !== "" ? args.seconds : args.to;
    if (!/^\d+$/.test(value)) {
      throw new TaskError(`--${args.seconds !== "" ? "seconds" : "to"}: "${value}" is not a whole number`);
    }
    const { ethers } = await localConnection(hre, "dev advance-time");
    const before = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
    const seconds = args.seconds !== "" ? BigInt(value) : BigInt(value) - before;
    if (seconds <= 0n) {
      throw new TaskError(`--to: ${value} (${formatTimestamp(BigInt(value))}) is not after the chain's time ${before}`);
    }
    if (seconds > MAX_SECONDS) throw new TaskError(`cannot move more than ${formatDuration(MAX_SECONDS)} at once`);
    // The mined block lands `seconds` after the latest one (evm_increaseTime adds to the next block's offset).
    await ethers.provider.send("evm_setNextBlockTimestamp", [`0x${(before + seconds).toString(16)}`]);
    await ethers.provider.send("evm_mine", []);
    const block = (await ethers.provider.getBlock("latest"))!;
    const after = BigInt(block.timestamp);
    emit(args.json, { before, after, advanced: after - before, blockNumber: block.number }, [
      `advanced the local chain by ${formatDuration(after - before)}: block ${block.number} at ${formatTimestamp(after)}`,
    ]);
  });
}
