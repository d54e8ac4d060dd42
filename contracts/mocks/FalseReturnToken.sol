// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title FalseReturnToken (tests only)
/// @notice An ERC-20 that, once `setFail(true)`, returns false from `transfer` and `transferFrom` without moving
/// anything (the failure mode SafeERC20 must turn into a revert).
contract FalseReturnToken is ERC20 {
    bool public fail;

    constructor(address holder, uint256 supply) ERC20("False Return Token", "FALSE") {
        _mint(holder, supply);
    }

    function setFail(bool fail_) external {
        fail = fail_;
    }

    function transfer(address to, uint256 value) public override returns (bool) {
        if (fail) return false;
        return super.transfer(to, value);
    }

    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        if (fail) return false;
        return super.transferFrom(from, to, value);
    }
}
