// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @title MockFeeSource
/// @notice Test stand-in for InferencePayments' fee collection: holds accrued staker and protocol fees and transfers
/// them to whoever collects (staking or treasury). Tests fund it with `accrue*`.
contract MockFeeSource {
    using SafeERC20 for IERC20;

    IERC20 public immutable ASSET;
    uint256 public accruedStakerFees;
    uint256 public accruedProtocolFees;
    uint256 public stakerCollections;

    constructor(IERC20 asset_) {
        ASSET = asset_;
    }

    function accrueStakerFees(uint256 amount) external {
        ASSET.safeTransferFrom(msg.sender, address(this), amount);
        accruedStakerFees += amount;
    }

    function accrueProtocolFees(uint256 amount) external {
        ASSET.safeTransferFrom(msg.sender, address(this), amount);
        accruedProtocolFees += amount;
    }

    function collectStakerFees() external returns (uint256 amount) {
        ++stakerCollections;
        amount = accruedStakerFees;
        accruedStakerFees = 0;
        if (amount != 0) ASSET.safeTransfer(msg.sender, amount);
    }

    function collectProtocolFees() external returns (uint256 amount) {
        amount = accruedProtocolFees;
        accruedProtocolFees = 0;
        if (amount != 0) ASSET.safeTransfer(msg.sender, amount);
    }
}
