// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IInferencePayments
/// @notice Pays for inference in the protocol asset and splits every payment in O(1): protocol treasury, stakers,
/// the model's attribution pool of the current epoch, and the model owner (or its share holders).
/// @dev Cross-contract surface used by OpenStaking, Treasury, ModelShares, AttributionOracle and RewardDistributor.
/// Epochs are fixed-length windows of timestamps: `epoch(t) = (t - genesis) / epochLength`, numbered from 0.
/// The implementation's owner extends this interface with the payment API.
interface IInferencePayments {
    /// @notice Timestamp at which epoch 0 starts.
    function epochGenesis() external view returns (uint64);

    /// @notice Length of one epoch in seconds (fixed at initialization).
    function epochLength() external view returns (uint64);

    /// @notice The epoch that contains the current block's timestamp.
    function currentEpoch() external view returns (uint64);

    /// @notice Asset paid into `modelId`'s attribution pool during `epoch`.
    function attributionPool(uint256 modelId, uint64 epoch) external view returns (uint256);

    /// @notice Everything ever paid into attribution pools (all models, all epochs).
    function totalAttributionFunded() external view returns (uint256);

    /// @notice Everything already released to the RewardDistributor.
    function totalAttributionReleased() external view returns (uint256);

    /// @notice Transfers `cumulativeTotal - totalAttributionReleased()` to the caller.
    /// @dev Only the reward distributor role. Reverts if `cumulativeTotal` exceeds `totalAttributionFunded()`;
    /// does nothing when it is not above what was already released.
    function releaseAttributionFunds(uint256 cumulativeTotal) external returns (uint256 released);

    /// @notice Transfers the accrued protocol share to the treasury. Anyone may call.
    function collectProtocolFees() external returns (uint256 amount);

    /// @notice Transfers the accrued staker share to the staking contract. Only the staking contract.
    function collectStakerFees() external returns (uint256 amount);

    /// @notice Transfers `modelId`'s accrued owner revenue to `IModelRegistry.revenueRecipient(modelId)`.
    /// Anyone may call; the funds only ever go to the revenue recipient.
    function collectModelRevenue(uint256 modelId) external returns (uint256 amount);
}
