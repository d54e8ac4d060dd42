/**
 * The fixture of the integration flows: the protocol exactly as `deploy/modules/Protocol.ts` deploys it (through
 * `deployProtocol`: WOPEN is the asset, the TimelockController is the admin of every contract, account 1 the
 * guardian), plus named accounts that hold WOPEN and have approved every protocol contract that pulls the asset.
 * What a flow tests is what is deployed; no contract is replaced by a stand-in.
 *
 * Admin-only calls. On the deployed protocol only the timelock may make them, and the timelock only executes what an
 * OpenGovernor proposal queued. Two ways, both ending in the same call from the timelock's address:
 * - `govern(...)`: the real path, propose -> vote -> queue -> execute with time advanced past each delay. Use it once
 *   in a flow whose subject is a governance decision.
 * - `asAdmin(contract)`: the contract connected to the impersonated timelock (`hardhat_impersonateAccount`). A call
 *   made this way stands for an executed proposal: the target contract sees the same `msg.sender` (the timelock) and
 *   the same calldata, so it cannot tell the difference. What impersonation skips (votes, quorum, delays, the
 *   timelock's own checks) is proven by test/integration/governance.test.ts and by `govern` wherever a flow uses it.
 *   One difference a flow must mind: the impersonated call takes effect at once, a real proposal only after the
 *   voting delay, the voting period and the timelock delay (about 3 days with TEST_PARAMETERS).
 *
 * Each file loads its own fixture with `loadProtocolFixture(setup)`: one fresh chain, one deployment, snapshotted by
 * `networkHelpers.loadFixture` and reverted to before each test.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import {
  MaxUint256,
  id as keccakId,
  type BaseContract,
  type BytesLike,
  type ContractTransactionResponse,
} from "ethers";

import { createChain, type Chain } from "./fixtures.js";
import { deployProtocol } from "./protocol.js";
import {
  datanetWithVersion as publishedDatanet,
  modelRegistration,
  OperatorRole,
  type DatanetConfigInput,
  type ModelRegistrationInput,
} from "./registries.js";

export const OPEN = 10n ** 18n;
export const DAY = 86_400n;
/** WOPEN each named account holds after the fixture, unless the flow asks for another amount. */
export const DEFAULT_FUNDING = 1_000_000n * OPEN;
/** Native balance left to each named account for gas, on top of what it wraps. */
const GAS_MONEY = 10_000n * OPEN;

/** OpenGovernor's vote types (GovernorCountingPacked, as GovernorCountingSimple): against, for, abstain. */
export const Vote = { Against: 0, For: 1, Abstain: 2 } as const;

/** OpenGovernor's proposal states (OpenZeppelin's `IGovernor.ProposalState`). */
export const ProposalState = {
  Pending: 0,
  Active: 1,
  Canceled: 2,
  Defeated: 3,
  Succeeded: 4,
  Queued: 5,
  Expired: 6,
  Executed: 7,
} as const;

export type Account = HardhatEthersSigner;

export interface FixtureOptions<Name extends string> {
  /** Named accounts, taken in order from the chain's accounts after the deployer (0) and the guardian (1). */
  accounts: readonly Name[];
  /** WOPEN each named account holds (wrapped from native OPEN). Default: DEFAULT_FUNDING. */
  funding?: bigint;
}

/** A call the timelock makes when a proposal is executed. */
export interface ProposalCall {
  target: BaseContract;
  data: BytesLike;
}

/**
 * Deploys the protocol with the production module and gives every named account `funding` WOPEN and an unlimited
 * allowance for each contract that pulls the asset (Datanet bonds, payments and escrows, agent budgets, stakes,
 * dispute bonds), as a wallet would set once.
 */
export async function deployProtocolFixture<Name extends string>(chain: Chain, options: FixtureOptions<Name>) {
  const { ethers, networkHelpers } = chain;
  const p = await deployProtocol(chain);
  if (options.accounts.length > p.users.length) throw new Error(`only ${p.users.length} accounts to name`);
  const funding = options.funding ?? DEFAULT_FUNDING;
  const spenders = await Promise.all(
    [p.datanetRegistry, p.inferencePayments, p.agentRegistry, p.staking, p.attributionOracle].map((c) =>
      c.getAddress(),
    ),
  );
  const accounts = {} as Record<Name, Account>;
  for (const [i, name] of options.accounts.entries()) {
    const account = p.users[i];
    accounts[name] = account;
    await networkHelpers.setBalance(account.address, funding + GAS_MONEY);
    await p.wopen.connect(account).deposit({ value: funding });
    for (const spender of spenders) await p.wopen.connect(account).approve(spender, MaxUint256);
  }

  const timelockAddress = await p.timelock.getAddress();
  // Gas money for the impersonated timelock; the timelock holds nothing else.
  await networkHelpers.setBalance(timelockAddress, 100n * OPEN);
  const chainId = (await ethers.provider.getNetwork()).chainId;
  return { chain, ethers, networkHelpers, p, accounts, timelockAddress, chainId, funding };
}

type Deployed<Name extends string> = Awaited<ReturnType<typeof deployProtocolFixture<Name>>>;

/** The fixture with its helpers; `T` is what the flow's own setup added. */
export type ProtocolFixture<Name extends string, T = object> = Deployed<Name> &
  T & {
    /** `contract` connected to the timelock (impersonated): stands for an executed governance proposal. */
    asAdmin<C extends BaseContract>(contract: C): C;
    /** Runs `calls` through OpenGovernor and the timelock for real; see `govern`. */
    govern(proposal: Proposal): Promise<{ proposalId: bigint; execute: () => Promise<ContractTransactionResponse> }>;
  };

export interface Proposal {
  /** Proposes; needs `proposalThreshold` votes one second before. */
  proposer: Account;
  /** Vote For, in order, once the proposal is active. */
  voters: Account[];
  calls: ProposalCall[];
  description: string;
}

/**
 * A fresh chain and a loader that deploys the protocol (plus the flow's `setup`) once and reverts to that snapshot on
 * every later call (`networkHelpers.loadFixture`).
 */
export async function loadProtocolFixture<Name extends string, T extends object>(
  options: FixtureOptions<Name>,
  setup: (f: Deployed<Name>) => Promise<T> = async () => ({}) as T,
) {
  const chain = await createChain();
  const fixture = async () => {
    const deployed = await deployProtocolFixture(chain, options);
    return { ...deployed, ...(await setup(deployed)) };
  };
  return async (): Promise<ProtocolFixture<Name, T>> => {
    const f = await chain.networkHelpers.loadFixture(fixture);
    // Impersonation is a setting of the node rather than chain state; set it on every load so that a revert to the
    // snapshot can never leave it off.
    await chain.networkHelpers.impersonateAccount(f.timelockAddress);
    const timelock = await chain.ethers.getSigner(f.timelockAddress);
    return {
      ...f,
      asAdmin: <C extends BaseContract>(contract: C) => contract.connect(timelock) as C,
      govern: (proposal: Proposal) => govern(f, proposal),
    };
  };
}

/**
 * The real governance path: `proposer` proposes `calls`, each of `voters` votes For once voting opens, the proposal is
 * queued in the timelock after the vote and executed after the timelock delay. Returns the proposal id and the
 * execution (not yet sent) so that the caller can assert on its events.
 */
export async function govern(f: Deployed<string>, proposal: Proposal) {
  const { p, networkHelpers } = f;
  const { time } = networkHelpers;
  const targets = await Promise.all(proposal.calls.map((c) => c.target.getAddress()));
  const values = proposal.calls.map(() => 0n);
  const calldatas = proposal.calls.map((c) => c.data);
  const descriptionHash = keccakId(proposal.description);
  const proposalId = await p.governor.hashProposal(targets, values, calldatas, descriptionHash);
  await (await p.governor.connect(proposal.proposer).propose(targets, values, calldatas, proposal.description)).wait();
  await time.increaseTo((await p.governor.proposalSnapshot(proposalId)) + 1n);
  for (const voter of proposal.voters) await p.governor.connect(voter).castVote(proposalId, Vote.For);
  await time.increaseTo((await p.governor.proposalDeadline(proposalId)) + 1n);
  await p.governor.queue(targets, values, calldatas, descriptionHash);
  await time.increaseTo(await p.governor.proposalEta(proposalId));
  return { proposalId, execute: () => p.governor.execute(targets, values, calldatas, descriptionHash) };
}

// ---------------------------------------------------------------------------------------------------- building blocks

/** `datanetWithVersion` of the registries helper on the deployed DatanetRegistry. */
export function datanetWithVersion(
  f: Deployed<string>,
  owner: Account,
  contributor: Account,
  config: Partial<DatanetConfigInput> = {},
  count = 2,
): Promise<bigint> {
  return publishedDatanet({ datanets: f.p.datanetRegistry }, owner, contributor, config, count);
}

/** `account` stakes `amount` and registers as an operator of `role` (the stake must reach the role's minimum). */
export async function stakeAsOperator(f: Deployed<string>, account: Account, amount: bigint, role: number) {
  await f.p.staking.connect(account).stake(amount);
  await f.p.staking.connect(account).registerOperator(role);
}

export interface ModelSetup {
  owner: Account;
  /** Serves the model; stakes `operatorStake` and registers as a compute provider unless it already is one. */
  operator: Account;
  /** Default: OpenStaking's minimum compute-provider stake (1,000 OPEN). */
  operatorStake?: bigint;
  registration?: Partial<ModelRegistrationInput>;
}

/**
 * Registers a model owned by `owner` and trained on version 1 of a fresh open Datanet of `owner`. The deployed
 * ModelRegistry accepts only a registered compute provider as operator (docs/decisions/0106), so the operator stakes
 * and registers first. Returns the model id.
 */
export async function registerModel(f: Deployed<string>, setup: ModelSetup): Promise<bigint> {
  const { staking, modelRegistry } = f.p;
  if ((await staking.operatorRole(setup.operator.address)) !== BigInt(OperatorRole.ComputeProvider)) {
    const stake = setup.operatorStake ?? (await staking.minOperatorStake(OperatorRole.ComputeProvider));
    await stakeAsOperator(f, setup.operator, stake, OperatorRole.ComputeProvider);
  }
  const datanetId = await datanetWithVersion(f, setup.owner, setup.owner, {}, 1);
  await modelRegistry
    .connect(setup.owner)
    .registerModel(
      modelRegistration(setup.operator.address, { trainedOn: [{ datanetId, version: 1 }], ...setup.registration }),
    );
  return modelRegistry.modelCount();
}
