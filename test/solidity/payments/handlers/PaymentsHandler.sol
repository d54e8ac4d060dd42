// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AgentRegistry} from "../../../../contracts/AgentRegistry.sol";
import {InferencePayments} from "../../../../contracts/InferencePayments.sol";
import {IInferencePayments} from "../../../../contracts/interfaces/IInferencePayments.sol";
import {FeeSplit} from "../../../../contracts/libraries/FeeSplit.sol";
import {IModelRegistry} from "../../../../contracts/interfaces/IModelRegistry.sol";
import {PaymentsStakingStandIn} from "../../../../contracts/mocks/PaymentsStakingStandIn.sol";
import {OpenToken} from "../../../../contracts/token/OpenToken.sol";
import {TestBase} from "../../utils/TestBase.sol";

/// @title PaymentsHandler: the actions the invariant fuzzer takes against InferencePayments and AgentRegistry
/// @notice Actors pay directly, pay from their agents, escrow, sign and get vouchers redeemed, withdraw escrow after
/// notice, fund and drain agents; anyone collects; the distributor releases; time passes and governance moves the
/// fees. Amounts are bounded so that honest calls succeed.
/// @dev Ghosts: `ghost_paidTotal` (sum of every payment the handler made, from its own arithmetic), what each pull
/// payout moved, the highest voucher each payer signed per model, per-agent budgets, and counters of split and
/// voucher violations observed around each call (state deltas compared with `FeeSplit` on the handler's inputs).
contract PaymentsHandler is TestBase {
    uint256 public constant MODEL_COUNT = 3;

    InferencePayments public immutable PAYMENTS;
    AgentRegistry public immutable AGENTS;
    OpenToken public immutable OPEN;
    IModelRegistry public immutable MODELS;
    PaymentsStakingStandIn public immutable STAKING;
    address public immutable OPERATOR;
    address public immutable DISTRIBUTOR;
    address public immutable ADMIN;

    address[] private _actors;
    uint256[] private _keys;
    /// @dev Agent `i + 1` belongs to actor `i`, operated by actor `(i + 1) % n`, allowed on every model.
    uint256[] private _agentIds;

    uint256 public ghost_paidTotal;
    uint256 public ghost_protocolCollected;
    uint256 public ghost_stakerCollected;
    uint256 public ghost_ownerCollected;
    uint256 public ghost_released;
    uint256 public ghost_splitMismatches;
    uint256 public ghost_voucherOverpayments;
    mapping(address payer => mapping(uint256 modelId => uint128)) public ghost_maxSigned;
    mapping(uint256 agentId => uint256) public ghost_budget;
    mapping(bytes32 action => uint256) public calls;

    struct Snapshot {
        uint256 protocolAccrued;
        uint256 stakerAccrued;
        uint256 ownerAccrued;
        uint256 funded;
        uint256 pool;
    }

    constructor(
        InferencePayments payments,
        AgentRegistry agents,
        OpenToken open,
        IModelRegistry models,
        PaymentsStakingStandIn staking,
        address operator,
        address distributor,
        address admin,
        address[] memory actors_,
        uint256[] memory keys_,
        uint256[] memory agentIds_
    ) {
        PAYMENTS = payments;
        AGENTS = agents;
        OPEN = open;
        MODELS = models;
        STAKING = staking;
        OPERATOR = operator;
        DISTRIBUTOR = distributor;
        ADMIN = admin;
        _actors = actors_;
        _keys = keys_;
        _agentIds = agentIds_;
    }

    function actors() external view returns (address[] memory) {
        return _actors;
    }

    function agentIds() external view returns (uint256[] memory) {
        return _agentIds;
    }

    // ------------------------------------------------------------------------------------------------ payments

    function pay(uint256 actorSeed, uint256 modelSeed, uint256 units) external {
        address actor = _actors[boundIndex(actorSeed, _actors.length)];
        uint256 modelId = _model(modelSeed);
        uint256 price = MODELS.paymentTerms(modelId).pricePerUnit;
        units = bound(units, 1, 1e6);
        uint256 amount = price * units;
        if (amount > OPEN.balanceOf(actor)) return;
        Snapshot memory before = _snapshot(modelId);
        vm.prank(actor);
        PAYMENTS.pay(modelId, units, amount, bytes32(units));
        _checkSplit(modelId, amount, before);
        ++calls["pay"];
    }

    function payFromAgent(uint256 agentSeed, uint256 modelSeed, uint256 units) external {
        uint256 index = boundIndex(agentSeed, _agentIds.length);
        uint256 agentId = _agentIds[index];
        uint256 modelId = _model(modelSeed);
        uint256 price = MODELS.paymentTerms(modelId).pricePerUnit;
        if (ghost_budget[agentId] < price) return;
        units = bound(units, 1, ghost_budget[agentId] / price);
        uint256 amount = price * units;
        Snapshot memory before = _snapshot(modelId);
        vm.prank(_actors[(index + 1) % _actors.length]);
        PAYMENTS.payFromAgent(agentId, modelId, units, amount, bytes32(0));
        ghost_budget[agentId] -= amount;
        _checkSplit(modelId, amount, before);
        ++calls["payFromAgent"];
    }

    // ------------------------------------------------------------------------------------------------ escrow

    function depositEscrow(uint256 actorSeed, uint256 modelSeed, uint256 amount) external {
        address actor = _actors[boundIndex(actorSeed, _actors.length)];
        amount = bound(amount, 1, OPEN.balanceOf(actor) / 4 + 1);
        if (amount > OPEN.balanceOf(actor)) return;
        vm.prank(actor);
        PAYMENTS.depositEscrow(_model(modelSeed), amount);
        ++calls["depositEscrow"];
    }

    function requestEscrowWithdrawal(uint256 actorSeed, uint256 modelSeed, uint256 amount) external {
        address actor = _actors[boundIndex(actorSeed, _actors.length)];
        uint256 modelId = _model(modelSeed);
        (uint128 balance, , , ) = PAYMENTS.escrowAccount(actor, modelId);
        amount = bound(amount, 0, balance);
        vm.prank(actor);
        PAYMENTS.requestEscrowWithdrawal(modelId, amount);
        ++calls["requestEscrowWithdrawal"];
    }

    function withdrawEscrow(uint256 actorSeed, uint256 modelSeed) external {
        address actor = _actors[boundIndex(actorSeed, _actors.length)];
        uint256 modelId = _model(modelSeed);
        (, , , uint64 thawEnd) = PAYMENTS.escrowAccount(actor, modelId);
        if (thawEnd == 0 || block.timestamp < thawEnd) return;
        vm.prank(actor);
        PAYMENTS.withdrawEscrow(modelId);
        ++calls["withdrawEscrow"];
    }

    /// @notice The payer signs a voucher `increase` above what was redeemed (or a stale one when `increase == 0`),
    /// and the operator redeems it, possibly twice in the same batch.
    function redeemVoucher(uint256 actorSeed, uint256 modelSeed, uint256 increase, bool duplicate) external {
        uint256 index = boundIndex(actorSeed, _actors.length);
        address payer = _actors[index];
        uint256 modelId = _model(modelSeed);
        (uint128 balanceBefore, uint128 redeemedBefore, , ) = PAYMENTS.escrowAccount(payer, modelId);
        increase = bound(increase, 0, uint256(balanceBefore) + 1e18);
        uint128 cumulative = uint128(uint256(redeemedBefore) + increase);
        if (cumulative > ghost_maxSigned[payer][modelId]) ghost_maxSigned[payer][modelId] = cumulative;

        IInferencePayments.Voucher[] memory batch = new IInferencePayments.Voucher[](duplicate ? 2 : 1);
        batch[0] = _sign(_keys[index], payer, modelId, cumulative);
        if (duplicate) batch[1] = batch[0];
        Snapshot memory before = _snapshot(modelId);
        vm.prank(OPERATOR);
        uint256 paid = PAYMENTS.redeemVouchers(modelId, batch);

        (uint128 balanceAfter, uint128 redeemedAfter, , ) = PAYMENTS.escrowAccount(payer, modelId);
        uint256 owed = cumulative > redeemedBefore ? cumulative - redeemedBefore : 0;
        uint256 expected = owed < balanceBefore ? owed : balanceBefore;
        if (
            paid != expected ||
            redeemedAfter > cumulative ||
            redeemedAfter != redeemedBefore + paid ||
            balanceAfter != balanceBefore - paid
        ) ++ghost_voucherOverpayments;
        if (paid != 0) _checkSplit(modelId, paid, before);
        ++calls["redeemVoucher"];
    }

    // ------------------------------------------------------------------------------------------------ payouts

    function collectProtocolFees() external {
        ghost_protocolCollected += PAYMENTS.collectProtocolFees();
        ++calls["collectProtocolFees"];
    }

    function collectStakerFees() external {
        ghost_stakerCollected += STAKING.collectFrom(PAYMENTS);
        ++calls["collectStakerFees"];
    }

    function collectModelRevenue(uint256 modelSeed) external {
        ghost_ownerCollected += PAYMENTS.collectModelRevenue(_model(modelSeed));
        ++calls["collectModelRevenue"];
    }

    function releaseAttributionFunds(uint256 cumulative) external {
        cumulative = bound(cumulative, 0, PAYMENTS.totalAttributionFunded());
        vm.prank(DISTRIBUTOR);
        ghost_released += PAYMENTS.releaseAttributionFunds(cumulative);
        ++calls["releaseAttributionFunds"];
    }

    // ------------------------------------------------------------------------------------------------ agents

    function fundAgent(uint256 actorSeed, uint256 agentSeed, uint256 amount) external {
        address actor = _actors[boundIndex(actorSeed, _actors.length)];
        uint256 agentId = _agentIds[boundIndex(agentSeed, _agentIds.length)];
        amount = bound(amount, 1, OPEN.balanceOf(actor) / 4 + 1);
        if (amount > OPEN.balanceOf(actor)) return;
        vm.prank(actor);
        AGENTS.fund(agentId, amount);
        ghost_budget[agentId] += amount;
        ++calls["fundAgent"];
    }

    function withdrawBudget(uint256 agentSeed, uint256 amount) external {
        uint256 index = boundIndex(agentSeed, _agentIds.length);
        uint256 agentId = _agentIds[index];
        if (ghost_budget[agentId] == 0) return;
        amount = bound(amount, 1, ghost_budget[agentId]);
        vm.prank(_actors[index]);
        AGENTS.withdrawBudget(agentId, amount, _actors[index]);
        ghost_budget[agentId] -= amount;
        ++calls["withdrawBudget"];
    }

    // ------------------------------------------------------------------------------------------------ time, governance

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 0, 3 days));
        ++calls["warp"];
    }

    function setFees(uint256 protocolBps, uint256 stakerBps) external {
        vm.startPrank(ADMIN);
        PAYMENTS.setProtocolFeeBps(uint16(bound(protocolBps, 0, 1_000)));
        PAYMENTS.setStakerFeeBps(uint16(bound(stakerBps, 0, 2_000)));
        vm.stopPrank();
        ++calls["setFees"];
    }

    // ------------------------------------------------------------------------------------------------ helpers

    function _model(uint256 seed) private pure returns (uint256) {
        return (seed % MODEL_COUNT) + 1;
    }

    function _snapshot(uint256 modelId) private view returns (Snapshot memory s) {
        s.protocolAccrued = PAYMENTS.protocolAccrued();
        s.stakerAccrued = PAYMENTS.stakerAccrued();
        s.ownerAccrued = PAYMENTS.modelRevenueAccrued(modelId);
        s.funded = PAYMENTS.totalAttributionFunded();
        s.pool = PAYMENTS.attributionPool(modelId, PAYMENTS.currentEpoch());
    }

    /// @dev Compares the accrual deltas with FeeSplit on the handler's own inputs; counts any mismatch.
    function _checkSplit(uint256 modelId, uint256 amount, Snapshot memory before) private {
        FeeSplit.Parts memory parts = FeeSplit.split(
            amount,
            PAYMENTS.protocolFeeBps(),
            PAYMENTS.stakerFeeBps(),
            MODELS.paymentTerms(modelId).contributorShareBps
        );
        Snapshot memory afterwards = _snapshot(modelId);
        if (
            parts.protocol + parts.stakers + parts.contributors + parts.owner != amount ||
            afterwards.protocolAccrued - before.protocolAccrued != parts.protocol ||
            afterwards.stakerAccrued - before.stakerAccrued != parts.stakers ||
            afterwards.ownerAccrued - before.ownerAccrued != parts.owner ||
            afterwards.funded - before.funded != parts.contributors ||
            afterwards.pool - before.pool != parts.contributors
        ) ++ghost_splitMismatches;
        ghost_paidTotal += amount;
    }

    function _sign(
        uint256 key,
        address payer,
        uint256 modelId,
        uint128 cumulative
    ) private view returns (IInferencePayments.Voucher memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, PAYMENTS.voucherDigest(payer, modelId, cumulative));
        return
            IInferencePayments.Voucher({
                payer: payer,
                cumulativeAmount: cumulative,
                r: r,
                vs: bytes32(uint256(s) | (uint256(v - 27) << 255))
            });
    }
}
