/**
 * `hardhat rewards ...`: attribution rewards from the RewardDistributor, with the proofs file the oracle node
 * publishes (`proofs/<epoch>.json`: {account: {amount, proof}}). Each action lives in its own file, loaded only when
 * its task runs.
 */
import { ArgumentType } from "hardhat/types/arguments";
import { emptyTask, task } from "hardhat/config";
import { ACCOUNT, IPFS, JSON_FLAG, STORE } from "../lib/options.js";
import { CALLDATA_FLAG, PRIVATE_KEY_VAR } from "../lib/signer.js";

const proofs = {
  name: "proofs",
  description: "Proofs file published by the oracle node (proofs/<epoch>.json)",
  defaultValue: "",
} as const;

export const rewardsTasks = [
  emptyTask("rewards", "Attribution rewards: what an account can claim, claim it, or claim for others").build(),
  task(["rewards", "claimable"], "What an account can claim now: cumulative amount in the proofs file minus claimed")
    .addOption(proofs)
    .addOption({ name: "address", description: "Account (default: the acting account)", defaultValue: "" })
    .addOption(ACCOUNT)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./claimable.js"))
    .build(),
  task(
    ["rewards", "explain"],
    "Why an account earned what it earned in an epoch: per model, its contributions, scores and top inferences",
  )
    .addOption({ name: "account", description: "Account: an address or an account index (required)", defaultValue: "" })
    .addOption({ name: "epoch", description: "Epoch (default: the last finalized epoch)", defaultValue: "" })
    .addOption(STORE)
    .addOption(IPFS)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./explain.js"))
    .build(),
  task(["rewards", "claim"], "Claim the acting account's rewards with its published proof")
    .addOption(proofs)
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./claim.js"))
    .build(),
  task(["rewards", "set-recipient"], "Have every claim of the account's rewards, by anyone, pay another address")
    .addOption({ name: "to", description: "Recipient address, or `self` for the account itself", defaultValue: "" })
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./set-recipient.js"))
    .build(),
  task(
    ["rewards", "authorize"],
    "Sign an EIP-712 authorization letting someone claim the account's rewards to --to (its recipient from then on)",
  )
    .addOption(proofs)
    .addOption({ name: "to", description: "Address that receives the rewards", defaultValue: "" })
    .addOption({
      name: "validFor",
      description: "Seconds the authorization stays valid",
      type: ArgumentType.INT,
      defaultValue: 86_400,
    })
    .addOption({
      name: "out",
      description: "Authorization file (default authorization-<account>.json)",
      defaultValue: "",
    })
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./authorize.js"))
    .build(),
  task(
    ["rewards", "claim-for"],
    "Claim for others: a relayer batch (claimBatch) from the proofs file, or one claim with a signed authorization",
  )
    .addOption(proofs)
    .addOption({
      name: "accounts",
      description: "Accounts to claim for, comma-separated (batch mode)",
      defaultValue: "",
    })
    .addFlag({ name: "all", description: "Claim for every account of the proofs file that has something to claim" })
    .addOption({
      name: "batchSize",
      description: "Accounts per claimBatch transaction",
      type: ArgumentType.INT,
      defaultValue: 100,
    })
    .addOption({
      name: "authorization",
      description: "Authorization file from `rewards authorize` (claimTo mode; needs no proofs file)",
      defaultValue: "",
    })
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./claim-for.js"))
    .build(),
];
