/**
 * Simulates a proposal's actions as the timelock will execute them (decision 0520): in order, each one on the state
 * the previous ones left, from the timelock's address with its value and calldata, on a throw-away copy of the chain.
 *
 * - In-process chain (Hardhat's EDR): `evm_snapshot`, run, `evm_revert`. Nothing else uses that chain meanwhile.
 * - Any other network: an in-process EDR fork of its RPC URL at the latest block, so the real chain (or a shared local
 *   node that an oracle node or another user also sends to) is never touched, not even temporarily.
 *
 * On the copy the timelock is impersonated and each action is first `eth_call`ed (its revert data is decoded) and then
 * sent as a transaction, so the next action sees its effects. Two things the real execution does before the calls are
 * reproduced: the timelock is credited the native OPEN the actions send when it holds less (the shortfall is
 * reported: it must be funded before execution), and an action that targets the governor is first recorded in the
 * governor's queue of authorised self-calls, as `Governor.execute` does, since `onlyGovernance` pops it.
 */
import { AbiCoder, keccak256, toBeHex, toQuantity, zeroPadValue } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import type { GovContext } from "./signer.js";
import { TaskError } from "../lib/errors.js";
import { describeRevert } from "../../src/protocol/index.js";

/** ERC-7201 slot of OpenZeppelin's GovernorStorage {string _name; mapping _proposals; Bytes32Deque _governanceCall}. */
const GOVERNOR_STORAGE = 0x7c712897014dbe49c045ef1299aa2d5f9e67e48eea4403efa21f1e0f3ac0cb00n;
/** `_governanceCall`: {uint128 _begin; uint128 _end} in one slot, then `mapping(uint128 => bytes32) _data`. */
const GOVERNANCE_CALL_BOUNDS = GOVERNOR_STORAGE + 2n;
const GOVERNANCE_CALL_DATA = GOVERNOR_STORAGE + 3n;
const UINT128 = (1n << 128n) - 1n;

export interface ProposalCalls {
  targets: readonly string[];
  values: readonly bigint[];
  calldatas: readonly string[];
}

export interface ActionOutcome {
  /** 1-based, as the tasks number actions. */
  action: number;
  status: "ok" | "reverted" | "not run";
  /** The decoded revert, for the action that reverted. */
  error?: string;
  /** The governance parameter the revert names, if any. */
  parameter?: string;
}

export interface Simulation {
  ok: boolean;
  /** "snapshot" (in-process chain) or "fork" (an in-process fork of the network's RPC URL). */
  method: "snapshot" | "fork";
  /** The block whose state the simulation started from, and its timestamp. */
  block: number;
  timestamp: bigint;
  executor: string;
  actions: ActionOutcome[];
  /** The first action that reverts, with its decoded error. */
  failure?: { action: number; revert: SimulatedRevert };
  /** Native OPEN the actions send beyond what the timelock holds now (credited for the simulation). */
  valueShortfall: bigint;
}

interface Rpc {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

/** How an action's revert reads: the error's name, one line, and the governance parameter it names, if any. */
export type SimulatedRevert = ReturnType<typeof describeRevert>;

/** Runs `calls` from the timelock on a throw-away copy of the connected chain and reports every action's outcome. */
export async function simulateProposal(
  hre: HardhatRuntimeEnvironment,
  ctx: GovContext,
  calls: ProposalCalls,
): Promise<Simulation> {
  const executor = ctx.ethers.getAddress(ctx.address("TimelockController"));
  const governor = ctx.ethers.getAddress(ctx.address("OpenGovernor"));
  const latest = await ctx.ethers.provider.getBlock("latest");
  if (latest === null) throw new TaskError("the network returned no latest block");
  const config = ctx.connection.networkConfig;
  if (config.type !== "http") {
    const rpc = ctx.connection.provider as Rpc;
    const snapshot = await rpc.request({ method: "evm_snapshot" });
    try {
      return await run(rpc, "snapshot", latest.number, BigInt(latest.timestamp));
    } catch (error) {
      throw cannotSimulate(error, "a snapshot of the chain");
    } finally {
      await rpc.request({ method: "hardhat_stopImpersonatingAccount", params: [executor] });
      await rpc.request({ method: "evm_revert", params: [snapshot] });
    }
  }
  let fork;
  try {
    // Hardhat's built-in in-process network ("default"), forked; same chain id, so chain-bound checks hold.
    fork = await hre.network.create({
      network: "default",
      override: {
        chainId: Number(ctx.chainId),
        forking: { enabled: true, url: await config.url.get(), blockNumber: latest.number },
      },
    });
  } catch (error) {
    throw new TaskError(
      `cannot simulate the actions: no in-process fork of ${ctx.connection.networkName} could be made ` +
        `(${(error as Error).message.split("\n")[0]})`,
    );
  }
  try {
    // A block of the fork's own first: the forked block itself counts as historical, and EDR knows no hardfork
    // history for an arbitrary chain id (a local node's 31337, an Orbit chain's) to run calls on it.
    await (fork.provider as Rpc).request({ method: "evm_mine" });
    return await run(fork.provider as Rpc, "fork", latest.number, BigInt(latest.timestamp));
  } catch (error) {
    throw cannotSimulate(error, `a fork of ${ctx.connection.networkName}`);
  } finally {
    await fork.close();
  }

  async function run(rpc: Rpc, method: Simulation["method"], block: number, timestamp: bigint): Promise<Simulation> {
    await rpc.request({ method: "hardhat_impersonateAccount", params: [executor] });
    const sent = calls.values.reduce((a, b) => a + b, 0n);
    const held = BigInt((await rpc.request({ method: "eth_getBalance", params: [executor, "latest"] })) as string);
    const valueShortfall = sent > held ? sent - held : 0n;
    if (valueShortfall > 0n) {
      await rpc.request({ method: "hardhat_setBalance", params: [executor, toQuantity(sent)] });
    }
    const actions: ActionOutcome[] = [];
    let failure: Simulation["failure"];
    for (const [i, target] of calls.targets.entries()) {
      if (failure !== undefined) {
        actions.push({ action: i + 1, status: "not run" });
        continue;
      }
      if (ctx.ethers.getAddress(target) === governor) await authoriseGovernorCall(rpc, governor, calls.calldatas[i]);
      const tx = { from: executor, to: target, value: toQuantity(calls.values[i]), data: calls.calldatas[i] };
      const revertData = await callReverts(rpc, tx);
      if (revertData === undefined) {
        // Free gas, so that the timelock's balance is what the actions see: a zero base fee and fee cap.
        await rpc.request({ method: "hardhat_setNextBlockBaseFeePerGas", params: ["0x0"] });
        const hash = await rpc.request({
          method: "eth_sendTransaction",
          params: [{ ...tx, maxFeePerGas: "0x0", maxPriorityFeePerGas: "0x0" }],
        });
        // A chain that does not mine on each transaction (interval mining) mines it now.
        let receipt = await receiptOf(rpc, hash);
        if (receipt === null) {
          await rpc.request({ method: "evm_mine" });
          receipt = await receiptOf(rpc, hash);
        }
        if (receipt?.status === "0x1") {
          actions.push({ action: i + 1, status: "ok" });
          continue;
        }
      }
      const revert = describeRevert(revertData ?? "0x");
      failure = { action: i + 1, revert };
      actions.push({ action: i + 1, status: "reverted", error: revert.text, parameter: revert.parameter });
    }
    return { ok: failure === undefined, method, block, timestamp, executor, actions, failure, valueShortfall };
  }
}

async function receiptOf(rpc: Rpc, hash: unknown): Promise<{ status: string } | null> {
  return (await rpc.request({ method: "eth_getTransactionReceipt", params: [hash] })) as { status: string } | null;
}

/** A failure of the simulation machinery itself (not a revert of an action), as one line. */
function cannotSimulate(error: unknown, where: string): TaskError {
  if (error instanceof TaskError) return error;
  return new TaskError(`cannot simulate the actions on ${where}: ${(error as Error).message.split("\n")[0]}`);
}

/** Undefined if the call succeeds, else its revert data ("0x" when there is none). */
async function callReverts(rpc: Rpc, tx: Record<string, string>): Promise<string | undefined> {
  try {
    await rpc.request({ method: "eth_call", params: [tx, "latest"] });
    return undefined;
  } catch (error) {
    const data = revertData(error);
    if (data === undefined && !/revert/i.test((error as Error).message ?? "")) throw error;
    return data ?? "0x";
  }
}

/** Records `calldata` in the governor's queue of authorised self-calls, as Governor.execute does before the timelock. */
async function authoriseGovernorCall(rpc: Rpc, governor: string, calldata: string): Promise<void> {
  const slot = (n: bigint) => toQuantity(n);
  const word = BigInt(
    (await rpc.request({
      method: "eth_getStorageAt",
      params: [governor, slot(GOVERNANCE_CALL_BOUNDS), "latest"],
    })) as string,
  );
  const begin = word & UINT128;
  const end = word >> 128n;
  const entry = keccak256(AbiCoder.defaultAbiCoder().encode(["uint256", "uint256"], [end, GOVERNANCE_CALL_DATA]));
  await rpc.request({ method: "hardhat_setStorageAt", params: [governor, toQuantity(entry), keccak256(calldata)] });
  await rpc.request({
    method: "hardhat_setStorageAt",
    params: [governor, slot(GOVERNANCE_CALL_BOUNDS), zeroPadValue(toBeHex(((end + 1n) << 128n) | begin), 32)],
  });
}

function revertData(error: unknown, depth = 0): string | undefined {
  if (depth > 5 || error === null || typeof error !== "object") return undefined;
  const e = error as Record<string, unknown>;
  if (typeof e.data === "string" && /^0x([0-9a-fA-F]{2})*$/.test(e.data)) return e.data;
  for (const key of ["error", "cause", "info", "data"]) {
    const nested = revertData(e[key], depth + 1);
    if (nested !== undefined) return nested;
  }
  return undefined;
}
