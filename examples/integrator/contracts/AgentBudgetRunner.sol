// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IAgentRegistry} from "@openledger/contracts/interfaces/IAgentRegistry.sol";
import {IInferencePayments} from "@openledger/contracts/interfaces/IInferencePayments.sol";

/// @title AgentBudgetRunner
/// @notice An example agent that owns and operates itself: it registers in the AgentRegistry, takes a budget from
/// anyone who funds it, and pays each inference of its allowed model from that budget.
contract AgentBudgetRunner {
    using SafeERC20 for IERC20;

    IAgentRegistry public immutable agents;
    IInferencePayments public immutable payments;
    IERC20 public immutable asset;
    uint256 public immutable modelId;
    uint256 public immutable agentId;
    address public immutable controller;

    error NotController(address caller);

    constructor(IAgentRegistry agents_, IInferencePayments payments_, IERC20 asset_, uint256 modelId_) {
        agents = agents_;
        payments = payments_;
        asset = asset_;
        modelId = modelId_;
        controller = msg.sender;
        uint256[] memory models = new uint256[](1);
        models[0] = modelId_;
        agentId = agents_.register(address(this), "ipfs://integrator-agent", models);
    }

    /// @notice Adds `amount` of the asset, pulled from the caller (approve first), to the agent's budget.
    function fund(uint256 amount) external {
        asset.safeTransferFrom(msg.sender, address(this), amount);
        asset.forceApprove(address(agents), amount);
        agents.fund(agentId, amount);
    }

    /// @notice Pays one inference from the budget. Only the controller (the dApp's backend).
    function infer(bytes32 requestHash, uint256 maxAmount) external returns (uint256 amount) {
        if (msg.sender != controller) revert NotController(msg.sender);
        amount = payments.payFromAgent(agentId, modelId, 1, maxAmount, requestHash);
    }

    /// @notice Lets the contract receive the agent NFT the registry mints to it.
    function onERC721Received(address, address, uint256, bytes calldata) external pure returns (bytes4) {
        return this.onERC721Received.selector;
    }
}
