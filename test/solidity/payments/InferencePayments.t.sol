// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IInferencePayments} from "../../../contracts/interfaces/IInferencePayments.sol";
import {IModelRegistry} from "../../../contracts/interfaces/IModelRegistry.sol";
import {FeeSplit} from "../../../contracts/libraries/FeeSplit.sol";
import {Test} from "../utils/Test.sol";
import {PaymentsDeployment} from "./PaymentsBase.sol";

/// @notice Fuzz tests of every state-changing entry point of InferencePayments: exact split accounting, escrow and
/// voucher arithmetic, pull payouts and governance bounds.
contract InferencePaymentsFuzzTest is Test, PaymentsDeployment {
    address private _payer;
    uint256 private _payerKey;
    address private _agentOperator;

    function setUp() public {
        _deployPayments();
        (_payer, _payerKey) = makeAddrAndKey("payer");
        _agentOperator = makeAddr("agentOperator");
        _fund(_payer, 1e27 / 2);
    }

    function _model(uint256 seed) private pure returns (uint256) {
        return (seed % MODEL_COUNT) + 1;
    }

    function _terms(uint256 modelId) private view returns (IModelRegistry.PaymentTerms memory) {
        return models.paymentTerms(modelId);
    }

    function _assertAccrued(uint256 modelId, uint256 amount) private view {
        FeeSplit.Parts memory parts = FeeSplit.split(amount, 500, 500, _terms(modelId).contributorShareBps);
        assertEq(payments.protocolAccrued(), parts.protocol, "protocol");
        assertEq(payments.stakerAccrued(), parts.stakers, "stakers");
        assertEq(payments.modelRevenueAccrued(modelId), parts.owner, "owner");
        assertEq(payments.attributionPool(modelId, payments.currentEpoch()), parts.contributors, "pool");
        assertEq(payments.totalAttributionFunded(), parts.contributors, "funded");
    }

    function testFuzz_pay_accruesTheExactSplit(uint256 modelSeed, uint256 units) public {
        uint256 modelId = _model(modelSeed);
        units = bound(units, 1, 1e9);
        uint256 amount = uint256(_terms(modelId).pricePerUnit) * units;
        vm.prank(_payer);
        assertEq(payments.pay(modelId, units, amount, bytes32(units)), amount);
        _assertAccrued(modelId, amount);
        assertEq(open.balanceOf(address(payments)), amount);
    }

    function testFuzz_pay_revertsAboveMaxAmount(uint256 units, uint256 maxAmount) public {
        units = bound(units, 1, 1e9);
        uint256 amount = 1e15 * units;
        maxAmount = bound(maxAmount, 0, amount - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IInferencePayments.PaymentsPriceAboveMax.selector, 1, amount, maxAmount)
        );
        vm.prank(_payer);
        payments.pay(1, units, maxAmount, bytes32(0));
    }

    function testFuzz_payFor_pullsFromTheCaller(address payerOfRecord, uint256 units) public {
        vm.assume(payerOfRecord != address(0));
        units = bound(units, 1, 1e9);
        uint256 amount = 1e15 * units;
        uint256 before = open.balanceOf(_payer);
        vm.prank(_payer);
        payments.payFor(payerOfRecord, 1, units, amount, bytes32(0));
        assertEq(open.balanceOf(_payer), before - amount);
        _assertAccrued(1, amount);
    }

    function testFuzz_payFromAgent_spendsTheBudget(uint256 budget, uint256 units) public {
        budget = bound(budget, 1e15, 1e24);
        units = bound(units, 1, budget / 1e15);
        uint256[] memory allowed = new uint256[](1);
        allowed[0] = 1;
        vm.startPrank(_payer);
        uint256 agentId = agents.register(_agentOperator, "", allowed);
        agents.fund(agentId, budget);
        vm.stopPrank();
        vm.prank(_agentOperator);
        payments.payFromAgent(agentId, 1, units, type(uint256).max, bytes32(0));
        (, uint256 left) = agents.agent(agentId);
        assertEq(left, budget - units * 1e15);
        assertEq(open.balanceOf(address(agents)), left);
        _assertAccrued(1, units * 1e15);
    }

    function testFuzz_depositEscrow_creditsTheBalance(uint256 modelSeed, uint256 a, uint256 b) public {
        uint256 modelId = _model(modelSeed);
        a = bound(a, 1, 1e26);
        b = bound(b, 1, 1e26);
        vm.startPrank(_payer);
        payments.depositEscrow(modelId, a);
        payments.depositEscrowFor(operator, modelId, b);
        vm.stopPrank();
        (uint128 balance, , , ) = payments.escrowAccount(_payer, modelId);
        (uint128 other, , , ) = payments.escrowAccount(operator, modelId);
        assertEq(balance, a);
        assertEq(other, b);
        assertEq(open.balanceOf(address(payments)), a + b);
    }

    function testFuzz_requestAndWithdrawEscrow_paysTheRequestAfterNotice(uint256 deposit, uint256 request) public {
        deposit = bound(deposit, 1, 1e26);
        request = bound(request, 1, deposit);
        vm.startPrank(_payer);
        payments.depositEscrow(1, deposit);
        payments.requestEscrowWithdrawal(1, request);
        vm.warp(block.timestamp + 2 days - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IInferencePayments.PaymentsWithdrawalNotReady.selector,
                _payer,
                1,
                uint64(block.timestamp + 1)
            )
        );
        payments.withdrawEscrow(1);
        vm.warp(block.timestamp + 1);
        uint256 before = open.balanceOf(_payer);
        assertEq(payments.withdrawEscrow(1), request);
        vm.stopPrank();
        assertEq(open.balanceOf(_payer), before + request);
        (uint128 balance, , uint128 thawing, uint64 thawEnd) = payments.escrowAccount(_payer, 1);
        assertEq(balance, deposit - request);
        assertEq(thawing, 0);
        assertEq(thawEnd, 0);
    }

    function testFuzz_requestEscrowWithdrawal_revertsAboveTheBalance(uint256 deposit, uint256 request) public {
        deposit = bound(deposit, 1, 1e26);
        request = bound(request, deposit + 1, type(uint256).max);
        vm.startPrank(_payer);
        payments.depositEscrow(1, deposit);
        vm.expectRevert(
            abi.encodeWithSelector(IInferencePayments.PaymentsInsufficientEscrow.selector, _payer, 1, deposit, request)
        );
        payments.requestEscrowWithdrawal(1, request);
        vm.stopPrank();
    }

    function testFuzz_redeemVouchers_paysTheIncreaseCappedByTheEscrow(
        uint256 deposit,
        uint128 first,
        uint128 second
    ) public {
        deposit = bound(deposit, 1, 1e26);
        first = uint128(bound(first, 1, 2e26));
        second = uint128(bound(second, 0, 2e26));
        vm.prank(_payer);
        payments.depositEscrow(1, deposit);
        IInferencePayments.Voucher[] memory batch = new IInferencePayments.Voucher[](2);
        batch[0] = _voucher(_payerKey, 1, first);
        batch[1] = _voucher(_payerKey, 1, second);
        vm.prank(operator);
        uint256 paid = payments.redeemVouchers(1, batch);
        uint256 highest = first > second ? first : second;
        uint256 expected = highest < deposit ? highest : deposit;
        assertEq(paid, expected, "paid == min(highest voucher, escrow)");
        (uint128 balance, uint128 redeemed, , ) = payments.escrowAccount(_payer, 1);
        assertEq(redeemed, expected, "redeemed records only what was paid");
        assertLe(redeemed, highest, "never more than the voucher");
        assertEq(balance, deposit - expected);
        _assertAccrued(1, expected);
    }

    function testFuzz_redeemVouchers_skipsAForgedSignatureAndPaysTheRest(uint256 key, uint128 amount) public {
        key = bound(key, 1, 1e70);
        vm.assume(vm.addr(key) != _payer);
        amount = uint128(bound(amount, 1, 1e18));
        vm.prank(_payer);
        payments.depositEscrow(1, 2e18);
        IInferencePayments.Voucher[] memory batch = new IInferencePayments.Voucher[](2);
        batch[0] = _voucher(key, 1, amount);
        batch[0].payer = _payer;
        batch[1] = _voucher(_payerKey, 1, 1e18);
        vm.prank(operator);
        uint256 paid = payments.redeemVouchers(1, batch);
        assertEq(paid, 1e18, "the forged voucher pays nothing, the good one everything");
        (uint128 balance, uint128 redeemed, , ) = payments.escrowAccount(_payer, 1);
        assertEq(redeemed, 1e18);
        assertEq(balance, 1e18);
    }

    /// Decision 0260: a voucher signed by a key the payer authorized stays redeemable for the whole escrow notice after
    /// the payer revokes the key, and pays nothing (skipped) from then on.
    function testFuzz_revokedSigner_vouchersRedeemableUntilTheNoticeEnds(uint256 wait, uint128 amount) public {
        (address signer, uint256 signerKey) = makeAddrAndKey("signer");
        amount = uint128(bound(amount, 1, 1e18));
        vm.startPrank(_payer);
        payments.depositEscrow(1, 1e18);
        payments.authorizeSigner(signer);
        IInferencePayments.Voucher[] memory batch = new IInferencePayments.Voucher[](1);
        (uint8 v, bytes32 r, bytes32 sHalf) = vm.sign(signerKey, payments.voucherDigest(_payer, 1, amount));
        batch[0] = IInferencePayments.Voucher({
            payer: _payer,
            cumulativeAmount: amount,
            r: r,
            vs: bytes32(uint256(sHalf) | (uint256(v - 27) << 255))
        });
        uint256 revokedAt = block.timestamp;
        payments.revokeSigner(signer);
        payments.requestEscrowWithdrawal(1, 1e18);
        vm.stopPrank();
        uint256 notice = payments.escrowNoticePeriod();
        wait = bound(wait, 0, 2 * notice);
        vm.warp(revokedAt + wait);
        vm.prank(operator);
        uint256 paid = payments.redeemVouchers(1, batch);
        assertEq(paid, wait < notice ? amount : 0, "redeemable exactly until the notice ends");
    }

    function testFuzz_collects_payEachShareToItsRecipient(uint256 units) public {
        units = bound(units, 1, 1e9);
        uint256 amount = 1e15 * units;
        vm.prank(_payer);
        payments.pay(1, units, amount, bytes32(0));
        FeeSplit.Parts memory parts = FeeSplit.split(amount, 500, 500, 3_000);
        assertEq(payments.collectProtocolFees(), parts.protocol);
        assertEq(staking.collectFrom(payments), parts.stakers);
        assertEq(payments.collectModelRevenue(1), parts.owner);
        vm.prank(distributor);
        assertEq(payments.releaseAttributionFunds(parts.contributors), parts.contributors);
        assertEq(open.balanceOf(treasury), parts.protocol);
        assertEq(open.balanceOf(address(staking)), parts.stakers);
        assertEq(open.balanceOf(modelOwner), parts.owner);
        assertEq(open.balanceOf(distributor), parts.contributors);
        assertEq(open.balanceOf(address(payments)), 0);
    }

    function testFuzz_releaseAttributionFunds_neverAboveFunded(uint256 units, uint256 cumulative) public {
        units = bound(units, 1, 1e9);
        vm.prank(_payer);
        payments.pay(1, units, type(uint256).max, bytes32(0));
        uint256 funded = payments.totalAttributionFunded();
        cumulative = bound(cumulative, funded + 1, type(uint256).max);
        vm.expectRevert(
            abi.encodeWithSelector(IInferencePayments.PaymentsReleaseExceedsFunded.selector, cumulative, funded)
        );
        vm.prank(distributor);
        payments.releaseAttributionFunds(cumulative);
    }

    function testFuzz_setters_enforceTheirBounds(uint16 protocolBps, uint16 stakerBps, uint32 notice) public {
        vm.startPrank(admin);
        if (protocolBps > 1_000) vm.expectRevert();
        payments.setProtocolFeeBps(protocolBps);
        if (stakerBps > 2_000) vm.expectRevert();
        payments.setStakerFeeBps(stakerBps);
        if (notice < 1 hours || notice > 30 days) vm.expectRevert();
        payments.setEscrowNoticePeriod(notice);
        vm.stopPrank();
        assertLe(payments.protocolFeeBps(), 1_000);
        assertLe(payments.stakerFeeBps(), 2_000);
        assertGe(payments.escrowNoticePeriod(), 1 hours);
        assertLe(payments.escrowNoticePeriod(), 30 days);
    }

    /// Payments large enough to push the 80-bit hot counters over (2^80 wei = 1.2 million OPEN) spill them into the
    /// full-width counters; every view and payout stays exact.
    function testFuzz_pay_largePaymentsSpillTheHotCountersExactly(uint256 a, uint256 b, uint256 c) public {
        _setModel(4, operator, 1e18, 5_000, IModelRegistry.ModelStatus.Active);
        a = bound(a, 1, 1.5e8);
        b = bound(b, 1, 1.5e8);
        c = bound(c, 1, 1.5e8);
        uint256 protocol;
        uint256 stakers;
        uint256 contributors;
        uint256 owner;
        uint256[3] memory units = [a, b, c];
        for (uint256 i; i < 3; ++i) {
            vm.prank(_payer);
            payments.pay(4, units[i], type(uint256).max, bytes32(0));
            FeeSplit.Parts memory parts = FeeSplit.split(units[i] * 1e18, 500, 500, 5_000);
            protocol += parts.protocol;
            stakers += parts.stakers;
            contributors += parts.contributors;
            owner += parts.owner;
        }
        assertEq(payments.protocolAccrued(), protocol, "protocol");
        assertEq(payments.stakerAccrued(), stakers, "stakers");
        assertEq(payments.totalAttributionFunded(), contributors, "funded");
        assertEq(payments.attributionPool(4, payments.currentEpoch()), contributors, "pool");
        assertEq(payments.modelRevenueAccrued(4), owner, "owner");
        assertEq(payments.collectProtocolFees(), protocol);
        assertEq(staking.collectFrom(payments), stakers);
        assertEq(payments.protocolAccrued(), 0);
        assertEq(payments.stakerAccrued(), 0);
        vm.prank(distributor);
        assertEq(payments.releaseAttributionFunds(contributors), contributors);
        assertEq(open.balanceOf(address(payments)), owner);
    }

    function testFuzz_attributionPool_keysPaymentsByEpoch(uint256 warp1, uint256 warp2) public {
        warp1 = bound(warp1, 0, 10 * uint256(EPOCH_LENGTH));
        warp2 = bound(warp2, 0, 10 * uint256(EPOCH_LENGTH));
        vm.warp(block.timestamp + warp1);
        uint64 e1 = payments.currentEpoch();
        vm.prank(_payer);
        payments.pay(1, 10, type(uint256).max, bytes32(0));
        vm.warp(block.timestamp + warp2);
        uint64 e2 = payments.currentEpoch();
        vm.prank(_payer);
        payments.pay(1, 20, type(uint256).max, bytes32(0));
        uint256 p1 = FeeSplit.split(1e16, 500, 500, 3_000).contributors;
        uint256 p2 = FeeSplit.split(2e16, 500, 500, 3_000).contributors;
        if (e1 == e2) {
            assertEq(payments.attributionPool(1, e1), p1 + p2);
        } else {
            assertEq(payments.attributionPool(1, e1), p1);
            assertEq(payments.attributionPool(1, e2), p2);
        }
        assertEq(payments.totalAttributionFunded(), p1 + p2);
    }
}
