import { expect } from "chai";
import type { Interface } from "ethers";

import type { OpenGovernor, TimelockController } from "../../typechain-types/index.js";
import { type Chain, createChain } from "../helpers/fixtures.js";
import {
  DEFAULT_SETTINGS,
  ProposalState,
  VoteType,
  deployGovernance,
  proposeVoteQueue,
} from "../helpers/governance.js";
import { deployUupsProxy } from "../helpers/proxy.js";
import { DAY, OPEN, erc7201Slot } from "../helpers/staking.js";

// The chain is created when this suite starts (not at import time, nor in a root hook), so that loading this file
// does not install the ethers chai matchers before other suites run.
let chain: Chain;
let ethers: Chain["ethers"];
let networkHelpers: Chain["networkHelpers"];
let loadFixture: Chain["networkHelpers"]["loadFixture"];
let time: Chain["networkHelpers"]["time"];

const b32 = (s: string) => ethers.encodeBytes32String(s);
/** Encodes a call to one of the governor's setters chosen at run time. */
const encodeSetter = (governor: OpenGovernor, fn: string, args: unknown[]) =>
  (governor.interface as Interface).encodeFunctionData(fn, args);
const HOUR = 3600n;

/** alice 20,000 and bob 500,000 OPEN staked and self-delegated; carol 1,000 staked, not delegated. */
async function fixture() {
  const g = await deployGovernance(chain);
  const { staking, alice, bob, carol } = g;
  await staking.connect(alice).stake(20_000n * OPEN);
  await staking.connect(bob).stake(500_000n * OPEN);
  await staking.connect(carol).stake(1_000n * OPEN);
  await staking.connect(alice).delegate(alice.address);
  await staking.connect(bob).delegate(bob.address);
  await time.increase(1);
  return g;
}

describe("OpenGovernor", function () {
  before(async function () {
    chain = await createChain();
    ({ ethers, networkHelpers } = chain);
    ({ loadFixture, time } = networkHelpers);
  });

  describe("initialize", function () {
    it("wires the token, timelock and the given settings; uses the staking timestamp clock", async function () {
      const { governor, staking, timelockAddress } = await loadFixture(fixture);
      expect(await governor.name()).to.equal("OpenGovernor");
      expect(await governor.token()).to.equal(await staking.getAddress());
      expect(await governor.timelock()).to.equal(timelockAddress);
      expect(await governor.votingDelay()).to.equal(DAY);
      expect(await governor.votingPeriod()).to.equal(5n * DAY);
      expect(await governor.proposalThreshold()).to.equal(10_000n * OPEN);
      expect(await governor.quorumNumerator()).to.equal(4n);
      expect(await governor.lateQuorumVoteExtension()).to.equal(2n * DAY);
      expect(await governor.CLOCK_MODE()).to.equal("mode=timestamp");
      expect(await governor.clock()).to.equal(BigInt(await time.latest()));
    });

    it("exposes the production defaults as constants", async function () {
      const { governor } = await loadFixture(fixture);
      expect(await governor.DEFAULT_VOTING_DELAY()).to.equal(DEFAULT_SETTINGS.votingDelay);
      expect(await governor.DEFAULT_VOTING_PERIOD()).to.equal(DEFAULT_SETTINGS.votingPeriod);
      expect(await governor.DEFAULT_PROPOSAL_THRESHOLD()).to.equal(DEFAULT_SETTINGS.proposalThreshold);
      expect(await governor.DEFAULT_QUORUM_NUMERATOR()).to.equal(DEFAULT_SETTINGS.quorumNumerator);
      expect(await governor.DEFAULT_LATE_QUORUM_EXTENSION()).to.equal(DEFAULT_SETTINGS.lateQuorumExtension);
    });

    it("accepts short durations for local chains, but not a zero voting period", async function () {
      const { staking, timelockAddress, governor } = await loadFixture(fixture);
      const stakingAddress = await staking.getAddress();
      const local = await deployUupsProxy<OpenGovernor>(
        chain,
        "OpenGovernor",
        [stakingAddress, timelockAddress, 1n, 60n, 0n, 4n, 30n],
        [stakingAddress],
      );
      expect(await local.votingPeriod()).to.equal(60n);
      await expect(
        deployUupsProxy(
          chain,
          "OpenGovernor",
          [stakingAddress, timelockAddress, 1n, 0n, 0n, 4n, 30n],
          [stakingAddress],
        ),
      )
        .to.be.revertedWithCustomError(governor, "GovernorInvalidVotingPeriod")
        .withArgs(0n);
    });

    it("cannot be initialized twice, nor on the implementation", async function () {
      const { governor, staking, timelockAddress } = await loadFixture(fixture);
      const args = [await staking.getAddress(), timelockAddress, DAY, 5n * DAY, 0n, 4n, DAY] as const;
      await expect(governor.initialize(...args)).to.be.revertedWithCustomError(governor, "InvalidInitialization");
      const impl = await ethers.deployContract("OpenGovernor", [args[0]]);
      await expect(impl.initialize(...args)).to.be.revertedWithCustomError(impl, "InvalidInitialization");
    });

    it("the votes token is the implementation's immutable: initialize reverts when given another one", async function () {
      const { staking, timelockAddress, alice } = await loadFixture(fixture);
      const stakingAddress = await staking.getAddress();
      const impl = await ethers.deployContract("OpenGovernor", [stakingAddress]);
      // The implementation answers with its immutable, without any initialized storage.
      expect(await impl.token()).to.equal(stakingAddress);
      const init = [timelockAddress, DAY, 5n * DAY, 0n, 4n, DAY] as const;
      await expect(deployUupsProxy(chain, "OpenGovernor", [alice.address, ...init], [stakingAddress]))
        .to.be.revertedWithCustomError(impl, "OpenGovernorTokenMismatch")
        .withArgs(stakingAddress, alice.address);
      const proxy = await deployUupsProxy<OpenGovernor>(
        chain,
        "OpenGovernor",
        [stakingAddress, ...init],
        [stakingAddress],
      );
      expect(await proxy.token()).to.equal(stakingAddress);
    });

    it("keeps the vote counting state at the ERC-7201 slot of openledger.storage.GovernorCountingPacked", async function () {
      const { governor, governorAddress, alice, bob } = await loadFixture(fixture);
      const base = erc7201Slot(chain, "openledger.storage.GovernorCountingPacked");
      expect(base).to.equal("0x07a1870119da96b2058279854a4542bf4c223b2bc123d41a4ede1a3dbabf0000");
      const read = async (slot: bigint) => BigInt(await ethers.provider.getStorage(governorAddress, slot));
      const coder = ethers.AbiCoder.defaultAbiCoder();
      // { tallies (mapping), voted (mapping), proposalCount (32) | voteExtension (48) << 32 | quorumNumerator << 80 }.
      const extension = (DEFAULT_SETTINGS.lateQuorumExtension << 32n) | (DEFAULT_SETTINGS.quorumNumerator << 80n);
      expect(await read(BigInt(base) + 2n)).to.equal(extension);
      await governor.connect(alice).propose([alice.address], [0n], ["0x"], "layout");
      const id = await governor.hashProposal([alice.address], [0n], ["0x"], ethers.id("layout"));
      expect(await read(BigInt(base) + 2n)).to.equal(extension | 1n);
      const slotA = BigInt(ethers.keccak256(coder.encode(["uint256", "uint256"], [id, base])));
      // Slot A = forVotes (96) | abstainVotes (96) | index (32) | quorumNumerator (8) | lateQuorum (24);
      // slot B = againstVotes | created.
      expect(await read(slotA)).to.equal((4n << 224n) | (1n << 192n));
      expect(await read(slotA + 1n)).to.equal(1n << 96n);
      await time.increaseTo((await governor.proposalSnapshot(id)) + 1n);
      await governor.connect(bob).castVote(id, VoteType.For);
      await governor.connect(alice).castVote(id, VoteType.Against);
      // Bob's vote reached quorum early (now + 2 days is before the 5-day deadline): lateQuorum = 1, deadline kept.
      expect(await read(slotA)).to.equal((1n << 232n) | (4n << 224n) | (1n << 192n) | (500_000n * OPEN));
      expect(await read(slotA + 1n)).to.equal((1n << 96n) | (20_000n * OPEN));
      // voted[bob][index >> 8 = 0] has bit index = 1 set.
      const votedBob = ethers.keccak256(coder.encode(["address", "uint256"], [bob.address, BigInt(base) + 1n]));
      expect(await read(BigInt(ethers.keccak256(coder.encode(["uint256", "bytes32"], [0n, votedBob]))))).to.equal(2n);
    });

    it("keeps its settings at the ERC-7201 slot of openledger.storage.OpenGovernor, and no OpenZeppelin settings", async function () {
      const { governorAddress } = await loadFixture(fixture);
      const base = erc7201Slot(chain, "openledger.storage.OpenGovernor");
      expect(base).to.equal("0x196f8e0ed16ceff199a93509a7592e67ad57af4c42a66da8ebcaf67b69d81000");
      const read = async (slot: bigint) => BigInt(await ethers.provider.getStorage(governorAddress, slot));
      // { votingDelay, votingPeriod, proposalThreshold }, one slot each (docs/decisions/0280).
      expect(await read(BigInt(base))).to.equal(DEFAULT_SETTINGS.votingDelay);
      expect(await read(BigInt(base) + 1n)).to.equal(DEFAULT_SETTINGS.votingPeriod);
      expect(await read(BigInt(base) + 2n)).to.equal(DEFAULT_SETTINGS.proposalThreshold);
      // OpenZeppelin's GovernorSettings, GovernorVotes and GovernorVotesQuorumFraction namespaces stay empty; the
      // Governor's name is a constant, not a storage string.
      for (const namespace of [
        "openzeppelin.storage.GovernorSettings",
        "openzeppelin.storage.GovernorVotes",
        "openzeppelin.storage.GovernorVotesQuorumFraction",
        "openzeppelin.storage.Governor",
      ]) {
        expect(await read(BigInt(erc7201Slot(chain, namespace))), namespace).to.equal(0n);
      }
    });
  });

  describe("proposer-restricted descriptions (OpenZeppelin's #proposer= suffix)", function () {
    it("only the named proposer may submit a description ending in #proposer=0x<its address>, in either case", async function () {
      const { governor, alice, bob } = await loadFixture(fixture);
      for (const address of [alice.address, alice.address.toLowerCase(), "0x" + alice.address.slice(2).toUpperCase()]) {
        const description = `restricted ${address}#proposer=${address}`;
        await expect(governor.connect(bob).propose([alice.address], [0n], ["0x"], description))
          .to.be.revertedWithCustomError(governor, "GovernorRestrictedProposer")
          .withArgs(bob.address);
        await expect(governor.connect(alice).propose([alice.address], [0n], ["0x"], description)).to.emit(
          governor,
          "ProposalCreated",
        );
      }
    });

    it("a suffix that is not exactly 0x and 40 hex digits leaves the description open to anyone", async function () {
      const { governor, alice, bob } = await loadFixture(fixture);
      const hex = alice.address.slice(2);
      for (const suffix of [
        `#proposer=0x${hex.slice(0, 39)}g`, // not a hex digit
        `#proposer=0X${hex}`, // upper-case prefix
        `#proposer=${hex}`, // no prefix
        `#proposer=0x${hex} `, // trailing space
        `#proposer=0x${hex.slice(1)}`, // 39 digits
        `#proposer=0x${hex.slice(0, 19)}:${hex.slice(20)}`, // ':' sits right after '9'
        `#proposer=0x${hex.slice(0, 19)}@${hex.slice(20)}`, // '@' sits right before 'A'
      ]) {
        await expect(governor.connect(bob).propose([alice.address], [0n], ["0x"], `open ${suffix}`), suffix).to.emit(
          governor,
          "ProposalCreated",
        );
      }
    });
  });

  describe("votes and quorum", function () {
    it("quorum is 4% of the total active stake at the timepoint, delegated or not", async function () {
      const { governor, alice } = await loadFixture(fixture);
      const t = BigInt(await time.latest()) - 1n;
      expect(await governor.quorum(t)).to.equal((521_000n * OPEN * 4n) / 100n);
      expect(await governor.getVotes(alice.address, t)).to.equal(20_000n * OPEN);
    });

    it("refuses a proposal from an account below the threshold", async function () {
      const { governor, carol } = await loadFixture(fixture);
      await expect(governor.connect(carol).propose([carol.address], [0n], ["0x"], "x"))
        .to.be.revertedWithCustomError(governor, "GovernorInsufficientProposerVotes")
        .withArgs(carol.address, 0n, 10_000n * OPEN);
    });

    it("a vote with zero weight counts nothing; a second vote reverts", async function () {
      const { governor, alice, carol } = await loadFixture(fixture);
      await governor.connect(alice).propose([alice.address], [0n], ["0x"], "noop");
      const id = await governor.hashProposal([alice.address], [0n], ["0x"], ethers.id("noop"));
      await time.increaseTo((await governor.proposalSnapshot(id)) + 1n);
      await expect(governor.connect(carol).castVote(id, VoteType.For))
        .to.emit(governor, "VoteCast")
        .withArgs(carol.address, id, VoteType.For, 0n, "");
      await expect(governor.connect(carol).castVote(id, VoteType.For))
        .to.be.revertedWithCustomError(governor, "GovernorAlreadyCastVote")
        .withArgs(carol.address);
    });

    it("extends the deadline when quorum is reached late", async function () {
      const { governor, alice, bob } = await loadFixture(fixture);
      await governor.connect(alice).propose([alice.address], [0n], ["0x"], "late");
      const id = await governor.hashProposal([alice.address], [0n], ["0x"], ethers.id("late"));
      const deadline = await governor.proposalDeadline(id);
      await time.setNextBlockTimestamp(deadline - 10n);
      await expect(governor.connect(bob).castVote(id, VoteType.For))
        .to.emit(governor, "ProposalExtended")
        .withArgs(id, deadline - 10n + 2n * DAY);
      expect(await governor.proposalDeadline(id)).to.equal(deadline - 10n + 2n * DAY);
      await time.increaseTo(deadline + 1n);
      expect(await governor.state(id)).to.equal(ProposalState.Active);
    });
  });

  describe("bounded settings (only through governance)", function () {
    const setters = [
      ["setVotingDelay", "votingDelay", HOUR, 14n * DAY],
      ["setVotingPeriod", "votingPeriod", DAY, 30n * DAY],
      ["setProposalThreshold", "proposalThreshold", 1_000n * OPEN, 10_000_000n * OPEN],
      ["updateQuorumNumerator", "quorumNumerator", 1n, 20n],
      ["setLateQuorumVoteExtension", "lateQuorumVoteExtension", HOUR, 14n * DAY],
    ] as const;

    it("every setter and upgradeToAndCall revert when called directly", async function () {
      const { governor, alice } = await loadFixture(fixture);
      for (const [fn, , min] of setters) {
        const data = encodeSetter(governor, fn, [min]);
        await expect(alice.sendTransaction({ to: await governor.getAddress(), data }))
          .to.be.revertedWithCustomError(governor, "GovernorOnlyExecutor")
          .withArgs(alice.address);
      }
      await expect(governor.connect(alice).upgradeToAndCall(alice.address, "0x"))
        .to.be.revertedWithCustomError(governor, "GovernorOnlyExecutor")
        .withArgs(alice.address);
    });

    it("a proposal sets every parameter at its bounds", async function () {
      const { governor, governorAddress, alice, bob } = await loadFixture(fixture);
      const values = [14n * DAY, 30n * DAY, 1_000n * OPEN, 20n, HOUR];
      const calldatas = setters.map(([fn], i) => encodeSetter(governor, fn, [values[i]]));
      const { execute } = await proposeVoteQueue(chain, governor, alice, [bob], {
        targets: setters.map(() => governorAddress),
        values: setters.map(() => 0n),
        calldatas,
        description: "settings at bounds",
      });
      const tx = execute();
      await expect(tx)
        .to.emit(governor, "VotingDelaySet")
        .withArgs(DAY, 14n * DAY);
      await expect(tx)
        .to.emit(governor, "VotingPeriodSet")
        .withArgs(5n * DAY, 30n * DAY);
      await expect(tx)
        .to.emit(governor, "ProposalThresholdSet")
        .withArgs(10_000n * OPEN, 1_000n * OPEN);
      await expect(tx).to.emit(governor, "QuorumNumeratorUpdated").withArgs(4n, 20n);
      await expect(tx)
        .to.emit(governor, "LateQuorumVoteExtensionSet")
        .withArgs(2n * DAY, HOUR);
      expect(await governor.votingDelay()).to.equal(14n * DAY);
      expect(await governor.votingPeriod()).to.equal(30n * DAY);
      expect(await governor.proposalThreshold()).to.equal(1_000n * OPEN);
      expect(await governor.quorumNumerator()).to.equal(20n);
      expect(await governor.lateQuorumVoteExtension()).to.equal(HOUR);
    });

    for (const [fn, name, min, max] of setters) {
      it(`${fn} reverts outside [${min}, ${max}]`, async function () {
        const { governor, governorAddress, alice, bob } = await loadFixture(fixture);
        for (const value of [min - 1n, max + 1n]) {
          const { execute } = await proposeVoteQueue(chain, governor, alice, [bob], {
            targets: [governorAddress],
            values: [0n],
            calldatas: [encodeSetter(governor, fn, [value])],
            description: `${fn} ${value}`,
          });
          await expect(execute())
            .to.be.revertedWithCustomError(governor, "OpenGovernorParameterOutOfBounds")
            .withArgs(b32(name), value, min, max);
        }
      });
    }
  });

  describe("upgrade", function () {
    it("governance upgrades the governor through the timelock, keeping its state", async function () {
      const { governor, governorAddress, alice, bob } = await loadFixture(fixture);
      const impl = await ethers.deployContract("OpenGovernor", [await governor.token()]);
      const { proposalId, execute } = await proposeVoteQueue(chain, governor, alice, [bob], {
        targets: [governorAddress],
        values: [0n],
        calldatas: [governor.interface.encodeFunctionData("upgradeToAndCall", [await impl.getAddress(), "0x"])],
        description: "upgrade the governor",
      });
      await expect(execute())
        .to.emit(governor, "Upgraded")
        .withArgs(await impl.getAddress());
      expect(await governor.state(proposalId)).to.equal(ProposalState.Executed);
      expect(await governor.votingPeriod()).to.equal(5n * DAY);
    });
  });

  describe("timelock wiring", function () {
    it("the governor is the only proposer and canceller, anyone executes, the deployer holds nothing", async function () {
      const { timelock, governorAddress, deployer } = await loadFixture(fixture);
      const tl = timelock as TimelockController;
      expect(await tl.hasRole(await tl.PROPOSER_ROLE(), governorAddress)).to.equal(true);
      expect(await tl.hasRole(await tl.CANCELLER_ROLE(), governorAddress)).to.equal(true);
      expect(await tl.hasRole(await tl.EXECUTOR_ROLE(), ethers.ZeroAddress)).to.equal(true);
      expect(await tl.hasRole(await tl.DEFAULT_ADMIN_ROLE(), deployer.address)).to.equal(false);
      expect(await tl.getMinDelay()).to.equal(2n * DAY);
    });
  });
});
