import { expect } from "chai";
import type { BaseContract, Signer } from "ethers";
import { id, ZeroAddress, ZeroHash } from "ethers";

import { createChain, type Chain } from "../helpers/fixtures.js";
import { deployProtocol, type Protocol } from "../helpers/protocol.js";

/**
 * The access-control matrix of the deployed protocol: after deployment the timelock holds every admin role, the
 * guardian only GUARDIAN_ROLE and the deployer nothing; every privileged function reverts for every account that
 * must not call it (the deployer, the guardian, a stranger), with the contract's own error.
 */
describe("access control of the deployed protocol", function () {
  let chain: Chain;
  let p: Protocol;
  let stranger: Signer;

  before(async function () {
    chain = await createChain();
    p = await deployProtocol(chain);
    stranger = p.users[0];
  });

  const DEFAULT_ADMIN_ROLE = ZeroHash;
  const GUARDIAN_ROLE = id("GUARDIAN_ROLE");

  function administered() {
    return {
      Treasury: p.treasury,
      DatanetRegistry: p.datanetRegistry,
      ModelRegistry: p.modelRegistry,
      AgentRegistry: p.agentRegistry,
      InferencePayments: p.inferencePayments,
      OpenStaking: p.staking,
      RewardDistributor: p.rewardDistributor,
      AttributionOracle: p.attributionOracle,
      AttributionDisputes: p.attributionDisputes,
    };
  }

  it("gives every admin role to the timelock and none to the deployer", async function () {
    const timelock = await p.timelock.getAddress();
    for (const [name, contract] of Object.entries(administered())) {
      expect(await contract.hasRole(DEFAULT_ADMIN_ROLE, timelock), `${name}: timelock is admin`).to.equal(true);
      expect(await contract.hasRole(DEFAULT_ADMIN_ROLE, p.deployer.address), `${name}: deployer`).to.equal(false);
      expect(await contract.hasRole(GUARDIAN_ROLE, p.deployer.address), `${name}: deployer guardian`).to.equal(false);
    }
    expect(await p.timelock.hasRole(DEFAULT_ADMIN_ROLE, p.deployer.address)).to.equal(false);
    expect(await p.timelock.hasRole(DEFAULT_ADMIN_ROLE, timelock)).to.equal(true);
    expect(await p.timelock.hasRole(id("PROPOSER_ROLE"), await p.governor.getAddress())).to.equal(true);
    expect(await p.timelock.hasRole(id("EXECUTOR_ROLE"), ZeroAddress)).to.equal(true);
    expect(await p.rewardDistributor.hasRole(id("ORACLE_ROLE"), p.deployer.address)).to.equal(false);
    expect(await p.rewardDistributor.hasRole(id("ORACLE_ROLE"), await p.attributionOracle.getAddress())).to.equal(true);
    // The court: the deployer keeps no resolver role; the timelock rules as its admin (a resolver is appointed by
    // governance); it alone slashes; the oracle knows it and guards the stake.
    expect(await p.attributionDisputes.hasRole(id("RESOLVER_ROLE"), p.deployer.address)).to.equal(false);
    expect(await p.attributionDisputes.hasRole(DEFAULT_ADMIN_ROLE, timelock)).to.equal(true);
    expect(await p.staking.hasRole(id("SLASHER_ROLE"), await p.attributionDisputes.getAddress())).to.equal(true);
    expect(await p.staking.hasRole(id("SLASHER_ROLE"), await p.attributionOracle.getAddress())).to.equal(false);
    expect(await p.attributionOracle.court()).to.equal(await p.attributionDisputes.getAddress());
    expect(await p.staking.stakeGuard()).to.equal(await p.attributionOracle.getAddress());
    expect(await p.inferenceLogs.oracle()).to.equal(await p.attributionOracle.getAddress());
  });

  it("gives the guardian only GUARDIAN_ROLE on the pausable contracts", async function () {
    for (const contract of [p.inferencePayments, p.rewardDistributor]) {
      expect(await contract.hasRole(GUARDIAN_ROLE, p.guardian.address)).to.equal(true);
    }
    for (const [name, contract] of Object.entries(administered())) {
      expect(await contract.hasRole(DEFAULT_ADMIN_ROLE, p.guardian.address), `${name}: guardian admin`).to.equal(false);
    }
  });

  type Name =
    | "treasury"
    | "datanetRegistry"
    | "modelRegistry"
    | "agentRegistry"
    | "inferencePayments"
    | "staking"
    | "rewardDistributor"
    | "attributionOracle"
    | "attributionDisputes"
    | "governor";

  interface Entry {
    on: Name;
    call: string;
    args: () => unknown[];
    /** The custom error the contract reverts with for an unauthorized caller. */
    error: string;
  }

  const admin = (on: Name, call: string, args: () => unknown[]): Entry => ({
    on,
    call,
    args,
    error: "AccessControlUnauthorizedAccount",
  });

  const someone = "0x000000000000000000000000000000000000dEaD";
  const matrix: Entry[] = [
    admin("treasury", "transfer", () => [someone, someone, 1n]),
    admin("treasury", "createGrant", () => [someone, 1n, 0n, 0n, 1n, { kind: 0, id: 0n }]),
    admin("treasury", "setFeeSource", () => [someone]),
    admin("datanetRegistry", "setTreasury", () => [someone]),
    admin("datanetRegistry", "setReviewTimeout", () => [86_400]),
    admin("modelRegistry", "setMinContributorShareBps", () => [2000]),
    admin("modelRegistry", "setInferencePayments", () => [someone]),
    admin("modelRegistry", "setStaking", () => [someone]),
    admin("inferencePayments", "setProtocolFeeBps", () => [100]),
    admin("inferencePayments", "setStakerFeeBps", () => [100]),
    admin("inferencePayments", "setEscrowNoticePeriod", () => [7200]),
    admin("inferencePayments", "setTreasury", () => [someone]),
    admin("inferencePayments", "setStakingContract", () => [someone]),
    admin("inferencePayments", "releaseAttributionFunds", () => [0n]),
    admin("staking", "setFeeSource", () => [someone]),
    admin("staking", "setCooldown", () => [8n * 86_400n]),
    admin("staking", "setMinOperatorStake", () => [1, 10n ** 18n]),
    admin("staking", "slash", () => [someone, 1n, someone]),
    admin("agentRegistry", "spend", () => [1n, someone, 1n, 1n]),
    admin("attributionOracle", "setQuorumBps", () => [7000n]),
    admin("attributionOracle", "setChallengeWindow", () => [2n * 86_400n]),
    admin("attributionOracle", "setLogDeadline", () => [7_200n]),
    admin("attributionOracle", "setLivenessEpochs", () => [4n]),
    admin("attributionOracle", "setCourt", () => [someone]),
    admin("attributionOracle", "rejectReport", () => [0n]),
    admin("attributionDisputes", "setDisputeBond", () => [2n * 10n ** 18n]),
    admin("attributionDisputes", "setRulingPeriod", () => [3n * 86_400n]),
    admin("attributionDisputes", "setDisputeSlashBps", () => [200n]),
    admin("attributionDisputes", "setDisputerRewardBps", () => [100n]),
    admin("attributionDisputes", "setEquivocationSlashBps", () => [200n]),
    admin("attributionDisputes", "setReporterRewardBps", () => [100n]),
    admin("attributionDisputes", "setTreasury", () => [someone]),
    admin("staking", "setStakeGuard", () => [someone]),
    admin("attributionOracle", "skipEpoch", () => [0n]),
    admin("attributionOracle", "forceReport", () => [
      {
        epoch: 0n,
        cumulativeRewardsRoot: ZeroHash,
        cumulativeTotal: 0n,
        attributionRoot: ZeroHash,
        dataURI: "",
      },
    ]),
    { on: "attributionDisputes", call: "rule", args: () => [0n, true, []], error: "DisputesNotResolver" },
    {
      on: "attributionOracle",
      call: "freezeReport",
      args: () => [0n],
      error: "AttributionNotCourt",
    },
    {
      on: "rewardDistributor",
      call: "updateRoot",
      args: () => [0n, ZeroHash, 0n],
      error: "DistributorUnauthorizedOracle",
    },
    ...["setVotingDelay", "setVotingPeriod", "setLateQuorumVoteExtension"].map((call): Entry => ({
      on: "governor",
      call,
      args: () => [7200n],
      error: "GovernorOnlyExecutor",
    })),
    { on: "governor", call: "setProposalThreshold", args: () => [1n], error: "GovernorOnlyExecutor" },
    { on: "governor", call: "updateQuorumNumerator", args: () => [5n], error: "GovernorOnlyExecutor" },
    {
      on: "governor",
      call: "upgradeToAndCall",
      args: () => [someone, "0x"],
      error: "GovernorOnlyExecutor",
    },
  ];
  // Role administration and upgrades on every administered contract.
  for (const name of [
    "treasury",
    "datanetRegistry",
    "modelRegistry",
    "agentRegistry",
    "inferencePayments",
    "staking",
    "rewardDistributor",
    "attributionOracle",
    "attributionDisputes",
  ] as const) {
    matrix.push(admin(name, "grantRole", () => [DEFAULT_ADMIN_ROLE, someone]));
    matrix.push(admin(name, "revokeRole", () => [GUARDIAN_ROLE, someone]));
    matrix.push(admin(name, "upgradeToAndCall", () => [someone, "0x"]));
  }

  for (const entry of matrix) {
    it(`${entry.on}.${entry.call} reverts for the deployer, the guardian and a stranger`, async function () {
      const contract: BaseContract = p[entry.on];
      const callers: [string, Signer][] = [
        ["deployer", p.deployer],
        ["guardian", p.guardian],
        ["stranger", stranger],
      ];
      for (const [who, signer] of callers) {
        const connected = contract.connect(signer) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
        await expect(connected[entry.call](...entry.args()), `${entry.call} by ${who}`).to.be.revertedWithCustomError(
          contract,
          entry.error,
        );
      }
    });
  }

  it("lets only the guardian pause, and the guardian or admin unpause", async function () {
    for (const contract of [p.inferencePayments, p.rewardDistributor]) {
      for (const signer of [p.deployer, stranger]) {
        await expect(contract.connect(signer).pause()).to.be.revertedWithCustomError(
          contract,
          "AccessControlUnauthorizedAccount",
        );
      }
      await contract.connect(p.guardian).pause();
      expect(await contract.paused()).to.equal(true);
      for (const signer of [p.deployer, stranger]) {
        await expect(contract.connect(signer).unpause()).to.be.revertedWithCustomError(
          contract,
          "ProtocolUnauthorizedUnpause",
        );
      }
      await contract.connect(p.guardian).unpause();
      expect(await contract.paused()).to.equal(false);
    }
  });

  it("lets the timelock alone cancel or execute nothing it did not schedule, and only the governor propose", async function () {
    await expect(
      p.timelock.connect(stranger).schedule(someone, 0n, "0x", ZeroHash, ZeroHash, 2n * 86_400n),
    ).to.be.revertedWithCustomError(p.timelock, "AccessControlUnauthorizedAccount");
    await expect(
      p.timelock.connect(p.deployer).schedule(someone, 0n, "0x", ZeroHash, ZeroHash, 2n * 86_400n),
    ).to.be.revertedWithCustomError(p.timelock, "AccessControlUnauthorizedAccount");
  });
});
