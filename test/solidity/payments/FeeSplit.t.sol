// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {FeeSplit} from "../../../contracts/libraries/FeeSplit.sol";
import {Test} from "../utils/Test.sol";

/// @notice Fuzz tests of FeeSplit: the parts always sum to the payment, each part follows its formula, and rates
/// that cannot form a split revert.
contract FeeSplitTest is Test {
    function split(uint256 amount, uint256 p, uint256 s, uint256 c) external pure returns (FeeSplit.Parts memory) {
        return FeeSplit.split(amount, p, s, c);
    }

    function testFuzz_split_partsSumExactlyToTheAmount(uint256 amount, uint256 p, uint256 s, uint256 c) public pure {
        amount = bound(amount, 0, type(uint128).max);
        p = bound(p, 0, 10_000);
        s = bound(s, 0, 10_000 - p);
        c = bound(c, 0, 10_000);
        FeeSplit.Parts memory parts = FeeSplit.split(amount, p, s, c);
        assertEq(parts.protocol + parts.stakers + parts.contributors + parts.owner, amount, "sum == amount");
        assertEq(parts.protocol, (amount * p) / 10_000, "protocol");
        assertEq(parts.stakers, (amount * s) / 10_000, "stakers");
        uint256 rest = amount - parts.protocol - parts.stakers;
        assertEq(parts.contributors, (rest * c) / 10_000, "contributors");
        assertEq(parts.owner, rest - parts.contributors, "owner takes the remainders");
    }

    function testFuzz_split_withProtocolBounds_ownerAndContributorsGetAtLeast70Percent(
        uint256 amount,
        uint256 p,
        uint256 s
    ) public pure {
        amount = bound(amount, 0, type(uint128).max);
        p = bound(p, 0, 1_000);
        s = bound(s, 0, 2_000);
        FeeSplit.Parts memory parts = FeeSplit.split(amount, p, s, 5_000);
        assertGe(parts.contributors + parts.owner, (amount * 7_000) / 10_000, "governance cannot take more than 30%");
    }

    function testFuzz_split_revertsWhenFeesExceedTheWhole(uint256 p, uint256 s) public {
        p = bound(p, 0, 10_000);
        s = bound(s, 10_001 - p, type(uint128).max);
        vm.expectRevert(abi.encodeWithSelector(FeeSplit.FeeSplitInvalidBps.selector, p, s, 0));
        this.split(1e18, p, s, 0);
    }

    function testFuzz_split_revertsWhenTheContributorShareExceedsTheWhole(uint256 c) public {
        c = bound(c, 10_001, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(FeeSplit.FeeSplitInvalidBps.selector, 0, 0, c));
        this.split(1e18, 0, 0, c);
    }
}
