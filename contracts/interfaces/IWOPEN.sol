// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";

/// @title IWOPEN: wrapped native OPEN
/// @notice 1:1 ERC-20 wrapper of the Orbit chain's native currency. The implementation is also an IERC20 and
/// IERC20Permit; this interface lists only what it adds to them.
/// @dev Guarantee: the contract never owes more than it holds (`totalSupply() <= address(this).balance`).
/// Sending plain value to the contract deposits it for the sender. Withdrawals send native value with a plain call
/// (all gas forwarded), so a recipient contract may run code; the burn happens before the call.
/// @custom:security-contact security@openledger.xyz
interface IWOPEN is IERC20Metadata, IERC20Permit, IERC5267 {
    /// @notice Emitted when `account` receives `amount` WOPEN for the same amount of native OPEN.
    /// @param account The account that received WOPEN.
    /// @param amount WOPEN minted (equal to the native OPEN sent).
    event Deposit(address indexed account, uint256 amount);
    /// @notice Emitted when `owner` burns `amount` WOPEN and `to` receives the same amount of native OPEN.
    /// @param owner The account whose WOPEN was burned.
    /// @param to The account that received native OPEN.
    /// @param amount Amount burned and sent.
    event Withdrawal(address indexed owner, address indexed to, uint256 amount);

    /// @notice Wraps `msg.value` native OPEN for the caller.
    function deposit() external payable;

    /// @notice Wraps `msg.value` native OPEN and credits it to `account`.
    /// @param account Receives the WOPEN; must not be the zero address.
    function depositFor(address account) external payable;

    /// @notice Burns `amount` of the caller's WOPEN and sends the same native amount to the caller.
    /// @dev Reverts with `ERC20InsufficientBalance` when the caller holds less, and with `FailedCall` when the
    /// native transfer fails.
    function withdraw(uint256 amount) external;

    /// @notice Burns `amount` of the caller's WOPEN and sends the same native amount to `to`.
    /// @param to Receives the native OPEN; must not be the zero address.
    function withdrawTo(address payable to, uint256 amount) external;
}
