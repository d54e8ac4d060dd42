import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import {
  ContentUnavailableError,
  VerificationError,
  chainReport,
  compareWithChain,
  recomputeEpoch,
  type Difference,
} from "../../src/oracle/index.js";
import { openTaskStore } from "../lib/content-store.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseEpochOption, readOnlyChain } from "./common.js";

interface Args {
  epoch: string;
  store: string;
  ipfs: string;
  json: boolean;
}

function describe(d: Difference): string {
  if (d.field === "amount") {
    const where = d.modelId === null ? "cumulative amount" : `model ${d.modelId}`;
    return `${where}, account ${d.account}: expected ${d.expected}, found ${d.found}`;
  }
  return `${d.field}: expected ${d.expected}, found ${d.found}${d.note === undefined ? "" : ` (${d.note})`}`;
}

/**
 * `attribution verify --epoch N`: recomputes epoch N by the spec from the chain and the content store alone (the
 * cumulative amounts before it from the last finalized epoch's published data, checked against the chain, and the
 * epochs in between recomputed) and compares the rewards root, total and attribution root with the report the chain
 * holds (finalized, else accepted). Prints "matches", or the first difference (model, account, expected, found) and
 * exits 1. Needs no key: it reads only.
 */
export default async function attributionVerify(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const epoch = parseEpochOption(args.epoch);
    const store = openTaskStore(args);
    const { chain } = await readOnlyChain(hre);
    const report = await chainReport(chain, epoch);
    if (report === null) {
      const state = await chain.epochState(epoch);
      throw new TaskError(`epoch ${epoch} has no accepted or finalized report (status ${state.status.toLowerCase()})`);
    }
    let difference: Difference | null;
    let recomputed;
    try {
      recomputed = await recomputeEpoch(chain, store, epoch);
      difference = await compareWithChain(store, recomputed, report);
    } catch (e) {
      if (e instanceof ContentUnavailableError || e instanceof VerificationError) {
        throw new TaskError(`cannot recompute epoch ${epoch}: ${e.message}`);
      }
      throw e;
    }
    const matches = difference === null;
    emit(
      args.json,
      {
        epoch,
        status: report.status,
        matches,
        report,
        recomputed: {
          cumulativeRewardsRoot: recomputed.cumulativeRewardsRoot.toLowerCase(),
          cumulativeTotal: recomputed.cumulativeTotal,
          attributionRoot: recomputed.attributionRoot.toLowerCase(),
          models: recomputed.models.map((m) => ({
            modelId: m.modelId,
            method: m.method,
            outcome: m.outcome,
            reason: m.code,
            pool: m.pool,
          })),
        },
        firstDifference: difference,
      },
      matches
        ? [
            `epoch ${epoch}: matches the ${report.status} report (rewards root ${report.cumulativeRewardsRoot}, ` +
              `total ${report.cumulativeTotal}, attribution root ${report.attributionRoot})`,
          ]
        : [`epoch ${epoch}: does not match the ${report.status} report`, `first difference: ${describe(difference!)}`],
    );
    if (!matches) process.exitCode = 1;
  });
}
