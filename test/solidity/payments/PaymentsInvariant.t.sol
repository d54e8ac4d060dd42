// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IModelRegistry} from "../../../contracts/interfaces/IModelRegistry.sol";
import {Test} from "../utils/Test.sol";
import {PaymentsDeployment} from "./PaymentsBase.sol";
import {PaymentsHandler} from "./handlers/PaymentsHandler.sol";

/// @title Payments invariants
/// @notice The fuzzer calls random sequences of `PaymentsHandler` actions; after every call:
/// (a) asset conservation: InferencePayments holds exactly protocolAccrued + stakerAccrued + the owner accruals
///     + (totalAttributionFunded - totalAttributionReleased) + every escrow balance;
///     AgentRegistry holds exactly the sum of the budgets;
/// (b) every payment split into parts that sum to it exactly, and what was paid in equals what accrued plus what
///     was paid out;
/// (c) no voucher ever paid more than its cumulative amount (nor more than the escrow), and redeemed amounts never
///     exceed the highest voucher signed;
/// (d) releases never exceed what was funded.
/// @dev Running this file alone needs the handler and base too:
/// `hardhat test solidity test/solidity/payments/PaymentsInvariant.t.sol test/solidity/payments/PaymentsBase.sol
/// test/solidity/payments/handlers/PaymentsHandler.sol`.
contract PaymentsInvariantTest is Test, PaymentsDeployment {
    PaymentsHandler internal handler;
    address[] internal actorList;

    function setUp() public {
        _deployPayments();
        uint256 count = 4;
        uint256[] memory keys = new uint256[](count);
        uint256[] memory agentIds = new uint256[](count);
        address[] memory actors_ = new address[](count);
        uint256[] memory allModels = new uint256[](MODEL_COUNT);
        for (uint256 m; m < MODEL_COUNT; ++m) allModels[m] = m + 1;
        for (uint256 i; i < count; ++i) {
            (actors_[i], keys[i]) = makeAddrAndKey(string.concat("actor", vm.toString(i)));
            _fund(actors_[i], 1e25);
        }
        for (uint256 i; i < count; ++i) {
            vm.prank(actors_[i]);
            agentIds[i] = agents.register(actors_[(i + 1) % count], "", allModels);
        }
        actorList = actors_;
        handler = new PaymentsHandler(
            payments,
            agents,
            open,
            IModelRegistry(address(models)),
            staking,
            operator,
            distributor,
            admin,
            actors_,
            keys,
            agentIds
        );

        bytes4[] memory selectors = new bytes4[](14);
        selectors[0] = PaymentsHandler.pay.selector;
        selectors[1] = PaymentsHandler.payFromAgent.selector;
        selectors[2] = PaymentsHandler.depositEscrow.selector;
        selectors[3] = PaymentsHandler.requestEscrowWithdrawal.selector;
        selectors[4] = PaymentsHandler.withdrawEscrow.selector;
        selectors[5] = PaymentsHandler.redeemVoucher.selector;
        selectors[6] = PaymentsHandler.collectProtocolFees.selector;
        selectors[7] = PaymentsHandler.collectStakerFees.selector;
        selectors[8] = PaymentsHandler.collectModelRevenue.selector;
        selectors[9] = PaymentsHandler.releaseAttributionFunds.selector;
        selectors[10] = PaymentsHandler.fundAgent.selector;
        selectors[11] = PaymentsHandler.withdrawBudget.selector;
        selectors[12] = PaymentsHandler.warp.selector;
        selectors[13] = PaymentsHandler.setFees.selector;
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// The handler's actions succeed on ordinary inputs (the fuzzer ignores reverts, so a handler whose actions
    /// always reverted would make every invariant pass vacuously).
    function test_handlerActionsSucceed() public {
        handler.pay(0, 0, 10);
        handler.payFromAgent(0, 0, 1); // no budget yet: skipped
        handler.fundAgent(1, 0, 1e20);
        handler.payFromAgent(0, 1, 5);
        handler.depositEscrow(2, 0, 1e20);
        handler.redeemVoucher(2, 0, 5e19, true);
        handler.requestEscrowWithdrawal(2, 0, 1e19);
        handler.warp(3 days);
        handler.withdrawEscrow(2, 0);
        handler.collectProtocolFees();
        handler.collectStakerFees();
        handler.collectModelRevenue(0);
        handler.releaseAttributionFunds(type(uint256).max);
        handler.withdrawBudget(0, 1e18);
        handler.setFees(1_000, 2_000);
        handler.pay(3, 2, 1_000);
        bytes32[15] memory actions = [
            bytes32("pay"),
            "payFromAgent",
            "fundAgent",
            "depositEscrow",
            "redeemVoucher",
            "requestEscrowWithdrawal",
            "warp",
            "withdrawEscrow",
            "collectProtocolFees",
            "collectStakerFees",
            "collectModelRevenue",
            "releaseAttributionFunds",
            "withdrawBudget",
            "setFees",
            "pay"
        ];
        for (uint256 i; i < actions.length; ++i) assertGe(handler.calls(actions[i]), 1, "action ran");
        assertEq(handler.calls("pay"), 2);
        assertGt(handler.ghost_released(), 0, "something released");
        invariant_paymentsHoldsExactlyWhatItOwes();
        invariant_agentRegistryHoldsExactlyTheBudgets();
        invariant_splitsAreExactAndNothingIsLost();
        invariant_noVoucherPaysMoreThanItsCumulativeAmount();
        invariant_releasesNeverExceedFunding();
    }

    function _sumOwnerAccrued() private view returns (uint256 sum) {
        for (uint256 m = 1; m <= MODEL_COUNT; ++m) sum += payments.modelRevenueAccrued(m);
    }

    function _sumEscrows() private view returns (uint256 sum) {
        for (uint256 i; i < actorList.length; ++i) {
            for (uint256 m = 1; m <= MODEL_COUNT; ++m) {
                (uint128 balance, , , ) = payments.escrowAccount(actorList[i], m);
                sum += balance;
            }
        }
    }

    /// (a) InferencePayments holds exactly what it owes.
    function invariant_paymentsHoldsExactlyWhatItOwes() public view {
        uint256 owed =
            payments.protocolAccrued() +
                payments.stakerAccrued() +
                _sumOwnerAccrued() +
                (payments.totalAttributionFunded() - payments.totalAttributionReleased()) +
                _sumEscrows();
        assertEq(open.balanceOf(address(payments)), owed, "asset held == everything owed");
    }

    /// (a) AgentRegistry holds exactly the budgets.
    function invariant_agentRegistryHoldsExactlyTheBudgets() public view {
        uint256[] memory ids = handler.agentIds();
        uint256 sum;
        for (uint256 i; i < ids.length; ++i) {
            (, uint256 budget) = agents.agent(ids[i]);
            assertEq(budget, handler.ghost_budget(ids[i]), "budget == ghost budget");
            sum += budget;
        }
        assertEq(open.balanceOf(address(agents)), sum, "registry holds == sum of budgets");
    }

    /// (b) Every split summed exactly; paid in == accrued + paid out.
    function invariant_splitsAreExactAndNothingIsLost() public view {
        assertEq(handler.ghost_splitMismatches(), 0, "no split mismatch");
        uint256 accounted =
            payments.protocolAccrued() +
                handler.ghost_protocolCollected() +
                payments.stakerAccrued() +
                handler.ghost_stakerCollected() +
                _sumOwnerAccrued() +
                handler.ghost_ownerCollected() +
                payments.totalAttributionFunded();
        assertEq(accounted, handler.ghost_paidTotal(), "paid == accrued + collected");
    }

    /// (c) No voucher pays more than its cumulative amount.
    function invariant_noVoucherPaysMoreThanItsCumulativeAmount() public view {
        assertEq(handler.ghost_voucherOverpayments(), 0, "no voucher overpaid");
        for (uint256 i; i < actorList.length; ++i) {
            for (uint256 m = 1; m <= MODEL_COUNT; ++m) {
                (, uint128 redeemed, , ) = payments.escrowAccount(actorList[i], m);
                assertLe(redeemed, handler.ghost_maxSigned(actorList[i], m), "redeemed <= highest voucher");
            }
        }
    }

    /// (d) Releases never exceed funding, and match the ghost.
    function invariant_releasesNeverExceedFunding() public view {
        assertLe(payments.totalAttributionReleased(), payments.totalAttributionFunded(), "released <= funded");
        assertEq(payments.totalAttributionReleased(), handler.ghost_released(), "released == ghost");
    }
}
