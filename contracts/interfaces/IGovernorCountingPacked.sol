// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";

/// @title IGovernorCountingPacked
/// @notice The counting, quorum and late-quorum API of OpenLedger's governor, with the names and shapes of
/// OpenZeppelin's GovernorCountingSimple, GovernorVotesQuorumFraction (less `quorumNumerator(timepoint)`) and
/// GovernorPreventLateQuorum, plus `proposalQuorum`: the quorum each proposal is held to, fixed at its creation.
/// @dev Votes are counted Governor Bravo's way: Against (0), For (1), Abstain (2); quorum counts For and Abstain.
/// @custom:security-contact security@openledger.xyz
interface IGovernorCountingPacked is IGovernor {
    /// @notice Emitted when a proposal's deadline moves because it reached quorum late (as OpenZeppelin's
    /// GovernorPreventLateQuorum).
    /// @param proposalId The proposal whose vote was extended.
    /// @param extendedDeadline The proposal's new deadline (seconds, the governor's clock).
    event ProposalExtended(uint256 indexed proposalId, uint64 extendedDeadline);

    /// @notice Emitted when the late-quorum vote extension changes (as OpenZeppelin's GovernorPreventLateQuorum).
    /// @param oldVoteExtension The previous extension (seconds).
    /// @param newVoteExtension The new extension (seconds).
    event LateQuorumVoteExtensionSet(uint64 oldVoteExtension, uint64 newVoteExtension);

    /// @notice Emitted when the quorum numerator changes (as OpenZeppelin's GovernorVotesQuorumFraction).
    /// @param oldQuorumNumerator The previous numerator (percent).
    /// @param newQuorumNumerator The new numerator (percent), for proposals created from now on.
    event QuorumNumeratorUpdated(uint256 oldQuorumNumerator, uint256 newQuorumNumerator);

    /// @notice The quorum numerator is above the denominator (as OpenZeppelin's GovernorVotesQuorumFraction).
    error GovernorInvalidQuorumFraction(uint256 quorumNumerator, uint256 quorumDenominator);

    /// @notice The late-quorum vote extension is above its maximum (as OpenZeppelin's GovernorPreventLateQuorum).
    error GovernorPreventLateQuorumVoteExtensionTooLarge(uint256 newVoteExtension, uint256 maxVoteExtension);

    /// @notice The votes token whose past total supply sets the quorum.
    /// @return The votes token (IERC5805, whose clock is the governor's).
    function token() external view returns (IERC5805);

    /// @notice The votes cast on `proposalId` so far, by type (zeros for an unknown proposal).
    /// @param proposalId The proposal.
    /// @return againstVotes Weight voted Against.
    /// @return forVotes Weight voted For.
    /// @return abstainVotes Weight voted Abstain.
    function proposalVotes(
        uint256 proposalId
    ) external view returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes);

    /// @notice The For + Abstain weight that `proposalId` needs to reach quorum: the quorum numerator in force when the
    /// proposal was created (a later `updateQuorumNumerator` does not change it), times the votes token's total supply
    /// at the proposal's snapshot, divided by `quorumDenominator()` (100).
    /// @dev Differs from OpenZeppelin's `quorum(proposalSnapshot(proposalId))`, which takes the numerator in force at
    /// the snapshot, only when a numerator change was executed during the proposal's voting delay. Reverts with
    /// `GovernorNonexistentProposal` for an unknown proposal, and with the token's `ERC5805FutureLookup` while the
    /// proposal is pending (its snapshot is not in the past yet).
    /// @param proposalId The proposal.
    /// @return The weight of For + Abstain votes at or above which the proposal has reached quorum.
    function proposalQuorum(uint256 proposalId) external view returns (uint256);

    /// @notice The quorum numerator in force for proposals created from now on (percent).
    /// @return The numerator.
    function quorumNumerator() external view returns (uint256);

    /// @notice The quorum denominator: numerators are percentages.
    /// @return 100.
    function quorumDenominator() external view returns (uint256);

    /// @notice Sets the quorum numerator of proposals created from now on. Only governance.
    /// @dev Emits `QuorumNumeratorUpdated`; reverts with `GovernorInvalidQuorumFraction` above the denominator.
    /// @param newQuorumNumerator The new numerator (percent).
    function updateQuorumNumerator(uint256 newQuorumNumerator) external;

    /// @notice Time a proposal stays open after it reaches quorum (seconds).
    /// @return The extension.
    function lateQuorumVoteExtension() external view returns (uint48);

    /// @notice Sets the late-quorum vote extension. Only governance.
    /// @dev Emits `LateQuorumVoteExtensionSet`; reverts with `GovernorPreventLateQuorumVoteExtensionTooLarge` above
    /// the smaller of the voting period and what a proposal's packed tally holds.
    /// @param newVoteExtension The new extension (seconds).
    function setLateQuorumVoteExtension(uint48 newVoteExtension) external;
}
