// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/* solhint-disable max-line-length */
import {GovernorUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/GovernorUpgradeable.sol";
import {TimelockControllerUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/TimelockControllerUpgradeable.sol";
import {GovernorTimelockControlUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorTimelockControlUpgradeable.sol";
/* solhint-enable max-line-length */
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IERC1155Receiver} from "@openzeppelin/contracts/interfaces/IERC1155Receiver.sol";
import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";
import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";
import {IERC721Receiver} from "@openzeppelin/contracts/interfaces/IERC721Receiver.sol";

import {IGovernorCountingPacked} from "../interfaces/IGovernorCountingPacked.sol";
import {IOpenGovernor} from "../interfaces/IOpenGovernor.sol";
import {GovernorCountingPacked} from "./GovernorCountingPacked.sol";

/// @title OpenGovernor
/// @notice The OpenLedger DAO: proposals voted with OpenStaking's votes (active stake, delegated), on a timestamp
/// clock, queued and executed through a TimelockController that holds every admin role of the protocol.
/// @dev OpenZeppelin's Governor with timelock control, and our packed simple counting with the quorum fraction and
/// late-quorum protection (GovernorCountingPacked: the API of GovernorCountingSimple, GovernorVotesQuorumFraction
/// and GovernorPreventLateQuorum, cheaper votes, each proposal's quorum numerator fixed at creation;
/// docs/decisions/0147), behind a UUPS proxy that only governance itself can upgrade (through the timelock). It is not
/// a ProtocolUpgradeable: the governor has no admin; it is its own authority through the timelock.
/// The votes token (OpenStaking) is an immutable of the implementation, so that votes and quorum checks do not read it
/// from storage; every implementation behind the proxy must be built with the token the proxy was initialized with.
/// Parameter bounds (enforced on the governance setters, see IOpenGovernor):
///   votingDelay [1 hour, 14 days], votingPeriod [1 day, 30 days], proposalThreshold [1,000, 10,000,000] OPEN,
///   quorum numerator [1, 20] percent of the total active stake, late-quorum extension [1 hour, 14 days].
/// Size (docs/decisions/0280): at the project's 10,000 optimizer runs OpenZeppelin's full stack is ~27.7 KB, over
/// EIP-170. What OpenZeppelin's extensions did is done here in less code, with the same external API and events: the
/// settings in one namespace (GovernorSettings), the votes read from the immutable token (GovernorVotes), the quorum
/// numerator without its history (GovernorVotesQuorumFraction, in GovernorCountingPacked), the name and EIP-712
/// domain as constants instead of storage strings, the `#proposer=` description check without the generic string
/// parser, and deposits refused outright (the executor is always the timelock, never the governor). The bounds are
/// internal constants (stated above and carried by `OpenGovernorParameterOutOfBounds`).
/// @custom:oz-upgrades-unsafe-allow state-variable-immutable
/// @custom:oz-upgrades-unsafe-allow missing-initializer-call
/// @custom:security-contact security@openledger.xyz
contract OpenGovernor is
    GovernorUpgradeable,
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

    // Bounds of the governance setters (internal: every public getter costs code; the revert carries them).
    uint256 internal constant MIN_VOTING_DELAY = 1 hours;
    uint256 internal constant MAX_VOTING_DELAY = 14 days;
    uint256 internal constant MIN_VOTING_PERIOD = 1 days;
    uint256 internal constant MAX_VOTING_PERIOD = 30 days;
    uint256 internal constant MIN_PROPOSAL_THRESHOLD = 1_000 ether;
    uint256 internal constant MAX_PROPOSAL_THRESHOLD = 10_000_000 ether;
    uint256 internal constant MIN_QUORUM_NUMERATOR = 1;
    uint256 internal constant MAX_QUORUM_NUMERATOR = 20;
    uint256 internal constant MIN_LATE_QUORUM_EXTENSION = 1 hours;
    uint256 internal constant MAX_LATE_QUORUM_EXTENSION = 14 days;

    IERC5805 private immutable TOKEN;

    /// @dev Name and EIP-712 domain, constants rather than OpenZeppelin's storage strings.
    string private constant _NAME = "OpenGovernor";
    string private constant _EIP712_VERSION = "1";
    /// @dev Length of `#proposer=0x` followed by 40 hex digits.
    uint256 private constant _SUFFIX_LENGTH = 52;

    /// @dev The settings, in place of OpenZeppelin's GovernorSettings (docs/decisions/0280): one word each, since
    /// packing them costs more code (masks in every setter) than the two reads a proposal would save.
    /// @custom:storage-location erc7201:openledger.storage.OpenGovernor
    struct OpenGovernorStorage {
        uint256 votingDelay;
        uint256 votingPeriod;
        uint256 proposalThreshold;
    }

    // keccak256(abi.encode(uint256(keccak256("openledger.storage.OpenGovernor")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant OPEN_GOVERNOR_STORAGE = 0x196f8e0ed16ceff199a93509a7592e67ad57af4c42a66da8ebcaf67b69d81000;

    function _getOpenGovernorStorage() private pure returns (OpenGovernorStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := OPEN_GOVERNOR_STORAGE
        }
    }

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
    /// @param timelock_ The TimelockController; the governor must be its proposer and canceller.
    /// @dev `reinitializer(1)`: on a fresh proxy and on the implementation it acts as `initializer`, in 80 bytes less.
    /// GovernorUpgradeable's and EIP712's initializers only store the name and version, which are constants here.
    /// @custom:oz-upgrades-validate-as-initializer
    /// @custom:oz-upgrades-unsafe-allow missing-initializer-call incorrect-initializer-order
    function initialize(
        IVotes token_,
        address payable timelock_,
        uint48 initialVotingDelay,
        uint32 initialVotingPeriod,
        uint256 initialProposalThreshold,
        uint256 initialQuorumNumerator,
        uint48 initialLateQuorumExtension
    ) external override reinitializer(1) {
        if (address(token_) != address(TOKEN)) revert OpenGovernorTokenMismatch(address(TOKEN), address(token_));
        _setVotingDelay(initialVotingDelay);
        _setVotingPeriod(initialVotingPeriod);
        _setProposalThreshold(initialProposalThreshold);
        __GovernorCountingPacked_init(initialQuorumNumerator, initialLateQuorumExtension);
        __GovernorTimelockControl_init(TimelockControllerUpgradeable(timelock_));
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
    function updateQuorumNumerator(
        uint256 newQuorumNumerator
    ) public override(GovernorCountingPacked, IGovernorCountingPacked) onlyGovernance {
        _requireWithinBounds("quorumNumerator", newQuorumNumerator, MIN_QUORUM_NUMERATOR, MAX_QUORUM_NUMERATOR);
        _updateQuorumNumerator(newQuorumNumerator);
    }

    /// @notice Sets the late-quorum extension, within [MIN_LATE_QUORUM_EXTENSION, MAX_LATE_QUORUM_EXTENSION]. Only
    /// governance.
    function setLateQuorumVoteExtension(
        uint48 newVoteExtension
    ) public override(GovernorCountingPacked, IGovernorCountingPacked) onlyGovernance {
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
    function token() public view override(GovernorCountingPacked, IGovernorCountingPacked) returns (IERC5805) {
        return TOKEN;
    }

    /// @notice The governor's name (also its EIP-712 domain name).
    function name() public pure override(GovernorUpgradeable, IGovernor) returns (string memory) {
        return _NAME;
    }

    /// @notice ERC-6372 clock: the block timestamp, the same clock as OpenStaking's (read locally instead of by an
    /// external call to the token on every state check, which saves gas on each vote).
    function clock() public view override(GovernorUpgradeable, IERC6372) returns (uint48) {
        return uint48(block.timestamp);
    }

    /// @notice ERC-6372 clock mode.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override(GovernorUpgradeable, IERC6372) returns (string memory) {
        return "mode=timestamp";
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Overrides required by Solidity
    // ----------------------------------------------------------------------------------------------------------------

    /// @inheritdoc GovernorUpgradeable
    function votingDelay() public view override(GovernorUpgradeable, IGovernor) returns (uint256) {
        return _getOpenGovernorStorage().votingDelay;
    }

    /// @inheritdoc GovernorUpgradeable
    function votingPeriod() public view override(GovernorUpgradeable, IGovernor) returns (uint256) {
        return _getOpenGovernorStorage().votingPeriod;
    }

    /// @inheritdoc GovernorUpgradeable
    function proposalThreshold() public view override(GovernorUpgradeable, IGovernor) returns (uint256) {
        return _getOpenGovernorStorage().proposalThreshold;
    }

    /// @inheritdoc GovernorCountingPacked
    function quorum(
        uint256 timepoint
    ) public view override(GovernorUpgradeable, GovernorCountingPacked, IGovernor) returns (uint256) {
        return super.quorum(timepoint);
    }

    /// @inheritdoc GovernorTimelockControlUpgradeable
    function state(
        uint256 proposalId
    ) public view override(GovernorUpgradeable, GovernorTimelockControlUpgradeable, IGovernor) returns (ProposalState) {
        return super.state(proposalId);
    }

    /// @inheritdoc GovernorTimelockControlUpgradeable
    function proposalNeedsQueuing(
        uint256 proposalId
    ) public view override(GovernorUpgradeable, GovernorTimelockControlUpgradeable, IGovernor) returns (bool) {
        return super.proposalNeedsQueuing(proposalId);
    }

    /// @inheritdoc GovernorCountingPacked
    function proposalDeadline(
        uint256 proposalId
    ) public view override(GovernorUpgradeable, GovernorCountingPacked, IGovernor) returns (uint256) {
        return super.proposalDeadline(proposalId);
    }

    /// @inheritdoc GovernorTimelockControlUpgradeable
    function timelock() public view override(GovernorTimelockControlUpgradeable, IOpenGovernor) returns (address) {
        return super.timelock();
    }

    /// @inheritdoc GovernorUpgradeable
    function relay(
        address target,
        uint256 value,
        bytes calldata data
    ) public payable override(GovernorUpgradeable, IOpenGovernor) {
        super.relay(target, value, data);
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

    function _setVotingDelay(uint48 newVotingDelay) private {
        OpenGovernorStorage storage $ = _getOpenGovernorStorage();
        emit VotingDelaySet($.votingDelay, newVotingDelay);
        $.votingDelay = newVotingDelay;
    }

    /// @dev Reverts on a zero period, as OpenZeppelin's GovernorSettings.
    function _setVotingPeriod(uint32 newVotingPeriod) private {
        if (newVotingPeriod == 0) revert GovernorInvalidVotingPeriod(0);
        OpenGovernorStorage storage $ = _getOpenGovernorStorage();
        emit VotingPeriodSet($.votingPeriod, newVotingPeriod);
        $.votingPeriod = newVotingPeriod;
    }

    function _setProposalThreshold(uint256 newProposalThreshold) private {
        OpenGovernorStorage storage $ = _getOpenGovernorStorage();
        emit ProposalThresholdSet($.proposalThreshold, newProposalThreshold);
        $.proposalThreshold = newProposalThreshold;
    }

    /// @dev The votes: OpenStaking's delegated active stake at `timepoint` (as GovernorVotes, from the immutable).
    function _getVotes(address account, uint256 timepoint, bytes memory) internal view override returns (uint256) {
        return TOKEN.getPastVotes(account, timepoint);
    }

    // solhint-disable-next-line func-name-mixedcase
    function _EIP712Name() internal pure override returns (string memory) {
        return _NAME;
    }

    // solhint-disable-next-line func-name-mixedcase
    function _EIP712Version() internal pure override returns (string memory) {
        return _EIP712_VERSION;
    }

    /// @dev OpenZeppelin's rule in less code: a description ending in `#proposer=0x` and 40 hex digits (either case)
    /// may only be proposed by that address; any other ending (fewer or other characters) leaves it open to anyone.
    function _isValidDescriptionForProposer(
        address proposer,
        string memory description
    ) internal pure override returns (bool) {
        uint256 length = bytes(description).length;
        if (length < _SUFFIX_LENGTH) return true;
        uint256 suffix;
        bytes32 marker;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            suffix := add(add(description, 0x20), sub(length, _SUFFIX_LENGTH))
            marker := mload(suffix)
        }
        if (bytes12(marker) != "#proposer=0x") return true;
        uint256 parsed;
        // i < 52 and the digits are at most 15: nothing overflows; `c - 0x30` wraps below '0' on purpose (then > 9).
        unchecked {
            for (uint256 i = 12; i < _SUFFIX_LENGTH; ++i) {
                uint256 c;
                // solhint-disable-next-line no-inline-assembly
                assembly ("memory-safe") {
                    c := byte(0, mload(add(suffix, i)))
                }
                uint256 digit = c - 0x30;
                if (digit > 9) {
                    // 'a'-'f' and 'A'-'F' (| 0x20 lowers the case) map to 10-15; anything else is not a hex digit.
                    digit = (c | 0x20) - 0x57;
                    if (digit < 10 || digit > 15) return true;
                }
                parsed = (parsed << 4) | digit;
            }
        }
        return address(uint160(parsed)) == proposer;
    }

    /// @notice Refused: the executor is the timelock, so the governor holds no assets (as OpenZeppelin's Governor
    /// with a timelock, without reading the executor).
    function onERC721Received(
        address,
        address,
        uint256,
        bytes memory
    ) public pure override(GovernorUpgradeable, IERC721Receiver) returns (bytes4) {
        revert GovernorDisabledDeposit();
    }

    /// @notice Refused, as `onERC721Received`.
    function onERC1155Received(
        address,
        address,
        uint256,
        uint256,
        bytes memory
    ) public pure override(GovernorUpgradeable, IERC1155Receiver) returns (bytes4) {
        revert GovernorDisabledDeposit();
    }

    /// @notice Refused, as `onERC721Received`.
    function onERC1155BatchReceived(
        address,
        address,
        uint256[] memory,
        uint256[] memory,
        bytes memory
    ) public pure override(GovernorUpgradeable, IERC1155Receiver) returns (bytes4) {
        revert GovernorDisabledDeposit();
    }

    /// @notice Refused, as `onERC721Received`.
    receive() external payable override {
        revert GovernorDisabledDeposit();
    }

    /// @dev Only governance (a proposal executed by the timelock) upgrades the governor.
    function _authorizeUpgrade(address) internal override onlyGovernance {}

    function _requireWithinBounds(bytes32 parameter, uint256 value, uint256 min, uint256 max) private pure {
        if (value < min || value > max) revert OpenGovernorParameterOutOfBounds(parameter, value, min, max);
    }
}
