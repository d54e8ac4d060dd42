// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IOpenStaking} from "../../../contracts/interfaces/IOpenStaking.sol";
import {OpenStaking} from "../../../contracts/OpenStaking.sol";
import {MockFeeSource} from "../../../contracts/mocks/MockFeeSource.sol";
import {OpenStakingLens} from "../../../contracts/periphery/OpenStakingLens.sol";
import {OpenToken} from "../../../contracts/token/OpenToken.sol";
import {Test} from "../utils/Test.sol";
import {StakingSetup} from "./StakingSetup.sol";

/// @title OpenStaking fuzz tests, one per state-changing entry point
contract OpenStakingFuzzTest is Test {
    OpenToken internal open;
    MockFeeSource internal feeSource;
    OpenStaking internal staking;
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal recipient = makeAddr("recipient");

    uint256 internal constant MAX_STAKE = 100_000_000 ether;

    function setUp() public {
        (open, feeSource, staking) = StakingSetup.deploy(address(this), address(this));
        open.approve(address(feeSource), type(uint256).max);
        for (uint256 i; i < 2; ++i) {
            address account = i == 0 ? alice : bob;
            open.transfer(account, 200_000_000 ether);
            vm.prank(account);
            open.approve(address(staking), type(uint256).max);
        }
    }

    function _stake(address account, uint256 amount) internal {
        vm.prank(account);
        staking.stake(amount);
    }

    function testFuzz_stake(uint256 first, uint256 second) public {
        first = bound(first, 1, MAX_STAKE);
        second = bound(second, 1, MAX_STAKE);
        _stake(alice, first);
        vm.prank(bob);
        staking.stakeFor(alice, second);
        assertEq(staking.activeStake(alice), first + second, "active");
        assertEq(staking.totalActiveStake(), first + second, "total");
        assertEq(open.balanceOf(address(staking)), first + second, "held");
        assertEq(open.balanceOf(bob), 200_000_000 ether - second, "payer charged");
        vm.prank(alice);
        staking.delegate(alice);
        assertEq(staking.getVotes(alice), first + second, "votes");
    }

    function testFuzz_requestUnstake(uint256 amount, uint256 first, uint256 second, uint256 gap) public {
        amount = bound(amount, 2, MAX_STAKE);
        first = bound(first, 1, amount - 1);
        second = bound(second, 1, amount - first);
        gap = bound(gap, 0, 30 days);
        _stake(alice, amount);
        vm.prank(alice);
        staking.requestUnstake(first);
        vm.warp(block.timestamp + gap);
        vm.prank(alice);
        staking.requestUnstake(second);
        (uint256 unbondingAmount, uint256 releaseTime) = staking.unbonding(alice);
        assertEq(unbondingAmount, first + second, "one bucket");
        assertEq(releaseTime, block.timestamp + 14 days, "restarted cooldown");
        assertEq(staking.activeStake(alice), amount - first - second, "active");
        assertEq(staking.totalActiveStake() + staking.totalUnbondingStake(), amount, "conserved");
        vm.expectRevert(
            abi.encodeWithSelector(
                IOpenStaking.StakingInsufficientStake.selector,
                alice,
                amount - first - second,
                amount - first - second + 1
            )
        );
        vm.prank(alice);
        staking.requestUnstake(amount - first - second + 1);
    }

    function testFuzz_withdraw(uint256 amount, uint256 wait) public {
        amount = bound(amount, 1, MAX_STAKE);
        wait = bound(wait, 0, 60 days);
        _stake(alice, amount);
        vm.prank(alice);
        staking.requestUnstake(amount);
        (, uint256 releaseTime) = staking.unbonding(alice);
        vm.warp(block.timestamp + wait);
        if (block.timestamp < releaseTime) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IOpenStaking.StakingCooldownNotElapsed.selector,
                    alice,
                    releaseTime,
                    block.timestamp
                )
            );
            vm.prank(alice);
            staking.withdraw();
        } else {
            uint256 before = open.balanceOf(alice);
            vm.prank(alice);
            assertEq(staking.withdraw(), amount, "withdrawn");
            assertEq(open.balanceOf(alice) - before, amount, "paid");
            assertEq(staking.totalUnbondingStake(), 0, "total unbonding");
        }
    }

    function testFuzz_slash(uint256 staked, uint256 unbonded, uint256 amount) public {
        staked = bound(staked, 1, MAX_STAKE);
        unbonded = bound(unbonded, 0, staked);
        amount = bound(amount, 0, 2 * MAX_STAKE);
        _stake(alice, staked);
        if (unbonded != 0) {
            vm.prank(alice);
            staking.requestUnstake(unbonded);
        }
        uint256 active = staked - unbonded;
        uint256 slashed = staking.slash(alice, amount, recipient);
        uint256 expected = amount < staked ? amount : staked;
        assertEq(slashed, expected, "slashed");
        uint256 fromActive = expected < active ? expected : active;
        assertEq(staking.activeStake(alice), active - fromActive, "active first");
        (uint256 unbondingLeft, ) = staking.unbonding(alice);
        assertEq(unbondingLeft, unbonded - (expected - fromActive), "then unbonding");
        assertEq(open.balanceOf(recipient), expected, "recipient paid");
        assertEq(open.balanceOf(address(staking)), staked - expected, "held");
    }

    /// @dev Claims for `account` and checks that what it returns is what it paid.
    function _claim(address account) internal returns (uint256 claimed) {
        uint256 before = open.balanceOf(account);
        vm.prank(account);
        claimed = staking.claimRewards();
        assertEq(open.balanceOf(account) - before, claimed, "paid what it returned");
    }

    /// @dev OpenStakingLens (reads through `extSload`) answers what `claimRewards` then pays, after fees collected
    /// in two rounds around a stake change (so the account has settled rewards and an accrual since).
    function testFuzz_lens_pendingRewardsIsWhatClaimPays(uint256 a, uint256 b, uint256 fees1, uint256 fees2) public {
        a = bound(a, 1, MAX_STAKE);
        b = bound(b, 1, MAX_STAKE);
        fees1 = bound(fees1, 0, 10_000_000 ether);
        fees2 = bound(fees2, 0, 10_000_000 ether);
        _stake(alice, a);
        _stake(bob, b);
        feeSource.accrueStakerFees(fees1);
        staking.collectFees();
        _stake(alice, a); // settles alice's rewards so far into her owed slot
        feeSource.accrueStakerFees(fees2);
        staking.collectFees();
        uint256 total = staking.totalActiveStake();
        // Nothing was collected before the first fees: the index is exactly what the two collections added.
        uint256 numerator1 = fees1 * 1e18;
        uint256 numerator2 = fees2 * 1e18 + (numerator1 % (a + b));
        assertEq(
            OpenStakingLens.rewardPerShare(staking),
            numerator1 / (a + b) + numerator2 / total,
            "index as the accumulator defines it"
        );
        assertEq(OpenStakingLens.rewardRemainder(staking), numerator2 % total, "carried remainder");
        uint256 alicePending = OpenStakingLens.pendingRewards(staking, alice);
        uint256 bobPending = OpenStakingLens.pendingRewards(staking, bob);
        assertEq(_claim(alice), alicePending, "alice: lens == paid");
        assertEq(_claim(bob), bobPending, "bob: lens == paid");
        assertEq(OpenStakingLens.pendingRewards(staking, alice), 0, "nothing left after the claim");
    }

    function testFuzz_claimRewards(uint256 a, uint256 b, uint256 fees1, uint256 fees2) public {
        a = bound(a, 1, MAX_STAKE);
        b = bound(b, 1, MAX_STAKE);
        fees1 = bound(fees1, 0, 10_000_000 ether);
        fees2 = bound(fees2, 0, 10_000_000 ether);
        _stake(alice, a);
        _stake(bob, b);
        feeSource.accrueStakerFees(fees1);
        staking.collectFees();
        feeSource.accrueStakerFees(fees2);
        uint256 aliceClaimed = _claim(alice);
        uint256 claimed = aliceClaimed + _claim(bob);
        uint256 fees = fees1 + fees2;
        assertLe(claimed, fees, "never more than the fees");
        // Not yet distributed: the carried remainder (< totalActive / 1e18 wei), plus < 1 wei floored per settlement.
        uint256 carried = OpenStakingLens.rewardRemainder(staking) / staking.REWARD_PRECISION();
        assertLe(claimed + carried, fees, "claimed + carried <= fees");
        assertLe(fees - claimed, carried + 3, "only the carried remainder and flooring dust stay behind");
        uint256 aliceFair = (fees * a) / (a + b);
        assertLe(aliceClaimed, aliceFair + 1, "alice <= pro rata");
        assertGe(aliceClaimed + carried + 3, aliceFair, "alice >= pro rata - dust");
        assertEq(open.balanceOf(address(staking)), a + b + fees - claimed, "held");
    }

    /// @dev Past oracle stakes and votes, fuzzed over a sequence of stake moves (some in the same second): every
    /// lookup, at the latest change (answered from the head slot, or the latest votes checkpoint) or before it
    /// (answered by the library's binary search), equals the value after the last move at or before the looked-up
    /// time; the totals equal the sum of both oracles'.
    function testFuzz_pastOracleStakes(uint256 seed) public {
        uint256 minStake = staking.minOperatorStake(IOpenStaking.OperatorRole.AttributionOracle);
        _stake(alice, minStake);
        _stake(bob, minStake);
        vm.prank(alice);
        staking.registerOperator(IOpenStaking.OperatorRole.AttributionOracle);
        vm.prank(bob);
        staking.registerOperator(IOpenStaking.OperatorRole.AttributionOracle);
        vm.prank(alice);
        staking.delegate(alice);
        uint256 moves = 8;
        uint256[] memory times = new uint256[](moves);
        uint256[] memory aliceAt = new uint256[](moves);
        uint256[] memory totalAt = new uint256[](moves);
        uint256[] memory votesAt = new uint256[](moves);
        uint256 registeredAt = block.timestamp;
        uint256 t = registeredAt;
        for (uint256 i; i < moves; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            t += r % 3; // 0: same second as the previous move
            vm.warp(t);
            address who = (r >> 8) % 2 == 0 ? alice : bob;
            uint256 amount = 1 + ((r >> 16) % 1_000 ether);
            if ((r >> 128) % 3 == 0 && staking.activeStake(who) >= minStake + amount) {
                vm.prank(who);
                staking.requestUnstake(amount);
            } else {
                _stake(who, amount);
            }
            times[i] = t;
            aliceAt[i] = staking.activeStake(alice);
            totalAt[i] = staking.activeStake(alice) + staking.activeStake(bob);
            votesAt[i] = staking.getVotes(alice);
        }
        vm.warp(t + 1);
        for (uint256 i; i < moves; ++i) {
            // The value at times[i] is the one after the last move in that second.
            uint256 last = i;
            while (last + 1 < moves && times[last + 1] == times[i]) ++last;
            assertEq(staking.getPastOracleStake(alice, times[i]), aliceAt[last], "alice at a move");
            assertEq(staking.getPastTotalOracleStake(times[i]), totalAt[last], "total at a move");
            assertEq(staking.getPastVotes(alice, times[i]), votesAt[last], "votes at a move");
            assertEq(staking.getPastTotalSupply(times[i]), totalAt[last], "total supply at a move");
        }
        assertEq(staking.getPastOracleStake(alice, registeredAt - 1), 0, "before registration");
        assertEq(staking.getPastTotalOracleStake(registeredAt - 1), 0, "total before registration");
        if (times[0] > registeredAt) {
            assertEq(staking.getPastTotalOracleStake(times[0] - 1), 2 * minStake, "total before the moves");
        }
        assertEq(staking.getPastOracleStake(makeAddr("nobody"), t), 0, "never an oracle");
        assertEq(staking.totalOracleStake(), totalAt[moves - 1], "total now");
    }
}
