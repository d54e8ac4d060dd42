import { expect } from "chai";
import { Contract, Wallet, dataSlice, getAddress, parseEther, parseUnits } from "ethers";

import { nitroArtifact } from "../../../src/orbit/artifacts.js";
import { claimOnParent, createRetryable, depositOpen, withdrawOpen } from "../../../src/orbit/bridge.js";
import { ARB_GAS_INFO, ARB_OWNER, ARB_SYS, L1MessageType, applyL1ToL2Alias } from "../../../src/orbit/constants.js";
import { createOrbitPair, feesOf, freshUser } from "../../helpers/orbit.js";

describe("Orbit: chain creation with OPEN as gas token, deposit and withdrawal (simulated pair)", function () {
  let pair: Awaited<ReturnType<typeof createOrbitPair>>;

  before(async function () {
    pair = await createOrbitPair();
  });

  it("creates the rollup on the parent with OPEN as the ERC20 bridge's native token", async function () {
    const { parent, deployment, open } = pair;
    const bridge = new Contract(
      deployment.parentContracts.bridge,
      nitroArtifact("bridge/ERC20Bridge").abi as never[],
      parent.ethers.provider,
    );
    expect(await bridge.nativeToken()).to.equal(await open.getAddress());
    expect(deployment.network.nativeToken).to.equal(await open.getAddress());
    const rollup = new Contract(
      deployment.parentContracts.rollup,
      nitroArtifact("rollup/RollupAdminLogic").abi as never[],
      parent.ethers.provider,
    );
    expect(await rollup.chainId()).to.equal(412346n);
    // The rollup proxy's owner is its ERC-1967 admin: the parent chain's UpgradeExecutor.
    const adminSlot = "0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103";
    const admin = await parent.ethers.provider.getStorage(deployment.parentContracts.rollup, adminSlot);
    expect(getAddress(dataSlice(admin, 12))).to.equal(deployment.parentContracts.upgradeExecutor);
    const seqInbox = new Contract(
      deployment.parentContracts.sequencerInbox,
      nitroArtifact("bridge/SequencerInbox").abi as never[],
      parent.ethers.provider,
    );
    expect(await seqInbox.feeTokenPricer()).to.equal(deployment.parentContracts.feeTokenPricer);
    expect(await seqInbox.isBatchPoster(pair.deployer.address)).to.equal(true);
  });

  it("a deposit of OPEN becomes native balance on the child, aliased when the depositor is a contract", async function () {
    const { parent, child, deployer, deployment, open, relayer } = pair;
    const user = pair.parentUsers[0];
    await (await open.connect(deployer).getFunction("transfer")(user.address, parseEther("1000"))).wait();
    const before = await child.ethers.provider.getBalance(user.address);
    await depositOpen(user, deployment, parseEther("250"));
    expect(await open.getFunction("balanceOf")(deployment.parentContracts.bridge)).to.equal(parseEther("250"));
    const relayed = await relayer.relayParentToChild();
    expect(relayed).to.have.length(1);
    expect(await child.ethers.provider.getBalance(user.address)).to.equal(before + parseEther("250"));

    // A contract depositor is credited at its alias (AddressAliasHelper: + 0x1111...1111).
    const wallet = await (
      await parent.ethers.getContractFactory("OrbitDepositorMock")
    ).deploy(deployment.parentContracts.inbox, await open.getAddress());
    await (await open.getFunction("transfer")(await wallet.getAddress(), parseEther("5"))).wait();
    await (await wallet.getFunction("deposit")(parseEther("5"))).wait();
    await relayer.relayParentToChild();
    const alias = applyL1ToL2Alias(await wallet.getAddress());
    expect(await child.ethers.provider.getBalance(alias)).to.equal(parseEther("5"));
  });

  it("a deposit to another address (`orbit deposit --to`) is a retryable ticket, redeemed on the child for the recipient", async function () {
    const { child, deployment, open, relayer } = pair;
    const user = await freshUser(pair, parseEther("100"));
    const recipient = Wallet.createRandom().address;
    const amount = parseEther("12.5");
    const bridgeBefore = await open.getFunction("balanceOf")(deployment.parentContracts.bridge);
    // Exactly what the task sends: `createRetryable(signer, record, { to, l2CallValue: amount })`.
    const { messageIndex, total } = await createRetryable(user.onParent, deployment, {
      to: recipient,
      l2CallValue: amount,
    });
    expect(total).to.equal(amount + 300_000n * 100_000_000n); // call value + gas limit x max fee per gas, in OPEN
    expect(await open.getFunction("balanceOf")(user.address)).to.equal(parseEther("100") - total);
    expect(await open.getFunction("balanceOf")(deployment.parentContracts.bridge)).to.equal(bridgeBefore + total);

    const relayed = await relayer.relayParentToChild();
    expect(relayed).to.have.length(1);
    const alias = getAddress(applyL1ToL2Alias(user.address));
    expect(relayed[0]).to.include({
      messageIndex,
      kind: L1MessageType.SUBMIT_RETRYABLE_TX,
      sender: alias,
      to: recipient,
      amount,
      success: true,
    });
    // The call value lands at the recipient; the unused gas budget goes to the excess-fee refund address (the user);
    // nothing stays with the aliased sender.
    expect(await child.ethers.provider.getBalance(recipient)).to.equal(amount);
    const redeem = await child.ethers.provider.getTransactionReceipt(relayed[0].transactionHash as string);
    expect(redeem?.from).to.equal(alias);
    expect(await child.ethers.provider.getBalance(user.address)).to.equal(total - amount - feesOf([redeem]));
    expect(await child.ethers.provider.getBalance(alias)).to.equal(0n);
  });

  it("a retryable whose call fails on the child returns the call value to the call-value refund address", async function () {
    const { child, deployment, relayer } = pair;
    const user = await freshUser(pair, parseEther("10"));
    const beneficiary = Wallet.createRandom().address;
    const amount = parseEther("2");
    // ArbGasInfo has no payable fallback: the value transfer reverts.
    const { total } = await createRetryable(user.onParent, deployment, {
      to: ARB_GAS_INFO,
      l2CallValue: amount,
      callValueRefundAddress: beneficiary,
    });
    const [relayed] = await relayer.relayParentToChild();
    expect(relayed).to.include({
      kind: L1MessageType.SUBMIT_RETRYABLE_TX,
      to: getAddress(ARB_GAS_INFO),
      success: false,
    });
    const redeem = await child.ethers.provider.getTransactionReceipt(relayed.transactionHash as string);
    expect(redeem?.status).to.equal(0);
    expect(await child.ethers.provider.getBalance(beneficiary)).to.equal(amount);
    expect(await child.ethers.provider.getBalance(user.address)).to.equal(total - amount - feesOf([redeem]));
    expect(await child.ethers.provider.getBalance(applyL1ToL2Alias(user.address))).to.equal(0n);
  });

  it("a retryable whose maxFeePerGas is below the child's L2 base fee is not redeemed: its value goes back", async function () {
    const { child, deployment, relayer, childSigners } = pair;
    // The chain owner (still the genesis owner on this pair) raises the minimum L2 base fee above the default bid.
    const arbOwner = new Contract(ARB_OWNER, nitroArtifact("precompiles/ArbOwner").abi as never[], childSigners[0]);
    await (await arbOwner.setMinimumL2BaseFee(parseUnits("0.2", "gwei"))).wait();
    try {
      const user = await freshUser(pair, parseEther("10"));
      const recipient = Wallet.createRandom().address;
      const { total } = await createRetryable(user.onParent, deployment, {
        to: recipient,
        l2CallValue: parseEther("3"),
        maxFeePerGas: parseUnits("0.1", "gwei"),
      });
      const [relayed] = await relayer.relayParentToChild();
      expect(relayed).to.include({ success: false, transactionHash: undefined });
      expect(await child.ethers.provider.getBalance(recipient)).to.equal(0n);
      expect(await child.ethers.provider.getBalance(user.address)).to.equal(total);
    } finally {
      await (await arbOwner.setMinimumL2BaseFee(parseUnits("0.1", "gwei"))).wait();
    }
  });

  it("withdraws native OPEN back to the parent through the real Outbox after the confirm period", async function () {
    const { parent, child, deployment, open, relayer } = pair;
    const user = pair.parentUsers[0];
    const childUser = await child.ethers.getSigner(user.address);
    const { message } = await withdrawOpen(childUser, deployment, user.address, parseEther("100"));
    expect(message.callvalue).to.equal(parseEther("100"));
    await relayer.collectChildToParent();
    let early: unknown;
    await relayer.confirmSends().catch((error: unknown) => (early = error));
    expect(String(early)).to.match(/not confirmable before parent block/);
    await parent.networkHelpers.mine(deployment.network.confirmPeriodBlocks);
    const root = await relayer.confirmSends();
    const arbSys = new Contract(ARB_SYS, nitroArtifact("precompiles/ArbSys").abi as never[], child.ethers.provider);
    const [size, mockRoot] = await arbSys.sendMerkleTreeState();
    expect(size).to.equal(1n);
    expect(mockRoot).to.equal(root);

    const before = await open.getFunction("balanceOf")(user.address);
    const receipt = await claimOnParent(user, deployment, message, relayer.proofFor(message.position));
    expect(await open.getFunction("balanceOf")(user.address)).to.equal(before + parseEther("100"));
    console.log(`      gas: Outbox.executeTransaction (withdrawal claim) ${receipt.gasUsed}`);
    const outbox = new Contract(deployment.parentContracts.outbox, nitroArtifact("bridge/Outbox").abi as never[]);
    await expect(
      claimOnParent(user, deployment, message, relayer.proofFor(message.position)),
    ).to.be.revertedWithCustomError(outbox, "AlreadySpent");
  });
});
