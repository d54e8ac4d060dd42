// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/* solhint-disable max-line-length */
import {GovernorUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/GovernorUpgradeable.sol";
import {GovernorVotesUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorVotesUpgradeable.sol";
/* solhint-enable max-line-length */
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";
import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";

import {GovernorCountingPacked} from "../governance/GovernorCountingPacked.sol";

/// @title GovernorCountingPackedHarness (tests only)
/// @notice The smallest governor around GovernorCountingPacked: no timelock (the governor executes), no proposal
/// threshold, a 1-second voting delay, a 1-day voting period (settable) and a 1-hour late-quorum extension, and the
/// module's internal functions exposed so that Solidity tests can fuzz the counting directly.
contract GovernorCountingPackedHarness is GovernorVotesUpgradeable, GovernorCountingPacked {
    constructor(IVotes votes, uint256 quorumNumerator_) initializer {
        __Governor_init("GovernorCountingPackedHarness");
        __GovernorVotes_init(votes);
        __GovernorCountingPacked_init(quorumNumerator_, 1 hours);
    }

    function token() public view override(GovernorVotesUpgradeable, GovernorCountingPacked) returns (IERC5805) {
        return super.token();
    }

    function proposalDeadline(
        uint256 proposalId
    ) public view override(GovernorUpgradeable, GovernorCountingPacked) returns (uint256) {
        return super.proposalDeadline(proposalId);
    }

    function quorum(
        uint256 timepoint
    ) public view override(GovernorUpgradeable, GovernorCountingPacked) returns (uint256) {
        return super.quorum(timepoint);
    }

    function clock() public view override(GovernorVotesUpgradeable, GovernorUpgradeable, IERC6372) returns (uint48) {
        return super.clock();
    }

    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE()
        public
        view
        override(GovernorVotesUpgradeable, GovernorUpgradeable, IERC6372)
        returns (string memory)
    {
        return super.CLOCK_MODE();
    }

    function _propose(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        string memory description,
        address proposer
    ) internal override(GovernorUpgradeable, GovernorCountingPacked) returns (uint256) {
        return super._propose(targets, values, calldatas, description, proposer);
    }

    function _tallyUpdated(uint256 proposalId) internal override(GovernorUpgradeable, GovernorCountingPacked) {
        super._tallyUpdated(proposalId);
    }

    function votingDelay() public pure override(GovernorUpgradeable, IGovernor) returns (uint256) {
        return 1;
    }

    uint256 private _votingPeriod = 1 days;

    function votingPeriod() public view override(GovernorUpgradeable, IGovernor) returns (uint256) {
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
