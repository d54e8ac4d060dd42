// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {IGovernorCountingPacked} from "../../../../contracts/interfaces/IGovernorCountingPacked.sol";
import {GovernorCountingPackedHarness} from "../../../../contracts/mocks/GovernorCountingPackedHarness.sol";
import {VotesStandIn} from "../../../../contracts/mocks/VotesStandIn.sol";
import {TestBase} from "../../utils/TestBase.sol";

/// @title GovernorCountingPackedHandler: the actions the invariant fuzzer takes against GovernorCountingPacked
/// @notice Four fixed voters and up to `MAX_PROPOSALS` proposals on the harness governor (no timelock, 1-second voting
/// delay) over the VotesStandIn token. Actions: propose; warp (by a bounded step, or to one second around a
/// proposal's expected deadline); set a voter's weight or the total supply; vote through the Governor's real
/// `castVote` with any support (valid or not) on any proposal; repeat a counted vote; change the late-quorum
/// extension (in bounds, or above them, which must revert), the quorum numerator and the voting period of later
/// proposals; and, once, jump the module's proposal counter to just below a 256-proposal word boundary, so that the
/// voted bitmap spans two words.
/// @dev Ghosts, all from the handler's own inputs, never from the governor's answers:
/// - per proposal: the snapshot and the creation deadline (clock + 1 + voting period at creation), the quorum
///   numerator in force at creation, the weight cast per support type, whether quorum was reached by a vote, when it
///   was first reached and the extension in force then;
/// - per (proposal, voter): whether a vote was counted;
/// - the total supply, the quorum numerator, the extension and the voting period currently in force.
/// From these the handler predicts every call's outcome (`expectedState`, `expectedDeadline`): a counted vote, or the
/// exact revert (not Active, already voted, invalid support, extension too large). Any other outcome is counted in
/// `ghost_violations` (the fuzzer ignores reverts, so a handler that reverted on a mismatch would fail nothing) and
/// the invariant suite asserts there were none. A call that reverts records nothing.
/// The stand-in token answers the current total supply and votes for any past timepoint, so a vote weighs the
/// voter's current weight and every quorum bar uses the current supply.
// solhint-disable-next-line max-states-count
contract GovernorCountingPackedHandler is TestBase {
    uint256 public constant VOTER_COUNT = 4;
    uint256 public constant MAX_PROPOSALS = 8;
    /// @notice Largest weight a voter gets: `VOTER_COUNT` of them fit a uint96 tally, so no tally overflows.
    uint256 public constant MAX_WEIGHT = type(uint96).max / VOTER_COUNT;
    uint256 public constant MAX_VOTING_PERIOD = 2 days;
    uint256 public constant MAX_WARP = 12 hours;
    /// @dev The largest extension the module's 24-bit `lateQuorum` field allows (its `_MAX_EXTENSION_FIELD`).
    uint256 public constant MAX_EXTENSION_FIELD = type(uint24).max - 1;
    /// @dev ERC-7201 base slot of `openledger.storage.GovernorCountingPacked`; its third word packs
    /// `proposalCount | voteExtension << 32`.
    bytes32 public constant STORAGE_BASE = 0x07a1870119da96b2058279854a4542bf4c223b2bc123d41a4ede1a3dbabf0000;

    GovernorCountingPackedHarness public immutable GOVERNOR;
    VotesStandIn public immutable VOTES;

    address[] private _voters;
    uint256[] private _proposals;

    // Current settings, as set by the handler.
    uint256 public ghost_supply;
    uint256 public ghost_numerator;
    uint256 public ghost_extension;
    uint256 public ghost_votingPeriod;
    mapping(address voter => uint256) public ghost_weight;

    // Per proposal.
    mapping(uint256 proposalId => uint256) public ghost_snapshot;
    mapping(uint256 proposalId => uint256) public ghost_createdDeadline;
    mapping(uint256 proposalId => uint256) public ghost_proposalNumerator;
    /// @notice The module's proposal counter the proposal should have got (its bitmap index).
    mapping(uint256 proposalId => uint256) public ghost_index;
    mapping(uint256 proposalId => uint256[3]) private _ghostVotes;
    mapping(uint256 proposalId => bool) public ghost_quorumReached;
    mapping(uint256 proposalId => uint256) public ghost_quorumReachedAt;
    mapping(uint256 proposalId => uint256) public ghost_extensionAtQuorum;
    mapping(uint256 proposalId => mapping(address voter => bool)) public ghost_voted;

    /// @notice The module's proposal counter as the handler expects it.
    uint256 public ghost_proposalCount;
    bool public ghost_jumped;

    /// @notice Outcomes the handler did not predict, and the first one's description.
    uint256 public ghost_violations;
    string public ghost_firstViolation;

    /// @notice How often each kind of outcome happened, to see what a run did: "propose", "vote", "quorum" (a vote
    /// that first reached quorum), "extended" (... and moved the deadline), "jump", "setVoteExtension", and each
    /// expected revert by its error selector.
    mapping(bytes32 outcome => uint256) public calls;

    constructor(GovernorCountingPackedHarness governor, VotesStandIn votes, uint256 supply) {
        GOVERNOR = governor;
        VOTES = votes;
        ghost_numerator = governor.quorumNumerator();
        ghost_extension = governor.lateQuorumVoteExtension();
        ghost_votingPeriod = governor.votingPeriod();
        votes.setTotalSupply(supply);
        ghost_supply = supply;
        for (uint256 i; i < VOTER_COUNT; ++i) {
            address voter = makeAddr(string.concat("voter", vm.toString(i)));
            _voters.push(voter);
            // 10%, 20%, 30% and 40% of the supply: quorum (4% at the start) comes with one vote or a few.
            uint256 weight = (supply * (i + 1)) / 10;
            votes.setVotes(voter, weight);
            ghost_weight[voter] = weight;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Proposals and time
    // ---------------------------------------------------------------------------------------------------------------

    function propose() external {
        if (_proposals.length >= MAX_PROPOSALS) return;
        address[] memory targets = new address[](1);
        targets[0] = address(GOVERNOR);
        uint256[] memory values = new uint256[](1);
        bytes[] memory calldatas = new bytes[](1);
        string memory description = string.concat("proposal ", vm.toString(_proposals.length));
        try GOVERNOR.propose(targets, values, calldatas, description) returns (uint256 proposalId) {
            _proposals.push(proposalId);
            ghost_snapshot[proposalId] = block.timestamp + 1; // the harness's voting delay
            ghost_createdDeadline[proposalId] = block.timestamp + 1 + ghost_votingPeriod;
            ghost_proposalNumerator[proposalId] = ghost_numerator;
            ghost_index[proposalId] = ++ghost_proposalCount;
            ++calls["propose"];
        } catch (bytes memory reason) {
            _violation(string.concat("propose reverted: ", vm.toString(reason)));
        }
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, MAX_WARP));
    }

    /// @notice Warps to one second before, at or after a proposal's expected deadline (if that is not in the past).
    function warpToDeadline(uint256 proposalSeed, uint256 offset) external {
        if (_proposals.length == 0) return;
        uint256 target = expectedDeadline(_proposal(proposalSeed)) + bound(offset, 0, 2) - 1;
        if (target > block.timestamp) vm.warp(target);
    }

    /// @notice Once: sets the module's proposal counter to 2 to 5 below a multiple of 256 (word 1 to 2^24 - 1), so
    /// that the next proposal's bitmap index is the last to fourth-last bit of a word and the following ones cross
    /// into the next word (the proposals made before stay in word 0).
    function jumpProposalCount(uint256 wordSeed, uint256 offsetSeed) external {
        if (ghost_jumped) return;
        ghost_jumped = true;
        uint256 count = bound(wordSeed, 1, type(uint24).max) * 256 - 2 - bound(offsetSeed, 0, 3);
        bytes32 slot = bytes32(uint256(STORAGE_BASE) + 2);
        uint256 word = uint256(vm.load(address(GOVERNOR), slot));
        vm.store(address(GOVERNOR), slot, bytes32(((word >> 32) << 32) | count));
        ghost_proposalCount = count;
        ++calls["jump"];
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Votes token
    // ---------------------------------------------------------------------------------------------------------------

    /// @param shift Scales the weight down by 2^(shift % 94), so that weights of every magnitude occur against the
    /// supply (uniform draws up to MAX_WEIGHT would almost always be of the same order).
    function setWeight(uint256 voterSeed, uint256 weight, uint8 shift) external {
        address voter = _voter(voterSeed);
        weight = bound(weight, 0, MAX_WEIGHT) >> (shift % 94);
        VOTES.setVotes(voter, weight);
        ghost_weight[voter] = weight;
    }

    /// @param shift Scales the supply down by 2^(shift % 96), as for weights.
    function setTotalSupply(uint256 supply, uint8 shift) external {
        supply = bound(supply, 0, type(uint96).max) >> (shift % 96);
        VOTES.setTotalSupply(supply);
        ghost_supply = supply;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Votes
    // ---------------------------------------------------------------------------------------------------------------

    /// @param mode One call in four (`mode % 4 == 0`) votes as the seeded voter on the seeded proposal whatever its
    /// state, which covers the reverts; the others choose the first proposal from the seeded one that is Active (per
    /// the ghosts), or else the first Pending one after a warp to just past its snapshot, and the first voter from the
    /// seeded one that has not voted on it, so that most votes land.
    /// @param supportSeed Against, For or Abstain, or one time in eight an invalid support type (3..255).
    function castVote(uint256 voterSeed, uint256 proposalSeed, uint256 supportSeed, uint8 mode) external {
        if (_proposals.length == 0) return;
        uint256 proposalId;
        address voter;
        if (mode % 4 == 0) {
            proposalId = _proposal(proposalSeed);
            voter = _voter(voterSeed);
        } else {
            proposalId = _openProposal(proposalSeed);
            voter = _newVoter(proposalId, voterSeed);
        }
        uint256 kind = bound(supportSeed, 0, 7);
        uint8 support = kind < 7 ? uint8(kind % 3) : uint8(bound(supportSeed >> 8, 3, type(uint8).max));
        _castVote(voter, proposalId, support);
    }

    /// @notice A voter votes again on an Active proposal it already voted on (the first such pair from the seeded
    /// ones), with any support: must revert with `GovernorAlreadyCastVote(voter)`.
    function doubleVote(uint256 voterSeed, uint256 proposalSeed, uint8 support) external {
        uint256 count = _proposals.length;
        for (uint256 i; i < count; ++i) {
            uint256 proposalId = _proposals[(proposalSeed + i) % count];
            if (expectedState(proposalId) != IGovernor.ProposalState.Active) continue;
            for (uint256 j; j < VOTER_COUNT; ++j) {
                address voter = _voters[(voterSeed + j) % VOTER_COUNT];
                if (!ghost_voted[proposalId][voter]) continue;
                vm.prank(voter);
                try GOVERNOR.castVote(proposalId, support) {
                    _violation(string.concat("double vote counted: ", vm.toString(voter)));
                } catch (bytes memory reason) {
                    _expectRevert(
                        reason,
                        abi.encodeWithSelector(IGovernor.GovernorAlreadyCastVote.selector, voter),
                        "doubleVote"
                    );
                }
                return;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Governance settings
    // ---------------------------------------------------------------------------------------------------------------

    /// @param tooLarge Try a value above the bound instead, which must revert and change nothing.
    function setVoteExtension(uint256 extension, bool tooLarge) external {
        uint256 max = Math.min(ghost_votingPeriod, MAX_EXTENSION_FIELD);
        extension = tooLarge ? bound(extension, max + 1, type(uint48).max) : bound(extension, 0, max);
        try GOVERNOR.setVoteExtension(uint48(extension)) {
            if (tooLarge) {
                _violation(string.concat("extension above the bound accepted: ", vm.toString(extension)));
                return;
            }
            ghost_extension = extension;
            ++calls["setVoteExtension"];
        } catch (bytes memory reason) {
            bytes memory expected =
                tooLarge
                    ? abi.encodeWithSelector(
                        IGovernorCountingPacked.GovernorPreventLateQuorumVoteExtensionTooLarge.selector,
                        extension,
                        max
                    )
                    : bytes("");
            _expectRevert(reason, expected, "setVoteExtension");
        }
    }

    /// @notice Changes the numerator of later proposals (a proposal keeps the one in force when it was made).
    function setQuorumNumerator(uint256 numerator) external {
        numerator = bound(numerator, 0, 100);
        GOVERNOR.setQuorumNumerator(numerator);
        ghost_numerator = numerator;
    }

    /// @notice Changes the voting period of later proposals (a proposal keeps its creation deadline).
    function setVotingPeriod(uint256 period) external {
        period = bound(period, 1, MAX_VOTING_PERIOD);
        GOVERNOR.setVotingPeriod(period);
        ghost_votingPeriod = period;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Views for the invariant suite
    // ---------------------------------------------------------------------------------------------------------------

    function voters() external view returns (address[] memory) {
        return _voters;
    }

    function proposals() external view returns (uint256[] memory) {
        return _proposals;
    }

    /// @notice The weight counted per support type: (against, for, abstain).
    function ghost_votes(uint256 proposalId) public view returns (uint256 against, uint256 for_, uint256 abstain) {
        uint256[3] storage tally = _ghostVotes[proposalId];
        return (tally[0], tally[1], tally[2]);
    }

    /// @notice The quorum bar of a proposal: its creation numerator applied to the current supply (the stand-in's
    /// supply at the snapshot).
    function expectedQuorum(uint256 proposalId) public view returns (uint256) {
        return Math.mulDiv(ghost_supply, ghost_proposalNumerator[proposalId], 100);
    }

    /// @notice The creation deadline, or max(creation deadline, time quorum was first reached + extension then).
    function expectedDeadline(uint256 proposalId) public view returns (uint256) {
        uint256 created = ghost_createdDeadline[proposalId];
        if (!ghost_quorumReached[proposalId]) return created;
        return Math.max(created, ghost_quorumReachedAt[proposalId] + ghost_extensionAtQuorum[proposalId]);
    }

    /// @notice Pending up to the snapshot, Active up to the expected deadline, then Succeeded when quorum (on the
    /// current bar) is reached and For is strictly over Against, Defeated otherwise.
    function expectedState(uint256 proposalId) public view returns (IGovernor.ProposalState) {
        if (block.timestamp <= ghost_snapshot[proposalId]) return IGovernor.ProposalState.Pending;
        if (block.timestamp <= expectedDeadline(proposalId)) return IGovernor.ProposalState.Active;
        (uint256 against, uint256 for_, uint256 abstain) = ghost_votes(proposalId);
        return
            expectedQuorum(proposalId) <= for_ + abstain && for_ > against
                ? IGovernor.ProposalState.Succeeded
                : IGovernor.ProposalState.Defeated;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------------------------------------------------

    function _castVote(address voter, uint256 proposalId, uint8 support) private {
        IGovernor.ProposalState state = expectedState(proposalId);
        bytes memory expected;
        if (state != IGovernor.ProposalState.Active) {
            expected = abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                proposalId,
                state,
                bytes32(1 << uint8(IGovernor.ProposalState.Active))
            );
        } else if (ghost_voted[proposalId][voter]) {
            expected = abi.encodeWithSelector(IGovernor.GovernorAlreadyCastVote.selector, voter);
        } else if (support > 2) {
            expected = abi.encodeWithSelector(IGovernor.GovernorInvalidVoteType.selector);
        }
        vm.prank(voter);
        try GOVERNOR.castVote(proposalId, support) returns (uint256 weight) {
            if (expected.length != 0) {
                _violation(string.concat("castVote counted, expected revert ", vm.toString(expected)));
                return;
            }
            if (weight != ghost_weight[voter]) {
                _violation(string.concat("castVote weight ", vm.toString(weight)));
            }
            _recordVote(voter, proposalId, support);
        } catch (bytes memory reason) {
            _expectRevert(reason, expected, "castVote");
        }
    }

    /// @dev After a counted vote: the tally, the voter's flag, and whether this vote first reached quorum (the
    /// module checks after every vote, whatever its support).
    function _recordVote(address voter, uint256 proposalId, uint8 support) private {
        _ghostVotes[proposalId][support] += ghost_weight[voter];
        ghost_voted[proposalId][voter] = true;
        ++calls["vote"];
        if (ghost_quorumReached[proposalId]) return;
        (, uint256 for_, uint256 abstain) = ghost_votes(proposalId);
        if (expectedQuorum(proposalId) > for_ + abstain) return;
        ghost_quorumReached[proposalId] = true;
        ghost_quorumReachedAt[proposalId] = block.timestamp;
        ghost_extensionAtQuorum[proposalId] = ghost_extension;
        ++calls["quorum"];
        if (block.timestamp + ghost_extension > ghost_createdDeadline[proposalId]) ++calls["extended"];
    }

    function _expectRevert(bytes memory reason, bytes memory expected, string memory action) private {
        if (expected.length != 0 && keccak256(reason) == keccak256(expected)) {
            ++calls[bytes4(reason)]; // by error selector
            return;
        }
        _violation(string.concat(action, " reverted with ", vm.toString(reason), ", expected ", vm.toString(expected)));
    }

    function _violation(string memory description) private {
        if (ghost_violations++ == 0) ghost_firstViolation = description;
    }

    function _voter(uint256 seed) private view returns (address) {
        return _voters[boundIndex(seed, VOTER_COUNT)];
    }

    function _proposal(uint256 seed) private view returns (uint256) {
        return _proposals[boundIndex(seed, _proposals.length)];
    }

    function _newVoter(uint256 proposalId, uint256 seed) private view returns (address) {
        uint256 start = boundIndex(seed, VOTER_COUNT);
        for (uint256 i; i < VOTER_COUNT; ++i) {
            address voter = _voters[(start + i) % VOTER_COUNT];
            if (!ghost_voted[proposalId][voter]) return voter;
        }
        return _voters[start];
    }

    function _openProposal(uint256 seed) private returns (uint256) {
        uint256 count = _proposals.length;
        uint256 start = boundIndex(seed, count);
        for (uint256 i; i < count; ++i) {
            uint256 proposalId = _proposals[(start + i) % count];
            if (expectedState(proposalId) == IGovernor.ProposalState.Active) return proposalId;
        }
        for (uint256 i; i < count; ++i) {
            uint256 proposalId = _proposals[(start + i) % count];
            if (expectedState(proposalId) == IGovernor.ProposalState.Pending) {
                vm.warp(ghost_snapshot[proposalId] + 1);
                return proposalId;
            }
        }
        return _proposals[start];
    }
}
