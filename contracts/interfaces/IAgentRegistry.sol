// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IProtocolUpgradeable} from "./IProtocolUpgradeable.sol";
import {IERC721Metadata} from "@openzeppelin/contracts/token/ERC721/extensions/IERC721Metadata.sol";

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IAgentRegistry
/// @notice Agents bound to an operator and to the models they may use, each with a budget in the protocol asset that
/// the operator spends on inference and the agent's owner can withdraw.
/// @dev Cross-contract surface used by InferencePayments. The implementation's owner extends this interface.
///
/// Each agent is an ERC-721 token (like Datanets and models): its owner sets the operator, the metadata URI and the
/// models the agent may use, and withdraws the budget. Anyone may fund an agent. Only InferencePayments spends it, on
/// the operator's behalf, and only on allowed models.
/// @dev The operator and the allowed models stay when the token is transferred: a new owner should review them.
/// @custom:security-contact security@openledger.xyz
interface IAgentRegistry is IProtocolUpgradeable, IERC721Metadata {
    /// @notice The caller is not the agent's owner.
    error AgentRegistryNotAgentOwner(uint256 agentId, address caller);
    /// @notice `operator` is not the agent's operator.
    error AgentRegistryNotOperator(uint256 agentId, address operator);
    /// @notice The agent may not use `modelId`.
    error AgentRegistryModelNotAllowed(uint256 agentId, uint256 modelId);
    /// @notice The agent's budget is smaller than the amount asked for.
    error AgentRegistryInsufficientBudget(uint256 agentId, uint256 budget, uint256 amount);
    /// @notice No agent has this id.
    error AgentRegistryUnknownAgent(uint256 agentId);
    /// @notice Funding or withdrawing zero.
    error AgentRegistryZeroAmount();

    /// @notice Emitted when `owner` registers agent `agentId`.
    /// @param agentId The new agent's id (its ERC-721 token id).
    /// @param owner The agent's owner (holder of the token).
    /// @param operator The account allowed to spend the agent's budget.
    /// @param metadataURI Where the agent's description lives.
    event AgentRegistered(uint256 indexed agentId, address indexed owner, address indexed operator, string metadataURI);
    /// @notice The owner changed the operator.
    /// @param agentId The agent.
    /// @param operator The new operator.
    event AgentOperatorSet(uint256 indexed agentId, address indexed operator);
    /// @notice The owner changed the metadata URI.
    /// @param agentId The agent.
    /// @param metadataURI The new metadata URI.
    event AgentMetadataURISet(uint256 indexed agentId, string metadataURI);
    /// @notice The owner allowed or disallowed `modelId` for the agent.
    /// @param agentId The agent.
    /// @param modelId The model.
    /// @param allowed Whether the agent's budget may now pay for the model.
    event AgentModelAllowed(uint256 indexed agentId, uint256 indexed modelId, bool allowed);
    /// @notice `funder` added `amount` to the budget.
    /// @param agentId The agent.
    /// @param funder The account that paid the asset in.
    /// @param amount Asset added to the budget.
    event AgentFunded(uint256 indexed agentId, address indexed funder, uint256 amount);
    /// @notice The owner withdrew `amount` of the budget to `to`.
    /// @param agentId The agent.
    /// @param to The account paid.
    /// @param amount Asset taken out of the budget.
    event AgentBudgetWithdrawn(uint256 indexed agentId, address indexed to, uint256 amount);
    /// @notice InferencePayments spent `amount` of the budget on `modelId` for the operator.
    /// @param agentId The agent.
    /// @param modelId The model paid for.
    /// @param operator The agent's operator, recorded as the payer.
    /// @param amount Asset spent from the budget.
    event AgentBudgetSpent(uint256 indexed agentId, uint256 indexed modelId, address indexed operator, uint256 amount);

    /// @notice Registers an agent owned by the caller (an ERC-721 minted to it), ids from 1.
    /// @param operator Account that runs the agent and may spend its budget on inference; not zero.
    /// @param modelIds Models the agent may use from the start (the caller pays for this loop).
    function register(
        address operator,
        string calldata metadataURI,
        uint256[] calldata modelIds
    ) external returns (uint256 agentId);

    /// @notice Sets the operator. Only the agent's owner.
    function setOperator(uint256 agentId, address operator) external;

    /// @notice Sets the metadata URI. Only the agent's owner.
    function setMetadataURI(uint256 agentId, string calldata metadataURI) external;

    /// @notice Allows or disallows each of `modelIds`. Only the agent's owner.
    function setModelsAllowed(uint256 agentId, uint256[] calldata modelIds, bool allowed) external;

    /// @notice Adds `amount` of the asset, pulled from the caller, to the agent's budget. Anyone may fund.
    function fund(uint256 agentId, uint256 amount) external;

    /// @notice Withdraws `amount` of the budget to `to`. Only the agent's owner.
    function withdrawBudget(uint256 agentId, uint256 amount, address to) external;

    /// @notice The protocol asset budgets are held in.
    function asset() external view returns (IERC20);

    /// @notice Operator and budget of `agentId` (zero address and zero for an unknown id).
    function agent(uint256 agentId) external view returns (address operator, uint256 budget);

    /// @notice Whether `agentId` may use `modelId`.
    function isModelAllowed(uint256 agentId, uint256 modelId) external view returns (bool);

    /// @notice Metadata URI of `agentId`.
    function metadataURI(uint256 agentId) external view returns (string memory);

    /// @notice Moves `amount` of `agentId`'s budget to InferencePayments, which pays model `modelId` with it.
    /// @dev Only InferencePayments. Reverts unless `operator` is the agent's operator, the agent may use `modelId`,
    /// and the budget covers `amount`. Transfers the asset to the caller.
    function spend(uint256 agentId, address operator, uint256 modelId, uint256 amount) external;

    // ---------------------------------------------------------------- constants, role ids, initializer

    /// @notice May call `spend` (InferencePayments).
    function PAYMENTS_ROLE() external view returns (bytes32);

    /// @notice Initializes the proxy. The admin grants PAYMENTS_ROLE to InferencePayments once it is deployed.
    function initialize(address admin) external;
}
