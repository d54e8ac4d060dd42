// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IProtocolUpgradeable} from "./IProtocolUpgradeable.sol";
import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";

import {IInferencePayments} from "./IInferencePayments.sol";
import {IOpenStaking} from "./IOpenStaking.sol";
import {IRewardDistributor} from "./IRewardDistributor.sol";

/// @title IAttributionOracle
/// @notice Proof of Attribution on chain, the report state machine. Staked attribution oracles agree on one report per
/// epoch covering every model (cumulative rewards root and total, attribution root, data URI), either by attesting on
/// chain or through a transmitter submitting EIP-712 signatures. An accepted report may be disputed during the
/// challenge window in AttributionDisputes (the court); undisputed or confirmed reports finalize in epoch order and
/// go live in the RewardDistributor, which pulls the funds from InferencePayments. Holds no asset and slashes nobody.
/// @dev Rules (docs/decisions/0200-0206, 0240-0249):
/// - Epoch e is over at `end(e) = genesis + (e + 1) * length` (EpochClock). Weights are stakes at the snapshot
///   `end(e) - 1`: `IOpenStaking.getPastOracleStake(oracle, end(e) - 1)` and `getPastTotalOracleStake`.
/// - Reports for e are accepted from end(e) + logDeadline (InferenceLogs takes the logs before that).
/// - Quorum: weight * 10_000 >= totalOracleStake(snapshot) * quorumBps, both fixed at the epoch's first report
///   activity. One on-chain attestation per oracle per epoch round; submitted signatures ordered by strictly
///   increasing signer, each counted once. The two paths keep separate tallies, and an oracle that attested on chain
///   in a round is not counted by a submission in that round: one oracle backs at most one report per epoch round.
/// - Epochs finalize in order; a report for e is accepted only while nextEpoch <= e < nextEpoch + MAX_PENDING_EPOCHS.
/// - An epoch reopens (status Open, round + 1) when its report is voided: an upheld dispute or a governance rejection
///   bans the report's root for the epoch and also bans every later accepted, not finalized report (they were built
///   on the bad one); a dispute that nobody ruled in time, or a report `finalize` discards, is voided without a ban.
///   Signing a voided or banned report and then another report of its epoch is not an equivocation.
/// - Assumes IOpenStaking's past getters revert or return 0 for timestamps not in the past.
/// @custom:security-contact security@openledger.xyz
interface IAttributionOracle is IERC5267, IProtocolUpgradeable {
    /// @notice Every governance parameter, as `parameters()` returns them.
    struct Parameters {
        uint256 quorumBps;
        uint256 challengeWindow;
        uint256 logDeadline;
        uint256 livenessEpochs;
    }

    /// @notice A report: one per epoch, covering every model. Cumulative: the rewards tree holds every account's total
    /// since genesis, and `cumulativeTotal` is the sum of its leaves.
    struct Report {
        uint64 epoch;
        bytes32 cumulativeRewardsRoot;
        uint256 cumulativeTotal;
        bytes32 attributionRoot;
        string dataURI;
    }

    /// @notice Where an epoch is. `Open`: no accepted report (reports may gather weight). `Accepted`: quorum reached,
    /// challenge window running. `Disputed`: frozen by the court for at most its ruling period. `Confirmed`: a dispute
    /// was rejected, may finalize at once. `Finalized` and `Skipped` are terminal.
    enum EpochStatus {
        Open,
        Accepted,
        Disputed,
        Confirmed,
        Finalized,
        Skipped
    }

    /// @notice Why an epoch reopened.
    enum ReopenReason {
        // An upheld dispute: the root is banned for the epoch.
        Upheld,
        // Governance rejected the accepted report: the root is banned.
        Rejected,
        // An earlier epoch's report was upheld or rejected, and this one was built on it: the root is banned.
        BuiltOnRejected,
        // Nobody ruled the dispute within the ruling period: voided without a ban, no funds moved.
        DisputeExpired
    }

    error AttributionEpochNotOver(uint64 epoch, uint256 endsAt);
    /// @notice Reports for `epoch` are accepted from `opensAt` (after the log deadline).
    error AttributionReportsNotOpenYet(uint64 epoch, uint256 opensAt);
    error AttributionEpochAlreadyFinalized(uint64 epoch, uint64 nextEpoch);
    error AttributionEpochTooFarAhead(uint64 epoch, uint64 nextEpoch, uint256 maxPending);
    error AttributionUnexpectedStatus(uint64 epoch, EpochStatus status);
    /// @notice `account` had no oracle stake at `epoch`'s snapshot.
    error AttributionNotOracle(address account, uint64 epoch);
    error AttributionAlreadyAttested(address oracle, uint64 epoch, uint32 round);
    error AttributionInvalidSignature(uint256 index);
    error AttributionSignersNotAscending(uint256 index, address previous, address signer);
    error AttributionQuorumNotReached(bytes32 reportHash, uint256 weight, uint256 totalOracleStake, uint256 quorumBps);
    error AttributionTotalAboveFunded(uint256 cumulativeTotal, uint256 funded);
    error AttributionTotalDecreased(uint256 cumulativeTotal, uint256 lastFinalized);
    /// @notice A report with this rewards root was banned for `epoch` (upheld dispute or governance rejection).
    error AttributionReportRejected(uint64 epoch, bytes32 cumulativeRewardsRoot);
    error AttributionChallengeWindowOver(uint64 epoch, uint256 endedAt);
    error AttributionChallengeWindowOpen(uint64 epoch, uint256 endsAt);
    error AttributionNotNextEpoch(uint64 epoch, uint64 nextEpoch);
    /// @notice Governance may force or skip `epoch` from `at`.
    error AttributionLivenessNotReached(uint64 epoch, uint256 at);
    /// @notice Only the court (AttributionDisputes) may call.
    error AttributionNotCourt(address caller, address court);
    /// @notice The court acted on `round` of `epoch`, which is now in `current`.
    error AttributionRoundMismatch(uint64 epoch, uint32 round, uint32 current);
    /// @notice The change would let signers' stake leave before a report they signed can be ruled on: the staking
    /// cooldown must be at least the challenge window plus the court's ruling period.
    error AttributionCooldownBelowDisputeHorizon(uint256 cooldown, uint256 horizon);
    /// @notice `finalize` was given a report whose struct hash `reportHash` is not the accepted one, `acceptedHash`.
    error AttributionNotAcceptedReport(uint64 epoch, bytes32 acceptedHash, bytes32 reportHash);

    /// @notice `oracle` attested `reportHash` on chain in `round`, adding `weight`; the report's tally is `tally`.
    /// @param epoch The epoch reported.
    /// @param reportHash Hash of the report attested.
    /// @param oracle The attesting oracle operator.
    /// @param round The epoch's report round.
    /// @param weight The oracle's stake weight added.
    /// @param tally The report's total weight in this round after this attestation.
    event Attested(
        uint64 indexed epoch,
        bytes32 indexed reportHash,
        address indexed oracle,
        uint32 round,
        uint256 weight,
        uint256 tally
    );
    /// @notice A transmitter submitted signatures; `signers` are those that counted (weight > 0, no on-chain
    /// attestation in this round), in order.
    /// @param epoch The epoch reported.
    /// @param reportHash Hash of the report signed.
    /// @param transmitter The account that sent the signatures.
    /// @param signers The signers whose weight counted, in order.
    /// @param weight Total weight those signers added.
    event ReportSubmitted(
        uint64 indexed epoch,
        bytes32 indexed reportHash,
        address indexed transmitter,
        address[] signers,
        uint256 weight
    );
    /// @notice `epoch`'s report `reportHash` reached quorum in `round` and was accepted; its challenge window runs.
    /// @param epoch The epoch reported.
    /// @param reportHash The report's EIP-712 struct hash.
    /// @param round The round it was accepted in.
    /// @param cumulativeRewardsRoot Root of the cumulative rewards tree.
    /// @param cumulativeTotal Sum of the tree's leaves.
    /// @param attributionRoot Root of the attribution data behind the rewards.
    /// @param dataURI Where the report's data is (kept in this event only).
    event ReportAccepted(
        uint64 indexed epoch,
        bytes32 indexed reportHash,
        uint32 round,
        bytes32 cumulativeRewardsRoot,
        uint256 cumulativeTotal,
        bytes32 attributionRoot,
        string dataURI
    );
    /// @notice The court froze `epoch`'s accepted report of `round` (a dispute was opened).
    /// @param epoch The epoch.
    /// @param round The round of the frozen report.
    event ReportFrozen(uint64 indexed epoch, uint32 round);
    /// @notice The court confirmed `epoch`'s report of `round` (the dispute was rejected): it may finalize at once.
    /// @param epoch The epoch.
    /// @param round The round of the confirmed report.
    event ReportConfirmed(uint64 indexed epoch, uint32 round);
    /// @notice `epoch`'s report with `cumulativeRewardsRoot` was voided (`banned`: it may not come back) and the epoch
    /// reopened in `round`.
    /// @param epoch The epoch.
    /// @param round The new round, in which reports start again.
    /// @param cumulativeRewardsRoot Root of the voided report.
    /// @param reason Why the report was voided.
    /// @param banned True if that root may not be accepted again for the epoch.
    event EpochReopened(
        uint64 indexed epoch,
        uint32 round,
        bytes32 cumulativeRewardsRoot,
        ReopenReason reason,
        bool banned
    );
    /// @notice An accepted report whose total fell below the last finalized total, or rose above everything funded, was
    /// dropped at finalization; the epoch reopened.
    /// @param epoch The epoch.
    /// @param cumulativeRewardsRoot Root of the dropped report.
    /// @param cumulativeTotal The dropped report's cumulative total.
    event ReportDiscarded(uint64 indexed epoch, bytes32 cumulativeRewardsRoot, uint256 cumulativeTotal);
    /// @notice `epoch`'s report was finalized: its root is live for claims in RewardDistributor.
    /// @param epoch The epoch finalized.
    /// @param cumulativeRewardsRoot The root now live.
    /// @param cumulativeTotal The cumulative total now claimable.
    /// @param dataURI Where the report's data document (the rewards tree) is; the report's own, checked on chain
    /// against the accepted report's hash.
    event EpochFinalized(uint64 indexed epoch, bytes32 cumulativeRewardsRoot, uint256 cumulativeTotal, string dataURI);
    /// @notice Governance finalized `epoch` with this report (liveness path). The data URI lets oracles adopt the
    /// forced cumulative amounts, on which they build the epochs that follow.
    /// @param epoch The epoch finalized.
    /// @param cumulativeRewardsRoot Root of cumulative rewards per account.
    /// @param cumulativeTotal Sum of all cumulative rewards in the root.
    /// @param attributionRoot Root of the epoch's attribution data.
    /// @param dataURI Where the report's data lives.
    event ReportForced(
        uint64 indexed epoch,
        bytes32 cumulativeRewardsRoot,
        uint256 cumulativeTotal,
        bytes32 attributionRoot,
        string dataURI
    );
    /// @notice Governance skipped `epoch` (liveness path): no report; its funds stay for later cumulative reports.
    /// @param epoch The epoch skipped.
    event EpochSkipped(uint64 indexed epoch);
    /// @notice The court (AttributionDisputes) is now `court`.
    /// @param court The new court.
    event CourtSet(address court);
    /// @notice Governance set the quorum.
    /// @param quorumBps Share of the total oracle stake at an epoch's snapshot a report needs, in basis points.
    event QuorumBpsSet(uint16 quorumBps);
    /// @notice Governance set the challenge window.
    /// @param challengeWindow Seconds after acceptance during which a report can be disputed.
    event ChallengeWindowSet(uint32 challengeWindow);
    /// @notice Governance set the log deadline.
    /// @param logDeadline Seconds after an epoch's end during which operators may commit its inference logs.
    event LogDeadlineSet(uint32 logDeadline);
    /// @notice Governance set the liveness delay.
    /// @param livenessEpochs Epochs after an epoch's end before governance may force or skip it.
    event LivenessEpochsSet(uint16 livenessEpochs);

    /// @notice Attests `report` with the caller's own oracle stake at the epoch's snapshot. Accepts the report when
    /// its on-chain tally reaches quorum.
    function attest(Report calldata report) external;

    /// @notice Submits `report` with EIP-712 signatures of oracles, ordered by strictly increasing signer address.
    /// Signers without weight at the snapshot, and signers that attested on chain in this round, count zero. Reverts
    /// unless the counted weight reaches quorum; then accepts the report.
    function submit(Report calldata report, bytes[] calldata signatures) external;

    /// @notice Finalizes `report.epoch` (must be the next epoch) once its challenge window passed undisputed or its
    /// dispute was rejected: the root goes live in the RewardDistributor, which pulls the funds, and the report (root,
    /// total, data URI) is kept for `finalizedReport`. Anyone may call, with the accepted report (as in its
    /// ReportAccepted event): its struct hash must be the accepted one (else `AttributionNotAcceptedReport`). A report
    /// whose cumulative total is below the last finalized one, or above everything funded into the pools, is
    /// discarded instead and the epoch reopens in a new round.
    function finalize(Report calldata report) external;

    /// @notice Liveness: governance (admin) finalizes `report` directly for the next epoch when it is still open
    /// `livenessEpochs` epochs after it closed.
    function forceReport(Report calldata report) external;

    /// @notice Liveness: governance (admin) skips the next epoch under the same condition. The next finalized
    /// report's cumulative totals cover the skipped epoch's pools.
    function skipEpoch(uint64 epoch) external;

    /// @notice Governance (admin) rejects `epoch`'s accepted or confirmed report: its root is banned for the epoch,
    /// every later accepted, not finalized report is banned too, and those epochs reopen.
    function rejectReport(uint64 epoch) external;

    /// @notice Court only: freezes `epoch`'s accepted report during its challenge window (status Disputed). Returns
    /// the round, the report's rewards root and the digest of its counted signers (SignerDigest).
    function freezeReport(uint64 epoch) external returns (uint32 round, bytes32 cumulativeRewardsRoot, bytes20 signers);

    /// @notice Court only: the dispute of `epoch`'s `round` was rejected: Confirmed, may finalize at once.
    function confirmReport(uint64 epoch, uint32 round) external;

    /// @notice Court only: voids `epoch`'s disputed report of `round` and reopens the epoch. `Upheld` bans the root and
    /// every later accepted, not finalized report (BuiltOnRejected); `DisputeExpired` bans nothing.
    function voidReport(uint64 epoch, uint32 round, ReopenReason reason) external;

    /// @notice The report's id: its EIP-712 struct hash.
    function reportHash(Report calldata report) external pure returns (bytes32);

    /// @notice What an oracle signs for `report`: the EIP-712 typed-data hash under this contract's domain.
    function reportDigest(Report calldata report) external view returns (bytes32);

    /// @notice Timestamp whose checkpointed stakes weigh reports of `epoch`: the epoch's last second.
    function snapshotTimestamp(uint64 epoch) external view returns (uint256);

    /// @notice The epoch to finalize next (all before it are finalized or skipped).
    function nextEpoch() external view returns (uint64);

    /// @notice Cumulative total of the last finalized report.
    function lastFinalizedTotal() external view returns (uint256);

    /// @notice Status, round and the time the status was entered, for an epoch in the pending window; for an epoch
    /// before `nextEpoch` whose record was reused, `Finalized`.
    function epochStatus(uint64 epoch) external view returns (EpochStatus status, uint32 round, uint256 since);

    /// @notice The report recorded for `epoch` while its ring record holds it (the last MAX_PENDING_EPOCHS epochs):
    /// accepted, disputed, confirmed, finalized or forced. `found` is false otherwise. A finalized report's data URI is
    /// in `finalizedReport`; an accepted one's is in its ReportAccepted event, checked by `epochReportHash`.
    function epochReport(
        uint64 epoch
    )
        external
        view
        returns (bool found, EpochStatus status, uint32 round, bytes32 cumulativeRewardsRoot, uint256 cumulativeTotal);

    /// @notice The quorum of `epoch`, fixed at its first report activity: the total oracle stake at its snapshot and
    /// the quorum fraction (both zero before, or once its record was reused).
    function epochQuorum(uint64 epoch) external view returns (uint256 totalOracleStake, uint256 quorumBps);

    /// @notice The struct hash (`reportHash`) of the report `epochReport` returns, which covers the attribution root
    /// and the data URI (given in ReportAccepted / ReportForced); zero when `epochReport` finds none.
    function epochReportHash(uint64 epoch) external view returns (bytes32);

    /// @notice `epoch`'s finalized report (by `finalize` or `forceReport`), kept for good: `found` is false for an
    /// epoch not finalized (open, pending or skipped).
    function finalizedReport(
        uint64 epoch
    ) external view returns (bool found, bytes32 cumulativeRewardsRoot, uint256 cumulativeTotal, string memory dataURI);

    /// @notice Weight gathered on chain by `reportHash` in `round`.
    function attestedWeight(bytes32 reportHash, uint32 round) external view returns (uint256);

    /// @notice Digest (SignerDigest) of the oracles that attested `reportHash` on chain in `round`, in order.
    function attestersDigest(bytes32 reportHash, uint32 round) external view returns (bytes20);

    /// @notice Whether `oracle` attested some report of `epoch` on chain in `round`.
    function hasAttested(address oracle, uint64 epoch, uint32 round) external view returns (bool);

    /// @notice Whether a signature on a report of `epoch` with this root and total still backs something: false when
    /// the report was voided or banned, or when its total is below the last finalized total (no longer acceptable).
    function reportCounts(
        uint64 epoch,
        bytes32 cumulativeRewardsRoot,
        uint256 cumulativeTotal
    ) external view returns (bool);

    /// @notice Whether every report weighed at a snapshot before `timestamp` is finalized or skipped, so that no
    /// stake that counted then can still be slashed for it (OpenStaking's stake guard).
    function reportsSettledBefore(uint256 timestamp) external view returns (bool);

    /// @notice Challenge window plus the court's ruling period: how long after acceptance a report can still be
    /// disputed and ruled on. OpenStaking's cooldown is kept at or above it.
    function disputeHorizon() external view returns (uint256);

    /// @notice Seconds after acceptance a report can be disputed.
    function challengeWindow() external view returns (uint256);

    /// @notice Seconds after an epoch's end during which InferenceLogs takes its logs; reports open after.
    function logDeadline() external view returns (uint256);

    /// @notice AttributionDisputes, the only account that freezes, confirms and voids reports.
    function court() external view returns (address);

    /// @notice OpenStaking: oracle weights.
    function staking() external view returns (IOpenStaking);

    /// @notice InferencePayments: the epoch clock and the funded total.
    function payments() external view returns (IInferencePayments);

    /// @notice RewardDistributor: where finalized roots go live.
    function distributor() external view returns (IRewardDistributor);

    // ---------------------------------------------------------------- constants, role ids, initializer

    /// @notice EIP-712 type of a report.
    function REPORT_TYPEHASH() external view returns (bytes32);

    /// @notice Epochs that may be in flight at once: reports are accepted for nextEpoch .. nextEpoch + 31.
    function MAX_PENDING_EPOCHS() external view returns (uint256);

    /// @notice Hard-coded lower bound of `quorumBps` (inclusive).
    function MIN_QUORUM_BPS() external view returns (uint256);

    /// @notice Hard-coded upper bound of `quorumBps` (inclusive).
    function MAX_QUORUM_BPS() external view returns (uint256);

    /// @notice Hard-coded lower bound of `challengeWindow` (inclusive).
    function MIN_CHALLENGE_WINDOW() external view returns (uint256);

    /// @notice Hard-coded upper bound of `challengeWindow` (inclusive).
    function MAX_CHALLENGE_WINDOW() external view returns (uint256);

    /// @notice Hard-coded lower bound of `logDeadline` (inclusive).
    function MIN_LOG_DEADLINE() external view returns (uint256);

    /// @notice Hard-coded upper bound of `logDeadline` (inclusive).
    function MAX_LOG_DEADLINE() external view returns (uint256);

    /// @notice Hard-coded lower bound of `livenessEpochs` (inclusive).
    function MIN_LIVENESS_EPOCHS() external view returns (uint256);

    /// @notice Hard-coded upper bound of `livenessEpochs` (inclusive).
    function MAX_LIVENESS_EPOCHS() external view returns (uint256);

    /// @notice Sets the quorum: the share of the total oracle stake at the epoch's snapshot a report needs, in basis
    /// points [MIN_QUORUM_BPS, MAX_QUORUM_BPS], default 6667. Only the admin. Emits QuorumBpsSet.
    function setQuorumBps(uint16 newQuorumBps) external;

    /// @notice Sets the seconds after acceptance during which a report can be disputed [MIN_CHALLENGE_WINDOW,
    /// MAX_CHALLENGE_WINDOW], default 1 day. Only the admin. Refused (AttributionCooldownBelowDisputeHorizon) when
    /// the staking cooldown would fall below it plus the court's ruling period. Emits ChallengeWindowSet.
    function setChallengeWindow(uint32 newChallengeWindow) external;

    /// @notice Sets the seconds after an epoch's end during which its logs may be committed [MIN_LOG_DEADLINE,
    /// MAX_LOG_DEADLINE], default 6 hours. Only the admin. Emits LogDeadlineSet.
    function setLogDeadline(uint32 newLogDeadline) external;

    /// @notice Sets the epochs after an epoch's end before governance may force or skip it [MIN_LIVENESS_EPOCHS,
    /// MAX_LIVENESS_EPOCHS], default 3. Only the admin. Emits LivenessEpochsSet.
    function setLivenessEpochs(uint16 newLivenessEpochs) external;

    /// @notice Sets the court (AttributionDisputes). Only the admin. Refused when the staking cooldown is below the
    /// challenge window plus the new court's ruling period. Emits CourtSet.
    function setCourt(address newCourt) external;

    /// @notice Every governance parameter, in one call (a struct, so that the ABI names each value without shadowing
    /// the getters of the same names).
    function parameters() external view returns (Parameters memory);

    /// @notice Initializes the proxy with default parameters. The first epoch to report is InferencePayments' current
    /// one. The court is set afterwards (`setCourt`): it is deployed with this contract's address.
    /// @param admin The governance timelock (DEFAULT_ADMIN_ROLE).
    function initialize(address admin) external;
}
