/**
 * Stage 4: paid inferences over two epochs, by every payment path the protocol has:
 * - direct: `InferencePayments.pay` by a payer holding WOPEN (mailco);
 * - native: `NativeGateway.pay` with native OPEN, the unused part refunded (victor);
 * - vouchers: payers escrow funds once (walter with WOPEN, xena through the gateway), then sign an EIP-712 voucher
 *   (src/protocol/eip712.ts) per request for their cumulative spend; the operator redeems the latest voucher of each
 *   payer in one batch before the epoch ends;
 * - agent: an agent's budget (funded through the gateway) pays with `payFromAgent`, called by the agent's operator.
 * Every answer is a real model output: the classifier's prediction for a held-out e-mail, the writer's continuation
 * of a prompt. Each operator records its inferences and, once the epoch is over, publishes the log
 * (`encodeInferenceLog` in the content store) and commits its root (`commitInferenceLog`).
 */
import { id as keccakId } from "ethers";

import { contentUri, encodeInferenceLog, logRoot, type LogRecord } from "../../src/oracle/index.js";
import { epochEnd, epochStart, signCompactVoucher, voucherDomain } from "../../src/protocol/index.js";
import { OPEN, type InferencePlan } from "./config.js";
import { eventsOf, fmt, send, when, type DemoContext } from "./context.js";
import type { DatanetsResult } from "./datanets.js";
import type { Deployment } from "./deploy.js";
import type { ModelsResult, RegisteredModel } from "./training.js";

export type PaymentMethod = "direct" | "native gateway" | "voucher" | "agent budget";

export interface PaymentRecord {
  epoch: number;
  model: string;
  modelId: bigint;
  /** Who paid: the payer of record, or the agent's owner for agent payments. */
  payer: string;
  method: PaymentMethod;
  amount: bigint;
  /** Transaction hash (direct, gateway, agent) or the redeeming batch's (vouchers). */
  tx: string;
}

export interface InferenceResult {
  agentId: bigint;
  /** Log records per epoch and model name ("classifier", "generator"). */
  logs: Map<number, { classifier: LogRecord[]; generator: LogRecord[] }>;
  payments: PaymentRecord[];
  /** Escrow payers of the classifier. */
  voucherPayers: string[];
}

const PROMPTS = [
  "Tonight, I",
  "Our economy",
  "We must",
  "Health care",
  "Our troops",
  "The state of our Union",
  "America is",
  "Together, we",
];

/** Publishes an operator's log of `epoch` and commits its root (the epoch must be over, its log window open). */
export async function commitLog(
  ctx: DemoContext,
  d: Deployment,
  model: RegisteredModel,
  epoch: number,
  records: LogRecord[],
): Promise<void> {
  const operator = ctx.people.get(ctx.people.label(model.operator));
  const uri = contentUri(await ctx.store.put(encodeInferenceLog(records)));
  await send(d.p.inferenceLogs.connect(operator).commitInferenceLog(model.modelId, epoch, logRoot(records), uri));
  ctx.say(
    `  ${ctx.people.label(model.operator)} commits the ${model.name}'s epoch-${epoch} log: ${records.length} records`,
  );
}

export async function inference(
  ctx: DemoContext,
  d: Deployment,
  data: DatanetsResult,
  models: ModelsResult,
): Promise<InferenceResult> {
  const { config, people, say, chain } = ctx;
  const { p } = d;
  const { time } = chain.networkHelpers;
  ctx.stage(4, "agents and payers pay for inferences over two epochs");
  const paymentsAddress = await p.inferencePayments.getAddress();
  const chainId = (await chain.ethers.provider.getNetwork()).chainId;
  const domain = voucherDomain(chainId, paymentsAddress);
  const { classifier, generator } = models;

  // ------------------------------------------------------------------ payers get ready
  const mailco = people.get("mailco");
  await send(p.wopen.connect(mailco).deposit({ value: 100n * OPEN }));
  await send(p.wopen.connect(mailco).approve(paymentsAddress, 100n * OPEN));
  const voucherPayers = ["walter", "xena"].slice(
    0,
    Math.max(...config.inferences.map((i) => i.classifier.vouchers.length)),
  );
  const escrow = [10n * OPEN, 5n * OPEN];
  for (const [k, name] of voucherPayers.entries()) {
    const payer = people.get(name);
    if (k === 0) {
      await send(p.wopen.connect(payer).deposit({ value: escrow[k] }));
      await send(p.wopen.connect(payer).approve(paymentsAddress, escrow[k]));
      await send(p.inferencePayments.connect(payer).depositEscrow(classifier.modelId, escrow[k]));
    } else {
      await send(p.nativeGateway.connect(payer).depositEscrow(classifier.modelId, { value: escrow[k] }));
    }
  }
  say(
    `  ${voucherPayers.map((n, k) => `${n} escrows ${fmt(escrow[k])}`).join(", ")} for the classifier ` +
      `(xena with native OPEN through the gateway)`,
  );
  const zeta = people.get("zeta");
  const agentMeta = contentUri(
    await ctx.store.put(
      new TextEncoder().encode(
        JSON.stringify({ name: "inbox assistant", description: "Filters mail, drafts speeches" }),
      ),
    ),
  );
  const registered = await send(
    p.agentRegistry
      .connect(zeta)
      .register(people.get("agent-op").address, agentMeta, [classifier.modelId, generator.modelId]),
  );
  const agentId = eventsOf(registered, p.agentRegistry, "AgentRegistered")[0].agentId as bigint;
  const budget = 40n * OPEN;
  await send(p.nativeGateway.connect(zeta).fundAgent(agentId, { value: budget }));
  say(
    `  zeta registers agent ${agentId} ("inbox assistant", operator agent-op, both models), funds ${fmt(budget)} natively`,
  );

  // ------------------------------------------------------------------ serving
  const payments: PaymentRecord[] = [];
  const logs = new Map<number, { classifier: LogRecord[]; generator: LogRecord[] }>();
  const cumulative = new Map<string, bigint>();
  let emailCursor = 0;
  let promptCursor = 0;
  let requestCounter = 0;

  /** Pays and serves the requests of `plan` for one model; returns its log records. */
  async function serve(
    epoch: number,
    model: RegisteredModel,
    plan: InferencePlan,
    run: (input: string, requestHash: string) => string,
    nextInput: () => string,
  ) {
    const records: LogRecord[] = [];
    const request = (payer: string) => {
      const input = nextInput();
      const requestHash = keccakId(`openledger-demo/request/${requestCounter++}/${payer}/${model.modelId}/${input}`);
      return { input, requestHash, output: run(input, requestHash) };
    };
    for (let k = 0; k < plan.direct; k++) {
      const r = request("mailco");
      const receipt = await send(p.inferencePayments.connect(mailco).pay(model.modelId, 1, model.price, r.requestHash));
      records.push({ requestHash: r.requestHash, input: r.input, output: r.output, paymentRef: receipt.hash });
      payments.push({
        epoch,
        model: model.name,
        modelId: model.modelId,
        payer: mailco.address,
        method: "direct",
        amount: model.price,
        tx: receipt.hash,
      });
    }
    const victor = people.get("victor");
    for (let k = 0; k < plan.gateway; k++) {
      const r = request("victor");
      // victor sends 10% more than the price: the gateway refunds the difference in native OPEN.
      const receipt = await send(
        p.nativeGateway
          .connect(victor)
          .pay(model.modelId, 1, r.requestHash, { value: model.price + model.price / 10n }),
      );
      records.push({ requestHash: r.requestHash, input: r.input, output: r.output, paymentRef: receipt.hash });
      payments.push({
        epoch,
        model: model.name,
        modelId: model.modelId,
        payer: victor.address,
        method: "native gateway",
        amount: model.price,
        tx: receipt.hash,
      });
    }
    const vouchers: { payer: string; cumulativeAmount: bigint; r: string; vs: string }[] = [];
    const pending: { payer: string; amount: bigint }[] = [];
    for (const [k, count] of plan.vouchers.entries()) {
      const payer = people.get(voucherPayers[k]);
      let signed: (typeof vouchers)[number] | undefined;
      for (let j = 0; j < count; j++) {
        const r = request(voucherPayers[k]);
        const total = (cumulative.get(payer.address) ?? 0n) + model.price;
        cumulative.set(payer.address, total);
        signed = await signCompactVoucher(payer, domain, {
          payer: payer.address,
          modelId: model.modelId,
          cumulativeAmount: total,
        });
        records.push({
          requestHash: r.requestHash,
          input: r.input,
          output: r.output,
          paymentRef: `voucher:${payer.address}:${total}`,
        });
        pending.push({ payer: payer.address, amount: model.price });
      }
      if (signed) vouchers.push(signed);
    }
    if (vouchers.length > 0) {
      const operator = people.get(people.label(model.operator));
      const receipt = await send(p.inferencePayments.connect(operator).redeemVouchers(model.modelId, vouchers));
      for (const v of pending) {
        payments.push({
          epoch,
          model: model.name,
          modelId: model.modelId,
          payer: v.payer,
          method: "voucher",
          amount: v.amount,
          tx: receipt.hash,
        });
      }
      const redeemed = eventsOf(receipt, p.inferencePayments, "VoucherRedeemed");
      say(
        `    ${people.label(model.operator)} redeems ${vouchers.length} vouchers in one batch: ` +
          redeemed.map((e) => `${people.label(e.payer as string)} ${fmt(e.paid as bigint)}`).join(", "),
      );
    }
    const agentOp = people.get("agent-op");
    for (let k = 0; k < plan.agent; k++) {
      const r = request("agent");
      const receipt = await send(
        p.inferencePayments.connect(agentOp).payFromAgent(agentId, model.modelId, 1, model.price, r.requestHash),
      );
      records.push({ requestHash: r.requestHash, input: r.input, output: r.output, paymentRef: receipt.hash });
      payments.push({
        epoch,
        model: model.name,
        modelId: model.modelId,
        payer: zeta.address,
        method: "agent budget",
        amount: model.price,
        tx: receipt.hash,
      });
    }
    return records;
  }

  const heldOut = data.heldOut;
  const classify = (input: string) => String(classifier.model.predict(input));
  const write = (prompt: string, requestHash: string) =>
    generator.model.generate(prompt, config.generator.words, parseInt(requestHash.slice(2, 10), 16));
  for (const [epoch, plan] of config.inferences.entries()) {
    say(`  epoch ${epoch} (from ${when(epochStart(BigInt(epoch), d.clock))} UTC):`);
    const before = payments.length;
    const c = await serve(
      epoch,
      classifier,
      plan.classifier,
      classify,
      () => heldOut[emailCursor++ % heldOut.length].text,
    );
    const g = await serve(epoch, generator, plan.generator, write, () => PROMPTS[promptCursor++ % PROMPTS.length]);
    logs.set(epoch, { classifier: c, generator: g });
    const paid = payments.slice(before);
    const sum = (f: (x: PaymentRecord) => boolean) => paid.filter(f).reduce((s, x) => s + x.amount, 0n);
    const byMethod = (["direct", "native gateway", "voucher", "agent budget"] as PaymentMethod[])
      .map((m) => [m, paid.filter((x) => x.method === m).length] as const)
      .filter(([, n]) => n > 0)
      .map(([m, n]) => `${n} ${m}`)
      .join(", ");
    const spam = c.filter((r) => r.output === "1").length;
    say(
      `    ${c.length} e-mails classified (${spam} flagged as spam), ${g.length} passages written; ` +
        `${fmt(sum(() => true))} paid (${byMethod})`,
    );
    if (epoch === 0) {
      say(`    e.g. "${g[0].input}" -> "${g[0].output.slice(0, 110)}..."`);
      // The epoch ends; each operator publishes its log while the window is open.
      await time.increaseTo(epochEnd(0n, d.clock));
      await commitLog(ctx, d, classifier, 0, c);
      await commitLog(ctx, d, generator, 0, g);
    }
  }
  for (const m of [classifier, generator]) {
    const pools = await Promise.all([0n, 1n].map((e) => p.inferencePayments.attributionPool(m.modelId, e)));
    say(`  ${m.name}: contributor pools ${pools.map((x, e) => `epoch ${e} ${fmt(x)}`).join(", ")}`);
  }
  return { agentId, logs, payments, voucherPayers };
}
