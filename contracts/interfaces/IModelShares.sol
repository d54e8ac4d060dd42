// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IModelShares
/// @notice ERC-20 shares of one model's owner revenue. Holders receive the revenue that reaches the token pro rata to
/// their balance at the time it is synced, correctly under any sequence of transfers, and claim it (pull).
/// @dev The token is an ERC-20 with ERC-2612 permit (it also implements IERC20 and IERC20Permit). It is deployed by
/// ModelRegistry as a minimal clone and initialized once; it has no owner and cannot be upgraded.
/// Revenue: everything the token holds in the asset beyond what it already owes to holders counts as revenue at the
/// next `sync()`, including transfers nobody asked for. Revenue sitting in InferencePayments belongs to whoever holds
/// shares when someone syncs (anyone may sync at any time).
/// Assumptions: the asset is a plain ERC-20 (no fee on transfer, no rebasing) whose total supply is below 1e41 units.
/// @custom:security-contact security@openledger.xyz
interface IModelShares is IERC20Metadata, IERC20Permit, IERC5267 {
    /// @notice `amount` of asset reached holders' claimable balances at this sync; `rewardPerShare` is the new
    /// accumulator value (scaled by 1e36).
    /// @param amount Asset distributed.
    /// @param rewardPerShare The accumulator after the distribution (scaled by 1e36).
    event RevenueDistributed(uint256 amount, uint256 rewardPerShare);
    /// @notice `account` was paid `amount` of its revenue.
    /// @param account The holder paid.
    /// @param amount Asset paid.
    event RevenueClaimed(address indexed account, uint256 amount);

    /// @notice `account` has nothing to claim.
    error ModelSharesNothingToClaim(address account);

    /// @notice Sets the token up. Called once by ModelRegistry in the transaction that clones it.
    /// @param name_ ERC-20 name (also the EIP-712 domain name, version "1").
    /// @param symbol_ ERC-20 symbol.
    /// @param modelId_ The model whose owner revenue the token receives.
    /// @param asset_ The protocol asset revenue is paid in.
    /// @param payments_ InferencePayments, from which `sync` collects the model's revenue.
    /// @param holder Receives the whole supply.
    /// @param supply The fixed total supply.
    function initialize(
        string calldata name_,
        string calldata symbol_,
        uint256 modelId_,
        IERC20 asset_,
        address payments_,
        address holder,
        uint256 supply
    ) external;

    /// @notice Collects the model's revenue from InferencePayments and distributes everything that arrived since the
    /// last sync (measured by the asset balance, not by the return value) to current holders.
    /// @return distributed The amount added to holders' claimable balances.
    function sync() external returns (uint256 distributed);

    /// @notice Pays the caller its claimable revenue.
    function claim() external returns (uint256 amount);

    /// @notice Pays `account` its claimable revenue (anyone may trigger it; the funds only go to `account`).
    function claimFor(address account) external returns (uint256 amount);

    /// @notice Revenue `account` can claim now (not counting unsynced revenue).
    function claimable(address account) external view returns (uint256);

    /// @notice Asset the token holds that the next `sync` would distribute (not counting revenue still in payments).
    function undistributedRevenue() external view returns (uint256);

    /// @notice Asset owed to holders (claimable, plus rounding dust of at most 1 unit per balance settlement).
    function reservedRevenue() external view returns (uint256);

    /// @notice The reward-per-share accumulator, scaled by `PRECISION()`.
    function rewardPerShare() external view returns (uint256);

    /// @notice Total revenue distributed to holders since creation.
    function totalDistributed() external view returns (uint256);

    /// @notice Scale of `rewardPerShare` (1e36).
    // solhint-disable-next-line func-name-mixedcase
    function PRECISION() external view returns (uint256);

    /// @notice The model whose owner revenue the token receives.
    function modelId() external view returns (uint256);

    /// @notice The protocol asset.
    function asset() external view returns (IERC20);

    /// @notice The InferencePayments contract `sync` collects from.
    function inferencePayments() external view returns (address);
}
