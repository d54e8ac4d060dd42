// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title FeeSplit
/// @notice Splits one payment into its four parts in O(1), independent of how many contributors a model has.
/// @dev Algorithm, for a payment `F`:
///   protocol     = floor(F * protocolFeeBps / 10_000)
///   stakers      = floor(F * stakerFeeBps / 10_000)
///   R            = F - protocol - stakers
///   contributors = floor(R * contributorShareBps / 10_000)   (the model's attribution pool)
///   owner        = R - contributors
/// Invariant: protocol + stakers + contributors + owner == F exactly; every rounding remainder goes to the owner.
/// Requires protocolFeeBps + stakerFeeBps <= 10_000 and contributorShareBps <= 10_000 (reverts otherwise), and
/// F * 10_000 < 2^256 (checked arithmetic reverts otherwise; protocol amounts are far below, they fit in uint128).
/// @custom:security-contact security@openledger.xyz
library FeeSplit {
    /// @notice Basis points in one whole.
    uint256 internal constant BPS = 10_000;

    /// @notice The four parts of a payment.
    struct Parts {
        uint256 protocol;
        uint256 stakers;
        uint256 contributors;
        uint256 owner;
    }

    /// @notice The fee rates cannot form a split: the two fees exceed the whole, or the contributor share does.
    error FeeSplitInvalidBps(uint256 protocolFeeBps, uint256 stakerFeeBps, uint256 contributorShareBps);

    /// @notice Splits `amount`; see the library header for the formula.
    function split(
        uint256 amount,
        uint256 protocolFeeBps,
        uint256 stakerFeeBps,
        uint256 contributorShareBps
    ) internal pure returns (Parts memory parts) {
        if (protocolFeeBps + stakerFeeBps > BPS || contributorShareBps > BPS) {
            revert FeeSplitInvalidBps(protocolFeeBps, stakerFeeBps, contributorShareBps);
        }
        parts.protocol = (amount * protocolFeeBps) / BPS;
        parts.stakers = (amount * stakerFeeBps) / BPS;
        uint256 rest;
        // Cannot underflow: floor(F*a/B) + floor(F*b/B) <= F*(a+b)/B <= F because a + b <= B (checked above).
        unchecked {
            rest = amount - parts.protocol - parts.stakers;
        }
        parts.contributors = (rest * contributorShareBps) / BPS;
        // Cannot underflow: floor(R*c/B) <= R because c <= B.
        unchecked {
            parts.owner = rest - parts.contributors;
        }
    }
}
