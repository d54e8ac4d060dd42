// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IERC721Metadata} from "@openzeppelin/contracts/token/ERC721/extensions/IERC721Metadata.sol";
import {ERC721Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC721/ERC721Upgradeable.sol";
import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {ProtocolUpgradeable} from "./base/ProtocolUpgradeable.sol";
import {IDatanetRegistry} from "./interfaces/IDatanetRegistry.sol";

/// @title DatanetRegistry
/// @notice Datanets as ERC-721 tokens: configuration, curators, allow lists, bonded contributions with review, and
/// numbered versions that freeze a merkle root over accepted contributions.
/// @dev Bonds are held in the asset by this contract. Invariant: `asset.balanceOf(this) >= sum of bonds of pending
/// contributions + sum of withdrawable balances` (equality unless someone sends the asset unsolicited). Every payout is
/// pulled (`withdrawBonds`). Storage: one ERC-7201 namespaced struct.
/// Review timeout (docs/decisions/0263): a contribution still pending `reviewTimeout()` after its submission can be
/// withdrawn by its contributor, who gets the bond back and frees the content hash. No owner can hold a bond hostage
/// for longer than that. The submission time rides in the bits above the id in `contributionIdOf`, so recording it
/// costs `contribute` no extra storage write.
/// @custom:security-contact security@openledger.xyz
contract DatanetRegistry is IDatanetRegistry, ProtocolUpgradeable, ERC721Upgradeable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @dev A contribution id is `datanetId << INDEX_BITS | index`, index numbered from 1 within the Datanet.
    uint256 private constant INDEX_BITS = 32;
    uint256 private constant INDEX_MASK = type(uint32).max;
    /// @dev Bits of a contribution id (datanetId < 2^64, index < 2^32) in a `contributionIdOf` entry.
    uint256 private constant ID_BITS = 96;
    uint256 private constant ID_MASK = type(uint96).max;

    /// @notice Default of `reviewTimeout` (14 days).
    uint32 private constant DEFAULT_REVIEW_TIMEOUT = 14 days;
    /// @notice Hard-coded bounds of `reviewTimeout`.
    uint32 private constant MIN_REVIEW_TIMEOUT = 1 days;
    uint32 private constant MAX_REVIEW_TIMEOUT = 60 days;

    /// @dev One Datanet. Slot 0 holds everything `contribute` and `review` need, so each reads it once (exactly 256
    /// bits; solhint's packing heuristic does not see that).
    // solhint-disable-next-line gas-struct-packing
    struct DatanetData {
        uint80 contributionBond;
        ContributionPolicy contributionPolicy;
        UsagePolicy usagePolicy;
        RejectedBondPolicy rejectedBondPolicy;
        bool exists;
        uint32 contributionCount;
        uint32 pendingCount;
        uint32 acceptedCount;
        uint32 versionCount;
        string metadataURI;
        string licenseURI;
    }

    /// @dev One contribution in two slots: slot 0 (contributor, status, policy, bond: exactly 256 bits) is all that
    /// review reads and writes; slot 1 holds the content hash. The Datanet is not stored: it is the id's high bits.
    // solhint-disable-next-line gas-struct-packing
    struct ContributionData {
        address contributor;
        ContributionStatus status;
        RejectedBondPolicy rejectedBondPolicy;
        uint80 bond;
        bytes32 contentHash;
    }

    /// @custom:storage-location erc7201:openledger.storage.DatanetRegistry
    struct DatanetRegistryStorage {
        IERC20 asset;
        uint64 datanetCount;
        uint32 reviewTimeout;
        address treasury;
        mapping(uint256 datanetId => DatanetData) datanets;
        mapping(uint256 contributionId => ContributionData) contributions;
        // The contribution holding each content hash, with its submission time in the bits above the id:
        // `submittedAt << ID_BITS | contributionId` (written by the same store that records the id).
        mapping(uint256 datanetId => mapping(bytes32 contentHash => uint256 submittedAtAndId)) contributionIdOf;
        mapping(uint256 datanetId => mapping(address account => bool)) allowedContributors;
        mapping(uint256 datanetId => mapping(address trainer => bool)) approvedTrainers;
        mapping(uint256 datanetId => mapping(uint32 version => Version)) versions;
        mapping(address account => uint256) withdrawableBonds;
        // The curators each owner appointed: a Datanet's curators are those of its current owner, so a transfer
        // leaves the seller's appointees behind.
        mapping(uint256 datanetId => mapping(address owner => mapping(address account => bool))) ownerCurators;
    }

    // keccak256(abi.encode(uint256(keccak256("openledger.storage.DatanetRegistry")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _STORAGE_SLOT = 0x89e21eb98a99ad74696ff9cc7f797d53cf7230fa3926bb449dd08a57f81bef00;

    function _getStorage() private pure returns (DatanetRegistryStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := _STORAGE_SLOT
        }
    }

    /// @notice Initializes the proxy.
    /// @param admin The governance timelock (DEFAULT_ADMIN_ROLE).
    /// @param asset_ The protocol asset in which bonds are paid.
    /// @param treasury_ Receives bonds of rejected contributions under RejectedBondPolicy.ToTreasury.
    function initialize(address admin, IERC20 asset_, address treasury_) external initializer {
        if (address(asset_) == address(0) || treasury_ == address(0)) revert ProtocolZeroAddress();
        __ProtocolUpgradeable_init(admin);
        __ERC721_init("OpenLedger Datanet", "DATANET");
        DatanetRegistryStorage storage $ = _getStorage();
        $.asset = asset_;
        $.treasury = treasury_;
        emit TreasurySet(treasury_);
        // A constant within [MIN_REVIEW_TIMEOUT, MAX_REVIEW_TIMEOUT].
        $.reviewTimeout = DEFAULT_REVIEW_TIMEOUT;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Datanets
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IDatanetRegistry
    function createDatanet(DatanetConfig calldata config) external nonReentrant returns (uint256 datanetId) {
        DatanetRegistryStorage storage $ = _getStorage();
        datanetId = ++$.datanetCount;
        DatanetData storage d = $.datanets[datanetId];
        d.exists = true;
        _writeConfig(d, config);
        emit DatanetCreated(datanetId, msg.sender, config);
        // Last step: every state change is done before `onERC721Received` can run code (and re-entry is refused).
        _safeMint(msg.sender, datanetId);
    }

    /// @inheritdoc IDatanetRegistry
    function updateDatanet(uint256 datanetId, DatanetConfig calldata config) external {
        _checkOwner(datanetId);
        _writeConfig(_getStorage().datanets[datanetId], config);
        emit DatanetUpdated(datanetId, config);
    }

    /// @inheritdoc IDatanetRegistry
    function setCurator(uint256 datanetId, address account, bool isCurator_) external {
        _checkOwner(datanetId);
        if (account == address(0)) revert ProtocolZeroAddress();
        _getStorage().ownerCurators[datanetId][msg.sender][account] = isCurator_;
        emit CuratorSet(datanetId, account, isCurator_);
    }

    /// @inheritdoc IDatanetRegistry
    function setContributorAllowed(uint256 datanetId, address account, bool allowed) external {
        _checkOwner(datanetId);
        if (account == address(0)) revert ProtocolZeroAddress();
        _getStorage().allowedContributors[datanetId][account] = allowed;
        emit ContributorAllowed(datanetId, account, allowed);
    }

    /// @inheritdoc IDatanetRegistry
    function setTrainerApproval(uint256 datanetId, address trainer, bool approved) external {
        _checkOwner(datanetId);
        if (trainer == address(0)) revert ProtocolZeroAddress();
        _getStorage().approvedTrainers[datanetId][trainer] = approved;
        emit TrainerApproved(datanetId, trainer, approved);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Contributions
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IDatanetRegistry
    function contribute(
        uint256 datanetId,
        bytes32 contentHash,
        string calldata uri
    ) external nonReentrant returns (uint256 contributionId) {
        DatanetRegistryStorage storage $ = _getStorage();
        DatanetData storage d = $.datanets[datanetId];
        if (!d.exists) revert DatanetUnknown(datanetId);
        return _contribute($, d, datanetId, contentHash, uri);
    }

    /// @inheritdoc IDatanetRegistry
    function contributeAtTerms(
        uint256 datanetId,
        bytes32 contentHash,
        string calldata uri,
        uint80 maxBond,
        RejectedBondPolicy rejectedBondPolicy
    ) external nonReentrant returns (uint256 contributionId) {
        DatanetRegistryStorage storage $ = _getStorage();
        DatanetData storage d = $.datanets[datanetId];
        if (!d.exists) revert DatanetUnknown(datanetId);
        if (d.contributionBond > maxBond || d.rejectedBondPolicy != rejectedBondPolicy) {
            revert DatanetTermsChanged(datanetId, d.contributionBond, d.rejectedBondPolicy);
        }
        return _contribute($, d, datanetId, contentHash, uri);
    }

    /// @dev Records a contribution to an existing Datanet on its current terms and pulls its bond.
    function _contribute(
        DatanetRegistryStorage storage $,
        DatanetData storage d,
        uint256 datanetId,
        bytes32 contentHash,
        string calldata uri
    ) private returns (uint256 contributionId) {
        if (contentHash == bytes32(0)) revert DatanetZeroHash();
        if (d.contributionPolicy == ContributionPolicy.AllowListed && !$.allowedContributors[datanetId][msg.sender]) {
            revert DatanetContributorNotAllowed(datanetId, msg.sender);
        }
        uint256 existing = $.contributionIdOf[datanetId][contentHash];
        if (existing != 0) revert DatanetDuplicateContribution(datanetId, contentHash, existing & ID_MASK);

        // Per-Datanet numbering keeps the counter in the Datanet's slot 0, already read and written here (a global
        // counter would cost a cold slot per contribution). datanetId < 2^64, so the id fits in 96 bits.
        contributionId = (datanetId << INDEX_BITS) | ++d.contributionCount;
        $.contributionIdOf[datanetId][contentHash] = (block.timestamp << ID_BITS) | contributionId;
        uint80 bond = d.contributionBond;
        ContributionData storage c = $.contributions[contributionId];
        c.contributor = msg.sender;
        c.status = ContributionStatus.Pending;
        c.rejectedBondPolicy = d.rejectedBondPolicy;
        c.bond = bond;
        c.contentHash = contentHash;
        ++d.pendingCount;
        emit ContributionSubmitted(contributionId, datanetId, msg.sender, contentHash, uri, bond);
        if (bond != 0) $.asset.safeTransferFrom(msg.sender, address(this), bond);
    }

    /// @inheritdoc IDatanetRegistry
    function review(uint256 contributionId, bool accept) external {
        _review(_getStorage(), contributionId, accept, 0);
    }

    /// @inheritdoc IDatanetRegistry
    function reviewBatch(uint256[] calldata contributionIds, bool[] calldata accepts) external {
        uint256 length = contributionIds.length;
        if (length != accepts.length) revert DatanetBatchLengthMismatch(length, accepts.length);
        DatanetRegistryStorage storage $ = _getStorage();
        // The caller's right to review is checked once per run of ids from the same Datanet.
        uint256 authorizedDatanet;
        for (uint256 i; i < length; ++i) {
            authorizedDatanet = _review($, contributionIds[i], accepts[i], authorizedDatanet);
        }
    }

    /// @inheritdoc IDatanetRegistry
    function withdrawContribution(uint256 contributionId) external returns (uint256 bond) {
        DatanetRegistryStorage storage $ = _getStorage();
        ContributionData storage c = _pendingOfCaller($, contributionId);
        uint256 datanetId = contributionId >> INDEX_BITS;
        uint256 withdrawableAt = _withdrawableAt($, datanetId, c.contentHash);
        if (block.timestamp < withdrawableAt) revert DatanetReviewTimeoutNotOver(contributionId, withdrawableAt);
        // The bond is credited back like every other bond payout, and withdrawn by pull (`withdrawBonds`).
        (, bond) = _close($, c, datanetId, ContributionStatus.Withdrawn);
        emit ContributionWithdrawn(contributionId, datanetId, msg.sender, bond);
    }

    /// @inheritdoc IDatanetRegistry
    function withdrawBonds() external nonReentrant returns (uint256 amount) {
        return _withdrawBonds(msg.sender);
    }

    /// @inheritdoc IDatanetRegistry
    function withdrawBondsFor(address account) external nonReentrant returns (uint256 amount) {
        return _withdrawBonds(account);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Versions
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IDatanetRegistry
    function publishVersion(
        uint256 datanetId,
        bytes32 merkleRoot,
        uint32 count,
        string calldata uri
    ) external returns (uint32 versionNumber) {
        DatanetRegistryStorage storage $ = _getStorage();
        _checkCurator($, datanetId);
        if (merkleRoot == bytes32(0)) revert DatanetZeroHash();
        DatanetData storage d = $.datanets[datanetId];
        uint32 accepted = d.acceptedCount;
        if (count == 0 || count > accepted) revert DatanetInvalidVersionCount(datanetId, count, accepted);
        versionNumber = ++d.versionCount;
        Version storage v = $.versions[datanetId][versionNumber];
        v.merkleRoot = merkleRoot;
        v.count = count;
        v.publishedAt = uint64(block.timestamp);
        v.uri = uri;
        emit VersionPublished(datanetId, versionNumber, merkleRoot, count, uri, msg.sender);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Admin
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IDatanetRegistry
    function setTreasury(address treasury_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (treasury_ == address(0)) revert ProtocolZeroAddress();
        _getStorage().treasury = treasury_;
        emit TreasurySet(treasury_);
    }

    /// @inheritdoc IDatanetRegistry
    function setReviewTimeout(uint32 timeout) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _requireWithinBounds("reviewTimeout", timeout, MIN_REVIEW_TIMEOUT, MAX_REVIEW_TIMEOUT);
        _getStorage().reviewTimeout = timeout;
        emit ReviewTimeoutSet(timeout);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Reads
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IDatanetRegistry
    function versionExists(uint256 datanetId, uint32 versionNumber) external view returns (bool) {
        // solhint-disable-next-line gas-strict-inequalities
        return versionNumber != 0 && versionNumber <= _getStorage().datanets[datanetId].versionCount;
    }

    /// @inheritdoc IDatanetRegistry
    function isUsageAllowed(uint256 datanetId, address trainer) external view returns (bool) {
        DatanetRegistryStorage storage $ = _getStorage();
        DatanetData storage d = $.datanets[datanetId];
        if (!d.exists) return false;
        return d.usagePolicy == UsagePolicy.Open || $.approvedTrainers[datanetId][trainer];
    }

    /// @inheritdoc IDatanetRegistry
    function asset() external view returns (IERC20) {
        return _getStorage().asset;
    }

    /// @inheritdoc IDatanetRegistry
    function reviewTimeout() external view returns (uint32) {
        return _getStorage().reviewTimeout;
    }

    /// @inheritdoc IDatanetRegistry
    function treasury() external view returns (address) {
        return _getStorage().treasury;
    }

    /// @inheritdoc IDatanetRegistry
    function datanetCount() external view returns (uint256) {
        return _getStorage().datanetCount;
    }

    /// @inheritdoc IDatanetRegistry
    function datanetConfig(uint256 datanetId) external view returns (DatanetConfig memory config) {
        DatanetData storage d = _existingDatanet(datanetId);
        config = DatanetConfig({
            metadataURI: d.metadataURI,
            licenseURI: d.licenseURI,
            contributionPolicy: d.contributionPolicy,
            usagePolicy: d.usagePolicy,
            rejectedBondPolicy: d.rejectedBondPolicy,
            contributionBond: d.contributionBond
        });
    }

    /// @inheritdoc IDatanetRegistry
    function datanetCounts(uint256 datanetId) external view returns (DatanetCounts memory) {
        DatanetData storage d = _existingDatanet(datanetId);
        return DatanetCounts(d.contributionCount, d.pendingCount, d.acceptedCount, d.versionCount);
    }

    /// @inheritdoc IDatanetRegistry
    function isCurator(uint256 datanetId, address account) external view returns (bool) {
        return _getStorage().ownerCurators[datanetId][_ownerOf(datanetId)][account];
    }

    /// @inheritdoc IDatanetRegistry
    function isContributorAllowed(uint256 datanetId, address account) external view returns (bool) {
        return _getStorage().allowedContributors[datanetId][account];
    }

    /// @inheritdoc IDatanetRegistry
    function isTrainerApproved(uint256 datanetId, address trainer) external view returns (bool) {
        return _getStorage().approvedTrainers[datanetId][trainer];
    }

    /// @inheritdoc IDatanetRegistry
    function contribution(uint256 contributionId) external view returns (Contribution memory) {
        ContributionData storage c = _getStorage().contributions[contributionId];
        if (c.status == ContributionStatus.None) revert DatanetUnknownContribution(contributionId);
        return
            Contribution(
                contributionId >> INDEX_BITS,
                contributionId & INDEX_MASK,
                c.contributor,
                c.status,
                c.contentHash,
                c.bond,
                c.rejectedBondPolicy
            );
    }

    /// @inheritdoc IDatanetRegistry
    function contributionIdOf(uint256 datanetId, bytes32 contentHash) external view returns (uint256) {
        return _getStorage().contributionIdOf[datanetId][contentHash] & ID_MASK;
    }

    /// @inheritdoc IDatanetRegistry
    function version(uint256 datanetId, uint32 versionNumber) external view returns (Version memory) {
        _existingDatanet(datanetId);
        return _getStorage().versions[datanetId][versionNumber];
    }

    /// @inheritdoc IDatanetRegistry
    function isInVersion(
        uint256 datanetId,
        uint32 versionNumber,
        uint256 contributionId,
        bytes32 contentHash,
        bytes32[] calldata proof
    ) external view returns (bool) {
        bytes32 root = _getStorage().versions[datanetId][versionNumber].merkleRoot;
        if (root == bytes32(0)) return false;
        return MerkleProof.verifyCalldata(proof, root, versionLeaf(contributionId, contentHash));
    }

    /// @notice The merkle leaf of one contribution in a version (StandardMerkleTree, types ["uint256","bytes32"]).
    function versionLeaf(uint256 contributionId, bytes32 contentHash) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(contributionId, contentHash))));
    }

    /// @inheritdoc IDatanetRegistry
    function withdrawableBonds(address account) external view returns (uint256) {
        return _getStorage().withdrawableBonds[account];
    }

    /// @notice The Datanet's metadata URI.
    function tokenURI(
        uint256 datanetId
    ) public view override(ERC721Upgradeable, IERC721Metadata) returns (string memory) {
        _requireOwned(datanetId);
        return _getStorage().datanets[datanetId].metadataURI;
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

    function _writeConfig(DatanetData storage d, DatanetConfig calldata config) private {
        if (bytes(config.metadataURI).length == 0) revert DatanetEmptyMetadataURI();
        d.contributionBond = config.contributionBond;
        d.contributionPolicy = config.contributionPolicy;
        d.usagePolicy = config.usagePolicy;
        d.rejectedBondPolicy = config.rejectedBondPolicy;
        d.metadataURI = config.metadataURI;
        d.licenseURI = config.licenseURI;
    }

    /// @dev Reviews one contribution. `authorizedDatanet` is a Datanet the caller was already checked for (0 = none);
    /// returns the Datanet the caller is now known to be authorized for.
    function _review(
        DatanetRegistryStorage storage $,
        uint256 contributionId,
        bool accept,
        uint256 authorizedDatanet
    ) private returns (uint256 datanetId) {
        ContributionData storage c = _pending($, contributionId);
        datanetId = contributionId >> INDEX_BITS;
        if (datanetId != authorizedDatanet) _checkCurator($, datanetId);
        (address bondRecipient, uint80 bond) = _close(
            $,
            c,
            datanetId,
            accept ? ContributionStatus.Accepted : ContributionStatus.Rejected
        );
        emit ContributionReviewed(contributionId, datanetId, msg.sender, accept, bondRecipient, bond);
    }

    /// @dev Closes a pending contribution with `status` (Accepted, Rejected or Withdrawn): updates the counters, frees
    /// the content hash unless accepted, and credits the bond to the contributor (accepted, withdrawn, or rejected
    /// under RefundContributor), the Datanet's owner or the treasury.
    function _close(
        DatanetRegistryStorage storage $,
        ContributionData storage c,
        uint256 datanetId,
        ContributionStatus status
    ) private returns (address bondRecipient, uint80 bond) {
        address contributor = c.contributor;
        RejectedBondPolicy policy = c.rejectedBondPolicy;
        bool accepted = status == ContributionStatus.Accepted;
        c.status = status;
        // A rejected or withdrawn contribution frees its content hash: a copy submitted first by someone else and
        // rejected must not keep the real contributor out of the Datanet for good.
        if (!accepted) delete $.contributionIdOf[datanetId][c.contentHash];
        DatanetData storage d = $.datanets[datanetId];
        // A pending contribution was counted in pendingCount, so the decrement cannot underflow; acceptedCount is at
        // most contributionCount, a uint32 that `contribute` increments with overflow checks.
        unchecked {
            --d.pendingCount;
            if (accepted) ++d.acceptedCount;
        }

        bond = c.bond;
        if (bond != 0) {
            c.bond = 0;
            if (status != ContributionStatus.Rejected || policy == RejectedBondPolicy.RefundContributor) {
                bondRecipient = contributor;
            } else if (policy == RejectedBondPolicy.ToDatanetOwner) {
                bondRecipient = _ownerOf(datanetId);
            } else {
                bondRecipient = $.treasury;
            }
            $.withdrawableBonds[bondRecipient] += bond;
        }
    }

    function _withdrawBonds(address account) private returns (uint256 amount) {
        DatanetRegistryStorage storage $ = _getStorage();
        amount = $.withdrawableBonds[account];
        if (amount == 0) revert DatanetNothingToWithdraw(account);
        $.withdrawableBonds[account] = 0;
        emit BondsWithdrawn(account, amount);
        $.asset.safeTransfer(account, amount);
    }

    /// @dev When the pending contribution of `contentHash` to `datanetId` may be withdrawn by its contributor.
    function _withdrawableAt(
        DatanetRegistryStorage storage $,
        uint256 datanetId,
        bytes32 contentHash
    ) private view returns (uint256) {
        return ($.contributionIdOf[datanetId][contentHash] >> ID_BITS) + $.reviewTimeout;
    }

    /// @dev Pending contribution `contributionId`.
    function _pending(
        DatanetRegistryStorage storage $,
        uint256 contributionId
    ) private view returns (ContributionData storage c) {
        c = $.contributions[contributionId];
        ContributionStatus status = c.status;
        if (status == ContributionStatus.None) revert DatanetUnknownContribution(contributionId);
        if (status != ContributionStatus.Pending) revert DatanetAlreadyReviewed(contributionId, status);
    }

    /// @dev The caller's pending contribution `contributionId`.
    function _pendingOfCaller(
        DatanetRegistryStorage storage $,
        uint256 contributionId
    ) private view returns (ContributionData storage c) {
        c = _pending($, contributionId);
        if (c.contributor != msg.sender) revert DatanetNotContributor(contributionId, msg.sender);
    }

    function _existingDatanet(uint256 datanetId) private view returns (DatanetData storage d) {
        d = _getStorage().datanets[datanetId];
        if (!d.exists) revert DatanetUnknown(datanetId);
    }

    function _checkOwner(uint256 datanetId) private view {
        address owner = _ownerOf(datanetId);
        if (owner == address(0)) revert DatanetUnknown(datanetId);
        if (owner != msg.sender) revert DatanetNotOwner(datanetId, msg.sender);
    }

    function _checkCurator(DatanetRegistryStorage storage $, uint256 datanetId) private view {
        address owner = _ownerOf(datanetId);
        if (owner == msg.sender) return;
        if (owner == address(0)) revert DatanetUnknown(datanetId);
        if (!$.ownerCurators[datanetId][owner][msg.sender]) revert DatanetNotCurator(datanetId, msg.sender);
    }
}
