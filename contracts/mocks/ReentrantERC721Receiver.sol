// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// Test mock: low-level calls and assembly bubble up the target's revert data verbatim.
// solhint-disable avoid-low-level-calls, no-inline-assembly

import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";

/// @title ReentrantERC721Receiver (tests only)
/// @notice A hostile ERC-721 holder: on `onERC721Received` it calls `reentryTarget` with `reentryData` and, if
/// that call reverts, bubbles the revert up (so a refused re-entry makes the outer mint revert). With empty
/// `reentryData` it only accepts the token; with `refuse` set it answers with a wrong selector.
contract ReentrantERC721Receiver is IERC721Receiver {
    address public reentryTarget;
    bytes public reentryData;
    bool public reentered;
    bytes public reentryResult;
    bool public refuse;

    /// @notice Makes `onERC721Received` answer with a wrong selector (a contract that cannot hold ERC-721 tokens).
    function setRefuse(bool refuse_) external {
        refuse = refuse_;
    }

    /// @notice Configures the callback.
    function arm(address target_, bytes calldata reentryData_) external {
        reentryTarget = target_;
        reentryData = reentryData_;
    }

    /// @notice Calls `target` with `data` as this contract (to create Datanets or register models).
    function execute(address target_, bytes calldata data) external returns (bytes memory) {
        (bool ok, bytes memory result) = target_.call(data);
        if (!ok) {
            assembly {
                revert(add(result, 32), mload(result))
            }
        }
        return result;
    }

    function onERC721Received(address, address, uint256, bytes calldata) external returns (bytes4) {
        if (refuse) return bytes4(0);
        if (reentryData.length != 0) {
            (bool ok, bytes memory result) = reentryTarget.call(reentryData);
            if (!ok) {
                assembly {
                    revert(add(result, 32), mload(result))
                }
            }
            reentered = true;
            reentryResult = result;
        }
        return IERC721Receiver.onERC721Received.selector;
    }
}
