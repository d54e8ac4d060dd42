// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IInferencePayments} from "@openledger/contracts/interfaces/IInferencePayments.sol";

/// @title PayPerRequest
/// @notice An example dApp that sells one inference of an OpenLedger model per request: the user pays the dApp, the
/// dApp pays InferencePayments in the same transaction and records the user as the payer of record.
contract PayPerRequest {
    using SafeERC20 for IERC20;

    IInferencePayments public immutable payments;
    IERC20 public immutable asset;
    uint256 public immutable modelId;

    event Requested(address indexed user, bytes32 indexed requestHash, uint256 amount);

    constructor(IInferencePayments payments_, IERC20 asset_, uint256 modelId_) {
        payments = payments_;
        asset = asset_;
        modelId = modelId_;
    }

    /// @notice Pays for one inference of `modelId` for the caller, at most `maxAmount` of the asset (approve first).
    function request(bytes32 requestHash, uint256 maxAmount) external returns (uint256 amount) {
        asset.safeTransferFrom(msg.sender, address(this), maxAmount);
        asset.forceApprove(address(payments), maxAmount);
        amount = payments.payFor(msg.sender, modelId, 1, maxAmount, requestHash);
        if (amount < maxAmount) asset.safeTransfer(msg.sender, maxAmount - amount);
        emit Requested(msg.sender, requestHash, amount);
    }
}
