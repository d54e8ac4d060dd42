// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ArbOwnerPublic} from "@arbitrum/nitro-contracts/src/precompiles/ArbOwnerPublic.sol";

import {ArbOwnerMock} from "./ArbOwnerMock.sol";

/// @title ArbOwnerPublicMock
/// @notice Simulation of Arbitrum's ArbOwnerPublic precompile (address 0x6b), installed with `hardhat_setCode`. It
/// implements the real `ArbOwnerPublic` interface and reads the chain-owner state kept by ArbOwnerMock at 0x70.
contract ArbOwnerPublicMock is ArbOwnerPublic {
    ArbOwnerMock private constant _ARB_OWNER = ArbOwnerMock(address(0x70));

    /// @notice Thrown by `rectifyChainOwner` for an address that is not a chain owner.
    error ArbOwnerPublicMockNotAnOwner(address account);

    /// @inheritdoc ArbOwnerPublic
    function isChainOwner(address addr) external view returns (bool) {
        return _ARB_OWNER.mockIsChainOwner(addr);
    }

    /// @inheritdoc ArbOwnerPublic
    /// @dev The simulated owner set cannot be inconsistent, so this only checks and emits.
    function rectifyChainOwner(address ownerToRectify) external {
        if (!_ARB_OWNER.mockIsChainOwner(ownerToRectify)) revert ArbOwnerPublicMockNotAnOwner(ownerToRectify);
        emit ChainOwnerRectified(ownerToRectify);
    }

    /// @inheritdoc ArbOwnerPublic
    function getAllChainOwners() external view returns (address[] memory) {
        return _ARB_OWNER.mockChainOwners();
    }

    /// @inheritdoc ArbOwnerPublic
    function getNativeTokenManagementFrom() external view returns (uint64) {
        return _ARB_OWNER.mockNativeTokenManagementFrom();
    }

    /// @inheritdoc ArbOwnerPublic
    function isNativeTokenOwner(address addr) external view returns (bool) {
        return _ARB_OWNER.mockIsNativeTokenOwner(addr);
    }

    /// @inheritdoc ArbOwnerPublic
    function getAllNativeTokenOwners() external view returns (address[] memory) {
        return _ARB_OWNER.mockNativeTokenOwners();
    }

    /// @inheritdoc ArbOwnerPublic
    function getNetworkFeeAccount() external view returns (address networkFeeAccount) {
        (networkFeeAccount, ) = _ARB_OWNER.mockFeeAccounts();
    }

    /// @inheritdoc ArbOwnerPublic
    function getInfraFeeAccount() external view returns (address infraFeeAccount) {
        (, infraFeeAccount) = _ARB_OWNER.mockFeeAccounts();
    }

    /// @inheritdoc ArbOwnerPublic
    function getBrotliCompressionLevel() external pure returns (uint64) {
        return 1;
    }

    /// @inheritdoc ArbOwnerPublic
    function getParentGasFloorPerToken() external pure returns (uint64) {
        return 0;
    }

    /// @inheritdoc ArbOwnerPublic
    function getScheduledUpgrade() external pure returns (uint64 arbosVersion, uint64 scheduledForTimestamp) {
        return (0, 0);
    }

    /// @inheritdoc ArbOwnerPublic
    function isCalldataPriceIncreaseEnabled() external pure returns (bool) {
        return false;
    }
}
