// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IDatanetRegistry} from "@openledger/contracts/interfaces/IDatanetRegistry.sol";
import {IOpenStaking} from "@openledger/contracts/interfaces/IOpenStaking.sol";
import {IRewardDistributor} from "@openledger/contracts/interfaces/IRewardDistributor.sol";

/// @title RewardsStaker
/// @notice An example data-contributor vault: it contributes to Datanets under its own address, claims the attribution
/// rewards its contributions earn, and stakes them in OpenStaking in the same transaction.
contract RewardsStaker {
    using SafeERC20 for IERC20;

    IDatanetRegistry public immutable datanets;
    IRewardDistributor public immutable distributor;
    IOpenStaking public immutable staking;
    IERC20 public immutable asset;
    address public immutable controller;

    error NotController(address caller);

    event ClaimedAndStaked(uint256 amount);

    constructor(IDatanetRegistry datanets_, IRewardDistributor distributor_, IOpenStaking staking_, IERC20 asset_) {
        datanets = datanets_;
        distributor = distributor_;
        staking = staking_;
        asset = asset_;
        controller = msg.sender;
    }

    /// @notice Contributes content to a Datanet with no bond. Only the controller.
    function contribute(uint256 datanetId, bytes32 contentHash, string calldata uri) external returns (uint256 id) {
        if (msg.sender != controller) revert NotController(msg.sender);
        id = datanets.contribute(datanetId, contentHash, uri);
    }

    /// @notice Claims this vault's rewards with `proof` (from the SDK's getClaim) and stakes what was paid.
    function claimAndStake(uint256 cumulativeAmount, bytes32[] calldata proof) external returns (uint256 paid) {
        uint256 before = asset.balanceOf(address(this));
        distributor.claim(address(this), cumulativeAmount, proof);
        paid = asset.balanceOf(address(this)) - before;
        asset.forceApprove(address(staking), paid);
        staking.stake(paid);
        emit ClaimedAndStaked(paid);
    }
}
