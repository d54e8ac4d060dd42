/**
 * Stage 5: Proof of Attribution by three staked oracle nodes (src/oracle OracleNode, each with its own state
 * directory, all reading the same chain and content store), arranged as test/oracle/three-oracles.test.ts arranges
 * them:
 *
 * - Epoch 0: oracle-a, -b and -c hold 10,000 OPEN of stake each. Each node computes the epoch (influence for the
 *   classifier, spans for the writer), publishes its attribution data and attests. a and b together hold 66.66% of
 *   the oracle stake, just under the 66.67% quorum, so the report is accepted only when c attests the same report
 *   hash: the three computed identical reports independently. After the challenge window it is finalized.
 * - Epoch 1: c raises its stake to 50,000 (71%: its attestation alone reaches quorum) and its node is faulty: it runs
 *   with a broken content mirror that hides the classifier's epoch-1 log, so it pays that pool to the treasury
 *   instead of the contributors. Its report is accepted on its own weight. oracle-a's node sees an accepted report
 *   that differs from its own and disputes it (bond 1,000 OPEN). Governance (the timelock holds RESOLVER_ROLE)
 *   upholds the dispute through a real proposal with the signer list read from the chain: c is slashed, a gets its
 *   bond back plus a reward, the epoch reopens. a and b attest again; c's operator fixes the node, which sees its
 *   report was rejected, recomputes and completes the quorum on the honest report; it is finalized after the window.
 */
import path from "node:path";

import { OracleNode, type EpochInput, type EpochRun } from "../../src/oracle/index.js";
import { OPEN } from "./config.js";
import { eventsOf, fmt, send, when, type DemoContext } from "./context.js";
import { epochEnd } from "../../src/protocol/index.js";
import { HOUR, ORACLE_STAKE, type Deployment } from "./deploy.js";
import { claimFor, published, readAttributionData, type ClaimRecord, type Published } from "./claims.js";
import { enact, type Enacted } from "./governance.js";
import { commitLog, type InferenceResult } from "./inference.js";
import type { ModelsResult } from "./training.js";

export const EXTRA_STAKE_C = 40_000n * OPEN;

export interface DisputeResult {
  epoch: number;
  faultyOracle: string;
  wrongReportHash: string;
  honestReportHash: string;
  /** What the wrong report did (the classifier's outcome in it). */
  wrongOutcome: string;
  disputer: string;
  bond: bigint;
  stakeBefore: bigint;
  stakeAfter: bigint;
  slashed: bigint;
  disputerReward: bigint;
  proposal: Enacted;
}

export interface AttributionResult {
  epochs: Published[];
  /** Report hashes each node attested per epoch (round 0 for epoch 0, the final round for epoch 1). */
  agreement: { epoch: number; hashes: Record<string, string> }[];
  dispute: DisputeResult;
  earlyClaims: ClaimRecord[];
  nodeLines: string[];
}

export async function attribution(
  ctx: DemoContext,
  d: Deployment,
  models: ModelsResult,
  inf: InferenceResult,
): Promise<AttributionResult> {
  const { people, say, chain } = ctx;
  const { p } = d;
  const { time } = chain.networkHelpers;
  ctx.stage(5, "three staked oracles compute attribution, agree, and one faulty report is disputed and slashed");

  const nodeLines: string[] = [];
  const node = (name: string, transformInput?: (input: EpochInput) => EpochInput) =>
    new OracleNode({
      provider: chain.ethers.provider,
      signer: people.get(name),
      deployment: d.deployment,
      store: ctx.store,
      stateDir: path.join(ctx.stateDir, name),
      log: (line) => {
        nodeLines.push(`${name}: ${line}`);
        say(`    [${name}] ${line}`);
      },
      ...(transformInput ? { transformInput } : {}),
    });
  const classifierId = models.classifier.modelId;
  /** c's fault: in epoch 1 its content mirror does not have the classifier's log, which it takes for a missing log. */
  const brokenMirror = (input: EpochInput): EpochInput =>
    input.epoch !== 1n
      ? input
      : {
          ...input,
          models: input.models.map((m) =>
            m.modelId === classifierId ? { ...m, log: { refused: "no inference log was committed" } } : m,
          ),
        };
  const A = node("oracle-a");
  const B = node("oracle-b");
  let C = node("oracle-c", brokenMirror);
  const timing = await A.chain.timing();
  const show = (name: string, run: EpochRun) =>
    say(`  ${name}: ${run.action}, epoch status ${run.status}, report ${run.reportHash?.slice(0, 18)}..`);

  // ================================================================== epoch 0
  await time.increaseTo(epochEnd(0n, d.clock) + timing.logDeadline);
  say(
    `  epoch 0: reports open ${when(epochEnd(0n, d.clock) + timing.logDeadline)} UTC (after the operators' log window)`,
  );
  const a0 = await A.runEpoch(0n);
  show("oracle-a", a0);
  const b0 = await B.runEpoch(0n);
  show("oracle-b", b0);
  const quorumBps = (await p.attributionOracle.parameters()).quorumBps;
  say(`  a and b hold 66.66% of the oracle stake, under the ${Number(quorumBps) / 100}% quorum: c must agree`);
  const c0 = await C.runEpoch(0n);
  show("oracle-c", c0);
  if (!(a0.reportHash === b0.reportHash && b0.reportHash === c0.reportHash && c0.status === "Accepted")) {
    throw new Error("the three oracles did not agree on epoch 0");
  }
  say(`  the three nodes computed the same report independently: ${a0.reportHash}`);

  // c raises its stake during epoch 1 (it counts at epoch 1's snapshot).
  const c = people.get("oracle-c");
  await send(p.wopen.connect(c).deposit({ value: EXTRA_STAKE_C }));
  await send(p.wopen.connect(c).approve(await p.staking.getAddress(), EXTRA_STAKE_C));
  await send(p.staking.connect(c).stake(EXTRA_STAKE_C));
  say(
    `  oracle-c stakes ${fmt(EXTRA_STAKE_C)} more during epoch 1: ${fmt(ORACLE_STAKE + EXTRA_STAKE_C)} of 70,000 (71%)`,
  );

  // ================================================================== epoch 1 closes
  await time.increaseTo(epochEnd(1n, d.clock));
  const logs1 = inf.logs.get(1)!;
  await commitLog(ctx, d, models.classifier, 1, logs1.classifier);
  await commitLog(ctx, d, models.generator, 1, logs1.generator);
  await time.increaseTo(epochEnd(1n, d.clock) + timing.logDeadline);
  await time.increase(HOUR); // epoch 0's challenge window is over too
  if (!(await B.finalize(0n))) throw new Error("epoch 0 could not be finalized");
  const epoch0 = await published(ctx, d, 0n);
  say(`  epoch 0 finalized by oracle-b: ${fmt(epoch0.cumulativeTotal)} claimable, root ${epoch0.root.slice(0, 18)}..`);

  // Two contributors claim their epoch-0 rewards right away (they will claim the rest later).
  const early = [ctx.config.emails.contributors[0].name, ctx.config.speeches.contributors[0].name].filter((n) =>
    epoch0.accounts.has(people.get(n).address),
  );
  const earlyClaims: ClaimRecord[] = [];
  for (const name of early) earlyClaims.push(...(await claimFor(ctx, d, epoch0, name, [people.get(name).address])));
  if (earlyClaims.length > 0) {
    say(`  ${earlyClaims.map((r) => `${people.label(r.account)} claims ${fmt(r.paid)}`).join(", ")} (epoch-0 proofs)`);
  }

  // ================================================================== epoch 1: a faulty report
  say(`  epoch 1: reports open ${when(epochEnd(1n, d.clock) + timing.logDeadline)} UTC`);
  const b1 = await B.runEpoch(1n);
  show("oracle-b", b1);
  const c1 = await C.runEpoch(1n);
  show("oracle-c", c1);
  if (c1.status !== "Accepted" || c1.reportHash === b1.reportHash)
    throw new Error("the faulty report was not accepted");
  const wrongDoc = await readAttributionData(ctx, c1.report!.dataURI);
  const wrongClassifier = wrongDoc.models.find((m) => BigInt(m.modelId) === classifierId);
  const wrongOutcome = wrongClassifier
    ? `${wrongClassifier.outcome}: ${wrongClassifier.reason ?? "attributed"}`
    : "the classifier is missing";
  say(`  oracle-c's report is accepted on its own weight; in it the classifier's pool is a ${wrongOutcome}`);
  const a1 = await A.runEpoch(1n);
  show("oracle-a", a1);
  if (a1.action !== "disputed") throw new Error(`oracle-a did not dispute (${a1.action})`);
  say(`  oracle-b: ${(await B.runEpoch(1n)).action}`);

  // Governance rules on the dispute: the signers of the accepted report come from the chain.
  const signers = await A.chain.acceptedSigners(1n);
  say(
    `  governance upholds the dispute (accepted report signed by ${signers.map((s) => people.label(s)).join(", ")}):`,
  );
  const stakeBefore = await p.staking.activeStake(c.address);
  const courtAddress = await p.attributionDisputes.getAddress();
  const proposal = await enact(ctx, d, {
    targets: [courtAddress],
    values: [0n],
    calldatas: [p.attributionDisputes.interface.encodeFunctionData("rule", [1n, true, signers])],
    description: "Uphold the dispute of epoch 1: oracle-c's report pays the spam classifier's pool to the treasury",
  });
  const resolved = eventsOf(proposal.receipt, p.attributionDisputes, "DisputeResolved")[0];
  const slashedEvents = eventsOf(proposal.receipt, p.attributionDisputes, "OracleSlashed");
  const stakeAfter = await p.staking.activeStake(c.address);
  const slashed = resolved.slashed as bigint;
  const disputerReward = resolved.disputerReward as bigint;
  say(
    `  oracle-c slashed ${fmt(slashed)} (stake ${fmt(stakeBefore)} -> ${fmt(stakeAfter)}); ` +
      `${slashedEvents.length} OracleSlashed event; oracle-a is owed its bond ${fmt(timing.disputeBond)} + ` +
      `${fmt(disputerReward)} reward, the rest of the slash goes to the treasury`,
  );
  const a = people.get("oracle-a");
  await send(p.attributionDisputes.connect(a).withdraw());

  // Round 1: the honest nodes attest again; c's fixed node recomputes and completes the quorum.
  const a1b = await A.runEpoch(1n);
  const b1b = await B.runEpoch(1n);
  show("oracle-a", a1b);
  show("oracle-b", b1b);
  C = node("oracle-c");
  const c1b = await C.runEpoch(1n);
  show("oracle-c (fixed)", c1b);
  if (c1b.status !== "Accepted" || c1b.reportHash !== a1.reportHash)
    throw new Error("the honest report was not accepted");
  await time.increase(timing.challengeWindow);
  if (!(await C.finalize(1n))) throw new Error("epoch 1 could not be finalized");
  const epoch1 = await published(ctx, d, 1n);
  say(
    `  epoch 1 finalized by oracle-c: ${fmt(epoch1.cumulativeTotal)} claimable in total, root ${epoch1.root.slice(0, 18)}..`,
  );

  return {
    epochs: [epoch0, epoch1],
    agreement: [
      { epoch: 0, hashes: { "oracle-a": a0.reportHash!, "oracle-b": b0.reportHash!, "oracle-c": c0.reportHash! } },
      { epoch: 1, hashes: { "oracle-a": a1b.reportHash!, "oracle-b": b1b.reportHash!, "oracle-c": c1b.reportHash! } },
    ],
    dispute: {
      epoch: 1,
      faultyOracle: c.address,
      wrongReportHash: c1.reportHash!,
      honestReportHash: a1.reportHash!,
      wrongOutcome,
      disputer: a.address,
      bond: timing.disputeBond,
      stakeBefore,
      stakeAfter,
      slashed,
      disputerReward,
      proposal,
    },
    earlyClaims,
    nodeLines,
  };
}
