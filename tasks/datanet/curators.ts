import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { type MemberArgs, distinct, runMembers } from "./members.js";
import { queryEvents } from "../lib/contracts.js";

/** `datanet curators`: list, add or remove the curators of a Datanet (curators review and publish). */
export default async function datanetCurators(args: MemberArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runMembers(args, hre, {
    noun: "curator",
    plural: "curators",
    key: "curators",
    isMember: (registry, datanetId, account) => registry.isCurator(datanetId, account),
    set: (registry, datanetId, account, member) => registry.setCurator(datanetId, account, member),
    everNamed: async (registry, datanetId, fromBlock) =>
      distinct(
        (await queryEvents(registry, registry.filters.CuratorSet(datanetId), fromBlock)).map(
          (event) => event.args.account,
        ),
      ),
    note: async () => "the owner may always curate and is not listed",
  });
}
