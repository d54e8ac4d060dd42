/**
 * `hardhat infer ...`: pay for inference directly or from an agent's budget, escrow for vouchers, sign cumulative
 * vouchers (payer) and redeem them in batches (model operator). Each action lives in its own file, loaded only when
 * its task runs.
 */
import { ArgumentType } from "hardhat/types/arguments";
import { emptyTask, task } from "hardhat/config";
import { ACCOUNT, JSON_FLAG } from "../lib/options.js";
import { CALLDATA_FLAG, PRIVATE_KEY_VAR } from "../lib/signer.js";

export const inferTasks = [
  emptyTask("infer", "Pay for inference: direct payments, agent budgets, escrow and EIP-712 vouchers").build(),
  task(["infer", "pay"], "Pay a model for units of inference (directly, or from an agent's budget as its operator)")
    .addOption({ name: "model", description: "Model id", defaultValue: "" })
    .addOption({ name: "units", description: "Inference units to pay for", defaultValue: "1" })
    .addOption({
      name: "max",
      description:
        "Most OPEN to pay, in case the price rises before the payment lands (empty: the current price x units)",
      defaultValue: "",
    })
    .addOption({
      name: "request",
      description: "Request text, hashed with keccak256 as the request hash",
      defaultValue: "",
    })
    .addOption({
      name: "requestHash",
      description: "Request hash (32-byte hex), instead of --request",
      defaultValue: "",
    })
    .addOption({
      name: "agent",
      description: "Pay from this agent's budget (the account must be its operator)",
      defaultValue: "",
    })
    .addFlag({ name: "wrap", description: "Wrap native OPEN into WOPEN for whatever the WOPEN balance lacks" })
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./pay.js"))
    .build(),
  task(["infer", "escrow-deposit"], "Escrow OPEN for a model, from which the operator redeems your vouchers")
    .addOption({ name: "model", description: "Model id", defaultValue: "" })
    .addOption({ name: "amount", description: "OPEN to escrow", defaultValue: "" })
    .addOption({ name: "for", description: "Payer whose escrow is credited (default: the account)", defaultValue: "" })
    .addFlag({ name: "wrap", description: "Wrap native OPEN into WOPEN for whatever the WOPEN balance lacks" })
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./escrow-deposit.js"))
    .build(),
  task(
    ["infer", "escrow-withdraw"],
    "With --amount: request a withdrawal (starts the notice period). Without: withdraw once the notice period is over",
  )
    .addOption({ name: "model", description: "Model id", defaultValue: "" })
    .addOption({
      name: "amount",
      description: "OPEN to request (request mode); 'all' for the whole escrow",
      defaultValue: "",
    })
    .addFlag({ name: "cancel", description: "Cancel the pending request" })
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./escrow-withdraw.js"))
    .build(),
  task(["infer", "signer"], "As a payer, authorize a key to sign your vouchers, or revoke it (after the escrow notice)")
    .addOption({ name: "signer", description: "Address of the signing key", defaultValue: "" })
    .addFlag({ name: "revoke", description: "Revoke the key instead (its vouchers stay valid for the escrow notice)" })
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./signer.js"))
    .build(),
  task(["infer", "sign-vouchers"], "As a payer, sign EIP-712 cumulative vouchers for a model into a JSON file")
    .addOption({ name: "model", description: "Model id", defaultValue: "" })
    .addOption({
      name: "payer",
      description: "Sign for this payer as a key it authorized (`infer signer`), e.g. a smart account's signer",
      defaultValue: "",
    })
    .addOption({
      name: "amounts",
      description: "Cumulative OPEN amount(s) owed to the model so far, comma-separated (e.g. 1.5,3)",
      defaultValue: "",
    })
    .addOption({
      name: "out",
      description: "Vouchers file (default vouchers-model<id>-<payer>.json); vouchers already in it are kept",
      defaultValue: "",
    })
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./sign-vouchers.js"))
    .build(),
  task(["infer", "redeem"], "As the model operator, redeem vouchers files in batches (latest voucher of each payer)")
    .addOption({ name: "model", description: "Model id", defaultValue: "" })
    .addOption({
      name: "batchSize",
      description: "Vouchers per transaction (at most 50)",
      type: ArgumentType.INT,
      defaultValue: 50,
    })
    .addVariadicArgument({
      name: "files",
      description: "Vouchers files written by `infer sign-vouchers`",
      defaultValue: [],
    })
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./redeem.js"))
    .build(),
];
