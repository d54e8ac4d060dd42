// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IProtocolUpgradeable} from "./IProtocolUpgradeable.sol";

/// @title IProtocolPausable
/// @notice The guardian's emergency pause of a core contract (contracts/base/ProtocolPausable.sol): the guardian
/// pauses; the guardian or the admin unpauses. A pause stops new payments and claims only, never withdrawals of
/// what is owed.
/// @dev `paused()` and the `Paused(address account)` / `Unpaused(address account)` events are OpenZeppelin
/// PausableUpgradeable's: an event cannot be declared twice, and declaring `paused()` here would make every contract
/// re-override it (test/unit/InterfaceCompleteness.test.ts lists them).
/// @custom:security-contact security@openledger.xyz
interface IProtocolPausable is IProtocolUpgradeable {
    /// @notice The caller is neither the guardian nor the admin.
    /// @param caller The account that tried to unpause.
    error ProtocolUnauthorizedUnpause(address caller);

    /// @notice Pauses new payments or claims. Only the guardian.
    function pause() external;

    /// @notice Lifts the pause. The guardian or the admin.
    function unpause() external;
}
