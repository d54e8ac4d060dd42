import { formatUnits } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { actorContext, mined } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseId } from "../lib/parse.js";
import { formatTimestamp } from "../lib/time.js";
import { CONTRIBUTION_STATUSES, contributionId, requireDatanet } from "./common.js";

interface Args {
  datanet: string;
  id: string;
  account: number | string;
  json: boolean;
}

/**
 * `datanet withdraw-contribution --datanet D --id N`: the contributor takes back its contribution #N that nobody
 * reviewed within the review timeout (decision 0263): the bond is credited back (`datanet withdraw-bonds` pays it)
 * and the content hash is free again. Refused, with the time it becomes possible, while the timeout runs.
 */
export default async function datanetWithdrawContribution(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const datanetId = parseId("datanet", args.datanet);
    const index = parseId("id", args.id);
    const context = await actorContext(hre, args);
    const registry = await context.datanetRegistry();
    await requireDatanet(registry, datanetId);
    const id = contributionId(datanetId, index);
    const counts = await registry.datanetCounts(datanetId);
    if (index > counts.contributions) throw new TaskError(`datanet ${datanetId} has no contribution #${index}`);
    const stored = await registry.contribution(id);
    const status = CONTRIBUTION_STATUSES[Number(stored.status)];
    if (status !== "pending") throw new TaskError(`contribution #${index} of datanet ${datanetId} is ${status}`);
    const me = context.signer.address;
    if (stored.contributor !== me) {
      throw new TaskError(
        `contribution #${index} of datanet ${datanetId} was made by ${stored.contributor}, not ${me}`,
      );
    }
    const submitted = (await registry.queryFilter(registry.filters.ContributionSubmitted(id), context.fromBlock))[0];
    if (submitted !== undefined) {
      const submittedAt = BigInt((await submitted.getBlock()).timestamp);
      const withdrawableAt = submittedAt + (await registry.reviewTimeout());
      const now = BigInt((await context.ethers.provider.getBlock("latest"))!.timestamp);
      if (now < withdrawableAt) {
        throw new TaskError(
          `contribution #${index} is still within its review timeout: withdrawable from ${formatTimestamp(withdrawableAt)}`,
        );
      }
    }
    const receipt = await mined(registry.withdrawContribution(id));
    const bond = stored.bond;
    emit(args.json, { datanetId, index, contributionId: id, bond, transactionHash: receipt.hash }, [
      `withdrew contribution #${index} of datanet ${datanetId}; its content hash is free again` +
        (bond === 0n ? "" : `; ${formatUnits(bond)} WOPEN of bond credited (run \`datanet withdraw-bonds\`)`),
      `  tx ${receipt.hash}`,
    ]);
  });
}
