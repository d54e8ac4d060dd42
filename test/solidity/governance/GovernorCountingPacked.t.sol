// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IGovernorCountingPacked} from "../../../contracts/interfaces/IGovernorCountingPacked.sol";
import {GovernorCountingPackedHarness} from "../../../contracts/mocks/GovernorCountingPackedHarness.sol";
import {VotesStandIn} from "../../../contracts/mocks/VotesStandIn.sol";
import {Test} from "../utils/Test.sol";

/// @title GovernorCountingPacked fuzz tests: tallies, the voted bitmap across its 256-proposal words, the quorum bar
/// fixed at creation, and the storage layout (ERC-7201 slot recomputed here).
contract GovernorCountingPackedTest is Test {
    bytes32 internal constant BASE = 0x07a1870119da96b2058279854a4542bf4c223b2bc123d41a4ede1a3dbabf0000;
    uint8 internal constant AGAINST = 0;
    uint8 internal constant FOR = 1;
    uint8 internal constant ABSTAIN = 2;

    VotesStandIn internal votes;
    GovernorCountingPackedHarness internal governor;
    uint256 internal proposals;

    function setUp() public {
        votes = new VotesStandIn();
        governor = new GovernorCountingPackedHarness(IVotes(address(votes)), 4);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------------------------

    function _propose() internal returns (uint256 proposalId) {
        address[] memory targets = new address[](1);
        targets[0] = address(this);
        uint256[] memory values = new uint256[](1);
        bytes[] memory calldatas = new bytes[](1);
        proposalId = governor.propose(targets, values, calldatas, vm.toString(++proposals));
    }

    function _slotA(uint256 proposalId) internal pure returns (bytes32) {
        return keccak256(abi.encode(proposalId, BASE));
    }

    function _word(address voter, uint256 word) internal view returns (uint256) {
        bytes32 inner = keccak256(abi.encode(voter, uint256(BASE) + 1));
        return uint256(vm.load(address(governor), keccak256(abi.encode(word, inner))));
    }

    function _index(uint256 proposalId) internal view returns (uint256) {
        return (uint256(vm.load(address(governor), _slotA(proposalId))) >> 192) & type(uint32).max;
    }

    /// @dev Sets proposalCount (the low 32 bits of the namespace's third word), keeping the vote extension and the
    /// quorum numerator above it.
    function _setProposalCount(uint256 count) internal {
        bytes32 slot = bytes32(uint256(BASE) + 2);
        uint256 extension = uint256(vm.load(address(governor), slot)) >> 32;
        vm.store(address(governor), slot, bytes32((extension << 32) | count));
    }

    function _assertVotes(uint256 proposalId, uint256 against, uint256 for_, uint256 abstain) internal view {
        (uint256 a, uint256 f, uint256 ab) = governor.proposalVotes(proposalId);
        assertEq(a, against, "against");
        assertEq(f, for_, "for");
        assertEq(ab, abstain, "abstain");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Layout
    // ---------------------------------------------------------------------------------------------------------------

    function test_storageLayout() public {
        bytes32 recomputed =
            keccak256(abi.encode(uint256(keccak256("openledger.storage.GovernorCountingPacked")) - 1)) &
                ~bytes32(uint256(0xff));
        assertEq(recomputed, BASE, "ERC-7201 slot");
        // Third word: proposalCount | voteExtension << 32 | quorumNumerator << 80 (the harness's extension is 1 hour,
        // its numerator 4).
        uint256 extension = (uint256(1 hours) << 32) | (4 << 80);
        assertEq(uint256(vm.load(address(governor), bytes32(uint256(BASE) + 2))), extension, "no proposal yet");
        uint256 id = _propose();
        assertEq(uint256(vm.load(address(governor), bytes32(uint256(BASE) + 2))), extension | 1, "proposalCount");
        // Slot A: forVotes | abstainVotes << 96 | index << 192 | quorumNumerator << 224 | lateQuorum << 232.
        // Slot B: againstVotes | created << 96.
        assertEq(uint256(vm.load(address(governor), _slotA(id))), (4 << 224) | (1 << 192), "slot A at creation");
        bytes32 slotB = bytes32(uint256(_slotA(id)) + 1);
        assertEq(uint256(vm.load(address(governor), slotB)), 1 << 96, "slot B at creation");
        governor.countVote(id, address(1), FOR, 5);
        governor.countVote(id, address(2), ABSTAIN, 7);
        governor.countVote(id, address(3), AGAINST, 11);
        assertEq(uint256(vm.load(address(governor), _slotA(id))), (4 << 224) | (1 << 192) | (7 << 96) | 5, "A");
        assertEq(uint256(vm.load(address(governor), slotB)), (1 << 96) | 11, "B");
        assertEq(_word(address(1), 0), 2, "bit 1 of word 0");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Counting
    // ---------------------------------------------------------------------------------------------------------------

    function testFuzz_countVote_tallies(uint256[6] memory weights, uint256 supportSeed) public {
        uint256 id = _propose();
        uint256[3] memory expected;
        for (uint256 i; i < 6; ++i) {
            uint256 weight = bound(weights[i], 0, type(uint96).max / 6);
            uint8 support = uint8((supportSeed >> (8 * i)) % 3);
            address voter = address(uint160(1000 + i));
            assertEq(governor.countVote(id, voter, support, weight), weight, "counted weight");
            assertTrue(governor.hasVoted(id, voter), "marked");
            expected[support] += weight;
        }
        _assertVotes(id, expected[0], expected[1], expected[2]);
        assertEq(governor.voteSucceeded(id), expected[1] > expected[0], "for > against");
        assertFalse(governor.hasVoted(id, address(999)), "others unmarked");
    }

    function testFuzz_countVote_invalidSupport(uint8 support, uint256 weight) public {
        support = uint8(bound(support, 3, type(uint8).max));
        uint256 id = _propose();
        vm.expectRevert(IGovernor.GovernorInvalidVoteType.selector);
        governor.countVote(id, address(this), support, weight);
        assertFalse(governor.hasVoted(id, address(this)), "revert undoes the mark");
    }

    function testFuzz_countVote_secondVoteReverts(uint8 first, uint8 second, address voter) public {
        first = uint8(bound(first, 0, 2));
        second = uint8(bound(second, 0, 2));
        uint256 id = _propose();
        governor.countVote(id, voter, first, 3);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorAlreadyCastVote.selector, voter));
        governor.countVote(id, voter, second, 5);
        uint256[3] memory expected;
        expected[first] = 3;
        _assertVotes(id, expected[0], expected[1], expected[2]);
    }

    function test_countVote_unknownProposalReverts() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorNonexistentProposal.selector, 42));
        governor.countVote(42, address(this), FOR, 1);
        assertFalse(governor.hasVoted(42, address(this)));
        _assertVotes(42, 0, 0, 0);
    }

    function testFuzz_countVote_tallyOverflowReverts(uint8 support, uint256 first, uint256 second) public {
        support = uint8(bound(support, 0, 2));
        first = bound(first, 1, type(uint96).max);
        second = bound(second, type(uint96).max - first + 1, type(uint256).max - type(uint96).max);
        uint256 id = _propose();
        governor.countVote(id, address(1), support, first);
        vm.expectRevert(abi.encodeWithSelector(SafeCast.SafeCastOverflowedUintDowncast.selector, 96, first + second));
        governor.countVote(id, address(2), support, second);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Voted bitmap
    // ---------------------------------------------------------------------------------------------------------------

    /// Four proposals with consecutive indices around a word boundary (or just before it): a voter's marks on some of
    /// them never leak to the others, nor to another voter, and each allows exactly one vote.
    function testFuzz_votedBitmap_acrossWords(uint256 word, uint256 offset, uint8 pattern, address voter) public {
        word = bound(word, 0, uint256(type(uint24).max) - 2);
        offset = bound(offset, 0, 4);
        vm.assume(voter != address(7));
        uint256 start = word * 256 + 251 + offset;
        _setProposalCount(start);
        uint256[4] memory ids;
        for (uint256 i; i < 4; ++i) {
            ids[i] = _propose();
            assertEq(_index(ids[i]), start + 1 + i, "index");
        }
        for (uint256 i; i < 4; ++i) if ((pattern >> i) & 1 == 1) governor.countVote(ids[i], voter, FOR, 1);
        for (uint256 i; i < 4; ++i) {
            bool voted = (pattern >> i) & 1 == 1;
            assertEq(governor.hasVoted(ids[i], voter), voted, "hasVoted");
            assertFalse(governor.hasVoted(ids[i], address(7)), "other voter");
            _assertVotes(ids[i], 0, voted ? 1 : 0, 0);
        }
        for (uint256 i; i < 4; ++i) {
            if ((pattern >> i) & 1 == 1) {
                vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorAlreadyCastVote.selector, voter));
            }
            governor.countVote(ids[i], voter, AGAINST, 1);
        }
        for (uint256 i; i < 4; ++i) assertTrue(governor.hasVoted(ids[i], voter), "all voted");
    }

    /// Any two proposals, whatever their indices: a vote on one is never a vote on the other.
    function testFuzz_votedBitmap_anyTwoIndices(uint256 first, uint256 second, address voter) public {
        first = bound(first, 1, type(uint32).max);
        second = bound(second, 1, type(uint32).max - 1);
        if (second >= first) ++second;
        _setProposalCount(first - 1);
        uint256 one = _propose();
        _setProposalCount(second - 1);
        uint256 other = _propose();
        assertEq(_index(one), first);
        assertEq(_index(other), second);
        governor.countVote(one, voter, FOR, 1);
        assertTrue(governor.hasVoted(one, voter), "voted");
        assertFalse(governor.hasVoted(other, voter), "not on the other");
        governor.countVote(other, voter, FOR, 1);
        assertEq(_word(voter, first >> 8) & (1 << (first & 0xff)), 1 << (first & 0xff), "bit of first");
        assertEq(_word(voter, second >> 8) & (1 << (second & 0xff)), 1 << (second & 0xff), "bit of second");
    }

    /// Indices 255 and 256 sit in two different words (bit 255 of word 0, bit 0 of word 1).
    function test_votedBitmap_wordBoundary() public {
        _setProposalCount(254);
        uint256 last = _propose();
        uint256 next = _propose();
        assertEq(_index(last), 255);
        assertEq(_index(next), 256);
        governor.countVote(last, address(this), FOR, 1);
        assertEq(_word(address(this), 0), 1 << 255, "word 0");
        assertEq(_word(address(this), 1), 0, "word 1 untouched");
        assertFalse(governor.hasVoted(next, address(this)));
        governor.countVote(next, address(this), FOR, 1);
        assertEq(_word(address(this), 1), 1, "word 1");
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorAlreadyCastVote.selector, address(this)));
        governor.countVote(last, address(this), FOR, 1);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorAlreadyCastVote.selector, address(this)));
        governor.countVote(next, address(this), FOR, 1);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Quorum
    // ---------------------------------------------------------------------------------------------------------------

    function testFuzz_quorum(uint256 supply, uint256 numerator, uint256 forWeight, uint256 abstainWeight) public {
        supply = bound(supply, 0, type(uint96).max);
        numerator = bound(numerator, 0, 100);
        forWeight = bound(forWeight, 0, supply);
        abstainWeight = bound(abstainWeight, 0, supply - forWeight);
        votes.setTotalSupply(supply);
        governor.setQuorumNumerator(numerator);
        uint256 id = _propose();
        vm.warp(governor.proposalSnapshot(id) + 1);
        uint256 bar = Math.mulDiv(supply, numerator, 100);
        assertEq(governor.proposalQuorum(id), bar, "bar");
        governor.countVote(id, address(1), FOR, forWeight);
        governor.countVote(id, address(2), ABSTAIN, abstainWeight);
        governor.countVote(id, address(3), AGAINST, supply - forWeight - abstainWeight);
        assertEq(governor.quorumReached(id), forWeight + abstainWeight >= bar, "reached");
    }

    function testFuzz_quorum_exactlyAtTheBarAndOneBelow(uint256 supply, uint256 split) public {
        supply = bound(supply, 100, type(uint96).max);
        votes.setTotalSupply(supply);
        uint256 bar = (supply * 4) / 100;
        split = bound(split, 0, bar - 1);
        uint256 below = _propose();
        uint256 at = _propose();
        vm.warp(governor.proposalSnapshot(at) + 1);
        governor.countVote(below, address(1), FOR, split);
        governor.countVote(below, address(2), ABSTAIN, bar - 1 - split);
        governor.countVote(at, address(1), FOR, split);
        governor.countVote(at, address(2), ABSTAIN, bar - split);
        assertFalse(governor.quorumReached(below), "one below");
        assertTrue(governor.quorumReached(at), "at the bar");
    }

    function testFuzz_quorum_numeratorFixedAtCreation(uint256 first, uint256 second, uint256 supply) public {
        first = bound(first, 1, 100);
        second = bound(second, 1, 100);
        supply = bound(supply, 1, type(uint96).max);
        votes.setTotalSupply(supply);
        governor.setQuorumNumerator(first);
        uint256 before = _propose();
        governor.setQuorumNumerator(second);
        uint256 after_ = _propose();
        vm.warp(governor.proposalSnapshot(after_) + 1);
        assertEq(governor.proposalQuorum(before), Math.mulDiv(supply, first, 100), "before keeps its numerator");
        assertEq(governor.proposalQuorum(after_), Math.mulDiv(supply, second, 100), "after gets the new one");
        assertEq(governor.quorum(governor.proposalSnapshot(before)), Math.mulDiv(supply, second, 100), "OZ view");
        // The same For weight, exactly the first bar, on both: only the bar each proposal was created with decides.
        uint256 firstBar = Math.mulDiv(supply, first, 100);
        governor.countVote(before, address(1), FOR, firstBar);
        governor.countVote(after_, address(1), FOR, firstBar);
        assertTrue(governor.quorumReached(before), "before reaches its own bar");
        assertEq(governor.quorumReached(after_), Math.mulDiv(supply, second, 100) <= firstBar, "after, its bar");
    }

    function test_proposalQuorum_unknownProposalReverts() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorNonexistentProposal.selector, 7));
        governor.proposalQuorum(7);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Through the Governor's castVote
    // ---------------------------------------------------------------------------------------------------------------

    function testFuzz_castVote(uint256 weight, uint8 support, address voter) public {
        weight = bound(weight, 0, type(uint96).max);
        support = uint8(bound(support, 0, 2));
        vm.assume(voter != address(0));
        votes.setVotes(voter, weight);
        uint256 id = _propose();
        vm.warp(governor.proposalSnapshot(id) + 1);
        vm.prank(voter);
        assertEq(governor.castVote(id, support), weight, "weight");
        uint256[3] memory expected;
        expected[support] = weight;
        _assertVotes(id, expected[0], expected[1], expected[2]);
        assertTrue(governor.hasVoted(id, voter));
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorAlreadyCastVote.selector, voter));
        vm.prank(voter);
        governor.castVote(id, support);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Late quorum
    // ---------------------------------------------------------------------------------------------------------------

    event ProposalExtended(uint256 indexed proposalId, uint64 extendedDeadline);

    /// Quorum first reached at any time of the vote, with any allowed extension: the deadline becomes
    /// max(creation deadline, that time + extension), `ProposalExtended` is emitted exactly when it moves, later votes
    /// never move it again, and the proposal is Active until the deadline and over one second after.
    function testFuzz_lateQuorum_deadline(uint256 extension, uint256 earlyAt, uint256 at, uint256 laterAt) public {
        governor.setVotingPeriod(400 days);
        extension = bound(extension, 0, type(uint24).max - 1);
        governor.setVoteExtension(uint48(extension));
        votes.setTotalSupply(1_000 ether); // quorum: 4% = 40 ether
        votes.setVotes(address(1), 10 ether);
        votes.setVotes(address(2), 30 ether);
        votes.setVotes(address(3), 1 ether);
        uint256 id = _propose();
        uint256 start = governor.proposalSnapshot(id) + 1;
        uint256 created = governor.proposalDeadline(id);
        earlyAt = bound(earlyAt, start, created);
        at = bound(at, earlyAt, created);
        vm.warp(earlyAt);
        vm.prank(address(1));
        governor.castVote(id, FOR); // below quorum
        assertEq(governor.proposalDeadline(id), created, "below quorum: unchanged");
        vm.warp(at);
        uint256 expected = Math.max(created, at + extension);
        if (expected > created) {
            vm.expectEmit(address(governor));
            emit ProposalExtended(id, uint64(expected));
        }
        vm.prank(address(2));
        governor.castVote(id, ABSTAIN); // reaches quorum
        assertEq(governor.proposalDeadline(id), expected, "deadline after quorum");
        laterAt = bound(laterAt, at, expected);
        vm.warp(laterAt);
        vm.prank(address(3));
        governor.castVote(id, FOR);
        assertEq(governor.proposalDeadline(id), expected, "never moved again");
        vm.warp(expected);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Active), "active until the deadline");
        vm.warp(expected + 1);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Succeeded), "over after it");
    }

    /// A proposal that never reaches quorum keeps its creation deadline and is defeated after it.
    function test_lateQuorum_noQuorumKeepsTheDeadline() public {
        votes.setTotalSupply(1_000 ether);
        votes.setVotes(address(1), 39 ether);
        uint256 id = _propose();
        uint256 created = governor.proposalDeadline(id);
        vm.warp(created);
        vm.prank(address(1));
        governor.castVote(id, FOR);
        assertEq(governor.proposalDeadline(id), created, "unchanged");
        vm.warp(created + 1);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Defeated), "defeated");
    }

    /// The extension is capped by the voting period (as OpenZeppelin's) and by what the 24-bit field holds.
    function testFuzz_lateQuorum_extensionBounds(uint256 period, uint256 extension) public {
        period = bound(period, 1, 1_000 days);
        governor.setVotingPeriod(period);
        uint256 max = Math.min(period, type(uint24).max - 1);
        extension = bound(extension, 0, type(uint48).max);
        if (extension > max) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IGovernorCountingPacked.GovernorPreventLateQuorumVoteExtensionTooLarge.selector,
                    extension,
                    max
                )
            );
        }
        governor.setVoteExtension(uint48(extension));
        assertEq(governor.lateQuorumVoteExtension(), extension > max ? 1 hours : extension, "extension");
    }

    /// The module's own setter is for governance only (the executor; here the governor itself, no timelock).
    function test_lateQuorum_setterOnlyGovernance() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, address(this)));
        governor.setLateQuorumVoteExtension(2 hours);
        vm.prank(address(governor));
        governor.setLateQuorumVoteExtension(2 hours);
        assertEq(governor.lateQuorumVoteExtension(), 2 hours, "set by the executor");
    }
}
