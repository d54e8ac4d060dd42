// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IOpenGovernor
/// @notice What OpenGovernor adds to OpenZeppelin's IGovernor: hard bounds on the parameters governance can set, and
/// the quorum each proposal is held to (fixed at its creation, see `proposalQuorum`).
/// @dev Votes come from OpenStaking (active stake, delegated), on a timestamp clock: every duration is in seconds.
/// The bounds apply to the governance setters only; `initialize` accepts shorter durations so local chains can run
/// a whole proposal in minutes (production deployments pass the defaults).
interface IOpenGovernor {
    /// @notice Emitted when the voting delay changes (as OpenZeppelin's GovernorSettings).
    event VotingDelaySet(uint256 oldVotingDelay, uint256 newVotingDelay);

    /// @notice Emitted when the voting period changes (as OpenZeppelin's GovernorSettings).
    event VotingPeriodSet(uint256 oldVotingPeriod, uint256 newVotingPeriod);

    /// @notice Emitted when the proposal threshold changes (as OpenZeppelin's GovernorSettings).
    event ProposalThresholdSet(uint256 oldProposalThreshold, uint256 newProposalThreshold);

    /// @notice Governance tried to set `parameter` to `value`, outside [`min`, `max`].
    error OpenGovernorParameterOutOfBounds(bytes32 parameter, uint256 value, uint256 min, uint256 max);

    /// @notice `initialize` was given votes token `token`, but the implementation was built for `implementationToken`
    /// (the votes token is an immutable of the implementation; the proxy must be initialized with the same one).
    error OpenGovernorTokenMismatch(address implementationToken, address token);

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
}
