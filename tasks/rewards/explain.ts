import { formatUnits, getAddress, isAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import {
  explainAccount,
  type AccountExplanation,
  ContentUnavailableError,
  fetchVerified,
  logRoot,
  parseInferenceLog,
  type LogRecord,
  VerificationError,
  chainReport,
  finalizedEpochs,
  verifiedDocument,
} from "../../src/oracle/index.js";
import type { ContentStore } from "../../src/storage/index.js";
import { parseEpochOption, readOnlyChain } from "../attribution/common.js";
import { openTaskStore } from "../lib/content-store.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";

interface Args {
  account: string;
  epoch: string;
  store: string;
  ipfs: string;
  json: boolean;
}

/** How much of each output the explanation quotes. */
const EXCERPT = 80;

const open = (amount: bigint) => `${formatUnits(amount)} OPEN`;

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= EXCERPT ? flat : `${flat.slice(0, EXCERPT - 1)}…`;
}

/** The records of each model's log, from the store, checked against the root the data document names. */
async function logsOf(store: ContentStore, explanation: AccountExplanation): Promise<Map<bigint, LogRecord[]>> {
  const out = new Map<bigint, LogRecord[]>();
  for (const m of explanation.models) {
    if (m.log === null || m.contributions.length === 0) continue;
    try {
      const records = parseInferenceLog(await fetchVerified(store, m.log.uri));
      if (logRoot(records).toLowerCase() === m.log.root) out.set(m.modelId, records);
    } catch {
      // The explanation still holds without the records' text; it names them by index.
    }
  }
  return out;
}

/**
 * `rewards explain --account A [--epoch N]`: what account A earned in epoch N (default: the last finalized epoch)
 * and why: per model, the amount, and each of its contributions with its score, its share of the account's score,
 * the part of the amount it explains, and its top inferences (influence, spans or relevance) with their request and
 * output. Read from the epoch's published data document, verified against the chain (its bytes against the URI's
 * hash, its amounts against the report's rewards and attribution roots). The models' amounts sum to what the epoch
 * added to the account's cumulative amount, i.e. what it can claim for that epoch.
 */
export default async function rewardsExplain(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const store = openTaskStore(args);
    const { connection, chain } = await readOnlyChain(hre);
    let account: string;
    if (args.account === "") throw new TaskError("--account is required (an address, or an account index)");
    if (isAddress(args.account)) {
      account = getAddress(args.account);
    } else if (/^\d+$/.test(args.account)) {
      const signers = await connection.ethers.getSigners();
      const k = Number(args.account);
      if (k >= signers.length) {
        throw new TaskError(
          `--account ${args.account}: this network has ${signers.length} account(s), numbered from 0`,
        );
      }
      account = signers[k].address;
    } else {
      throw new TaskError(`--account: "${args.account}" is not an address or an account index`);
    }
    let epoch: bigint;
    if (args.epoch === "") {
      const finalized = await finalizedEpochs(chain);
      if (finalized.length === 0)
        throw new TaskError("no epoch has been finalized yet: pass --epoch for an accepted one");
      epoch = finalized[finalized.length - 1];
    } else {
      epoch = parseEpochOption(args.epoch);
    }
    const report = await chainReport(chain, epoch);
    if (report === null) throw new TaskError(`epoch ${epoch} has no accepted or finalized report`);
    let doc;
    try {
      doc = await verifiedDocument(store, report);
    } catch (e) {
      if (e instanceof VerificationError || e instanceof ContentUnavailableError) {
        throw new TaskError(`cannot read the published data of epoch ${epoch}: ${e.message}`);
      }
      throw e;
    }
    const explanation = explainAccount(doc, account);
    const earned = [...doc.epochAmounts].find(([a]) => a.toLowerCase() === account.toLowerCase())?.[1] ?? 0n;
    if (earned !== explanation.total) {
      throw new TaskError(
        `the published data of epoch ${epoch} is inconsistent: its models pay ${account} ${explanation.total}, its ` +
          `epoch amounts ${earned}`,
      );
    }
    const cumulative = [...doc.cumulative].find(([a]) => a.toLowerCase() === account.toLowerCase())?.[1] ?? 0n;
    const logs = await logsOf(store, explanation);
    const withRecords = explanation.models.map((m) => ({
      ...m,
      contributions: m.contributions.map((c) => ({
        ...c,
        records: c.records.map((r) => {
          const record = logs.get(m.modelId)?.[r.record];
          return record === undefined
            ? r
            : { ...r, requestHash: record.requestHash, paymentRef: record.paymentRef, output: excerpt(record.output) };
        }),
      })),
    }));

    const lines = [
      `epoch ${epoch} (${report.status}): ${account} earned ${open(explanation.total)} from ` +
        `${explanation.models.filter((m) => m.amount > 0n).length} model(s); cumulative ${open(cumulative)}`,
    ];
    for (const m of withRecords) {
      const how = m.outcome === "attributed" ? "attributed" : `fallback: ${m.reason}`;
      lines.push(
        `  model ${m.modelId} (${m.method ?? "no card"}, ${how}): ${open(m.amount)} of a pool of ${open(m.pool)}`,
      );
      for (const c of m.contributions) {
        lines.push(
          `    contribution ${c.contributionId}: score ${c.score.toPrecision(6)}, ` +
            `${(c.share * 100).toFixed(2)}% of the account's, ${open(c.amount)}`,
        );
        for (const r of c.records) {
          const what =
            m.method === "spans"
              ? `credit ${r.value.toPrecision(4)}, ${r.spans?.length ?? 0} span(s) of ${
                  r.spans?.map((s) => s.tokens).join("+") ?? 0
                } tokens`
              : m.method === "retrieval"
                ? `relevance ${r.relevance}, credit ${r.value.toPrecision(4)}`
                : `influence ${r.value.toPrecision(4)}`;
          const output = "output" in r ? ` "${r.output}"` : "";
          lines.push(`      record ${r.record}: ${what}${output}`);
        }
      }
      for (const e of m.excluded) lines.push(`    contribution ${e.contributionId}: excluded (${e.reason})`);
    }
    emit(
      args.json,
      { epoch, status: report.status, account, earned: explanation.total, cumulative, models: withRecords },
      lines,
    );
  });
}
