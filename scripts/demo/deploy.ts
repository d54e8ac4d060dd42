/**
 * Stage 1: the protocol deployed by the production Ignition module (deploy/modules/Protocol.ts) on the in-process
 * chain: WOPEN is the asset (the chain's native currency stands in for native OPEN), the timelock holds every admin
 * role, the deployer none, which is checked role by role. Durations are short (one-day epochs, a two-day timelock)
 * so that time can be advanced through the whole life cycle. Then the people of the demo get native OPEN, and the
 * oracles and a governance staker stake.
 */
import { ZeroAddress, ZeroHash, id as keccakId } from "ethers";

import ProtocolModule from "../../deploy/modules/Protocol.js";
import type { DeploymentAddresses } from "../../src/oracle/index.js";
import type { EpochClock } from "../../src/protocol/index.js";
import { PROTOCOL_CONTRACT_NAMES, typedProtocol, type ProtocolContracts } from "../../deploy/protocolContracts.js";
import { OPEN } from "./config.js";
import { fmt, send, when, type DemoContext } from "./context.js";

/** 2035-01-01T00:00:00Z: the chain is moved there first, so epochs fall on calendar days. */
export const DEMO_START = 2_051_222_400n;
export const DAY = 86_400n;
export const HOUR = 3_600n;

/**
 * Short durations with the production structure (the values of test/helpers/protocol.ts TEST_PARAMETERS). The court
 * waits 4 days for a ruling: the demo's governance (1 hour + 1 day + a 2-day timelock) rules on the dispute itself,
 * where production would have a fast resolver (a security council) appointed by governance.
 */
export const PARAMETERS = {
  epochLength: DAY,
  timelockDelay: 2n * DAY,
  votingDelay: HOUR,
  votingPeriod: DAY,
  lateQuorumExtension: HOUR,
  rulingPeriod: 4n * DAY,
};

export const OperatorRole = { AttributionOracle: 1, ComputeProvider: 2 } as const;
export const ORACLE_STAKE = 10_000n * OPEN;
export const VOTER_STAKE = 100_000n * OPEN;
export const DISPUTE_RESERVE = 1_000n * OPEN;

export type Protocol = ProtocolContracts;

export interface Deployment {
  p: Protocol;
  /** Name -> address of every protocol contract (ModelShares clones are added when models are tokenized). */
  addresses: Map<string, string>;
  /** What `protocol deploy` writes to deployments/<chainId>.json: what oracle nodes read. */
  deployment: DeploymentAddresses;
  genesis: bigint;
  epochLength: bigint;
  /** The epoch clock (genesis and length), for the kernel's epoch functions. */
  clock: EpochClock;
  /** Roles the deployer holds after the deployment (must be none). */
  deployerRoles: string[];
  /** Admin roles the timelock holds. */
  timelockAdminOf: string[];
}

export async function deploy(ctx: DemoContext): Promise<Deployment> {
  const { chain, people, say } = ctx;
  const { ethers, ignition, networkHelpers } = chain;
  ctx.stage(1, "deploying the protocol with the Ignition module deploy/modules/Protocol.ts");
  const [deployer, guardian] = await ethers.getSigners();
  if (BigInt(await networkHelpers.time.latest()) < DEMO_START) await networkHelpers.time.increaseTo(DEMO_START);
  const genesis = BigInt(await networkHelpers.time.latest());
  const deployed = await ignition.deploy(ProtocolModule, {
    parameters: { Protocol: { epochGenesis: genesis, guardian: guardian.address, ...PARAMETERS } },
  });
  const p: Protocol = await typedProtocol(ethers, deployed);
  const names = Object.entries(PROTOCOL_CONTRACT_NAMES).map(([key, name]) => [name, key as keyof Protocol] as const);
  const addresses = new Map<string, string>();
  for (const [name, key] of names) {
    const address = await p[key].getAddress();
    addresses.set(name, address);
    people.nameAddress(address, name, "protocol contract");
  }
  people.nameAddress(deployer.address, "deployer", "deployed the protocol, then renounced every role");
  people.nameAddress(guardian.address, "guardian", "may pause payments and claims in an emergency");
  people.nameAddress(ZeroAddress, "native OPEN", "WOPEN minted or burned: native OPEN wrapped or unwrapped");
  for (const [name, address] of addresses) say(`  ${name.padEnd(19)} ${address}`);

  // Every role of every contract: the deployer must hold none; the timelock must be the admin of everything.
  const roleNames = [
    "DEFAULT_ADMIN_ROLE",
    "GUARDIAN_ROLE",
    "PAYMENTS_ROLE",
    "REWARD_DISTRIBUTOR_ROLE",
    "SLASHER_ROLE",
    "ORACLE_ROLE",
    "RESOLVER_ROLE",
    "PROPOSER_ROLE",
    "CANCELLER_ROLE",
    "EXECUTOR_ROLE",
  ];
  const roleId = (name: string) => (name === "DEFAULT_ADMIN_ROLE" ? ZeroHash : keccakId(name));
  const controlled = names.filter(
    ([name]) => !["WOPEN", "OpenGovernor", "NativeGateway", "InferenceLogs"].includes(name),
  );
  const deployerRoles: string[] = [];
  const timelockAdminOf: string[] = [];
  const timelockAddress = addresses.get("TimelockController") as string;
  for (const [name, key] of controlled) {
    const contract = p[key] as unknown as { hasRole(role: string, account: string): Promise<boolean> };
    for (const role of roleNames) {
      if (await contract.hasRole(roleId(role), deployer.address)) deployerRoles.push(`${name}.${role}`);
    }
    if (await contract.hasRole(ZeroHash, timelockAddress)) timelockAdminOf.push(name);
  }
  say(
    `  the timelock is the admin of ${timelockAdminOf.length} contracts; the deployer holds ` +
      (deployerRoles.length === 0
        ? `no role (checked ${roleNames.length} roles on ${controlled.length} contracts)`
        : `roles: ${deployerRoles.join(", ")}`),
  );

  const epochLength = await p.inferencePayments.epochLength();
  say(`  epoch 0 starts ${when(genesis)} UTC; epochs last ${epochLength / 3_600n} h`);

  const addressOf = (name: string) => addresses.get(name) as string;
  const deployment: DeploymentAddresses = {
    asset: addressOf("WOPEN"),
    contracts: {
      WOPEN: addressOf("WOPEN"),
      Treasury: addressOf("Treasury"),
      DatanetRegistry: addressOf("DatanetRegistry"),
      ModelRegistry: addressOf("ModelRegistry"),
      InferencePayments: addressOf("InferencePayments"),
      OpenStaking: addressOf("OpenStaking"),
      RewardDistributor: addressOf("RewardDistributor"),
      AttributionOracle: addressOf("AttributionOracle"),
      AttributionDisputes: addressOf("AttributionDisputes"),
      InferenceLogs: addressOf("InferenceLogs"),
    },
  };

  // The people get native OPEN; stakers stake (oracles register their role, the governance staker delegates).
  await people.fund(1_000_000n * OPEN);
  const stakingAddress = addressOf("OpenStaking");
  for (const name of ["oracle-a", "oracle-b", "oracle-c"]) {
    const oracle = people.get(name);
    if (name === "oracle-b") {
      // Through the gateway, with native OPEN.
      await send(p.nativeGateway.connect(oracle).stake({ value: ORACLE_STAKE }));
    } else {
      await send(p.wopen.connect(oracle).deposit({ value: ORACLE_STAKE }));
      await send(p.wopen.connect(oracle).approve(stakingAddress, ORACLE_STAKE));
      await send(p.staking.connect(oracle).stake(ORACLE_STAKE));
    }
    await send(p.staking.connect(oracle).registerOperator(OperatorRole.AttributionOracle));
    // Each node keeps WOPEN to bond a dispute of a wrong report.
    await send(p.wopen.connect(oracle).deposit({ value: DISPUTE_RESERVE }));
  }
  say(
    `  oracle-a, oracle-b (through the native gateway) and oracle-c stake ${fmt(ORACLE_STAKE)} each as oracles ` +
      `and keep ${fmt(DISPUTE_RESERVE)} each to bond disputes`,
  );
  const voter = people.get("vera");
  await send(p.nativeGateway.connect(voter).stake({ value: VOTER_STAKE }));
  await send(p.staking.connect(voter).delegate(voter.address));
  say(`  vera stakes ${fmt(VOTER_STAKE)} and delegates her votes to herself`);

  return {
    p,
    addresses,
    deployment,
    genesis,
    epochLength,
    clock: { genesis, length: epochLength },
    deployerRoles,
    timelockAdminOf,
  };
}
