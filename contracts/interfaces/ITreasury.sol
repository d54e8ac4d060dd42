// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IProtocolUpgradeable} from "./IProtocolUpgradeable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title ITreasury
/// @notice Holds the protocol share of fees (and anything else sent to it) and pays out only by governance: plain
/// transfers and vested grants that fund Datanets and models.
/// @dev The admin (DEFAULT_ADMIN_ROLE) is the governance timelock. Grants are OpenZeppelin `VestingWalletCliff`
/// contracts owned by the beneficiary (library code, deployed as is); once funded, the treasury has no control over
/// them. The treasury holds ERC-20 tokens only: native OPEN on the Orbit chain must be wrapped (WOPEN) first.
/// @custom:security-contact security@openledger.xyz
interface ITreasury is IProtocolUpgradeable {
    /// @notice What a grant funds.
    enum GrantKind {
        Other,
        Datanet,
        Model
    }

    /// @notice What a grant funds: a Datanet or model id (ERC-721 token id in its registry), or `Other` with a
    /// free identifier (for example a proposal id).
    struct GrantPurpose {
        GrantKind kind;
        uint256 id;
    }

    /// @notice An amount of zero was given.
    error TreasuryZeroAmount();
    /// @notice No fee source is set, so there is nothing to collect from.
    error TreasuryNoFeeSource();

    /// @notice `amount` of the protocol share was collected from the fee source.
    /// @param amount Asset collected.
    event FeesCollected(uint256 amount);
    /// @notice Governance transferred `amount` of `token` to `to`.
    /// @param token The token sent.
    /// @param to The account paid.
    /// @param amount Amount sent.
    event Transferred(address indexed token, address indexed to, uint256 amount);
    /// @notice Grant `grantId` deployed `wallet`, vesting `amount` of the asset to `beneficiary` from `start` over
    /// `durationSeconds` with a cliff of `cliffSeconds`, to fund `purpose`.
    /// @param grantId The grant's id.
    /// @param wallet The vesting wallet deployed for it.
    /// @param beneficiary Who receives the vested asset.
    /// @param amount Asset put in the wallet.
    /// @param start Start of the vesting.
    /// @param cliffSeconds Cliff, from `start` (seconds).
    /// @param durationSeconds Vesting duration (seconds).
    /// @param purpose What the grant funds.
    event GrantCreated(
        uint256 indexed grantId,
        address indexed wallet,
        address indexed beneficiary,
        uint256 amount,
        uint64 start,
        uint64 cliffSeconds,
        uint64 durationSeconds,
        GrantPurpose purpose
    );
    /// @notice The fee source (InferencePayments) changed to `feeSource`.
    /// @param feeSource The new fee source.
    event FeeSourceSet(address indexed feeSource);

    /// @notice Pulls the accrued protocol share from the fee source. Anyone may call.
    /// @return amount What arrived.
    function collect() external returns (uint256 amount);

    /// @notice Transfers `amount` of `token` to `to`. Only the admin (governance timelock).
    function transfer(address token, address to, uint256 amount) external;

    /// @notice Deploys a `VestingWalletCliff` owned by `beneficiary` and funds it with `amount` of the asset.
    /// Only the admin (governance timelock).
    /// @dev The vesting schedule is linear from `start` over `durationSeconds`; nothing is releasable before
    /// `start + cliffSeconds`. Reverts with the library's `InvalidCliffDuration` when the cliff exceeds the duration.
    /// @return grantId Sequential id of the grant, from 1.
    /// @return wallet The vesting wallet.
    function createGrant(
        address beneficiary,
        uint256 amount,
        uint64 start,
        uint64 cliffSeconds,
        uint64 durationSeconds,
        GrantPurpose calldata purpose
    ) external returns (uint256 grantId, address wallet);

    /// @notice Sets the fee source. Only the admin.
    function setFeeSource(address feeSource) external;

    /// @notice The asset grants are paid in (OPEN or WOPEN).
    function asset() external view returns (IERC20);

    /// @notice Where the protocol share is collected from.
    function feeSource() external view returns (address);

    /// @notice Number of grants created.
    function grantCount() external view returns (uint256);

    /// @notice Vesting wallet of grant `grantId` (zero for an unknown id).
    function grant(uint256 grantId) external view returns (address);

    // ---------------------------------------------------------------- constants, role ids, initializer

    /// @notice Initializes the proxy.
    /// @param admin The governance timelock.
    /// @param asset_ The protocol asset (grants are paid in it).
    /// @param feeSource_ The InferencePayments contract, or zero to set it later.
    function initialize(address admin, IERC20 asset_, address feeSource_) external;
}
