// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAttributionDisputes} from "../../../contracts/interfaces/IAttributionDisputes.sol";
import {IAttributionOracle} from "../../../contracts/interfaces/IAttributionOracle.sol";
import {Test} from "../utils/Test.sol";
import {AttributionDeployment} from "./AttributionBase.sol";

/// @title AttributionOracle fuzz tests, one per state-changing entry point
/// @notice On the real contracts (see AttributionBase.sol): five oracles with fuzzed stakes, quorum by attestations
/// and by signatures at the exact threshold, disputes inside and outside the window, rulings with fuzzed slash and
/// reward shares over active and unbonding stake, finalization with fuzzed totals against what was funded, and
/// equivocation slashing.
/// @dev Run alone with the base: `hardhat test solidity test/solidity/attribution/AttributionOracle.t.sol
/// test/solidity/attribution/AttributionBase.sol`.
contract AttributionOracleFuzzTest is Test, AttributionDeployment {
    uint256 internal constant ORACLES = 5;
    uint256 internal constant QUORUM_BPS = 6_667;
    uint256 internal constant BOND = 1_000 ether;

    uint256[] internal keys;
    address internal disputer;

    function setUp() public {
        _deployAttribution();
        keys = _sortedKeys(ORACLES, "oracle");
        disputer = makeAddr("disputer");
        open.transfer(disputer, 10 * BOND);
        vm.prank(disputer);
        open.approve(address(disputes), type(uint256).max);
    }

    function _oracle(uint256 i) internal view returns (address) {
        return vm.addr(keys[i]);
    }

    /// @dev Registers the five oracles with stakes derived from the seeds; returns them and their total.
    function _addOracles(uint256[5] memory seeds) internal returns (uint256[5] memory stakes, uint256 total) {
        for (uint256 i; i < ORACLES; ++i) {
            stakes[i] = bound(seeds[i], MIN_ORACLE_STAKE, 5_000_000 ether);
            _addOracle(_oracle(i), stakes[i]);
            total += stakes[i];
        }
    }

    function _status(uint64 epoch) internal view returns (IAttributionOracle.EpochStatus status, uint32 round) {
        (status, round, ) = oracle.epochStatus(epoch);
    }

    /// @dev Accepts `report` with all five signatures (its epoch's reports must be open).
    function _acceptAll(IAttributionOracle.Report memory report) internal {
        oracle.submit(report, _signatures(keys, (1 << ORACLES) - 1, report));
    }

    function testFuzz_attest_tallyAndQuorumAtTheExactThreshold(uint256[5] memory seeds, uint256 start) public {
        (uint256[5] memory stakes, uint256 total) = _addOracles(seeds);
        _openReports(0);
        IAttributionOracle.Report memory report = _report(0, keccak256("root"), 0);
        bytes32 hash = oracle.reportHash(report);
        start = bound(start, 0, ORACLES - 1);
        uint256 tally;
        for (uint256 k; k < ORACLES; ++k) {
            uint256 i = (start + k) % ORACLES;
            (IAttributionOracle.EpochStatus before, ) = _status(0);
            if (before == IAttributionOracle.EpochStatus.Accepted) {
                vm.expectRevert(
                    abi.encodeWithSelector(IAttributionOracle.AttributionUnexpectedStatus.selector, 0, before)
                );
                vm.prank(_oracle(i));
                oracle.attest(report);
                continue;
            }
            vm.prank(_oracle(i));
            oracle.attest(report);
            tally += stakes[i];
            (IAttributionOracle.EpochStatus status, ) = _status(0);
            bool quorum = tally * 10_000 >= total * QUORUM_BPS;
            assertEq(status == IAttributionOracle.EpochStatus.Accepted, quorum, "accepted iff quorum");
            if (!quorum) {
                assertEq(oracle.attestedWeight(hash, 0), tally, "tally");
                vm.expectRevert(
                    abi.encodeWithSelector(IAttributionOracle.AttributionAlreadyAttested.selector, _oracle(i), 0, 0)
                );
                vm.prank(_oracle(i));
                oracle.attest(report);
            }
        }
        (IAttributionOracle.EpochStatus last, ) = _status(0);
        assertTrue(last == IAttributionOracle.EpochStatus.Accepted, "all five always reach quorum");
    }

    function testFuzz_submit_acceptsIffTheSignersReachQuorum(uint256[5] memory seeds, uint256 mask) public {
        (uint256[5] memory stakes, uint256 total) = _addOracles(seeds);
        _openReports(0);
        mask = bound(mask, 0, (1 << ORACLES) - 1);
        IAttributionOracle.Report memory report = _report(0, keccak256("root"), 0);
        bytes[] memory sigs = _signatures(keys, mask, report);
        uint256 weight;
        for (uint256 i; i < ORACLES; ++i) if (mask & (1 << i) != 0) weight += stakes[i];
        if (weight == 0 || weight * 10_000 < total * QUORUM_BPS) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IAttributionOracle.AttributionQuorumNotReached.selector,
                    oracle.reportHash(report),
                    weight,
                    total,
                    QUORUM_BPS
                )
            );
            oracle.submit(report, sigs);
            return;
        }
        oracle.submit(report, sigs);
        (IAttributionOracle.EpochStatus status, ) = _status(0);
        assertTrue(status == IAttributionOracle.EpochStatus.Accepted, "accepted");
    }

    function testFuzz_dispute_onlyInsideTheWindow(uint256 wait) public {
        uint256[5] memory seeds;
        _addOracles(seeds);
        _openReports(0);
        _acceptAll(_report(0, keccak256("root"), 0));
        uint256 endsAt = block.timestamp + WINDOW;
        wait = bound(wait, 0, 2 * WINDOW);
        vm.warp(block.timestamp + wait);
        uint256 before = open.balanceOf(disputer);
        if (block.timestamp >= endsAt) {
            vm.expectRevert(
                abi.encodeWithSelector(IAttributionOracle.AttributionChallengeWindowOver.selector, 0, endsAt)
            );
            vm.prank(disputer);
            disputes.dispute(0);
            return;
        }
        vm.prank(disputer);
        disputes.dispute(0);
        assertEq(before - open.balanceOf(disputer), BOND, "bond pulled");
        assertEq(open.balanceOf(address(disputes)), BOND, "bond held");
        (IAttributionOracle.EpochStatus status, ) = _status(0);
        assertTrue(status == IAttributionOracle.EpochStatus.Disputed, "disputed");
    }

    // solhint-disable-next-line function-max-lines
    function testFuzz_resolveDispute_slashesExactlyAndAccountsForEveryUnit(
        uint256[5] memory seeds,
        uint256[5] memory unbondSeeds,
        uint256 slashBps,
        uint256 rewardBps,
        bool upheld
    ) public {
        (uint256[5] memory stakes, ) = _addOracles(seeds);
        slashBps = bound(slashBps, 100, 10_000);
        rewardBps = bound(rewardBps, 0, 5_000);
        disputes.setDisputeSlashBps(uint16(slashBps));
        disputes.setDisputerRewardBps(uint16(rewardBps));
        _openReports(0);
        IAttributionOracle.Report memory report = _report(0, keccak256("bad"), 0);
        _acceptAll(report);
        vm.prank(disputer);
        disputes.dispute(0);
        // After the snapshot, oracles move part of their stake to unbonding (still slashable).
        address[] memory signers = new address[](ORACLES);
        uint256 slashableBefore;
        uint256 expectedSlash;
        for (uint256 i; i < ORACLES; ++i) {
            signers[i] = _oracle(i);
            uint256 amount = bound(unbondSeeds[i], 0, stakes[i]);
            if (amount != 0) {
                vm.startPrank(signers[i]);
                staking.deregisterOperator();
                staking.requestUnstake(amount);
                vm.stopPrank();
            }
            slashableBefore += stakes[i];
            expectedSlash += (stakes[i] * slashBps) / 10_000;
        }
        uint256 stakeBefore = staking.totalActiveStake() + staking.totalUnbondingStake();
        uint256 treasuryBefore = open.balanceOf(treasury);
        disputes.rule(0, upheld, signers);
        (IAttributionOracle.EpochStatus status, uint32 round) = _status(0);
        if (!upheld) {
            assertEq(open.balanceOf(treasury) - treasuryBefore, BOND, "bond forfeited");
            assertTrue(status == IAttributionOracle.EpochStatus.Confirmed, "confirmed");
            assertEq(staking.totalActiveStake() + staking.totalUnbondingStake(), stakeBefore, "nobody slashed");
            return;
        }
        uint256 reward = (expectedSlash * rewardBps) / 10_000;
        uint256 slashableAfter;
        for (uint256 i; i < ORACLES; ++i) slashableAfter += staking.slashableStake(signers[i]);
        assertEq(slashableBefore - slashableAfter, expectedSlash, "slashed");
        assertEq(
            stakeBefore - (staking.totalActiveStake() + staking.totalUnbondingStake()),
            expectedSlash,
            "stake left"
        );
        assertEq(disputes.withdrawable(disputer), BOND + reward, "disputer credited");
        assertEq(open.balanceOf(treasury) - treasuryBefore, expectedSlash - reward, "treasury");
        assertEq(open.balanceOf(address(disputes)), BOND + reward, "court holds exactly the credit");
        assertEq(open.balanceOf(address(oracle)), 0, "the oracle holds no asset");
        assertTrue(status == IAttributionOracle.EpochStatus.Open, "reopened");
        assertEq(round, 1, "new round");
    }

    function testFuzz_finalize_totalsAgainstFundedAndTheLastFinalized(
        uint256 funded,
        uint256 total0,
        uint256 total1
    ) public {
        uint256[5] memory seeds;
        _addOracles(seeds);
        funded = bound(funded, 0, 1_000_000 ether);
        _fundPools(funded);
        total0 = bound(total0, 0, 2 * funded + 1);
        _openReports(0);
        IAttributionOracle.Report memory r0 = _report(0, keccak256("r0"), total0);
        _acceptAll(r0);
        vm.warp(block.timestamp + WINDOW);
        oracle.finalize(r0);
        (IAttributionOracle.EpochStatus status, uint32 round) = _status(0);
        if (total0 > funded) {
            assertTrue(status == IAttributionOracle.EpochStatus.Open, "above funded: discarded");
            assertEq(round, 1, "reopened");
            assertEq(oracle.nextEpoch(), 0, "not finalized");
            assertEq(open.balanceOf(address(distributor)), 0, "nothing released");
            return;
        }
        assertTrue(status == IAttributionOracle.EpochStatus.Finalized, "finalized");
        assertEq(oracle.lastFinalizedTotal(), total0, "last finalized");
        assertEq(distributor.cumulativeTotal(), total0, "distributor total");
        assertEq(open.balanceOf(address(distributor)), total0, "released");
        total1 = bound(total1, 0, funded);
        _openReports(1);
        IAttributionOracle.Report memory r1 = _report(1, keccak256("r1"), total1);
        if (total1 < total0) {
            bytes[] memory sigs = _signatures(keys, (1 << ORACLES) - 1, r1);
            vm.expectRevert(
                abi.encodeWithSelector(IAttributionOracle.AttributionTotalDecreased.selector, total1, total0)
            );
            oracle.submit(r1, sigs);
            return;
        }
        _acceptAll(r1);
        vm.warp(block.timestamp + WINDOW);
        oracle.finalize(r1);
        assertEq(open.balanceOf(address(distributor)), total1, "released the increase");
        assertLe(oracle.lastFinalizedTotal(), payments.totalAttributionFunded(), "never above funded");
    }

    // solhint-disable-next-line function-max-lines
    function testFuzz_reportEquivocation_slashesOnceExactly(
        uint256 stakeSeed,
        uint256 unbondSeed,
        uint256 slashBps,
        uint256 rewardBps,
        bytes32 rootA,
        bytes32 rootB
    ) public {
        vm.assume(rootA != rootB);
        uint256 stake = bound(stakeSeed, MIN_ORACLE_STAKE, 5_000_000 ether);
        _addOracle(_oracle(0), stake);
        // The oracle weighs in epoch 3 (registered before its snapshot) and moves stake out after it.
        vm.warp(_epochEnd(3));
        uint256 unbonding = bound(unbondSeed, 0, stake);
        if (unbonding != 0) {
            vm.startPrank(_oracle(0));
            staking.deregisterOperator();
            staking.requestUnstake(unbonding);
            vm.stopPrank();
        }
        slashBps = bound(slashBps, 100, 10_000);
        rewardBps = bound(rewardBps, 0, 5_000);
        disputes.setEquivocationSlashBps(uint16(slashBps));
        disputes.setReporterRewardBps(uint16(rewardBps));
        IAttributionOracle.Report memory a = _report(3, rootA, 1);
        IAttributionOracle.Report memory b = _report(3, rootB, 1);
        address reporter = makeAddr("reporter");
        uint256 treasuryBefore = open.balanceOf(treasury);
        // Signed first: `_sign` makes calls, which would consume the prank and the revert expectation.
        bytes memory sigA = _sign(keys[0], a);
        bytes memory sigB = _sign(keys[0], b);
        vm.prank(reporter);
        disputes.reportEquivocation(a, sigA, b, sigB);
        uint256 slashed = (stake * slashBps) / 10_000;
        uint256 reward = (slashed * rewardBps) / 10_000;
        assertEq(staking.slashableStake(_oracle(0)), stake - slashed, "slashed");
        assertEq(disputes.withdrawable(reporter), reward, "reporter credited");
        assertEq(open.balanceOf(treasury) - treasuryBefore, slashed - reward, "treasury");
        vm.expectRevert(
            abi.encodeWithSelector(
                IAttributionDisputes.DisputesEquivocationAlreadyPunished.selector,
                _oracle(0),
                uint64(3)
            )
        );
        disputes.reportEquivocation(b, sigB, a, sigA);
        // The reporter withdraws exactly its credit.
        if (reward != 0) {
            vm.prank(reporter);
            assertEq(disputes.withdraw(), reward, "withdrawn");
            assertEq(open.balanceOf(reporter), reward, "paid");
        }
    }
}
