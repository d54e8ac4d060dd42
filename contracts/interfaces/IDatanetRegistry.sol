// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IDatanetRegistry
/// @notice Community-owned registries of domain data. Each Datanet is an ERC-721 token (ownership transferable).
/// Contributors submit content (by hash and URI), curators accept or reject it, and the owner or a curator publishes
/// numbered versions that freeze a set of accepted contributions. Models train on versions, never on a moving set.
/// @dev Cross-contract surface used by ModelRegistry and the oracle node. The implementation's owner extends this
/// interface with the full user-facing API (create, curators, contribute, review, publishVersion, bonds, reads).
interface IDatanetRegistry {
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
}
