/**
 * `hardhat stake ...`: stake OPEN (WOPEN) for votes and fee rewards, unbond and withdraw, register as an attribution
 * oracle or compute provider, delegate votes, claim staker rewards. Each action lives in its own file, loaded only
 * when its task runs.
 */
import { emptyTask, task } from "hardhat/config";
import { ACCOUNT, JSON_FLAG } from "../lib/options.js";
import { CALLDATA_FLAG, PRIVATE_KEY_VAR } from "../lib/signer.js";

const wrap = { name: "wrap", description: "Wrap native OPEN into WOPEN for whatever the WOPEN balance lacks" } as const;

export const stakeTasks = [
  emptyTask(
    "stake",
    "Stake OPEN: votes, staker rewards, operator roles (attribution oracle, compute provider)",
  ).build(),
  task(["stake", "stake"], "Stake OPEN (earns the staker fee share; counts as votes once delegated)")
    .addOption({ name: "amount", description: "OPEN to stake", defaultValue: "" })
    .addFlag(wrap)
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./stake.js"))
    .build(),
  task(["stake", "unstake"], "Request to unstake: the amount unbonds (still slashable) until the cooldown ends")
    .addOption({ name: "amount", description: "OPEN to unstake, or 'all'", defaultValue: "" })
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./unstake.js"))
    .build(),
  task(["stake", "withdraw"], "Withdraw the unbonded stake once its cooldown has ended")
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./withdraw.js"))
    .build(),
  task(["stake", "register"], "Register the account as an operator (needs the role's minimum self-stake)")
    .addOption({
      name: "role",
      description: "oracle (attribution oracle) or compute (compute provider)",
      defaultValue: "",
    })
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./register.js"))
    .build(),
  task(["stake", "deregister"], "Leave the operator role (the stake stays staked until unstaked)")
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./deregister.js"))
    .build(),
  task(["stake", "delegate"], "Delegate the account's votes (its active stake) to an address")
    .addOption({ name: "to", description: "Delegatee (default: the account itself)", defaultValue: "" })
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./delegate.js"))
    .build(),
  task(["stake", "rewards"], "Claim the account's staker rewards (collects pending fees first)")
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./rewards.js"))
    .build(),
  task(["stake", "show"], "Show an account's stake, unbonding, role, votes and pending rewards")
    .addOption({ name: "address", description: "Account to show (default: the acting account)", defaultValue: "" })
    .addOption(ACCOUNT)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./show.js"))
    .build(),
];
