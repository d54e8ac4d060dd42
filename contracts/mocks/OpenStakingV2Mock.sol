// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {OpenStaking} from "../OpenStaking.sol";

/// @title OpenStakingV2Mock
/// @notice Test-only upgrade target: OpenStaking with one extra view, to prove an upgrade through governance keeps
/// the state.
contract OpenStakingV2Mock is OpenStaking {
    /// @notice Implementation version.
    function version() external pure returns (string memory) {
        return "2";
    }
}
