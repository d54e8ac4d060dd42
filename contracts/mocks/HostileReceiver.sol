// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title HostileReceiver
/// @notice TEST ONLY (hostile-receiver tests). When it receives native value or a CallbackToken transfer, it calls
/// `target` with `data` once and bubbles any revert, to prove re-entry is refused. It can also make arbitrary calls.
contract HostileReceiver {
    address public target;
    bytes public data;
    bool private _entered;

    function arm(address target_, bytes calldata data_) external {
        target = target_;
        data = data_;
    }

    function execute(address to, uint256 value, bytes calldata callData) external payable returns (bytes memory) {
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
        if (target == address(0) || _entered) return;
        _entered = true;
        (bool ok, bytes memory ret) = target.call(data);
        if (!ok) _bubble(ret);
        _entered = false;
    }

    function _bubble(bytes memory ret) private pure {
        assembly {
            revert(add(ret, 32), mload(ret))
        }
    }
}
