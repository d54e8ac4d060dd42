/**
 * The OpenLedger demo: the protocol's whole life cycle on an in-process chain with real data (see scripts/demo.ts
 * for the command and README "The demo"). Each stage is one module; `runDemo` runs them in order, prints progress,
 * writes the report and returns the facts a test checks.
 *
 * 1. deploy.ts       the protocol through the production Ignition module; the deployer keeps no role
 * 2. datanets.ts     two Datanets of real data through the content store; curation, a refused duplicate, versions
 * 3. training.ts     a spam classifier and a speech writer trained on the versions, registered, one tokenized
 * 4. inference.ts    paid inferences (direct, native gateway, vouchers, agent budget) over two epochs; logs
 * 5. attribution.ts  three oracle nodes agree; a faulty report is disputed, governance slashes its oracle
 * 6. payouts.ts      claims, fees, rewards, revenue, share holders; a governance fee change
 * 7. summary.ts      who paid and earned what and why; reports/demo.json with the conservation check (ledger.ts)
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { network } from "hardhat";

import type { LogRecord } from "../../src/oracle/index.js";
import { LocalContentStore } from "../../src/storage/index.js";
import { attribution } from "./attribution.js";
import type { AttributionData, ClaimRecord } from "./claims.js";
import { FULL_CONFIG, type DemoConfig } from "./config.js";
import { fmtExact, People, STAGES, type Chain, type DemoContext } from "./context.js";
import { datanets } from "./datanets.js";
import { deploy } from "./deploy.js";
import { inference } from "./inference.js";
import { readLedger } from "./ledger.js";
import { payouts } from "./payouts.js";
import { commitRetrievalLog, serveRetrieval } from "./retrieval.js";
import { buildReport, summarize, writeReport } from "./summary.js";
import { training } from "./training.js";

export interface DemoOptions {
  /** Print nothing (the test). */
  quiet?: boolean;
  /** Where the report goes (default reports/demo.json). */
  reportFile?: string;
  /** Content store directory (default reports/demo-content; content-addressed, so reruns share it). */
  contentDir?: string;
  /** What to run (default FULL_CONFIG). */
  config?: DemoConfig;
  /** The chain to run on (default: a fresh `network.create()`). */
  chain?: Chain;
}

export interface DemoResult {
  /** The conservation check held and every claim paid exactly its difference (other checks throw). */
  ok: boolean;
  seconds: number;
  reportFile: string;
  conservation: { paidIn: bigint; held: bigint; withdrawn: bigint; holds: boolean; perContractOk: boolean };
  facts: {
    deployerRoles: string[];
    duplicateErrors: string[];
    rejected: number;
    classifierAccuracy: number;
    /** Report hashes per oracle per epoch. */
    agreement: { epoch: number; hashes: Record<string, string> }[];
    faultyOracle: { address: string; slashed: bigint; stakeBefore: bigint; stakeAfter: bigint; slashedEvent: boolean };
    claims: ClaimRecord[];
    allClaimsExact: boolean;
    distributorBalance: bigint;
    protocolFeeBps: { before: number; after: number };
    paymentsCount: number;
    /** The retrieval model: its epoch-0 log records and its entry in epoch 0's published data. */
    retrieval: {
      modelId: bigint;
      records: LogRecord[];
      misrouted: number;
      published: AttributionData["models"][number] | undefined;
    };
  };
}

/** The people of the demo, by role. */
function addPeople(people: People, config: DemoConfig) {
  for (const c of config.emails.contributors) {
    people.add(c.name, c.mislabelled ? "e-mail contributor (careless labeller)" : "e-mail contributor");
  }
  for (const c of config.speeches.contributors) people.add(c.name, "speech contributor");
  const roles: [string, string][] = [
    ["quinn", "owner and curator of the e-mail Datanet"],
    ["rosa", "owner and curator of the speeches Datanet"],
    ["acme", "owner of the spam classifier"],
    ["bard", "owner of the speech writer (70% of its shares)"],
    ["peggy", "bought 30% of the speech writer's shares"],
    ["op-mail", "compute provider operating the spam classifier"],
    ["op-text", "compute provider operating the speech writer"],
    ["mailco", "direct payer (WOPEN)"],
    ["victor", "pays with native OPEN through the gateway"],
    ["walter", "voucher payer (escrow in WOPEN)"],
    ["xena", "voucher payer (escrow through the gateway)"],
    ["zeta", "owner of an agent with a budget"],
    ["agent-op", "operator of zeta's agent"],
    ["oracle-a", "attribution oracle"],
    ["oracle-b", "attribution oracle"],
    ["oracle-c", "attribution oracle (faulty in epoch 1)"],
    ["vera", "governance staker and voter"],
    ["relayer", "claims for others, pokes collections"],
  ];
  for (const [name, role] of roles) people.add(name, role);
}

export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const started = Date.now();
  const config = options.config ?? FULL_CONFIG;
  const quiet = options.quiet ?? false;
  const reportFile = options.reportFile ?? path.join("reports", "demo.json");
  const chain = options.chain ?? (await network.create());
  const stateDir = await mkdtemp(path.join(tmpdir(), "openledger-demo-oracles-"));
  const say = (line: string) => {
    if (!quiet) console.log(line);
  };
  const ctx: DemoContext = {
    config,
    chain,
    people: new People(chain),
    store: new LocalContentStore(options.contentDir ?? path.join("reports", "demo-content")),
    stateDir,
    say,
    stage: (k, title) => say(`\n[${k}/${STAGES}] ${title} ... (${((Date.now() - started) / 1000).toFixed(1)} s)`),
  };
  addPeople(ctx.people, config);
  say(`OpenLedger demo (${config.name} configuration) on an in-process chain`);
  try {
    const d = await deploy(ctx);
    const data = await datanets(ctx, d);
    const models = await training(ctx, d, data);
    const rag = await serveRetrieval(ctx, d, data);
    models.retriever = rag.model;
    const inf = await inference(ctx, d, data, models);
    await commitRetrievalLog(ctx, d, rag);
    const att = await attribution(ctx, d, models, inf);
    const out = await payouts(ctx, d, models, inf, att);

    ctx.stage(7, "summary: who paid what, who earned what and why; conservation of OPEN");
    const ledger = await readLedger(ctx, d);
    const input = { d, data, models, inf, att, out, ledger };
    const extra = summarize(ctx, input);
    const report = buildReport(ctx, input, extra);
    await writeReport(reportFile, report);
    say(`\n  Conservation of OPEN (${ledger.flows.length} transfers touching the protocol, read from the chain):`);
    say(`    paid in           ${fmtExact(ledger.paidIn)}`);
    say(`    held by contracts ${fmtExact(ledger.held)}`);
    say(`    withdrawn         ${fmtExact(ledger.withdrawn)}`);
    say(
      `    paid in == held + withdrawn, to the wei: ${ledger.paidIn === ledger.held + ledger.withdrawn}; ` +
        `per contract: ${ledger.contracts.every((c) => c.ok)}; WOPEN fully backed: ${ledger.wopenBacked}`,
    );

    const claims = [...att.earlyClaims, ...out.claims];
    const seconds = (Date.now() - started) / 1000;
    const allClaimsExact = claims.every((c) => c.exact);
    const result: DemoResult = {
      ok: ledger.ok && allClaimsExact,
      seconds,
      reportFile,
      conservation: {
        paidIn: ledger.paidIn,
        held: ledger.held,
        withdrawn: ledger.withdrawn,
        holds: ledger.paidIn === ledger.held + ledger.withdrawn,
        perContractOk: ledger.contracts.every((c) => c.ok),
      },
      facts: {
        deployerRoles: d.deployerRoles,
        duplicateErrors: [data.emails.duplicate.error, data.speeches.duplicate.error],
        rejected: [data.emails, data.speeches].reduce(
          (n, x) => n + [...x.contributions.values()].filter((c) => !c.accepted).length,
          0,
        ),
        classifierAccuracy: models.classifier.accuracy,
        agreement: att.agreement,
        faultyOracle: {
          address: att.dispute.faultyOracle,
          slashed: att.dispute.slashed,
          stakeBefore: att.dispute.stakeBefore,
          stakeAfter: att.dispute.stakeAfter,
          slashedEvent: att.dispute.slashed > 0n,
        },
        claims,
        allClaimsExact,
        distributorBalance: out.distributorBalance,
        protocolFeeBps: { before: out.protocolFee.before, after: out.protocolFee.after },
        paymentsCount: inf.payments.length,
        retrieval: {
          modelId: rag.model.modelId,
          records: rag.records,
          misrouted: rag.misrouted,
          published: att.epochs[0].doc.models.find((m) => BigInt(m.modelId) === rag.model.modelId),
        },
      },
    };
    say(`\n  report: ${reportFile}; ${result.ok ? "done" : "CHECK FAILED"} in ${seconds.toFixed(1)} s`);
    return result;
  } finally {
    await rm(stateDir, { recursive: true, force: true });
  }
}
