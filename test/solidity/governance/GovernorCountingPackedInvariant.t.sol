// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";

import {GovernorCountingPackedHarness} from "../../../contracts/mocks/GovernorCountingPackedHarness.sol";
import {VotesStandIn} from "../../../contracts/mocks/VotesStandIn.sol";
import {Test} from "../utils/Test.sol";
import {GovernorCountingPackedHandler} from "./handlers/GovernorCountingPackedHandler.sol";

/// @title GovernorCountingPacked invariants
/// @notice Random sequences of `GovernorCountingPackedHandler` actions (propose, warp, set weights and the total
/// supply, castVote with any support on any proposal, repeated votes, change the late-quorum extension, the quorum
/// numerator and the voting period, jump the proposal counter across a 256-proposal bitmap word once) by four voters
/// on up to eight proposals of the harness governor; after every call, for every proposal:
/// (1) `proposalVotes` equals the ghost sums of the weights counted per support type;
/// (2) `hasVoted` equals the ghost flag for every voter (no leak across proposals, voters or bitmap words);
/// (3) `proposalDeadline` is the creation deadline while quorum was never reached, else max(creation deadline, time
///     quorum was first reached + the extension in force then);
/// (4) `proposalQuorum` is the numerator in force at creation times the total supply at the snapshot (the stand-in's
///     current supply) / 100;
/// (5) the state is never Active after the expected deadline, and is exactly what the ghosts predict (Pending up to
///     the snapshot, Active up to the deadline, then Succeeded or Defeated);
/// and (0) every handler call had the outcome the ghosts predicted: votes counted with the voter's weight, or exactly
/// `GovernorUnexpectedProposalState` / `GovernorAlreadyCastVote(voter)` / `GovernorInvalidVoteType` /
/// `GovernorPreventLateQuorumVoteExtensionTooLarge`, recording nothing.
/// @dev Each invariant was seen to fail against deliberately broken module code (default profile, each break
/// reverted afterwards):
/// (1) `_countVote` adding Abstain votes to `forVotes`: "proposalVotes for" failed (and (5));
/// (2) `_countVote` without the bitmap write: "hasVoted" failed (and (0) "double vote counted", (1)); the bitmap word
///     taken as `index >> 9` instead of `index >> 8` (index 1 and 257 share a bit): "hasVoted" failed;
/// (3) `proposalDeadline` without the `- 1`: "proposalDeadline" failed (and (5)); `_tallyUpdated` moving the deadline
///     again on every vote after quorum: "proposalDeadline" failed;
/// (4) `proposalQuorum` with the current `quorumNumerator()` instead of the one stored at creation: "proposalQuorum"
///     failed;
/// (5) `proposalDeadline` without the `- 1`: "never Active after the deadline" failed; `_voteSucceeded` with `>=`
///     and `_quorumReached` with `<`: "state" failed;
/// (0) the extension bound checked with `>=`: "setVoteExtension reverted" failed.
/// Running this file alone needs the handler too (Hardhat writes artifacts only for the files it was given):
/// `hardhat test solidity test/solidity/governance/GovernorCountingPackedInvariant.t.sol
///  test/solidity/governance/handlers/GovernorCountingPackedHandler.sol`.
contract GovernorCountingPackedInvariantTest is Test {
    VotesStandIn internal votes;
    GovernorCountingPackedHarness internal governor;
    GovernorCountingPackedHandler internal handler;

    function setUp() public {
        votes = new VotesStandIn();
        governor = new GovernorCountingPackedHarness(IVotes(address(votes)), 4);
        handler = new GovernorCountingPackedHandler(governor, votes, 1_000_000 ether);

        bytes4[] memory selectors = new bytes4[](11);
        selectors[0] = GovernorCountingPackedHandler.propose.selector;
        selectors[1] = GovernorCountingPackedHandler.warp.selector;
        selectors[2] = GovernorCountingPackedHandler.warpToDeadline.selector;
        selectors[3] = GovernorCountingPackedHandler.jumpProposalCount.selector;
        selectors[4] = GovernorCountingPackedHandler.setWeight.selector;
        selectors[5] = GovernorCountingPackedHandler.setTotalSupply.selector;
        selectors[6] = GovernorCountingPackedHandler.castVote.selector;
        selectors[7] = GovernorCountingPackedHandler.doubleVote.selector;
        selectors[8] = GovernorCountingPackedHandler.setVoteExtension.selector;
        selectors[9] = GovernorCountingPackedHandler.setQuorumNumerator.selector;
        selectors[10] = GovernorCountingPackedHandler.setVotingPeriod.selector;
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// (0) Every call had the outcome the ghosts predicted.
    function invariant_handlerPredictedEveryOutcome() public view {
        assertEq(handler.ghost_violations(), 0, handler.ghost_firstViolation());
    }

    /// (1) The tallies are the sums of the weights counted per support type.
    function invariant_proposalVotesEqualGhostSums() public view {
        uint256[] memory ids = handler.proposals();
        for (uint256 i; i < ids.length; ++i) {
            (uint256 against, uint256 for_, uint256 abstain) = governor.proposalVotes(ids[i]);
            (uint256 ghostAgainst, uint256 ghostFor, uint256 ghostAbstain) = handler.ghost_votes(ids[i]);
            assertEq(against, ghostAgainst, "proposalVotes against");
            assertEq(for_, ghostFor, "proposalVotes for");
            assertEq(abstain, ghostAbstain, "proposalVotes abstain");
        }
    }

    /// (2) A voter has voted on exactly the proposals whose vote was counted. Each proposal's bitmap index is its
    /// expected creation number, so that proposals made after the counter jump do sit in another word.
    function invariant_hasVotedEqualsGhostFlags() public view {
        uint256[] memory ids = handler.proposals();
        address[] memory voters = handler.voters();
        for (uint256 i; i < ids.length; ++i) {
            assertEq(_index(ids[i]), handler.ghost_index(ids[i]), "bitmap index");
            for (uint256 j; j < voters.length; ++j) {
                assertEq(governor.hasVoted(ids[i], voters[j]), handler.ghost_voted(ids[i], voters[j]), "hasVoted");
            }
        }
    }

    /// (3) The deadline moves only when quorum is first reached, to max(creation deadline, then + extension then).
    function invariant_deadlineFollowsLateQuorum() public view {
        uint256[] memory ids = handler.proposals();
        for (uint256 i; i < ids.length; ++i) {
            uint256 created = handler.ghost_createdDeadline(ids[i]);
            uint256 expected = created;
            if (handler.ghost_quorumReached(ids[i])) {
                uint256 extended = handler.ghost_quorumReachedAt(ids[i]) + handler.ghost_extensionAtQuorum(ids[i]);
                if (extended > created) expected = extended;
            }
            assertEq(governor.proposalDeadline(ids[i]), expected, "proposalDeadline");
            assertEq(governor.proposalSnapshot(ids[i]), handler.ghost_snapshot(ids[i]), "proposalSnapshot");
        }
    }

    /// (4) The quorum bar uses the numerator in force at creation and the supply at the snapshot.
    function invariant_proposalQuorumUsesCreationNumerator() public view {
        uint256[] memory ids = handler.proposals();
        for (uint256 i; i < ids.length; ++i) {
            uint256 expected = (handler.ghost_supply() * handler.ghost_proposalNumerator(ids[i])) / 100;
            assertEq(governor.proposalQuorum(ids[i]), expected, "proposalQuorum");
        }
    }

    /// (5) No proposal is Active after its deadline; every state is the one the ghosts predict.
    function invariant_stateFollowsTheDeadline() public view {
        uint256[] memory ids = handler.proposals();
        for (uint256 i; i < ids.length; ++i) {
            IGovernor.ProposalState state = governor.state(ids[i]);
            if (block.timestamp > handler.expectedDeadline(ids[i])) {
                assertTrue(state != IGovernor.ProposalState.Active, "never Active after the deadline");
            }
            assertEq(uint256(state), uint256(handler.expectedState(ids[i])), "state");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The handler itself
    // ---------------------------------------------------------------------------------------------------------------

    /// The handler's actions succeed on ordinary inputs (the fuzzer ignores reverts, so a handler whose actions always
    /// failed would make every invariant pass vacuously), and its predictions hold: votes of every type, a vote while
    /// Pending, an invalid support and double votes that revert, quorum reached late with the deadline extended once,
    /// a vote after the deadline that reverts.
    function test_handlerActionsSucceed_votesAndLateQuorum() public {
        handler.propose();
        uint256 id = handler.proposals()[0];
        handler.castVote(0, 0, 1, 0); // Pending: reverts
        assertEq(handler.calls(bytes4(IGovernor.GovernorUnexpectedProposalState.selector)), 1, "pending vote reverted");
        handler.warp(2);
        handler.castVote(0, 0, 0, 1); // voter0 Against, 10% of the supply
        handler.castVote(0, 0, 0, 0); // voter0 again: reverts
        handler.castVote(1, 0, 7 | (7 << 8), 0); // voter1, support 7: reverts
        handler.doubleVote(0, 0, 1);
        assertEq(handler.calls(bytes4(IGovernor.GovernorAlreadyCastVote.selector)), 2, "double votes reverted");
        assertEq(handler.calls(bytes4(IGovernor.GovernorInvalidVoteType.selector)), 1, "invalid support reverted");
        assertEq(handler.calls("vote"), 1, "one vote counted");
        assertEq(handler.calls("quorum"), 0, "Against does not reach quorum");

        // Quorum reached 10 seconds before the creation deadline, with the 1-hour extension.
        uint256 created = handler.ghost_createdDeadline(id);
        vm.warp(created - 10);
        handler.castVote(1, 0, 2, 1); // voter1 Abstain, 20% >= 4%
        assertEq(handler.calls("extended"), 1, "deadline extended");
        assertEq(governor.proposalDeadline(id), created - 10 + 1 hours, "extended deadline");
        handler.castVote(2, 0, 1, 1); // voter2 For, after quorum
        assertEq(governor.proposalDeadline(id), created - 10 + 1 hours, "moves once");

        // One second past the deadline: voting reverts, the proposal succeeded (For 30% > Against 10%).
        handler.warpToDeadline(0, 2);
        handler.castVote(3, 0, 1, 0);
        assertEq(handler.calls(bytes4(IGovernor.GovernorUnexpectedProposalState.selector)), 2, "late vote reverted");
        assertEq(uint256(governor.state(id)), uint256(IGovernor.ProposalState.Succeeded), "succeeded");
        _assertInvariants();
    }

    /// The settings actions and the counter jump: an extension above its bound reverts, a new numerator applies to
    /// later proposals only, and proposals made after the jump sit on both sides of a bitmap word boundary.
    function test_handlerActionsSucceed_settingsAndWordBoundary() public {
        address[] memory voters = handler.voters();
        handler.propose();
        uint256 first = handler.proposals()[0];
        handler.setVoteExtension(type(uint256).max - 10, true);
        assertEq(governor.lateQuorumVoteExtension(), 1 hours, "unchanged");
        handler.setVoteExtension(30 minutes, false);
        assertEq(handler.calls("setVoteExtension"), 1, "set once");
        handler.setQuorumNumerator(50);
        handler.setTotalSupply(2_000_000 ether, 0);
        handler.setWeight(3, 7 ether, 0);
        handler.setVotingPeriod(3 hours);

        // The counter to 254, so that the next proposals get indices 255 (bit 255 of word 0) and 256 (bit 0 of word 1).
        handler.jumpProposalCount(0, 0);
        handler.propose();
        handler.propose();
        uint256[] memory ids = handler.proposals();
        assertEq(_index(ids[1]), 255, "bit 255 of word 0");
        assertEq(_index(ids[2]), 256, "bit 0 of word 1");
        assertEq(governor.proposalDeadline(ids[2]), block.timestamp + 1 + 3 hours, "new voting period");
        handler.warp(2);
        handler.castVote(3, 2, 1, 0); // voter3 For on index 256: 7 ether, below 50% of the supply
        handler.castVote(0, 1, 1, 0); // voter0 For on index 255
        handler.castVote(1, 0, 1, 0); // voter1 For on index 1
        assertEq(handler.calls("vote"), 3, "three votes counted");
        assertTrue(governor.hasVoted(ids[2], voters[3]), "voted on 256");
        assertFalse(governor.hasVoted(ids[1], voters[3]), "not on 255");
        assertFalse(governor.hasVoted(ids[2], voters[0]), "not on 256");
        assertFalse(governor.hasVoted(ids[2], voters[1]), "index 1 is not index 256 or 257");
        assertEq(governor.proposalQuorum(ids[2]), 1_000_000 ether, "new numerator");
        assertEq(governor.proposalQuorum(first), 80_000 ether, "creation numerator");
        _assertInvariants();
    }

    function _assertInvariants() internal view {
        invariant_handlerPredictedEveryOutcome();
        invariant_proposalVotesEqualGhostSums();
        invariant_hasVotedEqualsGhostFlags();
        invariant_deadlineFollowsLateQuorum();
        invariant_proposalQuorumUsesCreationNumerator();
        invariant_stateFollowsTheDeadline();
    }

    /// @dev The proposal's bitmap index, read from its first tally slot (bits 192..223).
    function _index(uint256 proposalId) internal view returns (uint256) {
        bytes32 slotA = keccak256(abi.encode(proposalId, handler.STORAGE_BASE()));
        return (uint256(vm.load(address(governor), slotA)) >> 192) & type(uint32).max;
    }
}
