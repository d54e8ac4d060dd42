// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {WOPEN} from "../../../contracts/token/WOPEN.sol";
import {Test} from "../utils/Test.sol";
import {WOPENHandler} from "./handlers/WOPENHandler.sol";

/// @title WOPEN invariants
/// @notice The fuzzer calls random sequences of `WOPENHandler` actions (deposit, depositFor, plain send, forced
/// value, withdraw, withdrawTo, transfer, approve, transferFrom) by a fixed set of actors; after every call each
/// `invariant_*` function below must hold:
/// (a) solvency: WOPEN never owes more than it holds, `totalSupply <= address(wopen).balance`;
/// (b) no account withdraws more than it was credited (deposits for it) plus what it received, minus what it sent;
/// (c) the actors' balances sum to `totalSupply` (only actors ever hold WOPEN);
/// and, stricter, WOPEN's supply, native holdings and every actor's balance match the handler's ghost accounting
/// exactly. `afterInvariant` then checks that every actor can still unwrap everything it holds.
/// @dev Running this file alone needs the handler too, because Hardhat only writes artifacts for the files it was
/// given and the engine needs the handler's artifact to fuzz it ("address does not have an associated contract"):
/// `hardhat test solidity test/solidity/token/WOPENInvariant.t.sol test/solidity/token/handlers/WOPENHandler.sol`.
/// A full `hardhat test solidity` builds everything and needs nothing extra.
/// `_deployWOPEN` is virtual so that a mutation check can substitute a deliberately broken copy (cast to
/// `WOPEN`; the ABI is the same) and see these invariants fail.
contract WOPENInvariantTest is Test {
    WOPEN internal wopen;
    WOPENHandler internal handler;

    function setUp() public {
        wopen = _deployWOPEN();
        handler = new WOPENHandler(wopen);

        bytes4[] memory selectors = new bytes4[](9);
        selectors[0] = WOPENHandler.deposit.selector;
        selectors[1] = WOPENHandler.depositFor.selector;
        selectors[2] = WOPENHandler.sendValue.selector;
        selectors[3] = WOPENHandler.forceValue.selector;
        selectors[4] = WOPENHandler.withdraw.selector;
        selectors[5] = WOPENHandler.withdrawTo.selector;
        selectors[6] = WOPENHandler.transfer.selector;
        selectors[7] = WOPENHandler.approve.selector;
        selectors[8] = WOPENHandler.transferFrom.selector;
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// (a) WOPEN never owes more native OPEN than it holds.
    function invariant_totalSupplyNeverExceedsNativeHeld() public view {
        assertLe(wopen.totalSupply(), address(wopen).balance, "totalSupply <= native held");
    }

    /// (b) Nobody withdraws more than was credited to it plus what it received minus what it sent.
    function invariant_noActorWithdrawsMoreThanItWasGiven() public view {
        address[] memory actors = handler.actors();
        for (uint256 i; i < actors.length; ++i) {
            address actor = actors[i];
            // withdrawn <= credited + received - sent, rearranged so that neither side can underflow.
            assertLe(
                handler.ghost_withdrawn(actor) + handler.ghost_sent(actor),
                handler.ghost_credited(actor) + handler.ghost_received(actor),
                "withdrawn + sent <= credited + received"
            );
        }
    }

    /// (c) Only the actors hold WOPEN, so their balances add up to the supply.
    function invariant_actorBalancesSumToTotalSupply() public view {
        address[] memory actors = handler.actors();
        uint256 sum;
        for (uint256 i; i < actors.length; ++i) {
            sum += wopen.balanceOf(actors[i]);
        }
        assertEq(sum, wopen.totalSupply(), "sum of actor balances == totalSupply");
    }

    /// Every actor's balance is exactly what the ghosts say it should be.
    function invariant_actorBalancesMatchTheGhostAccounting() public view {
        address[] memory actors = handler.actors();
        for (uint256 i; i < actors.length; ++i) {
            address actor = actors[i];
            assertEq(
                wopen.balanceOf(actor),
                handler.ghost_credited(actor) +
                    handler.ghost_received(actor) -
                    handler.ghost_sent(actor) -
                    handler.ghost_withdrawn(actor),
                "balance == credited + received - sent - withdrawn"
            );
        }
    }

    /// Supply is minted only by deposits and burned only by withdrawals; native value moves in step, plus forced value.
    function invariant_supplyAndNativeHeldMatchTheGhostTotals() public view {
        uint256 outstanding = handler.ghost_creditedTotal() - handler.ghost_withdrawnTotal();
        assertEq(wopen.totalSupply(), outstanding, "totalSupply == credited - withdrawn");
        assertEq(address(wopen).balance, outstanding + handler.ghost_forcedTotal(), "native == outstanding + forced");
    }

    /// Native OPEN is neither created nor lost: what left the actors sits in WOPEN or with the outsider.
    function invariant_nativeValueIsConserved() public view {
        address[] memory actors = handler.actors();
        uint256 sum = address(wopen).balance + handler.OUTSIDER().balance;
        for (uint256 i; i < actors.length; ++i) {
            sum += actors[i].balance;
        }
        uint256 expected = actors.length * handler.ACTOR_START_BALANCE() + handler.ghost_forcedTotal();
        assertEq(sum, expected, "actors + outsider + WOPEN == start + forced");
    }

    /// After any sequence, every actor can unwrap its whole balance and WOPEN ends owing nothing.
    function afterInvariant() public virtual {
        address[] memory actors = handler.actors();
        for (uint256 i; i < actors.length; ++i) {
            address actor = actors[i];
            uint256 balance = wopen.balanceOf(actor);
            uint256 nativeBefore = actor.balance;
            vm.prank(actor);
            wopen.withdraw(balance);
            assertEq(actor.balance, nativeBefore + balance, "unwrapped in full");
        }
        assertEq(wopen.totalSupply(), 0, "nothing owed");
        assertEq(address(wopen).balance, handler.ghost_forcedTotal(), "only forced value left");
    }

    function _deployWOPEN() internal virtual returns (WOPEN) {
        return new WOPEN();
    }
}
