// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ArbGasInfo} from "@arbitrum/nitro-contracts/src/precompiles/ArbGasInfo.sol";

import {ArbOwnerMock} from "./ArbOwnerMock.sol";

/// @title ArbGasInfoMock
/// @notice Simulation of Arbitrum's ArbGasInfo precompile (address 0x6c), installed with `hardhat_setCode`. It
/// implements the real `ArbGasInfo` interface. L2 pricing (minimum base fee, gas limits) comes from the state kept by
/// ArbOwnerMock at 0x70; the simulated chain posts no batches, so every L1 (parent-chain) pricing figure is zero.
contract ArbGasInfoMock is ArbGasInfo {
    ArbOwnerMock private constant _ARB_OWNER = ArbOwnerMock(address(0x70));

    /// @inheritdoc ArbGasInfo
    function getPricesInWeiWithAggregator(
        address
    ) external view returns (uint256, uint256, uint256, uint256, uint256, uint256) {
        return _pricesInWei();
    }

    /// @inheritdoc ArbGasInfo
    function getPricesInWei() external view returns (uint256, uint256, uint256, uint256, uint256, uint256) {
        return _pricesInWei();
    }

    /// @inheritdoc ArbGasInfo
    function getPricesInArbGasWithAggregator(address) external pure returns (uint256, uint256, uint256) {
        return (0, 0, 0);
    }

    /// @inheritdoc ArbGasInfo
    function getPricesInArbGas() external pure returns (uint256, uint256, uint256) {
        return (0, 0, 0);
    }

    /// @inheritdoc ArbGasInfo
    function getGasAccountingParams() external view returns (uint256, uint256, uint256) {
        (, , uint64 maxTxGasLimit, uint64 maxBlockGasLimit) = _ARB_OWNER.mockGasPricing();
        return (7_000_000, maxBlockGasLimit, maxTxGasLimit);
    }

    /// @inheritdoc ArbGasInfo
    function getMaxTxGasLimit() external view returns (uint256) {
        (, , uint64 maxTxGasLimit, ) = _ARB_OWNER.mockGasPricing();
        return maxTxGasLimit;
    }

    /// @inheritdoc ArbGasInfo
    function getMinimumGasPrice() external view returns (uint256 minimumL2BaseFee) {
        (minimumL2BaseFee, , , ) = _ARB_OWNER.mockGasPricing();
    }

    /// @inheritdoc ArbGasInfo
    function getL1BaseFeeEstimate() external pure returns (uint256) {
        return 0;
    }

    /// @inheritdoc ArbGasInfo
    function getL1BaseFeeEstimateInertia() external pure returns (uint64) {
        return 10;
    }

    /// @inheritdoc ArbGasInfo
    function getL1RewardRate() external pure returns (uint64) {
        return 0;
    }

    /// @inheritdoc ArbGasInfo
    function getL1RewardRecipient() external pure returns (address) {
        return address(0);
    }

    /// @inheritdoc ArbGasInfo
    function getL1GasPriceEstimate() external pure returns (uint256) {
        return 0;
    }

    /// @inheritdoc ArbGasInfo
    function getCurrentTxL1GasFees() external pure returns (uint256) {
        return 0;
    }

    /// @inheritdoc ArbGasInfo
    function getGasBacklog() external pure returns (uint64) {
        return 0;
    }

    /// @inheritdoc ArbGasInfo
    function getPricingInertia() external pure returns (uint64) {
        return 102;
    }

    /// @inheritdoc ArbGasInfo
    function getGasBacklogTolerance() external pure returns (uint64) {
        return 10;
    }

    /// @inheritdoc ArbGasInfo
    function getL1PricingSurplus() external pure returns (int256) {
        return 0;
    }

    /// @inheritdoc ArbGasInfo
    function getPerBatchGasCharge() external pure returns (int64) {
        return 0;
    }

    /// @inheritdoc ArbGasInfo
    function getAmortizedCostCapBips() external pure returns (uint64) {
        return 0;
    }

    /// @inheritdoc ArbGasInfo
    function getL1FeesAvailable() external pure returns (uint256) {
        return 0;
    }

    /// @inheritdoc ArbGasInfo
    function getL1PricingEquilibrationUnits() external pure returns (uint256) {
        return 0;
    }

    /// @inheritdoc ArbGasInfo
    function getLastL1PricingUpdateTime() external pure returns (uint64) {
        return 0;
    }

    /// @inheritdoc ArbGasInfo
    function getL1PricingFundsDueForRewards() external pure returns (uint256) {
        return 0;
    }

    /// @inheritdoc ArbGasInfo
    function getL1PricingUnitsSinceUpdate() external pure returns (uint64) {
        return 0;
    }

    /// @inheritdoc ArbGasInfo
    function getLastL1PricingSurplus() external pure returns (int256) {
        return 0;
    }

    /// @inheritdoc ArbGasInfo
    function getMaxBlockGasLimit() external view returns (uint64 maxBlockGasLimit) {
        (, , , maxBlockGasLimit) = _ARB_OWNER.mockGasPricing();
    }

    /// @inheritdoc ArbGasInfo
    function getGasPricingConstraints() external pure returns (uint64[3][] memory constraints) {
        return constraints;
    }

    /// @dev (per L2 tx, per L1 calldata byte, per storage allocation, per ArbGas base, congestion, total per ArbGas).
    function _pricesInWei() private view returns (uint256, uint256, uint256, uint256, uint256, uint256) {
        (uint256 minimumL2BaseFee, , , ) = _ARB_OWNER.mockGasPricing();
        uint256 baseFee = block.basefee > minimumL2BaseFee ? block.basefee : minimumL2BaseFee;
        return (0, 0, 0, minimumL2BaseFee, baseFee - minimumL2BaseFee, baseFee);
    }
}
