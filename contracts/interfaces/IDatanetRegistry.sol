// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IProtocolUpgradeable} from "./IProtocolUpgradeable.sol";
import {IERC721Metadata} from "@openzeppelin/contracts/token/ERC721/extensions/IERC721Metadata.sol";

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IDatanetRegistry
/// @notice Community-owned registries of domain data. Each Datanet is an ERC-721 token (ownership transferable).
/// Contributors submit content (by hash and URI), curators accept or reject it, and the owner or a curator publishes
/// numbered versions that freeze a set of accepted contributions. Models train on versions, never on a moving set.
/// @dev Cross-contract surface used by ModelRegistry and the oracle node, followed by the full user-facing API.
/// Assumptions: the asset is a plain ERC-20 (no fee on transfer, no rebasing, no callbacks), such as OPEN or WOPEN.
/// Contribution ids are numbered per Datanet and carry it: `contributionId = datanetId << 32 | index`, the index
/// counting from 1 within the Datanet (0 means "none"; see docs/decisions/0101-contribution-ids.md). Versions are
/// numbered per Datanet from 1. A contribution's URI is kept in the `ContributionSubmitted` event only (see
/// docs/decisions/0102-contribution-uri-in-event-log.md); the contract stores its content hash and contributor.
/// @custom:security-contact security@openledger.xyz
interface IDatanetRegistry is IProtocolUpgradeable, IERC721Metadata {
    enum ContributionPolicy {
        Open, // anyone may contribute
        AllowListed // only accounts the owner allowed
    }

    enum UsagePolicy {
        Open, // any model may train on the Datanet's versions
        ApprovalRequired // the owner must approve each model trainer
    }

    /// @notice Whether `datanetId` has a published version `version` (versions are numbered from 1).
    function versionExists(uint256 datanetId, uint32 version) external view returns (bool);

    /// @notice Whether `trainer` may register a model trained on `datanetId` (always true under UsagePolicy.Open).
    function isUsageAllowed(uint256 datanetId, address trainer) external view returns (bool);

    // ---------------------------------------------------------------------------------------------------------------
    // Types
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice Where the bond of a rejected contribution goes (fixed per contribution when it is submitted).
    enum RejectedBondPolicy {
        RefundContributor, // rejection costs nothing: the bond goes back to the contributor
        ToDatanetOwner, // the bond goes to the Datanet's owner at review time
        ToTreasury // the bond goes to the protocol treasury
    }

    enum ContributionStatus {
        None, // unknown id
        Pending,
        Accepted,
        Rejected,
        Withdrawn // the contributor took it back after the review timeout (bond refunded, content hash freed)
    }

    /// @notice A Datanet's configuration, as given to `createDatanet` and `updateDatanet` and returned by
    /// `datanetConfig`.
    /// @param metadataURI Description of the Datanet (name, domain, schema); must not be empty.
    /// @param licenseURI License under which contributions are used.
    /// @param contributionBond Asset amount pulled from each contributor and held until review (0 = no bond; at most
    /// 2^80 - 1 units, about 1.2 million OPEN, so that a contribution's state fits in one slot).
    struct DatanetConfig {
        string metadataURI;
        string licenseURI;
        ContributionPolicy contributionPolicy;
        UsagePolicy usagePolicy;
        RejectedBondPolicy rejectedBondPolicy;
        uint80 contributionBond;
    }

    /// @notice Counters of one Datanet.
    struct DatanetCounts {
        uint32 contributions; // submitted, all statuses
        uint32 pending;
        uint32 accepted;
        uint32 versions; // latest published version number (0 = none)
    }

    /// @notice One contribution as stored (its URI is in the `ContributionSubmitted` event).
    /// @param bond The bond held for it (0 once reviewed, or when none was due).
    /// @param rejectedBondPolicy Where the bond goes if rejected, fixed at submission.
    // solhint-disable-next-line gas-struct-packing
    struct Contribution {
        uint256 datanetId;
        uint256 index; // position within the Datanet, from 1
        address contributor;
        ContributionStatus status;
        bytes32 contentHash;
        uint80 bond;
        RejectedBondPolicy rejectedBondPolicy;
    }

    /// @notice A published version: a frozen set of accepted contributions.
    /// @param merkleRoot Root of the StandardMerkleTree of `["uint256","bytes32"]` leaves (contributionId,
    /// contentHash): leaf = `keccak256(bytes.concat(keccak256(abi.encode(contributionId, contentHash))))`.
    /// @param count Number of contributions in the version.
    struct Version {
        bytes32 merkleRoot;
        uint32 count;
        uint64 publishedAt;
        string uri;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Errors
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice No Datanet has id `datanetId`.
    error DatanetUnknown(uint256 datanetId);
    /// @notice `caller` is not the owner of `datanetId`.
    error DatanetNotOwner(uint256 datanetId, address caller);
    /// @notice `caller` is neither a curator nor the owner of `datanetId`.
    error DatanetNotCurator(uint256 datanetId, address caller);
    /// @notice `datanetId` is allow-listed and `contributor` is not on its allow list.
    error DatanetContributorNotAllowed(uint256 datanetId, address contributor);
    /// @notice `contentHash` was already contributed to `datanetId` as `existingContributionId`.
    error DatanetDuplicateContribution(uint256 datanetId, bytes32 contentHash, uint256 existingContributionId);
    /// @notice A content hash or merkle root of zero was given.
    error DatanetZeroHash();
    /// @notice The Datanet's bond or rejected-bond policy is not what the contributor accepted in `contributeAtTerms`
    /// (the owner changed them after the contributor read them).
    error DatanetTermsChanged(uint256 datanetId, uint80 bond, RejectedBondPolicy rejectedBondPolicy);
    /// @notice The metadata URI is empty.
    error DatanetEmptyMetadataURI();
    /// @notice No contribution has id `contributionId`.
    error DatanetUnknownContribution(uint256 contributionId);
    /// @notice `contributionId` was already reviewed (its status is `status`).
    error DatanetAlreadyReviewed(uint256 contributionId, ContributionStatus status);
    /// @notice `reviewBatch` got arrays of different lengths.
    error DatanetBatchLengthMismatch(uint256 ids, uint256 accepts);
    /// @notice A version must hold between 1 and `accepted` contributions.
    error DatanetInvalidVersionCount(uint256 datanetId, uint256 count, uint256 accepted);
    /// @notice `account` has no withdrawable bond balance.
    error DatanetNothingToWithdraw(address account);
    /// @notice `caller` is not the contributor of `contributionId`.
    error DatanetNotContributor(uint256 contributionId, address caller);
    /// @notice `contributionId` is still within its review timeout: its contributor may withdraw it from
    /// `withdrawableAt` on.
    error DatanetReviewTimeoutNotOver(uint256 contributionId, uint256 withdrawableAt);

    // ---------------------------------------------------------------------------------------------------------------
    // Events
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice Emitted when `owner` creates `datanetId` with `config`.
    /// @param datanetId The new Datanet's id (its ERC-721 token id).
    /// @param owner The Datanet's owner.
    /// @param config Its configuration.
    event DatanetCreated(uint256 indexed datanetId, address indexed owner, DatanetConfig config);
    /// @notice Emitted when the owner replaces the configuration of `datanetId`.
    /// @param datanetId The Datanet.
    /// @param config The new configuration.
    event DatanetUpdated(uint256 indexed datanetId, DatanetConfig config);
    /// @notice Emitted when the owner adds or removes a curator.
    /// @param datanetId The Datanet.
    /// @param account The curator.
    /// @param isCurator Whether `account` may now review contributions.
    event CuratorSet(uint256 indexed datanetId, address indexed account, bool isCurator);
    /// @notice Emitted when the owner adds or removes an account from the contributor allow list.
    /// @param datanetId The Datanet.
    /// @param account The contributor.
    /// @param allowed Whether `account` may now contribute (under UsagePolicy.AllowListed).
    event ContributorAllowed(uint256 indexed datanetId, address indexed account, bool allowed);
    /// @notice Emitted when the owner approves or revokes a model trainer (UsagePolicy.ApprovalRequired).
    /// @param datanetId The Datanet.
    /// @param trainer The model trainer.
    /// @param approved Whether `trainer` may now train on the Datanet.
    event TrainerApproved(uint256 indexed datanetId, address indexed trainer, bool approved);
    /// @notice Emitted when `contributor` submits content `contentHash` at `uri`, holding `bond`.
    /// @param contributionId The new contribution's id within the Datanet.
    /// @param datanetId The Datanet.
    /// @param contributor The submitter.
    /// @param contentHash Hash of the content.
    /// @param uri Where the content lives.
    /// @param bond Bond held until review.
    event ContributionSubmitted(
        uint256 indexed contributionId,
        uint256 indexed datanetId,
        address indexed contributor,
        bytes32 contentHash,
        string uri,
        uint256 bond
    );
    /// @notice Emitted when `reviewer` accepts or rejects a contribution; `bondRecipient` was credited `bond`.
    /// @param contributionId The contribution.
    /// @param datanetId The Datanet.
    /// @param reviewer The owner or curator who reviewed it.
    /// @param accepted True if accepted.
    /// @param bondRecipient The account credited the bond (contributor, owner or treasury).
    /// @param bond The bond credited.
    event ContributionReviewed(
        uint256 indexed contributionId,
        uint256 indexed datanetId,
        address indexed reviewer,
        bool accepted,
        address bondRecipient,
        uint256 bond
    );
    /// @notice Emitted when version `version` of `datanetId` is published.
    /// @param datanetId The Datanet.
    /// @param version The version number (1, 2, ...).
    /// @param merkleRoot Merkle root of the version's contributions.
    /// @param count Number of contributions in the version.
    /// @param uri Where the version's manifest lives.
    /// @param publisher The account that published it.
    event VersionPublished(
        uint256 indexed datanetId,
        uint32 indexed version,
        bytes32 merkleRoot,
        uint32 count,
        string uri,
        address publisher
    );
    /// @notice Emitted when `amount` of withdrawable bonds is paid to `account`.
    /// @param account The account paid.
    /// @param amount Bonds paid out.
    event BondsWithdrawn(address indexed account, uint256 amount);
    /// @notice Emitted when `contributor` withdraws its pending contribution; `bond` was credited back to it and the
    /// content hash is free again.
    /// @param contributionId The contribution.
    /// @param datanetId The Datanet.
    /// @param contributor The contributor.
    /// @param bond The bond credited back.
    event ContributionWithdrawn(
        uint256 indexed contributionId,
        uint256 indexed datanetId,
        address indexed contributor,
        uint256 bond
    );
    /// @notice Emitted when the admin sets the treasury that receives bonds under RejectedBondPolicy.ToTreasury.
    /// @param treasury The new treasury.
    event TreasurySet(address treasury);
    /// @notice The admin set the review timeout.
    /// @param reviewTimeout Seconds after which a contributor may withdraw a contribution still pending.
    event ReviewTimeoutSet(uint32 reviewTimeout);

    // ---------------------------------------------------------------------------------------------------------------
    // Datanets
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice Creates a Datanet owned by the caller and mints its ERC-721 token (`_safeMint`: a contract caller must
    /// implement `onERC721Received`).
    /// @return datanetId The new Datanet's id (numbered from 1).
    function createDatanet(DatanetConfig calldata config) external returns (uint256 datanetId);

    /// @notice Replaces the configuration of `datanetId`. Only the owner. A new bond or rejected-bond policy applies
    /// to later contributions only.
    function updateDatanet(uint256 datanetId, DatanetConfig calldata config) external;

    /// @notice Adds or removes `account` as a curator of `datanetId`. Only the owner. Curators belong to the owner who
    /// appointed them: after a transfer of the Datanet they no longer curate (unless it comes back).
    function setCurator(uint256 datanetId, address account, bool isCurator) external;

    /// @notice Adds or removes `account` on the contributor allow list of `datanetId`. Only the owner.
    function setContributorAllowed(uint256 datanetId, address account, bool allowed) external;

    /// @notice Approves or revokes `trainer` to register models trained on `datanetId` under
    /// UsagePolicy.ApprovalRequired. Only the owner. Revoking does not affect models already registered.
    function setTrainerApproval(uint256 datanetId, address trainer, bool approved) external;

    // ---------------------------------------------------------------------------------------------------------------
    // Contributions
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice Submits content to `datanetId`. Pulls the Datanet's contribution bond from the caller (approve first).
    /// Takes the bond and rejected-bond policy in force when it executes: a contributor who must not be surprised by
    /// an owner's change uses `contributeAtTerms`.
    /// @param contentHash Hash of the content (non-zero; unique within the Datanet while a contribution of it is
    /// pending or accepted: a rejected one frees it).
    /// @param uri Where the content can be fetched; logged in `ContributionSubmitted`, not stored.
    /// @return contributionId `datanetId << 32 | index`, the index counting from 1 within the Datanet.
    function contribute(
        uint256 datanetId,
        bytes32 contentHash,
        string calldata uri
    ) external returns (uint256 contributionId);

    /// @notice `contribute`, reverting with `DatanetTermsChanged` unless the Datanet's bond is at most `maxBond` and
    /// its rejected-bond policy is `rejectedBondPolicy`: the terms the contributor read cannot be changed under it.
    function contributeAtTerms(
        uint256 datanetId,
        bytes32 contentHash,
        string calldata uri,
        uint80 maxBond,
        RejectedBondPolicy rejectedBondPolicy
    ) external returns (uint256 contributionId);

    /// @notice Accepts or rejects a pending contribution. Only a curator or the owner of its Datanet. The bond is
    /// credited to the contributor on accept, and on reject to the recipient its policy names.
    function review(uint256 contributionId, bool accept) external;

    /// @notice `review` for many contributions (possibly of different Datanets) in one transaction.
    function reviewBatch(uint256[] calldata contributionIds, bool[] calldata accepts) external;

    /// @notice Withdraws the caller's contribution if it is still pending `reviewTimeout()` after its submission
    /// (curators who want it must review it before): the status becomes Withdrawn, the bond is credited back to the
    /// caller (`withdrawBonds` pays it) and the content hash is free for a new contribution.
    /// @return bond The bond credited back.
    function withdrawContribution(uint256 contributionId) external returns (uint256 bond);

    /// @notice Pays the caller's withdrawable bond balance.
    function withdrawBonds() external returns (uint256 amount);

    /// @notice Pays `account`'s withdrawable bond balance to `account` (anyone may trigger it; useful for the
    /// treasury and other contracts).
    function withdrawBondsFor(address account) external returns (uint256 amount);

    // ---------------------------------------------------------------------------------------------------------------
    // Versions
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice Publishes version `latest + 1` of `datanetId`. Only a curator or the owner.
    /// @param merkleRoot Root over the accepted contributions in the version (leaf encoding in `Version`).
    /// @param count Number of leaves, between 1 and the Datanet's accepted count.
    /// @return version The new version number (from 1).
    function publishVersion(
        uint256 datanetId,
        bytes32 merkleRoot,
        uint32 count,
        string calldata uri
    ) external returns (uint32 version);

    // ---------------------------------------------------------------------------------------------------------------
    // Admin
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice Sets the treasury credited under RejectedBondPolicy.ToTreasury. Only the admin.
    function setTreasury(address treasury) external;

    /// @notice Sets the review timeout, within [MIN_REVIEW_TIMEOUT, MAX_REVIEW_TIMEOUT]
    /// (1 to 60 days). Only the admin.
    function setReviewTimeout(uint32 timeout) external;

    // ---------------------------------------------------------------------------------------------------------------
    // Reads
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice The protocol asset in which bonds are paid.
    function asset() external view returns (IERC20);

    /// @notice Time the curators have to review a contribution after its submission; after that its contributor may
    /// withdraw it while it is still pending. Governance sets it within 1 to 60 days; a change applies to every
    /// pending contribution.
    function reviewTimeout() external view returns (uint32);

    /// @notice The treasury credited under RejectedBondPolicy.ToTreasury.
    function treasury() external view returns (address);

    /// @notice Number of Datanets created (the latest id).
    function datanetCount() external view returns (uint256);

    /// @notice Configuration of `datanetId`. Reverts with `DatanetUnknown` for an unknown id.
    function datanetConfig(uint256 datanetId) external view returns (DatanetConfig memory);

    /// @notice Counters of `datanetId`. Reverts with `DatanetUnknown` for an unknown id.
    function datanetCounts(uint256 datanetId) external view returns (DatanetCounts memory);

    /// @notice Whether `account` is a curator of `datanetId` under its current owner (the owner is not listed but may
    /// curate).
    function isCurator(uint256 datanetId, address account) external view returns (bool);

    /// @notice Whether `account` is on the allow list of `datanetId`.
    function isContributorAllowed(uint256 datanetId, address account) external view returns (bool);

    /// @notice Whether the owner approved `trainer` for `datanetId` (meaningful under ApprovalRequired).
    function isTrainerApproved(uint256 datanetId, address trainer) external view returns (bool);

    /// @notice Contribution `contributionId`. Reverts with `DatanetUnknownContribution` for an unknown id.
    function contribution(uint256 contributionId) external view returns (Contribution memory);

    /// @notice Id of the pending or accepted contribution of `contentHash` to `datanetId` (0 if none).
    function contributionIdOf(uint256 datanetId, bytes32 contentHash) external view returns (uint256);

    /// @notice Version `versionNumber` of `datanetId`. Reverts with `DatanetUnknown` for an unknown Datanet; an
    /// unpublished version reads as zeros.
    function version(uint256 datanetId, uint32 versionNumber) external view returns (Version memory);

    /// @notice Whether contribution (`contributionId`, `contentHash`) is a leaf of version `versionNumber` of
    /// `datanetId`, given its StandardMerkleTree `proof`. Leaf:
    /// `keccak256(bytes.concat(keccak256(abi.encode(contributionId, contentHash))))`. False for an unpublished version.
    function isInVersion(
        uint256 datanetId,
        uint32 versionNumber,
        uint256 contributionId,
        bytes32 contentHash,
        bytes32[] calldata proof
    ) external view returns (bool);

    /// @notice Bond balance `account` can withdraw.
    function withdrawableBonds(address account) external view returns (uint256);

    // ---------------------------------------------------------------- constants, role ids, initializer

    /// @notice Initializes the proxy.
    /// @param admin The governance timelock (DEFAULT_ADMIN_ROLE).
    /// @param asset_ The protocol asset in which bonds are paid.
    /// @param treasury_ Receives bonds of rejected contributions under RejectedBondPolicy.ToTreasury.
    function initialize(address admin, IERC20 asset_, address treasury_) external;
}
