// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "../utils/Test.sol";
import {AttributionDeployment} from "./AttributionBase.sol";
import {AttributionHandler} from "./handlers/AttributionHandler.sol";

/// @title Proof of Attribution invariants
/// @notice Random sequences of `AttributionHandler` actions over the real InferencePayments, OpenStaking, registries,
/// AttributionOracle and RewardDistributor (seven oracles of 10,000 to 70,000 OPEN; honest reports, faulty trees
/// whose leaves promise twice their total, totals above what was funded; disputes upheld and rejected; equivocations;
/// stake moved to unbonding and withdrawn; donations to the distributor). After every call:
/// (a) total claimed never exceeds the finalized cumulative total (and equals what the claims returned; the
///     distributor holds exactly released - claimed + donated);
/// (b) the finalized cumulative total never exceeds what was funded into the pools (and is exactly what the
///     distributor and payments recorded as released);
/// (d) AttributionDisputes' balance equals its open bonds plus the credits it owes;
/// (e) no oracle's unbonding stake is withdrawn while a report it counted in is accepted, disputed or confirmed;
/// (c) slashed stake is fully accounted: what oracles staked == remaining stake (active + unbonding) + withdrawn +
///     slashed, and slashed == rewards credited to disputers and reporters + sent to the treasury; the oracle holds
///     exactly the credits not yet withdrawn plus the bonds of disputes in flight, the treasury exactly the slashed
///     remainder plus forfeited bonds.
/// @dev Each invariant was seen to fail against deliberately broken code (each break reverted afterwards):
/// (a) RewardDistributor._record without the ClaimExceedsFinalized check (unclaimed floored at zero): a faulty tree
///     plus a donation let claims pass the finalized total ("claimed == what claims paid" failed);
/// (b) AttributionOracle.finalize without its funded check and InferencePayments.releaseAttributionFunds without its
///     own (either alone holds (b)): a report above what was funded went live ("finalized <= funded" failed);
/// (c) resolveDispute crediting the disputer its bond only (the reward neither credited nor sent to the treasury):
///     "slashed == rewards + treasury" failed.
/// Run alone: `hardhat test solidity test/solidity/attribution/AttributionInvariant.t.sol
/// test/solidity/attribution/AttributionBase.sol test/solidity/attribution/handlers/AttributionHandler.sol`.
contract AttributionInvariantTest is Test, AttributionDeployment {
    AttributionHandler internal handler;

    function setUp() public {
        _deployAttribution();
        uint256[] memory keys = _sortedKeys(7, "oracle");
        for (uint256 i; i < keys.length; ++i) _addOracle(vm.addr(keys[i]), (i + 1) * 10_000 ether);
        handler = new AttributionHandler(
            oracle,
            disputes,
            distributor,
            staking,
            payments,
            open,
            treasury,
            genesis,
            keys
        );
        open.transfer(address(handler), 200_000_000 ether);
        oracle.grantRole(oracle.DEFAULT_ADMIN_ROLE(), address(handler));
        disputes.grantRole(disputes.RESOLVER_ROLE(), address(handler));
        handler.start();

        bytes4[] memory selectors = new bytes4[](19);
        selectors[0] = AttributionHandler.fundPools.selector;
        selectors[1] = AttributionHandler.warp.selector;
        selectors[2] = AttributionHandler.donate.selector;
        selectors[3] = AttributionHandler.submit.selector;
        selectors[4] = AttributionHandler.attest.selector;
        selectors[5] = AttributionHandler.dispute.selector;
        selectors[6] = AttributionHandler.resolve.selector;
        selectors[7] = AttributionHandler.finalize.selector;
        selectors[8] = AttributionHandler.skip.selector;
        selectors[9] = AttributionHandler.equivocate.selector;
        selectors[10] = AttributionHandler.withdrawCredit.selector;
        selectors[11] = AttributionHandler.unstake.selector;
        selectors[12] = AttributionHandler.withdrawStake.selector;
        selectors[13] = AttributionHandler.restake.selector;
        selectors[14] = AttributionHandler.claim.selector;
        selectors[15] = AttributionHandler.claimTo.selector;
        selectors[16] = AttributionHandler.claimBatch.selector;
        selectors[17] = AttributionHandler.advance.selector;
        selectors[18] = AttributionHandler.expire.selector;
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// The handler's actions succeed on ordinary inputs (the fuzzer ignores reverts, so a handler whose actions always
    /// failed would make every invariant pass vacuously): funding, an honest report, finalization and claims, a
    /// dispute upheld and one rejected, an equivocation, stake moved out and back.
    function test_handlerActionsSucceed() public {
        handler.fundPools(1_000 ether);
        handler.submit(0, 400 ether, type(uint256).max, false);
        handler.finalize(0);
        assertEq(handler.ghost_finalized(), 1, "finalized");
        assertEq(distributor.cumulativeTotal(), 400 ether, "honest total live");
        handler.claim(0);
        handler.claimTo(1);
        handler.claimBatch();
        assertEq(handler.ghost_claimed(), 400 ether, "every claimant paid");
        handler.fundPools(1_000 ether);
        handler.attest(0, 0, 500 ether, true);
        for (uint256 i = 1; i < 7; ++i) handler.attest(i, 0, 0, false);
        handler.dispute(0, 0);
        handler.resolve(true, 0, 0);
        assertEq(handler.ghost_upheld(), 1, "upheld");
        assertGt(handler.ghost_slashed(), 0, "slashed");
        handler.resolve(false, 0, 600 ether); // submits, disputes and rules
        assertGt(handler.ghost_bondsForfeited(), 0, "bond forfeited");
        handler.finalize(0);
        assertEq(handler.ghost_finalized(), 2, "finalized after a rejected dispute");
        handler.equivocate(3, 7);
        assertEq(handler.ghost_equivocations(), 1, "equivocation");
        handler.withdrawCredit();
        handler.unstake(2, 5_000 ether);
        handler.withdrawStake(2);
        assertEq(handler.ghost_stakeWithdrawn(), 5_000 ether, "withdrawn");
        handler.restake(2, 10_000 ether);
        handler.skip();
        assertEq(oracle.nextEpoch(), 3, "skipped");
        handler.dispute(0, 700 ether);
        handler.expire(0);
        assertEq(handler.ghost_expired(), 1, "expired");
        invariant_claimedNeverAboveFinalized();
        invariant_finalizedNeverAboveFunded();
        invariant_slashedStakeFullyAccounted();
        invariant_courtHoldsBondsAndCredits();
        invariant_noSignerStakeLeavesWhileOpenToDispute();
    }

    /// (a) Total claimed never exceeds the finalized cumulative total.
    function invariant_claimedNeverAboveFinalized() public view {
        assertLe(distributor.totalClaimed(), distributor.cumulativeTotal(), "claimed <= finalized");
        assertEq(distributor.totalClaimed(), handler.ghost_claimed(), "claimed == what claims paid");
        assertEq(
            open.balanceOf(address(distributor)),
            payments.totalAttributionReleased() - distributor.totalClaimed() + handler.ghost_donated(),
            "distributor holds released - claimed + donated"
        );
    }

    /// (b) The finalized cumulative total never exceeds what was funded.
    function invariant_finalizedNeverAboveFunded() public view {
        assertLe(oracle.lastFinalizedTotal(), payments.totalAttributionFunded(), "finalized <= funded");
        assertEq(distributor.cumulativeTotal(), oracle.lastFinalizedTotal(), "distributor total == finalized");
        assertEq(payments.totalAttributionReleased(), oracle.lastFinalizedTotal(), "released == finalized");
    }

    /// (c) Slashed stake is fully accounted: recipient + treasury + remaining stake == before.
    function invariant_slashedStakeFullyAccounted() public view {
        assertEq(
            handler.ghost_stakedIn(),
            staking.totalActiveStake() +
                staking.totalUnbondingStake() +
                handler.ghost_stakeWithdrawn() +
                handler.ghost_slashed(),
            "staked == remaining + withdrawn + slashed"
        );
        assertEq(
            handler.ghost_slashed(),
            handler.ghost_slashRewards() + handler.ghost_slashToTreasury(),
            "slashed == rewards + treasury"
        );
        assertEq(
            open.balanceOf(treasury),
            handler.ghost_slashToTreasury() + handler.ghost_bondsForfeited(),
            "treasury == slashed remainder + forfeited bonds"
        );
        assertEq(
            open.balanceOf(address(disputes)),
            disputes.withdrawable(address(handler)) + handler.ghost_bondsHeld(),
            "court holds credits + bonds in flight"
        );
        assertEq(open.balanceOf(address(oracle)), 0, "the oracle holds no asset");
    }

    /// (d) AttributionDisputes' balance is exactly the open bonds plus what it owes.
    function invariant_courtHoldsBondsAndCredits() public view {
        assertEq(
            open.balanceOf(address(disputes)),
            disputes.openBonds() + disputes.totalWithdrawable(),
            "court balance == open bonds + owed"
        );
        assertEq(disputes.openBonds(), handler.ghost_bondsHeld(), "open bonds == bonds in flight");
    }

    /// (e) No signer's stake leaves while a report it counted in is open to dispute.
    function invariant_noSignerStakeLeavesWhileOpenToDispute() public view {
        assertEq(handler.ghost_lockedStakeLeft(), 0, "a signer's stake left while its report was open");
    }
}
