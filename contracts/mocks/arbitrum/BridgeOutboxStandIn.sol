// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title BridgeOutboxStandIn
/// @notice TEST ONLY. Plays the parent-chain Bridge and its active Outbox in unit tests of CrossChainTimelockProposer:
/// it reports a settable L2 sender and forwards a call as the bridge would when executing an L2-to-L1 message. The
/// real Bridge/Outbox route is exercised end to end in test/integration/orbit/OrbitGovernance.test.ts.
contract BridgeOutboxStandIn {
    address public l2ToL1Sender;

    function activeOutbox() external view returns (address) {
        return address(this);
    }

    function executeAs(address l2Sender, address target, bytes calldata data) external returns (bytes memory) {
        l2ToL1Sender = l2Sender;
        (bool ok, bytes memory result) = target.call(data);
        l2ToL1Sender = address(0);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 32), mload(result))
            }
        }
        return result;
    }
}
