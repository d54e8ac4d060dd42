// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

import {IOpenToken} from "../interfaces/IOpenToken.sol";

/// @title OpenToken (OPEN)
/// @notice The OPEN ERC-20 of the parent chain and the gas token of the OpenLedger Orbit chain.
/// @dev The whole supply, 1,000,000,000 OPEN with 18 decimals, is minted once in the constructor. There is no owner,
/// no role, no mint or burn after construction, no pause, no fee and no hook, which is what Arbitrum Orbit requires
/// of a custom gas token: balances change only by `transfer`/`transferFrom`, zero-value and self transfers succeed,
/// and no transfer calls back into the sender or recipient. EIP-2612 permit uses the domain
/// (name "OpenLedger", version "1").
/// @custom:security-contact security@openledger.xyz
contract OpenToken is ERC20, ERC20Permit, IOpenToken {
    /// @inheritdoc IOpenToken
    uint256 public constant TOTAL_SUPPLY = 1_000_000_000 * 10 ** 18;

    /// @param recipient Receives the entire supply. Must not be the zero address.
    constructor(address recipient) ERC20("OpenLedger", "OPEN") ERC20Permit("OpenLedger") {
        // `_mint` reverts with ERC20InvalidReceiver(address(0)) for the zero address.
        _mint(recipient, TOTAL_SUPPLY);
    }

    /// @inheritdoc IERC20Permit
    function nonces(address owner) public view override(IERC20Permit, ERC20Permit) returns (uint256) {
        return super.nonces(owner);
    }
}
