// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title InvariantTargets: what the invariant fuzzer may call, and as whom
/// @notice After `setUp()`, Hardhat 3's invariant engine (EDR, which follows Foundry) calls the public getters below
/// on the test contract to learn which contracts, functions and senders to fuzz. Call the internal setters from
/// `setUp()`:
/// - `targetContract(handler)`: fuzz only these contracts. With none, the engine fuzzes every contract deployed in
///   `setUp()`, which is rarely what you want.
/// - `targetSelector(FuzzSelector(handler, selectors))`: fuzz only these functions of a target. Without it every
///   public and external function is fuzzed, including the handler's ghost getters, which wastes calls.
/// - `targetSender(account)`: the fuzzer's `msg.sender`s. With none it uses random addresses; handlers usually pick
///   their actor from a fuzzed seed and `prank` instead, so senders rarely matter.
/// - `excludeContract` / `excludeSender` / `excludeSelector`: the opposite lists.
/// @dev The getters' names, return types and the `FuzzSelector` layout `(address, bytes4[])` are the engine's ABI:
/// do not rename them. The engine ignores getters that are absent, which is why the artifact-based ones
/// (`targetArtifacts`, `targetInterfaces`, ...) are left out.
abstract contract InvariantTargets {
    /// @notice Functions `selectors` of the contract at `addr`.
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    address[] private _targetedContracts;
    address[] private _targetedSenders;
    address[] private _excludedContracts;
    address[] private _excludedSenders;
    FuzzSelector[] private _targetedSelectors;
    FuzzSelector[] private _excludedSelectors;

    // ---------------------------------------------------------------------------------------------------------------
    // Setters, for setUp()
    // ---------------------------------------------------------------------------------------------------------------

    function targetContract(address target) internal {
        _targetedContracts.push(target);
    }

    function targetSelector(FuzzSelector memory selector) internal {
        _targetedSelectors.push(selector);
    }

    function targetSender(address sender) internal {
        _targetedSenders.push(sender);
    }

    function excludeContract(address target) internal {
        _excludedContracts.push(target);
    }

    function excludeSelector(FuzzSelector memory selector) internal {
        _excludedSelectors.push(selector);
    }

    function excludeSender(address sender) internal {
        _excludedSenders.push(sender);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Getters, called by the invariant engine
    // ---------------------------------------------------------------------------------------------------------------

    function targetContracts() public view returns (address[] memory) {
        return _targetedContracts;
    }

    function targetSelectors() public view returns (FuzzSelector[] memory) {
        return _targetedSelectors;
    }

    function targetSenders() public view returns (address[] memory) {
        return _targetedSenders;
    }

    function excludeContracts() public view returns (address[] memory) {
        return _excludedContracts;
    }

    function excludeSelectors() public view returns (FuzzSelector[] memory) {
        return _excludedSelectors;
    }

    function excludeSenders() public view returns (address[] memory) {
        return _excludedSenders;
    }
}
