// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IOpenStaking} from "../../../../contracts/interfaces/IOpenStaking.sol";
import {OpenStaking} from "../../../../contracts/OpenStaking.sol";
import {MockFeeSource} from "../../../../contracts/mocks/MockFeeSource.sol";
import {OpenToken} from "../../../../contracts/token/OpenToken.sol";
import {TestBase} from "../../utils/TestBase.sol";

/// @title OpenStakingHandler
/// @notice Drives OpenStaking with bounded actions by a fixed set of actors, and keeps ghost totals of everything that
/// entered and left the contract. It holds the SLASHER_ROLE and funds the actors and the fee source.
contract OpenStakingHandler is TestBase {
    OpenToken public open;
    MockFeeSource public feeSource;
    OpenStaking public staking;
    address public slashRecipient;

    address[] internal _actors;

    uint256 public ghost_staked;
    uint256 public ghost_withdrawn;
    uint256 public ghost_slashed;
    uint256 public ghost_feesAccrued;
    uint256 public ghost_feesCollected;
    uint256 public ghost_claimed;
    /// @notice Number of reward settlements (each may floor < 1 wei into dust).
    uint256 public ghost_settlements;

    constructor(OpenToken open_, MockFeeSource feeSource_, OpenStaking staking_) {
        open = open_;
        feeSource = feeSource_;
        staking = staking_;
        slashRecipient = makeAddr("slashRecipient");
    }

    /// @notice Funds the actors from the handler's balance and has each delegate to itself. Called once by setUp
    /// (not a fuzzed selector).
    function setUpActors() external {
        open.approve(address(feeSource), type(uint256).max);
        for (uint256 i; i < 4; ++i) {
            address actor = makeAddr(string.concat("actor", vm.toString(i)));
            _actors.push(actor);
            open.transfer(actor, 50_000_000 ether);
            vm.startPrank(actor);
            open.approve(address(staking), type(uint256).max);
            staking.delegate(actor);
            vm.stopPrank();
        }
    }

    function actors() external view returns (address[] memory) {
        return _actors;
    }

    function _actor(uint256 seed) internal view returns (address) {
        return _actors[boundIndex(seed, _actors.length)];
    }

    function _pendingCollect() internal {
        // Every collection path credits what the source held, if any stake is active.
        if (staking.totalActiveStake() != 0) ghost_feesCollected += feeSource.accruedStakerFees();
    }

    function stake(uint256 actorSeed, uint256 amount) external {
        address actor = _actor(actorSeed);
        amount = bound(amount, 1, 1_000_000 ether);
        vm.prank(actor);
        staking.stake(amount);
        ghost_staked += amount;
        ++ghost_settlements;
    }

    function stakeFor(uint256 payerSeed, uint256 accountSeed, uint256 amount) external {
        address payer = _actor(payerSeed);
        amount = bound(amount, 1, 1_000_000 ether);
        vm.prank(payer);
        staking.stakeFor(_actor(accountSeed), amount);
        ghost_staked += amount;
        ++ghost_settlements;
    }

    function requestUnstake(uint256 actorSeed, uint256 amount) external {
        address actor = _actor(actorSeed);
        uint256 active = staking.activeStake(actor);
        if (active == 0) return;
        amount = bound(amount, 1, active);
        IOpenStaking.OperatorRole role = staking.operatorRole(actor);
        if (role != IOpenStaking.OperatorRole.None && active - amount < staking.minOperatorStake(role)) {
            vm.prank(actor);
            staking.deregisterOperator();
        }
        vm.prank(actor);
        staking.requestUnstake(amount);
        ++ghost_settlements;
    }

    function withdraw(uint256 actorSeed, uint256 wait) external {
        address actor = _actor(actorSeed);
        (uint256 amount, uint256 releaseTime) = staking.unbonding(actor);
        if (amount == 0) return;
        wait = bound(wait, 0, 20 days);
        vm.warp(block.timestamp + wait);
        if (block.timestamp < releaseTime) return;
        vm.prank(actor);
        ghost_withdrawn += staking.withdraw();
    }

    function slash(uint256 actorSeed, uint256 amount) external {
        address actor = _actor(actorSeed);
        amount = bound(amount, 0, 2_000_000 ether);
        ghost_slashed += staking.slash(actor, amount, slashRecipient);
        ++ghost_settlements;
    }

    function registerOperator(uint256 actorSeed, bool oracle) external {
        address actor = _actor(actorSeed);
        if (staking.operatorRole(actor) != IOpenStaking.OperatorRole.None) {
            vm.prank(actor);
            staking.deregisterOperator();
            return;
        }
        IOpenStaking.OperatorRole role =
            oracle ? IOpenStaking.OperatorRole.AttributionOracle : IOpenStaking.OperatorRole.ComputeProvider;
        if (staking.activeStake(actor) < staking.minOperatorStake(role)) return;
        vm.prank(actor);
        staking.registerOperator(role);
    }

    function delegate(uint256 actorSeed, uint256 delegateeSeed) external {
        vm.prank(_actor(actorSeed));
        staking.delegate(_actor(delegateeSeed));
    }

    function accrueFees(uint256 amount) external {
        amount = bound(amount, 0, 100_000 ether);
        feeSource.accrueStakerFees(amount);
        ghost_feesAccrued += amount;
    }

    function collectFees() external {
        _pendingCollect();
        staking.collectFees();
    }

    function claimRewards(uint256 actorSeed) external {
        address actor = _actor(actorSeed);
        _pendingCollect();
        vm.prank(actor);
        ghost_claimed += staking.claimRewards();
        ++ghost_settlements;
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 3 days));
    }
}
