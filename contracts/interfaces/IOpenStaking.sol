// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IOpenStaking
/// @notice Staking of the protocol asset: voting power, operator roles with a minimum self-stake, slashable stake
/// (also while unbonding), and the staker share of fees.
/// @dev Cross-contract surface used by AttributionOracle, OpenGovernor and the periphery. The implementation's owner
/// extends this interface with the staking API. All timepoints are timestamps (ERC-6372 `mode=timestamp`).
interface IOpenStaking {
    enum OperatorRole {
        None,
        AttributionOracle,
        ComputeProvider
    }

    /// @notice Role `operator` has registered for (`None` if not registered).
    function operatorRole(address operator) external view returns (OperatorRole);

    /// @notice `operator`'s own active stake counted as oracle stake at `timestamp` (zero unless it was a registered
    /// attribution oracle then). `timestamp` must be in the past.
    function getPastOracleStake(address operator, uint256 timestamp) external view returns (uint256);

    /// @notice Sum of all registered attribution oracles' active stake at `timestamp` (in the past).
    function getPastTotalOracleStake(uint256 timestamp) external view returns (uint256);

    /// @notice Slashable stake of `operator` now: active plus unbonding.
    function slashableStake(address operator) external view returns (uint256);

    /// @notice Takes up to `amount` of `operator`'s stake, active first then unbonding, and transfers it to
    /// `recipient`. Returns what was actually slashed (less than `amount` when the stake is smaller).
    /// @dev Only the slasher role (AttributionOracle).
    function slash(address operator, uint256 amount, address recipient) external returns (uint256 slashed);

    /// @notice Stakes `amount` of the asset, pulled from the caller, on behalf of `account`.
    function stakeFor(address account, uint256 amount) external;
}
