import { formatUnits } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { eventsIn, mined, actorContext } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { parseChoice } from "../lib/list-options.js";
import { emit } from "../lib/output.js";
import { parseAmount } from "../lib/parse.js";
import {
  CONTRIBUTION_POLICIES,
  MAX_BOND,
  REJECTED_BOND_POLICIES,
  REJECTED_BOND_TEXT,
  USAGE_POLICIES,
  describeConfig,
} from "./common.js";

interface Args {
  metadata: string;
  license: string;
  contributionPolicy: string;
  usagePolicy: string;
  bond: string;
  rejectedBond: string;
  account: number | string;
  json: boolean;
}

/** `datanet create`: a Datanet owned by the signer (an ERC-721 minted to it). */
export default async function datanetCreate(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    if (args.metadata.trim() === "") throw new TaskError("--metadata is required (the Datanet's metadata URI)");
    const config = {
      metadataURI: args.metadata.trim(),
      licenseURI: args.license.trim(),
      contributionPolicy: parseChoice("contribution-policy", args.contributionPolicy, CONTRIBUTION_POLICIES),
      usagePolicy: parseChoice("usage-policy", args.usagePolicy, USAGE_POLICIES),
      rejectedBondPolicy: parseChoice("rejected-bond", args.rejectedBond, REJECTED_BOND_POLICIES),
      contributionBond: parseAmount("bond", args.bond),
    };
    if (config.contributionBond > MAX_BOND) {
      throw new TaskError(`--bond: ${args.bond} OPEN is above the largest bond, ${formatUnits(MAX_BOND)} OPEN`);
    }
    const context = await actorContext(hre, args);
    const registry = await context.datanetRegistry();
    const receipt = await mined(registry.createDatanet(config));
    const [created] = eventsIn(receipt, registry, "DatanetCreated");
    const datanetId = created.args.datanetId as bigint;
    const described = describeConfig(await registry.datanetConfig(datanetId));
    emit(args.json, { datanetId, owner: context.signer.address, config: described, transactionHash: receipt.hash }, [
      `created datanet ${datanetId}, owned by ${context.signer.address} (tx ${receipt.hash})`,
      `  metadata ${described.metadataURI}`,
      `  license ${described.licenseURI === "" ? "(none)" : described.licenseURI}`,
      `  contributions ${described.contributionPolicy}, usage ${described.usagePolicy}`,
      `  bond ${formatUnits(described.contributionBond)} OPEN per contribution; a rejected bond goes ` +
        REJECTED_BOND_TEXT[described.rejectedBondPolicy],
    ]);
  });
}
