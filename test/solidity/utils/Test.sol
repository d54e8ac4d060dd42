// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Assertions} from "./Assertions.sol";
import {InvariantTargets} from "./InvariantTargets.sol";
import {TestBase} from "./TestBase.sol";

/// @title Test: the base of every Solidity test contract
/// @notice Our stand-in for forge-std's `Test`, which cannot be installed here. Hardhat 3 runs the contracts in
/// `test/solidity/**/*.t.sol`: `setUp()` first, then each `test*` function on a fresh copy of the state (a function
/// with parameters is a fuzz test), and each `invariant*` function after every call of a fuzzed call sequence.
/// A test fails when it reverts (every assertion here reverts on failure); to test a revert, use `vm.expectRevert`.
/// @dev Inherit this in test contracts. Handlers for invariant suites inherit `TestBase` only: they need cheatcodes
/// and `bound`, but must not expose the invariant getters themselves.
abstract contract Test is TestBase, Assertions, InvariantTargets {}
