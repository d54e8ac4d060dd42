// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";

import {IWOPEN} from "../interfaces/IWOPEN.sol";

/// @title WOPEN: wrapped native OPEN
/// @notice Wraps the Orbit chain's native currency (OPEN) 1:1 as an ERC-20 with EIP-2612 permit, in the manner of
/// WETH9, for contracts and dApps that need ERC-20 semantics.
/// @dev Invariant: `totalSupply() <= address(this).balance`. Supply is minted only against value received in the same
/// call and burned before value leaves (checks-effects-interactions, so a re-entering recipient sees its balance
/// already reduced); native currency forced in (self-destruct, coinbase) only widens the gap.
/// @custom:security-contact security@openledger.xyz
contract WOPEN is ERC20, ERC20Permit, IWOPEN {
    constructor() ERC20("Wrapped OPEN", "WOPEN") ERC20Permit("Wrapped OPEN") {}

    /// @notice Plain value sent to this contract is deposited for the sender.
    receive() external payable {
        _deposit(msg.sender, msg.value);
    }

    /// @inheritdoc IWOPEN
    function deposit() external payable {
        _deposit(msg.sender, msg.value);
    }

    /// @inheritdoc IWOPEN
    function depositFor(address account) external payable {
        _deposit(account, msg.value);
    }

    /// @inheritdoc IWOPEN
    function withdraw(uint256 amount) external {
        _withdraw(msg.sender, payable(msg.sender), amount);
    }

    /// @inheritdoc IWOPEN
    function withdrawTo(address payable to, uint256 amount) external {
        _withdraw(msg.sender, to, amount);
    }

    function _deposit(address account, uint256 amount) private {
        _mint(account, amount);
        emit Deposit(account, amount);
    }

    function _withdraw(address owner, address payable to, uint256 amount) private {
        if (to == address(0)) revert ERC20InvalidReceiver(address(0));
        // Effects before the interaction: the burn reverts with ERC20InsufficientBalance if `owner` has too little.
        _burn(owner, amount);
        emit Withdrawal(owner, to, amount);
        Address.sendValue(to, amount);
    }

    /// @inheritdoc IERC20Permit
    function nonces(address owner) public view override(IERC20Permit, ERC20Permit) returns (uint256) {
        return super.nonces(owner);
    }
}
