// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IModelRegistry} from "../interfaces/IModelRegistry.sol";

/// @title PaymentsModelRegistryStandIn
/// @notice TEST ONLY. Serves IModelRegistry's two payment reads (`paymentTerms`, `revenueRecipient`) with settable
/// values, for payments tests of a registry that misbehaves (a share above 100%, no revenue recipient), which the
/// real ModelRegistry refuses to be, and for the Solidity payments suites. Anyone may set anything. Never deploy it.
contract PaymentsModelRegistryStandIn {
    mapping(uint256 modelId => IModelRegistry.PaymentTerms) private _terms;
    mapping(uint256 modelId => address) private _recipients;

    function setTerms(
        uint256 modelId,
        address operator,
        uint96 pricePerUnit,
        uint16 contributorShareBps,
        IModelRegistry.ModelStatus status
    ) external {
        _terms[modelId] = IModelRegistry.PaymentTerms(operator, pricePerUnit, contributorShareBps, status);
    }

    function setRevenueRecipient(uint256 modelId, address recipient) external {
        _recipients[modelId] = recipient;
    }

    function paymentTerms(uint256 modelId) external view returns (IModelRegistry.PaymentTerms memory) {
        return _terms[modelId];
    }

    function revenueRecipient(uint256 modelId) external view returns (address) {
        return _recipients[modelId];
    }
}
