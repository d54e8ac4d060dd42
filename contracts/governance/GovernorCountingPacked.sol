// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/* solhint-disable max-line-length */
import {GovernorUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/GovernorUpgradeable.sol";
import {GovernorVotesQuorumFractionUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorVotesQuorumFractionUpgradeable.sol";
/* solhint-enable max-line-length */
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @title GovernorCountingPacked
/// @notice Simple three-option vote counting (Governor Bravo's Against / For / Abstain; quorum counts For and
/// Abstain), with the same external API as OpenZeppelin's GovernorCountingSimple, in a storage layout that makes a
/// vote cheap. Each proposal fixes its quorum numerator when it is created.
/// @dev Layout (ERC-7201 namespace `openledger.storage.GovernorCountingPacked`), for the castVote gas target
/// (docs/decisions/0147):
/// - per proposal, two slots written when the proposal is created, so that no vote ever writes a zero slot:
///   slot A = { uint96 forVotes; uint96 abstainVotes; uint48 index; uint16 quorumNumerator } (read by every vote for
///   the index, written by For and Abstain votes, and holding everything the quorum check reads but the supply);
///   slot B = { uint96 againstVotes; bool created } (written by Against votes; `created` keeps it non-zero);
/// - per voter, one bitmap of the proposals voted on: bit `index & 0xff` of word `index >> 8`, where `index` is the
///   proposal's creation number (1, 2, ...). A voter who voted on any earlier proposal of the same 256-proposal window
///   rewrites a non-zero word instead of creating a slot.
/// Tallies are uint96: the votes token (OpenStaking) keeps every stake and its total supply in uint96, so no tally can
/// exceed it; additions are still checked (SafeCast) and revert on overflow.
/// Quorum: `proposalQuorum(id)` = the numerator stored at creation * the token's total supply at the proposal's
/// snapshot / `quorumDenominator()`. OpenZeppelin's GovernorVotesQuorumFraction uses the numerator in force at the
/// snapshot instead; the two differ only when a numerator change is executed during a proposal's voting delay, which
/// here does not move the bar of a proposal already made. `quorum(timepoint)` keeps OpenZeppelin's definition.
/// This module is not an upgrade target for a governor that already has proposals counted by another module: those
/// have no tally slots here (`index` 0), and votes on them revert with `GovernorNonexistentProposal`.
abstract contract GovernorCountingPacked is GovernorVotesQuorumFractionUpgradeable {
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
        uint48 index;
        uint16 quorumNumerator;
        // Slot B.
        uint96 againstVotes;
        bool created;
    }

    /// @custom:storage-location erc7201:openledger.storage.GovernorCountingPacked
    struct GovernorCountingPackedStorage {
        mapping(uint256 proposalId => ProposalTally) tallies;
        mapping(address voter => mapping(uint256 word => uint256 bits)) voted;
        /// Number of proposals created; the latest proposal's index.
        uint48 proposalCount;
    }

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

    // solhint-disable-next-line func-name-mixedcase
    function __GovernorCountingPacked_init() internal onlyInitializing {}

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

    /// @notice The votes cast on `proposalId` so far, by type (zeros for an unknown proposal).
    /// @return againstVotes Weight voted Against.
    /// @return forVotes Weight voted For.
    /// @return abstainVotes Weight voted Abstain.
    function proposalVotes(
        uint256 proposalId
    ) public view virtual returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes) {
        ProposalTally storage tally = _getGovernorCountingPackedStorage().tallies[proposalId];
        return (tally.againstVotes, tally.forVotes, tally.abstainVotes);
    }

    /// @notice The For + Abstain weight `proposalId` needs to reach quorum: the quorum numerator in force when the
    /// proposal was created, applied to the votes token's total supply at the proposal's snapshot.
    /// @dev Reverts with `GovernorNonexistentProposal` for an unknown proposal, and (the token's own error) while the
    /// proposal is pending, since its snapshot is not in the past yet.
    function proposalQuorum(uint256 proposalId) public view virtual returns (uint256) {
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
        uint48 index = ++$.proposalCount;
        $.tallies[proposalId] = ProposalTally({
            forVotes: 0,
            abstainVotes: 0,
            index: index,
            quorumNumerator: quorumNumerator().toUint16(),
            againstVotes: 0,
            created: true
        });
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
        return Math.mulDiv(token().getPastTotalSupply(proposalSnapshot(proposalId)), numerator, quorumDenominator());
    }
}
