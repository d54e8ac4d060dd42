// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IOpenGovernor
/// @notice What OpenGovernor adds to OpenZeppelin's IGovernor: hard bounds on the parameters governance can set.
/// @dev Votes come from OpenStaking (active stake, delegated), on a timestamp clock: every duration is in seconds.
/// The bounds apply to the governance setters only; `initialize` accepts shorter durations so local chains can run
/// a whole proposal in minutes (production deployments pass the defaults).
interface IOpenGovernor {
    /// @notice Governance tried to set `parameter` to `value`, outside [`min`, `max`].
    error OpenGovernorParameterOutOfBounds(bytes32 parameter, uint256 value, uint256 min, uint256 max);
}
