// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IInferencePayments} from "../interfaces/IInferencePayments.sol";

/// @title PaymentsStakingStandIn
/// @notice TEST ONLY. The part of OpenStaking the payments tests touch: `stakeFor` pulls and records stakes (what the
/// NativeGateway calls), and it collects the staker fee share from InferencePayments. Never deploy it.
contract PaymentsStakingStandIn {
    using SafeERC20 for IERC20;

    // solhint-disable-next-line immutable-vars-naming
    IERC20 public immutable asset;
    mapping(address account => uint256) public staked;

    constructor(IERC20 asset_) {
        asset = asset_;
    }

    function stakeFor(address account, uint256 amount) external {
        staked[account] += amount;
        asset.safeTransferFrom(msg.sender, address(this), amount);
    }

    function collectFrom(IInferencePayments payments) external returns (uint256) {
        return payments.collectStakerFees();
    }
}
