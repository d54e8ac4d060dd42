// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IERC165} from "@openzeppelin/contracts/interfaces/IERC165.sol";
import {IERC1155Receiver} from "@openzeppelin/contracts/interfaces/IERC1155Receiver.sol";
import {IERC1967} from "@openzeppelin/contracts/interfaces/IERC1967.sol";
import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";
import {IERC721Receiver} from "@openzeppelin/contracts/interfaces/IERC721Receiver.sol";
import {IERC1822Proxiable} from "@openzeppelin/contracts/interfaces/draft-IERC1822.sol";

import {IGovernorCountingPacked} from "./IGovernorCountingPacked.sol";

/// @title IOpenGovernor
/// @notice The whole external API of OpenGovernor: OpenZeppelin's IGovernor, the counting, quorum and late-quorum
/// API (IGovernorCountingPacked), and what OpenGovernor adds: bounded settings setters, the timelock, the initializer.
/// @dev Votes come from OpenStaking (active stake, delegated), on a timestamp clock: every duration is in seconds.
/// The bounds apply to the governance setters only; `initialize` accepts shorter durations so local chains can run
/// a whole proposal in minutes (production deployments pass the defaults).
/// Members of OpenZeppelin's concrete bases that no interface can declare (a public constant cannot implement an
/// interface function, an event cannot be declared twice, and `updateTimelock` takes the upgradeable
/// TimelockController type): `BALLOT_TYPEHASH`, `EXTENDED_BALLOT_TYPEHASH`, `updateTimelock(address)`,
/// `event TimelockChange(address oldTimelock, address newTimelock)`, and UUPS's `UPGRADE_INTERFACE_VERSION` and
/// `upgradeToAndCall`. The bases are listed in the order OpenZeppelin's GovernorUpgradeable inherits them, so that
/// OpenGovernor's inheritance graph linearizes.
/// @custom:security-contact security@openledger.xyz
interface IOpenGovernor is
    IERC165,
    IERC5267,
    IGovernor,
    IERC721Receiver,
    IERC1155Receiver,
    IGovernorCountingPacked,
    IERC1822Proxiable,
    IERC1967
{
    /// @notice Emitted when the voting delay changes (as OpenZeppelin's GovernorSettings).
    /// @param oldVotingDelay The previous delay (seconds).
    /// @param newVotingDelay The new delay (seconds).
    event VotingDelaySet(uint256 oldVotingDelay, uint256 newVotingDelay);

    /// @notice Emitted when the voting period changes (as OpenZeppelin's GovernorSettings).
    /// @param oldVotingPeriod The previous period (seconds).
    /// @param newVotingPeriod The new period (seconds).
    event VotingPeriodSet(uint256 oldVotingPeriod, uint256 newVotingPeriod);

    /// @notice Emitted when the proposal threshold changes (as OpenZeppelin's GovernorSettings).
    /// @param oldProposalThreshold The previous threshold (votes).
    /// @param newProposalThreshold The new threshold (votes).
    event ProposalThresholdSet(uint256 oldProposalThreshold, uint256 newProposalThreshold);

    /// @notice Governance tried to set `parameter` to `value`, outside [`min`, `max`].
    error OpenGovernorParameterOutOfBounds(bytes32 parameter, uint256 value, uint256 min, uint256 max);

    /// @notice `initialize` was given votes token `token`, but the implementation was built for `implementationToken`
    /// (the votes token is an immutable of the implementation; the proxy must be initialized with the same one).
    error OpenGovernorTokenMismatch(address implementationToken, address token);

    /// @notice Initializes the proxy. Durations are in seconds (the clock is OpenStaking's timestamp clock).
    /// @dev Reverts with `OpenGovernorTokenMismatch` unless `token_` is the implementation's votes token. Not
    /// bound-checked beyond OpenZeppelin's own checks, so that local deployments can shorten the durations.
    /// @param token_ OpenStaking (IERC5805 votes with a timestamp clock).
    /// @param timelock_ The TimelockController; the governor must be its proposer and canceller.
    /// @param initialVotingDelay Delay between a proposal and the start of its vote.
    /// @param initialVotingPeriod Length of a vote.
    /// @param initialProposalThreshold Votes needed to propose.
    /// @param initialQuorumNumerator Quorum, in percent of the votes token's total supply.
    /// @param initialLateQuorumExtension Time a proposal stays open after it reaches quorum.
    function initialize(
        IVotes token_,
        address payable timelock_,
        uint48 initialVotingDelay,
        uint32 initialVotingPeriod,
        uint256 initialProposalThreshold,
        uint256 initialQuorumNumerator,
        uint48 initialLateQuorumExtension
    ) external;

    /// @notice Sets the voting delay, within hard bounds (1 hour to 14 days). Only governance.
    /// @dev Emits `VotingDelaySet`; reverts with `OpenGovernorParameterOutOfBounds` outside the bounds.
    /// @param newVotingDelay The new delay (seconds).
    function setVotingDelay(uint48 newVotingDelay) external;

    /// @notice Sets the voting period, within hard bounds (1 to 30 days). Only governance.
    /// @dev Emits `VotingPeriodSet`; reverts with `OpenGovernorParameterOutOfBounds` outside the bounds.
    /// @param newVotingPeriod The new period (seconds).
    function setVotingPeriod(uint32 newVotingPeriod) external;

    /// @notice Sets the proposal threshold, within hard bounds (1,000 to 10,000,000 votes). Only governance.
    /// @dev Emits `ProposalThresholdSet`; reverts with `OpenGovernorParameterOutOfBounds` outside the bounds.
    /// @param newProposalThreshold The new threshold (votes, 18 decimals).
    function setProposalThreshold(uint256 newProposalThreshold) external;

    /// @notice The TimelockController that queues and executes proposals (the governor's executor).
    /// @return The timelock's address.
    function timelock() external view returns (address);

    /// @notice Relays a call from the governor itself, for assets or calls mistakenly sent to it. Only governance.
    /// @param target The contract called.
    /// @param value Native value sent along.
    /// @param data The calldata.
    function relay(address target, uint256 value, bytes calldata data) external payable;

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
