// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// solhint-disable immutable-vars-naming

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IModelRegistry} from "../interfaces/IModelRegistry.sol";

/// @title MockInferencePayments (tests only)
/// @notice Stands in for InferencePayments' `collectModelRevenue`: revenue is accrued with `accrue` and paid to the
/// model's revenue recipient on collect, exactly as the real contract's collect does.
contract MockInferencePayments {
    using SafeERC20 for IERC20;

    IERC20 public immutable asset;
    IModelRegistry public immutable registry;
    mapping(uint256 modelId => uint256) public accrued;
    /// @notice What ModelRegistry reads to size the notice of a scheduled share change (the real defaults).
    uint32 public escrowNoticePeriod = 2 days;
    uint64 public epochLength = 1 days;

    constructor(IERC20 asset_, IModelRegistry registry_) {
        asset = asset_;
        registry = registry_;
    }

    /// @notice Pulls `amount` from the caller as owner revenue of `modelId`.
    function accrue(uint256 modelId, uint256 amount) external {
        accrued[modelId] += amount;
        asset.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @notice Pays `modelId`'s accrued revenue to its revenue recipient.
    function collectModelRevenue(uint256 modelId) external returns (uint256 amount) {
        amount = accrued[modelId];
        accrued[modelId] = 0;
        if (amount != 0) asset.safeTransfer(registry.revenueRecipient(modelId), amount);
    }
}
