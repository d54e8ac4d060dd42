// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IOpenStaking} from "../interfaces/IOpenStaking.sol";

/// @title MockOpenStaking (tests only)
/// @notice Answers `operatorRole` with whatever the test set.
contract MockOpenStaking {
    mapping(address operator => IOpenStaking.OperatorRole) public operatorRole;

    function setOperatorRole(address operator, IOpenStaking.OperatorRole role) external {
        operatorRole[operator] = role;
    }
}
