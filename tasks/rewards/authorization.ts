/**
 * The claim authorization file: what `rewards authorize` writes (signed by the account) and `rewards claim-for
 * --authorization` submits with RewardDistributor.claimTo. It carries the proof, so the relayer needs nothing else.
 *
 * { "format": "openledger-claim-authorization-v1", "chainId": "31337", "rewardDistributor": "0x...",
 *   "account": "0x...", "to": "0x...", "cumulativeAmount": "...", "nonce": "0", "deadline": "<unix seconds>",
 *   "proof": ["0x..."], "signature": "0x..." }
 * The signature is the EIP-712 `ClaimAuthorization(address account,address to,uint256 cumulativeAmount,uint256 nonce,
 * uint256 deadline)` of src/protocol/claims.ts.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";

import { getAddress, isAddress } from "ethers";

import { TaskError } from "../lib/errors.js";
import { toJson } from "../lib/output.js";

export const AUTHORIZATION_FORMAT = "openledger-claim-authorization-v1";

/** The kernel's claim authorization type (ethers' field lists) and domain, under the names the tasks use. */
export {
  claimAuthorizationFields as CLAIM_AUTHORIZATION_TYPES,
  rewardDistributorDomain as distributorDomain,
} from "../../src/protocol/index.js";

export interface AuthorizationFile {
  format: typeof AUTHORIZATION_FORMAT;
  chainId: bigint;
  rewardDistributor: string;
  account: string;
  to: string;
  cumulativeAmount: bigint;
  nonce: bigint;
  deadline: bigint;
  proof: string[];
  signature: string;
}

export async function writeAuthorizationFile(file: string, doc: AuthorizationFile): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${toJson(doc)}\n`);
  await rename(temporary, file);
}

export async function readAuthorizationFile(file: string): Promise<AuthorizationFile> {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
  } catch {
    throw new TaskError(`--authorization: ${file} cannot be read as JSON`);
  }
  const bad = (what: string) => new TaskError(`--authorization: ${file} ${what}`);
  if (doc === null || typeof doc !== "object" || doc.format !== AUTHORIZATION_FORMAT) {
    throw bad(`is not a claim authorization (format "${AUTHORIZATION_FORMAT}")`);
  }
  const address = (key: string) => {
    const value = doc[key];
    if (typeof value !== "string" || !isAddress(value)) throw bad(`has no valid ${key}`);
    return getAddress(value);
  };
  const decimal = (key: string) => {
    const value = doc[key];
    if (typeof value !== "string" || !/^\d+$/.test(value)) throw bad(`has no valid ${key}`);
    return BigInt(value);
  };
  const proof = doc.proof;
  if (!Array.isArray(proof) || !proof.every((p) => typeof p === "string" && /^0x[0-9a-fA-F]{64}$/.test(p))) {
    throw bad("has no valid proof");
  }
  if (typeof doc.signature !== "string" || !/^0x[0-9a-fA-F]+$/.test(doc.signature)) throw bad("has no signature");
  return {
    format: AUTHORIZATION_FORMAT,
    chainId: decimal("chainId"),
    rewardDistributor: address("rewardDistributor"),
    account: address("account"),
    to: address("to"),
    cumulativeAmount: decimal("cumulativeAmount"),
    nonce: decimal("nonce"),
    deadline: decimal("deadline"),
    proof: proof as string[],
    signature: doc.signature,
  };
}
