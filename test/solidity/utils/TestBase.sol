// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm, VM_ADDRESS} from "./Vm.sol";

/// @title TestBase: cheatcodes and input helpers
/// @notice What a test and a fuzzing handler both need: the `vm` cheatcode handle, `bound` to map a fuzzed integer
/// into a range, and named addresses with keys. Handlers inherit this alone; test contracts inherit `Test`.
abstract contract TestBase {
    /// @dev The cheatcode precompile; see `Vm.sol` for the cheatcodes declared. Named `vm` as in every Foundry-style
    /// test, so examples elsewhere read the same.
    // solhint-disable-next-line const-name-snakecase
    Vm internal constant vm = Vm(VM_ADDRESS);

    uint256 private constant _UINT256_MAX = type(uint256).max;

    /// @dev `bound` was called with `min > max`.
    error BoundMinAboveMax(uint256 min, uint256 max);

    /// @notice Maps any `x` into `[min, max]` (inclusive) without discarding the fuzz input.
    /// @dev The mapping keeps what the fuzzer finds interesting interesting:
    /// - values already inside the range are returned unchanged, so dictionary values (literals and storage values
    ///   the fuzzer collects) survive;
    /// - 0..3 map to min..min+3 and `type(uint256).max - 3`..`type(uint256).max` map to max-3..max, so the fuzzer's
    ///   favourite edge values become the range's edges;
    /// - everything else wraps around the range by a modulo of its distance to the nearest edge, which is
    ///   close to uniform when the range is small against 2**256.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256 result) {
        if (min > max) revert BoundMinAboveMax(min, max);
        if (x >= min && x <= max) return x;

        // Cannot overflow: the full range [0, 2**256 - 1] returned above, so max - min < 2**256 - 1.
        uint256 size = max - min + 1;
        if (x <= 3 && x < size) return min + x;
        if (x >= _UINT256_MAX - 3 && _UINT256_MAX - x < size) return max - (_UINT256_MAX - x);

        if (x > max) {
            uint256 offset = (x - max) % size;
            // offset 0 is a whole number of turns: stay at max, otherwise step up from min.
            return offset == 0 ? max : min + offset - 1;
        }
        uint256 offsetBelow = (min - x) % size;
        return offsetBelow == 0 ? min : max - offsetBelow + 1;
    }

    /// @notice An index into a list of `length` (> 0) items, e.g. to pick an actor from a fuzzed seed.
    function boundIndex(uint256 x, uint256 length) internal pure returns (uint256) {
        return bound(x, 0, length - 1);
    }

    /// @notice A deterministic address derived from `name`, labelled `name` in traces.
    function makeAddr(string memory name) internal returns (address account) {
        (account, ) = makeAddrAndKey(name);
    }

    /// @notice A deterministic address and its private key derived from `name`, labelled `name` in traces. Use the
    /// key with `vm.sign`, e.g. for EIP-2612 permits.
    function makeAddrAndKey(string memory name) internal returns (address account, uint256 privateKey) {
        privateKey = uint256(keccak256(bytes(name)));
        account = vm.addr(privateKey);
        vm.label(account, name);
    }
}
