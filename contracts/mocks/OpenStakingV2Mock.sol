// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {OpenStaking} from "../OpenStaking.sol";

/// @title OpenStakingV2Mock
/// @notice Test-only upgrade target: OpenStaking with one extra view, to prove an upgrade through governance keeps
/// the state.
contract OpenStakingV2Mock is OpenStaking {
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IERC20 asset_) OpenStaking(asset_) {}

    /// @notice Implementation version.
    function version() external pure returns (string memory) {
        return "2";
    }
}
