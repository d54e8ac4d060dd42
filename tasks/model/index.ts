/**
 * `hardhat model ...`: register models trained on published Datanet versions, set their price and status, tokenize
 * their revenue, and inspect them. Each action lives in its own file, loaded only when it runs.
 */
import { emptyTask, task } from "hardhat/config";
import { ACCOUNT, JSON_FLAG } from "../lib/options.js";
import { CALLDATA_FLAG, PRIVATE_KEY_VAR } from "../lib/signer.js";

const MODEL = { name: "model", description: "Model id (required)", defaultValue: "" } as const;

export const modelTasks = [
  emptyTask("model", "AI models: registration on Datanet versions, price, status, revenue shares").build(),
  task(["model", "register"], "Register a model owned by the signer (its model card goes to the content store)")
    .addOption({
      name: "card",
      description: "Model card, a JSON file (stored; its URI carries its hash); required",
      defaultValue: "",
    })
    .addOption({ name: "weights", description: "Weights file: its keccak256 is the weights hash", defaultValue: "" })
    .addOption({
      name: "weightsHash",
      description: "Weights hash (0x + 64 hex), instead of --weights",
      defaultValue: "",
    })
    .addOption({
      name: "datanetVersions",
      description: "Datanet versions trained on, <datanetId>:<version> comma-separated (e.g. 1:1,2:1); required",
      defaultValue: "",
    })
    .addOption({ name: "baseModel", description: "Model it was derived from (default: none)", defaultValue: "" })
    .addOption({
      name: "operator",
      description: "Compute provider serving it, registered in OpenStaking (default: the signer)",
      defaultValue: "",
    })
    .addOption({
      name: "price",
      description: "Price per inference unit, in OPEN (e.g. 0.01); required",
      defaultValue: "",
    })
    .addOption({
      name: "contributorShare",
      description: "Share of revenue for data contributors, with its unit: 15% or 1500bps; required",
      defaultValue: "",
    })
    .addOption({
      name: "store",
      description: "Directory of the local content store",
      defaultValue: ".openledger/content",
    })
    .addOption({ name: "ipfs", description: "HTTP API of an IPFS node, replacing the local store", defaultValue: "" })
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./register.js"))
    .build(),
  task(["model", "set-card"], "Replace a model's card (checked with the oracle's parser first) (owner)")
    .addOption(MODEL)
    .addOption({ name: "card", description: "Model card, a JSON file (required)", defaultValue: "" })
    .addOption({
      name: "store",
      description: "Directory of the local content store the card goes to",
      defaultValue: ".openledger/content",
    })
    .addOption({ name: "ipfs", description: "HTTP API of an IPFS node, replacing the local store", defaultValue: "" })
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./set-card.js"))
    .build(),
  task(["model", "price"], "Set a model's price per inference unit (owner)")
    .addOption(MODEL)
    .addOption({ name: "price", description: "New price per inference unit, in OPEN (required)", defaultValue: "" })
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./price.js"))
    .build(),
  task(["model", "tokenize"], "Create the model's revenue shares token, whole supply to the owner (once)")
    .addOption(MODEL)
    .addOption({ name: "name", description: "Token name (default: OpenLedger Model <id> Shares)", defaultValue: "" })
    .addOption({ name: "symbol", description: "Token symbol (default: OLM<id>)", defaultValue: "" })
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./tokenize.js"))
    .build(),
  task(["model", "status"], "Set a model's status: active | paused | retired (final) (owner)")
    .addOption(MODEL)
    .addOption({ name: "status", description: "active | paused | retired (required)", defaultValue: "" })
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./status.js"))
    .build(),
  task(["model", "show"], "Show a model (terms, lineage, training set, revenue recipient), or list them")
    .addOption({ name: "model", description: "Model id (empty: list every model)", defaultValue: "" })
    .addFlag(JSON_FLAG)
    .setAction(() => import("./show.js"))
    .build(),
];
