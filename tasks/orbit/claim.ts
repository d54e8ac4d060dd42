import { readFileSync } from "node:fs";

import { FetchRequest, getAddress, isAddress, isHexString } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { executeChildToParentMessage, getChildToParentMessageStatus } from "../../src/orbit/arbitrum-sdk.js";
import { readDeployment } from "../../src/orbit/network.js";
import type { L2ToL1Message } from "../../src/orbit/index.js";
import { TaskError, describeError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { checkParentChain, checkRecord } from "./common.js";

interface Args {
  chainId: number;
  message: string;
  childRpc: string;
  json: boolean;
}

const RPC_PROBE_TIMEOUT_MS = 15_000;

/**
 * `orbit claim --network <parent>`: executes a withdrawal on the parent chain's Outbox through @arbitrum/sdk
 * (`ChildToParentMessage.status`, then `execute`, which takes the proof from the Orbit node's NodeInterface). A
 * message that is not confirmed yet, or already executed, is refused with one line and nothing is sent.
 */
export default async function orbitClaim(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    if (args.message === "") throw new TaskError("--message is required (the JSON of `orbit withdraw --json`)");
    if (args.childRpc === "") throw new TaskError("--child-rpc is required (proofs come from the Orbit node)");
    const childUrl = parseHttpUrl("child-rpc", args.childRpc);
    const message = readWithdrawalMessage(args.message);
    let deployment;
    try {
      deployment = readDeployment(args.chainId);
    } catch (error) {
      throw new TaskError((error as Error).message);
    }
    await probeChild(childUrl, deployment.network.chainId);
    checkRecord(deployment, args.chainId);
    const connection = await hre.network.getOrCreate();
    const parent = connection.ethers.provider;
    await checkParentChain(parent, deployment, "claim");
    const params = { record: deployment, child: childUrl, message };
    let status;
    try {
      status = await getChildToParentMessageStatus({ ...params, parent });
    } catch (error) {
      throw new TaskError(
        `the Orbit node at ${childUrl} cannot give this message's status (${firstLine(error)}): it must be the ` +
          "chain's Nitro node, which serves block send roots and NodeInterface; nothing was sent",
      );
    }
    if (status === "executed") {
      throw new TaskError(`withdrawal ${message.position} was already executed on the parent chain; nothing was sent`);
    }
    if (status === "unconfirmed") {
      throw new TaskError(
        `withdrawal ${message.position} is not confirmed yet: the rollup must confirm an assertion that contains it ` +
          `(${deployment.network.confirmPeriodBlocks} parent blocks after the assertion); nothing was sent`,
      );
    }
    const [signer] = await connection.ethers.getSigners();
    const receipt = await executeChildToParentMessage({ ...params, parentSigner: signer }).catch((error: unknown) => {
      throw new TaskError(describeError(error) ?? `executing the withdrawal failed: ${firstLine(error)}`);
    });
    emit(args.json, { transactionHash: receipt.hash }, [`claimed withdrawal ${message.position} (tx ${receipt.hash})`]);
  });
}

function firstLine(error: unknown): string {
  return String((error as { message?: unknown })?.message ?? error).split("\n")[0];
}

function parseHttpUrl(option: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TaskError(`--${option}: "${value}" is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TaskError(`--${option}: "${value}" is not an http(s) URL`);
  }
  return value;
}

/** The `message` of `orbit withdraw --json` output, every field checked (a one-line error names the bad one). */
function readWithdrawalMessage(file: string): L2ToL1Message {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    throw new TaskError(`cannot read ${file} (the JSON output of \`orbit withdraw --json\`)`);
  }
  const m = (parsed as { message?: unknown } | null)?.message;
  if (m === null || typeof m !== "object") throw new TaskError(`${file}: no "message" object`);
  const fields = m as Record<string, unknown>;
  const integer = (name: string): bigint => {
    const v = fields[name];
    if (typeof v !== "string" || !/^\d+$/.test(v)) throw new TaskError(`${file}: message.${name} is not an integer`);
    return BigInt(v);
  };
  const address = (name: string): string => {
    const v = fields[name];
    if (typeof v !== "string" || !isAddress(v)) throw new TaskError(`${file}: message.${name} is not an address`);
    return getAddress(v);
  };
  const hex = (name: string, bytes?: number): string => {
    const v = fields[name];
    if (typeof v !== "string" || !isHexString(v, bytes ?? false) || (bytes === undefined && v.length % 2 !== 0)) {
      throw new TaskError(`${file}: message.${name} is not ${bytes === undefined ? "hex data" : `${bytes}-byte hex`}`);
    }
    return v;
  };
  return {
    position: integer("position"),
    caller: address("caller"),
    destination: address("destination"),
    arbBlockNum: integer("arbBlockNum"),
    ethBlockNum: integer("ethBlockNum"),
    timestamp: integer("timestamp"),
    callvalue: integer("callvalue"),
    data: hex("data"),
    hash: hex("hash", 32),
  };
}

/**
 * One bounded eth_chainId probe of the Orbit node before the SDK uses it (an unreachable URL would otherwise be
 * retried for minutes). The node must be the record's chain.
 */
async function probeChild(url: string, expectedChainId: number): Promise<void> {
  const request = new FetchRequest(url);
  request.timeout = RPC_PROBE_TIMEOUT_MS;
  request.body = { jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] };
  let chainId: number;
  try {
    const response = await request.send();
    response.assertOk();
    chainId = Number(BigInt((response.bodyJson as { result: string }).result));
  } catch (error) {
    const reason = ((error as { shortMessage?: string }).shortMessage ?? (error as Error).message).split("\n")[0];
    throw new TaskError(`cannot reach the Orbit node at ${url}: ${reason}`);
  }
  if (chainId !== expectedChainId) {
    throw new TaskError(`--child-rpc is chain ${chainId}, but the Orbit record is for chain ${expectedChainId}`);
  }
}
