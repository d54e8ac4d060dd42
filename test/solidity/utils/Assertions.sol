// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm, VM_ADDRESS} from "./Vm.sol";

/// @title Assertions
/// @notice `assertEq`, `assertTrue` and comparisons for the types our tests use. A failed assertion reverts with a
/// plain `Error(string)` that names the assertion and both values, prefixed by the caller's message when given,
/// e.g. `balance of alice: assertEq(uint256) failed: 5 != 6`. Test runners decode `Error(string)` everywhere, which
/// is why these do not use a custom error. A revert ends the test (or, in an invariant function, fails the
/// invariant); there is no "soft" failure that lets the test continue.
abstract contract Assertions {
    Vm private constant _VM = Vm(VM_ADDRESS);
    string private constant _QUOTE = "\x22";

    // ---------------------------------------------------------------------------------------------------------------
    // bool
    // ---------------------------------------------------------------------------------------------------------------

    function assertTrue(bool condition) internal pure {
        assertTrue(condition, "");
    }

    function assertTrue(bool condition, string memory message) internal pure {
        if (!condition) _fail(message, "assertTrue failed");
    }

    function assertFalse(bool condition) internal pure {
        assertFalse(condition, "");
    }

    function assertFalse(bool condition, string memory message) internal pure {
        if (condition) _fail(message, "assertFalse failed");
    }

    function assertEq(bool left, bool right) internal pure {
        assertEq(left, right, "");
    }

    function assertEq(bool left, bool right, string memory message) internal pure {
        if (left != right) _fail(message, "assertEq(bool)", _VM.toString(left), "!=", _VM.toString(right));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // uint256
    // ---------------------------------------------------------------------------------------------------------------

    function assertEq(uint256 left, uint256 right) internal pure {
        assertEq(left, right, "");
    }

    function assertEq(uint256 left, uint256 right, string memory message) internal pure {
        if (left != right) _fail(message, "assertEq(uint256)", _VM.toString(left), "!=", _VM.toString(right));
    }

    function assertNotEq(uint256 left, uint256 right) internal pure {
        assertNotEq(left, right, "");
    }

    function assertNotEq(uint256 left, uint256 right, string memory message) internal pure {
        if (left == right) _fail(message, "assertNotEq(uint256)", _VM.toString(left), "==", _VM.toString(right));
    }

    function assertLt(uint256 left, uint256 right) internal pure {
        assertLt(left, right, "");
    }

    function assertLt(uint256 left, uint256 right, string memory message) internal pure {
        if (left >= right) _fail(message, "assertLt(uint256)", _VM.toString(left), ">=", _VM.toString(right));
    }

    function assertLe(uint256 left, uint256 right) internal pure {
        assertLe(left, right, "");
    }

    function assertLe(uint256 left, uint256 right, string memory message) internal pure {
        if (left > right) _fail(message, "assertLe(uint256)", _VM.toString(left), ">", _VM.toString(right));
    }

    function assertGt(uint256 left, uint256 right) internal pure {
        assertGt(left, right, "");
    }

    function assertGt(uint256 left, uint256 right, string memory message) internal pure {
        if (left <= right) _fail(message, "assertGt(uint256)", _VM.toString(left), "<=", _VM.toString(right));
    }

    function assertGe(uint256 left, uint256 right) internal pure {
        assertGe(left, right, "");
    }

    function assertGe(uint256 left, uint256 right, string memory message) internal pure {
        if (left < right) _fail(message, "assertGe(uint256)", _VM.toString(left), "<", _VM.toString(right));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // address, bytes32, string, bytes
    // ---------------------------------------------------------------------------------------------------------------

    function assertEq(address left, address right) internal pure {
        assertEq(left, right, "");
    }

    function assertEq(address left, address right, string memory message) internal pure {
        if (left != right) _fail(message, "assertEq(address)", _VM.toString(left), "!=", _VM.toString(right));
    }

    function assertNotEq(address left, address right) internal pure {
        assertNotEq(left, right, "");
    }

    function assertNotEq(address left, address right, string memory message) internal pure {
        if (left == right) _fail(message, "assertNotEq(address)", _VM.toString(left), "==", _VM.toString(right));
    }

    function assertEq(bytes32 left, bytes32 right) internal pure {
        assertEq(left, right, "");
    }

    function assertEq(bytes32 left, bytes32 right, string memory message) internal pure {
        if (left != right) _fail(message, "assertEq(bytes32)", _VM.toString(left), "!=", _VM.toString(right));
    }

    function assertEq(string memory left, string memory right) internal pure {
        assertEq(left, right, "");
    }

    function assertEq(string memory left, string memory right, string memory message) internal pure {
        if (keccak256(bytes(left)) != keccak256(bytes(right))) {
            _fail(
                message,
                "assertEq(string)",
                string.concat(_QUOTE, left, _QUOTE),
                "!=",
                string.concat(_QUOTE, right, _QUOTE)
            );
        }
    }

    function assertEq(bytes memory left, bytes memory right) internal pure {
        assertEq(left, right, "");
    }

    function assertEq(bytes memory left, bytes memory right, string memory message) internal pure {
        if (keccak256(left) != keccak256(right)) {
            _fail(message, "assertEq(bytes)", _VM.toString(left), "!=", _VM.toString(right));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Failing
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice Fails the test unconditionally.
    function fail(string memory message) internal pure {
        _fail(message, "failed");
    }

    function _fail(
        string memory message,
        string memory assertion,
        string memory left,
        string memory operator,
        string memory right
    ) private pure {
        _fail(message, string.concat(assertion, " failed: ", left, " ", operator, " ", right));
    }

    function _fail(string memory message, string memory description) private pure {
        string memory reason = bytes(message).length == 0 ? description : string.concat(message, ": ", description);
        // Error(string) on purpose: every runner and trace decoder prints it (see the contract's notice).
        // solhint-disable-next-line gas-custom-errors
        revert(reason);
    }
}
