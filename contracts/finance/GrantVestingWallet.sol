// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VestingWallet} from "@openzeppelin/contracts/finance/VestingWallet.sol";
import {VestingWalletCliff} from "@openzeppelin/contracts/finance/VestingWalletCliff.sol";

/// @title GrantVestingWallet
/// @notice The OpenZeppelin `VestingWalletCliff`, made concrete and nothing else: linear vesting from `start` over
/// `duration`, nothing before the cliff, owned (and released to) the beneficiary. The treasury deploys one per grant.
/// @custom:security-contact security@openledger.xyz
contract GrantVestingWallet is VestingWalletCliff {
    constructor(
        address beneficiary,
        uint64 startTimestamp,
        uint64 durationSeconds,
        uint64 cliffSeconds
    ) VestingWallet(beneficiary, startTimestamp, durationSeconds) VestingWalletCliff(cliffSeconds) {}
}
