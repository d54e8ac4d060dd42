// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IBridge} from "@arbitrum/nitro-contracts/src/bridge/IBridge.sol";
import {IOutbox} from "@arbitrum/nitro-contracts/src/bridge/IOutbox.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

import {ICrossChainTimelockProposer} from "../interfaces/ICrossChainTimelockProposer.sol";

/// @title CrossChainTimelockProposer
/// @notice Holds the PROPOSER_ROLE and CANCELLER_ROLE of the parent chain's TimelockController and lets only the child
/// chain's governance timelock use them, through the rollup's real Bridge and Outbox.
/// @dev Route: OpenGovernor (child) -> child TimelockController -> ArbSys.sendTxToL1(this, scheduleBatch(...)) ->
/// assertion confirmed -> Outbox.executeTransaction -> Bridge.executeCall -> this -> parent TimelockController.
/// Immutable on purpose: the parent timelock replaces it by granting the proposer role to a new instance.
/// @custom:security-contact security@openledger.xyz
contract CrossChainTimelockProposer is ICrossChainTimelockProposer {
    address private immutable _BRIDGE;
    address private immutable _CHILD_TIMELOCK;
    address private immutable _TIMELOCK;

    constructor(address bridge_, address childTimelock_, address timelock_) {
        if (bridge_ == address(0) || childTimelock_ == address(0) || timelock_ == address(0)) {
            revert CrossChainProposerZeroAddress();
        }
        _BRIDGE = bridge_;
        _CHILD_TIMELOCK = childTimelock_;
        _TIMELOCK = timelock_;
    }

    /// @inheritdoc ICrossChainTimelockProposer
    function bridge() external view returns (address) {
        return _BRIDGE;
    }

    /// @inheritdoc ICrossChainTimelockProposer
    function childTimelock() external view returns (address) {
        return _CHILD_TIMELOCK;
    }

    /// @inheritdoc ICrossChainTimelockProposer
    function timelock() external view returns (address) {
        return _TIMELOCK;
    }

    modifier onlyChildTimelock() {
        _checkCrossChainSender();
        _;
    }

    /// @inheritdoc ICrossChainTimelockProposer
    function scheduleBatch(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata payloads,
        bytes32 predecessor,
        bytes32 salt,
        uint256 delay
    ) external onlyChildTimelock returns (bytes32 id) {
        TimelockController parentTimelock = TimelockController(payable(_TIMELOCK));
        id = parentTimelock.hashOperationBatch(targets, values, payloads, predecessor, salt);
        parentTimelock.scheduleBatch(targets, values, payloads, predecessor, salt, delay);
        emit CrossChainOperationScheduled(id, _CHILD_TIMELOCK);
    }

    /// @inheritdoc ICrossChainTimelockProposer
    function cancel(bytes32 id) external onlyChildTimelock {
        TimelockController(payable(_TIMELOCK)).cancel(id);
    }

    function _checkCrossChainSender() private view {
        if (msg.sender != _BRIDGE) revert CrossChainProposerNotBridge(msg.sender, _BRIDGE);
        address l2Sender = IOutbox(IBridge(_BRIDGE).activeOutbox()).l2ToL1Sender();
        if (l2Sender != _CHILD_TIMELOCK) revert CrossChainProposerNotChildTimelock(l2Sender, _CHILD_TIMELOCK);
    }
}
