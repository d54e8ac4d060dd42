// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// TEST-ONLY STAND-IN for InferencePayments, implementing only the interface functions AttributionOracle and
// RewardDistributor use. It exists until the real InferencePayments lands on main (the attribution tests then move to
// it; OpenStaking, ModelRegistry and DatanetRegistry are already the real ones). Never deploy.

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @notice Stand-in for IInferencePayments: epochs, a settable funded total, and release to the caller.
contract PaymentsStandIn {
    using SafeERC20 for IERC20;

    IERC20 public immutable asset;
    uint64 public immutable epochGenesis;
    uint64 public immutable epochLength;
    uint256 public totalAttributionFunded;
    uint256 public totalAttributionReleased;

    constructor(IERC20 asset_, uint64 genesis, uint64 length) {
        asset = asset_;
        epochGenesis = genesis;
        epochLength = length;
    }

    /// @notice Pulls `amount` from the caller into the attribution pools.
    function fund(uint256 amount) external {
        asset.safeTransferFrom(msg.sender, address(this), amount);
        totalAttributionFunded += amount;
    }

    function currentEpoch() external view returns (uint64) {
        return uint64((block.timestamp - epochGenesis) / epochLength);
    }

    function releaseAttributionFunds(uint256 cumulativeTotal) external returns (uint256 released) {
        require(cumulativeTotal <= totalAttributionFunded, "above funded");
        if (cumulativeTotal <= totalAttributionReleased) return 0;
        released = cumulativeTotal - totalAttributionReleased;
        totalAttributionReleased = cumulativeTotal;
        asset.safeTransfer(msg.sender, released);
    }
}
