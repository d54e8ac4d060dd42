import { readFileSync } from "node:fs";

import { Contract, JsonRpcProvider } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { nitroArtifact } from "../../src/orbit/artifacts.js";
import { claimOnParent } from "../../src/orbit/bridge.js";
import { ARB_SYS } from "../../src/orbit/constants.js";
import { readDeployment } from "../../src/orbit/network.js";
import type { L2ToL1Message } from "../../src/orbit/outboxProof.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";

interface Args {
  chainId: number;
  message: string;
  childRpc: string;
  json: boolean;
}

/** NodeInterface, the virtual contract a Nitro node answers eth_call on (nitro-contracts src/node-interface). */
const NODE_INTERFACE = "0x00000000000000000000000000000000000000C8";

/**
 * `orbit claim --network <parent>`: builds the outbox proof with the Orbit node's NodeInterface.constructOutboxProof
 * for the current send count and executes the message on the real Outbox.
 */
export default async function orbitClaim(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    if (args.message === "") throw new TaskError("--message is required (the JSON of `orbit withdraw --json`)");
    if (args.childRpc === "") throw new TaskError("--child-rpc is required (proofs come from the Orbit node)");
    let parsed: { message: Record<string, string> };
    try {
      parsed = JSON.parse(readFileSync(args.message, "utf8"));
    } catch {
      throw new TaskError(`cannot read ${args.message}`);
    }
    const m = parsed.message;
    const message: L2ToL1Message = {
      position: BigInt(m.position),
      caller: m.caller,
      destination: m.destination,
      arbBlockNum: BigInt(m.arbBlockNum),
      ethBlockNum: BigInt(m.ethBlockNum),
      timestamp: BigInt(m.timestamp),
      callvalue: BigInt(m.callvalue),
      data: m.data,
      hash: m.hash,
    };
    let deployment;
    try {
      deployment = readDeployment(args.chainId);
    } catch (error) {
      throw new TaskError((error as Error).message);
    }
    const child = new JsonRpcProvider(args.childRpc);
    const arbSys = new Contract(ARB_SYS, nitroArtifact("precompiles/ArbSys").abi as never[], child);
    const [size] = await arbSys.sendMerkleTreeState();
    const nodeInterface = new Contract(
      NODE_INTERFACE,
      nitroArtifact("node-interface/NodeInterface").abi as never[],
      child,
    );
    const [, , proof] = await nodeInterface.constructOutboxProof(size, message.position);
    const connection = await hre.network.getOrCreate();
    const [signer] = await connection.ethers.getSigners();
    const receipt = await claimOnParent(signer, deployment, message, [...proof]);
    emit(args.json, { transactionHash: receipt.hash }, [`claimed withdrawal ${message.position} (tx ${receipt.hash})`]);
  });
}
