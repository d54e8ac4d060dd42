import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { USAGE_POLICIES } from "./common.js";
import { type MemberArgs, distinct, runMembers } from "./members.js";
import { queryEvents } from "../lib/contracts.js";

/** `datanet trainers`: list, approve or revoke model trainers of a Datanet whose usage needs approval. */
export default async function datanetTrainers(args: MemberArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runMembers(args, hre, {
    noun: "approved trainer",
    plural: "approved trainers",
    key: "approvedTrainers",
    isMember: (registry, datanetId, account) => registry.isTrainerApproved(datanetId, account),
    set: (registry, datanetId, account, member) => registry.setTrainerApproval(datanetId, account, member),
    everNamed: async (registry, datanetId, fromBlock) =>
      distinct(
        (await queryEvents(registry, registry.filters.TrainerApproved(datanetId), fromBlock)).map(
          (event) => event.args.trainer,
        ),
      ),
    note: async (registry, datanetId) => {
      const policy = USAGE_POLICIES[Number((await registry.datanetConfig(datanetId)).usagePolicy)];
      return policy === "open"
        ? "usage is open: any trainer may register a model, approvals have no effect"
        : "revoking does not affect models already registered";
    },
  });
}
