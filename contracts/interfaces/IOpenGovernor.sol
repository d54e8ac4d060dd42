// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC1967} from "@openzeppelin/contracts/interfaces/IERC1967.sol";
import {IERC1822Proxiable} from "@openzeppelin/contracts/interfaces/draft-IERC1822.sol";

/// @title IOpenGovernor
/// @notice What OpenGovernor adds to OpenZeppelin's IGovernor: hard bounds on the parameters governance can set, and
/// the quorum each proposal is held to (fixed at its creation, see `proposalQuorum`).
/// @dev Votes come from OpenStaking (active stake, delegated), on a timestamp clock: every duration is in seconds.
/// The bounds apply to the governance setters only; `initialize` accepts shorter durations so local chains can run
/// a whole proposal in minutes (production deployments pass the defaults).
/// @custom:security-contact security@openledger.xyz
interface IOpenGovernor is IERC1822Proxiable, IERC1967 {
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

    // ---------------------------------------------------------------- constants, role ids, initializer

    /// @notice Default delay between a proposal and the start of its vote.
    function DEFAULT_VOTING_DELAY() external view returns (uint48);

    /// @notice Default length of a vote.
    function DEFAULT_VOTING_PERIOD() external view returns (uint32);

    /// @notice Default votes needed to propose.
    function DEFAULT_PROPOSAL_THRESHOLD() external view returns (uint256);

    /// @notice Default quorum, in percent of the total active stake at the proposal's snapshot.
    function DEFAULT_QUORUM_NUMERATOR() external view returns (uint256);

    /// @notice Default extension of a vote when quorum is reached late.
    function DEFAULT_LATE_QUORUM_EXTENSION() external view returns (uint48);
}
