import { readFile } from "node:fs/promises";

import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { FormatError, parseSignedReport, type SignedReport } from "../../src/oracle/index.js";
import { attributionOracleDomain, recoverReportSigner, reportHash } from "../../src/protocol/index.js";
import { open } from "../lib/asset.js";
import { actorContext, eventsIn, mined } from "../lib/context.js";
import { TaskError, revertedWith, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { protocolContract } from "../lib/contracts.js";

interface Args {
  first: string;
  second: string;
  account: number | string;
  json: boolean;
}

async function readSigned(file: string, option: string): Promise<SignedReport> {
  if (file === "") throw new TaskError(`${option} is required: a signed report file (JSON with report and signature)`);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch {
    throw new TaskError(`${option}: cannot read ${file}`);
  }
  try {
    return parseSignedReport(bytes, `${option} ${file}`);
  } catch (e) {
    if (e instanceof FormatError) throw new TaskError(e.message);
    throw e;
  }
}

/**
 * `oracle equivocation --first A.json --second B.json`: reports an oracle that signed two different reports of one
 * epoch. Anyone may call; the oracle is slashed at once by `equivocationSlashBps` and the caller is credited
 * `reporterRewardBps` of it (`oracle withdraw`). The files are signed reports (a node's `signatures/<epoch>.json`, or
 * the JSON of `oracle epoch` in sign mode). Checked before sending: same epoch, different reports, one signer.
 */
export default async function oracleEquivocation(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const first = await readSigned(args.first, "--first");
    const second = await readSigned(args.second, "--second");
    const epoch = first.report.epoch;
    if (second.report.epoch !== epoch) {
      throw new TaskError(
        `the reports are for epochs ${epoch} and ${second.report.epoch}: an equivocation is two reports of one epoch`,
      );
    }
    if (reportHash(first.report) === reportHash(second.report)) {
      throw new TaskError("the two files hold the same report: an equivocation is two different reports");
    }
    const context = await actorContext(hre, args);
    const oracleAddress = context.address("AttributionOracle");
    const domain = attributionOracleDomain(context.chainId, oracleAddress);
    const signerOf = (signed: SignedReport, option: string): string => {
      try {
        return recoverReportSigner(domain, signed.report, signed.signature);
      } catch {
        throw new TaskError(`${option}: the signature recovers no signer`);
      }
    };
    const signer = signerOf(first, "--first");
    const other = signerOf(second, "--second");
    if (other !== signer) {
      throw new TaskError(
        `the reports were signed by ${signer} and ${other} for this AttributionOracle (chain ${context.chainId}): ` +
          "an equivocation is one key signing both",
      );
    }
    const court = protocolContract("AttributionDisputes", context.address("AttributionDisputes"), context.signer);
    const call = [first.report, first.signature, second.report, second.signature] as const;
    try {
      await court.reportEquivocation.staticCall(...call);
    } catch (e) {
      const reverted = revertedWith(e);
      if (reverted?.name === "DisputesNotEquivocation") {
        throw new TaskError(
          `the court does not count these two reports of epoch ${epoch}: one of them was voided or banned ` +
            "(upheld dispute, rejection, discard at finalization) or can no longer be accepted (its total is " +
            "below the last finalized total)",
        );
      }
      if (reverted?.name === "DisputesNoWeight") {
        throw new TaskError(`${signer} had no oracle stake at epoch ${epoch}'s snapshot: it cannot equivocate`);
      }
      if (reverted?.name === "DisputesEquivocationAlreadyPunished") {
        throw new TaskError(`${signer} was already punished for an equivocation in epoch ${epoch}`);
      }
      throw e;
    }
    const receipt = await mined(court.reportEquivocation(...call));
    const [event] = eventsIn(receipt, court, "EquivocationReported");
    const slashed = event.args.slashed as bigint;
    const reward = event.args.reward as bigint;
    const reporter = context.signer.address;
    emit(args.json, { epoch, oracle: signer, reporter, slashed, reward, transactionHash: receipt.hash }, [
      `reported ${signer} for signing two reports of epoch ${epoch}: slashed ${open(slashed)}, ` +
        `${open(reward)} credited to ${reporter}`,
      ...(reward > 0n ? ["  withdraw it with `oracle withdraw`"] : []),
      `  tx ${receipt.hash}`,
    ]);
  });
}
