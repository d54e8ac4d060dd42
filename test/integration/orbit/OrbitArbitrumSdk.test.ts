/**
 * @arbitrum/sdk 4.1 (Offchain Labs' client, ethers v5) driven through src/orbit/arbitrum-sdk.ts with ethers v6
 * signers, against the simulated pair: the parent runs the real nitro-contracts 3.2.0 rollup stack (ERC20Bridge,
 * ERC20Inbox, ERC20Outbox, BoLD rollup); the child is an EDR chain with the ArbSys mock at 0x64.
 */
import { expect } from "chai";
import {
  BrowserProvider,
  Contract,
  Interface,
  Wallet,
  getAddress,
  isHexString,
  parseEther,
  solidityPacked,
  type Log,
} from "ethers";

import {
  approveGasToken,
  depositGasToken,
  executeChildToParentMessage,
  getChildToParentMessageStatus,
  getChildToParentMessages,
  getRetryableTickets,
  readNetworkFromRollup,
  registerOrbitNetwork,
  registeredArbitrumNetwork,
  withdrawGasToken,
} from "../../../src/orbit/arbitrum-sdk.js";
import { nitroArtifact } from "../../../src/orbit/artifacts.js";
import { claimOnParent, createRetryable } from "../../../src/orbit/bridge.js";
import { ARB_SYS, L1MessageType, applyL1ToL2Alias } from "../../../src/orbit/constants.js";
import { createOrbitPair, freshUser, type OrbitPair } from "../../helpers/orbit.js";

/** The events of `iface` among `logs` emitted by `address`, parsed. */
function eventsOf(logs: readonly Log[], address: string, iface: Interface, name: string) {
  return logs
    .filter((log) => getAddress(log.address) === getAddress(address))
    .map((log) => iface.parseLog(log))
    .filter((parsed) => parsed?.name === name)
    .map((parsed) => parsed!.args);
}

describe("Orbit through @arbitrum/sdk: gas-token deposit, network registration, child-to-parent messages", function () {
  let pair: OrbitPair;
  const erc20 = new Interface([
    "event Transfer(address indexed from, address indexed to, uint256 value)",
    "event Approval(address indexed owner, address indexed spender, uint256 value)",
  ]);
  const bridgeAbi = new Interface(nitroArtifact("bridge/ERC20Bridge").abi as never[]);
  const inboxAbi = new Interface(nitroArtifact("bridge/ERC20Inbox").abi as never[]);

  before(async function () {
    pair = await createOrbitPair();
  });

  it("registers the deployment record with registerCustomArbitrumNetwork, and the record is what the rollup says", async function () {
    const { deployment, parent } = pair;
    const registered = registerOrbitNetwork(deployment);
    expect(registered).to.deep.equal({ ...deployment.network, isCustom: true });
    expect(registeredArbitrumNetwork(deployment.network.chainId)).to.deep.equal(registered);
    // Registering the same record again changes nothing (and does not warn).
    expect(registerOrbitNetwork(deployment)).to.deep.equal(registered);

    // The SDK's own reading of the rollup on the parent chain agrees with the record, native token included.
    const onChain = await readNetworkFromRollup(parent.ethers.provider, deployment.network.ethBridge.rollup);
    expect(onChain).to.deep.equal({
      parentChainId: deployment.network.parentChainId,
      confirmPeriodBlocks: deployment.network.confirmPeriodBlocks,
      ethBridge: deployment.network.ethBridge,
      nativeToken: await pair.open.getAddress(),
    });
  });

  it("refuses a record without a native token or with a malformed address, before anything is registered", function () {
    const { network } = pair.deployment;
    expect(() => registerOrbitNetwork({ network: { ...network, nativeToken: undefined } })).to.throw(
      "the record's network has no nativeToken (OPEN on the parent chain)",
    );
    expect(() =>
      registerOrbitNetwork({ network: { ...network, ethBridge: { ...network.ethBridge, outbox: "0x1234" } } }),
    ).to.throw("the record's ethBridge.outbox is not an address");
    expect(registeredArbitrumNetwork(network.chainId)?.ethBridge.outbox).to.equal(network.ethBridge.outbox);
  });

  it("approveGasToken + deposit (ethers v6 Wallet): OPEN moves into the real ERC20Bridge, which delivers the deposit message", async function () {
    const { deployment, open, relayer, child } = pair;
    const user = await freshUser(pair, parseEther("40"));
    const amount = parseEther("25");

    const approval = await approveGasToken(user.onParent, deployment, amount);
    expect(approval.to).to.equal(getAddress(deployment.parentContracts.nativeToken));
    expect(eventsOf(approval.logs, deployment.parentContracts.nativeToken, erc20, "Approval")).to.have.length(1);
    const [approved] = eventsOf(approval.logs, deployment.parentContracts.nativeToken, erc20, "Approval");
    expect([approved.owner, approved.spender, approved.value]).to.deep.equal([
      user.address,
      deployment.parentContracts.inbox,
      amount,
    ]);

    const bridgeBefore: bigint = await open.getFunction("balanceOf")(deployment.parentContracts.bridge);
    const { receipt, deposit } = await depositGasToken(user.onParent, deployment, amount);
    // The call the SDK made: ERC20Inbox.depositERC20(amount) from the user.
    expect(receipt.to).to.equal(getAddress(deployment.parentContracts.inbox));
    expect(receipt.from).to.equal(user.address);
    // OPEN: user -> inbox (transferFrom, the approval above) -> bridge.
    const transfers = eventsOf(receipt.logs, deployment.parentContracts.nativeToken, erc20, "Transfer");
    expect(transfers.map((t) => [t.from, t.to, t.value])).to.deep.equal([
      [user.address, deployment.parentContracts.inbox, amount],
      [deployment.parentContracts.inbox, deployment.parentContracts.bridge, amount],
    ]);
    expect(await open.getFunction("balanceOf")(deployment.parentContracts.bridge)).to.equal(bridgeBefore + amount);
    expect(await open.getFunction("balanceOf")(user.address)).to.equal(parseEther("15"));
    // Bridge.MessageDelivered (kind 12, ETH_DEPOSIT) and ERC20Inbox.InboxMessageDelivered(dest ++ amount).
    const [delivered] = eventsOf(receipt.logs, deployment.parentContracts.bridge, bridgeAbi, "MessageDelivered");
    expect(delivered.kind).to.equal(BigInt(L1MessageType.ETH_DEPOSIT));
    expect(delivered.inbox).to.equal(deployment.parentContracts.inbox);
    // The inbox hands the bridge the aliased sender, for deposits too.
    const alias = getAddress(applyL1ToL2Alias(user.address));
    expect(delivered.sender).to.equal(alias);
    const [inboxMessage] = eventsOf(receipt.logs, deployment.parentContracts.inbox, inboxAbi, "InboxMessageDelivered");
    expect(inboxMessage.messageNum).to.equal(delivered.messageIndex);
    expect(inboxMessage.data).to.equal(solidityPacked(["address", "uint256"], [user.address, amount]));

    // What the SDK read back from the receipt (getEthDeposits).
    expect(deposit).to.deep.include({
      messageNumber: delivered.messageIndex,
      from: alias,
      to: user.address,
      value: amount,
    });
    expect(isHexString(deposit.childTxHash, 32)).to.equal(true);

    // The relayer applies that very message on the child.
    const relayed = await relayer.relayParentToChild();
    expect(relayed.map((m) => [m.messageIndex, m.kind, m.to, m.amount])).to.deep.equal([
      [deposit.messageNumber, L1MessageType.ETH_DEPOSIT, user.address, amount],
    ]);
    expect(await child.ethers.provider.getBalance(user.address)).to.equal(amount);
  });

  it("deposit from a Hardhat account signer; a deposit above the allowance reverts in the real inbox and moves nothing", async function () {
    const { deployment, open, deployer } = pair;
    const user = pair.parentUsers[3];
    await (await open.connect(deployer).getFunction("transfer")(user.address, parseEther("10"))).wait();
    await approveGasToken(user, deployment, parseEther("4"));
    const { deposit } = await depositGasToken(user, deployment, parseEther("4"));
    expect(deposit).to.deep.include({
      from: getAddress(applyL1ToL2Alias(user.address)),
      to: user.address,
      value: parseEther("4"),
    });

    const bridgeBefore: bigint = await open.getFunction("balanceOf")(deployment.parentContracts.bridge);
    let failure: unknown;
    await depositGasToken(user, deployment, parseEther("1")).catch((error: unknown) => (failure = error));
    expect(failure, "a deposit without allowance must fail").to.not.equal(undefined);
    expect(await open.getFunction("balanceOf")(deployment.parentContracts.bridge)).to.equal(bridgeBefore);
    expect(await open.getFunction("balanceOf")(user.address)).to.equal(parseEther("6"));
    await pair.relayer.relayParentToChild();
  });

  it("reads a retryable ticket (`orbit deposit --to`) from the parent receipt with getParentToChildMessages", async function () {
    const { deployment, parent, relayer } = pair;
    const user = await freshUser(pair, parseEther("10"));
    const recipient = Wallet.createRandom().address;
    const { receipt, messageIndex } = await createRetryable(user.onParent, deployment, {
      to: recipient,
      l2CallValue: parseEther("2"),
    });
    const tickets = await getRetryableTickets(parent.ethers.provider, deployment, receipt.hash);
    expect(tickets).to.have.length(1);
    expect(tickets[0]).to.deep.include({
      messageNumber: messageIndex,
      sender: getAddress(applyL1ToL2Alias(user.address)),
      to: recipient,
      l2CallValue: parseEther("2"),
      gasLimit: 300_000n,
      maxFeePerGas: 100_000_000n,
    });
    expect(isHexString(tickets[0].retryableCreationId, 32)).to.equal(true);
    await relayer.relayParentToChild();
  });

  it("withdraws through EthBridger.withdraw; the SDK finds the L2ToL1Tx the ArbSys mock emitted and it executes on the real Outbox", async function () {
    const { deployment, child, parent, open, relayer } = pair;
    const user = pair.parentUsers[4];
    const childUser = await child.ethers.getSigner(user.address);
    const destination = Wallet.createRandom().address;

    const { receipt, message } = await withdrawGasToken(childUser, deployment, destination, parseEther("7"));
    expect(receipt.to).to.equal(getAddress(ARB_SYS));
    expect(message).to.deep.include({ caller: user.address, destination, callvalue: parseEther("7"), data: "0x" });
    // The same message, discovered from the child transaction alone.
    expect(await getChildToParentMessages(child.ethers.provider, receipt.hash)).to.deep.equal([message]);
    // And it is the one the relayer (which reads ArbSys's events itself) collected.
    const collected = await relayer.collectChildToParent();
    expect(collected).to.deep.equal([message]);
    // Its item hash is the Outbox's: keccak256(abi.encodePacked(caller, to, l2Block, l1Block, timestamp, value, data)).
    const outbox = new Contract(
      deployment.parentContracts.outbox,
      nitroArtifact("bridge/Outbox").abi as never[],
      parent.ethers.provider,
    );
    expect(
      await outbox.calculateItemHash(
        message.caller,
        message.destination,
        message.arbBlockNum,
        message.ethBlockNum,
        message.timestamp,
        message.callvalue,
        message.data,
      ),
    ).to.equal(message.hash);

    await parent.networkHelpers.mine(deployment.network.confirmPeriodBlocks);
    await relayer.confirmSends();
    await claimOnParent(pair.deployer, deployment, message, relayer.proofFor(message.position));
    expect(await open.getFunction("balanceOf")(destination)).to.equal(parseEther("7"));
  });

  it("a transaction that sent no message has none; a withdrawal of zero is refused before anything is sent", async function () {
    const { child, deployment } = pair;
    const [someone] = pair.childSigners;
    const tx = await someone.sendTransaction({ to: Wallet.createRandom().address, value: 1n });
    expect(await getChildToParentMessages(child.ethers.provider, tx.hash)).to.deep.equal([]);
    const nonce = await child.ethers.provider.getTransactionCount(someone.address);
    let failure: unknown;
    await withdrawGasToken(someone, deployment, someone.address, 0n).catch((e: unknown) => (failure = e));
    expect(String(failure)).to.contain("withdrawal amount must be positive");
    expect(await child.ethers.provider.getTransactionCount(someone.address)).to.equal(nonce);
  });

  it("status needs a Nitro node: against the plain simulated child the SDK stops at the block's missing sendRoot", async function () {
    // ChildToParentMessage.status reads the rollup's latest confirmed assertion on the parent (real BoLD rollup here),
    // then the child block that assertion names, whose `sendRoot` / `sendCount` only a Nitro node serves.
    const { deployment, child, parent } = pair;
    const [someone] = pair.childSigners;
    const { message } = await withdrawGasToken(someone, deployment, someone.address, 1n);
    let failure: unknown;
    await getChildToParentMessageStatus({
      record: deployment,
      parent: parent.ethers.provider,
      child: child.ethers.provider,
      message,
    }).catch((e: unknown) => (failure = e));
    // ethers v5's Arbitrum block formatter: `sendRoot` is undefined on a non-Nitro block.
    expect(String(failure)).to.match(/invalid hash .*value=undefined/);
  });

  it("status and execute through the SDK once a real BoLD assertion confirms the send root (child served as a Nitro node)", async function () {
    const { deployment, parent, open, relayer, deployer } = pair;
    // The SDK reads the child through the relayer's Nitro view: blocks with sendRoot/sendCount, NodeInterface proofs.
    const nitroChild = new BrowserProvider(relayer.nitroRpc(), deployment.network.chainId);
    const [someone] = pair.childSigners;
    const destination = Wallet.createRandom().address;
    const { message } = await withdrawGasToken(someone, deployment, destination, parseEther("3"));
    const params = { record: deployment, parent: parent.ethers.provider, child: nitroChild, message };

    // Only the genesis assertion is confirmed: unconfirmed, and the Outbox refuses the message.
    expect(await getChildToParentMessageStatus(params)).to.equal("unconfirmed");

    // A validator stakes OPEN (the rollup's stake token here), asserts the child's state and confirms it after the
    // confirm period; the rollup posts the send root to the Outbox itself.
    const { sendRoot: root } = await relayer.confirmSendsByAssertion(deployer);
    const outbox = new Contract(
      deployment.parentContracts.outbox,
      nitroArtifact("bridge/Outbox").abi as never[],
      parent.ethers.provider,
    );
    expect(await outbox.roots(root)).to.not.equal(`0x${"00".repeat(32)}`);
    expect(await getChildToParentMessageStatus(params)).to.equal("confirmed");

    // execute: the SDK takes the proof from NodeInterface and calls Outbox.executeTransaction.
    const receipt = await executeChildToParentMessage({ ...params, parentSigner: pair.parentUsers[5] });
    expect(receipt.to).to.equal(getAddress(deployment.parentContracts.outbox));
    const [executed] = eventsOf(
      receipt.logs,
      deployment.parentContracts.outbox,
      outbox.interface,
      "OutBoxTransactionExecuted",
    );
    expect(executed.to).to.equal(destination);
    expect(executed.transactionIndex).to.equal(message.position);
    expect(await open.getFunction("balanceOf")(destination)).to.equal(parseEther("3"));
    expect(await getChildToParentMessageStatus(params)).to.equal("executed");
    console.log(`      gas: Outbox.executeTransaction through @arbitrum/sdk ${receipt.gasUsed}`);
  });
});
