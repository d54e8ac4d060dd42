// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAgentRegistry} from "./IAgentRegistry.sol";
import {IInferencePayments} from "./IInferencePayments.sol";
import {IOpenStaking} from "./IOpenStaking.sol";
import {IWOPEN} from "./IWOPEN.sol";

/// @title INativeGateway
/// @notice Periphery for paying, funding agents, escrowing and staking with native OPEN: each entry point wraps
/// `msg.value` into WOPEN and calls the core contract in the same transaction, on behalf of the caller.
/// @dev Not upgradeable, no admin, immutable addresses; holds nothing between calls. Native OPEN sent without a call
/// is refused, except from WOPEN while refunding.
/// @custom:security-contact security@openledger.xyz
interface INativeGateway {
    /// @notice A call sent no native OPEN.
    error GatewayZeroValue();

    /// @notice Pays `modelId` for `units` with native OPEN; the caller is the payer of record. `msg.value` is the
    /// most the caller pays; the unused part is refunded in native OPEN.
    /// @param modelId The model paid.
    /// @param units Units of inference (the model's price is per unit).
    /// @param requestHash The inference request this payment is for (recorded in InferencePaid).
    /// @return amount What the model was paid.
    function pay(uint256 modelId, uint256 units, bytes32 requestHash) external payable returns (uint256 amount);

    /// @notice Adds `msg.value` to agent `agentId`'s budget.
    function fundAgent(uint256 agentId) external payable;

    /// @notice Adds `msg.value` to the caller's escrow for `modelId`.
    function depositEscrow(uint256 modelId) external payable;

    /// @notice Stakes `msg.value` for the caller.
    function stake() external payable;

    /// @notice Wrapped native OPEN, the core contracts' asset on the Orbit chain.
    function wopen() external view returns (IWOPEN);

    /// @notice InferencePayments.
    function payments() external view returns (IInferencePayments);

    /// @notice AgentRegistry.
    function agentRegistry() external view returns (IAgentRegistry);

    /// @notice OpenStaking.
    function staking() external view returns (IOpenStaking);
}
