// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IInferencePayments} from "./IInferencePayments.sol";
import {IModelRegistry} from "./IModelRegistry.sol";
import {IOpenStaking} from "./IOpenStaking.sol";
import {IRewardDistributor} from "./IRewardDistributor.sol";

/// @title IAttributionOracle
/// @notice Proof of Attribution on chain. Model operators commit each closed epoch's inference log; staked attribution
/// oracles agree on one report per epoch covering every model (cumulative rewards root and total, attribution root,
/// data URI), either by attesting on chain or through a transmitter submitting EIP-712 signatures. An accepted report
/// can be disputed during the challenge window; undisputed reports finalize in epoch order and go live in the
/// RewardDistributor, which pulls the funds from InferencePayments.
/// @dev Rules (docs/decisions/0200-0206):
/// - Epoch e is over at `end(e) = genesis + (e + 1) * length`. Weights are stakes at the snapshot `end(e) - 1`, the
///   epoch's last second: `IOpenStaking.getPastOracleStake(oracle, end(e) - 1)` and `getPastTotalOracleStake`.
/// - Logs for e are accepted in [end(e), end(e) + logDeadline); reports for e from end(e) + logDeadline on.
/// - Quorum: weight * 10_000 >= totalOracleStake(snapshot) * quorumBps, both fixed at the epoch's first report
///   activity (attestation or submission; a later quorum change applies to later epochs). Each quorum path counts
///   each signer once:
///   one on-chain attestation per oracle per epoch round; submitted signatures ordered by strictly increasing signer.
///   Signers with no weight at the snapshot count zero. The two paths keep separate tallies.
/// - Epochs finalize in order; a report for e is accepted only while nextEpoch <= e < nextEpoch + MAX_PENDING_EPOCHS.
/// - Assumes IOpenStaking's past getters revert or return 0 for timestamps not in the past, and that `slash` moves
///   exactly the returned amount of the asset to the recipient.
interface IAttributionOracle {
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
    /// challenge window running. `Disputed`: frozen until the resolver rules. `Confirmed`: a dispute was rejected, may
    /// finalize at once. `Finalized` and `Skipped` are terminal.
    enum EpochStatus {
        Open,
        Accepted,
        Disputed,
        Confirmed,
        Finalized,
        Skipped
    }

    error AttributionEpochNotOver(uint64 epoch, uint256 endsAt);
    error AttributionLogWindowClosed(uint256 modelId, uint64 epoch, uint256 deadline);
    error AttributionNotModelOperator(uint256 modelId, address caller, address operator);
    error AttributionLogAlreadyCommitted(uint256 modelId, uint64 epoch);
    error AttributionZeroRoot();
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
    /// @notice A report with this rewards root was rejected for `epoch` by an upheld dispute.
    error AttributionReportRejected(uint64 epoch, bytes32 cumulativeRewardsRoot);
    error AttributionChallengeWindowOver(uint64 epoch, uint256 endedAt);
    error AttributionChallengeWindowOpen(uint64 epoch, uint256 endsAt);
    error AttributionNotNextEpoch(uint64 epoch, uint64 nextEpoch);
    /// @notice The signer list given to `resolveDispute` is not the accepted report's, or the list given to
    /// `slashDeferred` is not that page's.
    error AttributionSignersMismatch(uint64 epoch);
    /// @notice `slashDeferred`: the slashing job of (`epoch`, `round`) has `pages` pages and `page` is not one of
    /// them (`pages == 0`: no such job).
    error AttributionSlashingPageOutOfRange(uint64 epoch, uint32 round, uint256 page, uint256 pages);
    /// @notice `slashDeferred`: that page was already slashed.
    error AttributionSlashingPageDone(uint64 epoch, uint32 round, uint256 page);
    /// @notice The two reports are not two different reports of one epoch signed by one oracle.
    error AttributionNotEquivocation();
    error AttributionEquivocationAlreadyPunished(address oracle, uint64 epoch);
    /// @notice Governance may force or skip `epoch` from `at`.
    error AttributionLivenessNotReached(uint64 epoch, uint256 at);
    error AttributionNothingToWithdraw(address account);

    event InferenceLogCommitted(
        uint256 indexed modelId,
        uint64 indexed epoch,
        address indexed operator,
        bytes32 root,
        string uri
    );
    /// @notice `oracle` attested `reportHash` on chain in `round`, adding `weight`; the report's tally is `tally`.
    event Attested(
        uint64 indexed epoch,
        bytes32 indexed reportHash,
        address indexed oracle,
        uint32 round,
        uint256 weight,
        uint256 tally
    );
    /// @notice A transmitter submitted signatures; `signers` are those that counted (weight > 0), in order.
    event ReportSubmitted(
        uint64 indexed epoch,
        bytes32 indexed reportHash,
        address indexed transmitter,
        address[] signers,
        uint256 weight
    );
    event ReportAccepted(
        uint64 indexed epoch,
        bytes32 indexed reportHash,
        uint32 round,
        bytes32 cumulativeRewardsRoot,
        uint256 cumulativeTotal,
        bytes32 attributionRoot,
        string dataURI
    );
    event ReportDisputed(uint64 indexed epoch, address indexed disputer, uint256 bond);
    event DisputeResolved(uint64 indexed epoch, bool upheld, uint256 slashed, uint256 disputerReward);
    event OracleSlashed(address indexed oracle, uint64 indexed epoch, uint256 amount);
    /// @notice An upheld dispute of `epoch`'s `round` had more than SLASH_PAGE signers: the bond was credited at once,
    /// and the `signers` are slashed in `pages` pages of SLASH_PAGE (the last may be shorter) by `slashDeferred`.
    event SlashingDeferred(uint64 indexed epoch, uint32 round, uint256 signers, uint256 pages);
    /// @notice `slashDeferred` slashed page `page` of (`epoch`, `round`): `slashed` in total, `reward` credited to the
    /// disputer, the rest sent to the treasury.
    event DeferredSlashed(uint64 indexed epoch, uint32 round, uint256 page, uint256 slashed, uint256 reward);
    event EquivocationReported(
        address indexed oracle,
        uint64 indexed epoch,
        address indexed reporter,
        uint256 slashed,
        uint256 reward
    );
    /// @notice An accepted report whose total fell below the last finalized total was dropped at finalization.
    event ReportDiscarded(uint64 indexed epoch, bytes32 cumulativeRewardsRoot, uint256 cumulativeTotal);
    event EpochFinalized(uint64 indexed epoch, bytes32 cumulativeRewardsRoot, uint256 cumulativeTotal);
    /// @notice Governance finalized `epoch` with this report (liveness path). The data URI lets oracles adopt the
    /// forced cumulative amounts, on which they build the epochs that follow.
    event ReportForced(
        uint64 indexed epoch,
        bytes32 cumulativeRewardsRoot,
        uint256 cumulativeTotal,
        bytes32 attributionRoot,
        string dataURI
    );
    event EpochSkipped(uint64 indexed epoch);
    event Withdrawn(address indexed account, uint256 amount);
    event TreasurySet(address treasury);

    /// @notice Commits `modelId`'s inference log of the closed `epoch`: its merkle root (stored) and URI (in the
    /// event). Only the model's operator (`IModelRegistry.paymentTerms(modelId).operator`), once, within
    /// [end(epoch), end(epoch) + logDeadline).
    function commitInferenceLog(uint256 modelId, uint64 epoch, bytes32 root, string calldata uri) external;

    /// @notice Attests `report` with the caller's own oracle stake at the epoch's snapshot. Accepts the report when
    /// its on-chain tally reaches quorum.
    function attest(Report calldata report) external;

    /// @notice Submits `report` with EIP-712 signatures of oracles, ordered by strictly increasing signer address.
    /// Reverts unless their weight reaches quorum; then accepts the report.
    function submit(Report calldata report, bytes[] calldata signatures) external;

    /// @notice Disputes the accepted report of `epoch` during its challenge window: pulls `disputeBond` of the
    /// asset from the caller and freezes the epoch.
    function dispute(uint64 epoch) external;

    /// @notice Rules on the dispute of `epoch`. Only RESOLVER_ROLE. Upheld: slashes each of `signers` (the accepted
    /// report's counted signers, in the order of its Attested events or of the ReportSubmitted event; checked against
    /// a digest) by `disputeSlashBps` of its slashable stake, credits the disputer its bond plus `disputerRewardBps`
    /// of the slashed total, sends the rest to the treasury, bans the report's rewards root for the epoch and
    /// reopens it. Rejected (`signers` ignored): the bond goes to the treasury and the report may finalize at once.
    /// Upheld with more than SLASH_PAGE signers: the list is checked the same way, the root banned and the epoch
    /// reopened, the disputer credited its bond only, and the slashing deferred to `slashDeferred` (SlashingDeferred,
    /// then DisputeResolved with zero slashed and zero reward); the slash and reward shares are those in force now.
    function resolveDispute(uint64 epoch, bool upheld, address[] calldata signers) external;

    /// @notice Slashes page `page` of the deferred slashing of `epoch`'s disputed `round` (see SlashingDeferred).
    /// Anyone may call, once per page, in any order. `signers` are the page's signers: entries
    /// [page * SLASH_PAGE, (page + 1) * SLASH_PAGE) of the list given to `resolveDispute`, checked against the running
    /// digest recorded for the page. Each is slashed by the job's slash share of its slashable stake; the disputer is
    /// credited the job's reward share of the page's total, the rest goes to the treasury.
    function slashDeferred(uint64 epoch, uint32 round, uint256 page, address[] calldata signers) external;

    /// @notice Finalizes `epoch` (must be the next epoch) once its challenge window passed undisputed or its dispute
    /// was rejected: the root goes live in the RewardDistributor, which pulls the funds. Anyone may call. A report
    /// whose cumulative total is below the last finalized one, or above everything funded into the pools (checked
    /// here, not at acceptance), is discarded instead and the epoch reopens in a new round; signing the discarded
    /// report and then another one for the epoch is not an equivocation.
    function finalize(uint64 epoch) external;

    /// @notice Slashes the oracle that signed two different reports for one epoch, by `equivocationSlashBps` of its
    /// slashable stake; the caller is credited `reporterRewardBps` of it, the rest goes to the treasury. Once per
    /// (oracle, epoch). Reports whose rewards root an upheld dispute rejected, or `finalize` discarded, do not count.
    function reportEquivocation(
        Report calldata first,
        bytes calldata firstSignature,
        Report calldata second,
        bytes calldata secondSignature
    ) external;

    /// @notice Liveness: governance (admin) finalizes `report` directly for the next epoch when it is still open
    /// `livenessEpochs` epochs after it closed.
    function forceReport(Report calldata report) external;

    /// @notice Liveness: governance (admin) skips the next epoch under the same condition. The next finalized
    /// report's cumulative totals cover the skipped epoch's pools.
    function skipEpoch(uint64 epoch) external;

    /// @notice Pays the caller what it was credited (dispute bonds and rewards, equivocation rewards).
    function withdraw() external returns (uint256 amount);

    /// @notice The report's id: its EIP-712 struct hash.
    function reportHash(Report calldata report) external pure returns (bytes32);

    /// @notice Timestamp whose checkpointed stakes weigh reports of `epoch`: the epoch's last second.
    function snapshotTimestamp(uint64 epoch) external view returns (uint256);

    /// @notice The epoch to finalize next (all before it are finalized or skipped).
    function nextEpoch() external view returns (uint64);

    /// @notice Cumulative total of the last finalized report.
    function lastFinalizedTotal() external view returns (uint256);

    /// @notice Status, round and the time the status was entered, for an epoch in the pending window; for an epoch
    /// before `nextEpoch` whose record was reused, `Finalized`.
    function epochStatus(uint64 epoch) external view returns (EpochStatus status, uint32 round, uint256 since);

    /// @notice Weight gathered on chain by `reportHash` in `round`.
    function attestedWeight(bytes32 reportHash, uint32 round) external view returns (uint256);

    /// @notice Committed root of `modelId`'s inference log for `epoch` (zero if none).
    function inferenceLog(uint256 modelId, uint64 epoch) external view returns (bytes32);

    /// @notice What `account` may withdraw.
    function withdrawable(address account) external view returns (uint256);

    /// @notice Where slashed stake beyond rewards and forfeited bonds go.
    function treasury() external view returns (address);

    /// @notice The asset of bonds and slashed stake.
    function asset() external view returns (IERC20);

    /// @notice OpenStaking: oracle weights and slashing.
    function staking() external view returns (IOpenStaking);

    /// @notice InferencePayments: the epoch clock and the funded total.
    function payments() external view returns (IInferencePayments);

    /// @notice ModelRegistry: who commits each model's inference log.
    function modelRegistry() external view returns (IModelRegistry);

    /// @notice RewardDistributor: where finalized roots go live.
    function distributor() external view returns (IRewardDistributor);
}
