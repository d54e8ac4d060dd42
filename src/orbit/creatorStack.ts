/**
 * Deploys the Arbitrum rollup creator stack from the nitro-contracts 3.2.0 artifacts, in the order of nitro-contracts'
 * own deployment script (scripts/deploymentUtils.ts `deployAllContracts`), updated for 3.x: delay-bufferable
 * SequencerInbox templates, the BoLD EdgeChallengeManager and a OneStepProverHostIo without custom DA validator.
 * Used when the parent chain is local (tests, a local node); on a public parent chain use Offchain Labs' deployed
 * RollupCreator instead.
 */
import { ContractFactory, ZeroAddress, type Signer } from "ethers";

import { nitroArtifact, reader4844Artifact, upgradeExecutorArtifact, type Artifact } from "./artifacts.js";

/** 90% of Geth's 128 KB transaction limit: the value nitro-contracts uses for an L1 parent chain. */
export const DEFAULT_MAX_DATA_SIZE = 117_964;

export interface RollupCreatorStack {
  rollupCreator: string;
  bridgeCreator: string;
  osp: string;
  prover0: string;
  proverMem: string;
  proverMath: string;
  proverHostIo: string;
  challengeManagerTemplate: string;
  rollupAdminLogic: string;
  rollupUserLogic: string;
  upgradeExecutorLogic: string;
  validatorWalletCreator: string;
  deployHelper: string;
  reader4844: string;
  templates: { eth: Record<string, string>; erc20: Record<string, string> };
  maxDataSize: number;
}

async function deploy(signer: Signer, artifact: Artifact, args: unknown[] = []): Promise<string> {
  const factory = new ContractFactory(artifact.abi as never[], artifact.bytecode, signer);
  const contract = await factory.deploy(...args);
  await contract.waitForDeployment();
  return contract.getAddress();
}

/** True when `address(100).arbOSVersion()` answers, i.e. the parent chain is itself an Arbitrum chain. */
async function runningOnArbitrum(signer: Signer): Promise<boolean> {
  const provider = signer.provider;
  if (provider === null) throw new Error("the signer has no provider");
  const code = await provider.getCode("0x0000000000000000000000000000000000000064");
  return code !== "0x";
}

export async function deployRollupCreatorStack(
  signer: Signer,
  maxDataSize: number = DEFAULT_MAX_DATA_SIZE,
): Promise<RollupCreatorStack> {
  const owner = await signer.getAddress();
  // SequencerInbox reads blobs through Reader4844 unless the parent chain is Arbitrum (no blobs there).
  const reader4844 = (await runningOnArbitrum(signer)) ? ZeroAddress : await deploy(signer, reader4844Artifact());

  const sequencerInbox = nitroArtifact("bridge/SequencerInbox");
  const eth = {
    bridge: await deploy(signer, nitroArtifact("bridge/Bridge")),
    sequencerInbox: await deploy(signer, sequencerInbox, [maxDataSize, reader4844, false, false]),
    delayBufferableSequencerInbox: await deploy(signer, sequencerInbox, [maxDataSize, reader4844, false, true]),
    inbox: await deploy(signer, nitroArtifact("bridge/Inbox"), [maxDataSize]),
    rollupEventInbox: await deploy(signer, nitroArtifact("rollup/RollupEventInbox")),
    outbox: await deploy(signer, nitroArtifact("bridge/Outbox")),
  };
  const erc20 = {
    bridge: await deploy(signer, nitroArtifact("bridge/ERC20Bridge")),
    sequencerInbox: await deploy(signer, sequencerInbox, [maxDataSize, reader4844, true, false]),
    delayBufferableSequencerInbox: await deploy(signer, sequencerInbox, [maxDataSize, reader4844, true, true]),
    inbox: await deploy(signer, nitroArtifact("bridge/ERC20Inbox"), [maxDataSize]),
    rollupEventInbox: await deploy(signer, nitroArtifact("rollup/ERC20RollupEventInbox")),
    outbox: await deploy(signer, nitroArtifact("bridge/ERC20Outbox")),
  };
  const order = ["bridge", "sequencerInbox", "delayBufferableSequencerInbox", "inbox", "rollupEventInbox", "outbox"];
  const bridgeCreator = await deploy(signer, nitroArtifact("rollup/BridgeCreator"), [
    order.map((k) => eth[k as keyof typeof eth]),
    order.map((k) => erc20[k as keyof typeof erc20]),
  ]);

  const prover0 = await deploy(signer, nitroArtifact("osp/OneStepProver0"));
  const proverMem = await deploy(signer, nitroArtifact("osp/OneStepProverMemory"));
  const proverMath = await deploy(signer, nitroArtifact("osp/OneStepProverMath"));
  const proverHostIo = await deploy(signer, nitroArtifact("osp/OneStepProverHostIo"), [ZeroAddress]);
  const osp = await deploy(signer, nitroArtifact("osp/OneStepProofEntry"), [
    prover0,
    proverMem,
    proverMath,
    proverHostIo,
  ]);
  const challengeManagerTemplate = await deploy(signer, nitroArtifact("challengeV2/EdgeChallengeManager"));
  const rollupAdminLogic = await deploy(signer, nitroArtifact("rollup/RollupAdminLogic"));
  const rollupUserLogic = await deploy(signer, nitroArtifact("rollup/RollupUserLogic"));
  const upgradeExecutorLogic = await deploy(signer, upgradeExecutorArtifact());
  const validatorWalletCreator = await deploy(signer, nitroArtifact("rollup/ValidatorWalletCreator"));
  const deployHelper = await deploy(signer, nitroArtifact("rollup/DeployHelper"));
  const rollupCreator = await deploy(signer, nitroArtifact("rollup/RollupCreator"), [
    owner,
    bridgeCreator,
    osp,
    challengeManagerTemplate,
    rollupAdminLogic,
    rollupUserLogic,
    upgradeExecutorLogic,
    validatorWalletCreator,
    deployHelper,
  ]);

  return {
    rollupCreator,
    bridgeCreator,
    osp,
    prover0,
    proverMem,
    proverMath,
    proverHostIo,
    challengeManagerTemplate,
    rollupAdminLogic,
    rollupUserLogic,
    upgradeExecutorLogic,
    validatorWalletCreator,
    deployHelper,
    reader4844,
    templates: { eth, erc20 },
    maxDataSize,
  };
}
