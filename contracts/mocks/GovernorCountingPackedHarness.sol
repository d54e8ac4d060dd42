// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";

import {GovernorCountingPacked} from "../governance/GovernorCountingPacked.sol";

/// @title GovernorCountingPackedHarness (tests only)
/// @notice The smallest governor around GovernorCountingPacked: no timelock (the governor executes), no proposal
/// threshold, a 1-second voting delay, a 1-day voting period (settable) and a 1-hour late-quorum extension, and the
/// module's internal functions exposed so that Solidity tests can fuzz the counting directly.
contract GovernorCountingPackedHarness is GovernorCountingPacked {
    constructor(IVotes votes, uint256 quorumNumerator_) initializer {
        __Governor_init("GovernorCountingPackedHarness");
        __GovernorVotes_init(votes);
        __GovernorVotesQuorumFraction_init(quorumNumerator_);
        __GovernorCountingPacked_init(1 hours);
    }

    function votingDelay() public pure override returns (uint256) {
        return 1;
    }

    uint256 private _votingPeriod = 1 days;

    function votingPeriod() public view override returns (uint256) {
        return _votingPeriod;
    }

    /// @notice Sets the voting period of later proposals directly.
    function setVotingPeriod(uint256 period) external {
        _votingPeriod = period;
    }

    /// @notice Sets the late-quorum vote extension directly (a real governor does it through governance).
    function setVoteExtension(uint48 extension) external {
        _setLateQuorumVoteExtension(extension);
    }

    function countVote(uint256 proposalId, address account, uint8 support, uint256 weight) external returns (uint256) {
        return _countVote(proposalId, account, support, weight, "");
    }

    function quorumReached(uint256 proposalId) external view returns (bool) {
        return _quorumReached(proposalId);
    }

    function voteSucceeded(uint256 proposalId) external view returns (bool) {
        return _voteSucceeded(proposalId);
    }

    /// @notice Sets the quorum numerator directly (a real governor does it through governance).
    function setQuorumNumerator(uint256 numerator) external {
        _updateQuorumNumerator(numerator);
    }
}
