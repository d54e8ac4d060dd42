/**
 * The vouchers file: what a payer's `infer sign-vouchers` writes and the operator's `infer redeem` reads.
 *
 * {
 *   "format": "openledger-vouchers-v1",
 *   "chainId": "31337",
 *   "inferencePayments": "0x...",           // the EIP-712 verifying contract
 *   "modelId": "1",
 *   "vouchers": [
 *     { "payer": "0x...", "cumulativeAmount": "3000000000000000000",   // smallest units, decimal string
 *       "signature": "0x<65 bytes>", "r": "0x...", "vs": "0x..." }      // r/vs: the EIP-2098 form redeemVouchers takes
 *   ]
 * }
 * Each voucher is the EIP-712 `Voucher(address payer,uint256 modelId,uint128 cumulativeAmount)` of
 * src/protocol/vouchers.ts, signed by `payer`.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";

import { Signature, getAddress, isAddress } from "ethers";

import { TaskError } from "../lib/errors.js";
import { toJson } from "../lib/output.js";

export const VOUCHERS_FORMAT = "openledger-vouchers-v1";
export const MAX_UINT128 = (1n << 128n) - 1n;

/** The kernel's voucher type (ethers' field lists) and domain, under the names the tasks use. */
export { voucherFields as VOUCHER_TYPES, voucherDomain as paymentsDomain } from "../../src/protocol/index.js";

export interface SignedVoucher {
  payer: string;
  cumulativeAmount: bigint;
  signature: string;
  r: string;
  vs: string;
}

export interface VouchersFile {
  format: typeof VOUCHERS_FORMAT;
  chainId: bigint;
  inferencePayments: string;
  modelId: bigint;
  vouchers: SignedVoucher[];
}

/** A voucher from its 65-byte signature, with the EIP-2098 halves the contract takes. */
export function signedVoucher(payer: string, cumulativeAmount: bigint, signature: string): SignedVoucher {
  const sig = Signature.from(signature);
  return { payer, cumulativeAmount, signature: sig.serialized, r: sig.r, vs: sig.yParityAndS };
}

function decimal(value: unknown, what: string, file: string): bigint {
  if (typeof value !== "string" || !/^\d+$/.test(value))
    throw new TaskError(`${file}: ${what} is not a decimal string`);
  return BigInt(value);
}

/** Reads and checks a vouchers file: format, fields, and each voucher's r/vs against its signature. */
export async function readVouchersFile(file: string): Promise<VouchersFile> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new TaskError(`${file} cannot be read`);
  }
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new TaskError(`${file} is not valid JSON`);
  }
  if (doc === null || typeof doc !== "object" || doc.format !== VOUCHERS_FORMAT) {
    throw new TaskError(`${file} is not a vouchers file (format "${VOUCHERS_FORMAT}")`);
  }
  if (typeof doc.inferencePayments !== "string" || !isAddress(doc.inferencePayments)) {
    throw new TaskError(`${file}: inferencePayments is not an address`);
  }
  if (!Array.isArray(doc.vouchers)) throw new TaskError(`${file}: vouchers is not a list`);
  const vouchers = doc.vouchers.map((entry: unknown, i: number) => {
    const v = entry as Record<string, unknown>;
    if (v === null || typeof v !== "object") throw new TaskError(`${file}: voucher ${i} is not an object`);
    if (typeof v.payer !== "string" || !isAddress(v.payer)) throw new TaskError(`${file}: voucher ${i} has no payer`);
    const cumulativeAmount = decimal(v.cumulativeAmount, `voucher ${i}'s cumulativeAmount`, file);
    if (cumulativeAmount > MAX_UINT128) throw new TaskError(`${file}: voucher ${i}'s cumulativeAmount exceeds uint128`);
    let voucher: SignedVoucher;
    try {
      voucher = signedVoucher(getAddress(v.payer), cumulativeAmount, String(v.signature));
    } catch {
      throw new TaskError(`${file}: voucher ${i} has no valid 65-byte signature`);
    }
    if (
      (v.r !== undefined && String(v.r).toLowerCase() !== voucher.r.toLowerCase()) ||
      (v.vs !== undefined && String(v.vs).toLowerCase() !== voucher.vs.toLowerCase())
    ) {
      throw new TaskError(`${file}: voucher ${i}'s r/vs do not match its signature`);
    }
    return voucher;
  });
  return {
    format: VOUCHERS_FORMAT,
    chainId: decimal(doc.chainId, "chainId", file),
    inferencePayments: getAddress(doc.inferencePayments),
    modelId: decimal(doc.modelId, "modelId", file),
    vouchers,
  };
}

/** Writes atomically (a temporary file renamed into place): the operator never reads half a file. */
export async function writeVouchersFile(file: string, doc: VouchersFile): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${toJson(doc)}\n`);
  await rename(temporary, file);
}
