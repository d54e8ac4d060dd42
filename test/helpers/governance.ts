import type { BigNumberish, BytesLike, Signer } from "ethers";

import type { OpenGovernor, OpenStaking, TimelockController } from "../../typechain-types/index.js";
import type { Chain } from "./fixtures.js";
import { deployUupsProxy } from "./proxy.js";
import { DAY, OPEN, deployStaking } from "./staking.js";

export enum VoteType {
  Against = 0,
  For = 1,
  Abstain = 2,
}

export enum ProposalState {
  Pending = 0,
  Active = 1,
  Canceled = 2,
  Defeated = 3,
  Succeeded = 4,
  Queued = 5,
  Expired = 6,
  Executed = 7,
}

export interface GovernorSettings {
  votingDelay: bigint;
  votingPeriod: bigint;
  proposalThreshold: bigint;
  quorumNumerator: bigint;
  lateQuorumExtension: bigint;
  timelockDelay: bigint;
}

export const DEFAULT_SETTINGS: GovernorSettings = {
  votingDelay: DAY,
  votingPeriod: 5n * DAY,
  proposalThreshold: 10_000n * OPEN,
  quorumNumerator: 4n,
  lateQuorumExtension: 2n * DAY,
  timelockDelay: 2n * DAY,
};

/**
 * The governance stack as production wires it: OpenStaking (admin = timelock), a TimelockController (proposer and
 * canceller = governor, executor = anyone, deployer's admin renounced) and OpenGovernor behind a UUPS proxy.
 */
export async function deployGovernance(chain: Chain, settings: GovernorSettings = DEFAULT_SETTINGS) {
  const base = await deployStaking(chain);
  const wired = await wireGovernance(chain, base.staking, base.deployer, base.admin, settings);
  return { ...base, ...wired };
}

/**
 * Production wiring around an already deployed OpenStaking (any asset: OPEN, or WOPEN on the Orbit chain): deploys the
 * TimelockController (proposer and canceller = governor, executor = anyone, `deployer`'s admin renounced) and
 * OpenGovernor behind a UUPS proxy voting with the staking contract (the immutable votes token of its implementation),
 * then moves the staking admin role from `stakingAdmin` to the timelock.
 */
export async function wireGovernance(
  chain: Chain,
  staking: OpenStaking,
  deployer: Signer,
  stakingAdmin: Signer,
  settings: GovernorSettings = DEFAULT_SETTINGS,
) {
  const { ethers } = chain;
  const deployerAddress = await deployer.getAddress();
  const timelock = (await ethers.deployContract(
    "TimelockController",
    [settings.timelockDelay, [], [ethers.ZeroAddress], deployerAddress],
    deployer,
  )) as unknown as TimelockController;
  const timelockAddress = await timelock.getAddress();
  const stakingAddress = await staking.getAddress();
  const governor = await deployUupsProxy<OpenGovernor>(
    chain,
    "OpenGovernor",
    [
      stakingAddress,
      timelockAddress,
      settings.votingDelay,
      settings.votingPeriod,
      settings.proposalThreshold,
      settings.quorumNumerator,
      settings.lateQuorumExtension,
    ],
    [stakingAddress],
  );
  const governorAddress = await governor.getAddress();
  const asDeployer = timelock.connect(deployer);
  await asDeployer.grantRole(await timelock.PROPOSER_ROLE(), governorAddress);
  await asDeployer.grantRole(await timelock.CANCELLER_ROLE(), governorAddress);
  await asDeployer.renounceRole(await timelock.DEFAULT_ADMIN_ROLE(), deployerAddress);
  // Hand the staking admin role from the deployment's admin to the timelock.
  await staking.connect(stakingAdmin).grantRole(ethers.ZeroHash, timelockAddress);
  await staking.connect(stakingAdmin).renounceRole(ethers.ZeroHash, await stakingAdmin.getAddress());
  return { timelock, timelockAddress, governor, governorAddress, settings };
}

export interface Proposal {
  targets: string[];
  values: BigNumberish[];
  calldatas: BytesLike[];
  description: string;
}

/**
 * Runs `proposal` through propose → vote (by every voter, For) → queue → execute, advancing time past each delay.
 * Returns the execute transaction's promise so that callers can assert on it (a revert included).
 */
export async function proposeVoteQueue(
  chain: Chain,
  governor: OpenGovernor,
  proposer: Signer,
  voters: Signer[],
  proposal: Proposal,
) {
  const { ethers, networkHelpers } = chain;
  const { time } = networkHelpers;
  const descriptionHash = ethers.id(proposal.description);
  const proposalId = await governor.hashProposal(
    proposal.targets,
    proposal.values,
    proposal.calldatas,
    descriptionHash,
  );
  await governor.connect(proposer).propose(proposal.targets, proposal.values, proposal.calldatas, proposal.description);
  await time.increaseTo((await governor.proposalSnapshot(proposalId)) + 1n);
  for (const voter of voters) await governor.connect(voter).castVote(proposalId, VoteType.For);
  await time.increaseTo((await governor.proposalDeadline(proposalId)) + 1n);
  await governor.queue(proposal.targets, proposal.values, proposal.calldatas, descriptionHash);
  await time.increaseTo(await governor.proposalEta(proposalId));
  return {
    proposalId,
    execute: () => governor.execute(proposal.targets, proposal.values, proposal.calldatas, descriptionHash),
  };
}
