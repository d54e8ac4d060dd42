import { type Signer, type TransactionReceipt, Wallet, ZeroAddress, parseEther } from "ethers";
import { network } from "hardhat";

import { depositOpen } from "../../src/orbit/bridge.js";

import { installPrecompileMocks } from "../../src/orbit/childChain.js";
import { defaultChainConfig, nitroChainConfigJson } from "../../src/orbit/chainConfig.js";
import { deployRollupCreatorStack } from "../../src/orbit/creatorStack.js";
import { createOrbitChain } from "../../src/orbit/createRollup.js";
import { OrbitTestRelayer } from "../../src/orbit/relayer.js";
import type {
  AgentRegistry,
  DatanetRegistry,
  InferencePayments,
  ModelRegistry,
  NativeGateway,
  OpenStaking,
  WOPEN,
} from "../../typechain-types/index.js";
import { deployUupsProxy } from "./proxy.js";

/**
 * The simulated Orbit pair: `parent` (chain 1337) runs the real nitro-contracts 3.2.0 rollup stack with OPEN as the
 * child's native token; `child` (chain 412346) has the precompile mocks and is driven by the test relayer.
 */
export async function createOrbitPair() {
  const parent = await network.create("parent");
  const child = await network.create("child");
  const [deployer, ...parentUsers] = await parent.ethers.getSigners();
  const childSigners = await child.ethers.getSigners();

  const open = await (await parent.ethers.getContractFactory("OpenToken")).deploy(deployer.address);
  await open.waitForDeployment();
  const stack = await deployRollupCreatorStack(deployer);
  const config = defaultChainConfig({
    nativeToken: await open.getAddress(),
    owner: deployer.address,
    confirmPeriodBlocks: 20,
  });
  const deployment = await createOrbitChain(
    deployer,
    stack.rollupCreator,
    config,
    await parent.ethers.getContractFactory("OpenFeeTokenPricer"),
  );

  // Child genesis: the chain config's InitialChainOwner (the deployer's address) owns the chain until hand-over.
  const childDeployer = childSigners[0];
  await installPrecompileMocks(
    { provider: child.provider, getContractFactory: (n, s) => child.ethers.getContractFactory(n, s) },
    childDeployer,
    config.owner,
    nitroChainConfigJson(config),
  );
  const relayer = new OrbitTestRelayer(
    { provider: parent.ethers.provider, rpc: parent.provider },
    { provider: child.ethers.provider, rpc: child.provider },
    deployment,
    childDeployer,
  );
  await relayer.skipExistingMessages();
  return { parent, child, deployer, parentUsers, childSigners, open, stack, config, deployment, relayer };
}

export type OrbitPair = Awaited<ReturnType<typeof createOrbitPair>>;

/**
 * The protocol's staking on the child chain as production deploys it there: WOPEN, then the real OpenStaking behind a
 * UUPS proxy with WOPEN as its asset (`constructor(asset)`, `initialize(admin, feeSource, slasher)`). The fee source
 * (InferencePayments) and the slasher (AttributionOracle) are set later by governance, so they start at zero.
 */
export async function deployChildStaking(pair: OrbitPair, admin: string) {
  const { child } = pair;
  const wopen = (await child.ethers.deployContract("WOPEN")) as unknown as WOPEN;
  const wopenAddress = await wopen.getAddress();
  const staking = await deployUupsProxy<OpenStaking>(
    child,
    "OpenStaking",
    [admin, ZeroAddress, ZeroAddress],
    [wopenAddress],
  );
  return { wopen, wopenAddress, staking, stakingAddress: await staking.getAddress() };
}

/**
 * The core protocol on the child chain with WOPEN as its asset, as production wires it there, plus the periphery
 * NativeGateway (native OPEN in, WOPEN to the core contracts): DatanetRegistry, ModelRegistry, AgentRegistry,
 * InferencePayments and OpenStaking behind UUPS proxies, with `admin` (the DAO timelock in production) as their admin
 * and the treasury. OpenStaking takes its fees from InferencePayments; InferencePayments pays stakers' fees only to it.
 */
export async function deployChildProtocol(pair: OrbitPair, admin: Signer) {
  const { child } = pair;
  const adminAddress = await admin.getAddress();
  const base = await deployChildStaking(pair, adminAddress);
  const { wopenAddress, staking, stakingAddress } = base;
  const datanetRegistry = await deployUupsProxy<DatanetRegistry>(child, "DatanetRegistry", [
    adminAddress,
    wopenAddress,
    adminAddress,
  ]);
  const sharesImplementation = await child.ethers.deployContract("ModelShares");
  const modelRegistry = await deployUupsProxy<ModelRegistry>(child, "ModelRegistry", [
    adminAddress,
    await datanetRegistry.getAddress(),
    await sharesImplementation.getAddress(),
    wopenAddress,
  ]);
  const agentRegistry = await deployUupsProxy<AgentRegistry>(child, "AgentRegistry", [adminAddress], [wopenAddress]);
  const genesis = BigInt(await child.networkHelpers.time.latest());
  const payments = await deployUupsProxy<InferencePayments>(
    child,
    "InferencePayments",
    [adminAddress, genesis, 86_400n],
    [wopenAddress, await modelRegistry.getAddress(), await agentRegistry.getAddress()],
  );
  const paymentsAddress = await payments.getAddress();
  await (await agentRegistry.connect(admin).grantRole(await agentRegistry.PAYMENTS_ROLE(), paymentsAddress)).wait();
  await (await payments.connect(admin).setStakingContract(stakingAddress)).wait();
  await (await staking.connect(admin).setFeeSource(paymentsAddress)).wait();
  const gateway = (await child.ethers.deployContract("NativeGateway", [
    wopenAddress,
    paymentsAddress,
    await agentRegistry.getAddress(),
    stakingAddress,
  ])) as unknown as NativeGateway;
  return {
    ...base,
    datanetRegistry,
    modelRegistry,
    agentRegistry,
    payments,
    gateway,
    gatewayAddress: await gateway.getAddress(),
  };
}

/**
 * A parent-chain user with no history on either chain: `eth` for parent gas and `open` OPEN from the deployer. The
 * same key signs on the child, where the address starts with a zero balance.
 */
export async function freshUser(pair: OrbitPair, open: bigint, eth = parseEther("1")) {
  const wallet = Wallet.createRandom();
  const onParent = wallet.connect(pair.parent.ethers.provider);
  const onChild = wallet.connect(pair.child.ethers.provider);
  await (await pair.deployer.sendTransaction({ to: wallet.address, value: eth })).wait();
  await (await pair.open.getFunction("transfer")(wallet.address, open)).wait();
  return { address: wallet.address, onParent, onChild };
}

/** Deposits `amount` OPEN through the real ERC20Inbox and lets the relayer credit it on the child. */
export async function bridgeToChild(pair: OrbitPair, signer: Signer, amount: bigint) {
  const { messageIndex } = await depositOpen(signer, pair.deployment, amount);
  const relayed = await pair.relayer.relayParentToChild();
  return { messageIndex, relayed };
}

/** Total fee (gasUsed x effective gas price) of child-chain receipts: what the sender paid in native OPEN. */
export function feesOf(receipts: (TransactionReceipt | null)[]): bigint {
  let total = 0n;
  for (const receipt of receipts) {
    if (receipt === null) throw new Error("missing receipt");
    total += receipt.fee;
  }
  return total;
}
