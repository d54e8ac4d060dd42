// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title RewardPerShare
/// @notice The reward-per-share accumulator shared by OpenStaking (fees to stakers) and ModelShares (model revenue to
/// share holders): O(1) distribution to any number of holders.
/// @dev Algorithm. A global index grows by `amount * PRECISION / totalUnits` each time `amount` is distributed over
/// `totalUnits`; each holder keeps the index at its last settlement (`paid`) and is owed
/// `units * (index - paid) / PRECISION` for the `units` it held meanwhile. Settle a holder before its units change.
/// Precision and rounding: both divisions floor, so the holders together are never owed more than was distributed.
/// `distribute` returns the division's remainder (scaled by PRECISION, `< totalUnits`); a caller that carries it into
/// the next distribution (`remainder` argument, OpenStaking) loses nothing in the index; one that passes 0 loses up to
/// `totalUnits / PRECISION` wei per distribution and must account for it (ModelShares tracks what it distributed).
/// Overflow: the products are checked (they revert rather than wrap); callers bound `units`, `amount` and the index
/// so that they never do (OpenStaking: uint96 units and a uint152 index; ModelShares: a fixed 1e24 supply).
/// @custom:security-contact security@openledger.xyz
library RewardPerShare {
    /// @notice How much the index grows when `amount` is distributed over `totalUnits`, carrying `remainder`.
    /// @param amount What is distributed, in the reward token.
    /// @param totalUnits The units sharing it (must not be 0).
    /// @param precision The index scale.
    /// @param remainder The remainder carried from the previous distribution (`< totalUnits`), or 0.
    /// @return indexDelta The increase of the index.
    /// @return newRemainder The remainder to carry (`< totalUnits`).
    function distribute(
        uint256 amount,
        uint256 totalUnits,
        uint256 precision,
        uint256 remainder
    ) internal pure returns (uint256 indexDelta, uint256 newRemainder) {
        uint256 numerator = amount * precision + remainder;
        indexDelta = numerator / totalUnits;
        newRemainder = numerator % totalUnits;
    }

    /// @notice What `units` earned while the index grew by `indexDelta`, floored.
    /// @param units The holder's units over that time.
    /// @param indexDelta The index now minus the index at the holder's last settlement.
    /// @param precision The index scale.
    function accrued(uint256 units, uint256 indexDelta, uint256 precision) internal pure returns (uint256) {
        return (units * indexDelta) / precision;
    }
}
