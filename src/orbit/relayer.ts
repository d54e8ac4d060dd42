/**
 * TEST RELAYER for the simulated Orbit pair. It stands in for the Nitro node (sequencer + validator), which cannot
 * run here, and for nothing else: every parent-chain step goes through the real nitro-contracts.
 *
 * Parent -> child: reads the real Bridge's `MessageDelivered` and the real ERC20Inbox's `InboxMessageDelivered`
 * events, checks each message's data against the hash the Bridge accumulated, and applies it on the child as ArbOS
 * would: an OPEN deposit (kind 12) credits the destination's native balance (`hardhat_setBalance`; the destination is
 * already aliased by the inbox when the depositor is a contract); a retryable (kind 9) mints the deposit to the
 * aliased sender and executes the call from it (impersonated) as the auto-redeem, paying the modelled L2 base fee
 * (ArbOwner's, at least the minimum: 0.1 gwei by default); it sends unused fees to the excess-fee refund address and,
 * if the call fails or the ticket's maxFeePerGas is below the base fee, the call value to the call-value refund address
 * at once (ArbOS would keep the ticket redeemable until it expires; manual redeem through ArbRetryableTx is not
 * simulated).
 *
 * Child -> parent: reads the ArbSys mock's `L2ToL1Tx` events and, once the confirm period has passed on the parent,
 * posts the send root to the real Outbox by impersonating the Rollup (`Outbox.updateSendRoot`), which is what an
 * assertion confirmation does; or (`confirmSendsByAssertion`) it makes the real rollup do it, as a BoLD validator
 * would: batch, stake, assertion, `confirmAssertion`. Users then claim through the real `Outbox.executeTransaction`.
 * `nitroRpc()` serves the child to @arbitrum/sdk with the two things a Nitro node adds (block send roots,
 * NodeInterface.constructOutboxProof).
 */
import {
  AbiCoder,
  Contract,
  Interface,
  ZeroHash,
  dataLength,
  dataSlice,
  getAddress,
  keccak256,
  toBeHex,
  type Provider,
  type Signer,
} from "ethers";

import { nitroArtifact } from "./artifacts.js";
import { ARB_OWNER, ARB_SYS, L1MessageType } from "./constants.js";
import type { OrbitDeployment } from "./network.js";
import { outboxProof, sendRoot, type L2ToL1Message } from "./outboxProof.js";

interface Rpc {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

export interface ChainHandle {
  provider: Provider;
  rpc: Rpc;
}

export interface RelayedMessage {
  messageIndex: bigint;
  kind: number;
  sender: string;
  /** Deposit: destination credited. Retryable: call target. */
  to: string;
  amount: bigint;
  /** Retryable only: whether the call on the child succeeded. */
  success?: boolean;
  /** Retryable only: the child-chain transaction that executed it (the auto-redeem), when one was mined. */
  transactionHash?: string;
}

const coder = AbiCoder.defaultAbiCoder();

export class OrbitTestRelayer {
  private nextMessageIndex = 0n;
  private readonly sends: L2ToL1Message[] = [];
  private childScanFrom = 0;
  private readonly bridge: Contract;
  private readonly inbox: Contract;
  private readonly outbox: Contract;
  private readonly arbSys: Contract;

  constructor(
    private readonly parent: ChainHandle,
    private readonly child: ChainHandle,
    private readonly deployment: OrbitDeployment,
    /** The child-chain account that `mockInitialize` made the mocks' simulator. */
    private readonly simulator: Signer,
  ) {
    this.bridge = new Contract(
      deployment.parentContracts.bridge,
      nitroArtifact("bridge/IBridge").abi as never[],
      parent.provider,
    );
    this.inbox = new Contract(
      deployment.parentContracts.inbox,
      nitroArtifact("bridge/IDelayedMessageProvider").abi as never[],
      parent.provider,
    );
    this.outbox = new Contract(
      deployment.parentContracts.outbox,
      nitroArtifact("bridge/Outbox").abi as never[],
      parent.provider,
    );
    this.arbSys = new Contract(ARB_SYS, nitroArtifact("precompiles/ArbSys").abi as never[], child.provider);
  }

  /** The rollup-initialization messages (kind 11 and the creator's own) are not user messages: start after them. */
  async skipExistingMessages(): Promise<void> {
    this.nextMessageIndex = await this.bridge.delayedMessageCount();
  }

  /** Tells the ArbSys mock which parent block the child chain has seen (ArbOS attaches it to L2-to-L1 messages). */
  async syncParentBlock(): Promise<void> {
    const parentBlock = await this.parent.provider.getBlockNumber();
    const arbSysMock = new Contract(ARB_SYS, ["function mockSetParentBlockNumber(uint256)"], this.simulator);
    await (await arbSysMock.mockSetParentBlockNumber(parentBlock)).wait();
  }

  /** Applies every parent-to-child message delivered since the last call, in order. */
  async relayParentToChild(): Promise<RelayedMessage[]> {
    await this.syncParentBlock();
    const count: bigint = await this.bridge.delayedMessageCount();
    const relayed: RelayedMessage[] = [];
    if (count <= this.nextMessageIndex) return relayed;
    const delivered = await this.bridge.queryFilter(this.bridge.filters.MessageDelivered(), 0);
    const inboxData = new Map<bigint, string>();
    for (const ev of await this.inbox.queryFilter(this.inbox.filters.InboxMessageDelivered(), 0)) {
      const args = (ev as unknown as { args: { messageNum: bigint; data: string } }).args;
      inboxData.set(args.messageNum, args.data);
    }
    for (const ev of delivered) {
      const a = (
        ev as unknown as {
          args: { messageIndex: bigint; inbox: string; kind: bigint; sender: string; messageDataHash: string };
        }
      ).args;
      if (a.messageIndex < this.nextMessageIndex) continue;
      this.nextMessageIndex = a.messageIndex + 1n;
      if (getAddress(a.inbox) !== getAddress(this.deployment.parentContracts.inbox)) continue;
      const data = inboxData.get(a.messageIndex);
      if (data === undefined) throw new Error(`message ${a.messageIndex}: no InboxMessageDelivered data`);
      if (keccak256(data) !== a.messageDataHash) throw new Error(`message ${a.messageIndex}: data does not match hash`);
      const kind = Number(a.kind);
      if (kind === L1MessageType.ETH_DEPOSIT) relayed.push(await this.applyDeposit(a.messageIndex, a.sender, data));
      else if (kind === L1MessageType.SUBMIT_RETRYABLE_TX) {
        relayed.push(await this.applyRetryable(a.messageIndex, a.sender, data));
      }
      // Other kinds (signed L2 transactions, batch reports) carry nothing this simulation needs.
    }
    return relayed;
  }

  private async addBalance(account: string, amount: bigint): Promise<void> {
    const balance = await this.child.provider.getBalance(account);
    await this.child.rpc.request({ method: "hardhat_setBalance", params: [account, toBeHex(balance + amount)] });
  }

  private async applyDeposit(messageIndex: bigint, sender: string, data: string): Promise<RelayedMessage> {
    // ERC20Inbox.depositERC20: abi.encodePacked(dest, amountToMintOnL2)
    const to = getAddress(dataSlice(data, 0, 20));
    const amount = BigInt(dataSlice(data, 20, 52));
    await this.addBalance(to, amount);
    return { messageIndex, kind: L1MessageType.ETH_DEPOSIT, sender, to, amount };
  }

  private async applyRetryable(messageIndex: bigint, sender: string, data: string): Promise<RelayedMessage> {
    // AbsInbox._unsafeCreateRetryableTicket: abi.encodePacked of 9 uint256 words then the call data.
    const words = coder.decode(Array(9).fill("uint256"), dataSlice(data, 0, 288)) as unknown as bigint[];
    const [toWord, l2CallValue, deposit, , excessRefundWord, callValueRefundWord, gasLimit, maxFeePerGas, length] =
      words;
    const callData = dataLength(data) > 288 ? dataSlice(data, 288, 288 + Number(length)) : "0x";
    const to = getAddress(toBeHex(toWord, 20));
    const from = getAddress(sender); // the inbox already aliased the L1 sender
    const excessFeeRefund = getAddress(toBeHex(excessRefundWord, 20));
    const callValueRefund = getAddress(toBeHex(callValueRefundWord, 20));

    const before = await this.child.provider.getBalance(from);
    await this.addBalance(from, deposit);
    // ArbOS schedules the auto-redeem only when the ticket's maxFeePerGas covers the L2 base fee, and charges the
    // base fee (tips are ignored). The simulated chain is priced as an idle Orbit chain: its next block's base fee is
    // set to the modelled L2 base fee (ArbOwner's, never below the minimum).
    const baseFee = await this.l2BaseFee();
    let success = false;
    let transactionHash: string | undefined;
    if (maxFeePerGas >= baseFee) {
      await this.child.rpc.request({ method: "hardhat_setNextBlockBaseFeePerGas", params: [toBeHex(baseFee)] });
      await this.child.rpc.request({ method: "hardhat_impersonateAccount", params: [from] });
      const nonce = await this.child.provider.getTransactionCount(from);
      try {
        const tx = {
          from,
          to,
          value: toBeHex(l2CallValue),
          data: callData,
          gas: toBeHex(gasLimit),
          maxFeePerGas: toBeHex(maxFeePerGas),
          maxPriorityFeePerGas: "0x0",
        };
        transactionHash = (await this.child.rpc.request({ method: "eth_sendTransaction", params: [tx] })) as string;
        const receipt = await this.child.provider.waitForTransaction(transactionHash);
        success = receipt?.status === 1;
      } catch {
        // A reverted call is still mined under automine (the node reports the revert as an error): find it, so its
        // gas is accounted for. Either way the ticket is not redeemed.
        success = false;
        if ((await this.child.provider.getTransactionCount(from)) > nonce) {
          transactionHash = await this.lastTransactionFrom(from);
        }
      } finally {
        await this.child.rpc.request({ method: "hardhat_stopImpersonatingAccount", params: [from] });
      }
    }
    // Whatever the deposit did not spend leaves the aliased sender as ArbOS would route it.
    let left = (await this.child.provider.getBalance(from)) - before;
    if (!success && left >= l2CallValue) {
      await this.move(from, callValueRefund, l2CallValue);
      left -= l2CallValue;
    }
    if (left > 0n) await this.move(from, excessFeeRefund, left);
    return {
      messageIndex,
      kind: L1MessageType.SUBMIT_RETRYABLE_TX,
      sender: from,
      to,
      amount: l2CallValue,
      success,
      transactionHash,
    };
  }

  /** The hash of `from`'s transaction in the child's latest block, if it has one. */
  private async lastTransactionFrom(from: string): Promise<string | undefined> {
    const block = await this.child.provider.getBlock("latest", true);
    const tx = block?.prefetchedTransactions.findLast((t) => getAddress(t.from) === from);
    return tx?.hash;
  }

  /** The modelled L2 base fee of the chain: ArbOwner's current base fee, never below its minimum. */
  private async l2BaseFee(): Promise<bigint> {
    const arbOwner = new Contract(
      ARB_OWNER,
      ["function mockGasPricing() view returns (uint256, uint256, uint64, uint64)"],
      this.child.provider,
    );
    const [minimum, current] = (await arbOwner.mockGasPricing()) as [bigint, bigint, bigint, bigint];
    return current > minimum ? current : minimum;
  }

  private async move(from: string, to: string, amount: bigint): Promise<void> {
    if (getAddress(from) === getAddress(to) || amount === 0n) return;
    const fromBalance = await this.child.provider.getBalance(from);
    await this.child.rpc.request({ method: "hardhat_setBalance", params: [from, toBeHex(fromBalance - amount)] });
    await this.addBalance(to, amount);
  }

  /** Reads the ArbSys mock's L2ToL1Tx events emitted since the last call. */
  async collectChildToParent(): Promise<L2ToL1Message[]> {
    const latest = await this.child.provider.getBlockNumber();
    const events = await this.arbSys.queryFilter(this.arbSys.filters.L2ToL1Tx(), this.childScanFrom, latest);
    this.childScanFrom = latest + 1;
    const fresh: L2ToL1Message[] = [];
    for (const ev of events) {
      const a = (ev as unknown as { args: L2ToL1Message & { hash: bigint } }).args;
      const message: L2ToL1Message = {
        position: a.position,
        caller: a.caller,
        destination: a.destination,
        arbBlockNum: a.arbBlockNum,
        ethBlockNum: a.ethBlockNum,
        timestamp: a.timestamp,
        callvalue: a.callvalue,
        data: a.data,
        hash: toBeHex(a.hash, 32),
      };
      this.sends.push(message);
      fresh.push(message);
    }
    return fresh;
  }

  /**
   * Confirms every collected send, as the rollup does when an assertion confirms: refuses while any send is younger
   * than `confirmPeriodBlocks` parent blocks, then posts the send root to the real Outbox from the Rollup address.
   */
  async confirmSends(): Promise<string> {
    await this.collectChildToParent();
    if (this.sends.length === 0) throw new Error("no child-to-parent message to confirm");
    const parentBlock = BigInt(await this.parent.provider.getBlockNumber());
    const period = BigInt(this.deployment.network.confirmPeriodBlocks);
    for (const send of this.sends) {
      if (parentBlock < send.ethBlockNum + period) {
        throw new Error(
          `send ${send.position} not confirmable before parent block ${send.ethBlockNum + period} (now ${parentBlock})`,
        );
      }
    }
    const root = sendRoot(this.sends.map((s) => s.hash));
    const childBlock = await this.child.provider.getBlock("latest");
    if (childBlock === null || childBlock.hash === null) throw new Error("child chain has no latest block");
    const rollup = this.deployment.parentContracts.rollup;
    await this.parent.rpc.request({ method: "hardhat_impersonateAccount", params: [rollup] });
    await this.parent.rpc.request({ method: "hardhat_setBalance", params: [rollup, toBeHex(10n ** 18n)] });
    try {
      const data = this.outbox.interface.encodeFunctionData("updateSendRoot", [root, childBlock.hash]);
      const hash = (await this.parent.rpc.request({
        method: "eth_sendTransaction",
        params: [{ from: rollup, to: this.deployment.parentContracts.outbox, data }],
      })) as string;
      await this.parent.provider.waitForTransaction(hash);
    } finally {
      await this.parent.rpc.request({ method: "hardhat_stopImpersonatingAccount", params: [rollup] });
    }
    return root;
  }

  /**
   * Confirms every collected send the way a BoLD validator does, on the real rollup: posts an (empty) sequencer batch
   * so the inbox reaches the genesis assertion's `nextInboxPosition`, stakes `baseStake` of the stake token and
   * creates an assertion whose after-state holds the child's latest block hash and the send root, waits the
   * minimum assertion period and `confirmPeriodBlocks`, then `confirmAssertion`, which makes the rollup post the send
   * root to the Outbox. `validator` must be a whitelisted validator and a batch poster holding the stake (an EOA: the
   * batch goes through `addSequencerL2BatchFromOrigin`). Only the first assertion after genesis is supported (one per
   * relayer). Returns the confirmed assertion's hash and the send root.
   */
  async confirmSendsByAssertion(validator: Signer): Promise<{ assertionHash: string; sendRoot: string }> {
    await this.collectChildToParent();
    if (this.sends.length === 0) throw new Error("no child-to-parent message to confirm");
    const { parentContracts } = this.deployment;
    const rollup = new Contract(
      parentContracts.rollup,
      nitroArtifact("rollup/RollupUserLogic").abi as never[],
      validator,
    );
    const genesis = await this.genesisAssertion(rollup);
    const latest: string = await rollup.latestConfirmed();
    if (latest !== genesis.hash) throw new Error("only the first assertion after genesis is supported");

    // 1. The sequencer inbox must hold the messages the assertion consumes (genesis: up to nextInboxPosition).
    const sequencerInbox = new Contract(
      parentContracts.sequencerInbox,
      nitroArtifact("bridge/SequencerInbox").abi as never[],
      validator,
    );
    const bridge = new Contract(parentContracts.bridge, nitroArtifact("bridge/IBridge").abi as never[], validator);
    while ((await bridge.sequencerMessageCount()) < genesis.config.nextInboxPosition) {
      const delayed: bigint = await bridge.delayedMessageCount();
      await (
        await sequencerInbox.getFunction(
          "addSequencerL2BatchFromOrigin(uint256,bytes,uint256,address,uint256,uint256)",
        )((1n << 256n) - 1n, "0x", delayed, "0x0000000000000000000000000000000000000000", 0n, 0n)
      ).wait();
    }
    const inboxPosition = genesis.config.nextInboxPosition;
    const sequencerBatchAcc: string = await bridge.sequencerInboxAccs(inboxPosition - 1n);

    // 2. The assertion: the child's state after every collected send.
    const childBlock = await this.child.provider.getBlock("latest");
    if (childBlock === null || childBlock.hash === null) throw new Error("child chain has no latest block");
    const root = sendRoot(this.sends.map((s) => s.hash));
    const afterState = {
      globalState: { bytes32Vals: [childBlock.hash, root], u64Vals: [inboxPosition, 0n] },
      machineStatus: 1, // FINISHED
      endHistoryRoot: keccak256(root),
    };
    const assertion = {
      beforeStateData: {
        prevPrevAssertionHash: genesis.parentHash,
        sequencerBatchAcc: genesis.inboxAcc,
        configData: genesis.config,
      },
      beforeState: genesis.afterState,
      afterState,
    };
    const stakeToken = new Contract(
      await rollup.stakeToken(),
      ["function approve(address,uint256) returns (bool)"],
      validator,
    );
    await (await stakeToken.approve(parentContracts.rollup, genesis.config.requiredStake)).wait();
    const minimumPeriod: bigint = await rollup.minimumAssertionPeriod();
    const parentNow = BigInt(await this.parent.provider.getBlockNumber());
    if (parentNow < genesis.createdAtBlock + minimumPeriod) {
      await this.mineParent(genesis.createdAtBlock + minimumPeriod - parentNow);
    }
    const created = await (
      await rollup.getFunction(
        "newStakeOnNewAssertion(uint256,((bytes32,bytes32,(bytes32,uint256,address,uint64,uint64)),((bytes32[2],uint64[2]),uint8,bytes32),((bytes32[2],uint64[2]),uint8,bytes32)),bytes32,address)",
      )(genesis.config.requiredStake, assertion, "0x" + "00".repeat(32), await validator.getAddress())
    ).wait();
    const event = created.logs
      .map((log: { topics: string[]; data: string }) => rollup.interface.parseLog(log))
      .find((parsed: { name: string } | null) => parsed?.name === "AssertionCreated");
    const assertionHash: string = event.args.assertionHash;

    // 3. No challenge: after the confirm period the validator confirms, and the rollup updates the Outbox.
    await this.mineParent(BigInt(this.deployment.network.confirmPeriodBlocks));
    await (
      await rollup.confirmAssertion(
        assertionHash,
        genesis.hash,
        afterState,
        "0x" + "00".repeat(32),
        genesis.config,
        sequencerBatchAcc,
      )
    ).wait();
    return { assertionHash, sendRoot: root };
  }

  private async mineParent(blocks: bigint): Promise<void> {
    await this.parent.rpc.request({ method: "hardhat_mine", params: [toBeHex(blocks)] });
  }

  /** The genesis assertion as `RollupAdminLogic.initialize` emitted it in the creation transaction. */
  private async genesisAssertion(rollup: Contract) {
    const receipt = await this.parent.provider.getTransactionReceipt(this.deployment.creation.transactionHash);
    if (receipt === null) throw new Error("no receipt for the rollup creation");
    for (const log of receipt.logs) {
      if (getAddress(log.address) !== getAddress(this.deployment.parentContracts.rollup)) continue;
      const parsed = rollup.interface.parseLog(log);
      if (parsed?.name !== "AssertionCreated") continue;
      const a = parsed.args;
      const state = a.assertion.afterState;
      return {
        hash: a.assertionHash as string,
        parentHash: a.parentAssertionHash as string,
        inboxAcc: a.afterInboxBatchAcc as string,
        createdAtBlock: BigInt(receipt.blockNumber),
        afterState: {
          globalState: {
            bytes32Vals: [...state.globalState.bytes32Vals] as string[],
            u64Vals: [...state.globalState.u64Vals] as bigint[],
          },
          machineStatus: Number(state.machineStatus),
          endHistoryRoot: state.endHistoryRoot as string,
        },
        config: {
          wasmModuleRoot: a.wasmModuleRoot as string,
          requiredStake: a.requiredStake as bigint,
          challengeManager: a.challengeManager as string,
          confirmPeriodBlocks: a.confirmPeriodBlocks as bigint,
          nextInboxPosition: a.inboxMaxCount as bigint,
        },
      };
    }
    throw new Error("the rollup creation emitted no genesis AssertionCreated");
  }

  /**
   * The child chain as a Nitro node serves it to clients, for @arbitrum/sdk in tests: an EIP-1193 source over the
   * simulated child that adds Nitro's block fields (`sendRoot`, `sendCount` from the ArbSys mock's send tree at that
   * block, `l1BlockNumber`) and answers NodeInterface.constructOutboxProof (0xc8) from the collected sends. Every
   * other request goes to the simulated chain unchanged.
   */
  nitroRpc(): Rpc {
    const nodeInterface = new Interface(nitroArtifact("node-interface/NodeInterface").abi as never[]);
    const arbSys = new Interface(nitroArtifact("precompiles/ArbSys").abi as never[]);
    const child = this.child.rpc;
    const addNitroFields = async (block: Record<string, unknown> | null) => {
      if (block === null) return null;
      const data = arbSys.encodeFunctionData("sendMerkleTreeState");
      const raw = (await child.request({
        method: "eth_call",
        params: [{ to: ARB_SYS, data }, block.number],
      })) as string;
      // Before the mocks were installed (genesis) there was no send: count 0, root zero, as Nitro's block 0 has.
      const [size, root] = raw === "0x" ? [0n, ZeroHash] : arbSys.decodeFunctionResult("sendMerkleTreeState", raw);
      return { ...block, sendRoot: root, sendCount: toBeHex(size), l1BlockNumber: block.number };
    };
    return {
      request: async ({ method, params }) => {
        if (method === "eth_getBlockByHash" || method === "eth_getBlockByNumber") {
          return addNitroFields((await child.request({ method, params })) as Record<string, unknown> | null);
        }
        const call = (params?.[0] ?? {}) as { to?: string; data?: string };
        if (method === "eth_call" && call.to !== undefined && BigInt(call.to) === 0xc8n) {
          const parsed = nodeInterface.parseTransaction({ data: call.data ?? "0x" });
          if (parsed?.name !== "constructOutboxProof")
            throw new Error(`NodeInterface.${parsed?.name} is not simulated`);
          const size = Number(parsed.args[0]);
          const leaf = Number(parsed.args[1]);
          const hashes = this.sends.slice(0, size).map((s) => s.hash);
          if (hashes.length !== size) throw new Error(`only ${this.sends.length} sends are known, not ${size}`);
          return nodeInterface.encodeFunctionResult("constructOutboxProof", [
            hashes[leaf],
            sendRoot(hashes),
            outboxProof(hashes, leaf),
          ]);
        }
        return child.request({ method, params });
      },
    };
  }

  /** The sends collected so far (positions are leaf indexes) and the proof of one of them. */
  get collectedSends(): readonly L2ToL1Message[] {
    return this.sends;
  }

  proofFor(position: bigint): string[] {
    return outboxProof(
      this.sends.map((s) => s.hash),
      Number(position),
    );
  }
}
