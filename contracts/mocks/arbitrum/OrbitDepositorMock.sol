// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

interface IERC20InboxDeposit {
    function depositERC20(uint256 amount) external returns (uint256);
}

/// @title OrbitDepositorMock
/// @notice A parent-chain contract that deposits OPEN into the Orbit chain: the ERC20Inbox credits its alias.
contract OrbitDepositorMock {
    address private immutable _INBOX;
    IERC20 private immutable _OPEN;

    constructor(address inbox, IERC20 open) {
        _INBOX = inbox;
        _OPEN = open;
    }

    /// @notice Approves the inbox and deposits `amount` OPEN held by this contract.
    function deposit(uint256 amount) external returns (uint256) {
        _OPEN.approve(_INBOX, amount);
        return IERC20InboxDeposit(_INBOX).depositERC20(amount);
    }
}
