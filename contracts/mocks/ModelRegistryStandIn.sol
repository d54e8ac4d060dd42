// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IModelRegistry} from "../interfaces/IModelRegistry.sol";

/// @title ModelRegistryStandIn
/// @notice TEST ONLY. A stand-in for ModelRegistry (written in parallel) with settable terms, used by the payments
/// tests until the real ModelRegistry is merged. Anyone may set anything. Never deploy it.
contract ModelRegistryStandIn is IModelRegistry {
    mapping(uint256 modelId => PaymentTerms) private _terms;
    mapping(uint256 modelId => address) private _recipients;

    function setTerms(
        uint256 modelId,
        address operator,
        uint96 pricePerUnit,
        uint16 contributorShareBps,
        ModelStatus status
    ) external {
        _terms[modelId] = PaymentTerms(operator, pricePerUnit, contributorShareBps, status);
    }

    function setRevenueRecipient(uint256 modelId, address recipient) external {
        _recipients[modelId] = recipient;
    }

    function paymentTerms(uint256 modelId) external view returns (PaymentTerms memory) {
        return _terms[modelId];
    }

    function revenueRecipient(uint256 modelId) external view returns (address) {
        return _recipients[modelId];
    }
}
