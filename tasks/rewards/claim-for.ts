import { getAddress, isAddress, verifyTypedData } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { open } from "../lib/asset.js";
import { actorContext, chainNow, eventsIn, mined, type ActorContext } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { formatWhen } from "../lib/time.js";
import { CLAIM_AUTHORIZATION_TYPES, distributorDomain, readAuthorizationFile } from "./authorization.js";
import { checkNotPaused, checkRoot, claimState, distributorContract, liveRoot, type Distributor } from "./common.js";
import { readProofsFile, rootOf, type ProofEntry } from "./proofs.js";

/** Largest --batch-size: claimBatch costs roughly 35k gas per paid account. */
export const MAX_CLAIM_BATCH = 500;

interface Args {
  proofs: string;
  accounts: string;
  all: boolean;
  batchSize: number;
  authorization: string;
  account: number | string;
  json: boolean;
}

/**
 * `rewards claim-for` claims on behalf of others; the acting account only pays gas. Two modes:
 * - relayer batch (`--proofs FILE --accounts a,b` or `--all`): claimBatch, each account paid to its reward recipient
 *   (itself unless it set one); accounts with nothing new to claim are left out before sending, and entries the
 *   contract skips (decision 0205) are reported;
 * - authorization (`--authorization FILE` from `rewards authorize`): claimTo, paid where the account authorized,
 *   which also becomes the account's recipient for every later claim (decision 0262).
 */
export default async function rewardsClaimFor(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    if (args.authorization !== "") {
      if (args.accounts !== "" || args.all)
        throw new TaskError("--authorization cannot be combined with --accounts/--all");
      await claimWithAuthorization(args, await actorContext(hre, args));
    } else {
      await claimBatch(args, hre);
    }
  });
}

async function claimWithAuthorization(args: Args, ctx: ActorContext): Promise<void> {
  const auth = await readAuthorizationFile(args.authorization);
  const distributor = await distributorContract(ctx);
  const rewardDistributor = await distributor.getAddress();
  if (auth.chainId !== ctx.chainId || auth.rewardDistributor !== rewardDistributor) {
    throw new TaskError(
      `${args.authorization} authorizes a claim at ${auth.rewardDistributor} on chain ${auth.chainId}, not here`,
    );
  }
  const now = await chainNow(ctx.ethers);
  if (now > auth.deadline) throw new TaskError(`the authorization expired at ${formatWhen(auth.deadline, now)}`);
  const nonce = await distributor.nonces(auth.account);
  if (auth.nonce !== nonce) {
    throw new TaskError(`the authorization was already used or superseded (nonce ${auth.nonce}, now ${nonce})`);
  }
  if ((await ctx.ethers.provider.getCode(auth.account)) === "0x") {
    const { account, to, cumulativeAmount, deadline } = auth;
    const signer = verifyTypedData(
      distributorDomain(ctx.chainId, rewardDistributor),
      CLAIM_AUTHORIZATION_TYPES,
      { account, to, cumulativeAmount, nonce, deadline },
      auth.signature,
    );
    if (signer !== account) throw new TaskError(`the authorization is signed by ${signer}, not by ${account}`);
  }
  const live = await liveRoot(distributor);
  if (rootOf(auth.account, auth.cumulativeAmount, auth.proof) !== live.root) {
    throw new TaskError(
      `the authorization's proof is not for the live root (epoch ${live.epoch}): ${auth.account} must authorize ` +
        "again with the current proofs",
    );
  }
  const entry: ProofEntry = { account: auth.account, amount: auth.cumulativeAmount, proof: auth.proof };
  const state = await claimState(distributor, entry);
  if (state.claimable === 0n) {
    throw new TaskError(`${auth.account} has nothing to claim: it already claimed ${open(state.claimed)}`);
  }
  await checkNotPaused(distributor);
  const receipt = await mined(
    distributor.claimTo(auth.account, auth.to, auth.cumulativeAmount, auth.proof, auth.deadline, auth.signature),
  );
  const [event] = eventsIn(receipt, distributor, "Claimed");
  const paid = event.args.amount as bigint;
  emit(
    args.json,
    {
      mode: "authorization",
      account: auth.account,
      to: auth.to,
      paid,
      relayer: ctx.signer.address,
      transactions: [receipt.hash],
    },
    [`claimed ${open(paid)} of ${auth.account}'s rewards to ${auth.to}`, `  tx ${receipt.hash}`],
  );
}

async function claimBatch(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  if (args.accounts === "" && !args.all) {
    throw new TaskError("give --accounts a,b,... or --all (batch mode), or --authorization FILE");
  }
  if (args.accounts !== "" && args.all) throw new TaskError("give either --accounts or --all, not both");
  if (!Number.isInteger(args.batchSize) || args.batchSize < 1 || args.batchSize > MAX_CLAIM_BATCH) {
    throw new TaskError(`--batch-size must be between 1 and ${MAX_CLAIM_BATCH}`);
  }
  const entries = await readProofsFile(args.proofs);
  let selected: ProofEntry[];
  if (args.all) {
    selected = [...entries.values()];
  } else {
    selected = args.accounts.split(",").map((text) => {
      const value = text.trim();
      if (!isAddress(value)) throw new TaskError(`--accounts: "${value}" is not an address`);
      const entry = entries.get(getAddress(value));
      if (entry === undefined) throw new TaskError(`--accounts: ${value} has no entry in ${args.proofs}`);
      return entry;
    });
  }
  const ctx = await actorContext(hre, args);
  const distributor = await distributorContract(ctx);
  const live = await liveRoot(distributor);
  for (const entry of selected) checkRoot(entry, live, args.proofs);
  const due: (ProofEntry & { claimable: bigint })[] = [];
  const skipped: string[] = [];
  for (const entry of selected) {
    const { claimable } = await claimState(distributor, entry);
    if (claimable > 0n) due.push({ ...entry, claimable });
    else skipped.push(entry.account);
  }
  if (due.length === 0) {
    throw new TaskError(`nothing to claim: the ${selected.length} account(s) selected already claimed everything`);
  }
  await checkNotPaused(distributor);
  const { paid, recipients, refused, transactions } = await sendBatches(distributor, due, args.batchSize);
  const total = [...paid.values()].reduce((a, b) => a + b, 0n);
  const claims = due.map((e) => ({
    account: e.account,
    to: recipients.get(e.account) ?? null,
    cumulative: e.amount,
    paid: paid.get(e.account) ?? 0n,
  }));
  emit(args.json, { mode: "batch", epoch: live.epoch, total, claims, skipped, refused, transactions }, [
    `claimed ${open(total)} for ${due.length - refused.length} account(s) in ${transactions.length} batch(es)`,
    ...claims
      .filter((c) => c.to !== null)
      .map((c) => `  ${c.account} paid ${open(c.paid)}${c.to === c.account ? "" : ` to ${c.to}`}`),
    ...skipped.map((a) => `  ${a} skipped: nothing new to claim`),
    ...refused.map((r) => `  ${r.account} skipped on chain: ${r.reason}`),
    ...transactions.map((t) => `  tx ${t}`),
  ]);
}

/** IRewardDistributor.ClaimSkipReason, as the batch output states it. */
const SKIP_REASONS = ["nothing new to claim", "the proof does not match the live root", "beyond the finalized total"];

async function sendBatches(distributor: Distributor, due: ProofEntry[], size: number) {
  const paid = new Map<string, bigint>();
  const recipients = new Map<string, string>();
  const refused: { account: string; reason: string }[] = [];
  const transactions: string[] = [];
  for (let i = 0; i < due.length; i += size) {
    const batch = due.slice(i, i + size);
    const receipt = await mined(
      distributor.claimBatch(
        batch.map((e) => e.account),
        batch.map((e) => e.amount),
        batch.map((e) => e.proof),
      ),
    );
    for (const e of eventsIn(receipt, distributor, "Claimed")) {
      paid.set(e.args.account as string, e.args.amount as bigint);
      recipients.set(e.args.account as string, e.args.to as string);
    }
    // Decision 0205's skip rule: an entry the finalized total cannot cover (or one claimed meanwhile) is skipped.
    for (const e of eventsIn(receipt, distributor, "ClaimSkipped")) {
      refused.push({ account: e.args.account as string, reason: SKIP_REASONS[Number(e.args.reason)] ?? "unknown" });
    }
    transactions.push(receipt.hash);
  }
  return { paid, recipients, refused, transactions };
}
