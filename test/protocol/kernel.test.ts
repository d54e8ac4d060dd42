/**
 * The kernel's hand-written rules against the contracts: the epoch clock against InferencePayments.epochAt (genesis
 * handling included) and the voucher module against InferencePayments' type hash, digest and signature recovery.
 */
import { expect } from "chai";
import { keccak256, toUtf8Bytes } from "ethers";

import {
  VOUCHER_TYPE,
  epochAt,
  epochEnd,
  epochSnapshot,
  epochStart,
  recoverVoucherSigner,
  signCompactVoucher,
  signVoucherTypedData,
  voucherDigest,
  voucherDomain,
} from "../../src/protocol/index.js";
import { EPOCH_LENGTH, paymentsFixture, type PaymentsSystem } from "../helpers/payments.js";

describe("TypeScript kernel", function () {
  let load: () => Promise<PaymentsSystem>;
  let s: PaymentsSystem;

  before(async function () {
    ({ load } = await paymentsFixture());
  });

  beforeEach(async function () {
    s = await load();
  });

  describe("epoch clock", function () {
    it("gives the epoch InferencePayments.epochAt gives, at every boundary", async function () {
      const clock = { genesis: s.genesis, length: EPOCH_LENGTH };
      const L = EPOCH_LENGTH;
      const g = s.genesis;
      for (const t of [g, g + 1n, g + L - 1n, g + L, g + L + 1n, g + 7n * L - 1n, g + 7n * L + 3n]) {
        expect(epochAt(t, clock), `timestamp ${t}`).to.equal(await s.payments.epochAt(t));
      }
    });

    it("counts a timestamp before genesis in epoch 0, as EpochClock.epochAt does", function () {
      // InferencePayments never asks (its genesis is at or before its deployment; its own epochAt reverts there);
      // the oracle, the court and the logs use EpochClock, which returns 0.
      const clock = { genesis: s.genesis, length: EPOCH_LENGTH };
      expect(epochAt(0n, clock)).to.equal(0n);
      expect(epochAt(s.genesis - 1n, clock)).to.equal(0n);
    });

    it("starts, ends and snapshots each epoch where epochAt changes", async function () {
      const clock = { genesis: s.genesis, length: EPOCH_LENGTH };
      for (const e of [0n, 1n, 5n]) {
        expect(await s.payments.epochAt(epochStart(e, clock))).to.equal(e);
        expect(await s.payments.epochAt(epochSnapshot(e, clock))).to.equal(e);
        expect(await s.payments.epochAt(epochEnd(e, clock))).to.equal(e + 1n);
      }
    });

    it("refuses an epoch length that is not positive", function () {
      expect(() => epochAt(5n, { genesis: 0n, length: 0n })).to.throw("epoch length 0");
    });
  });

  describe("vouchers", function () {
    it("hashes the type string InferencePayments hashes", async function () {
      expect(keccak256(toUtf8Bytes(VOUCHER_TYPE))).to.equal(await s.payments.VOUCHER_TYPEHASH());
    });

    it("computes the digest the contract recovers from, under the contract's domain", async function () {
      const domain = voucherDomain(s.domain.chainId as bigint, await s.payments.getAddress());
      const voucher = { payer: s.payer.address, modelId: s.modelId, cumulativeAmount: (1n << 128n) - 1n };
      expect(voucherDigest(domain, voucher)).to.equal(
        await s.payments.voucherDigest(voucher.payer, voucher.modelId, voucher.cumulativeAmount),
      );
    });

    it("signs what it recovers, and the compact form is what redeemVouchers accepts", async function () {
      const voucher = { payer: s.payer.address, modelId: s.modelId, cumulativeAmount: s.price };
      const signature = await signVoucherTypedData(s.payer, s.domain, voucher);
      expect(recoverVoucherSigner(s.domain, voucher, signature)).to.equal(s.payer.address);
      expect(recoverVoucherSigner(s.domain, { ...voucher, cumulativeAmount: s.price + 1n }, signature)).to.not.equal(
        s.payer.address,
      );
      await s.payments.connect(s.payer).depositEscrow(s.modelId, s.price);
      const compact = await signCompactVoucher(s.payer, s.domain, voucher);
      await expect(s.payments.connect(s.operator).redeemVouchers(s.modelId, [compact])).to.emit(
        s.payments,
        "VouchersRedeemed",
      );
    });
  });
});
