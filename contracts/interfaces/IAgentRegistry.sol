// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IAgentRegistry
/// @notice Agents bound to an operator and to the models they may use, each with a budget in the protocol asset that
/// the operator spends on inference and the agent's owner can withdraw.
/// @dev Cross-contract surface used by InferencePayments. The implementation's owner extends this interface.
interface IAgentRegistry {
    /// @notice Moves `amount` of `agentId`'s budget to InferencePayments, which pays model `modelId` with it.
    /// @dev Only InferencePayments. Reverts unless `operator` is the agent's operator, the agent may use `modelId`,
    /// and the budget covers `amount`. Transfers the asset to the caller.
    function spend(uint256 agentId, address operator, uint256 modelId, uint256 amount) external;
}
