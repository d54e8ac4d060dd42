import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { CONTRIBUTION_POLICIES } from "./common.js";
import { type MemberArgs, distinct, runMembers } from "./members.js";
import { queryEvents } from "../lib/contracts.js";

/** `datanet contributors`: list, allow or disallow contributors of an allow-listed Datanet. */
export default async function datanetContributors(args: MemberArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runMembers(args, hre, {
    noun: "allowed contributor",
    plural: "allowed contributors",
    key: "allowedContributors",
    isMember: (registry, datanetId, account) => registry.isContributorAllowed(datanetId, account),
    set: (registry, datanetId, account, member) => registry.setContributorAllowed(datanetId, account, member),
    everNamed: async (registry, datanetId, fromBlock) =>
      distinct(
        (await queryEvents(registry, registry.filters.ContributorAllowed(datanetId), fromBlock)).map(
          (event) => event.args.account,
        ),
      ),
    note: async (registry, datanetId) => {
      const policy = CONTRIBUTION_POLICIES[Number((await registry.datanetConfig(datanetId)).contributionPolicy)];
      return policy === "open" ? "contributions are open to anyone: the allow list has no effect" : undefined;
    },
  });
}
