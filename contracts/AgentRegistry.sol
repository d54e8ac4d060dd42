// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IERC721Metadata} from "@openzeppelin/contracts/token/ERC721/extensions/IERC721Metadata.sol";
import {ERC721Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC721/ERC721Upgradeable.sol";
import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {ProtocolUpgradeable} from "./base/ProtocolUpgradeable.sol";
import {IAgentRegistry} from "./interfaces/IAgentRegistry.sol";

/// @title AgentRegistry
/// @notice Agents as ERC-721 tokens ("OpenLedger Agent", OLAGENT), each bound to an operator and to the models its
/// owner allowed, with a budget in the protocol asset. Anyone funds; the owner withdraws; only InferencePayments
/// (PAYMENTS_ROLE) spends, for the operator, on allowed models.
/// @dev Invariant: the asset held here >= the sum of all budgets (equal unless the asset is sent here directly).
/// Operator and budget share one slot, so a spend reads and writes one slot plus one allowed-model lookup.
/// @custom:security-contact security@openledger.xyz
/// @custom:oz-upgrades-unsafe-allow state-variable-immutable
contract AgentRegistry is ProtocolUpgradeable, ERC721Upgradeable, ReentrancyGuardTransient, IAgentRegistry {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @notice May call `spend` (InferencePayments).
    bytes32 public constant PAYMENTS_ROLE = keccak256("PAYMENTS_ROLE");

    /// @notice The protocol asset budgets are held in.
    // solhint-disable-next-line immutable-vars-naming
    IERC20 public immutable asset;

    /// @dev One slot: operator and budget (budgets are bounded by the asset supply, below 2^96).
    struct Agent {
        address operator;
        uint96 budget;
    }

    /// @custom:storage-location erc7201:openledger.storage.AgentRegistry
    struct AgentRegistryStorage {
        uint256 lastAgentId;
        mapping(uint256 agentId => Agent) agents;
        mapping(uint256 agentId => string) metadataURIs;
        mapping(uint256 agentId => mapping(uint256 modelId => bool)) allowedModels;
    }

    // keccak256(abi.encode(uint256(keccak256("openledger.storage.AgentRegistry")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _STORAGE_SLOT = 0xcd0312cc5914ec1a85ed4dc2a9b6755ca8e572607da561376b7b6561c7fbae00;

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IERC20 asset_) {
        if (address(asset_) == address(0)) revert ProtocolZeroAddress();
        asset = asset_;
    }

    /// @notice Initializes the proxy. The admin grants PAYMENTS_ROLE to InferencePayments once it is deployed.
    function initialize(address admin) external initializer {
        __ProtocolUpgradeable_init(admin);
        __ERC721_init("OpenLedger Agent", "OLAGENT");
    }

    /// @inheritdoc IAgentRegistry
    function register(
        address operator,
        string calldata metadataURI_,
        uint256[] calldata modelIds
    ) external returns (uint256 agentId) {
        if (operator == address(0)) revert ProtocolZeroAddress();
        AgentRegistryStorage storage $ = _getStorage();
        agentId = ++$.lastAgentId;
        $.agents[agentId].operator = operator;
        $.metadataURIs[agentId] = metadataURI_;
        // Not _safeMint: a contract owner without onERC721Received can still own agents, and no callback runs here.
        _mint(msg.sender, agentId);
        emit AgentRegistered(agentId, msg.sender, operator, metadataURI_);
        _setModelsAllowed($, agentId, modelIds, true);
    }

    /// @inheritdoc IAgentRegistry
    function setOperator(uint256 agentId, address operator) external {
        _checkAgentOwner(agentId);
        if (operator == address(0)) revert ProtocolZeroAddress();
        _getStorage().agents[agentId].operator = operator;
        emit AgentOperatorSet(agentId, operator);
    }

    /// @inheritdoc IAgentRegistry
    function setMetadataURI(uint256 agentId, string calldata metadataURI_) external {
        _checkAgentOwner(agentId);
        _getStorage().metadataURIs[agentId] = metadataURI_;
        emit AgentMetadataURISet(agentId, metadataURI_);
    }

    /// @inheritdoc IAgentRegistry
    function setModelsAllowed(uint256 agentId, uint256[] calldata modelIds, bool allowed) external {
        _checkAgentOwner(agentId);
        _setModelsAllowed(_getStorage(), agentId, modelIds, allowed);
    }

    /// @inheritdoc IAgentRegistry
    function fund(uint256 agentId, uint256 amount) external nonReentrant {
        if (amount == 0) revert AgentRegistryZeroAmount();
        if (_ownerOf(agentId) == address(0)) revert AgentRegistryUnknownAgent(agentId);
        Agent storage agent_ = _getStorage().agents[agentId];
        agent_.budget = (agent_.budget + amount).toUint96();
        emit AgentFunded(agentId, msg.sender, amount);
        asset.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IAgentRegistry
    function withdrawBudget(uint256 agentId, uint256 amount, address to) external nonReentrant {
        _checkAgentOwner(agentId);
        if (amount == 0) revert AgentRegistryZeroAmount();
        if (to == address(0)) revert ProtocolZeroAddress();
        Agent storage agent_ = _getStorage().agents[agentId];
        uint96 budget = agent_.budget;
        if (amount > budget) revert AgentRegistryInsufficientBudget(agentId, budget, amount);
        // Cannot underflow: amount <= budget, checked just above.
        unchecked {
            agent_.budget = budget - uint96(amount);
        }
        emit AgentBudgetWithdrawn(agentId, to, amount);
        asset.safeTransfer(to, amount);
    }

    /// @inheritdoc IAgentRegistry
    function spend(
        uint256 agentId,
        address operator,
        uint256 modelId,
        uint256 amount
    ) external onlyRole(PAYMENTS_ROLE) nonReentrant {
        AgentRegistryStorage storage $ = _getStorage();
        Agent memory agent_ = $.agents[agentId];
        if (agent_.operator == address(0)) revert AgentRegistryUnknownAgent(agentId);
        if (operator != agent_.operator) revert AgentRegistryNotOperator(agentId, operator);
        if (!$.allowedModels[agentId][modelId]) revert AgentRegistryModelNotAllowed(agentId, modelId);
        if (amount > agent_.budget) revert AgentRegistryInsufficientBudget(agentId, agent_.budget, amount);
        // Cannot underflow: amount <= budget, checked just above.
        unchecked {
            $.agents[agentId].budget = agent_.budget - uint96(amount);
        }
        emit AgentBudgetSpent(agentId, modelId, operator, amount);
        asset.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IAgentRegistry
    function agent(uint256 agentId) external view returns (address operator, uint256 budget) {
        Agent memory agent_ = _getStorage().agents[agentId];
        return (agent_.operator, agent_.budget);
    }

    /// @inheritdoc IAgentRegistry
    function isModelAllowed(uint256 agentId, uint256 modelId) external view returns (bool) {
        return _getStorage().allowedModels[agentId][modelId];
    }

    /// @inheritdoc IAgentRegistry
    function metadataURI(uint256 agentId) external view returns (string memory) {
        return _getStorage().metadataURIs[agentId];
    }

    /// @notice The agent's metadata URI (reverts for an unknown id, as ERC-721 requires).
    function tokenURI(
        uint256 agentId
    ) public view override(ERC721Upgradeable, IERC721Metadata) returns (string memory) {
        _requireOwned(agentId);
        return _getStorage().metadataURIs[agentId];
    }

    /// @inheritdoc ERC721Upgradeable
    function supportsInterface(
        bytes4 interfaceId
    ) public view override(AccessControlUpgradeable, ERC721Upgradeable, IERC165) returns (bool) {
        return super.supportsInterface(interfaceId);
    }

    function _setModelsAllowed(
        AgentRegistryStorage storage $,
        uint256 agentId,
        uint256[] calldata modelIds,
        bool allowed
    ) private {
        mapping(uint256 modelId => bool) storage allowedModels = $.allowedModels[agentId];
        uint256 count = modelIds.length;
        for (uint256 i; i < count; ++i) {
            allowedModels[modelIds[i]] = allowed;
            emit AgentModelAllowed(agentId, modelIds[i], allowed);
        }
    }

    function _checkAgentOwner(uint256 agentId) private view {
        address owner = _ownerOf(agentId);
        if (owner == address(0)) revert AgentRegistryUnknownAgent(agentId);
        if (owner != msg.sender) revert AgentRegistryNotAgentOwner(agentId, msg.sender);
    }

    function _getStorage() private pure returns (AgentRegistryStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := _STORAGE_SLOT
        }
    }
}
