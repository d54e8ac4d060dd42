// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PausableUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/PausableUpgradeable.sol";

import {IProtocolPausable} from "../interfaces/IProtocolPausable.sol";
import {ProtocolUpgradeable} from "./ProtocolUpgradeable.sol";

/// @title ProtocolPausable
/// @notice Adds the guardian's emergency pause to a core contract. The guardian pauses; the guardian or the admin
/// (the timelock) unpauses. A pause only stops the entry points marked `whenNotPaused` (new payments and claims);
/// withdrawals of funds already owed stay open unless the implementation documents otherwise.
/// @dev The packed pause flag: the implementation keeps the flag in its own namespaced storage, in the word its hot
/// path reads anyway (`_pausedFlag` / `_setPausedFlag`), so that `whenNotPaused` costs no extra cold read;
/// OpenZeppelin Pausable's own slot stays unused. Behaviour and events are OpenZeppelin's.
/// @custom:security-contact security@openledger.xyz
abstract contract ProtocolPausable is IProtocolPausable, ProtocolUpgradeable, PausableUpgradeable {
    /// @inheritdoc IProtocolPausable
    function pause() external onlyRole(GUARDIAN_ROLE) {
        _pause();
    }

    /// @inheritdoc IProtocolPausable
    function unpause() external {
        if (!hasRole(GUARDIAN_ROLE, msg.sender) && !hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) {
            revert ProtocolUnauthorizedUnpause(msg.sender);
        }
        _unpause();
    }

    /// @notice Whether the guardian paused the contract.
    function paused() public view override returns (bool) {
        return _pausedFlag();
    }

    /// @dev The pause flag, read from where the implementation packs it.
    function _pausedFlag() internal view virtual returns (bool);

    /// @dev Writes the pause flag where the implementation packs it.
    function _setPausedFlag(bool value) internal virtual;

    /// @dev OpenZeppelin's `_pause`, with the flag in the implementation's namespace.
    function _pause() internal override whenNotPaused {
        _setPausedFlag(true);
        emit Paused(msg.sender);
    }

    /// @dev OpenZeppelin's `_unpause`, with the flag in the implementation's namespace.
    function _unpause() internal override whenPaused {
        _setPausedFlag(false);
        emit Unpaused(msg.sender);
    }
}
