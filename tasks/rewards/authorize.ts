import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { open } from "../lib/asset.js";
import { actorContext, chainNow } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseAddress } from "../lib/parse.js";
import { formatWhen } from "../lib/time.js";
import {
  AUTHORIZATION_FORMAT,
  CLAIM_AUTHORIZATION_TYPES,
  distributorDomain,
  writeAuthorizationFile,
} from "./authorization.js";
import { checkRoot, claimState, distributorContract, liveRoot } from "./common.js";
import { readProofsFile } from "./proofs.js";

interface Args {
  proofs: string;
  to: string;
  validFor: number;
  out: string;
  account: number | string;
  json: boolean;
}

/**
 * `rewards authorize --proofs FILE --to ADDRESS`: the acting account signs a ClaimAuthorization for its current
 * cumulative amount, so anyone can submit its claim paid to `--to` (`rewards claim-for --authorization FILE`).
 * Nothing is sent; the authorization uses the account's current nonce, so a later one or a claimTo supersedes it.
 */
export default async function rewardsAuthorize(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const entries = await readProofsFile(args.proofs);
    const to = parseAddress("to", args.to);
    if (!Number.isInteger(args.validFor) || args.validFor < 1) throw new TaskError("--valid-for must be at least 1");
    const ctx = await actorContext(hre, args);
    const account = ctx.signer.address;
    const distributor = await distributorContract(ctx);
    const live = await liveRoot(distributor);
    const entry = entries.get(account);
    if (entry === undefined) throw new TaskError(`${account} has no entry in ${args.proofs}: nothing to authorize`);
    checkRoot(entry, live, args.proofs);
    const state = await claimState(distributor, entry);
    if (state.claimable === 0n) {
      throw new TaskError(
        `${account} has nothing to claim: it already claimed ${open(state.claimed)} of ${open(state.cumulative)}`,
      );
    }
    const now = await chainNow(ctx.ethers);
    const deadline = now + BigInt(args.validFor);
    const nonce = await distributor.nonces(account);
    const rewardDistributor = await distributor.getAddress();
    const value = { account, to, cumulativeAmount: entry.amount, nonce, deadline };
    const signature = await ctx.signer.signTypedData(
      distributorDomain(ctx.chainId, rewardDistributor),
      CLAIM_AUTHORIZATION_TYPES,
      value,
    );
    const file = args.out !== "" ? args.out : `authorization-${account}.json`;
    const doc = {
      format: AUTHORIZATION_FORMAT,
      chainId: ctx.chainId,
      rewardDistributor,
      ...value,
      proof: entry.proof,
      signature,
    } as const;
    await writeAuthorizationFile(file, doc);
    emit(args.json, { file, ...doc, claimable: state.claimable }, [
      `${account} authorized a claim of ${open(state.claimable)} paid to ${to}, valid until ` +
        `${formatWhen(deadline, now)}; written to ${file}`,
      `  submit it with \`rewards claim-for --authorization ${file}\``,
    ]);
  });
}
