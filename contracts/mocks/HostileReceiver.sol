// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title HostileReceiver
/// @notice TEST ONLY (hostile-receiver tests). When it receives native value or a CallbackToken transfer, it calls
/// `reentryTarget` with `reentryData` once and bubbles any revert, to prove re-entry is refused. It can also make
/// arbitrary calls.
contract HostileReceiver {
    address public reentryTarget;
    bytes public reentryData;
    bool private _entered;

    function arm(address target_, bytes calldata data_) external {
        reentryTarget = target_;
        reentryData = data_;
    }

    function execute(address to, uint256 value, bytes calldata callData) external payable returns (bytes memory) {
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory ret) = to.call{value: value}(callData);
        if (!ok) _bubble(ret);
        return ret;
    }

    function onTokenReceived(address, uint256) external {
        _reenter();
    }

    receive() external payable {
        _reenter();
    }

    function _reenter() private {
        if (reentryTarget == address(0) || _entered) return;
        _entered = true;
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory ret) = reentryTarget.call(reentryData);
        if (!ok) _bubble(ret);
        _entered = false;
    }

    function _bubble(bytes memory ret) private pure {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            revert(add(ret, 32), mload(ret))
        }
    }
}
