// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IAgentRegistry} from "../interfaces/IAgentRegistry.sol";
import {IInferencePayments} from "../interfaces/IInferencePayments.sol";
import {INativeGateway} from "../interfaces/INativeGateway.sol";
import {IOpenStaking} from "../interfaces/IOpenStaking.sol";
import {IWOPEN} from "../interfaces/IWOPEN.sol";

/// @title NativeGateway
/// @notice Periphery for paying, funding agents, escrowing and staking with native OPEN: each entry point wraps
/// `msg.value` into WOPEN and calls the core contract in the same transaction, on behalf of the caller.
/// @dev Not upgradeable, no admin, immutable addresses. Holds nothing between calls: every call spends exactly
/// `msg.value`, except `pay`, which refunds in native OPEN whatever the model's price did not use (the price may drop
/// between signing and inclusion; `msg.value` is the payer's maximum). The core contracts pull WOPEN from this
/// contract under an unlimited allowance given in the constructor, which is safe because nothing stays here.
/// Native OPEN sent without a call is refused (no `receive`), except from WOPEN while refunding.
/// @custom:security-contact security@openledger.xyz
contract NativeGateway is INativeGateway, ReentrancyGuardTransient {
    /// @notice Wrapped native OPEN, the core contracts' asset on the Orbit chain.
    // solhint-disable-next-line immutable-vars-naming
    IWOPEN public immutable wopen;
    /// @notice InferencePayments.
    // solhint-disable-next-line immutable-vars-naming
    IInferencePayments public immutable payments;
    /// @notice AgentRegistry.
    // solhint-disable-next-line immutable-vars-naming
    IAgentRegistry public immutable agentRegistry;
    /// @notice OpenStaking.
    // solhint-disable-next-line immutable-vars-naming
    IOpenStaking public immutable staking;

    constructor(IWOPEN wopen_, IInferencePayments payments_, IAgentRegistry agentRegistry_, IOpenStaking staking_) {
        wopen = wopen_;
        payments = payments_;
        agentRegistry = agentRegistry_;
        staking = staking_;
        IERC20(address(wopen_)).approve(address(payments_), type(uint256).max);
        IERC20(address(wopen_)).approve(address(agentRegistry_), type(uint256).max);
        IERC20(address(wopen_)).approve(address(staking_), type(uint256).max);
    }

    /// @notice Pays `modelId` for `units` with native OPEN; the caller is the payer of record. `msg.value` is the
    /// most the caller pays; the unused part is refunded in native OPEN.
    /// @return amount What the model was paid.
    function pay(
        uint256 modelId,
        uint256 units,
        bytes32 requestHash
    ) external payable nonReentrant returns (uint256 amount) {
        _wrap();
        amount = payments.payFor(msg.sender, modelId, units, msg.value, requestHash);
        uint256 refund = msg.value - amount;
        // Unwraps straight to the caller; WOPEN burns before it sends (its own checks-effects-interactions).
        if (refund != 0) wopen.withdrawTo(payable(msg.sender), refund);
    }

    /// @notice Adds `msg.value` to agent `agentId`'s budget.
    function fundAgent(uint256 agentId) external payable nonReentrant {
        _wrap();
        agentRegistry.fund(agentId, msg.value);
    }

    /// @notice Adds `msg.value` to the caller's escrow for `modelId`.
    function depositEscrow(uint256 modelId) external payable nonReentrant {
        _wrap();
        payments.depositEscrowFor(msg.sender, modelId, msg.value);
    }

    /// @notice Stakes `msg.value` for the caller.
    function stake() external payable nonReentrant {
        _wrap();
        staking.stakeFor(msg.sender, msg.value);
    }

    function _wrap() private {
        if (msg.value == 0) revert GatewayZeroValue();
        wopen.deposit{value: msg.value}();
    }
}
