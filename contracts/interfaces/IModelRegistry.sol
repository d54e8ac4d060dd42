// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IModelRegistry
/// @notice AI models as ERC-721 tokens: metadata, lineage, training Datanet versions, operator, price and
/// revenue split.
/// @dev Cross-contract surface used by InferencePayments, AgentRegistry and ModelShares. The implementation's owner
/// extends this interface with the full user-facing API.
interface IModelRegistry {
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

    /// @notice Payment terms of `modelId`; `status == None` for an unknown id.
    function paymentTerms(uint256 modelId) external view returns (PaymentTerms memory);

    /// @notice Where the model owner's revenue share is claimed by: the ModelShares token once tokenized,
    /// otherwise the current owner of the model's ERC-721 token. Zero address for an unknown id.
    function revenueRecipient(uint256 modelId) external view returns (address);
}
