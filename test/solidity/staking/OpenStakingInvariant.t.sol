// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IOpenStaking} from "../../../contracts/interfaces/IOpenStaking.sol";
import {OpenStaking} from "../../../contracts/OpenStaking.sol";
import {MockFeeSource} from "../../../contracts/mocks/MockFeeSource.sol";
import {OpenStakingLens} from "../../../contracts/periphery/OpenStakingLens.sol";
import {OpenToken} from "../../../contracts/token/OpenToken.sol";
import {Test} from "../utils/Test.sol";
import {OpenStakingHandler} from "./handlers/OpenStakingHandler.sol";
import {StakingSetup} from "./StakingSetup.sol";

/// @title OpenStaking invariants
/// @notice Random sequences of `OpenStakingHandler` actions (stake, stakeFor, requestUnstake, withdraw, slash,
/// register/deregister, delegate, accrue and collect fees, claim, warp) by four actors; after every call:
/// (a) votes: total supply of votes == total active stake == Σ active stake, and Σ getVotes == Σ active stake
///     (every actor always delegates to an actor);
/// (b) solvency: asset held == active + unbonding + unpaid rewards + bounded dust;
/// (c) slashed stake is fully accounted: staked in == active + unbonding + withdrawn + slashed, and the slash
///     recipient holds exactly what was slashed;
/// (d) oracle stake: the total equals the sum of registered oracles' active stake;
/// (e) fees: claimed + unpaid <= collected.
/// @dev Run alone with its handler and setup:
/// `hardhat test solidity test/solidity/staking/OpenStakingInvariant.t.sol
///  test/solidity/staking/handlers/OpenStakingHandler.sol test/solidity/staking/StakingSetup.sol`.
contract OpenStakingInvariantTest is Test {
    OpenToken internal open;
    MockFeeSource internal feeSource;
    OpenStaking internal staking;
    OpenStakingHandler internal handler;

    function setUp() public {
        (open, feeSource, staking) = StakingSetup.deploy(address(this), address(this));
        handler = new OpenStakingHandler(open, feeSource, staking);
        open.transfer(address(handler), 300_000_000 ether);
        staking.grantRole(staking.SLASHER_ROLE(), address(handler));
        handler.setUpActors();
        bytes4[] memory selectors = new bytes4[](11);
        selectors[0] = OpenStakingHandler.stake.selector;
        selectors[1] = OpenStakingHandler.stakeFor.selector;
        selectors[2] = OpenStakingHandler.requestUnstake.selector;
        selectors[3] = OpenStakingHandler.withdraw.selector;
        selectors[4] = OpenStakingHandler.slash.selector;
        selectors[5] = OpenStakingHandler.registerOperator.selector;
        selectors[6] = OpenStakingHandler.delegate.selector;
        selectors[7] = OpenStakingHandler.accrueFees.selector;
        selectors[8] = OpenStakingHandler.collectFees.selector;
        selectors[9] = OpenStakingHandler.claimRewards.selector;
        selectors[10] = OpenStakingHandler.warp.selector;
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    function _sumActive() internal view returns (uint256 sum) {
        address[] memory actors = handler.actors();
        for (uint256 i; i < actors.length; ++i) sum += staking.activeStake(actors[i]);
    }

    function _sumPending() internal view returns (uint256 sum) {
        address[] memory actors = handler.actors();
        for (uint256 i; i < actors.length; ++i) sum += OpenStakingLens.pendingRewards(staking, actors[i]);
    }

    /// (a) Voting units are the active stake.
    function invariant_votingUnitsEqualActiveStake() public view {
        uint256 active = _sumActive();
        // totalActiveStake() is the latest total-supply-of-votes checkpoint.
        assertEq(staking.totalActiveStake(), active, "total supply of votes == sum of active");
        address[] memory actors = handler.actors();
        uint256 votes;
        for (uint256 i; i < actors.length; ++i) votes += staking.getVotes(actors[i]);
        assertEq(votes, active, "sum of votes == sum of active (all delegated)");
    }

    /// (b) The contract holds exactly what it owes, up to bounded dust.
    function invariant_assetHeldCoversStakeAndRewards() public view {
        uint256 owed = staking.totalActiveStake() + staking.totalUnbondingStake() + _sumPending();
        uint256 held = open.balanceOf(address(staking));
        assertGe(held, owed, "held >= owed");
        uint256 carried = OpenStakingLens.rewardRemainder(staking) / staking.REWARD_PRECISION();
        assertLe(held - owed, carried + handler.ghost_settlements() + 1, "dust bounded");
    }

    /// (c) Every unit staked is active, unbonding, withdrawn or slashed; the slash recipient got the slashed units.
    function invariant_slashedStakeFullyAccounted() public view {
        assertEq(
            handler.ghost_staked(),
            staking.totalActiveStake() +
                staking.totalUnbondingStake() +
                handler.ghost_withdrawn() +
                handler.ghost_slashed(),
            "staked == active + unbonding + withdrawn + slashed"
        );
        assertEq(open.balanceOf(handler.slashRecipient()), handler.ghost_slashed(), "recipient holds the slashed");
    }

    /// (d) The oracle total is the sum of registered oracles' active stake.
    function invariant_oracleStakeTotal() public view {
        address[] memory actors = handler.actors();
        uint256 sum;
        for (uint256 i; i < actors.length; ++i) {
            if (staking.operatorRole(actors[i]) == IOpenStaking.OperatorRole.AttributionOracle) {
                sum += staking.activeStake(actors[i]);
            }
        }
        assertEq(staking.totalOracleStake(), sum, "oracle total");
    }

    /// (e) Rewards never exceed the fees collected; fees only move source -> staking -> stakers.
    function invariant_rewardsBoundedByFees() public view {
        assertLe(
            handler.ghost_claimed() + _sumPending(),
            handler.ghost_feesCollected(),
            "claimed + unpaid <= collected"
        );
        assertEq(
            handler.ghost_feesAccrued(),
            handler.ghost_feesCollected() + feeSource.accruedStakerFees(),
            "accrued == collected + still at the source"
        );
    }
}
