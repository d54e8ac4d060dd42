// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PausableUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/PausableUpgradeable.sol";

import {IProtocolPausable} from "../interfaces/IProtocolPausable.sol";
import {ProtocolUpgradeable} from "./ProtocolUpgradeable.sol";

/// @title ProtocolPausable
/// @notice Adds the guardian's emergency pause to a core contract. The guardian pauses; the guardian or the admin
/// (the timelock) unpauses. A pause only stops the entry points marked `whenNotPaused` (new payments and claims);
/// withdrawals of funds already owed stay open unless the implementation documents otherwise.
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
}
