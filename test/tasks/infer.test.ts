import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { formatUnits, keccak256, toUtf8Bytes, verifyTypedData } from "ethers";

import {
  VOUCHERS_FORMAT,
  VOUCHER_TYPES,
  paymentsDomain,
  signedVoucher,
  writeVouchersFile,
} from "../../tasks/infer/vouchers.js";
import { formatWhen } from "../../tasks/lib/time.js";
import { deployWithTask, runFailing, runTask } from "../helpers/run-task.js";
import { OPEN, protocolAt, registerModel, type ProtocolAt } from "../helpers/task-protocol.js";

const CENT = OPEN / 100n;

interface PayOutput {
  amount: string;
  epoch: string;
  agentId: string;
  requestHash: string;
  split: Record<string, string>;
  transactions: string[];
}

/**
 * `infer` tasks against a protocol deployed by `protocol deploy`. The tests run in order on one deployment.
 * Accounts: 1 model owner, 2 operator of the models, 3 agent owner, 4 agent operator, 5 direct payer, 6 and 7 escrow
 * payers, 8 has no WOPEN, 10 a payer whose vouchers key 11 signs (12 an unauthorized key).
 */
describe("tasks: infer", function () {
  let p: ProtocolAt;
  let files: string;
  let modelId: bigint; // 0.01 OPEN per unit, contributor share 30%
  let pausedModel: bigint;
  const agentId = 1n;
  const addr = (i: number) => p.signers[i].address;
  const model = () => modelId.toString();

  before(async function () {
    const { deployment } = await deployWithTask();
    p = await protocolAt(deployment);
    files = mkdtempSync(path.join(tmpdir(), "openledger-vouchers-"));
    modelId = await registerModel(p, p.signers[1], p.signers[2], CENT);
    pausedModel = await registerModel(p, p.signers[1], p.signers[2], CENT);
    await p.models.connect(p.signers[1]).setStatus(pausedModel, 2);
    await p.agents.connect(p.signers[3]).register(addr(4), "ipfs://agent", [modelId]);
    await p.wopen.connect(p.signers[3]).deposit({ value: OPEN });
    await p.wopen.connect(p.signers[3]).approve(await p.agents.getAddress(), OPEN);
    await p.agents.connect(p.signers[3]).fund(agentId, OPEN);
  });

  describe("pay", function () {
    it("pays price x units from wrapped native OPEN, hashing --request, and reports the exact split", async function () {
      const accruedBefore = await p.payments.modelRevenueAccrued(modelId);
      const run = await runTask(["infer", "pay"], {
        model: model(),
        units: "10",
        request: "classify: win a free cruise",
        wrap: true,
        account: 5,
        json: true,
      });
      expect(run.exitCode).to.equal(undefined);
      const out = run.json<PayOutput>();
      // 0.1 OPEN: 5% protocol, 5% stakers, of the remaining 0.09 30% to contributors and 70% to the owner.
      expect(out.amount).to.equal((10n * CENT).toString());
      expect(out.requestHash).to.equal(keccak256(toUtf8Bytes("classify: win a free cruise")));
      expect(out.split).to.deep.equal({
        protocol: (CENT / 2n).toString(),
        stakers: (CENT / 2n).toString(),
        contributors: ((27n * CENT) / 10n).toString(),
        owner: ((63n * CENT) / 10n).toString(),
      });
      expect(out.epoch).to.equal((await p.payments.currentEpoch()).toString());
      expect(out.transactions).to.have.length(3);
      expect((await p.payments.modelRevenueAccrued(modelId)) - accruedBefore).to.equal((63n * CENT) / 10n);
      expect(await p.wopen.balanceOf(addr(5))).to.equal(0n);
    });

    it("prints one readable summary by default", async function () {
      const run = await runTask(["infer", "pay"], {
        model: model(),
        units: "2",
        requestHash: "0x" + "ab".repeat(32),
        wrap: true,
        account: 5,
      });
      expect(run.stdout.split("\n")[0]).to.equal(
        `paid 0.02 OPEN for 2 unit(s) of model ${modelId} from ${addr(5)}, epoch ${await p.payments.currentEpoch()}`,
      );
      expect(run.stdout).to.contain("split: protocol 0.001, stakers 0.001, contributors 0.0054, owner 0.0126 OPEN");
    });

    it("refuses without WOPEN and names --wrap; changes nothing", async function () {
      const accrued = await p.payments.modelRevenueAccrued(modelId);
      const message = await runFailing(["infer", "pay"], { model: model(), units: "1", request: "x", account: 8 });
      expect(message).to.match(
        /^account 0x[0-9a-fA-F]{40} holds 0\.0 WOPEN, the payment needs 0\.01; it has .* native/,
      );
      expect(message).to.contain("pass --wrap to wrap the difference");
      expect(await p.payments.modelRevenueAccrued(modelId)).to.equal(accrued);
      expect(await p.wopen.balanceOf(addr(8))).to.equal(0n);
    });

    it("refuses a --max below the current price, before wrapping anything", async function () {
      expect(
        await runFailing(["infer", "pay"], {
          model: model(),
          units: "3",
          max: "0.029",
          request: "x",
          wrap: true,
          account: 8,
        }),
      ).to.equal(`3 unit(s) of model ${modelId} cost 0.03 OPEN at the current price, above --max 0.029`);
      expect(await p.wopen.balanceOf(addr(8))).to.equal(0n);
    });

    it("refuses unknown and paused models, bad units and request options", async function () {
      const base = { units: "1", request: "x", account: 5 };
      expect(await runFailing(["infer", "pay"], { ...base, model: "99" })).to.equal("model 99 does not exist");
      expect(await runFailing(["infer", "pay"], { ...base, model: pausedModel.toString() })).to.equal(
        `model ${pausedModel} is paused and does not accept payments`,
      );
      expect(await runFailing(["infer", "pay"], { ...base, model: "one" })).to.equal(
        '--model: "one" is not a non-negative integer',
      );
      expect(await runFailing(["infer", "pay"], { ...base, model: model(), units: "0" })).to.equal(
        "--units must be at least 1",
      );
      expect(await runFailing(["infer", "pay"], { model: model(), account: 5 })).to.equal(
        "--request TEXT or --request-hash 0x... is required (the operator's inference log references it)",
      );
      expect(await runFailing(["infer", "pay"], { ...base, model: model(), requestHash: "0x12" })).to.equal(
        "give either --request or --request-hash, not both",
      );
      expect(await runFailing(["infer", "pay"], { model: model(), requestHash: "0x12", account: 5 })).to.equal(
        '--request-hash: "0x12" is not a 32-byte hex value',
      );
    });

    it("--agent pays from the agent's budget as its operator", async function () {
      const run = await runTask(["infer", "pay"], {
        model: model(),
        units: "5",
        request: "agent call",
        agent: "1",
        account: 4,
        json: true,
      });
      const out = run.json<PayOutput>();
      expect(out.amount).to.equal((5n * CENT).toString());
      expect(out.agentId).to.equal("1");
      expect(out.transactions).to.have.length(1);
      const [, budget] = await p.agents.agent(agentId);
      expect(budget).to.equal(OPEN - 5n * CENT);
    });

    it("--agent refuses an unknown agent, a non-operator, a model not allowed, a short budget and --wrap", async function () {
      const base = { units: "1", request: "x", account: 4 };
      expect(await runFailing(["infer", "pay"], { ...base, model: model(), agent: "9" })).to.equal(
        "agent 9 does not exist",
      );
      expect(await runFailing(["infer", "pay"], { ...base, model: model(), agent: "1", account: 3 })).to.equal(
        `account ${addr(3)} is not the operator of agent 1 (its operator is ${addr(4)})`,
      );
      const other = await registerModel(p, p.signers[1], p.signers[2], CENT);
      expect(await runFailing(["infer", "pay"], { ...base, model: other.toString(), agent: "1" })).to.equal(
        `agent 1 is not allowed to use model ${other}`,
      );
      expect(await runFailing(["infer", "pay"], { ...base, model: model(), units: "100", agent: "1" })).to.equal(
        "agent 1 has a budget of 0.95 OPEN, the payment needs 1.0 OPEN",
      );
      expect(await runFailing(["infer", "pay"], { ...base, model: model(), agent: "1", wrap: true })).to.equal(
        "--wrap does not apply to --agent (the budget pays)",
      );
      const [, budget] = await p.agents.agent(agentId);
      expect(budget).to.equal(OPEN - 5n * CENT);
    });
  });

  describe("escrow, vouchers and redemption", function () {
    const voucherFile = (name: string) => path.join(files, name);

    it("escrow-deposit escrows for the account and --for another payer", async function () {
      const run = await runTask(["infer", "escrow-deposit"], {
        model: model(),
        amount: "5",
        wrap: true,
        account: 6,
        json: true,
      });
      expect(run.json()).to.include({ payer: addr(6), balance: (5n * OPEN).toString() });
      await runTask(["infer", "escrow-deposit"], { model: model(), amount: "1", for: addr(7), wrap: true, account: 6 });
      expect((await p.payments.escrowAccount(addr(6), modelId))[0]).to.equal(5n * OPEN);
      expect((await p.payments.escrowAccount(addr(7), modelId))[0]).to.equal(OPEN);
    });

    it("escrow-deposit refuses an unknown model, a zero amount and a bad --for", async function () {
      const base = { amount: "1", wrap: true, account: 6 };
      expect(await runFailing(["infer", "escrow-deposit"], { ...base, model: "77" })).to.equal(
        "model 77 does not exist",
      );
      expect(await runFailing(["infer", "escrow-deposit"], { ...base, model: model(), amount: "0" })).to.equal(
        "--amount must be above 0",
      );
      expect(await runFailing(["infer", "escrow-deposit"], { ...base, model: model(), for: "bob" })).to.equal(
        '--for: "bob" is not an address',
      );
      expect((await p.payments.escrowAccount(addr(6), modelId))[0]).to.equal(5n * OPEN);
    });

    it("sign-vouchers writes signed cumulative vouchers and adds later ones to the same file", async function () {
      const file = voucherFile("payer6.json");
      const run = await runTask(["infer", "sign-vouchers"], {
        model: model(),
        amounts: "1, 2.5",
        out: file,
        account: 6,
        json: true,
      });
      expect(run.json()).to.include({ file, vouchers: 2 });
      await runTask(["infer", "sign-vouchers"], { model: model(), amounts: "3", out: file, account: 6 });
      const doc = JSON.parse(readFileSync(file, "utf8")) as {
        format: string;
        chainId: string;
        inferencePayments: string;
        modelId: string;
        vouchers: { payer: string; cumulativeAmount: string; signature: string }[];
      };
      expect(doc).to.include({
        format: "openledger-vouchers-v1",
        chainId: "31337",
        inferencePayments: await p.payments.getAddress(),
        modelId: model(),
      });
      expect(doc.vouchers.map((v) => v.cumulativeAmount)).to.deep.equal(
        [OPEN, (5n * OPEN) / 2n, 3n * OPEN].map(String),
      );
      const domain = paymentsDomain(31337n, await p.payments.getAddress());
      for (const v of doc.vouchers) {
        const value = { payer: v.payer, modelId, cumulativeAmount: BigInt(v.cumulativeAmount) };
        expect(verifyTypedData(domain, VOUCHER_TYPES, value, v.signature)).to.equal(addr(6));
      }
    });

    it("sign-vouchers notes when a voucher exceeds what the escrow covers", async function () {
      const run = await runTask(["infer", "sign-vouchers"], {
        model: model(),
        amounts: "0.5",
        out: voucherFile("payer7.json"),
        account: 7,
      });
      expect(run.stdout).to.not.contain("note:");
      const over = await runTask(["infer", "sign-vouchers"], {
        model: model(),
        amounts: "9",
        out: voucherFile("payer7-over.json"),
        account: 7,
      });
      expect(over.stdout).to.contain("note: the escrow covers vouchers up to 1.0 OPEN");
    });

    it("sign-vouchers refuses a file of another model, bad amounts and an unknown model", async function () {
      const other = voucherFile("other-model.json");
      writeFileSync(
        other,
        JSON.stringify({
          format: "openledger-vouchers-v1",
          chainId: "31337",
          inferencePayments: await p.payments.getAddress(),
          modelId: "2",
          vouchers: [],
        }),
      );
      expect(
        await runFailing(["infer", "sign-vouchers"], { model: model(), amounts: "1", out: other, account: 6 }),
      ).to.equal(
        `${other} holds vouchers for model 2 of ${await p.payments.getAddress()} on chain 31337, not model ${modelId} ` +
          "here: choose another --out",
      );
      expect(await runFailing(["infer", "sign-vouchers"], { model: model(), account: 6 })).to.equal(
        "--amounts is required (cumulative OPEN amounts, comma-separated)",
      );
      expect(await runFailing(["infer", "sign-vouchers"], { model: model(), amounts: "1,x", account: 6 })).to.equal(
        '--amounts: "x" is not a positive decimal amount',
      );
      expect(await runFailing(["infer", "sign-vouchers"], { model: "42", amounts: "1", account: 6 })).to.equal(
        "model 42 does not exist",
      );
    });

    it("redeem refuses a caller that is not the model's operator, bad batch sizes and tampered vouchers", async function () {
      const file = voucherFile("payer6.json");
      expect(await runFailing(["infer", "redeem"], { model: model(), files: [file], account: 6 })).to.equal(
        `account ${addr(6)} is not the operator of model ${modelId} (its operator is ${addr(2)})`,
      );
      expect(
        await runFailing(["infer", "redeem"], { model: model(), files: [file], batchSize: 51, account: 2 }),
      ).to.equal("--batch-size must be between 1 and 50");
      expect(await runFailing(["infer", "redeem"], { model: model(), account: 2 })).to.equal(
        "give at least one vouchers file (from `infer sign-vouchers`)",
      );
      const tampered = voucherFile("tampered.json");
      const doc = JSON.parse(readFileSync(file, "utf8")) as { vouchers: { cumulativeAmount: string }[] };
      doc.vouchers[2].cumulativeAmount = (4n * OPEN).toString();
      doc.vouchers = [doc.vouchers[2]];
      writeFileSync(tampered, JSON.stringify(doc));
      // The contract would skip it (decision 0260); with nothing valid left the task sends nothing and says why.
      const message = await runFailing(["infer", "redeem"], { model: model(), files: [tampered], account: 2 });
      expect(message).to.match(
        new RegExp(
          `^nothing to redeem: the voucher of ${addr(6)} in ${tampered}: signed by 0x[0-9a-fA-F]{40}, ` +
            "neither the payer nor a signer it authorized$",
        ),
      );
      expect((await p.payments.escrowAccount(addr(6), modelId))[1]).to.equal(0n);
    });

    it("redeem sends each payer's highest voucher in batches and reports what was paid", async function () {
      const run = await runTask(["infer", "redeem"], {
        model: model(),
        files: [voucherFile("payer6.json"), voucherFile("payer7.json")],
        batchSize: 1,
        account: 2,
        json: true,
      });
      expect(run.exitCode).to.equal(undefined);
      const out = run.json<{
        total: string;
        split: Record<string, string>;
        payers: { payer: string; paid: string; expected: string }[];
        batches: unknown[];
      }>();
      expect(out.total).to.equal(((35n * OPEN) / 10n).toString());
      expect(out.batches).to.have.length(2);
      expect(out.payers).to.deep.equal([
        {
          payer: addr(6),
          cumulativeAmount: (3n * OPEN).toString(),
          expected: (3n * OPEN).toString(),
          paid: (3n * OPEN).toString(),
        },
        {
          payer: addr(7),
          cumulativeAmount: (OPEN / 2n).toString(),
          expected: (OPEN / 2n).toString(),
          paid: (OPEN / 2n).toString(),
        },
      ]);
      // 3.5 OPEN: 0.175 protocol, 0.175 stakers, of 3.15 30% (0.945) to contributors, 2.205 to the owner.
      expect(out.split).to.deep.equal({
        protocol: ((175n * OPEN) / 1000n).toString(),
        stakers: ((175n * OPEN) / 1000n).toString(),
        contributors: ((945n * OPEN) / 1000n).toString(),
        owner: ((2205n * OPEN) / 1000n).toString(),
      });
      const [balance6, redeemed6] = await p.payments.escrowAccount(addr(6), modelId);
      expect([balance6, redeemed6]).to.deep.equal([2n * OPEN, 3n * OPEN]);
      expect((await p.payments.escrowAccount(addr(7), modelId))[1]).to.equal(OPEN / 2n);
    });

    it("redeem again has nothing to send; a voucher above the escrow pays what it holds", async function () {
      const again = await runTask(["infer", "redeem"], {
        model: model(),
        files: [voucherFile("payer6.json")],
        account: 2,
        json: true,
      });
      expect(again.exitCode).to.equal(undefined);
      expect(again.json()).to.deep.include({ total: "0", batches: [] });
      const capped = await runTask(["infer", "redeem"], {
        model: model(),
        files: [voucherFile("payer7-over.json")],
        account: 2,
        json: true,
      });
      // Voucher of 9 OPEN, 0.5 redeemed, escrow 0.5 left: pays 0.5.
      expect(capped.json()).to.include({ total: (OPEN / 2n).toString() });
      expect(await p.payments.escrowAccount(addr(7), modelId)).to.deep.equal([0n, OPEN, 0n, 0n]);
    });

    it("signer authorizes a key for a payer; sign-vouchers --payer signs with it; redeem skips unauthorized keys", async function () {
      const payer = addr(10);
      await runTask(["infer", "escrow-deposit"], { model: model(), amount: "1", wrap: true, account: 10 });
      const [, redeemedBefore] = await p.payments.escrowAccount(payer, modelId);
      const amount = formatUnits(redeemedBefore + OPEN / 4n);
      // Account 9 is not a signer of 6 yet: refused before anything is signed.
      expect(
        await runFailing(["infer", "sign-vouchers"], { model: model(), payer, amounts: amount, account: 11 }),
      ).to.equal(`${addr(11)} is not a voucher signer of ${payer} (the payer runs \`infer signer\`)`);
      const auth = await runTask(["infer", "signer"], { signer: addr(11), account: 10, json: true });
      expect(auth.json()).to.deep.include({ payer, signer: addr(11), revoked: false });
      expect(await runFailing(["infer", "signer"], { signer: addr(11), account: 10 })).to.equal(
        `${addr(11)} already signs ${payer}'s vouchers`,
      );
      const file = voucherFile("signer11-for-10.json");
      await runTask(["infer", "sign-vouchers"], { model: model(), payer, amounts: amount, out: file, account: 11 });

      // A voucher of the same payer signed by a key it never authorized (account 8) is left out, with its reason.
      const domain = paymentsDomain(31337n, await p.payments.getAddress());
      const forged = redeemedBefore + OPEN / 2n;
      const signature = await p.signers[12].signTypedData(domain, VOUCHER_TYPES, {
        payer,
        modelId,
        cumulativeAmount: forged,
      });
      const bad = voucherFile("signer12-for-10.json");
      await writeVouchersFile(bad, {
        format: VOUCHERS_FORMAT,
        chainId: 31337n,
        inferencePayments: await p.payments.getAddress(),
        modelId,
        vouchers: [signedVoucher(payer, forged, signature)],
      });
      const run = await runTask(["infer", "redeem"], { model: model(), files: [bad, file], account: 2, json: true });
      const out = run.json<{ total: string; skipped: { payer: string; reason: string }[] }>();
      expect(out.total).to.equal((OPEN / 4n).toString());
      expect(out.skipped).to.have.length(1);
      expect(out.skipped[0].reason).to.equal(
        `${bad}: signed by ${addr(12)}, neither the payer nor a signer it authorized`,
      );

      // Revoking: the key's vouchers stay redeemable for the escrow notice, and signing more is refused.
      const revoke = await runTask(["infer", "signer"], { signer: addr(11), revoke: true, account: 10, json: true });
      const validUntil = BigInt(revoke.json<{ validUntil: string }>().validUntil);
      expect(validUntil).to.equal(await p.payments.signerValidUntil(payer, addr(11)));
      expect(
        await runFailing(["infer", "sign-vouchers"], { model: model(), payer, amounts: "9", account: 11 }),
      ).to.match(/revoked .* as a signer: its vouchers stop being redeemable at /);
      expect(await runFailing(["infer", "signer"], { signer: addr(11), revoke: true, account: 10 })).to.match(
        /is already revoked: its vouchers are redeemable until /,
      );
      expect(await runFailing(["infer", "signer"], { signer: addr(10), account: 10 })).to.equal(
        "--signer: a payer always signs its own vouchers; name another key",
      );
      expect(await runFailing(["infer", "signer"], { signer: "nope", account: 10 })).to.equal(
        '--signer: "nope" is not an address',
      );
    });

    it("pay, escrow-deposit and redeem refuse while the guardian pauses payments", async function () {
      await p.payments.connect(p.signers[0]).pause();
      const paused = "payments are paused by the guardian";
      expect(await runFailing(["infer", "pay"], { model: model(), request: "x", wrap: true, account: 5 })).to.equal(
        paused,
      );
      expect(
        await runFailing(["infer", "escrow-deposit"], { model: model(), amount: "1", wrap: true, account: 6 }),
      ).to.equal(paused);
      expect(
        await runFailing(["infer", "redeem"], { model: model(), files: [voucherFile("payer6.json")], account: 2 }),
      ).to.equal(paused);
      await p.payments.connect(p.signers[0]).unpause();
    });

    it("sign-vouchers refuses an amount already redeemed", async function () {
      expect(await runFailing(["infer", "sign-vouchers"], { model: model(), amounts: "3", account: 6 })).to.equal(
        `a voucher for 3.0 OPEN would pay nothing: 3.0 OPEN of ${addr(6)}'s vouchers for model ${modelId} are ` +
          "already redeemed (vouchers are cumulative)",
      );
    });

    it("escrow-withdraw requests, waits for the notice period, withdraws; --cancel cancels", async function () {
      const base = { model: model(), account: 6 };
      expect(await runFailing(["infer", "escrow-withdraw"], base)).to.equal(
        `no withdrawal requested from model ${modelId}'s escrow (request one with --amount)`,
      );
      expect(await runFailing(["infer", "escrow-withdraw"], { ...base, amount: "2.5" })).to.equal(
        `the escrow of ${addr(6)} for model ${modelId} holds 2.0 OPEN, less than the 2.5 OPEN requested`,
      );
      const request = await runTask(["infer", "escrow-withdraw"], { ...base, amount: "1.5", json: true });
      const thawEnd = BigInt(request.json<{ thawEnd: string }>().thawEnd);
      expect(thawEnd).to.equal(BigInt(await p.time.latest()) + 2n * 86_400n);
      const now = BigInt(await p.time.latest());
      expect(await runFailing(["infer", "escrow-withdraw"], base)).to.equal(
        `the withdrawal of 1.5 OPEN from model ${modelId}'s escrow is possible from ${formatWhen(thawEnd, now)}`,
      );
      await p.time.increaseTo(thawEnd);
      const before = await p.wopen.balanceOf(addr(6));
      const done = await runTask(["infer", "escrow-withdraw"], { ...base, json: true });
      expect(done.json()).to.include({ mode: "withdraw", amount: ((15n * OPEN) / 10n).toString() });
      expect((await p.wopen.balanceOf(addr(6))) - before).to.equal((15n * OPEN) / 10n);
      expect((await p.payments.escrowAccount(addr(6), modelId))[0]).to.equal(OPEN / 2n);

      await runTask(["infer", "escrow-withdraw"], { ...base, amount: "all" });
      expect((await p.payments.escrowAccount(addr(6), modelId))[2]).to.equal(OPEN / 2n);
      const cancel = await runTask(["infer", "escrow-withdraw"], { ...base, cancel: true, json: true });
      expect(cancel.json()).to.include({ mode: "cancel", thawEnd: "0" });
      expect((await p.payments.escrowAccount(addr(6), modelId))[3]).to.equal(0n);
      expect(await runFailing(["infer", "escrow-withdraw"], { ...base, cancel: true })).to.equal(
        `no withdrawal of model ${modelId}'s escrow is pending`,
      );
    });
  });
});
