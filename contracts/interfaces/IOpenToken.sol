// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

/// @title IOpenToken: the OPEN ERC-20 of the parent chain
/// @notice A plain ERC-20 (name "OpenLedger", symbol "OPEN", 18 decimals) with EIP-2612 permit (domain name
/// "OpenLedger", version "1"), minted once: the whole supply goes to one recipient at construction.
/// @dev No owner, no mint or burn after construction, no pause, no fee, no hook: what Arbitrum Orbit requires of a
/// custom gas token (zero-value and self transfers succeed; no transfer calls back into anyone).
/// @custom:security-contact security@openledger.xyz
interface IOpenToken is IERC20Metadata, IERC20Permit, IERC5267 {
    /// @notice The fixed total supply: 1,000,000,000 OPEN in the smallest unit.
    function TOTAL_SUPPLY() external view returns (uint256);
}
