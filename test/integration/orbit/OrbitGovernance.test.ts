import { expect } from "chai";
import { Contract, ContractFactory, ZeroAddress, ZeroHash, id, parseUnits } from "ethers";

import { nitroArtifact, nitroOzArtifact, upgradeExecutorArtifact } from "../../../src/orbit/artifacts.js";
import { claimOnParent } from "../../../src/orbit/bridge.js";
import { deployChildUpgradeExecutor, handChainOwnershipTo } from "../../../src/orbit/childChain.js";
import { ARB_GAS_INFO, ARB_OWNER, ARB_OWNER_PUBLIC, ARB_SYS } from "../../../src/orbit/constants.js";
import { createOrbitPair } from "../../helpers/orbit.js";

const DELAY = 3600;
const EXECUTOR_ROLE = id("EXECUTOR_ROLE");

/**
 * Chain ownership and the two governance routes. The child-chain proposer is a stand-in account for OpenGovernor
 * until the staking branch lands (the timelock, UpgradeExecutors, Bridge, Outbox and proposer contract are real).
 */
describe("Orbit: chain ownership and cross-chain governance (simulated pair)", function () {
  let pair: Awaited<ReturnType<typeof createOrbitPair>>;
  let childTimelock: Contract;
  let parentTimelock: Contract;
  let proposer: Contract;
  let childUpgradeExecutor: string;
  const ue = new Contract(ZeroAddress, upgradeExecutorArtifact().abi as never[]);

  before(async function () {
    pair = await createOrbitPair();
    const { parent, child, deployer, deployment, childSigners } = pair;
    const governor = childSigners[1];

    // Child: DAO timelock (proposer: the governor) holds EXECUTOR_ROLE of the child UpgradeExecutor, the only owner.
    childTimelock = (await (
      await child.ethers.getContractFactory("TimelockController")
    ).deploy(DELAY, [governor.address], [ZeroAddress], ZeroAddress)) as unknown as Contract;
    const childUe = await deployChildUpgradeExecutor(childSigners[0], [await childTimelock.getAddress()]);
    childUpgradeExecutor = childUe.upgradeExecutor;
    await handChainOwnershipTo(childSigners[0], childUpgradeExecutor);

    // Parent: timelock whose only proposer is the cross-chain proposer; it becomes the rollup UpgradeExecutor's executor.
    parentTimelock = (await (
      await parent.ethers.getContractFactory("TimelockController")
    ).deploy(DELAY, [], [ZeroAddress], deployer.address)) as unknown as Contract;
    proposer = (await (
      await parent.ethers.getContractFactory("CrossChainTimelockProposer")
    ).deploy(
      deployment.parentContracts.bridge,
      await childTimelock.getAddress(),
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

  it("leaves the child UpgradeExecutor as the only chain owner and the parent timelock as the only rollup executor", async function () {
    const { parent, child, deployer, deployment } = pair;
    const arbOwnerPublic = new Contract(
      ARB_OWNER_PUBLIC,
      nitroArtifact("precompiles/ArbOwnerPublic").abi as never[],
      child.ethers.provider,
    );
    expect(await arbOwnerPublic.getAllChainOwners()).to.deep.equal([childUpgradeExecutor]);
    const arbOwner = new Contract(
      ARB_OWNER,
      nitroArtifact("precompiles/ArbOwner").abi as never[],
      pair.childSigners[0],
    );
    const mock = await child.ethers.getContractAt("ArbOwnerMock", ARB_OWNER);
    await expect(arbOwner.setMinimumL2BaseFee(1n))
      .to.be.revertedWithCustomError(mock, "ArbOwnerMockNotChainOwner")
      .withArgs(pair.childSigners[0].address);
    const parentUe = new Contract(deployment.parentContracts.upgradeExecutor, ue.interface, parent.ethers.provider);
    expect(await parentUe.hasRole(EXECUTOR_ROLE, await parentTimelock.getAddress())).to.equal(true);
    expect(await parentUe.hasRole(EXECUTOR_ROLE, deployer.address)).to.equal(false);
  });

  it("route 1: governance sets the minimum L2 base fee through the child UpgradeExecutor and ArbOwner", async function () {
    const { child, childSigners } = pair;
    const governor = childSigners[1];
    const newFee = parseUnits("0.2", "gwei");
    const setFee = new Contract(
      ARB_OWNER,
      nitroArtifact("precompiles/ArbOwner").abi as never[],
    ).interface.encodeFunctionData("setMinimumL2BaseFee", [newFee]);
    const call = ue.interface.encodeFunctionData("executeCall", [ARB_OWNER, setFee]);
    const tl = childTimelock.connect(governor) as Contract;
    await (await tl.schedule(childUpgradeExecutor, 0, call, ZeroHash, ZeroHash, DELAY)).wait();
    await child.networkHelpers.time.increase(DELAY);
    await (await tl.execute(childUpgradeExecutor, 0, call, ZeroHash, ZeroHash)).wait();
    const gasInfo = new Contract(
      ARB_GAS_INFO,
      nitroArtifact("precompiles/ArbGasInfo").abi as never[],
      child.ethers.provider,
    );
    expect(await gasInfo.getMinimumGasPrice()).to.equal(newFee);
  });

  it("route 2: governance upgrades the rollup's ERC20Inbox via child timelock -> ArbSys -> Outbox -> parent timelock", async function () {
    const { parent, child, deployer, deployment, relayer, childSigners } = pair;
    const governor = childSigners[1];
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
    const upgrade = proxyAdmin.interface.encodeFunctionData("upgrade", [
      deployment.parentContracts.inbox,
      await newImpl.getAddress(),
    ]);
    const parentCall = ue.interface.encodeFunctionData("executeCall", [deployment.parentContracts.adminProxy, upgrade]);
    const salt = id("upgrade ERC20Inbox");
    const schedule = proposer.interface.encodeFunctionData("scheduleBatch", [
      [deployment.parentContracts.upgradeExecutor],
      [0],
      [parentCall],
      ZeroHash,
      salt,
      DELAY,
    ]);
    const arbSys = new Contract(ARB_SYS, nitroArtifact("precompiles/ArbSys").abi as never[], child.ethers.provider);
    const sendToParent = arbSys.interface.encodeFunctionData("sendTxToL1", [await proposer.getAddress(), schedule]);

    // Child: governor -> child timelock -> ArbSys.sendTxToL1.
    await relayer.syncParentBlock();
    const tl = childTimelock.connect(governor) as Contract;
    await (await tl.schedule(ARB_SYS, 0, sendToParent, ZeroHash, salt, DELAY)).wait();
    await child.networkHelpers.time.increase(DELAY);
    await (await tl.execute(ARB_SYS, 0, sendToParent, ZeroHash, salt)).wait();

    // An impostor on the child sends the same payload: the Outbox executes it, the proposer refuses it.
    const impostor = arbSys.connect(childSigners[2]) as Contract;
    await (await impostor.sendTxToL1(await proposer.getAddress(), schedule)).wait();

    const sends = await relayer.collectChildToParent();
    expect(sends).to.have.length(2);
    expect(sends[0].caller).to.equal(await childTimelock.getAddress());
    await parent.networkHelpers.mine(deployment.network.confirmPeriodBlocks);
    await relayer.confirmSends();
    await expect(
      claimOnParent(deployer, deployment, sends[1], relayer.proofFor(sends[1].position)),
    ).to.be.revertedWithCustomError(proposer, "CrossChainProposerNotChildTimelock");
    await claimOnParent(deployer, deployment, sends[0], relayer.proofFor(sends[0].position));

    // Parent: the operation waits out the parent timelock delay, then anyone executes it.
    const opId = await parentTimelock.hashOperationBatch(
      [deployment.parentContracts.upgradeExecutor],
      [0],
      [parentCall],
      ZeroHash,
      salt,
    );
    expect(await parentTimelock.isOperationPending(opId)).to.equal(true);
    await parent.networkHelpers.time.increase(DELAY);
    await (
      await (parentTimelock.connect(deployer) as Contract).executeBatch(
        [deployment.parentContracts.upgradeExecutor],
        [0],
        [parentCall],
        ZeroHash,
        salt,
      )
    ).wait();
    expect(await proxyAdmin.getProxyImplementation(deployment.parentContracts.inbox)).to.equal(
      await newImpl.getAddress(),
    );
  });
});
