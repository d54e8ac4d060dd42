// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IStakeGuard
/// @notice What OpenStaking asks before stake that weighed in attribution reports may leave (AttributionOracle).
/// @custom:security-contact security@openledger.xyz
interface IStakeGuard {
    /// @notice Whether every report weighed at a snapshot before `timestamp` is finalized or skipped.
    function reportsSettledBefore(uint256 timestamp) external view returns (bool);

    /// @notice How long after acceptance a report can still be disputed and ruled on.
    function disputeHorizon() external view returns (uint256);
}
