/**
 * `hardhat oracle ...`: run an attribution oracle (continuously or one epoch), see where epochs are, dispute an
 * accepted report, and, for model operators, commit an epoch's inference log. Each action lives in its own file,
 * loaded only when its task runs.
 */
import { ArgumentType } from "hardhat/types/arguments";
import { emptyTask, task } from "hardhat/config";
import { ACCOUNT, IPFS, JSON_FLAG, STORE } from "../lib/options.js";
import { CALLDATA_FLAG, PRIVATE_KEY_VAR } from "../lib/signer.js";

const EPOCH = { name: "epoch", description: "Epoch number (required)", defaultValue: "" } as const;
const STATE = {
  name: "state",
  description: "State directory of the node (reports, proofs, signatures), per chain and oracle",
  defaultValue: ".openledger/oracle",
} as const;
const MODE = {
  name: "mode",
  description: "attest (on chain) or sign (EIP-712 signature for a transmitter)",
  defaultValue: "attest",
} as const;
/** A string parsed by the task (Hardhat's INT parsing answers a negative number with a three-line HHE500 error). */
const CONFIRMATIONS = {
  name: "confirmations",
  description: "Blocks the node stays behind the head: it reads the chain at the head minus this (reorg safety)",
  defaultValue: "0",
} as const;
const RPC_TIMEOUT = {
  name: "rpcTimeout",
  description: "Seconds an RPC request may take before it counts as stalled (HTTP networks)",
  defaultValue: "30",
} as const;

export const oracleTasks = [
  emptyTask(
    "oracle",
    "Attribution oracles: run a node, report an epoch, epoch status, disputes, inference logs",
  ).build(),
  task(
    ["oracle", "run"],
    "Run the oracle node until SIGINT/SIGTERM: report every closed epoch, dispute wrong reports, finalize",
  )
    .addOption(STORE)
    .addOption(IPFS)
    .addOption(STATE)
    .addOption(MODE)
    .addOption(CONFIRMATIONS)
    .addOption(RPC_TIMEOUT)
    .addOption({
      name: "interval",
      description: "Seconds between two passes over the chain",
      type: ArgumentType.FLOAT,
      defaultValue: 15,
    })
    .addOption(ACCOUNT)
    .addOption({
      name: "signatures",
      description: "Sign mode: a directory shared by the oracles where each writes its signed report per epoch",
      defaultValue: "",
    })
    .addFlag({
      name: "transmit",
      description: "Sign mode: be the transmitter (collect signatures from --signatures/--peers, submit at quorum)",
    })
    .addOption({
      name: "peers",
      description: "Sign mode, with --transmit: comma-separated http://127.0.0.1:<port> endpoints of other nodes",
      defaultValue: "",
    })
    .addOption({
      name: "metricsPort",
      description: "Serve /metrics (Prometheus) and /signatures/<epoch> on 127.0.0.1 at this port (0: off)",
      defaultValue: "0",
    })
    .addFlag({ name: "json", description: "Print one JSON object per line" })
    .setAction(() => import("./run.js"))
    .build(),
  task(
    ["oracle", "epoch"],
    "Do one epoch and exit: compute and publish the report and proofs, attest or sign (or dispute a different " +
      "accepted report), finalize once the challenge window has passed",
  )
    .addOption(EPOCH)
    .addOption(STORE)
    .addOption(IPFS)
    .addOption(STATE)
    .addOption(MODE)
    .addOption(CONFIRMATIONS)
    .addOption(RPC_TIMEOUT)
    .addOption(ACCOUNT)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./epoch.js"))
    .build(),
  task(
    ["oracle", "status"],
    "Show epochs: open/accepted/disputed/finalized, report hash, quorum progress, challenge window end",
  )
    .addOption({ name: "epoch", description: "One epoch (default: the last --count epochs)", defaultValue: "" })
    .addOption({
      name: "count",
      description: "How many epochs up to the current one",
      type: ArgumentType.INT,
      defaultValue: 5,
    })
    .addFlag(JSON_FLAG)
    .setAction(() => import("./status.js"))
    .build(),
  task(["oracle", "dispute"], "Dispute an epoch's accepted report during its challenge window (posts the bond)")
    .addOption(EPOCH)
    .addFlag({ name: "wrap", description: "Wrap native OPEN into WOPEN for the bond when WOPEN is short" })
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./dispute.js"))
    .build(),
  task(["oracle", "equivocation"], "Report an oracle that signed two different reports of one epoch (slashes it)")
    .addOption({ name: "first", description: "A signed report file: JSON with report and signature", defaultValue: "" })
    .addOption({ name: "second", description: "Another signed report of the same epoch", defaultValue: "" })
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./equivocation.js"))
    .build(),
  task(["oracle", "withdraw"], "Withdraw what the AttributionOracle credited the account (won disputes, reports)")
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./withdraw.js"))
    .build(),
  task(
    ["oracle", "commit-log"],
    "As a model's operator, store an epoch's inference log in the content store and commit its root",
  )
    .addPositionalArgument({
      name: "file",
      description: "Log records: JSON array or JSONL of {input, output, requestHash?, paymentRef?}",
    })
    .addOption({ name: "model", description: "Model id (required)", defaultValue: "" })
    .addOption(EPOCH)
    .addOption(STORE)
    .addOption(IPFS)
    .addOption(ACCOUNT)
    .addOption(PRIVATE_KEY_VAR)
    .addFlag(CALLDATA_FLAG)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./commit-log.js"))
    .build(),
];
