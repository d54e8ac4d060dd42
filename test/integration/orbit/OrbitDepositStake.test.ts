import { expect } from "chai";
import { parseEther } from "ethers";

import { L1MessageType } from "../../../src/orbit/constants.js";
import { bridgeToChild, createOrbitPair, deployChildProtocol, feesOf, freshUser } from "../../helpers/orbit.js";

/**
 * Flow: OPEN deposited on the parent through the real ERC20Inbox becomes native OPEN on the (simulated) child and is
 * staked in the real OpenStaking deployed there with WOPEN as its asset: wrapped by the user, or in one transaction
 * through the periphery NativeGateway.
 */
describe("Orbit: deposit OPEN on the parent, stake it in OpenStaking on the child (simulated pair)", function () {
  let pair: Awaited<ReturnType<typeof createOrbitPair>>;
  let staking: Awaited<ReturnType<typeof deployChildProtocol>>;

  before(async function () {
    pair = await createOrbitPair();
    staking = await deployChildProtocol(pair, pair.childSigners[0]);
  });

  it("deposit -> native balance -> WOPEN -> OpenStaking: the deposited OPEN ends staked, with its voting power", async function () {
    const { child, deployment, open } = pair;
    const deposit = parseEther("1000");
    const toStake = parseEther("999"); // the rest pays the child-chain gas, in native OPEN
    const user = await freshUser(pair, deposit);
    expect(await child.ethers.provider.getBalance(user.address)).to.equal(0n);
    const bridgeBefore = await open.getFunction("balanceOf")(deployment.parentContracts.bridge);

    // Parent: approve + ERC20Inbox.depositERC20; the OPEN is locked in the rollup's ERC20Bridge.
    const { messageIndex, relayed } = await bridgeToChild(pair, user.onParent, deposit);
    expect(await open.getFunction("balanceOf")(user.address)).to.equal(0n);
    expect(await open.getFunction("balanceOf")(deployment.parentContracts.bridge)).to.equal(bridgeBefore + deposit);
    expect(relayed).to.deep.equal([
      { messageIndex, kind: L1MessageType.ETH_DEPOSIT, sender: relayed[0].sender, to: user.address, amount: deposit },
    ]);

    // Child: exactly the deposit as native OPEN.
    expect(await child.ethers.provider.getBalance(user.address)).to.equal(deposit);
    const wopen = staking.wopen.connect(user.onChild);
    const receipts = [
      await (await wopen.deposit({ value: toStake })).wait(),
      await (await wopen.approve(staking.stakingAddress, toStake)).wait(),
    ];
    const stakeReceipt = await (await staking.staking.connect(user.onChild).stake(toStake)).wait();
    receipts.push(stakeReceipt, await (await staking.staking.connect(user.onChild).delegate(user.address)).wait());
    await child.networkHelpers.mine();

    expect(await staking.staking.activeStake(user.address)).to.equal(toStake);
    expect(await staking.staking.totalActiveStake()).to.equal(toStake);
    expect(await staking.staking.getVotes(user.address)).to.equal(toStake);
    expect(await staking.wopen.balanceOf(staking.stakingAddress)).to.equal(toStake);
    expect(await staking.wopen.balanceOf(user.address)).to.equal(0n);
    expect(await staking.wopen.totalSupply()).to.equal(toStake);
    expect(await child.ethers.provider.getBalance(staking.wopenAddress)).to.equal(toStake);
    expect(await child.ethers.provider.getBalance(user.address)).to.equal(deposit - toStake - feesOf(receipts));
    console.log(
      `      gas: OpenStaking.stake of WOPEN on the child (first stake in the contract) ${stakeReceipt?.gasUsed}`,
    );
  });

  it("deposit -> native balance -> NativeGateway.stake{value}: wrapped and staked for the caller in one transaction", async function () {
    const { child, deployment, open } = pair;
    const deposit = parseEther("500");
    const toStake = parseEther("499.5");
    const user = await freshUser(pair, deposit);
    const totalBefore = await staking.staking.totalActiveStake();
    const bridgeBefore = await open.getFunction("balanceOf")(deployment.parentContracts.bridge);

    await bridgeToChild(pair, user.onParent, deposit);
    expect(await open.getFunction("balanceOf")(deployment.parentContracts.bridge)).to.equal(bridgeBefore + deposit);
    expect(await child.ethers.provider.getBalance(user.address)).to.equal(deposit);

    const receipt = await (await staking.gateway.connect(user.onChild).stake({ value: toStake })).wait();
    expect(await staking.staking.activeStake(user.address)).to.equal(toStake);
    expect(await staking.staking.totalActiveStake()).to.equal(totalBefore + toStake);
    expect(await staking.wopen.balanceOf(staking.stakingAddress)).to.equal(totalBefore + toStake);
    // The gateway keeps nothing, native or wrapped; the user paid the stake and the gas in native OPEN.
    expect(await child.ethers.provider.getBalance(staking.gatewayAddress)).to.equal(0n);
    expect(await staking.wopen.balanceOf(staking.gatewayAddress)).to.equal(0n);
    expect(await child.ethers.provider.getBalance(user.address)).to.equal(deposit - toStake - feesOf([receipt]));
    // Staked through the gateway, the stake is the user's own: it can be unstaked by the user.
    await (await staking.staking.connect(user.onChild).requestUnstake(toStake)).wait();
    expect(await staking.staking.activeStake(user.address)).to.equal(0n);
    expect((await staking.staking.unbonding(user.address)).amount).to.equal(toStake);
    console.log(
      `      gas: NativeGateway.stake{value} on the child (wrap + stakeFor, the account's first stake, fees collected from InferencePayments) ${receipt?.gasUsed}`,
    );
  });
});
