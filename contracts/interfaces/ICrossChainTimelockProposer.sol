// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ICrossChainTimelockProposer
/// @notice Parent-chain end of the cross-chain governance route: the only proposer of the parent chain's
/// TimelockController, it schedules operations sent by the child chain's governance timelock through
/// ArbSys.sendTxToL1 and executed by the rollup's Outbox.
/// @dev A call is accepted only when `msg.sender` is the rollup's Bridge and the Outbox that the Bridge reports as
/// active says the L2-to-L1 message came from `childTimelock` (the check of OpenZeppelin's former
/// CrossChainEnabledArbitrumL1). The child timelock address is not aliased: L2-to-L1 senders are reported as they are.
/// @custom:security-contact security@openledger.xyz
interface ICrossChainTimelockProposer {
    /// @notice The caller is not the rollup's Bridge.
    error CrossChainProposerNotBridge(address caller, address bridge);
    /// @notice The L2-to-L1 message was not sent by the child chain's governance timelock.
    error CrossChainProposerNotChildTimelock(address l2Sender, address childTimelock);
    /// @notice A constructor argument is the zero address.
    error CrossChainProposerZeroAddress();

    /// @notice Emitted when an operation from the child chain has been scheduled on the parent timelock.
    /// @param id The operation's id in the parent timelock.
    /// @param l2Sender The child-chain account that sent it (the child timelock).
    event CrossChainOperationScheduled(bytes32 indexed id, address indexed l2Sender);

    /// @notice The rollup's Bridge on this chain.
    function bridge() external view returns (address);

    /// @notice The child chain's governance timelock, the only accepted L2-to-L1 sender.
    function childTimelock() external view returns (address);

    /// @notice The parent chain's TimelockController this contract proposes to.
    function timelock() external view returns (address);

    /// @notice Schedules `targets[i].call{value: values[i]}(payloads[i])` on the parent timelock after `delay`.
    /// @dev Only through the Outbox from `childTimelock`. Returns the timelock operation id.
    function scheduleBatch(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata payloads,
        bytes32 predecessor,
        bytes32 salt,
        uint256 delay
    ) external returns (bytes32 id);

    /// @notice Cancels a pending operation on the parent timelock. Only through the Outbox from `childTimelock`.
    function cancel(bytes32 id) external;
}
