import { expect } from "chai";
import { Contract, dataSlice, getAddress, parseEther } from "ethers";

import { nitroArtifact } from "../../../src/orbit/artifacts.js";
import { claimOnParent, depositOpen, withdrawOpen } from "../../../src/orbit/bridge.js";
import { ARB_SYS, applyL1ToL2Alias } from "../../../src/orbit/constants.js";
import { createOrbitPair } from "../../helpers/orbit.js";

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

  it("deposited native OPEN wraps into WOPEN on the child, the protocol asset there", async function () {
    const { child } = pair;
    const user = await child.ethers.getSigner(pair.parentUsers[0].address);
    const wopen = await (await child.ethers.getContractFactory("WOPEN")).deploy();
    await (await wopen.connect(user).getFunction("deposit")({ value: parseEther("50") })).wait();
    expect(await wopen.getFunction("balanceOf")(user.address)).to.equal(parseEther("50"));
    // Staking the WOPEN in OpenStaking is added once the staking branch lands in main.
  });

  it("withdraws native OPEN back to the parent through the real Outbox after the confirm period", async function () {
    const { parent, child, deployment, open, relayer } = pair;
    const user = pair.parentUsers[0];
    const childUser = await child.ethers.getSigner(user.address);
    const { message } = await withdrawOpen(childUser, user.address, parseEther("100"));
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
