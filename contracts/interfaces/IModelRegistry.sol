// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IProtocolUpgradeable} from "./IProtocolUpgradeable.sol";
import {IERC721Metadata} from "@openzeppelin/contracts/token/ERC721/extensions/IERC721Metadata.sol";
import {IDatanetRegistry} from "./IDatanetRegistry.sol";

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IModelRegistry
/// @notice AI models as ERC-721 tokens: metadata, lineage, training Datanet versions, operator, price and
/// revenue split.
/// @dev Cross-contract surface used by InferencePayments, AgentRegistry and ModelShares. The implementation's owner
/// extends this interface with the full user-facing API.
/// @custom:security-contact security@openledger.xyz
interface IModelRegistry is IProtocolUpgradeable, IERC721Metadata {
    enum ModelStatus {
        None, // never registered
        Active, // accepts payments
        Paused, // temporarily refuses payments
        Retired // permanently refuses payments
    }

    /// @notice What a payment to a model needs, read in one call (packed in one storage slot by the implementation).
    /// @param operator The compute provider that serves inference and redeems vouchers.
    /// @param pricePerUnit Price of one inference unit, in the asset's smallest unit.
    /// @param contributorShareBps Share of the post-fee revenue that goes to the model's attribution pool.
    /// @param status Only `Active` models accept payments.
    struct PaymentTerms {
        address operator;
        uint96 pricePerUnit;
        uint16 contributorShareBps;
        ModelStatus status;
    }

    /// @notice Payment terms of `modelId` in force now (a scheduled contributor share once its time has come);
    /// `status == None` for an unknown id.
    function paymentTerms(uint256 modelId) external view returns (PaymentTerms memory);

    /// @notice Where the model owner's revenue share is claimed by: the ModelShares token once tokenized,
    /// otherwise the current owner of the model's ERC-721 token. Zero address for an unknown id.
    function revenueRecipient(uint256 modelId) external view returns (address);

    // ---------------------------------------------------------------------------------------------------------------
    // Types
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice One published Datanet version a model was trained on.
    struct DatanetVersion {
        uint64 datanetId;
        uint32 version;
    }

    /// @notice What `registerModel` takes.
    /// @param metadataURI The model card (architecture, training setup, evaluation); must not be empty.
    /// @param weightsHash Hash of the trained weights (non-zero); fixed for the model's life.
    /// @param trainedOn The Datanet versions it was trained on: 1 to `MAX_TRAINING_VERSIONS`, no repeats; each must
    /// exist and allow the caller (`IDatanetRegistry.isUsageAllowed`).
    /// @param baseModelId The model it was derived from (lineage), 0 for none; must be registered.
    /// @param operator The compute provider that serves it (non-zero).
    /// @param pricePerUnit Price of one inference unit in the asset's smallest unit.
    /// @param contributorShareBps Share of post-fee revenue for data contributors, in [minContributorShareBps, 10000].
    struct ModelRegistration {
        string metadataURI;
        bytes32 weightsHash;
        DatanetVersion[] trainedOn;
        uint256 baseModelId;
        address operator;
        uint96 pricePerUnit;
        uint16 contributorShareBps;
    }

    /// @notice Everything stored about a model, for clients.
    struct ModelInfo {
        address owner;
        address operator;
        uint96 pricePerUnit;
        uint16 contributorShareBps;
        ModelStatus status;
        address shares;
        uint256 baseModelId;
        bytes32 weightsHash;
        string metadataURI;
        DatanetVersion[] trainedOn;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Errors
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice No model has id `modelId`.
    error ModelUnknown(uint256 modelId);
    /// @notice `caller` does not own `modelId`.
    error ModelNotOwner(uint256 modelId, address caller);
    /// @notice The metadata URI is empty or the weights hash is zero.
    error ModelInvalidMetadata();
    /// @notice A model must name between 1 and `max` Datanet versions; `count` were given.
    error ModelInvalidTrainingSetSize(uint256 count, uint256 max);
    /// @notice The same Datanet version was named twice.
    error ModelDuplicateTrainingVersion(uint256 datanetId, uint32 version);
    /// @notice `datanetId` has no published version `version`.
    error ModelDatanetVersionNotFound(uint256 datanetId, uint32 version);
    /// @notice `trainer` may not train on `datanetId` (UsagePolicy.ApprovalRequired without approval).
    error ModelDatanetUsageNotAllowed(uint256 datanetId, address trainer);
    /// @notice The base model `baseModelId` is not registered.
    error ModelUnknownBaseModel(uint256 baseModelId);
    /// @notice `share` is outside [`min`, `max`] basis points.
    error ModelInvalidContributorShare(uint256 share, uint256 min, uint256 max);
    /// @notice A staking contract is configured and `operator` is not registered there as a compute provider.
    error ModelOperatorNotComputeProvider(address operator);
    /// @notice `modelId` is retired: its status and terms can no longer change.
    error ModelIsRetired(uint256 modelId);
    /// @notice `status` cannot be set (only Active, Paused or Retired can).
    error ModelInvalidStatus(ModelStatus status);
    /// @notice `modelId` was already tokenized as `shares`.
    error ModelAlreadyTokenized(uint256 modelId, address shares);
    /// @notice The InferencePayments address has not been set, so a shares token could not collect revenue.
    error ModelInferencePaymentsNotSet();

    // ---------------------------------------------------------------------------------------------------------------
    // Events
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice Emitted when `owner` registers `modelId`.
    /// @param modelId The new model's id (its ERC-721 token id).
    /// @param owner The model's owner.
    /// @param operator The account that serves the model and redeems its vouchers.
    /// @param baseModelId The model it derives from, or 0.
    /// @param weightsHash Hash of the model's weights.
    /// @param metadataURI Where the model's description lives.
    /// @param trainedOn The Datanet versions it was trained on.
    /// @param pricePerUnit Price of one unit of inference.
    /// @param contributorShareBps Share of each payment for the Datanets' contributors (basis points).
    event ModelRegistered(
        uint256 indexed modelId,
        address indexed owner,
        address indexed operator,
        uint256 baseModelId,
        bytes32 weightsHash,
        string metadataURI,
        DatanetVersion[] trainedOn,
        uint96 pricePerUnit,
        uint16 contributorShareBps
    );
    /// @notice Emitted when the owner changes the price.
    /// @param modelId The model.
    /// @param pricePerUnit The new price of one unit of inference.
    event ModelPriceSet(uint256 indexed modelId, uint96 pricePerUnit);
    /// @notice Emitted when the owner changes the operator.
    /// @param modelId The model.
    /// @param operator The new operator.
    event ModelOperatorSet(uint256 indexed modelId, address indexed operator);
    /// @notice Emitted when the owner changes the metadata URI.
    /// @param modelId The model.
    /// @param metadataURI The new metadata URI.
    event ModelMetadataSet(uint256 indexed modelId, string metadataURI);
    /// @notice Emitted when the owner changes the contributor share with immediate effect (an increase of an
    /// untokenized model's share; it replaces any scheduled change).
    /// @param modelId The model.
    /// @param contributorShareBps The new contributor share (basis points).
    event ModelContributorShareSet(uint256 indexed modelId, uint16 contributorShareBps);
    /// @notice Emitted when the owner schedules a contributor share that lowers what contributors (a decrease) or
    /// share holders (an increase of a tokenized model's share) get: in force from `effectiveAt` on.
    /// @param modelId The model.
    /// @param contributorShareBps The scheduled contributor share (basis points).
    /// @param effectiveAt Time from which it applies.
    event ModelContributorShareScheduled(uint256 indexed modelId, uint16 contributorShareBps, uint64 effectiveAt);
    /// @notice Emitted when the owner changes the status.
    /// @param modelId The model.
    /// @param status The new status.
    event ModelStatusSet(uint256 indexed modelId, ModelStatus status);
    /// @notice Emitted when the owner tokenizes `modelId`: `shares` minted `supply` to `owner`.
    /// @param modelId The model.
    /// @param shares The model's new shares token.
    /// @param owner The owner, who received the whole supply.
    /// @param supply Shares minted.
    event ModelTokenized(uint256 indexed modelId, address indexed shares, address indexed owner, uint256 supply);
    /// @notice Emitted when the admin sets the InferencePayments contract passed to new shares tokens.
    /// @param payments The new InferencePayments contract.
    event InferencePaymentsSet(address payments);
    /// @notice Emitted when the admin sets (or clears, with zero) the staking contract used to check operators.
    /// @param staking The new staking contract, or zero.
    event StakingSet(address staking);
    /// @notice The admin set the governance minimum contributor share.
    /// @param minContributorShareBps Least share of a model's revenue for its data contributors, in basis points.
    event MinContributorShareBpsSet(uint16 minContributorShareBps);

    // ---------------------------------------------------------------------------------------------------------------
    // Functions
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice Registers a model owned by the caller (the trainer) and mints its ERC-721 token (`_safeMint`).
    /// Status starts Active.
    /// @return modelId The new model's id (numbered from 1).
    function registerModel(ModelRegistration calldata registration) external returns (uint256 modelId);

    /// @notice Sets the price per inference unit. Only the owner; not once retired.
    function setPrice(uint256 modelId, uint96 pricePerUnit) external;

    /// @notice Sets the operator. Only the owner; not once retired. Checked against staking when configured.
    function setOperator(uint256 modelId, address operator) external;

    /// @notice Sets the metadata URI (model card). Only the owner; not once retired. The weights hash never changes.
    function setMetadataURI(uint256 modelId, string calldata metadataURI) external;

    /// @notice Sets the contributor share, at least `minContributorShareBps()`. Only the owner; not once retired.
    /// A change that lowers what contributors get (a decrease), or what share holders get (an increase once the model
    /// is tokenized), is scheduled: it takes effect `contributorShareNotice()` from now
    /// (`ModelContributorShareScheduled`) and replaces any change scheduled before. Any other change is immediate
    /// (`ModelContributorShareSet`) and cancels a scheduled one. Payments always use the share in force when they are
    /// made.
    function setContributorShare(uint256 modelId, uint16 contributorShareBps) external;

    /// @notice Sets the status to Active, Paused or Retired (final). Only the owner.
    function setStatus(uint256 modelId, ModelStatus status) external;

    /// @notice Creates the model's ModelShares token (a minimal clone) and mints its whole fixed supply
    /// (`SHARES_SUPPLY`) to the model owner. From then on `revenueRecipient` is the shares token. Only the owner; once.
    function tokenize(uint256 modelId, string calldata name, string calldata symbol) external returns (address shares);

    /// @notice Sets the governance minimum contributor share for new models and share changes (bounds [0, 5000]).
    /// Existing models keep their share. Only the admin.
    function setMinContributorShareBps(uint16 minShareBps) external;

    /// @notice Sets the InferencePayments contract given to shares tokens created afterwards. Only the admin.
    function setInferencePayments(address payments) external;

    /// @notice Sets the staking contract used to check that operators are compute providers; zero disables the
    /// check. Only the admin.
    function setStaking(address staking) external;

    /// @notice Everything stored about `modelId`. Reverts with `ModelUnknown` for an unknown id.
    function model(uint256 modelId) external view returns (ModelInfo memory);

    /// @notice The Datanet versions `modelId` was trained on.
    function trainedOn(uint256 modelId) external view returns (DatanetVersion[] memory);

    /// @notice The scheduled contributor share of `modelId` and when it takes effect; (0, 0) when none is pending.
    function pendingContributorShare(uint256 modelId) external view returns (uint16 shareBps, uint64 effectiveAt);

    /// @notice Notice of a scheduled share change: InferencePayments' escrow notice plus one epoch (read now), or
    /// `FALLBACK_CONTRIBUTOR_SHARE_NOTICE` (60 days) while no InferencePayments is set.
    function contributorShareNotice() external view returns (uint64);

    /// @notice The base model of `modelId` (0 for none).
    function baseModel(uint256 modelId) external view returns (uint256);

    /// @notice The ModelShares token of `modelId` (zero if not tokenized).
    function sharesOf(uint256 modelId) external view returns (address);

    /// @notice Number of models registered (the latest id).
    function modelCount() external view returns (uint256);

    /// @notice The governance minimum contributor share in basis points.
    function minContributorShareBps() external view returns (uint16);

    /// @notice The DatanetRegistry checked at registration.
    function datanetRegistry() external view returns (address);

    /// @notice The ModelShares implementation that `tokenize` clones.
    function sharesImplementation() external view returns (address);

    /// @notice The protocol asset in which shares tokens receive revenue.
    function asset() external view returns (IERC20);

    /// @notice The InferencePayments contract given to new shares tokens.
    function inferencePayments() external view returns (address);

    /// @notice The staking contract used to check operators (zero: not checked).
    function staking() external view returns (address);

    // ---------------------------------------------------------------- constants, role ids, initializer

    /// @notice Most Datanet versions one model may name (bounds the registration loop).
    function MAX_TRAINING_VERSIONS() external view returns (uint256);

    /// @notice Supply of every ModelShares token: 1,000,000 shares with 18 decimals.
    function SHARES_SUPPLY() external view returns (uint256);

    /// @notice Default of `minContributorShareBps` (10%).
    function DEFAULT_MIN_CONTRIBUTOR_SHARE_BPS() external view returns (uint16);

    /// @notice Hard-coded bounds of `minContributorShareBps`.
    function MIN_MIN_CONTRIBUTOR_SHARE_BPS() external view returns (uint16);

    /// @notice Hard-coded upper bound of `minContributorShareBps` (inclusive).
    function MAX_MIN_CONTRIBUTOR_SHARE_BPS() external view returns (uint16);

    /// @notice Largest contributor share a model may set (everything).
    function MAX_CONTRIBUTOR_SHARE_BPS() external view returns (uint16);

    /// @notice Notice of a scheduled share change while no InferencePayments is set: the longest escrow notice plus
    /// the longest epoch InferencePayments allows, so no payments contract configured later can need more.
    function FALLBACK_CONTRIBUTOR_SHARE_NOTICE() external view returns (uint64);

    /// @notice Initializes the proxy.
    /// @param admin The governance timelock (DEFAULT_ADMIN_ROLE).
    /// @param datanetRegistry_ Checked for training versions and usage rights.
    /// @param sharesImplementation_ The ModelShares implementation `tokenize` clones.
    /// @param asset_ The protocol asset (given to shares tokens).
    function initialize(
        address admin,
        IDatanetRegistry datanetRegistry_,
        address sharesImplementation_,
        address asset_
    ) external;
}
