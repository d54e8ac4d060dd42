/**
 * User-side bridging of OPEN between the parent chain and the OPEN-gas Orbit chain, on the real contracts:
 * deposits through the rollup's ERC20Inbox, withdrawals through ArbSys, claims through the Outbox.
 *
 * Deposits and withdrawals go through @arbitrum/sdk (./arbitrum-sdk.ts). What stays here is what the SDK can only do
 * with a Nitro node: a retryable ticket (the SDK's `depositTo` estimates it with NodeInterface on the child chain) and
 * executing a message with a proof the caller already has (the SDK's `execute` asks the node for the proof).
 */
import { Contract, type ContractTransactionReceipt, type Signer, type TransactionReceipt } from "ethers";

import { approveGasToken, depositGasToken, withdrawGasToken } from "./arbitrum-sdk.js";
import { nitroArtifact } from "./artifacts.js";
import type { OrbitDeployment } from "./network.js";
import type { L2ToL1Message } from "./outboxProof.js";

const ERC20_ABI = [
  "function approve(address spender, uint256 amount) returns (bool)",
  "function allowance(address owner, address spender) view returns (uint256)",
];

function inboxOf(signer: Signer, deployment: OrbitDeployment): Contract {
  return new Contract(deployment.parentContracts.inbox, nitroArtifact("bridge/ERC20Inbox").abi as never[], signer);
}

async function inboxAllowance(signer: Signer, deployment: OrbitDeployment): Promise<bigint> {
  const token = new Contract(deployment.parentContracts.nativeToken, ERC20_ABI, signer);
  return token.allowance(await signer.getAddress(), deployment.parentContracts.inbox);
}

async function approveInbox(signer: Signer, deployment: OrbitDeployment, amount: bigint): Promise<void> {
  if ((await inboxAllowance(signer, deployment)) < amount) {
    const token = new Contract(deployment.parentContracts.nativeToken, ERC20_ABI, signer);
    await (await token.approve(deployment.parentContracts.inbox, amount)).wait();
  }
}

function delayedMessageIndex(inbox: Contract, receipt: ContractTransactionReceipt): bigint {
  for (const log of receipt.logs) {
    try {
      const parsed = inbox.interface.parseLog(log);
      if (parsed?.name === "InboxMessageDelivered") return parsed.args.messageNum as bigint;
    } catch {
      // not an inbox log
    }
  }
  throw new Error("the inbox emitted no InboxMessageDelivered event");
}

/**
 * Deposits `amount` OPEN through @arbitrum/sdk: `EthBridger.approveGasToken` for exactly `amount` when the inbox's
 * allowance is short, then `EthBridger.deposit` (`ERC20Inbox.depositERC20(amount)`). It becomes native OPEN of the
 * sender on the child chain (of its alias when the sender is a contract). Returns the delayed message index.
 */
export async function depositOpen(signer: Signer, deployment: OrbitDeployment, amount: bigint) {
  if (amount <= 0n) throw new Error("deposit amount must be positive");
  if ((await inboxAllowance(signer, deployment)) < amount) await approveGasToken(signer, deployment, amount);
  const { receipt, deposit } = await depositGasToken(signer, deployment, amount);
  return { receipt, messageIndex: deposit.messageNumber, deposit };
}

export interface RetryableParams {
  /** Child-chain call target (or the recipient of a plain transfer to another address). */
  to: string;
  l2CallValue: bigint;
  data?: string;
  gasLimit?: bigint;
  maxFeePerGas?: bigint;
  excessFeeRefundAddress?: string;
  callValueRefundAddress?: string;
}

/**
 * Sends OPEN to another child-chain address, with an optional call, as a retryable ticket: the total
 * (`l2CallValue + gasLimit * maxFeePerGas`; the ERC20Inbox charges no submission fee) is pulled in OPEN.
 */
export async function createRetryable(signer: Signer, deployment: OrbitDeployment, params: RetryableParams) {
  const sender = await signer.getAddress();
  const gasLimit = params.gasLimit ?? 300_000n;
  const maxFeePerGas = params.maxFeePerGas ?? 100_000_000n;
  const total = params.l2CallValue + gasLimit * maxFeePerGas;
  await approveInbox(signer, deployment, total);
  const inbox = inboxOf(signer, deployment);
  const receipt = (await (
    await inbox.createRetryableTicket(
      params.to,
      params.l2CallValue,
      0n,
      params.excessFeeRefundAddress ?? sender,
      params.callValueRefundAddress ?? sender,
      gasLimit,
      maxFeePerGas,
      total,
      params.data ?? "0x",
    )
  ).wait()) as ContractTransactionReceipt;
  return { receipt, messageIndex: delayedMessageIndex(inbox, receipt), total };
}

/**
 * Starts a withdrawal of native OPEN on the child chain through @arbitrum/sdk (`EthBridger.withdraw`:
 * `ArbSys.withdrawEth(destination)` with `amount` as value). Returns the message to claim on the parent.
 */
export async function withdrawOpen(
  childSigner: Signer,
  deployment: OrbitDeployment,
  destination: string,
  amount: bigint,
): Promise<{ receipt: TransactionReceipt; message: L2ToL1Message }> {
  return withdrawGasToken(childSigner, deployment, destination, amount);
}

/**
 * Executes a confirmed child-to-parent message on the real Outbox. The proof comes from the chain's send tree
 * (NodeInterface.constructOutboxProof on a Nitro node, the relayer's tree in the simulation). Reverts with the
 * Outbox's `UnknownRoot` while the assertion containing the message is not confirmed.
 */
export async function claimOnParent(
  signer: Signer,
  deployment: OrbitDeployment,
  message: L2ToL1Message,
  proof: string[],
) {
  const outbox = new Contract(deployment.parentContracts.outbox, nitroArtifact("bridge/Outbox").abi as never[], signer);
  const tx = await outbox.executeTransaction(
    proof,
    message.position,
    message.caller,
    message.destination,
    message.arbBlockNum,
    message.ethBlockNum,
    message.timestamp,
    message.callvalue,
    message.data,
  );
  return (await tx.wait()) as ContractTransactionReceipt;
}
