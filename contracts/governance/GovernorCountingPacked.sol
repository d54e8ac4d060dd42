// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {GovernorUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/GovernorUpgradeable.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IGovernorCountingPacked} from "../interfaces/IGovernorCountingPacked.sol";

/// @title GovernorCountingPacked
/// @notice Simple three-option vote counting (Governor Bravo's Against / For / Abstain; quorum counts For and
/// Abstain), a quorum fraction of the votes token's supply and late-quorum protection, with the external API of
/// OpenZeppelin's GovernorCountingSimple, GovernorVotesQuorumFraction (less `quorumNumerator(timepoint)`) and
/// GovernorPreventLateQuorum, in a storage layout that makes a vote cheap. Each proposal fixes its quorum numerator
/// when it is created. The governor provides the votes token (`token()`) and `_getVotes`.
/// @dev Layout (ERC-7201 namespace `openledger.storage.GovernorCountingPacked`), for the castVote gas target
/// (docs/decisions/0147):
/// - per proposal, two slots written when the proposal is created, so that no vote ever writes a zero slot:
///   slot A = { uint96 forVotes; uint96 abstainVotes; uint32 index; uint8 quorumNumerator; uint24 lateQuorum }
///   (read by every state check for the deadline and by every vote, written by For and Abstain votes and by the vote
///   that reaches quorum, and holding everything the quorum check reads but the supply);
///   slot B = { uint96 againstVotes; bool created } (written by Against votes; `created` keeps it non-zero);
/// - per voter, one bitmap of the proposals voted on: bit `index & 0xff` of word `index >> 8`, where `index` is the
///   proposal's creation number (1, 2, ...). A voter who voted on any earlier proposal of the same 256-proposal window
///   rewrites a non-zero word instead of creating a slot.
/// Tallies are uint96: the votes token (OpenStaking) keeps every stake and its total supply in uint96, so no tally can
/// exceed it; additions are still checked (SafeCast) and revert on overflow.
/// Quorum: `proposalQuorum(id)` = the numerator stored at creation * the token's total supply at the proposal's
/// snapshot / `quorumDenominator()`. OpenZeppelin's GovernorVotesQuorumFraction uses the numerator in force at the
/// snapshot instead; the two differ only when a numerator change is executed during a proposal's voting delay, which
/// here does not move the bar of a proposal already made. Since no proposal reads a past numerator, none is kept (the
/// numerator lives in this namespace, docs/decisions/0280): `quorum(timepoint)` applies the current numerator to the
/// supply at `timepoint`.
/// Late quorum, as OpenZeppelin's GovernorPreventLateQuorum: the vote that first reaches quorum sets the deadline to
/// at least `clock() + lateQuorumVoteExtension()` (emitting `ProposalExtended` when that moves it). `lateQuorum` is 0
/// until quorum is reached, then 1 + how far the deadline moved past the one set at creation (0 when quorum came
/// early enough). Quorum is first reached no later than the creation deadline, so the move is at most the extension,
/// which is capped below 2^24 - 1 seconds (about 194 days; OpenZeppelin caps it at the voting period, too).
/// This module is not an upgrade target for a governor that already has proposals counted by another module: those
/// have no tally slots here (`index` 0), and votes on them revert with `GovernorNonexistentProposal`.
/// @custom:security-contact security@openledger.xyz
abstract contract GovernorCountingPacked is GovernorUpgradeable, IGovernorCountingPacked {
    using SafeCast for uint256;

    /// @notice Supported vote types, in Governor Bravo's order.
    enum VoteType {
        Against,
        For,
        Abstain
    }

    struct ProposalTally {
        // Slot A.
        uint96 forVotes;
        uint96 abstainVotes;
        uint32 index;
        uint8 quorumNumerator;
        uint24 lateQuorum;
        // Slot B.
        uint96 againstVotes;
        bool created;
    }

    /// @custom:storage-location erc7201:openledger.storage.GovernorCountingPacked
    struct GovernorCountingPackedStorage {
        mapping(uint256 proposalId => ProposalTally) tallies;
        mapping(address voter => mapping(uint256 word => uint256 bits)) voted;
        /// Number of proposals created; the latest proposal's index.
        uint32 proposalCount;
        /// Time a proposal stays open after it reaches quorum (seconds).
        uint48 voteExtension;
        /// Quorum numerator in force for new proposals (percent of the votes token's total supply).
        uint8 quorumNumerator;
    }

    /// @dev Largest late-quorum extension the 24-bit `lateQuorum` field holds (it stores 1 + the deadline's move).
    uint256 private constant _MAX_EXTENSION_FIELD = type(uint24).max - 1;

    /// @dev Quorum numerators are percentages.
    uint256 private constant _QUORUM_DENOMINATOR = 100;

    // keccak256(abi.encode(uint256(keccak256("openledger.storage.GovernorCountingPacked")) - 1))
    //     & ~bytes32(uint256(0xff))
    bytes32 private constant GOVERNOR_COUNTING_PACKED_STORAGE =
        0x07a1870119da96b2058279854a4542bf4c223b2bc123d41a4ede1a3dbabf0000;

    function _getGovernorCountingPackedStorage() private pure returns (GovernorCountingPackedStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := GOVERNOR_COUNTING_PACKED_STORAGE
        }
    }

    /// @param initialQuorumNumerator Quorum in percent of the votes token's total supply (at most 100).
    /// @param initialVoteExtension Time a proposal stays open after it reaches quorum (seconds).
    // solhint-disable-next-line func-name-mixedcase
    function __GovernorCountingPacked_init(
        uint256 initialQuorumNumerator,
        uint48 initialVoteExtension
    ) internal onlyInitializing {
        _updateQuorumNumerator(initialQuorumNumerator);
        _setLateQuorumVoteExtension(initialVoteExtension);
    }

    /// @inheritdoc IGovernorCountingPacked
    function token() public view virtual override returns (IERC5805);

    /// @inheritdoc IGovernor
    // solhint-disable-next-line func-name-mixedcase
    function COUNTING_MODE() public pure virtual override returns (string memory) {
        return "support=bravo&quorum=for,abstain";
    }

    /// @inheritdoc IGovernor
    function hasVoted(uint256 proposalId, address account) public view virtual override returns (bool) {
        GovernorCountingPackedStorage storage $ = _getGovernorCountingPackedStorage();
        uint256 index = $.tallies[proposalId].index;
        return index != 0 && $.voted[account][index >> 8] & (1 << (index & 0xff)) != 0;
    }

    /// @inheritdoc IGovernorCountingPacked
    function proposalVotes(
        uint256 proposalId
    ) public view virtual override returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes) {
        ProposalTally storage tally = _getGovernorCountingPackedStorage().tallies[proposalId];
        return (tally.againstVotes, tally.forVotes, tally.abstainVotes);
    }

    /// @inheritdoc IGovernorCountingPacked
    function proposalQuorum(uint256 proposalId) public view virtual override returns (uint256) {
        ProposalTally storage tally = _getGovernorCountingPackedStorage().tallies[proposalId];
        if (tally.index == 0) revert GovernorNonexistentProposal(proposalId);
        return _proposalQuorum(proposalId, tally.quorumNumerator);
    }

    /// @dev Creates the proposal's tally slots (see the contract's header) after the Governor's own checks.
    function _propose(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        string memory description,
        address proposer
    ) internal virtual override returns (uint256 proposalId) {
        proposalId = super._propose(targets, values, calldatas, description, proposer);
        GovernorCountingPackedStorage storage $ = _getGovernorCountingPackedStorage();
        ProposalTally storage tally = $.tallies[proposalId];
        // Both slots are still zero (the Governor refuses an existing proposal id): set the non-zero fields only.
        tally.index = ++$.proposalCount;
        tally.quorumNumerator = $.quorumNumerator;
        tally.created = true;
    }

    /// @notice The proposal's deadline: the one set at creation, or later if it reached quorum late.
    function proposalDeadline(
        uint256 proposalId
    ) public view virtual override(GovernorUpgradeable, IGovernor) returns (uint256) {
        uint256 deadline = super.proposalDeadline(proposalId);
        uint256 lateQuorum = _getGovernorCountingPackedStorage().tallies[proposalId].lateQuorum;
        return lateQuorum == 0 ? deadline : deadline + lateQuorum - 1;
    }

    /// @inheritdoc IGovernorCountingPacked
    function quorumNumerator() public view virtual override returns (uint256) {
        return _getGovernorCountingPackedStorage().quorumNumerator;
    }

    /// @inheritdoc IGovernorCountingPacked
    function quorumDenominator() public pure virtual override returns (uint256) {
        return _QUORUM_DENOMINATOR;
    }

    /// @notice The current quorum numerator applied to the votes token's total supply at `timepoint`.
    /// @dev OpenZeppelin's GovernorVotesQuorumFraction keeps the numerator's history and applies the one in force at
    /// `timepoint`; here no proposal reads this view (each holds the numerator fixed at its creation, see
    /// `proposalQuorum`), so no history is kept.
    function quorum(uint256 timepoint) public view virtual override(GovernorUpgradeable, IGovernor) returns (uint256) {
        return _quorumOf(token().getPastTotalSupply(timepoint), _getGovernorCountingPackedStorage().quorumNumerator);
    }

    /// @inheritdoc IGovernorCountingPacked
    function updateQuorumNumerator(uint256 newQuorumNumerator) public virtual override onlyGovernance {
        _updateQuorumNumerator(newQuorumNumerator);
    }

    /// @dev Reverts above the denominator (100).
    function _updateQuorumNumerator(uint256 newQuorumNumerator) internal virtual {
        if (newQuorumNumerator > _QUORUM_DENOMINATOR) {
            revert GovernorInvalidQuorumFraction(newQuorumNumerator, _QUORUM_DENOMINATOR);
        }
        GovernorCountingPackedStorage storage $ = _getGovernorCountingPackedStorage();
        emit QuorumNumeratorUpdated($.quorumNumerator, newQuorumNumerator);
        // At most 100 (checked above): fits 8 bits.
        $.quorumNumerator = uint8(newQuorumNumerator);
    }

    /// @inheritdoc IGovernorCountingPacked
    function lateQuorumVoteExtension() public view virtual override returns (uint48) {
        return _getGovernorCountingPackedStorage().voteExtension;
    }

    /// @inheritdoc IGovernorCountingPacked
    function setLateQuorumVoteExtension(uint48 newVoteExtension) public virtual override onlyGovernance {
        _setLateQuorumVoteExtension(newVoteExtension);
    }

    /// @dev Reverts above the smaller of the voting period (OpenZeppelin's bound) and what `lateQuorum` holds.
    function _setLateQuorumVoteExtension(uint48 newVoteExtension) internal virtual {
        uint256 max = Math.min(votingPeriod(), _MAX_EXTENSION_FIELD);
        if (newVoteExtension > max) revert GovernorPreventLateQuorumVoteExtensionTooLarge(newVoteExtension, max);
        GovernorCountingPackedStorage storage $ = _getGovernorCountingPackedStorage();
        emit LateQuorumVoteExtensionSet($.voteExtension, newVoteExtension);
        $.voteExtension = newVoteExtension;
    }

    /// @dev After each vote: the vote that first reaches quorum moves the deadline to at least
    /// `clock() + lateQuorumVoteExtension()` and records that quorum was reached (`lateQuorum` != 0).
    function _tallyUpdated(uint256 proposalId) internal virtual override {
        super._tallyUpdated(proposalId);
        GovernorCountingPackedStorage storage $ = _getGovernorCountingPackedStorage();
        ProposalTally storage tally = $.tallies[proposalId];
        if (tally.lateQuorum != 0 || !_quorumReached(proposalId)) return;
        uint256 deadline = super.proposalDeadline(proposalId);
        uint256 extended = uint256(clock()) + $.voteExtension;
        if (extended > deadline) {
            emit ProposalExtended(proposalId, uint64(extended));
            // Votes are only counted up to the creation deadline while lateQuorum is 0, so the move is at most the
            // extension, which is at most _MAX_EXTENSION_FIELD: 1 + the move fits 24 bits.
            tally.lateQuorum = uint24(extended - deadline + 1);
        } else {
            tally.lateQuorum = 1;
        }
    }

    /// @inheritdoc GovernorUpgradeable
    function _quorumReached(uint256 proposalId) internal view virtual override returns (bool) {
        ProposalTally storage tally = _getGovernorCountingPackedStorage().tallies[proposalId];
        return _proposalQuorum(proposalId, tally.quorumNumerator) <= uint256(tally.forVotes) + tally.abstainVotes;
    }

    /// @dev For must be strictly over Against, as in GovernorCountingSimple.
    function _voteSucceeded(uint256 proposalId) internal view virtual override returns (bool) {
        ProposalTally storage tally = _getGovernorCountingPackedStorage().tallies[proposalId];
        return tally.forVotes > tally.againstVotes;
    }

    /// @dev `support` follows `VoteType`; params are ignored, as in GovernorCountingSimple. Counts the whole weight.
    function _countVote(
        uint256 proposalId,
        address account,
        uint8 support,
        uint256 totalWeight,
        bytes memory // params
    ) internal virtual override returns (uint256) {
        GovernorCountingPackedStorage storage $ = _getGovernorCountingPackedStorage();
        ProposalTally storage tally = $.tallies[proposalId];
        uint256 index = tally.index;
        if (index == 0) revert GovernorNonexistentProposal(proposalId);

        mapping(uint256 word => uint256 bits) storage voted = $.voted[account];
        uint256 bit = 1 << (index & 0xff);
        uint256 bits = voted[index >> 8];
        if (bits & bit != 0) revert GovernorAlreadyCastVote(account);
        voted[index >> 8] = bits | bit;

        if (support == uint8(VoteType.Against)) {
            tally.againstVotes = (tally.againstVotes + totalWeight).toUint96();
        } else if (support == uint8(VoteType.For)) {
            tally.forVotes = (tally.forVotes + totalWeight).toUint96();
        } else if (support == uint8(VoteType.Abstain)) {
            tally.abstainVotes = (tally.abstainVotes + totalWeight).toUint96();
        } else {
            revert GovernorInvalidVoteType();
        }
        return totalWeight;
    }

    function _proposalQuorum(uint256 proposalId, uint256 numerator) private view returns (uint256) {
        return _quorumOf(token().getPastTotalSupply(proposalSnapshot(proposalId)), numerator);
    }

    /// @dev Checked product: a numerator is at most 100, so only a supply above 2^256 / 100 could overflow (the
    /// votes token keeps it in uint96); OpenZeppelin's 512-bit mulDiv is not needed.
    function _quorumOf(uint256 supply, uint256 numerator) private pure returns (uint256) {
        return (supply * numerator) / _QUORUM_DENOMINATOR;
    }
}
