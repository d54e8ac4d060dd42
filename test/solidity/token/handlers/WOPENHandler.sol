// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {WOPEN} from "../../../../contracts/token/WOPEN.sol";
import {TestBase} from "../../utils/TestBase.sol";

/// @title WOPENHandler: the actions the invariant fuzzer takes against WOPEN
/// @notice Every action picks its actors from a fixed set by a fuzzed seed, bounds its amounts so that honest calls
/// succeed, calls WOPEN as that actor and records what it asked for in ghost variables. The invariant suite then
/// compares WOPEN's state with the ghosts. Ghosts record the requested amounts, never WOPEN's own answers, so a
/// WOPEN that mints, burns or pays a wrong amount shows up as a mismatch.
/// @dev Per-actor accounting, in WOPEN units: `ghost_credited` (deposits, depositFor and plain sends credited to
/// the actor), `ghost_received` / `ghost_sent` (transfers and transferFroms, including self-transfers on both
/// sides), `ghost_withdrawn` (burned by withdraw and withdrawTo, whoever got the native value). For every actor
/// `balanceOf == credited + received - sent - withdrawn`.
contract WOPENHandler is TestBase {
    uint256 public constant ACTOR_COUNT = 4;
    /// @dev Native OPEN each actor starts with. Withdrawals pay it back, so actors never run dry for long.
    uint256 public constant ACTOR_START_BALANCE = 1e27;

    WOPEN public immutable WOPEN_TOKEN;

    address[] private _actors;
    /// @notice Receives native value from withdrawTo; holds no WOPEN and is not an actor.
    address public immutable OUTSIDER;

    mapping(address account => uint256) public ghost_credited;
    mapping(address account => uint256) public ghost_received;
    mapping(address account => uint256) public ghost_sent;
    mapping(address account => uint256) public ghost_withdrawn;
    uint256 public ghost_creditedTotal;
    uint256 public ghost_withdrawnTotal;
    uint256 public ghost_forcedTotal;

    /// @notice How often each action ran with a non-zero amount, to show in a failing run what the fuzzer did.
    mapping(bytes32 action => uint256) public calls;

    constructor(WOPEN wopen) {
        WOPEN_TOKEN = wopen;
        for (uint256 i; i < ACTOR_COUNT; ++i) {
            address actor = makeAddr(string.concat("actor", vm.toString(i)));
            vm.deal(actor, ACTOR_START_BALANCE);
            _actors.push(actor);
        }
        OUTSIDER = makeAddr("outsider");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Wrapping
    // ---------------------------------------------------------------------------------------------------------------

    function deposit(uint256 actorSeed, uint256 amount) external {
        address actor = _actor(actorSeed);
        amount = bound(amount, 0, actor.balance);
        vm.prank(actor);
        WOPEN_TOKEN.deposit{value: amount}();
        _credit(actor, amount, "deposit");
    }

    function depositFor(uint256 payerSeed, uint256 accountSeed, uint256 amount) external {
        address payer = _actor(payerSeed);
        address account = _actor(accountSeed);
        amount = bound(amount, 0, payer.balance);
        vm.prank(payer);
        WOPEN_TOKEN.depositFor{value: amount}(account);
        _credit(account, amount, "depositFor");
    }

    function sendValue(uint256 actorSeed, uint256 amount) external {
        address actor = _actor(actorSeed);
        amount = bound(amount, 0, actor.balance);
        vm.prank(actor);
        (bool ok, ) = address(WOPEN_TOKEN).call{value: amount}("");
        if (!ok) return; // would be a bug; the exact-accounting invariants then show it
        _credit(actor, amount, "sendValue");
    }

    /// @notice Native value arrives without a call to WOPEN, as for a self-destruct beneficiary or a block reward.
    /// `vm.deal` has the same effect as a self-destructing sender (balance up, no code run) without compiling a
    /// deprecated opcode.
    function forceValue(uint256 amount) external {
        amount = bound(amount, 0, 1e24);
        vm.deal(address(WOPEN_TOKEN), address(WOPEN_TOKEN).balance + amount);
        ghost_forcedTotal += amount;
        if (amount != 0) ++calls["forceValue"];
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Unwrapping
    // ---------------------------------------------------------------------------------------------------------------

    function withdraw(uint256 actorSeed, uint256 amount) external {
        address actor = _actor(actorSeed);
        amount = bound(amount, 0, WOPEN_TOKEN.balanceOf(actor));
        vm.prank(actor);
        WOPEN_TOKEN.withdraw(amount);
        _debit(actor, amount, "withdraw");
    }

    /// @param toSeed Picks an actor or, for the last index, the outsider.
    function withdrawTo(uint256 actorSeed, uint256 toSeed, uint256 amount) external {
        address actor = _actor(actorSeed);
        uint256 toIndex = boundIndex(toSeed, ACTOR_COUNT + 1);
        address to = toIndex == ACTOR_COUNT ? OUTSIDER : _actors[toIndex];
        amount = bound(amount, 0, WOPEN_TOKEN.balanceOf(actor));
        vm.prank(actor);
        WOPEN_TOKEN.withdrawTo(payable(to), amount);
        _debit(actor, amount, "withdrawTo");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // ERC-20
    // ---------------------------------------------------------------------------------------------------------------

    function transfer(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address from = _actor(fromSeed);
        address to = _actor(toSeed);
        amount = bound(amount, 0, WOPEN_TOKEN.balanceOf(from));
        vm.prank(from);
        WOPEN_TOKEN.transfer(to, amount);
        _move(from, to, amount, "transfer");
    }

    function approve(uint256 ownerSeed, uint256 spenderSeed, uint256 amount) external {
        address owner = _actor(ownerSeed);
        address spender = _actor(spenderSeed);
        vm.prank(owner);
        WOPEN_TOKEN.approve(spender, amount);
        ++calls["approve"];
    }

    /// @dev With 4 actors a random `approve` rarely precedes a `transferFrom` by the same pair, so when the spender
    /// has no allowance the owner first approves `approval` (any value, including the infinite allowance).
    function transferFrom(
        uint256 spenderSeed,
        uint256 ownerSeed,
        uint256 toSeed,
        uint256 amount,
        uint256 approval
    ) external {
        address spender = _actor(spenderSeed);
        address owner = _actor(ownerSeed);
        address to = _actor(toSeed);
        if (WOPEN_TOKEN.allowance(owner, spender) == 0) {
            vm.prank(owner);
            WOPEN_TOKEN.approve(spender, approval);
        }
        uint256 allowance = WOPEN_TOKEN.allowance(owner, spender);
        uint256 balance = WOPEN_TOKEN.balanceOf(owner);
        amount = bound(amount, 0, allowance < balance ? allowance : balance);
        vm.prank(spender);
        WOPEN_TOKEN.transferFrom(owner, to, amount);
        _move(owner, to, amount, "transferFrom");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Views for the invariant suite
    // ---------------------------------------------------------------------------------------------------------------

    function actors() external view returns (address[] memory) {
        return _actors;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------------------------------------------------

    function _actor(uint256 seed) private view returns (address) {
        return _actors[boundIndex(seed, ACTOR_COUNT)];
    }

    function _credit(address account, uint256 amount, bytes32 action) private {
        ghost_credited[account] += amount;
        ghost_creditedTotal += amount;
        if (amount != 0) ++calls[action];
    }

    function _debit(address account, uint256 amount, bytes32 action) private {
        ghost_withdrawn[account] += amount;
        ghost_withdrawnTotal += amount;
        if (amount != 0) ++calls[action];
    }

    function _move(address from, address to, uint256 amount, bytes32 action) private {
        ghost_sent[from] += amount;
        ghost_received[to] += amount;
        if (amount != 0) ++calls[action];
    }
}
