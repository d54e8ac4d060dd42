// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title EpochClock
/// @notice The protocol's one epoch clock (docs/decisions/0125): epoch e covers [genesis + e * length,
/// genesis + (e + 1) * length). InferencePayments fixes genesis and length at initialization; AttributionOracle,
/// AttributionDisputes and InferenceLogs copy them at construction.
/// Before genesis there is no epoch: `epochAt` answers 0 there (for checks that compare with an epoch, such as
/// AttributionOracle's "reports settled before"), `epochAtOrRevert` reverts (for InferencePayments, whose payments and
/// views number an epoch that exists; its genesis is never in the future, so its payments never revert here).
/// @custom:security-contact security@openledger.xyz
library EpochClock {
    /// @dev The epoch `timestamp` falls in (0 before genesis).
    function epochAt(uint256 timestamp, uint256 genesis, uint256 length) internal pure returns (uint64) {
        if (timestamp < genesis) return 0;
        return uint64((timestamp - genesis) / length);
    }

    /// @dev The epoch `timestamp` falls in; reverts before genesis (the checked subtraction's arithmetic panic, 0x11:
    /// InferencePayments has no code to spare for a custom error, docs/decisions/0282).
    function epochAtOrRevert(uint256 timestamp, uint256 genesis, uint256 length) internal pure returns (uint64) {
        return uint64((timestamp - genesis) / length);
    }

    /// @dev First second after `epoch`.
    function end(uint64 epoch, uint256 genesis, uint256 length) internal pure returns (uint256) {
        return genesis + (uint256(epoch) + 1) * length;
    }

    /// @dev The epoch's last second: the timestamp whose checkpointed stakes weigh reports of `epoch`.
    function snapshot(uint64 epoch, uint256 genesis, uint256 length) internal pure returns (uint256) {
        return end(epoch, genesis, length) - 1;
    }
}
