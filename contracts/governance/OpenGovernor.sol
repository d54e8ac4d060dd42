// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/* solhint-disable max-line-length */
import {GovernorUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/GovernorUpgradeable.sol";
import {TimelockControllerUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/TimelockControllerUpgradeable.sol";
import {GovernorSettingsUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorSettingsUpgradeable.sol";
import {GovernorTimelockControlUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorTimelockControlUpgradeable.sol";
import {GovernorVotesQuorumFractionUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorVotesQuorumFractionUpgradeable.sol";
import {GovernorVotesUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorVotesUpgradeable.sol";
/* solhint-enable max-line-length */
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";

import {IOpenGovernor} from "../interfaces/IOpenGovernor.sol";
import {GovernorCountingPacked} from "./GovernorCountingPacked.sol";

/// @title OpenGovernor
/// @notice The OpenLedger DAO: proposals voted with OpenStaking's votes (active stake, delegated), on a timestamp
/// clock, queued and executed through a TimelockController that holds every admin role of the protocol.
/// @dev OpenZeppelin's Governor with settings, votes + quorum fraction and timelock control, and our packed simple
/// counting with late-quorum protection (GovernorCountingPacked: the API of GovernorCountingSimple and
/// GovernorPreventLateQuorum, cheaper votes, each proposal's quorum numerator fixed at creation; docs/decisions/0147),
/// behind a UUPS proxy that only governance itself can upgrade (through the timelock). It is not a
/// ProtocolUpgradeable: the governor has no admin; it is its own authority through the timelock.
/// The votes token (OpenStaking) is an immutable of the implementation, so that votes and quorum checks do not read it
/// from storage; every implementation behind the proxy must be built with the token the proxy was initialized with.
/// Parameter bounds (enforced on the governance setters, see IOpenGovernor):
///   votingDelay [1 hour, 14 days], votingPeriod [1 day, 30 days], proposalThreshold [1,000, 10,000,000] OPEN,
///   quorum numerator [1, 20] percent of the total active stake, late-quorum extension [1 hour, 14 days].
/// @custom:oz-upgrades-unsafe-allow state-variable-immutable
/// @custom:security-contact security@openledger.xyz
contract OpenGovernor is
    GovernorUpgradeable,
    GovernorSettingsUpgradeable,
    GovernorVotesUpgradeable,
    GovernorVotesQuorumFractionUpgradeable,
    GovernorCountingPacked,
    GovernorTimelockControlUpgradeable,
    UUPSUpgradeable,
    IOpenGovernor
{
    /// @notice Default delay between a proposal and the start of its vote.
    uint48 public constant DEFAULT_VOTING_DELAY = 1 days;
    /// @notice Default length of a vote.
    uint32 public constant DEFAULT_VOTING_PERIOD = 5 days;
    /// @notice Default votes needed to propose.
    uint256 public constant DEFAULT_PROPOSAL_THRESHOLD = 10_000 ether;
    /// @notice Default quorum, in percent of the total active stake at the proposal's snapshot.
    uint256 public constant DEFAULT_QUORUM_NUMERATOR = 4;
    /// @notice Default extension of a vote when quorum is reached late.
    uint48 public constant DEFAULT_LATE_QUORUM_EXTENSION = 2 days;

    uint256 public constant MIN_VOTING_DELAY = 1 hours;
    uint256 public constant MAX_VOTING_DELAY = 14 days;
    uint256 public constant MIN_VOTING_PERIOD = 1 days;
    uint256 public constant MAX_VOTING_PERIOD = 30 days;
    uint256 public constant MIN_PROPOSAL_THRESHOLD = 1_000 ether;
    uint256 public constant MAX_PROPOSAL_THRESHOLD = 10_000_000 ether;
    uint256 public constant MIN_QUORUM_NUMERATOR = 1;
    uint256 public constant MAX_QUORUM_NUMERATOR = 20;
    uint256 public constant MIN_LATE_QUORUM_EXTENSION = 1 hours;
    uint256 public constant MAX_LATE_QUORUM_EXTENSION = 14 days;

    IERC5805 private immutable TOKEN;

    /// @param token_ OpenStaking (IERC5805 votes with a timestamp clock); `initialize` must be given the same one.
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IVotes token_) {
        TOKEN = IERC5805(address(token_));
        _disableInitializers();
    }

    /// @notice Initializes the proxy. Durations are in seconds (the clock is OpenStaking's timestamp clock).
    /// @dev Not bound-checked beyond the library's own checks (votingPeriod > 0, quorum numerator <= 100), so that
    /// local deployments can shorten the durations; production passes the `DEFAULT_*` values.
    /// @param token_ OpenStaking (IERC5805 votes with a timestamp clock): must be the implementation's token (else
    /// reverts with `OpenGovernorTokenMismatch`); also stored, as OpenZeppelin's GovernorVotes keeps it.
    /// @param timelock The TimelockController; the governor must be its proposer and canceller.
    function initialize(
        IVotes token_,
        TimelockControllerUpgradeable timelock,
        uint48 initialVotingDelay,
        uint32 initialVotingPeriod,
        uint256 initialProposalThreshold,
        uint256 initialQuorumNumerator,
        uint48 initialLateQuorumExtension
    ) external initializer {
        if (address(token_) != address(TOKEN)) revert OpenGovernorTokenMismatch(address(TOKEN), address(token_));
        __Governor_init("OpenGovernor");
        __GovernorSettings_init(initialVotingDelay, initialVotingPeriod, initialProposalThreshold);
        __GovernorVotes_init(token_);
        __GovernorVotesQuorumFraction_init(initialQuorumNumerator);
        __GovernorCountingPacked_init(initialLateQuorumExtension);
        __GovernorTimelockControl_init(timelock);
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Bounded governance setters
    // ----------------------------------------------------------------------------------------------------------------

    /// @notice Sets the voting delay, within [MIN_VOTING_DELAY, MAX_VOTING_DELAY]. Only governance.
    function setVotingDelay(uint48 newVotingDelay) public override onlyGovernance {
        _requireWithinBounds("votingDelay", newVotingDelay, MIN_VOTING_DELAY, MAX_VOTING_DELAY);
        _setVotingDelay(newVotingDelay);
    }

    /// @notice Sets the voting period, within [MIN_VOTING_PERIOD, MAX_VOTING_PERIOD]. Only governance.
    function setVotingPeriod(uint32 newVotingPeriod) public override onlyGovernance {
        _requireWithinBounds("votingPeriod", newVotingPeriod, MIN_VOTING_PERIOD, MAX_VOTING_PERIOD);
        _setVotingPeriod(newVotingPeriod);
    }

    /// @notice Sets the proposal threshold, within [MIN_PROPOSAL_THRESHOLD, MAX_PROPOSAL_THRESHOLD]. Only governance.
    function setProposalThreshold(uint256 newProposalThreshold) public override onlyGovernance {
        _requireWithinBounds("proposalThreshold", newProposalThreshold, MIN_PROPOSAL_THRESHOLD, MAX_PROPOSAL_THRESHOLD);
        _setProposalThreshold(newProposalThreshold);
    }

    /// @notice Sets the quorum numerator (percent), within [MIN_QUORUM_NUMERATOR, MAX_QUORUM_NUMERATOR]. Only
    /// governance.
    function updateQuorumNumerator(uint256 newQuorumNumerator) public override onlyGovernance {
        _requireWithinBounds("quorumNumerator", newQuorumNumerator, MIN_QUORUM_NUMERATOR, MAX_QUORUM_NUMERATOR);
        _updateQuorumNumerator(newQuorumNumerator);
    }

    /// @notice Sets the late-quorum extension, within [MIN_LATE_QUORUM_EXTENSION, MAX_LATE_QUORUM_EXTENSION]. Only
    /// governance.
    function setLateQuorumVoteExtension(uint48 newVoteExtension) public override onlyGovernance {
        _requireWithinBounds(
            "lateQuorumVoteExtension",
            newVoteExtension,
            MIN_LATE_QUORUM_EXTENSION,
            MAX_LATE_QUORUM_EXTENSION
        );
        _setLateQuorumVoteExtension(newVoteExtension);
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Votes token and clock
    // ----------------------------------------------------------------------------------------------------------------

    /// @notice The votes token: OpenStaking.
    /// @dev The implementation's immutable (equal to the stored one, see `initialize`): no storage read per vote.
    function token() public view override returns (IERC5805) {
        return TOKEN;
    }

    /// @notice ERC-6372 clock: the block timestamp, the same clock as OpenStaking's (read locally instead of by an
    /// external call to the token on every state check, which saves gas on each vote).
    function clock() public view override(GovernorUpgradeable, GovernorVotesUpgradeable) returns (uint48) {
        return uint48(block.timestamp);
    }

    /// @notice ERC-6372 clock mode.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override(GovernorUpgradeable, GovernorVotesUpgradeable) returns (string memory) {
        return "mode=timestamp";
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Overrides required by Solidity
    // ----------------------------------------------------------------------------------------------------------------

    /// @inheritdoc GovernorSettingsUpgradeable
    function votingDelay() public view override(GovernorUpgradeable, GovernorSettingsUpgradeable) returns (uint256) {
        return super.votingDelay();
    }

    /// @inheritdoc GovernorSettingsUpgradeable
    function votingPeriod() public view override(GovernorUpgradeable, GovernorSettingsUpgradeable) returns (uint256) {
        return super.votingPeriod();
    }

    /// @inheritdoc GovernorSettingsUpgradeable
    function proposalThreshold()
        public
        view
        override(GovernorUpgradeable, GovernorSettingsUpgradeable)
        returns (uint256)
    {
        return super.proposalThreshold();
    }

    /// @inheritdoc GovernorVotesQuorumFractionUpgradeable
    function quorum(
        uint256 timepoint
    ) public view override(GovernorUpgradeable, GovernorVotesQuorumFractionUpgradeable) returns (uint256) {
        return super.quorum(timepoint);
    }

    /// @inheritdoc GovernorTimelockControlUpgradeable
    function state(
        uint256 proposalId
    ) public view override(GovernorUpgradeable, GovernorTimelockControlUpgradeable) returns (ProposalState) {
        return super.state(proposalId);
    }

    /// @inheritdoc GovernorTimelockControlUpgradeable
    function proposalNeedsQueuing(
        uint256 proposalId
    ) public view override(GovernorUpgradeable, GovernorTimelockControlUpgradeable) returns (bool) {
        return super.proposalNeedsQueuing(proposalId);
    }

    /// @inheritdoc GovernorCountingPacked
    function proposalDeadline(
        uint256 proposalId
    ) public view override(GovernorUpgradeable, GovernorCountingPacked) returns (uint256) {
        return super.proposalDeadline(proposalId);
    }

    /// @inheritdoc IOpenGovernor
    function proposalQuorum(
        uint256 proposalId
    ) public view override(GovernorCountingPacked, IOpenGovernor) returns (uint256) {
        return super.proposalQuorum(proposalId);
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

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(GovernorUpgradeable, GovernorTimelockControlUpgradeable) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(GovernorUpgradeable, GovernorTimelockControlUpgradeable) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(GovernorUpgradeable, GovernorTimelockControlUpgradeable) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _executor()
        internal
        view
        override(GovernorUpgradeable, GovernorTimelockControlUpgradeable)
        returns (address)
    {
        return super._executor();
    }

    /// @dev Only governance (a proposal executed by the timelock) upgrades the governor.
    function _authorizeUpgrade(address) internal override onlyGovernance {}

    function _requireWithinBounds(bytes32 parameter, uint256 value, uint256 min, uint256 max) private pure {
        if (value < min || value > max) revert OpenGovernorParameterOutOfBounds(parameter, value, min, max);
    }
}
