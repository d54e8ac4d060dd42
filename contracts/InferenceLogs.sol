// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAttributionOracle} from "./interfaces/IAttributionOracle.sol";
import {IInferenceLogs} from "./interfaces/IInferenceLogs.sol";
import {IModelRegistry} from "./interfaces/IModelRegistry.sol";
import {EpochClock} from "./libraries/EpochClock.sol";

/// @title InferenceLogs
/// @notice The operators' inference log commitments (see IInferenceLogs). Not upgradeable and without an admin: it
/// holds no asset and no parameter (the deadline is read from AttributionOracle); a new version is a new deployment
/// that the oracles are pointed at.
/// @custom:security-contact security@openledger.xyz
contract InferenceLogs is IInferenceLogs {
    IAttributionOracle private immutable ORACLE;
    IModelRegistry private immutable MODEL_REGISTRY;
    uint256 private immutable EPOCH_GENESIS;
    uint256 private immutable EPOCH_LENGTH;

    mapping(uint256 modelId => mapping(uint64 epoch => bytes32 root)) private _logs;

    /// @param oracle_ AttributionOracle (its payments' epoch clock and its log deadline).
    /// @param modelRegistry_ ModelRegistry: model operators.
    constructor(IAttributionOracle oracle_, IModelRegistry modelRegistry_) {
        if (address(oracle_) == address(0) || address(modelRegistry_) == address(0)) {
            revert InferenceLogsZeroAddress();
        }
        ORACLE = oracle_;
        MODEL_REGISTRY = modelRegistry_;
        EPOCH_GENESIS = oracle_.payments().epochGenesis();
        EPOCH_LENGTH = oracle_.payments().epochLength();
    }

    /// @inheritdoc IInferenceLogs
    function commitInferenceLog(uint256 modelId, uint64 epoch, bytes32 root, string calldata uri) external {
        if (root == bytes32(0)) revert InferenceLogsZeroRoot();
        uint256 end = EpochClock.end(epoch, EPOCH_GENESIS, EPOCH_LENGTH);
        if (block.timestamp < end) revert InferenceLogsEpochNotOver(epoch, end);
        uint256 deadline = end + ORACLE.logDeadline();
        if (block.timestamp >= deadline) revert InferenceLogsWindowClosed(modelId, epoch, deadline);
        address operator = MODEL_REGISTRY.paymentTerms(modelId).operator;
        if (msg.sender != operator || operator == address(0)) {
            revert InferenceLogsNotModelOperator(modelId, msg.sender, operator);
        }
        if (_logs[modelId][epoch] != bytes32(0)) revert InferenceLogsAlreadyCommitted(modelId, epoch);
        _logs[modelId][epoch] = root;
        emit InferenceLogCommitted(modelId, epoch, msg.sender, root, uri);
    }

    /// @inheritdoc IInferenceLogs
    function inferenceLog(uint256 modelId, uint64 epoch) external view returns (bytes32) {
        return _logs[modelId][epoch];
    }

    /// @inheritdoc IInferenceLogs
    function oracle() external view returns (IAttributionOracle) {
        return ORACLE;
    }

    /// @inheritdoc IInferenceLogs
    function modelRegistry() external view returns (IModelRegistry) {
        return MODEL_REGISTRY;
    }
}
