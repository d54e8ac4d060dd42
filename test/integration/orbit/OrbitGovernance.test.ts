import { expect } from "chai";
import { Contract, ContractFactory, ZeroAddress, ZeroHash, id, parseEther, parseUnits } from "ethers";

import { nitroArtifact, nitroOzArtifact, upgradeExecutorArtifact } from "../../../src/orbit/artifacts.js";
import { claimOnParent } from "../../../src/orbit/bridge.js";
import { deployChildUpgradeExecutor, handChainOwnershipTo } from "../../../src/orbit/childChain.js";
import { ARB_GAS_INFO, ARB_OWNER, ARB_OWNER_PUBLIC, ARB_SYS } from "../../../src/orbit/constants.js";
import type { OpenGovernor, TimelockController } from "../../../typechain-types/index.js";
import { DEFAULT_SETTINGS, ProposalState, proposeVoteQueue, wireGovernance } from "../../helpers/governance.js";
import { type OrbitPair, bridgeToChild, createOrbitPair, deployChildStaking, freshUser } from "../../helpers/orbit.js";

/** The parent timelock's delay (the child DAO timelock uses the production default, DEFAULT_SETTINGS). */
const PARENT_DELAY = 3600;
const EXECUTOR_ROLE = id("EXECUTOR_ROLE");

/**
 * Chain ownership and the two governance routes, with the real governance stack on the child: OpenGovernor voting
 * with the real OpenStaking (asset WOPEN, stakes bridged from the parent), its TimelockController, the child
 * UpgradeExecutor (sole chain owner); on the parent the real Bridge, Outbox, CrossChainTimelockProposer, parent
 * timelock and the rollup's UpgradeExecutor. Every proposal goes propose -> vote -> queue -> execute.
 */
describe("Orbit: chain ownership and cross-chain governance (simulated pair)", function () {
  let pair: OrbitPair;
  let governor: OpenGovernor;
  let childTimelock: TimelockController;
  let childTimelockAddress: string;
  let parentTimelock: Contract;
  let proposer: Contract;
  let childUpgradeExecutor: string;
  let voters: Awaited<ReturnType<typeof freshUser>>[];
  const ue = new Contract(ZeroAddress, upgradeExecutorArtifact().abi as never[]);

  /** OPEN bridged from the parent, wrapped into WOPEN and staked on the child; votes delegated to self. */
  async function bridgeAndStake(staking: Awaited<ReturnType<typeof deployChildStaking>>, amount: bigint) {
    const user = await freshUser(pair, amount);
    await bridgeToChild(pair, user.onParent, amount);
    const stake = amount - parseEther("1"); // 1 OPEN stays native, for child-chain gas
    await (await staking.wopen.connect(user.onChild).deposit({ value: stake })).wait();
    await (await staking.wopen.connect(user.onChild).approve(staking.stakingAddress, stake)).wait();
    await (await staking.staking.connect(user.onChild).stake(stake)).wait();
    await (await staking.staking.connect(user.onChild).delegate(user.address)).wait();
    return user;
  }

  before(async function () {
    pair = await createOrbitPair();
    const { child, parent, deployer, deployment, childSigners } = pair;
    const childDeployer = childSigners[0];

    // Child: the protocol's governance stack, wired as in production, with WOPEN as the staked asset.
    const staking = await deployChildStaking(pair, childDeployer.address);
    const wired = await wireGovernance(child, staking.staking, childDeployer, childDeployer, DEFAULT_SETTINGS);
    governor = wired.governor;
    childTimelock = wired.timelock;
    childTimelockAddress = wired.timelockAddress;
    voters = [await bridgeAndStake(staking, parseEther("60000")), await bridgeAndStake(staking, parseEther("40000"))];
    await child.networkHelpers.mine();

    // Child: the DAO timelock holds EXECUTOR_ROLE of the child UpgradeExecutor, which becomes the only chain owner.
    const childUe = await deployChildUpgradeExecutor(childDeployer, [childTimelockAddress]);
    childUpgradeExecutor = childUe.upgradeExecutor;
    await handChainOwnershipTo(childDeployer, childUpgradeExecutor);

    // Parent: timelock whose only proposer is the cross-chain proposer; it becomes the rollup UpgradeExecutor's executor.
    parentTimelock = (await (
      await parent.ethers.getContractFactory("TimelockController")
    ).deploy(PARENT_DELAY, [], [ZeroAddress], deployer.address)) as unknown as Contract;
    proposer = (await (
      await parent.ethers.getContractFactory("CrossChainTimelockProposer")
    ).deploy(
      deployment.parentContracts.bridge,
      childTimelockAddress,
      await parentTimelock.getAddress(),
    )) as unknown as Contract;
    await (await parentTimelock.grantRole(await parentTimelock.PROPOSER_ROLE(), await proposer.getAddress())).wait();
    await (await parentTimelock.grantRole(await parentTimelock.CANCELLER_ROLE(), await proposer.getAddress())).wait();
    await (await parentTimelock.renounceRole(await parentTimelock.DEFAULT_ADMIN_ROLE(), deployer.address)).wait();
    const parentUe = new Contract(deployment.parentContracts.upgradeExecutor, ue.interface, deployer);
    const grant = ue.interface.encodeFunctionData("grantRole", [EXECUTOR_ROLE, await parentTimelock.getAddress()]);
    await (await parentUe.executeCall(deployment.parentContracts.upgradeExecutor, grant)).wait();
    await (await parentUe.renounceRole(EXECUTOR_ROLE, deployer.address)).wait();
  });

  it("leaves the child UpgradeExecutor as the only chain owner, run by the DAO timelock; the parent timelock as the only rollup executor", async function () {
    const { parent, child, deployer, deployment, childSigners } = pair;
    const arbOwnerPublic = new Contract(
      ARB_OWNER_PUBLIC,
      nitroArtifact("precompiles/ArbOwnerPublic").abi as never[],
      child.ethers.provider,
    );
    expect(await arbOwnerPublic.getAllChainOwners()).to.deep.equal([childUpgradeExecutor]);
    const arbOwner = new Contract(ARB_OWNER, nitroArtifact("precompiles/ArbOwner").abi as never[], childSigners[0]);
    const mock = await child.ethers.getContractAt("ArbOwnerMock", ARB_OWNER);
    await expect(arbOwner.setMinimumL2BaseFee(1n))
      .to.be.revertedWithCustomError(mock, "ArbOwnerMockNotChainOwner")
      .withArgs(childSigners[0].address);
    const childUe = new Contract(childUpgradeExecutor, ue.interface, child.ethers.provider);
    expect(await childUe.hasRole(EXECUTOR_ROLE, childTimelockAddress)).to.equal(true);
    expect(await childUe.hasRole(EXECUTOR_ROLE, childSigners[0].address)).to.equal(false);
    // The DAO timelock takes proposals from OpenGovernor only.
    expect(await childTimelock.hasRole(await childTimelock.PROPOSER_ROLE(), await governor.getAddress())).to.equal(
      true,
    );
    expect(await childTimelock.hasRole(await childTimelock.PROPOSER_ROLE(), childSigners[0].address)).to.equal(false);
    expect(await childTimelock.hasRole(ZeroHash, childSigners[0].address)).to.equal(false);
    const parentUe = new Contract(deployment.parentContracts.upgradeExecutor, ue.interface, parent.ethers.provider);
    expect(await parentUe.hasRole(EXECUTOR_ROLE, await parentTimelock.getAddress())).to.equal(true);
    expect(await parentUe.hasRole(EXECUTOR_ROLE, deployer.address)).to.equal(false);
  });

  it("route 1: OpenGovernor sets the minimum L2 base fee via the child timelock, UpgradeExecutor and ArbOwner", async function () {
    const { child } = pair;
    const gasInfo = new Contract(
      ARB_GAS_INFO,
      nitroArtifact("precompiles/ArbGasInfo").abi as never[],
      child.ethers.provider,
    );
    expect(await gasInfo.getMinimumGasPrice()).to.equal(parseUnits("0.1", "gwei"));
    const newFee = parseUnits("0.2", "gwei");
    const setFee = new Contract(
      ARB_OWNER,
      nitroArtifact("precompiles/ArbOwner").abi as never[],
    ).interface.encodeFunctionData("setMinimumL2BaseFee", [newFee]);
    const { proposalId, execute } = await proposeVoteQueue(child, governor, voters[0].onChild, [voters[0].onChild], {
      targets: [childUpgradeExecutor],
      values: [0n],
      calldatas: [ue.interface.encodeFunctionData("executeCall", [ARB_OWNER, setFee])],
      description: "Raise the minimum L2 base fee to 0.2 gwei",
    });
    // Still the old fee while the proposal waits in the timelock.
    expect(await gasInfo.getMinimumGasPrice()).to.equal(parseUnits("0.1", "gwei"));
    const receipt = await (await execute()).wait();
    expect(await governor.state(proposalId)).to.equal(ProposalState.Executed);
    expect(await gasInfo.getMinimumGasPrice()).to.equal(newFee);
    console.log(`      gas: OpenGovernor.execute (ArbOwner parameter via UpgradeExecutor) ${receipt?.gasUsed}`);
  });

  it("route 2: OpenGovernor upgrades the rollup's ERC20Inbox via child timelock -> ArbSys -> Outbox -> parent timelock", async function () {
    const { parent, child, deployer, deployment, relayer, childSigners } = pair;
    // New ERC20Inbox implementation (same audited artifact, fresh deployment) for the inbox proxy.
    const inboxArtifact = nitroArtifact("bridge/ERC20Inbox");
    const newImpl = await new ContractFactory(inboxArtifact.abi as never[], inboxArtifact.bytecode, deployer).deploy(
      pair.config.maxDataSize,
    );
    await newImpl.waitForDeployment();
    const proxyAdmin = new Contract(
      deployment.parentContracts.adminProxy,
      nitroOzArtifact("proxy/transparent/ProxyAdmin").abi as never[],
      parent.ethers.provider,
    );
    const oldImpl = await proxyAdmin.getProxyImplementation(deployment.parentContracts.inbox);
    const upgrade = proxyAdmin.interface.encodeFunctionData("upgrade", [
      deployment.parentContracts.inbox,
      await newImpl.getAddress(),
    ]);
    const parentCall = ue.interface.encodeFunctionData("executeCall", [deployment.parentContracts.adminProxy, upgrade]);
    const salt = id("upgrade ERC20Inbox");
    const batch = [[deployment.parentContracts.upgradeExecutor], [0], [parentCall], ZeroHash, salt] as const;
    const schedule = proposer.interface.encodeFunctionData("scheduleBatch", [...batch, PARENT_DELAY]);
    const arbSys = new Contract(ARB_SYS, nitroArtifact("precompiles/ArbSys").abi as never[], child.ethers.provider);
    const sendToParent = arbSys.interface.encodeFunctionData("sendTxToL1", [await proposer.getAddress(), schedule]);

    // Child: propose -> vote (both stakers) -> queue -> execute; the timelock calls ArbSys.sendTxToL1.
    await relayer.syncParentBlock();
    const { proposalId, execute } = await proposeVoteQueue(
      child,
      governor,
      voters[1].onChild,
      voters.map((v) => v.onChild),
      {
        targets: [ARB_SYS],
        values: [0n],
        calldatas: [sendToParent],
        description: "Upgrade the rollup's ERC20Inbox on the parent chain",
      },
    );
    await (await execute()).wait();
    expect(await governor.state(proposalId)).to.equal(ProposalState.Executed);

    // An impostor on the child sends the same payload: the Outbox executes it, the proposer refuses it.
    await (
      await (arbSys.connect(childSigners[2]) as Contract).sendTxToL1(await proposer.getAddress(), schedule)
    ).wait();

    const sends = await relayer.collectChildToParent();
    expect(sends).to.have.length(2);
    expect(sends[0].caller).to.equal(childTimelockAddress);
    expect(sends[0].destination).to.equal(await proposer.getAddress());
    expect(sends[1].caller).to.equal(childSigners[2].address);
    await parent.networkHelpers.mine(deployment.network.confirmPeriodBlocks);
    await relayer.confirmSends();
    await expect(claimOnParent(deployer, deployment, sends[1], relayer.proofFor(sends[1].position)))
      .to.be.revertedWithCustomError(proposer, "CrossChainProposerNotChildTimelock")
      .withArgs(childSigners[2].address, childTimelockAddress);
    await claimOnParent(deployer, deployment, sends[0], relayer.proofFor(sends[0].position));

    // Parent: the operation waits out the parent timelock delay, then anyone executes it.
    const opId = await parentTimelock.hashOperationBatch(...batch);
    expect(await parentTimelock.isOperationPending(opId)).to.equal(true);
    await expect((parentTimelock.connect(deployer) as Contract).executeBatch(...batch)).to.be.revertedWithCustomError(
      parentTimelock,
      "TimelockUnexpectedOperationState",
    );
    expect(await proxyAdmin.getProxyImplementation(deployment.parentContracts.inbox)).to.equal(oldImpl);
    await parent.networkHelpers.time.increase(PARENT_DELAY);
    await (await (parentTimelock.connect(deployer) as Contract).executeBatch(...batch)).wait();
    expect(await parentTimelock.isOperationDone(opId)).to.equal(true);
    expect(await proxyAdmin.getProxyImplementation(deployment.parentContracts.inbox)).to.equal(
      await newImpl.getAddress(),
    );
  });
});
