// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IInferencePayments} from "../interfaces/IInferencePayments.sol";
import {IOpenStaking} from "../interfaces/IOpenStaking.sol";

/// @title StakingStandIn
/// @notice TEST ONLY. A stand-in for OpenStaking (written in parallel): `stakeFor` pulls and records stakes, and it
/// can collect the staker fee share from InferencePayments. Everything else returns zero. Never deploy it.
contract StakingStandIn is IOpenStaking {
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

    function operatorRole(address) external pure returns (OperatorRole) {
        return OperatorRole.None;
    }

    function getPastOracleStake(address, uint256) external pure returns (uint256) {
        return 0;
    }

    function getPastTotalOracleStake(uint256) external pure returns (uint256) {
        return 0;
    }

    function slashableStake(address) external pure returns (uint256) {
        return 0;
    }

    function slash(address, uint256, address) external pure returns (uint256) {
        return 0;
    }
}
