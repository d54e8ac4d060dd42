/**
 * `hardhat datanet ...`: create Datanets, manage who curates, contributes and trains, contribute files through the
 * content store, review, publish versions and inspect. Each action lives in its own file, loaded only when it runs.
 */
import { ArgumentType } from "hardhat/types/arguments";
import { emptyTask, task } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import type { MemberArgs } from "./members.js";
import { ACCOUNT, IPFS, JSON_FLAG, STORE } from "../lib/options.js";
import { CALLDATA_FLAG, PRIVATE_KEY_VAR } from "../lib/signer.js";

const DATANET = { name: "datanet", description: "Datanet id (required)", defaultValue: "" } as const;

type MemberAction = () => Promise<{ default: (args: MemberArgs, hre: HardhatRuntimeEnvironment) => Promise<void> }>;

const memberTask = (name: string, description: string, noun: string, action: MemberAction) =>
  task(["datanet", name], description)
    .addOption(DATANET)
    .addOption({ name: "add", description: `Comma-separated addresses to make ${noun}s`, defaultValue: "" })
    .addOption({ name: "remove", description: `Comma-separated addresses to remove as ${noun}s`, defaultValue: "" })
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(action)
    .build();

export const datanetTasks = [
  emptyTask("datanet", "Datanets: community data registries with curated contributions and versions").build(),
  task(["datanet", "create"], "Create a Datanet owned by the signer")
    .addOption({ name: "metadata", description: "Metadata URI (name, domain, schema); required", defaultValue: "" })
    .addOption({ name: "license", description: "License URI of the contributions", defaultValue: "" })
    .addOption({
      name: "contributionPolicy",
      description: "Who may contribute: open | allowlist",
      defaultValue: "open",
    })
    .addOption({
      name: "usagePolicy",
      description: "Who may train on it: open | approval (the owner approves each trainer)",
      defaultValue: "open",
    })
    .addOption({ name: "bond", description: "Bond per contribution, in OPEN (0: none)", defaultValue: "0" })
    .addOption({
      name: "rejectedBond",
      description: "Where a rejected contribution's bond goes: refund | owner | treasury",
      defaultValue: "refund",
    })
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./create.js"))
    .build(),
  memberTask(
    "curators",
    "List, add or remove curators (who review and publish); without --add/--remove, list them",
    "curator",
    () => import("./curators.js"),
  ),
  memberTask(
    "contributors",
    "List, allow or disallow contributors of an allow-listed Datanet; without --add/--remove, list them",
    "allowed contributor",
    () => import("./contributors.js"),
  ),
  memberTask(
    "trainers",
    "List, approve or revoke model trainers (usage policy approval); without --add/--remove, list them",
    "approved trainer",
    () => import("./trainers.js"),
  ),
  task(
    ["datanet", "contribute"],
    "Contribute a file, or every file of a folder, through the content store (one transaction per file; " +
      "duplicates are reported and skipped)",
  )
    .addPositionalArgument({ name: "path", description: "File or folder to contribute" })
    .addOption(DATANET)
    .addOption(STORE)
    .addOption(IPFS)
    .addFlag({ name: "wrap", description: "Wrap native OPEN into WOPEN for the bonds when WOPEN is short" })
    .addFlag({
      name: "raw",
      description: "Contribute files as they are (default: each must be a contribution the oracle node can parse)",
    })
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./contribute.js"))
    .build(),
  task(["datanet", "review"], "Accept or reject pending contributions (curator or owner)")
    .addOption(DATANET)
    .addOption({
      name: "ids",
      description: "Contributions to review: indexes in the Datanet and ranges (1,2,5-9), or 'pending'",
      defaultValue: "",
    })
    .addOption({ name: "reject", description: "Those of --ids to reject (the others are accepted)", defaultValue: "" })
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./review.js"))
    .build(),
  task(
    ["datanet", "publish"],
    "Publish the next version: every accepted contribution, its manifest stored in the content store",
  )
    .addOption(DATANET)
    .addOption(STORE)
    .addOption(IPFS)
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./publish.js"))
    .build(),
  task(["datanet", "show"], "Show a Datanet (config, curators, counts, versions, last contributions), or list them")
    .addOption({ name: "datanet", description: "Datanet id (empty: list every Datanet)", defaultValue: "" })
    .addOption({
      name: "last",
      description: "How many recent contributions to show",
      type: ArgumentType.INT,
      defaultValue: 10,
    })
    .addFlag(JSON_FLAG)
    .setAction(() => import("./show.js"))
    .build(),
  task(
    ["datanet", "withdraw-contribution"],
    "Take back your contribution that stayed unreviewed past the review timeout (bond refunded, hash freed)",
  )
    .addOption({ name: "datanet", description: "Datanet id", defaultValue: "" })
    .addOption({ name: "id", description: "Contribution number within the Datanet (#N)", defaultValue: "" })
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./withdraw-contribution.js"))
    .build(),
  task(["datanet", "withdraw-bonds"], "Withdraw the contribution bonds credited to the signer (or to --for)")
    .addOption({
      name: "for",
      description: "Account whose credited bonds to pay out (default: the signer)",
      defaultValue: "",
    })
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./withdraw-bonds.js"))
    .build(),
];
