// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC1967} from "@openzeppelin/contracts/interfaces/IERC1967.sol";
import {IERC1822Proxiable} from "@openzeppelin/contracts/interfaces/draft-IERC1822.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

/// @title IProtocolUpgradeable
/// @notice What every upgradeable core contract shares (contracts/base/ProtocolUpgradeable.sol): ERC-165,
/// role-based access (IAccessControl; `DEFAULT_ADMIN_ROLE` is the governance timelock), UUPS upgrades
/// (IERC1822Proxiable, IERC1967's `Upgraded`) authorized by the admin only, and the guardian role.
/// @dev Four members of every implementation are OpenZeppelin's and not declared here (the interface test lists them,
/// test/unit/InterfaceCompleteness.test.ts): `DEFAULT_ADMIN_ROLE()` (0x00) and `UPGRADE_INTERFACE_VERSION()`
/// ("5.0.0") are public constants of AccessControlUpgradeable and UUPSUpgradeable, which cannot implement an
/// interface function; `upgradeToAndCall(address newImplementation, bytes data)` (payable; only the admin, only
/// through the proxy) is UUPSUpgradeable's, and declaring it here would make every contract re-override it; the
/// `Initialized(uint64 version)` event is Initializable's (an event declared twice does not compile).
/// @custom:security-contact security@openledger.xyz
interface IProtocolUpgradeable is IAccessControl, IERC165, IERC1822Proxiable, IERC1967 {
    /// @notice A zero address was given where an account or contract is required.
    error ProtocolZeroAddress();
    /// @notice A governance parameter was set outside its hard-coded bounds.
    /// @param parameter The parameter's name as a short identifier, for example "protocolFeeBps".
    /// @param value The value refused.
    /// @param min The least value allowed.
    /// @param max The largest value allowed.
    error ProtocolParameterOutOfBounds(bytes32 parameter, uint256 value, uint256 min, uint256 max);

    /// @notice Role that may pause payments and claims (in the contracts that have a pause), and nothing else.
    function GUARDIAN_ROLE() external view returns (bytes32);
}
