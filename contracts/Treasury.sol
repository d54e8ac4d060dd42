// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {ProtocolUpgradeable} from "./base/ProtocolUpgradeable.sol";
import {GrantVestingWallet} from "./finance/GrantVestingWallet.sol";
import {IInferencePayments} from "./interfaces/IInferencePayments.sol";
import {ITreasury} from "./interfaces/ITreasury.sol";

/// @title Treasury
/// @notice Receives the protocol share of inference fees and spends it only by governance: transfers and vested
/// grants that fund Datanets and models.
/// @dev Every payout is restricted to DEFAULT_ADMIN_ROLE (the timelock), so each one went through a proposal, a vote
/// and the timelock delay. The guardian has no power here.
/// @custom:security-contact security@openledger.xyz
contract Treasury is ProtocolUpgradeable, ReentrancyGuardTransient, ITreasury {
    using SafeERC20 for IERC20;

    /// @custom:storage-location erc7201:openledger.storage.Treasury
    struct TreasuryStorage {
        IERC20 asset;
        address feeSource;
        uint256 grantCount;
        mapping(uint256 grantId => address wallet) grants;
    }

    // keccak256(abi.encode(uint256(keccak256("openledger.storage.Treasury")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant TREASURY_STORAGE_LOCATION =
        0xcb90824e4250d0d05e30171e7241ad1fcf1139feebe12b65176c8cb6b0691e00;

    function _getStorage() private pure returns (TreasuryStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := TREASURY_STORAGE_LOCATION
        }
    }

    /// @notice Initializes the proxy.
    /// @param admin The governance timelock.
    /// @param asset_ The protocol asset (grants are paid in it).
    /// @param feeSource_ The InferencePayments contract, or zero to set it later.
    function initialize(address admin, IERC20 asset_, address feeSource_) external initializer {
        if (address(asset_) == address(0)) revert ProtocolZeroAddress();
        __ProtocolUpgradeable_init(admin);
        TreasuryStorage storage $ = _getStorage();
        $.asset = asset_;
        $.feeSource = feeSource_;
        if (feeSource_ != address(0)) emit FeeSourceSet(feeSource_);
    }

    /// @inheritdoc ITreasury
    function collect() external nonReentrant returns (uint256 amount) {
        TreasuryStorage storage $ = _getStorage();
        address source = $.feeSource;
        if (source == address(0)) revert TreasuryNoFeeSource();
        IERC20 token = $.asset;
        uint256 balanceBefore = token.balanceOf(address(this));
        IInferencePayments(source).collectProtocolFees();
        amount = token.balanceOf(address(this)) - balanceBefore;
        emit FeesCollected(amount);
    }

    /// @inheritdoc ITreasury
    function transfer(address token, address to, uint256 amount) external onlyRole(DEFAULT_ADMIN_ROLE) nonReentrant {
        if (to == address(0) || token == address(0)) revert ProtocolZeroAddress();
        if (amount == 0) revert TreasuryZeroAmount();
        IERC20(token).safeTransfer(to, amount);
        emit Transferred(token, to, amount);
    }

    /// @inheritdoc ITreasury
    function createGrant(
        address beneficiary,
        uint256 amount,
        uint64 start,
        uint64 cliffSeconds,
        uint64 durationSeconds,
        GrantPurpose calldata purpose
    ) external onlyRole(DEFAULT_ADMIN_ROLE) nonReentrant returns (uint256 grantId, address wallet) {
        if (beneficiary == address(0)) revert ProtocolZeroAddress();
        if (amount == 0) revert TreasuryZeroAmount();
        TreasuryStorage storage $ = _getStorage();
        wallet = address(new GrantVestingWallet(beneficiary, start, durationSeconds, cliffSeconds));
        grantId = ++$.grantCount;
        $.grants[grantId] = wallet;
        $.asset.safeTransfer(wallet, amount);
        emit GrantCreated(grantId, wallet, beneficiary, amount, start, cliffSeconds, durationSeconds, purpose);
    }

    /// @inheritdoc ITreasury
    function setFeeSource(address feeSource_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _getStorage().feeSource = feeSource_;
        emit FeeSourceSet(feeSource_);
    }

    /// @inheritdoc ITreasury
    function asset() external view returns (IERC20) {
        return _getStorage().asset;
    }

    /// @inheritdoc ITreasury
    function feeSource() external view returns (address) {
        return _getStorage().feeSource;
    }

    /// @inheritdoc ITreasury
    function grantCount() external view returns (uint256) {
        return _getStorage().grantCount;
    }

    /// @inheritdoc ITreasury
    function grant(uint256 grantId) external view returns (address) {
        return _getStorage().grants[grantId];
    }
}
