// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";

import {IProtocolUpgradeable} from "../interfaces/IProtocolUpgradeable.sol";

/// @title ProtocolUpgradeable
/// @notice Common base of every upgradeable core contract: UUPS proxies, role-based access with the governance
/// timelock as `DEFAULT_ADMIN_ROLE`, and the guardian role.
/// @dev Role model (see docs/architecture.md, roles table):
/// - `DEFAULT_ADMIN_ROLE`: the TimelockController. Sets every governance parameter, grants roles, and is the only
///   account that can authorize an upgrade (`_authorizeUpgrade`). The deployer holds no role after deployment.
/// - `GUARDIAN_ROLE`: may pause new payments and claims in an emergency (in the contracts that have a pause). It can
///   never move funds or change a parameter. Unpausing needs the guardian or the admin.
/// Implementations keep their state in one ERC-7201 namespaced struct and never in plain storage variables.
/// @custom:security-contact security@openledger.xyz
abstract contract ProtocolUpgradeable is
    Initializable,
    IProtocolUpgradeable,
    AccessControlUpgradeable,
    UUPSUpgradeable
{
    /// @inheritdoc IProtocolUpgradeable
    bytes32 public constant override GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    // solhint-disable-next-line func-name-mixedcase
    function __ProtocolUpgradeable_init(address admin) internal onlyInitializing {
        if (admin == address(0)) revert ProtocolZeroAddress();
        __AccessControl_init();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @dev Only the admin (the governance timelock) upgrades.
    function _authorizeUpgrade(address) internal view override onlyRole(DEFAULT_ADMIN_ROLE) {}

    /// @dev Reverts with `ProtocolParameterOutOfBounds` unless `min <= value <= max`. A check only: it never emits;
    /// each setter emits its own typed event (`<Parameter>Set`) right after the change (docs/conventions.md, 8 and 9).
    function _requireWithinBounds(bytes32 parameter, uint256 value, uint256 min, uint256 max) internal pure {
        if (value < min || value > max) revert ProtocolParameterOutOfBounds(parameter, value, min, max);
    }
}
