// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IFeeTokenPricer} from "@arbitrum/nitro-contracts/src/bridge/ISequencerInbox.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {IOpenFeeTokenPricer} from "../interfaces/IOpenFeeTokenPricer.sol";

/// @title OpenFeeTokenPricer
/// @notice Owner-adjusted exchange rate between the parent chain's gas currency and OPEN, read by the rollup's
/// SequencerInbox (nitro-contracts 3.x) to reimburse batch posters in OPEN. Without a pricer an OPEN-gas chain never
/// reimburses its batch posters.
/// @dev The owner is the parent chain's UpgradeExecutor (so governance through the cross-chain route), bounded so no
/// single update can make batch reporting absurd. Not upgradeable: replaced with `SequencerInbox.setFeeTokenPricer`.
/// @custom:security-contact security@openledger.xyz
contract OpenFeeTokenPricer is IFeeTokenPricer, IOpenFeeTokenPricer, Ownable {
    /// @inheritdoc IOpenFeeTokenPricer
    uint256 public constant MIN_EXCHANGE_RATE = 1e12;
    /// @inheritdoc IOpenFeeTokenPricer
    uint256 public constant MAX_EXCHANGE_RATE = 1e27;

    uint256 private _exchangeRate;

    constructor(address initialOwner, uint256 initialRate) Ownable(initialOwner) {
        _setExchangeRate(initialRate);
    }

    /// @inheritdoc IFeeTokenPricer
    function getExchangeRate() external view returns (uint256) {
        return _exchangeRate;
    }

    /// @inheritdoc IOpenFeeTokenPricer
    function setExchangeRate(uint256 rate) external onlyOwner {
        _setExchangeRate(rate);
    }

    function _setExchangeRate(uint256 rate) private {
        if (rate < MIN_EXCHANGE_RATE || rate > MAX_EXCHANGE_RATE) {
            revert FeeTokenPricerRateOutOfBounds(rate, MIN_EXCHANGE_RATE, MAX_EXCHANGE_RATE);
        }
        _exchangeRate = rate;
        emit ExchangeRateSet(rate);
    }
}
