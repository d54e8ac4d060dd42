// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {ConstantDomainEIP712} from "./base/ConstantDomainEIP712.sol";
import {ProtocolUpgradeable} from "./base/ProtocolUpgradeable.sol";
import {IAttributionDisputes} from "./interfaces/IAttributionDisputes.sol";
import {IAttributionOracle} from "./interfaces/IAttributionOracle.sol";
import {IInferencePayments} from "./interfaces/IInferencePayments.sol";
import {IOpenStaking} from "./interfaces/IOpenStaking.sol";
import {IRewardDistributor} from "./interfaces/IRewardDistributor.sol";
import {IStakeGuard} from "./interfaces/IStakeGuard.sol";
import {EpochClock} from "./libraries/EpochClock.sol";
import {SignerDigest} from "./libraries/SignerDigest.sol";
import {EpochHead, EpochHeadLib} from "./types/EpochHead.sol";

/// @title AttributionOracle
/// @notice Proof of Attribution on chain, the report state machine: one report per epoch agreed by staked oracles
/// (on-chain attestations or submitted signatures), challenge window, in-order finalization into the
/// RewardDistributor, liveness. Disputes, slashing and equivocation live in AttributionDisputes (the court), logs in
/// InferenceLogs; this contract holds no asset and no slasher role.
/// @dev Storage layout, chosen for the gas targets (attestation <= 60k, 7-signature submission <= 150k, whole tx;
/// docs/decisions/0230, 0240):
/// - Collaborators (staking, payments, distributor) and the epoch clock are immutables of the implementation.
/// - One configuration slot holds everything an attestation or a submission reads besides the epoch record.
/// - Epochs in flight live in a ring of MAX_PENDING_EPOCHS records indexed by `epoch % MAX_PENDING_EPOCHS`, written
///   with non-zero placeholders at initialization so that accepting a report updates its slots instead of creating
///   them. A record's first word is an `EpochHead` (types/EpochHead.sol).
/// - The signers of a report are not stored: each tally keeps a SignerDigest packed with the weight in one word.
/// - One attestation per (oracle, epoch round) is a bit in a per-oracle bitmap of 256 epochs.
/// @custom:oz-upgrades-unsafe-allow state-variable-immutable
/// @custom:security-contact security@openledger.xyz
contract AttributionOracle is
    IAttributionOracle,
    IStakeGuard,
    ProtocolUpgradeable,
    ConstantDomainEIP712,
    ReentrancyGuardTransient
{
    using SafeCast for uint256;

    /// @notice EIP-712 type of a report.
    bytes32 public constant REPORT_TYPEHASH = keccak256(
        "AttributionReport(uint64 epoch,bytes32 cumulativeRewardsRoot,uint256 cumulativeTotal,"
        "bytes32 attributionRoot,string dataURI)"
    );

    /// @notice Epochs that may be in flight at once: reports are accepted for nextEpoch .. nextEpoch + 31.
    uint256 public constant MAX_PENDING_EPOCHS = 32;

    uint256 private constant BPS = 10_000;

    uint256 public constant MIN_QUORUM_BPS = 5_001;
    uint256 public constant MAX_QUORUM_BPS = 10_000;
    uint256 public constant MIN_CHALLENGE_WINDOW = 1 hours;
    uint256 public constant MAX_CHALLENGE_WINDOW = 7 days;
    uint256 public constant MIN_LOG_DEADLINE = 1 hours;
    uint256 public constant MAX_LOG_DEADLINE = 7 days;
    uint256 public constant MIN_LIVENESS_EPOCHS = 1;
    uint256 public constant MAX_LIVENESS_EPOCHS = 16;

    string private constant _DOMAIN_NAME = "OpenLedger AttributionOracle";
    string private constant _DOMAIN_VERSION = "1";

    /// @dev secp256k1n / 2: larger s values are the malleable twins.
    uint256 private constant _HALF_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;
    /// @dev `IOpenStaking.getPastOracleStake.selector`, left-aligned (checked by a unit test).
    uint256 private constant _GET_PAST_ORACLE_STAKE = 0x69ac0ff5 << 224;
    /// @dev Slot of `AttributionOracleStorage.attestedBits`: STORAGE_SLOT + 99 (config, params, 32 records of three
    /// words, tallies), read in assembly by _countSignatures (checked by a unit test against `hasAttested`).
    uint256 private constant _ATTESTED_BITS_SLOT = 0xa047db4881b21df090877aa10bccb672913966fed6736afec8ff7cf152333463;
    /// @dev Top 20 bytes of a word: the bytes20 of a keccak hash.
    uint256 private constant _BYTES20_MASK = 0xffffffffffffffffffffffffffffffffffffffff000000000000000000000000;

    /// @dev Standing of a (epoch, root): voided reports may come back, banned ones may not; neither is equivocation
    /// evidence.
    uint8 private constant _VOIDED = 1;
    uint8 private constant _BANNED = 2;

    IOpenStaking private immutable STAKING;
    IInferencePayments private immutable PAYMENTS;
    IRewardDistributor private immutable DISTRIBUTOR;
    uint256 private immutable EPOCH_GENESIS;
    uint256 private immutable EPOCH_LENGTH;

    /// @dev What the first report activity of an epoch and its finalization read. One slot.
    struct Config {
        uint64 nextEpoch;
        uint96 lastFinalizedTotal;
        uint16 quorumBps;
        uint32 logDeadline;
        uint32 challengeWindow;
    }

    /// @dev The other settings. One slot.
    struct Params {
        uint16 livenessEpochs;
        address court;
    }

    /// @dev One epoch in flight: the head, then the accepted report's root, total (low 96 bits) and signer digest
    /// (high 160 bits).
    struct PendingEpoch {
        EpochHead head;
        bytes32 cumulativeRewardsRoot;
        uint256 totalAndDigest;
    }

    /// @dev A finalized report: root, total and whether it exists in one slot and a half, then the data URI.
    struct FinalizedReport {
        bytes32 cumulativeRewardsRoot;
        uint96 cumulativeTotal;
        bool exists;
        string dataURI;
    }

    /// @dev A one-word mapping value, so that a read-modify-write computes its slot once.
    struct Word {
        uint256 value;
    }

    /// @custom:storage-location erc7201:openledger.storage.AttributionOracle
    struct AttributionOracleStorage {
        Config config;
        Params params;
        PendingEpoch[MAX_PENDING_EPOCHS] pending;
        // On-chain attestations of one report in one round: weight (low 96 bits) and signer digest (high 160 bits).
        mapping(bytes32 reportHash => mapping(uint32 round => Word weightAndDigest)) tallies;
        // Bit `epoch % 256` of word `(round << 64) | (epoch >> 8)`: the oracle attested that epoch in that round.
        mapping(address oracle => mapping(uint256 key => Word bits)) attestedBits;
        // _VOIDED or _BANNED, keyed by keccak256(abi.encode(epoch, root)).
        mapping(bytes32 epochAndRoot => uint8 standing) standing;
        // The accepted (or forced) report's EIP-712 struct hash, per ring record: it covers the attribution root and
        // the data URI, which acceptance does not store; `finalize` checks the report it is given against it.
        // Placeholders written at initialization, as the ring's (docs/decisions/0282).
        bytes32[MAX_PENDING_EPOCHS] reportHashes;
        // Every finalized report, kept for good (written by `finalize` and `forceReport`).
        mapping(uint64 epoch => FinalizedReport) finalized;
    }

    // keccak256(abi.encode(uint256(keccak256("openledger.storage.AttributionOracle")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_SLOT = 0xa047db4881b21df090877aa10bccb672913966fed6736afec8ff7cf152333400;

    function _s() private pure returns (AttributionOracleStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := STORAGE_SLOT
        }
    }

    /// @param staking_ OpenStaking: oracle weights.
    /// @param payments_ InferencePayments: epoch clock and funded total.
    /// @param distributor_ RewardDistributor: finalized roots go live there (this contract needs its ORACLE_ROLE).
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IOpenStaking staking_, IInferencePayments payments_, IRewardDistributor distributor_) {
        if (address(staking_) == address(0) || address(payments_) == address(0) || address(distributor_) == address(0))
            revert ProtocolZeroAddress();
        STAKING = staking_;
        PAYMENTS = payments_;
        DISTRIBUTOR = distributor_;
        EPOCH_GENESIS = payments_.epochGenesis();
        EPOCH_LENGTH = payments_.epochLength();
    }

    /// @notice Initializes the proxy with default parameters. The first epoch to report is InferencePayments' current
    /// one. The court is set afterwards (`setCourt`): it is deployed with this contract's address.
    /// @param admin The governance timelock (DEFAULT_ADMIN_ROLE).
    function initialize(address admin) external initializer {
        __ProtocolUpgradeable_init(admin);
        // Stored for ERC-5267 only: signing hashes use the constant domain (see _hashTypedDataV4).
        __EIP712_init(_DOMAIN_NAME, _DOMAIN_VERSION);
        AttributionOracleStorage storage $ = _s();
        $.config.nextEpoch = PAYMENTS.currentEpoch();
        _setQuorumBps(6_667);
        _setChallengeWindow(1 days);
        _setLogDeadline(6 hours);
        _setLivenessEpochs(3);
        // Non-zero placeholders (epoch = max: a stale record) so later writes to the ring are updates, not creations.
        for (uint256 i = 0; i < MAX_PENDING_EPOCHS; ++i) {
            PendingEpoch storage r = $.pending[i];
            r.head = EpochHeadLib.fresh(type(uint64).max);
            r.cumulativeRewardsRoot = bytes32(uint256(1));
            r.totalAndDigest = 1;
            $.reportHashes[i] = bytes32(uint256(1));
        }
    }

    // ------------------------------------------------------------------ quorum

    /// @inheritdoc IAttributionOracle
    function attest(Report calldata report) external {
        AttributionOracleStorage storage $ = _s();
        uint64 epoch = report.epoch;
        bytes32 hash = _reportHash(report);
        (PendingEpoch storage p, EpochHead h, bool headChanged) = _openRecord($, epoch);
        uint256 weight = _pastOracleStake(msg.sender, _snapshot(epoch));
        if (weight == 0) revert AttributionNotOracle(msg.sender, epoch);
        uint32 round = h.round();
        _markAttested($, epoch, round);
        if (!h.attestedThisRound()) {
            h = h.withAttested();
            headChanged = true;
        }
        Word storage t = $.tallies[hash][round];
        uint256 packed = t.value;
        uint256 tally = uint96(packed) + weight;
        bytes20 digest = SignerDigest.chain(bytes20(bytes32(packed)), msg.sender);
        emit Attested(epoch, hash, msg.sender, round, weight, tally);
        // tally <= totalOracleStake, a uint96: it fits. Written on acceptance too: the attesters digest is
        // equivocation evidence.
        t.value = (uint256(uint160(digest)) << 96) | tally;
        if (tally * BPS >= uint256(h.totalOracleStake()) * h.quorumBps()) {
            _accept(p, h, report, hash, digest);
        } else if (headChanged) {
            p.head = h;
        }
    }

    /// @dev Records the caller's attestation of `epoch` in `round`; reverts if it already attested.
    function _markAttested(AttributionOracleStorage storage $, uint64 epoch, uint32 round) private {
        uint256 key = (uint256(round) << 64) | (epoch >> 8);
        uint256 bit = uint256(1) << (epoch & 0xff);
        Word storage word = $.attestedBits[msg.sender][key];
        uint256 bits = word.value;
        if (bits & bit != 0) revert AttributionAlreadyAttested(msg.sender, epoch, round);
        word.value = bits | bit;
    }

    /// @inheritdoc IAttributionOracle
    function submit(Report calldata report, bytes[] calldata signatures) external {
        AttributionOracleStorage storage $ = _s();
        uint64 epoch = report.epoch;
        bytes32 hash = _reportHash(report);
        (PendingEpoch storage p, EpochHead h, ) = _openRecord($, epoch);
        (uint256 weight, bytes20 digest, address[] memory counted) = _countSignatures(
            _snapshot(epoch),
            _attestedFilter(h),
            _hashTypedDataV4(hash),
            signatures
        );
        _requireQuorum(hash, weight, h);
        emit ReportSubmitted(epoch, hash, msg.sender, counted, weight);
        _accept(p, h, report, hash, digest);
    }

    /// @dev Only when someone attested on chain in this round are signers checked against the attestation bitmap:
    /// then `(key << 8) | (epoch & 0xff)` with key = `(round << 64) | (epoch >> 8)` (never zero: the low byte or the
    /// key is non-zero unless epoch 0 of round 0, hence the marker bit 255 of the key), else zero.
    function _attestedFilter(EpochHead h) private pure returns (uint256) {
        if (!h.attestedThisRound()) return 0;
        uint64 epoch = h.epoch();
        return (((uint256(h.round()) << 64) | (epoch >> 8)) << 8) | (epoch & 0xff) | (1 << 255);
    }

    function _requireQuorum(bytes32 hash, uint256 weight, EpochHead h) private pure {
        uint256 totalStake = h.totalOracleStake();
        uint256 quorum = h.quorumBps();
        if (weight * BPS < totalStake * quorum || weight == 0) {
            revert AttributionQuorumNotReached(hash, weight, totalStake, quorum);
        }
    }

    /// @dev Recovers each signer (strictly increasing addresses, so each counts once) and sums the weights at the
    /// snapshot, skipping signers that attested this epoch round on chain when `attested != 0` (see _attestedFilter).
    /// Returns the counted (weight > 0) signers and their SignerDigest.
    /// In assembly, once per signature: the recovery follows the rule of Solady's and OpenZeppelin's
    /// `tryRecoverCalldata` (65 bytes, s in the lower half order, v 27 or 28, non-zero signer), the stake lookup and
    /// the bitmap read, all in scratch or temporary memory; nothing is allocated per signature (measured against
    /// Solady's ECDSA in docs/decisions/0244). Signature bytes are read from calldata without the ABI decoder's bounds
    /// checks: a malformed offset can only make it read other calldata bytes as a signature, which still has to
    /// recover to a staked signer of this very digest.
    // One loop in assembly, kept whole so that it reads top to bottom.
    // solhint-disable-next-line function-max-lines
    function _countSignatures(
        uint256 snapshot,
        uint256 attested,
        bytes32 digestToSign,
        bytes[] calldata signatures
    ) private view returns (uint256 weight, bytes20 digest, address[] memory counted) {
        counted = new address[](signatures.length);
        address target = address(STAKING);
        // 0 none; else (index << 2) | 1 invalid signature, | 2 signers not ascending, | 3 stake lookup failed.
        uint256 failure;
        address previous;
        address signer;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            // The signer of the 65-byte signature at calldata `sig` over `hash` (zero if invalid), built at `mem`.
            function recoverSigner(sig, hash, mem) -> who {
                let s := calldataload(add(sig, 0x40))
                // 65 bytes, s <= secp256k1n / 2 (no malleable twin).
                if and(eq(calldataload(sig), 65), iszero(gt(s, _HALF_ORDER))) {
                    mstore(mem, hash)
                    mstore(add(mem, 0x20), byte(0, calldataload(add(sig, 0x60))))
                    mstore(add(mem, 0x40), calldataload(add(sig, 0x20)))
                    mstore(add(mem, 0x60), s)
                    // ecrecover returns nothing on failure (bad v included): keep the zero.
                    mstore(0x00, 0)
                    pop(staticcall(gas(), 0x01, mem, 0x80, 0x00, 0x20))
                    who := mload(0x00)
                }
            }
            // attestedBits[who][key] & bit, key and bit unpacked from `filter` (zero: no check).
            function attestedThisRound(who, filter) -> r {
                if filter {
                    mstore(0x00, who)
                    mstore(0x20, _ATTESTED_BITS_SLOT)
                    mstore(0x20, keccak256(0x00, 0x40))
                    mstore(0x00, and(shr(8, filter), 0xffffffffffffffffffffffff))
                    r := and(sload(keccak256(0x00, 0x40)), shl(and(filter, 0xff), 1))
                }
            }
            let ptr := mload(0x40)
            let n := 0
            for {
                let i := 0
            } lt(i, signatures.length) {
                i := add(i, 1)
            } {
                signer := recoverSigner(
                    add(signatures.offset, calldataload(add(signatures.offset, shl(5, i)))),
                    digestToSign,
                    ptr
                )
                if iszero(signer) {
                    failure := or(shl(2, i), 1)
                    break
                }
                if iszero(gt(signer, previous)) {
                    failure := or(shl(2, i), 2)
                    break
                }
                previous := signer
                if iszero(attestedThisRound(signer, attested)) {
                    mstore(ptr, _GET_PAST_ORACLE_STAKE)
                    mstore(add(ptr, 0x04), signer)
                    mstore(add(ptr, 0x24), snapshot)
                    // Arguments are evaluated right to left: the call runs before returndatasize is read.
                    if iszero(and(gt(returndatasize(), 0x1f), staticcall(gas(), target, ptr, 0x44, 0x00, 0x20))) {
                        failure := 3
                        break
                    }
                    let w := mload(0x00)
                    if w {
                        // Cannot overflow: each weight is a stake (< 2^208) and there are fewer than 2^32 signatures.
                        weight := add(weight, w)
                        mstore(0x00, digest)
                        mstore(0x14, shl(96, signer))
                        digest := and(keccak256(0x00, 0x28), _BYTES20_MASK)
                        mstore(add(add(counted, 0x20), shl(5, n)), signer)
                        n := add(n, 1)
                    }
                }
            }
            // Shrink the array to the counted signers (n <= its allocated length).
            mstore(counted, n)
        }
        if (failure != 0) {
            uint256 code = failure & 3;
            if (code == 1) revert AttributionInvalidSignature(failure >> 2);
            if (code == 2) revert AttributionSignersNotAscending(failure >> 2, previous, signer);
            _bubbleRevert();
        }
    }

    // ------------------------------------------------------------------ court hooks

    modifier onlyCourt() {
        address c = _s().params.court;
        if (msg.sender != c || c == address(0)) revert AttributionNotCourt(msg.sender, c);
        _;
    }

    /// @inheritdoc IAttributionOracle
    function freezeReport(
        uint64 epoch
    ) external onlyCourt returns (uint32 round, bytes32 cumulativeRewardsRoot, bytes20 signers) {
        AttributionOracleStorage storage $ = _s();
        (PendingEpoch storage p, EpochHead h, ) = _record($, epoch);
        if (h.status() != EpochStatus.Accepted) revert AttributionUnexpectedStatus(epoch, h.status());
        uint256 endsAt = uint256(h.since()) + $.config.challengeWindow;
        if (block.timestamp >= endsAt) revert AttributionChallengeWindowOver(epoch, endsAt);
        round = h.round();
        p.head = h.withStatus(EpochStatus.Disputed, block.timestamp);
        emit ReportFrozen(epoch, round);
        return (round, p.cumulativeRewardsRoot, bytes20(bytes32(p.totalAndDigest)));
    }

    /// @inheritdoc IAttributionOracle
    function confirmReport(uint64 epoch, uint32 round) external onlyCourt {
        (PendingEpoch storage p, EpochHead h) = _disputedRecord(epoch, round);
        p.head = h.withStatus(EpochStatus.Confirmed, block.timestamp);
        emit ReportConfirmed(epoch, round);
    }

    /// @inheritdoc IAttributionOracle
    function voidReport(uint64 epoch, uint32 round, ReopenReason reason) external onlyCourt {
        (PendingEpoch storage p, EpochHead h) = _disputedRecord(epoch, round);
        _reopen(_s(), p, h, reason);
    }

    /// @inheritdoc IAttributionOracle
    function rejectReport(uint64 epoch) external onlyRole(DEFAULT_ADMIN_ROLE) {
        AttributionOracleStorage storage $ = _s();
        (PendingEpoch storage p, EpochHead h, ) = _record($, epoch);
        EpochStatus status = h.status();
        if (status != EpochStatus.Accepted && status != EpochStatus.Confirmed) {
            revert AttributionUnexpectedStatus(epoch, status);
        }
        _reopen($, p, h, ReopenReason.Rejected);
    }

    /// @dev The record of `epoch`, Disputed in `round`.
    function _disputedRecord(uint64 epoch, uint32 round) private view returns (PendingEpoch storage p, EpochHead h) {
        (p, h, ) = _record(_s(), epoch);
        if (h.round() != round) revert AttributionRoundMismatch(epoch, round, h.round());
        if (h.status() != EpochStatus.Disputed) revert AttributionUnexpectedStatus(epoch, h.status());
    }

    /// @dev Voids the record's report and reopens its epoch in the next round. A ban (every reason but an expired
    /// dispute) also bans every later accepted, confirmed or disputed report in the pending window (at most
    /// MAX_PENDING_EPOCHS - 1 records: a constant bound): reports are cumulative, so they were built on this one.
    function _reopen(
        AttributionOracleStorage storage $,
        PendingEpoch storage p,
        EpochHead h,
        ReopenReason reason
    ) private {
        bool ban = reason != ReopenReason.DisputeExpired;
        _void($, p, h, reason, ban);
        if (!ban) return;
        uint64 epoch = h.epoch();
        uint64 last = $.config.nextEpoch + uint64(MAX_PENDING_EPOCHS);
        for (uint64 e = epoch + 1; e < last; ++e) {
            PendingEpoch storage q = $.pending[e % MAX_PENDING_EPOCHS];
            EpochHead g = q.head;
            if (g.epoch() != e) continue;
            EpochStatus s = g.status();
            if (s == EpochStatus.Accepted || s == EpochStatus.Confirmed || s == EpochStatus.Disputed) {
                _void($, q, g, ReopenReason.BuiltOnRejected, true);
            }
        }
    }

    function _void(
        AttributionOracleStorage storage $,
        PendingEpoch storage p,
        EpochHead h,
        ReopenReason reason,
        bool ban
    ) private {
        uint64 epoch = h.epoch();
        bytes32 root = p.cumulativeRewardsRoot;
        $.standing[_epochRootKey(epoch, root)] = ban ? _BANNED : _VOIDED;
        h = h.reopened(block.timestamp);
        p.head = h;
        emit EpochReopened(epoch, h.round(), root, reason, ban);
    }

    // ------------------------------------------------------------------ finalization and liveness

    /// @inheritdoc IAttributionOracle
    function finalize(Report calldata report) external nonReentrant {
        AttributionOracleStorage storage $ = _s();
        uint64 epoch = report.epoch;
        uint64 next = $.config.nextEpoch;
        if (epoch != next) revert AttributionNotNextEpoch(epoch, next);
        (PendingEpoch storage p, EpochHead h, ) = _record($, epoch);
        EpochStatus status = h.status();
        if (status == EpochStatus.Accepted) {
            uint256 endsAt = uint256(h.since()) + $.config.challengeWindow;
            if (block.timestamp < endsAt) revert AttributionChallengeWindowOpen(epoch, endsAt);
        } else if (status != EpochStatus.Confirmed) {
            revert AttributionUnexpectedStatus(epoch, status);
        }
        // The report given must be the one accepted: same struct hash, so same root, total, attribution root and data
        // URI (the stored root and total are used below all the same).
        bytes32 accepted = $.reportHashes[epoch % MAX_PENDING_EPOCHS];
        bytes32 given = _reportHash(report);
        if (given != accepted) revert AttributionNotAcceptedReport(epoch, accepted, given);
        uint256 total = uint96(p.totalAndDigest);
        bytes32 root = p.cumulativeRewardsRoot;
        if (total < $.config.lastFinalizedTotal || total > PAYMENTS.totalAttributionFunded()) {
            // Below the last finalized total or above what was ever funded (checked here rather than at acceptance:
            // docs/decisions/0231): drop it, reopen. Its signers may sign the report that follows.
            $.standing[_epochRootKey(epoch, root)] = _VOIDED;
            p.head = h.reopened(block.timestamp);
            emit ReportDiscarded(epoch, root, total);
            return;
        }
        p.head = h.withStatus(EpochStatus.Finalized, block.timestamp);
        _finalize($, epoch, root, total, report.dataURI);
    }

    /// @inheritdoc IAttributionOracle
    function forceReport(Report calldata report) external onlyRole(DEFAULT_ADMIN_ROLE) nonReentrant {
        AttributionOracleStorage storage $ = _s();
        uint64 epoch = report.epoch;
        (PendingEpoch storage p, EpochHead h) = _livenessRecord($, epoch);
        uint256 total = report.cumulativeTotal;
        uint256 funded = PAYMENTS.totalAttributionFunded();
        if (total > funded) revert AttributionTotalAboveFunded(total, funded);
        uint256 last = $.config.lastFinalizedTotal;
        if (total < last) revert AttributionTotalDecreased(total, last);
        p.head = h.withStatus(EpochStatus.Finalized, block.timestamp);
        p.cumulativeRewardsRoot = report.cumulativeRewardsRoot;
        // Fits: checked <= totalAttributionFunded, which is bounded by the asset's supply (< 2^96).
        p.totalAndDigest = uint256(total.toUint96());
        $.reportHashes[epoch % MAX_PENDING_EPOCHS] = _reportHash(report);
        emit ReportForced(epoch, report.cumulativeRewardsRoot, total, report.attributionRoot, report.dataURI);
        _finalize($, epoch, report.cumulativeRewardsRoot, total, report.dataURI);
    }

    /// @inheritdoc IAttributionOracle
    function skipEpoch(uint64 epoch) external onlyRole(DEFAULT_ADMIN_ROLE) {
        AttributionOracleStorage storage $ = _s();
        (PendingEpoch storage p, EpochHead h) = _livenessRecord($, epoch);
        p.head = h.withStatus(EpochStatus.Skipped, block.timestamp);
        $.config.nextEpoch = epoch + 1;
        emit EpochSkipped(epoch);
    }

    // ------------------------------------------------------------------ governance parameters

    /// @notice Sets the quorum: the share of the total oracle stake at the epoch's snapshot a report needs, in basis
    /// points [5001, 10000], default 6667. Only the admin. Emits QuorumBpsSet.
    function setQuorumBps(uint16 quorumBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setQuorumBps(quorumBps);
    }

    /// @notice Sets the seconds after acceptance during which a report can be disputed [1 hour, 7 days], default
    /// 1 day. Only the admin. Refused when the staking cooldown would fall below it plus the court's ruling period.
    /// Emits ChallengeWindowSet.
    function setChallengeWindow(uint32 challengeWindow_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setChallengeWindow(challengeWindow_);
    }

    /// @notice Sets the seconds after an epoch's end during which its logs may be committed [1 hour, 7 days],
    /// default 6 hours. Only the admin. Emits LogDeadlineSet.
    function setLogDeadline(uint32 logDeadline_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setLogDeadline(logDeadline_);
    }

    /// @notice Sets the epochs after an epoch's end before governance may force or skip it [1, 16], default 3. Only
    /// the admin. Emits LivenessEpochsSet.
    function setLivenessEpochs(uint16 livenessEpochs) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setLivenessEpochs(livenessEpochs);
    }

    function _setQuorumBps(uint16 value) private {
        _requireWithinBounds("quorumBps", value, MIN_QUORUM_BPS, MAX_QUORUM_BPS);
        _s().config.quorumBps = value;
        emit QuorumBpsSet(value);
    }

    function _setChallengeWindow(uint32 value) private {
        _requireWithinBounds("challengeWindow", value, MIN_CHALLENGE_WINDOW, MAX_CHALLENGE_WINDOW);
        AttributionOracleStorage storage $ = _s();
        $.config.challengeWindow = value;
        _checkHorizon($);
        emit ChallengeWindowSet(value);
    }

    function _setLogDeadline(uint32 value) private {
        _requireWithinBounds("logDeadline", value, MIN_LOG_DEADLINE, MAX_LOG_DEADLINE);
        _s().config.logDeadline = value;
        emit LogDeadlineSet(value);
    }

    function _setLivenessEpochs(uint16 value) private {
        _requireWithinBounds("livenessEpochs", value, MIN_LIVENESS_EPOCHS, MAX_LIVENESS_EPOCHS);
        _s().params.livenessEpochs = value;
        emit LivenessEpochsSet(value);
    }

    /// @notice Sets the court (AttributionDisputes). Only the admin. Refused when the staking cooldown is below the
    /// challenge window plus the new court's ruling period.
    function setCourt(address court_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (court_ == address(0)) revert ProtocolZeroAddress();
        AttributionOracleStorage storage $ = _s();
        $.params.court = court_;
        _checkHorizon($);
        emit CourtSet(court_);
    }

    /// @dev Reverts unless OpenStaking's cooldown covers the challenge window plus the court's ruling period.
    function _checkHorizon(AttributionOracleStorage storage $) private view {
        uint256 horizon = _disputeHorizon($);
        uint256 cooldown = STAKING.cooldown();
        if (cooldown < horizon) revert AttributionCooldownBelowDisputeHorizon(cooldown, horizon);
    }

    function _disputeHorizon(AttributionOracleStorage storage $) private view returns (uint256 horizon) {
        horizon = $.config.challengeWindow;
        address c = $.params.court;
        if (c != address(0)) horizon += IAttributionDisputes(c).rulingPeriod();
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IAttributionOracle
    function reportHash(Report calldata report) external pure returns (bytes32) {
        return _reportHash(report);
    }

    /// @inheritdoc IAttributionOracle
    function reportDigest(Report calldata report) external view returns (bytes32) {
        return _hashTypedDataV4(_reportHash(report));
    }

    /// @inheritdoc IAttributionOracle
    function snapshotTimestamp(uint64 epoch) external view returns (uint256) {
        return _snapshot(epoch);
    }

    /// @inheritdoc IAttributionOracle
    function nextEpoch() external view returns (uint64) {
        return _s().config.nextEpoch;
    }

    /// @inheritdoc IAttributionOracle
    function lastFinalizedTotal() external view returns (uint256) {
        return _s().config.lastFinalizedTotal;
    }

    /// @inheritdoc IAttributionOracle
    function epochStatus(uint64 epoch) external view returns (EpochStatus status, uint32 round, uint256 since) {
        AttributionOracleStorage storage $ = _s();
        EpochHead h = $.pending[epoch % MAX_PENDING_EPOCHS].head;
        if (h.epoch() == epoch) return (h.status(), h.round(), h.since());
        return (epoch < $.config.nextEpoch ? EpochStatus.Finalized : EpochStatus.Open, 0, 0);
    }

    /// @inheritdoc IAttributionOracle
    function epochReport(
        uint64 epoch
    )
        external
        view
        returns (bool found, EpochStatus status, uint32 round, bytes32 cumulativeRewardsRoot, uint256 cumulativeTotal)
    {
        PendingEpoch storage p = _s().pending[epoch % MAX_PENDING_EPOCHS];
        EpochHead h = p.head;
        status = h.status();
        if (h.epoch() != epoch || status == EpochStatus.Open || status == EpochStatus.Skipped) {
            return (false, status, h.round(), bytes32(0), 0);
        }
        return (true, status, h.round(), p.cumulativeRewardsRoot, uint96(p.totalAndDigest));
    }

    /// @inheritdoc IAttributionOracle
    function epochQuorum(uint64 epoch) external view returns (uint256 totalOracleStake, uint256 quorumBps) {
        EpochHead h = _s().pending[epoch % MAX_PENDING_EPOCHS].head;
        if (h.epoch() != epoch) return (0, 0);
        return (h.totalOracleStake(), h.quorumBps());
    }

    /// @inheritdoc IAttributionOracle
    function epochReportHash(uint64 epoch) external view returns (bytes32) {
        AttributionOracleStorage storage $ = _s();
        uint256 slot = epoch % MAX_PENDING_EPOCHS;
        EpochHead h = $.pending[slot].head;
        EpochStatus status = h.status();
        if (h.epoch() != epoch || status == EpochStatus.Open || status == EpochStatus.Skipped) return bytes32(0);
        return $.reportHashes[slot];
    }

    /// @inheritdoc IAttributionOracle
    function finalizedReport(
        uint64 epoch
    )
        external
        view
        returns (bool found, bytes32 cumulativeRewardsRoot, uint256 cumulativeTotal, string memory dataURI)
    {
        FinalizedReport storage f = _s().finalized[epoch];
        return (f.exists, f.cumulativeRewardsRoot, f.cumulativeTotal, f.dataURI);
    }

    /// @inheritdoc IAttributionOracle
    function attestedWeight(bytes32 hash, uint32 round) external view returns (uint256) {
        return uint96(_s().tallies[hash][round].value);
    }

    /// @inheritdoc IAttributionOracle
    function attestersDigest(bytes32 hash, uint32 round) external view returns (bytes20) {
        return bytes20(bytes32(_s().tallies[hash][round].value));
    }

    /// @inheritdoc IAttributionOracle
    function hasAttested(address oracle, uint64 epoch, uint32 round) external view returns (bool) {
        uint256 key = (uint256(round) << 64) | (epoch >> 8);
        return _s().attestedBits[oracle][key].value & (uint256(1) << (epoch & 0xff)) != 0;
    }

    /// @inheritdoc IAttributionOracle
    function reportCounts(uint64 epoch, bytes32 root, uint256 total) external view returns (bool) {
        AttributionOracleStorage storage $ = _s();
        return $.standing[_epochRootKey(epoch, root)] == 0 && total >= $.config.lastFinalizedTotal;
    }

    /// @inheritdoc IAttributionOracle
    function reportsSettledBefore(
        uint256 timestamp
    ) external view override(IAttributionOracle, IStakeGuard) returns (bool) {
        // Epochs weighed before `timestamp` end at or before it; they are all below the epoch `timestamp` falls in.
        return EpochClock.epochAt(timestamp, EPOCH_GENESIS, EPOCH_LENGTH) <= _s().config.nextEpoch;
    }

    /// @inheritdoc IAttributionOracle
    function disputeHorizon() external view override(IAttributionOracle, IStakeGuard) returns (uint256) {
        return _disputeHorizon(_s());
    }

    /// @inheritdoc IAttributionOracle
    function challengeWindow() external view returns (uint256) {
        return _s().config.challengeWindow;
    }

    /// @inheritdoc IAttributionOracle
    function logDeadline() external view returns (uint256) {
        return _s().config.logDeadline;
    }

    /// @inheritdoc IAttributionOracle
    function court() external view returns (address) {
        return _s().params.court;
    }

    /// @inheritdoc IAttributionOracle
    function staking() external view returns (IOpenStaking) {
        return STAKING;
    }

    /// @inheritdoc IAttributionOracle
    function payments() external view returns (IInferencePayments) {
        return PAYMENTS;
    }

    /// @inheritdoc IAttributionOracle
    function distributor() external view returns (IRewardDistributor) {
        return DISTRIBUTOR;
    }

    /// @notice Every governance parameter (see their setters), in one call: quorumBps, challengeWindow, logDeadline,
    /// livenessEpochs.
    function parameters() external view returns (Parameters memory) {
        AttributionOracleStorage storage $ = _s();
        Config memory c = $.config;
        return Parameters(c.quorumBps, c.challengeWindow, c.logDeadline, $.params.livenessEpochs);
    }

    // ------------------------------------------------------------------ EIP-712 (constant domain, no storage read)

    // solhint-disable-next-line func-name-mixedcase
    function _EIP712Name() internal pure override returns (string memory) {
        return _DOMAIN_NAME;
    }

    // solhint-disable-next-line func-name-mixedcase
    function _EIP712Version() internal pure override returns (string memory) {
        return _DOMAIN_VERSION;
    }

    // ------------------------------------------------------------------ internals

    /// @dev The EIP-712 struct hash of a report, encoded in temporary memory past the free memory pointer (nothing
    /// allocated). Same value as `keccak256(abi.encode(REPORT_TYPEHASH, r.epoch, r.cumulativeRewardsRoot,
    /// r.cumulativeTotal, r.attributionRoot, keccak256(bytes(r.dataURI))))`.
    function _reportHash(Report calldata r) private pure returns (bytes32 hash) {
        bytes32 typehash = REPORT_TYPEHASH;
        uint64 epoch = r.epoch;
        string calldata uri = r.dataURI;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            calldatacopy(ptr, uri.offset, uri.length)
            let uriHash := keccak256(ptr, uri.length)
            mstore(ptr, typehash)
            mstore(add(ptr, 0x20), epoch)
            // cumulativeRewardsRoot, cumulativeTotal, attributionRoot: the struct's words 1-3.
            calldatacopy(add(ptr, 0x40), add(r, 0x20), 0x60)
            mstore(add(ptr, 0xa0), uriHash)
            hash := keccak256(ptr, 0xc0)
        }
    }

    /// @dev `IOpenStaking.getPastOracleStake(oracle, snapshot)`, encoded in temporary memory (nothing allocated).
    function _pastOracleStake(address oracle, uint256 snapshot) private view returns (uint256 stake) {
        address target = address(STAKING);
        bool ok;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, _GET_PAST_ORACLE_STAKE)
            mstore(add(ptr, 0x04), oracle)
            mstore(add(ptr, 0x24), snapshot)
            // Yul evaluates arguments right to left: the call runs before returndatasize is read.
            ok := and(gt(returndatasize(), 0x1f), staticcall(gas(), target, ptr, 0x44, 0x00, 0x20))
            stake := mload(0x00)
        }
        if (!ok) _bubbleRevert();
    }

    /// @dev Reverts with the last call's revert data.
    function _bubbleRevert() private pure {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            returndatacopy(ptr, 0x00, returndatasize())
            revert(ptr, returndatasize())
        }
    }

    function _epochRootKey(uint64 epoch, bytes32 root) private pure returns (bytes32) {
        return keccak256(abi.encode(epoch, root));
    }

    function _epochEnd(uint64 epoch) private view returns (uint256) {
        return EpochClock.end(epoch, EPOCH_GENESIS, EPOCH_LENGTH);
    }

    function _snapshot(uint64 epoch) private view returns (uint256) {
        return EpochClock.snapshot(epoch, EPOCH_GENESIS, EPOCH_LENGTH);
    }

    /// @dev The ring record of `epoch`, which must be in the pending window, and its head; a stale record's head is
    /// reset (`changed`: the caller stores it).
    function _record(
        AttributionOracleStorage storage $,
        uint64 epoch
    ) private view returns (PendingEpoch storage p, EpochHead h, bool changed) {
        uint64 next = $.config.nextEpoch;
        if (epoch < next) revert AttributionEpochAlreadyFinalized(epoch, next);
        if (epoch >= uint256(next) + MAX_PENDING_EPOCHS) {
            revert AttributionEpochTooFarAhead(epoch, next, MAX_PENDING_EPOCHS);
        }
        p = $.pending[epoch % MAX_PENDING_EPOCHS];
        h = p.head;
        if (h.epoch() != epoch) {
            // The previous occupant is below nextEpoch: finalized or skipped, nothing to keep.
            h = EpochHeadLib.fresh(epoch);
            changed = true;
        }
    }

    /// @dev The record of an epoch that must be open for reports, with its total oracle stake and quorum fixed. Fast
    /// path: a record that holds `epoch`, Open, with its quorum fixed, is in the pending window (finalizing or
    /// skipping moves a record out of Open, and a record is only created inside the window). Otherwise the first
    /// report activity checks the window and that reports are open, and fixes the total stake and the quorum.
    function _openRecord(
        AttributionOracleStorage storage $,
        uint64 epoch
    ) private view returns (PendingEpoch storage p, EpochHead h, bool changed) {
        p = $.pending[epoch % MAX_PENDING_EPOCHS];
        h = p.head;
        if (h.epoch() == epoch && h.status() == EpochStatus.Open && h.quorumBps() != 0) return (p, h, false);
        (p, h, changed) = _record($, epoch);
        if (h.status() != EpochStatus.Open) revert AttributionUnexpectedStatus(epoch, h.status());
        if (h.quorumBps() == 0) {
            uint256 opensAt = _epochEnd(epoch) + $.config.logDeadline;
            if (block.timestamp < opensAt) revert AttributionReportsNotOpenYet(epoch, opensAt);
            h = h.withQuorum(STAKING.getPastTotalOracleStake(_snapshot(epoch)).toUint96(), $.config.quorumBps);
            changed = true;
        }
    }

    function _accept(
        PendingEpoch storage p,
        EpochHead h,
        Report calldata report,
        bytes32 hash,
        bytes20 digest
    ) private {
        AttributionOracleStorage storage $ = _s();
        uint64 epoch = report.epoch;
        bytes32 root = report.cumulativeRewardsRoot;
        uint256 total = report.cumulativeTotal;
        // Roots are only ever banned when the epoch moves to a new round.
        if (h.round() != 0 && $.standing[_epochRootKey(epoch, root)] == _BANNED) {
            revert AttributionReportRejected(epoch, root);
        }
        uint256 last = $.config.lastFinalizedTotal;
        if (total < last) revert AttributionTotalDecreased(total, last);
        p.head = h.withStatus(EpochStatus.Accepted, block.timestamp);
        p.cumulativeRewardsRoot = root;
        // SafeCast: a total above 2^96 is above the asset's supply, never fundable.
        p.totalAndDigest = (uint256(uint160(digest)) << 96) | total.toUint96();
        $.reportHashes[epoch % MAX_PENDING_EPOCHS] = hash;
        emit ReportAccepted(epoch, hash, h.round(), root, total, report.attributionRoot, report.dataURI);
    }

    function _finalize(
        AttributionOracleStorage storage $,
        uint64 epoch,
        bytes32 root,
        uint256 total,
        string calldata dataURI
    ) private {
        $.config.nextEpoch = epoch + 1;
        // total <= a uint96: cast when it was recorded.
        $.config.lastFinalizedTotal = uint96(total);
        $.finalized[epoch] = FinalizedReport({
            cumulativeRewardsRoot: root,
            cumulativeTotal: uint96(total),
            exists: true,
            dataURI: dataURI
        });
        emit EpochFinalized(epoch, root, total, dataURI);
        DISTRIBUTOR.updateRoot(epoch, root, total);
    }

    /// @dev The record of the next epoch, open, and past its liveness deadline (and its log deadline).
    function _livenessRecord(
        AttributionOracleStorage storage $,
        uint64 epoch
    ) private view returns (PendingEpoch storage p, EpochHead h) {
        uint64 next = $.config.nextEpoch;
        if (epoch != next) revert AttributionNotNextEpoch(epoch, next);
        (p, h, ) = _record($, epoch);
        if (h.status() != EpochStatus.Open) revert AttributionUnexpectedStatus(epoch, h.status());
        uint256 end = _epochEnd(epoch);
        uint256 at = end + uint256($.params.livenessEpochs) * EPOCH_LENGTH;
        uint256 logsClose = end + $.config.logDeadline;
        if (logsClose > at) at = logsClose;
        if (block.timestamp < at) revert AttributionLivenessNotReached(epoch, at);
    }
}
