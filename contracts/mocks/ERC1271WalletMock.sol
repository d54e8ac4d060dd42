// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title ERC1271WalletMock
/// @notice TEST ONLY. A smart account whose signatures are its owner's ECDSA signatures, in the 64-byte EIP-2098
/// form (`abi.encodePacked(r, vs)`). It can also approve and call like a wallet, and rotate its key as a Safe or any
/// key-rotating smart account can: after `rotateKey`, signatures by the old key no longer verify.
contract ERC1271WalletMock is IERC1271 {
    address public owner;

    error WalletCallFailed(bytes returnData);
    error WalletNotOwner(address caller);

    constructor(address owner_) {
        owner = owner_;
    }

    function rotateKey(address newOwner) external {
        if (msg.sender != owner) revert WalletNotOwner(msg.sender);
        owner = newOwner;
    }

    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        if (signature.length != 64) return 0xffffffff;
        bytes32 r = bytes32(signature[0:32]);
        bytes32 vs = bytes32(signature[32:64]);
        (address recovered, ECDSA.RecoverError error, ) = ECDSA.tryRecover(hash, r, vs);
        return error == ECDSA.RecoverError.NoError && recovered == owner ? this.isValidSignature.selector : bytes4(0);
    }

    function execute(address to, bytes calldata callData) external returns (bytes memory) {
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory ret) = to.call(callData);
        if (!ok) revert WalletCallFailed(ret);
        return ret;
    }
}
