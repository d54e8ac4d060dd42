// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IFeeTokenPricer} from "@arbitrum/nitro-contracts/src/bridge/ISequencerInbox.sol";

/// @title IOpenFeeTokenPricer
/// @notice Errors and events of OpenFeeTokenPricer, the SequencerInbox fee-token pricer of the OPEN Orbit chain.
/// @dev `getExchangeRate()` (IFeeTokenPricer) returns how many OPEN (18 decimals) one unit of the parent chain's gas
/// currency is worth, scaled by 1e18. Batch posters are reimbursed on the child chain in OPEN at that rate.
/// @custom:security-contact security@openledger.xyz
interface IOpenFeeTokenPricer is IFeeTokenPricer {
    /// @notice The rate is outside [MIN_EXCHANGE_RATE, MAX_EXCHANGE_RATE].
    error FeeTokenPricerRateOutOfBounds(uint256 rate, uint256 min, uint256 max);

    /// @notice Emitted after the owner (the parent chain's UpgradeExecutor) changes the rate.
    /// @param rate The new rate: parent-chain currency per OPEN, scaled by 1e18.
    event ExchangeRateSet(uint256 rate);

    /// @notice Sets the exchange rate (OPEN per parent gas-currency unit, 1e18-scaled). Owner only.
    function setExchangeRate(uint256 rate) external;

    /// @notice Lowest accepted rate: 0.000001 OPEN per parent gas-currency unit (1e12).
    function MIN_EXCHANGE_RATE() external view returns (uint256);

    /// @notice Highest accepted rate: 1,000,000,000 OPEN (the whole supply) per parent gas-currency unit (1e27).
    function MAX_EXCHANGE_RATE() external view returns (uint256);
}
