import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { open } from "../lib/asset.js";
import { actorContext } from "../lib/context.js";
import { runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseAddress } from "../lib/parse.js";
import { checkRoot, claimState, distributorContract, liveRoot } from "./common.js";
import { readProofsFile } from "./proofs.js";

interface Args {
  proofs: string;
  address: string;
  account: number | string;
  json: boolean;
}

/**
 * `rewards claimable --proofs proofs/<epoch>.json [--address A]`: the account's cumulative amount from the published
 * proofs, checked against the distributor's live root, minus what it has claimed.
 */
export default async function rewardsClaimable(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const entries = await readProofsFile(args.proofs);
    const ctx = await actorContext(hre, args.account);
    const account = args.address === "" ? ctx.signer.address : parseAddress("address", args.address);
    const distributor = await distributorContract(ctx);
    const live = await liveRoot(distributor);
    const entry = entries.get(account);
    if (entry === undefined) {
      const claimed = await distributor.claimed(account);
      emit(
        args.json,
        { account, root: live.root, epoch: live.epoch, cumulative: 0n, claimed, claimable: 0n, inProofs: false },
        [`${account} has no entry in ${args.proofs}: nothing to claim (claimed so far ${open(claimed)})`],
      );
      return;
    }
    checkRoot(entry, live, args.proofs);
    const state = await claimState(distributor, entry);
    emit(args.json, { account, root: live.root, epoch: live.epoch, ...state, inProofs: true }, [
      `${account} can claim ${open(state.claimable)} (earned ${open(state.cumulative)} in all up to epoch ` +
        `${live.epoch}, claimed ${open(state.claimed)})`,
    ]);
  });
}
