/**
 * Stage 7: the readable summary (who paid what, who earned what and why, from the published attribution data) and
 * reports/demo.json: every flow of OPEN touching the protocol, balances, claims, attribution, and the conservation
 * check computed from the chain (ledger.ts). The file is written to a temporary name and renamed.
 */
import { mkdir, rename, unlink, writeFile } from "node:fs/promises";
import path from "node:path";

import { getAddress } from "ethers";

import { attributeSpans, buildSpanIndex } from "../../src/attribution/index.js";
import type { AttributionResult } from "./attribution.js";
import type { AttributionData } from "./claims.js";
import { fmt, type DemoContext } from "./context.js";
import type { DatanetResult, DatanetsResult } from "./datanets.js";
import type { Deployment } from "./deploy.js";
import type { InferenceResult } from "./inference.js";
import type { Ledger } from "./ledger.js";
import type { PayoutsResult } from "./payouts.js";
import type { ModelsResult } from "./training.js";

export interface SummaryInput {
  d: Deployment;
  data: DatanetsResult;
  models: ModelsResult;
  inf: InferenceResult;
  att: AttributionResult;
  out: PayoutsResult;
  ledger: Ledger;
}

/** JSON with bigints as decimal strings, Maps and Sets as objects and arrays. */
function jsonText(value: unknown): string {
  return (
    JSON.stringify(
      value,
      (_key, v: unknown) => {
        if (typeof v === "bigint") return v.toString();
        if (v instanceof Map) return Object.fromEntries(v);
        if (v instanceof Set) return [...v];
        return v;
      },
      2,
    ) + "\n"
  );
}

/** Writes `text` to `file` atomically: a temporary file in the same directory, then a rename. */
export async function writeAtomic(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, file);
  } catch (e) {
    await unlink(temporary).catch(() => undefined);
    throw e;
  }
}

interface ContributorLine {
  account: string;
  model: string;
  contributions: number;
  /** The contributor's summed score in each epoch. */
  scores: number[];
  earned: bigint;
  note: string;
}

/** What a transfer into (or out of) the protocol was for, from the call that made it. */
function purposeOf(call: string, kind: "in" | "out" | "internal"): string {
  const method = call.slice(call.indexOf(".") + 1);
  const purposes: Record<string, string> = {
    stake: "stake",
    contribute: "bonds",
    dispute: "dispute bond",
    depositEscrow: "escrow",
    fundAgent: "agent budget",
    fund: "agent budget",
    pay: kind === "in" ? "inferences" : "gateway change",
    withdrawBonds: "bond refunds",
    withdrawBondsFor: "forfeited bonds",
    claim: call.startsWith("ModelShares") ? "share revenue" : "attribution rewards",
    claimBatch: "attribution rewards",
    claimRewards: "staking rewards",
    collectModelRevenue: "model revenue",
    withdraw: "dispute bond + reward",
    withdrawBudget: "unspent budget",
    withdrawEscrow: "unspent escrow",
  };
  return purposes[method] ?? call;
}

function datanetOf(s: SummaryInput, modelId: string): DatanetResult {
  return BigInt(modelId) === s.models.generator.modelId ? s.data.speeches : s.data.emails;
}

function nameOf(s: SummaryInput, modelId: string): string {
  const model = [s.models.classifier, s.models.generator, s.models.retriever].find(
    (m) => m?.modelId === BigInt(modelId),
  );
  return model?.name ?? `model ${modelId}`;
}

function describeContribution(s: SummaryInput, modelId: string, contributionId: string): string {
  const c = datanetOf(s, modelId).contributions.get(BigInt(contributionId));
  if (c === undefined) return `#${contributionId}`;
  return `#${BigInt(contributionId) & 0xffffffffn} "${c.describe}"${c.mislabelled ? " (mislabelled)" : ""}`;
}

export function summarize(ctx: DemoContext, s: SummaryInput) {
  const { people, say } = ctx;
  const label = (a: string) => people.label(a);
  const docs: AttributionData[] = s.att.epochs.map((e) => e.doc);
  const modelName = (id: string) => nameOf(s, id);

  // ------------------------------------------------------------------ who paid what, who got what back
  say("  Every party's OPEN into and out of the protocol (read from the WOPEN transfers of its contracts):");
  const byPurpose = new Map<string, { in: Map<string, bigint>; out: Map<string, bigint> }>();
  for (const f of s.ledger.flows) {
    if (f.party === undefined) continue;
    let p = byPurpose.get(f.party);
    if (p === undefined) {
      p = { in: new Map(), out: new Map() };
      byPurpose.set(f.party, p);
    }
    const side = f.kind === "in" ? p.in : p.out;
    const purpose = purposeOf(f.call, f.kind);
    side.set(purpose, (side.get(purpose) ?? 0n) + f.amount);
  }
  const list = (m: Map<string, bigint>) =>
    m.size === 0 ? "-" : [...m].map(([purpose, amount]) => `${fmt(amount)} ${purpose}`).join(" + ");
  const partyOrder = [...s.ledger.parties].sort((a, b) => label(a[0]).localeCompare(label(b[0])));
  for (const [account, p] of partyOrder) {
    const purposes = byPurpose.get(account)!;
    const inferences = s.inf.payments.filter((x) => x.payer === account);
    const counts = [s.models.classifier.name, s.models.generator.name]
      .map((m) => [m, inferences.filter((x) => x.model === m).length] as const)
      .filter(([, n]) => n > 0)
      .map(([m, n]) => `${n} ${m}`);
    say(
      `    ${label(account).padEnd(9)} in ${fmt(p.paidIn).padStart(16)}, out ${fmt(p.withdrawn).padStart(16)}: ` +
        `paid ${list(purposes.in)}${counts.length > 0 ? ` (${counts.join(", ")} inferences)` : ""}; ` +
        `got ${list(purposes.out)}`,
    );
  }
  const inferenceTotal = s.inf.payments.reduce((t, x) => t + x.amount, 0n);
  say(`    ${s.inf.payments.length} paid inferences: ${fmt(inferenceTotal)} in total`);

  // ------------------------------------------------------------------ contributors: who earned what and why
  say("  Data contributors: what each earned, and why (from the published attribution data of both epochs):");
  say(
    "    influence: how much a contribution supports the classifier's answers to the epoch's paid requests " +
      "(one model's influence scores sum to zero, so some contributions always score below zero)",
  );
  say("    span credit: how much of the writer's output reuses a contribution's passages (rarer, longer = more)");
  say("    each epoch's pool is split over the contributors with a positive score in that epoch, pro rata");
  const lines: ContributorLine[] = [];
  for (const model of [s.models.classifier, s.models.generator]) {
    const datanet = model === s.models.classifier ? s.data.emails : s.data.speeches;
    const accepted = [...datanet.contributions.values()].filter((c) => c.accepted);
    const contributors = [...new Set(accepted.map((c) => getAddress(c.contributor)))];
    for (const account of contributors) {
      const scores: number[] = [];
      let earned = 0n;
      for (const doc of docs) {
        const m = doc.models.find((x) => BigInt(x.modelId) === model.modelId && x.outcome === "attributed");
        scores.push(m?.contributorScores[account] ?? 0);
        earned += BigInt(m?.amounts[account] ?? "0");
      }
      const mine = accepted.filter((c) => getAddress(c.contributor) === account);
      const mislabelled = mine.filter((c) => c.mislabelled).length;
      const note =
        model === s.models.classifier
          ? `${mine.filter((c) => c.label === 1).length} spam + ${mine.filter((c) => c.label === 0).length} ham` +
            (mislabelled > 0 ? `, ${mislabelled} of them mislabelled` : "")
          : mine.map((c) => c.describe.split(",")[0]).join(", ");
      lines.push({ account, model: model.name, contributions: mine.length, scores, earned, note });
    }
  }
  lines.sort((a, b) => (a.model !== b.model ? (a.model < b.model ? -1 : 1) : b.earned > a.earned ? 1 : -1));
  for (const l of lines) {
    const scoreName = l.model === s.models.classifier.name ? "influence" : "span credit";
    const signed = (x: number) => `${x >= 0 ? "+" : ""}${x.toFixed(3)}`;
    const why = l.earned > 0n ? "" : "  <- no positive score in any epoch: earns nothing";
    say(
      `    ${label(l.account).padEnd(6)} ${fmt(l.earned).padStart(15)}  ${l.model}, ${l.contributions} ` +
        `contribution${l.contributions === 1 ? "" : "s"} (${l.note}); ${scoreName} by epoch ` +
        `${l.scores.map(signed).join(", ")}${why}`,
    );
  }

  say("  Top contributions per model and epoch:");
  for (const [e, doc] of docs.entries()) {
    for (const m of doc.models) {
      if (m.outcome !== "attributed") {
        say(`    epoch ${e}, ${modelName(m.modelId)}: ${m.outcome} (${m.reason})`);
        continue;
      }
      const top = m.topContributions.slice(0, 3).map((c) => {
        return `${describeContribution(s, m.modelId, c.contributionId)} by ${label(c.contributor)} ${c.score >= 0 ? "+" : ""}${c.score.toFixed(4)}`;
      });
      say(
        `    epoch ${e}, ${modelName(m.modelId)} (${m.method}, pool ${fmt(BigInt(m.pool))}, ${m.recordsUsed} records): ` +
          top.join("; "),
      );
    }
  }

  // One generated passage and the speech it reuses (the span attribution, recomputed locally for display).
  const speechDocs = s.data.speeches.entries.map((entry) => {
    const c = s.data.speeches.contributions.get(entry.contributionId)!;
    return { id: entry.contributionId.toString(), contributor: entry.contributor, text: c.text, describe: c.describe };
  });
  const output = s.inf.logs.get(0)!.generator[0];
  const [attributed] = attributeSpans(buildSpanIndex(speechDocs), [{ id: "0", text: output.output }], {
    minLength: ctx.config.generator.minSpanLength,
  });
  const longest = [...attributed.spans].sort((a, b) => b.tokens - a.tokens)[0];
  let example: { prompt: string; output: string; span?: string; source?: string; tokens?: number } = {
    prompt: output.input,
    output: output.output,
  };
  if (longest !== undefined) {
    const source = speechDocs[longest.docs[0]];
    example = {
      ...example,
      span: output.output.slice(longest.start, longest.end),
      source: `${source.describe} (contributed by ${label(source.contributor)})`,
      tokens: longest.tokens,
    };
    say(
      `  Why the writer pays speech contributors: "${output.input}" -> its longest reused passage, ${longest.tokens} ` +
        `words of ${example.source}: "${example.span!.slice(0, 120)}${example.span!.length > 120 ? "..." : ""}"`,
    );
  }

  // ------------------------------------------------------------------ everyone else
  const treasury = s.d.addresses.get("Treasury")!;
  const intoTreasury = new Map<string, bigint>();
  for (const f of s.ledger.flows) {
    if (f.to !== getAddress(treasury)) continue;
    intoTreasury.set(f.call, (intoTreasury.get(f.call) ?? 0n) + f.amount);
  }
  const why: Record<string, string> = {
    "InferencePayments.collectProtocolFees": "protocol fees",
    "DatanetRegistry.withdrawBondsFor": "bonds of rejected e-mails",
    "OpenGovernor.execute": "oracle-c's slashed stake (minus the disputer's reward)",
  };
  say(
    `  Treasury holds ${fmt(s.ledger.contracts.find((c) => c.name === "Treasury")!.balance)}: ` +
      [...intoTreasury].map(([call, amount]) => `${fmt(amount)} ${why[call] ?? call}`).join(", "),
  );
  const total = (what: string, who?: string) =>
    s.out.withdrawals
      .filter((w) => w.what === what && (who === undefined || w.who === who))
      .reduce((t, w) => t + w.amount, 0n);
  const stakerLines = s.out.withdrawals
    .filter((w) => w.what === "staking rewards")
    .map((w) => `${label(w.who)} ${fmt(w.amount)}`);
  say(
    `  Stakers (${Number(s.out.stakerFeeBps) / 100}% of every payment, pro rata to stake): ${stakerLines.join(", ")}`,
  );
  const shareLines = s.models.generator.holders.map(
    (h) => `${label(h)} ${fmt(total("model share revenue (speech writer)", h))}`,
  );
  say(
    `  Model owners (what is left after the fees and the contributors' share): ${label(s.models.classifier.owner)} ` +
      `${fmt(total("model revenue (spam classifier)"))} for the spam classifier; the speech writer's ` +
      `${fmt(total("model share revenue (speech writer)"))} went to its share holders pro rata: ${shareLines.join(", ")}`,
  );
  const dispute = s.att.dispute;
  say(
    `  oracle-a, the disputer: bond ${fmt(dispute.bond)} back + ${fmt(dispute.disputerReward)} reward; oracle-c lost ` +
      `${fmt(dispute.slashed)} of stake`,
  );
  const holding = s.ledger.contracts.filter((c) => c.balance > 0n).map((c) => `${c.name} ${fmt(c.balance)}`);
  say(
    `  Still held by the contracts: ${holding.join(", ")} (stakes and treasury funds; odd wei are rounding kept by reward accumulators)`,
  );
  return { contributors: lines, example };
}

/** Builds the report document (everything as plain data). */
export function buildReport(
  ctx: DemoContext,
  s: SummaryInput,
  extra: { contributors: ContributorLine[]; example: unknown },
) {
  const { people } = ctx;
  const label = (a: string) => people.label(a);
  const withName = (a: string) => ({ address: a, name: label(a) });
  const { ledger } = s;
  return {
    format: "openledger.demo-report/1",
    configuration: ctx.config.name,
    contracts: Object.fromEntries(s.d.addresses),
    people: people.all(),
    deployment: {
      epochGenesis: s.d.genesis,
      epochLength: s.d.epochLength,
      deployerRoles: s.d.deployerRoles,
      timelockIsAdminOf: s.d.timelockAdminOf,
    },
    datanets: [s.data.emails, s.data.speeches].map((n) => ({
      name: n.name,
      datanetId: n.datanetId,
      owner: withName(n.owner),
      version: n.version,
      manifestUri: n.manifestUri,
      root: n.root,
      accepted: n.entries.length,
      rejected: [...n.contributions.values()]
        .filter((c) => !c.accepted)
        .map((c) => ({ contributionId: c.contributionId, contributor: label(c.contributor), reason: c.rejectReason })),
      duplicateRefused: n.duplicate,
    })),
    models: [s.models.classifier, s.models.generator].map((m) => ({
      modelId: m.modelId,
      name: m.name,
      owner: withName(m.owner),
      operator: withName(m.operator),
      price: m.price,
      metadataURI: m.cardUri,
      weightsHash: m.weightsHash,
    })),
    classifierAccuracy: { heldOutEmails: s.models.classifier.heldOut, accuracy: s.models.classifier.accuracy },
    payments: s.inf.payments.map((p) => ({ ...p, payer: withName(p.payer) })),
    attribution: s.att.epochs.map((e, k) => ({
      epoch: e.epoch,
      cumulativeRewardsRoot: e.root,
      cumulativeTotal: e.cumulativeTotal,
      dataURI: e.dataURI,
      oracleReportHashes: s.att.agreement[k].hashes,
      models: e.doc.models.map((m) => ({
        modelId: m.modelId,
        name: nameOf(s, m.modelId),
        method: m.method,
        pool: m.pool,
        outcome: m.outcome,
        recordsUsed: m.recordsUsed,
        amounts: Object.fromEntries(Object.entries(m.amounts).map(([a, v]) => [label(a), v])),
        contributorScores: Object.fromEntries(Object.entries(m.contributorScores).map(([a, v]) => [label(a), v])),
        topContributions: m.topContributions.map((c) => ({
          contributionId: c.contributionId,
          contributor: label(c.contributor),
          describe: describeContribution(s, m.modelId, c.contributionId),
          score: c.score,
        })),
      })),
    })),
    contributors: extra.contributors.map((c) => ({ ...c, account: withName(c.account) })),
    generatedExample: extra.example,
    dispute: {
      ...s.att.dispute,
      faultyOracle: withName(s.att.dispute.faultyOracle),
      disputer: withName(s.att.dispute.disputer),
      proposal: {
        proposalId: s.att.dispute.proposal.proposalId,
        description: s.att.dispute.proposal.description,
        votesFor: s.att.dispute.proposal.votesFor,
        executedTx: s.att.dispute.proposal.receipt.hash,
      },
    },
    claims: [...s.att.earlyClaims, ...s.out.claims].map((c) => ({ ...c, account: withName(c.account) })),
    withdrawals: s.out.withdrawals.map((w) => ({ ...w, who: withName(w.who) })),
    governance: {
      protocolFeeBps: { before: s.out.protocolFee.before, after: s.out.protocolFee.after },
      proposalId: s.out.protocolFee.proposal.proposalId,
      description: s.out.protocolFee.proposal.description,
      executedTx: s.out.protocolFee.proposal.receipt.hash,
    },
    flows: ledger.flows.map((f) => ({
      ...f,
      fromName: label(f.from),
      toName: label(f.to),
      ...(f.party ? { partyName: label(f.party) } : {}),
    })),
    parties: Object.fromEntries(
      [...ledger.parties].map(([a, p]) => [
        label(a),
        { address: a, paidIn: p.paidIn, withdrawn: p.withdrawn, calls: p.calls },
      ]),
    ),
    heldByContracts: ledger.contracts,
    conservation: {
      equation: "paidIn == heldByContracts + withdrawn (wei), and per contract: inflows - outflows == balance",
      paidIn: ledger.paidIn,
      heldByContracts: ledger.held,
      withdrawn: ledger.withdrawn,
      perContractOk: ledger.contracts.every((c) => c.ok),
      wopenFullyBacked: ledger.wopenBacked,
      holds: ledger.ok,
    },
  };
}

export async function writeReport(file: string, report: unknown): Promise<void> {
  await writeAtomic(file, jsonText(report));
}
