// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAttributionOracle} from "./IAttributionOracle.sol";
import {IModelRegistry} from "./IModelRegistry.sol";

/// @title IInferenceLogs
/// @notice Model operators' commitments of each closed epoch's inference log (content-addressed records: request,
/// output, payment reference), read by the attribution oracles. One root per (model, epoch), committed by the model's
/// operator within [end(epoch), end(epoch) + logDeadline) (the deadline is AttributionOracle's: its reports for the
/// epoch open when the window closes, so every oracle reads the same set of logs).
/// @custom:security-contact security@openledger.xyz
interface IInferenceLogs {
    error InferenceLogsEpochNotOver(uint64 epoch, uint256 endsAt);
    error InferenceLogsWindowClosed(uint256 modelId, uint64 epoch, uint256 deadline);
    error InferenceLogsNotModelOperator(uint256 modelId, address caller, address operator);
    error InferenceLogsAlreadyCommitted(uint256 modelId, uint64 epoch);
    error InferenceLogsZeroRoot();
    error InferenceLogsZeroAddress();

    /// @notice `operator` committed the inference log of `modelId` for `epoch`.
    /// @param modelId The model whose inferences the log records.
    /// @param epoch The closed epoch the log covers.
    /// @param operator The model's operator, who committed it.
    /// @param root The log's merkle root (stored).
    /// @param uri Where the log's content is (kept in this event only).
    event InferenceLogCommitted(
        uint256 indexed modelId,
        uint64 indexed epoch,
        address indexed operator,
        bytes32 root,
        string uri
    );

    /// @notice Commits `modelId`'s inference log of the closed `epoch`: its merkle root (stored) and URI (in the
    /// event). Only the model's operator (`IModelRegistry.paymentTerms(modelId).operator`), once, in the window.
    function commitInferenceLog(uint256 modelId, uint64 epoch, bytes32 root, string calldata uri) external;

    /// @notice Committed root of `modelId`'s inference log for `epoch` (zero if none).
    function inferenceLog(uint256 modelId, uint64 epoch) external view returns (bytes32);

    /// @notice AttributionOracle: the log deadline.
    function oracle() external view returns (IAttributionOracle);

    /// @notice ModelRegistry: who commits each model's inference log.
    function modelRegistry() external view returns (IModelRegistry);
}
