// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Receives a callback on every transfer of CallbackToken.
interface ITokenReceiverHook {
    function onTokenReceived(address from, uint256 value) external;
}

/// @title CallbackToken
/// @notice TEST ONLY (hostile-token tests). An ERC-20 with an ERC-777-style hook: after every transfer to a contract
/// to a recipient registered with `setHooked` it calls `onTokenReceived` on it and bubbles any revert, so a recipient
/// can try to re-enter the payer.
contract CallbackToken is ERC20 {
    mapping(address account => bool) public hooked;

    constructor() ERC20("Callback", "CALLBACK") {
        _mint(msg.sender, 1e30);
    }

    function setHooked(address account, bool hooked_) external {
        hooked[account] = hooked_;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (hooked[to]) ITokenReceiverHook(to).onTokenReceived(from, value);
    }
}
