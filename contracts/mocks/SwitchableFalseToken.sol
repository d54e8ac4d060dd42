// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title SwitchableFalseToken
/// @notice TEST ONLY (failure tests). An ERC-20 whose `transfer` and `transferFrom` return false without moving
/// anything once `failing` is set, like some legacy tokens. SafeERC20 must turn that into a revert.
contract SwitchableFalseToken is ERC20 {
    bool public failing;

    constructor() ERC20("Switchable False", "SFALSE") {
        _mint(msg.sender, 1e30);
    }

    function setFailing(bool failing_) external {
        failing = failing_;
    }

    function transfer(address to, uint256 value) public override returns (bool) {
        if (failing) return false;
        return super.transfer(to, value);
    }

    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        if (failing) return false;
        return super.transferFrom(from, to, value);
    }
}
