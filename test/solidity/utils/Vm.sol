// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @dev The cheatcode precompile of Hardhat 3's EDR test runner (the same address as Foundry's).
address constant VM_ADDRESS = address(uint160(uint256(keccak256("hevm cheat code"))));

/// @title Vm: the cheatcodes our Solidity tests use
/// @notice A deliberately small subset of Foundry's `Vm` interface (forge-std cannot be installed here). Every
/// signature below is one that Hardhat 3's EDR implements; the selectors must match Foundry's exactly, so copy a
/// signature verbatim from Foundry's cheatcode reference before adding it here.
/// @dev Cheatcodes only exist inside `hardhat test solidity`; a contract that calls them anywhere else reverts.
// solhint-disable-next-line interface-starts-with-i
interface Vm {
    // ---------------------------------------------------------------------------------------------------------------
    // Environment
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice Sets `block.timestamp`.
    function warp(uint256 newTimestamp) external;

    /// @notice Sets `block.number`.
    function roll(uint256 newHeight) external;

    /// @notice Sets the native balance of `account` to exactly `newBalance` (no value is moved from anywhere).
    function deal(address account, uint256 newBalance) external;

    /// @notice Replaces the runtime code at `target`.
    function etch(address target, bytes calldata newRuntimeBytecode) external;

    /// @notice Writes `value` into storage slot `slot` of `target`.
    function store(address target, bytes32 slot, bytes32 value) external;

    /// @notice Reads storage slot `slot` of `target`.
    function load(address target, bytes32 slot) external view returns (bytes32 data);

    /// @notice The current nonce of `account`.
    function getNonce(address account) external view returns (uint64 nonce);

    // ---------------------------------------------------------------------------------------------------------------
    // Callers
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice The next call (only) is made with `msg.sender == msgSender`.
    function prank(address msgSender) external;

    /// @notice The next call (only) is made with `msg.sender == msgSender` and `tx.origin == txOrigin`.
    function prank(address msgSender, address txOrigin) external;

    /// @notice Every following call is made with `msg.sender == msgSender`, until `stopPrank`.
    function startPrank(address msgSender) external;

    /// @notice As `startPrank(address)`, also setting `tx.origin`.
    function startPrank(address msgSender, address txOrigin) external;

    /// @notice Ends a `startPrank`.
    function stopPrank() external;

    // ---------------------------------------------------------------------------------------------------------------
    // Expectations (each applies to the next external call made by the test contract)
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice The next call must revert, for any reason.
    function expectRevert() external;

    /// @notice The next call must revert with exactly `revertData` (e.g. `abi.encodeWithSelector(Err.selector, args)`).
    function expectRevert(bytes calldata revertData) external;

    /// @notice The next call must revert with exactly this 4-byte revert data (a custom error without arguments).
    function expectRevert(bytes4 revertData) external;

    /// @notice The next call must revert with a custom error whose selector is `revertData`, whatever its arguments.
    function expectPartialRevert(bytes4 revertData) external;

    /// @notice The next emitted event must match the event emitted right after this call, checking every topic and
    /// the data.
    function expectEmit() external;

    /// @notice As `expectEmit()`, and the event must come from `emitter`.
    function expectEmit(address emitter) external;

    /// @notice As `expectEmit()`, choosing which of topics 1-3 and the data are compared (topic 0 always is).
    function expectEmit(bool checkTopic1, bool checkTopic2, bool checkTopic3, bool checkData) external;

    /// @notice As the four-flag `expectEmit`, and the event must come from `emitter`.
    function expectEmit(bool checkTopic1, bool checkTopic2, bool checkTopic3, bool checkData, address emitter) external;

    // ---------------------------------------------------------------------------------------------------------------
    // Keys and signatures
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice The address of the private key `privateKey`.
    function addr(uint256 privateKey) external pure returns (address keyAddr);

    /// @notice Signs `digest` (already hashed, e.g. an EIP-712 digest) with `privateKey`.
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);

    // ---------------------------------------------------------------------------------------------------------------
    // Fuzzing
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice Discards the current fuzz input when `condition` is false. Prefer `bound()`: rejected inputs are
    /// wasted runs and too many of them fail the test.
    function assume(bool condition) external pure;

    // ---------------------------------------------------------------------------------------------------------------
    // Traces and formatting
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice Names `account` in traces and failure messages.
    function label(address account, string calldata newLabel) external;

    function toString(uint256 value) external pure returns (string memory stringifiedValue);

    function toString(int256 value) external pure returns (string memory stringifiedValue);

    function toString(address value) external pure returns (string memory stringifiedValue);

    function toString(bytes32 value) external pure returns (string memory stringifiedValue);

    function toString(bool value) external pure returns (string memory stringifiedValue);

    function toString(bytes calldata value) external pure returns (string memory stringifiedValue);

    // ---------------------------------------------------------------------------------------------------------------
    // State snapshots
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice Snapshots the whole EVM state; returns an id for `revertToState`.
    function snapshotState() external returns (uint256 snapshotId);

    /// @notice Restores the state saved by `snapshotState`; returns whether it succeeded.
    function revertToState(uint256 snapshotId) external returns (bool success);
}
