/**
 * `hardhat attribution ...`: Proof of Attribution for anyone, with no oracle key and no oracle state. `verify`
 * recomputes an epoch by the spec (docs/spec/attribution.md) from the chain and the content store alone. Each action
 * lives in its own file, loaded only when its task runs.
 */
import { emptyTask, task } from "hardhat/config";
import { IPFS, JSON_FLAG, STORE } from "../lib/options.js";

export const attributionTasks = [
  emptyTask("attribution", "Proof of Attribution: check an epoch against the spec, without an oracle").build(),
  task(
    ["attribution", "verify"],
    "Recompute an epoch from the chain and the content store alone (spec openledger.attribution/1) and compare it " +
      "with the accepted or finalized report: prints matches, or the first difference and exits 1",
  )
    .addOption({ name: "epoch", description: "Epoch number (required)", defaultValue: "" })
    .addOption(STORE)
    .addOption(IPFS)
    .addFlag(JSON_FLAG)
    .setAction(() => import("./verify.js"))
    .build(),
];
