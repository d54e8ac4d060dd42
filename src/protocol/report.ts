/**
 * Attribution report helpers shared by tests, tasks and the oracle node: the report's id (EIP-712 struct hash, as
 * `AttributionOracle.reportHash` computes it), the digest an oracle signs, signing, and ordering signatures the way
 * `AttributionOracle.submit` requires (by signer address, strictly increasing).
 */
import { Signature, TypedDataEncoder, getAddress, recoverAddress } from "ethers";
import type { Signer, TypedDataDomain, TypedDataField } from "ethers";

import { protocolDomain } from "./eip712.js";

/** EIP-712 domain name of AttributionOracle. */
export const ATTRIBUTION_ORACLE_DOMAIN_NAME = "OpenLedger AttributionOracle";

/**
 * AttributionReport(uint64 epoch,bytes32 cumulativeRewardsRoot,uint256 cumulativeTotal,bytes32 attributionRoot,string dataURI)
 *
 * What an oracle signs (off-chain quorum) and what two conflicting signatures prove (equivocation). The struct hash
 * (`TypedDataEncoder.hashStruct`) is the report's id on chain (`IAttributionOracle.reportHash`).
 */
export const attributionReportTypes = {
  AttributionReport: [
    { name: "epoch", type: "uint64" },
    { name: "cumulativeRewardsRoot", type: "bytes32" },
    { name: "cumulativeTotal", type: "uint256" },
    { name: "attributionRoot", type: "bytes32" },
    { name: "dataURI", type: "string" },
  ],
} as const;

export interface AttributionReport {
  epoch: bigint;
  cumulativeRewardsRoot: string;
  cumulativeTotal: bigint;
  attributionRoot: string;
  dataURI: string;
}

/** The report type as ethers' mutable field lists. */
export const attributionReportFields: Record<string, TypedDataField[]> = {
  AttributionReport: attributionReportTypes.AttributionReport.map((field) => ({ ...field })),
};
const reportTypes = attributionReportFields;

/** The oracle's EIP-712 domain. */
export function attributionOracleDomain(chainId: bigint, oracle: string): TypedDataDomain {
  return protocolDomain(ATTRIBUTION_ORACLE_DOMAIN_NAME, chainId, oracle);
}

/** The report's id: its EIP-712 struct hash (independent of the chain and contract). */
export function reportHash(report: AttributionReport): string {
  return TypedDataEncoder.hashStruct("AttributionReport", reportTypes, report);
}

/** The digest an oracle signs: EIP-712 `\x19\x01 || domainSeparator || reportHash`. */
export function reportDigest(domain: TypedDataDomain, report: AttributionReport): string {
  return TypedDataEncoder.hash(domain, reportTypes, report);
}

/** An oracle's signature of `report`, 65 bytes as hex (r, s, v). */
export async function signReport(signer: Signer, domain: TypedDataDomain, report: AttributionReport): Promise<string> {
  return signer.signTypedData(domain, reportTypes, report);
}

/** The address that signed `report` with `signature` under `domain`. */
export function recoverReportSigner(domain: TypedDataDomain, report: AttributionReport, signature: string): string {
  return recoverAddress(reportDigest(domain, report), Signature.from(signature));
}

/** A collected signature with its signer. */
export interface SignedBy {
  signer: string;
  signature: string;
}

/**
 * Orders signatures for `AttributionOracle.submit`: by signer address ascending (as uint160), one per signer.
 * Checks each signature against `report` and refuses a signature by another signer than claimed, or a signer twice.
 */
export function orderSignatures(domain: TypedDataDomain, report: AttributionReport, signed: SignedBy[]): string[] {
  const checked = signed.map(({ signer, signature }) => {
    const recovered = recoverReportSigner(domain, report, signature);
    if (recovered !== getAddress(signer)) {
      throw new Error(`signature claimed by ${signer} was made by ${recovered}`);
    }
    return { signer: BigInt(recovered), signature };
  });
  checked.sort((a, b) => (a.signer < b.signer ? -1 : a.signer > b.signer ? 1 : 0));
  for (let i = 1; i < checked.length; i++) {
    if (checked[i].signer === checked[i - 1].signer) {
      throw new Error(`two signatures by ${getAddress("0x" + checked[i].signer.toString(16).padStart(40, "0"))}`);
    }
  }
  return checked.map((c) => c.signature);
}

/** Signs `report` with every signer and returns the signatures ordered for `submit`. */
export async function signReportBy(
  signers: Signer[],
  domain: TypedDataDomain,
  report: AttributionReport,
): Promise<string[]> {
  const signed = await Promise.all(
    signers.map(async (s) => ({ signer: await s.getAddress(), signature: await signReport(s, domain, report) })),
  );
  return orderSignatures(domain, report, signed);
}
