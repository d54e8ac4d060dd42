// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockInferencePayments} from "../../../../contracts/mocks/MockInferencePayments.sol";
import {ModelShares} from "../../../../contracts/token/ModelShares.sol";
import {OpenToken} from "../../../../contracts/token/OpenToken.sol";
import {TestBase} from "../../utils/TestBase.sol";

/// @title ModelSharesHandler: what the invariant fuzzer does to one model's shares token
/// @notice Actors move shares among themselves (transfer, transferFrom), revenue arrives through InferencePayments
/// or as a direct transfer, anyone syncs, and actors claim for themselves or for each other.
/// @dev Ghosts, in asset units:
/// - `ghost_arrived`: asset that reached the shares token (collected at sync, or sent directly);
/// - `ghost_pending`: asset accrued in payments or sent directly since the last sync (what the next sync receives);
/// - `ghost_claimed[a]`, `ghost_claimedTotal`: paid out by claim/claimFor;
/// - `ghost_entitlementNumerator[a]`: sum over syncs of `balanceOf(a) * received` at that sync; an actor's exact
///   pro-rata entitlement is this divided by the total supply;
/// - `ghost_settlements[a]`, `ghost_settlementsTotal`: balance settlements (each one may round down by < 1 unit).
contract ModelSharesHandler is TestBase {
    uint256 public constant ACTOR_COUNT = 4;
    uint256 public constant MODEL_ID = 1;

    ModelShares public immutable SHARES;
    OpenToken public immutable OPEN;
    MockInferencePayments public immutable PAYMENTS;

    address[] private _actors;

    uint256 public ghost_arrived;
    uint256 public ghost_pending;
    uint256 public ghost_claimedTotal;
    uint256 public ghost_settlementsTotal;
    mapping(address account => uint256) public ghost_claimed;
    mapping(address account => uint256) public ghost_entitlementNumerator;
    mapping(address account => uint256) public ghost_settlements;

    /// @param actors_ The accounts that hold all shares (the first holds the whole supply at the start).
    constructor(ModelShares shares, OpenToken open, MockInferencePayments payments, address[] memory actors_) {
        SHARES = shares;
        OPEN = open;
        PAYMENTS = payments;
        _actors = actors_;
        open.approve(address(payments), type(uint256).max);
    }

    function actors() external view returns (address[] memory) {
        return _actors;
    }

    function transfer(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address from = _actor(fromSeed);
        address to = _actor(toSeed);
        amount = bound(amount, 0, SHARES.balanceOf(from));
        vm.prank(from);
        SHARES.transfer(to, amount);
        _settled(from);
        if (to != from) _settled(to);
    }

    function transferFrom(uint256 spenderSeed, uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address spender = _actor(spenderSeed);
        address from = _actor(fromSeed);
        address to = _actor(toSeed);
        amount = bound(amount, 0, SHARES.balanceOf(from));
        vm.prank(from);
        SHARES.approve(spender, amount);
        vm.prank(spender);
        SHARES.transferFrom(from, to, amount);
        _settled(from);
        if (to != from) _settled(to);
    }

    function accrueRevenue(uint256 amount) external {
        amount = bound(amount, 1, 1e24);
        PAYMENTS.accrue(MODEL_ID, amount);
        ghost_pending += amount;
    }

    function sendRevenueDirectly(uint256 amount) external {
        amount = bound(amount, 1, 1e24);
        ghost_pending += amount;
        ghost_arrived += amount;
        OPEN.transfer(address(SHARES), amount);
    }

    function sync(uint256 callerSeed) external {
        uint256 received = ghost_pending;
        uint256 collected = PAYMENTS.accrued(MODEL_ID);
        for (uint256 i; i < _actors.length; ++i) {
            ghost_entitlementNumerator[_actors[i]] += SHARES.balanceOf(_actors[i]) * received;
        }
        vm.prank(_actor(callerSeed));
        SHARES.sync();
        ghost_arrived += collected;
        ghost_pending = 0;
    }

    function claim(uint256 actorSeed) external {
        address actor = _actor(actorSeed);
        if (SHARES.claimable(actor) == 0) return;
        vm.prank(actor);
        uint256 amount = SHARES.claim();
        _claimed(actor, amount);
    }

    function claimFor(uint256 callerSeed, uint256 accountSeed) external {
        address account = _actor(accountSeed);
        if (SHARES.claimable(account) == 0) return;
        vm.prank(_actor(callerSeed));
        uint256 amount = SHARES.claimFor(account);
        _claimed(account, amount);
    }

    function _claimed(address account, uint256 amount) private {
        ghost_claimed[account] += amount;
        ghost_claimedTotal += amount;
        _settled(account);
    }

    function _settled(address account) private {
        ++ghost_settlements[account];
        ++ghost_settlementsTotal;
    }

    function _actor(uint256 seed) private view returns (address) {
        return _actors[boundIndex(seed, _actors.length)];
    }
}
