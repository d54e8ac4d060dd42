// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IERC721Metadata} from "@openzeppelin/contracts/token/ERC721/extensions/IERC721Metadata.sol";
import {ERC721Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC721/ERC721Upgradeable.sol";
import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {ProtocolUpgradeable} from "./base/ProtocolUpgradeable.sol";
import {IDatanetRegistry} from "./interfaces/IDatanetRegistry.sol";
import {IInferencePayments} from "./interfaces/IInferencePayments.sol";
import {IModelRegistry} from "./interfaces/IModelRegistry.sol";
import {IModelShares} from "./interfaces/IModelShares.sol";
import {IOpenStaking} from "./interfaces/IOpenStaking.sol";

/// @title ModelRegistry
/// @notice AI models as ERC-721 tokens: model card and weights hash, the Datanet versions each was trained on,
/// lineage, operator, price, contributor share and status; optional tokenization of the owner's revenue.
/// @dev `paymentTerms` is on every payment's path: operator and price share one slot; share, status and a scheduled
/// share change the next one, so it costs two cold SLOADs of adjacent slots. Storage: one ERC-7201
/// namespaced struct.
/// Revenue terms (docs/decisions/0261): a change of the contributor share that lowers what anyone already counting
/// on it gets (contributors when it falls; share holders when it rises on a tokenized model) is scheduled and takes
/// effect only after `contributorShareNotice()` (the escrow notice plus one epoch), so payers can leave and vouchers
/// already signed are redeemed at the advertised terms; any other change is immediate. Payments read the terms in
/// force at the time they are made.
/// @custom:security-contact security@openledger.xyz
contract ModelRegistry is IModelRegistry, ProtocolUpgradeable, ERC721Upgradeable, ReentrancyGuardTransient {
    /// @notice Most Datanet versions one model may name (bounds the registration loop).
    uint256 public constant MAX_TRAINING_VERSIONS = 16;
    /// @notice Supply of every ModelShares token: 1,000,000 shares with 18 decimals.
    uint256 public constant SHARES_SUPPLY = 1_000_000 * 1e18;
    /// @notice Default of `minContributorShareBps` (10%).
    uint16 public constant DEFAULT_MIN_CONTRIBUTOR_SHARE_BPS = 1000;
    /// @notice Hard-coded bounds of `minContributorShareBps`.
    uint16 public constant MIN_MIN_CONTRIBUTOR_SHARE_BPS = 0;
    uint16 public constant MAX_MIN_CONTRIBUTOR_SHARE_BPS = 5000;
    /// @notice Largest contributor share a model may set (everything).
    uint16 public constant MAX_CONTRIBUTOR_SHARE_BPS = 10_000;
    /// @notice Notice of a scheduled share change while no InferencePayments is set: the longest escrow notice plus
    /// the longest epoch InferencePayments allows, so no payments contract configured later can need more.
    uint64 public constant FALLBACK_CONTRIBUTOR_SHARE_NOTICE = 60 days;

    struct ModelData {
        // slot 0: payment terms, part 1
        address operator;
        uint96 pricePerUnit;
        // slot 1: payment terms, part 2, with the scheduled share change (0 when none: from `pendingShareEffectiveAt`
        // on, `pendingContributorShareBps` is the share in force), and the lineage (written with it at registration)
        uint16 contributorShareBps;
        ModelStatus status;
        uint16 pendingContributorShareBps;
        uint40 pendingShareEffectiveAt;
        uint64 baseModelId;
        // cold data (`shares` is read when revenue is collected, not by payments)
        address shares;
        bytes32 weightsHash;
        string metadataURI;
        DatanetVersion[] trainedOn;
    }

    /// @custom:storage-location erc7201:openledger.storage.ModelRegistry
    struct ModelRegistryStorage {
        IDatanetRegistry datanetRegistry;
        uint64 modelCount;
        uint16 minContributorShareBps;
        address sharesImplementation;
        IERC20 asset;
        address inferencePayments;
        IOpenStaking staking;
        mapping(uint256 modelId => ModelData) models;
    }

    // keccak256(abi.encode(uint256(keccak256("openledger.storage.ModelRegistry")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _STORAGE_SLOT = 0xcbe6ec4a17d7f9d3c5d1a39a9242e27975e309a89d123fc696d0e32b5bf57d00;

    function _getStorage() private pure returns (ModelRegistryStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := _STORAGE_SLOT
        }
    }

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
    ) external initializer {
        if (address(datanetRegistry_) == address(0) || sharesImplementation_ == address(0) || asset_ == address(0))
            revert ProtocolZeroAddress();
        __ProtocolUpgradeable_init(admin);
        __ERC721_init("OpenLedger Model", "MODEL");
        ModelRegistryStorage storage $ = _getStorage();
        $.datanetRegistry = datanetRegistry_;
        $.sharesImplementation = sharesImplementation_;
        $.asset = IERC20(asset_);
        _setMinContributorShareBps(DEFAULT_MIN_CONTRIBUTOR_SHARE_BPS);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Models
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IModelRegistry
    function registerModel(ModelRegistration calldata registration) external nonReentrant returns (uint256 modelId) {
        ModelRegistryStorage storage $ = _getStorage();
        if (bytes(registration.metadataURI).length == 0 || registration.weightsHash == bytes32(0)) {
            revert ModelInvalidMetadata();
        }
        _checkContributorShare($, registration.contributorShareBps);
        _checkOperator($, registration.operator);
        uint256 baseModelId = registration.baseModelId;
        if (baseModelId != 0 && $.models[baseModelId].status == ModelStatus.None) {
            revert ModelUnknownBaseModel(baseModelId);
        }

        modelId = ++$.modelCount;
        ModelData storage m = $.models[modelId];
        _recordTrainingSet($, m, registration.trainedOn);
        m.operator = registration.operator;
        m.pricePerUnit = registration.pricePerUnit;
        m.contributorShareBps = registration.contributorShareBps;
        m.status = ModelStatus.Active;
        // baseModelId is 0 or an existing id, so it is at most modelCount, a uint64: the cast cannot truncate.
        m.baseModelId = uint64(baseModelId);
        m.weightsHash = registration.weightsHash;
        m.metadataURI = registration.metadataURI;
        emit ModelRegistered(
            modelId,
            msg.sender,
            registration.operator,
            baseModelId,
            registration.weightsHash,
            registration.metadataURI,
            registration.trainedOn,
            registration.pricePerUnit,
            registration.contributorShareBps
        );
        // Last step: all state is written before `onERC721Received` can run code (and re-entry is refused).
        _safeMint(msg.sender, modelId);
    }

    /// @inheritdoc IModelRegistry
    function setPrice(uint256 modelId, uint96 pricePerUnit) external {
        _ownedLiveModel(modelId).pricePerUnit = pricePerUnit;
        emit ModelPriceSet(modelId, pricePerUnit);
    }

    /// @inheritdoc IModelRegistry
    function setOperator(uint256 modelId, address operator) external {
        ModelData storage m = _ownedLiveModel(modelId);
        _checkOperator(_getStorage(), operator);
        m.operator = operator;
        emit ModelOperatorSet(modelId, operator);
    }

    /// @inheritdoc IModelRegistry
    function setMetadataURI(uint256 modelId, string calldata metadataURI) external {
        ModelData storage m = _ownedLiveModel(modelId);
        if (bytes(metadataURI).length == 0) revert ModelInvalidMetadata();
        m.metadataURI = metadataURI;
        emit ModelMetadataSet(modelId, metadataURI);
    }

    /// @inheritdoc IModelRegistry
    function setContributorShare(uint256 modelId, uint16 contributorShareBps) external {
        ModelData storage m = _ownedLiveModel(modelId);
        _checkContributorShare(_getStorage(), contributorShareBps);
        uint16 current = _applyDueShareChange(m);
        bool lowersSomeone = contributorShareBps < current || (contributorShareBps > current && m.shares != address(0));
        if (lowersSomeone) {
            uint256 effectiveAt = block.timestamp + contributorShareNotice();
            m.pendingContributorShareBps = contributorShareBps;
            // A timestamp plus at most 60 days fits 40 bits until the year 36,812.
            m.pendingShareEffectiveAt = uint40(effectiveAt);
            emit ModelContributorShareScheduled(modelId, contributorShareBps, uint64(effectiveAt));
        } else {
            // An increase nobody loses by (or no change): immediate, and it replaces any scheduled change.
            m.contributorShareBps = contributorShareBps;
            m.pendingContributorShareBps = 0;
            m.pendingShareEffectiveAt = 0;
            emit ModelContributorShareSet(modelId, contributorShareBps);
        }
    }

    /// @inheritdoc IModelRegistry
    function setStatus(uint256 modelId, ModelStatus status) external {
        ModelData storage m = _ownedLiveModel(modelId);
        if (status == ModelStatus.None) revert ModelInvalidStatus(status);
        m.status = status;
        emit ModelStatusSet(modelId, status);
    }

    /// @inheritdoc IModelRegistry
    function tokenize(
        uint256 modelId,
        string calldata name,
        string calldata symbol
    ) external nonReentrant returns (address shares) {
        ModelRegistryStorage storage $ = _getStorage();
        address owner = _checkOwner(modelId);
        ModelData storage m = $.models[modelId];
        if (m.shares != address(0)) revert ModelAlreadyTokenized(modelId, m.shares);
        // From here on a share increase lowers the holders' part, so it is scheduled; settle any change already due.
        _applyDueShareChange(m);
        address payments = $.inferencePayments;
        if (payments == address(0)) revert ModelInferencePaymentsNotSet();
        shares = Clones.clone($.sharesImplementation);
        m.shares = shares;
        emit ModelTokenized(modelId, shares, owner, SHARES_SUPPLY);
        // The clone is fresh code this contract chose: initializing it after the state change is safe.
        IModelShares(shares).initialize(name, symbol, modelId, $.asset, payments, owner, SHARES_SUPPLY);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Admin
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IModelRegistry
    function setMinContributorShareBps(uint16 minShareBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMinContributorShareBps(minShareBps);
    }

    function _setMinContributorShareBps(uint16 minShareBps) private {
        _requireWithinBounds(
            "minContributorShareBps",
            minShareBps,
            MIN_MIN_CONTRIBUTOR_SHARE_BPS,
            MAX_MIN_CONTRIBUTOR_SHARE_BPS
        );
        _getStorage().minContributorShareBps = minShareBps;
        emit MinContributorShareBpsSet(minShareBps);
    }

    /// @inheritdoc IModelRegistry
    function setInferencePayments(address payments) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (payments == address(0)) revert ProtocolZeroAddress();
        _getStorage().inferencePayments = payments;
        emit InferencePaymentsSet(payments);
    }

    /// @inheritdoc IModelRegistry
    function setStaking(address staking_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _getStorage().staking = IOpenStaking(staking_);
        emit StakingSet(staking_);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Reads
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IModelRegistry
    function paymentTerms(uint256 modelId) external view returns (PaymentTerms memory terms) {
        ModelData storage m = _getStorage().models[modelId];
        terms.operator = m.operator;
        terms.pricePerUnit = m.pricePerUnit;
        terms.contributorShareBps = _shareInForce(m);
        terms.status = m.status;
    }

    /// @inheritdoc IModelRegistry
    function pendingContributorShare(uint256 modelId) external view returns (uint16 shareBps, uint64 effectiveAt) {
        ModelData storage m = _getStorage().models[modelId];
        effectiveAt = m.pendingShareEffectiveAt;
        // A change already in force is no longer pending.
        if (effectiveAt == 0 || effectiveAt <= block.timestamp) return (0, 0);
        shareBps = m.pendingContributorShareBps;
    }

    /// @inheritdoc IModelRegistry
    function contributorShareNotice() public view returns (uint64) {
        address payments = _getStorage().inferencePayments;
        if (payments == address(0)) return FALLBACK_CONTRIBUTOR_SHARE_NOTICE;
        IInferencePayments p = IInferencePayments(payments);
        return uint64(p.escrowNoticePeriod()) + p.epochLength();
    }

    /// @inheritdoc IModelRegistry
    function revenueRecipient(uint256 modelId) external view returns (address) {
        address shares = _getStorage().models[modelId].shares;
        return shares != address(0) ? shares : _ownerOf(modelId);
    }

    /// @inheritdoc IModelRegistry
    function model(uint256 modelId) external view returns (ModelInfo memory info) {
        ModelData storage m = _getStorage().models[modelId];
        if (m.status == ModelStatus.None) revert ModelUnknown(modelId);
        info.owner = _ownerOf(modelId);
        info.operator = m.operator;
        info.pricePerUnit = m.pricePerUnit;
        info.contributorShareBps = _shareInForce(m);
        info.status = m.status;
        info.shares = m.shares;
        info.baseModelId = m.baseModelId;
        info.weightsHash = m.weightsHash;
        info.metadataURI = m.metadataURI;
        info.trainedOn = m.trainedOn;
    }

    /// @inheritdoc IModelRegistry
    function trainedOn(uint256 modelId) external view returns (DatanetVersion[] memory) {
        return _getStorage().models[modelId].trainedOn;
    }

    /// @inheritdoc IModelRegistry
    function baseModel(uint256 modelId) external view returns (uint256) {
        return _getStorage().models[modelId].baseModelId;
    }

    /// @inheritdoc IModelRegistry
    function sharesOf(uint256 modelId) external view returns (address) {
        return _getStorage().models[modelId].shares;
    }

    /// @inheritdoc IModelRegistry
    function modelCount() external view returns (uint256) {
        return _getStorage().modelCount;
    }

    /// @inheritdoc IModelRegistry
    function minContributorShareBps() external view returns (uint16) {
        return _getStorage().minContributorShareBps;
    }

    /// @inheritdoc IModelRegistry
    function datanetRegistry() external view returns (address) {
        return address(_getStorage().datanetRegistry);
    }

    /// @inheritdoc IModelRegistry
    function sharesImplementation() external view returns (address) {
        return _getStorage().sharesImplementation;
    }

    /// @inheritdoc IModelRegistry
    function asset() external view returns (IERC20) {
        return _getStorage().asset;
    }

    /// @inheritdoc IModelRegistry
    function inferencePayments() external view returns (address) {
        return _getStorage().inferencePayments;
    }

    /// @inheritdoc IModelRegistry
    function staking() external view returns (address) {
        return address(_getStorage().staking);
    }

    /// @notice The model card URI.
    function tokenURI(
        uint256 modelId
    ) public view override(ERC721Upgradeable, IERC721Metadata) returns (string memory) {
        _requireOwned(modelId);
        return _getStorage().models[modelId].metadataURI;
    }

    /// @inheritdoc ERC721Upgradeable
    function supportsInterface(
        bytes4 interfaceId
    ) public view override(ERC721Upgradeable, AccessControlUpgradeable, IERC165) returns (bool) {
        return super.supportsInterface(interfaceId);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Internal
    // ---------------------------------------------------------------------------------------------------------------

    /// @dev Validates the training set (size, no repeats, published, usable by the caller) and stores it.
    function _recordTrainingSet(
        ModelRegistryStorage storage $,
        ModelData storage m,
        DatanetVersion[] calldata versions
    ) private {
        uint256 count = versions.length;
        if (count == 0 || count > MAX_TRAINING_VERSIONS) {
            revert ModelInvalidTrainingSetSize(count, MAX_TRAINING_VERSIONS);
        }
        IDatanetRegistry datanets = $.datanetRegistry;
        for (uint256 i; i < count; ++i) {
            DatanetVersion calldata v = versions[i];
            for (uint256 j; j < i; ++j) {
                if (versions[j].datanetId == v.datanetId && versions[j].version == v.version) {
                    revert ModelDuplicateTrainingVersion(v.datanetId, v.version);
                }
            }
            if (!datanets.versionExists(v.datanetId, v.version)) {
                revert ModelDatanetVersionNotFound(v.datanetId, v.version);
            }
            if (!datanets.isUsageAllowed(v.datanetId, msg.sender)) {
                revert ModelDatanetUsageNotAllowed(v.datanetId, msg.sender);
            }
            m.trainedOn.push(v);
        }
    }

    /// @dev The contributor share in force now: the scheduled one once its time has come.
    function _shareInForce(ModelData storage m) private view returns (uint16) {
        uint40 effectiveAt = m.pendingShareEffectiveAt;
        // solhint-disable-next-line gas-strict-inequalities
        if (effectiveAt != 0 && effectiveAt <= block.timestamp) return m.pendingContributorShareBps;
        return m.contributorShareBps;
    }

    /// @dev Makes a scheduled share change whose time has come the stored share; returns the share in force.
    function _applyDueShareChange(ModelData storage m) private returns (uint16 share) {
        uint40 effectiveAt = m.pendingShareEffectiveAt;
        if (effectiveAt == 0 || effectiveAt > block.timestamp) return m.contributorShareBps;
        share = m.pendingContributorShareBps;
        m.contributorShareBps = share;
        m.pendingContributorShareBps = 0;
        m.pendingShareEffectiveAt = 0;
    }

    function _checkContributorShare(ModelRegistryStorage storage $, uint16 share) private view {
        uint16 min = $.minContributorShareBps;
        if (share < min || share > MAX_CONTRIBUTOR_SHARE_BPS) {
            revert ModelInvalidContributorShare(share, min, MAX_CONTRIBUTOR_SHARE_BPS);
        }
    }

    function _checkOperator(ModelRegistryStorage storage $, address operator) private view {
        if (operator == address(0)) revert ProtocolZeroAddress();
        IOpenStaking staking_ = $.staking;
        if (
            address(staking_) != address(0) &&
            staking_.operatorRole(operator) != IOpenStaking.OperatorRole.ComputeProvider
        ) {
            revert ModelOperatorNotComputeProvider(operator);
        }
    }

    function _checkOwner(uint256 modelId) private view returns (address owner) {
        owner = _ownerOf(modelId);
        if (owner == address(0)) revert ModelUnknown(modelId);
        if (owner != msg.sender) revert ModelNotOwner(modelId, msg.sender);
    }

    /// @dev The caller's model, which must not be retired.
    function _ownedLiveModel(uint256 modelId) private view returns (ModelData storage m) {
        _checkOwner(modelId);
        m = _getStorage().models[modelId];
        if (m.status == ModelStatus.Retired) revert ModelIsRetired(modelId);
    }
}
