// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";

import {ProtocolUpgradeable} from "./base/ProtocolUpgradeable.sol";
import {IAttributionOracle} from "./interfaces/IAttributionOracle.sol";
import {IInferencePayments} from "./interfaces/IInferencePayments.sol";
import {IModelRegistry} from "./interfaces/IModelRegistry.sol";
import {IOpenStaking} from "./interfaces/IOpenStaking.sol";
import {IRewardDistributor} from "./interfaces/IRewardDistributor.sol";

/// @title AttributionOracle
/// @notice Proof of Attribution on chain: inference logs, one report per epoch agreed by staked oracles, challenge
/// window with bonded disputes, equivocation slashing, in-order finalization into the RewardDistributor.
/// @dev Storage layout, chosen for the gas targets (attestation <= 60k, 7-signature submission <= 150k, whole tx;
/// docs/decisions/0230-0231):
/// - The contracts it talks to (asset, staking, payments, model registry, distributor) are immutables of the
///   implementation: no storage read to reach them. Every implementation behind the proxy must be deployed with the
///   same addresses (as OpenStaking does with its asset, docs/decisions/0143).
/// - One configuration slot holds everything an attestation or a submission reads besides the epoch record: next
///   epoch, last finalized total, epoch clock, quorum and log deadline. The other parameters share a second slot.
/// - Epochs in flight live in a ring of MAX_PENDING_EPOCHS records indexed by `epoch % MAX_PENDING_EPOCHS`. A record's
///   first slot (`head`: epoch, status, round, since, total oracle stake) is one packed word, read and written once
///   per call. The ring is written with non-zero placeholders at initialization, so that accepting a report updates
///   its slots (2,900 gas) instead of creating them (20,000). Epochs finalize in order, so the record of an epoch below
///   `nextEpoch` is free for reuse; a record whose epoch differs is stale and reset on first use.
/// - The signers of a report are not stored: each tally keeps a 160-bit chained digest
///   `d' = bytes20(keccak256(abi.encodePacked(d, signer)))`, packed with the weight in one word, and `resolveDispute`
///   takes the list (from the Attested / ReportSubmitted events) and checks it against the digest.
/// - One attestation per (oracle, epoch round) is a bit in a per-oracle bitmap of 256 epochs.
/// - Roots rejected by an upheld dispute are only looked up when the epoch's round is above zero (a rejection always
///   opens a new round).
/// @custom:oz-upgrades-unsafe-allow state-variable-immutable
contract AttributionOracle is IAttributionOracle, ProtocolUpgradeable, EIP712Upgradeable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @notice Role that rules on disputes (the timelock by default; replaceable by the admin).
    bytes32 public constant RESOLVER_ROLE = keccak256("RESOLVER_ROLE");

    /// @notice EIP-712 type of a report.
    bytes32 public constant REPORT_TYPEHASH = keccak256(
        "AttributionReport(uint64 epoch,bytes32 cumulativeRewardsRoot,uint256 cumulativeTotal,"
        "bytes32 attributionRoot,string dataURI)"
    );

    /// @notice Epochs that may be in flight at once: reports are accepted for nextEpoch .. nextEpoch + 31.
    uint256 public constant MAX_PENDING_EPOCHS = 32;

    /// @notice Signers an upheld dispute slashes inline; a longer list is slashed in pages of this many signers
    /// (`slashDeferred`, docs/decisions/0239).
    uint256 public constant SLASH_PAGE = 32;

    uint256 private constant BPS = 10_000;

    uint256 public constant MIN_QUORUM_BPS = 5_001;
    uint256 public constant MAX_QUORUM_BPS = 10_000;
    uint256 public constant MIN_CHALLENGE_WINDOW = 1 hours;
    uint256 public constant MAX_CHALLENGE_WINDOW = 7 days;
    uint256 public constant MIN_LOG_DEADLINE = 1 hours;
    uint256 public constant MAX_LOG_DEADLINE = 7 days;
    uint256 public constant MIN_DISPUTE_BOND = 1e18;
    uint256 public constant MAX_DISPUTE_BOND = 1_000_000e18;
    uint256 public constant MIN_SLASH_BPS = 100;
    uint256 public constant MAX_SLASH_BPS = 10_000;
    uint256 public constant MAX_REWARD_BPS = 5_000;
    uint256 public constant MIN_LIVENESS_EPOCHS = 1;
    uint256 public constant MAX_LIVENESS_EPOCHS = 16;

    string private constant _DOMAIN_NAME = "OpenLedger AttributionOracle";
    string private constant _DOMAIN_VERSION = "1";
    bytes32 private constant _DOMAIN_TYPEHASH = keccak256(
        "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    );
    bytes32 private constant _NAME_HASH = keccak256(bytes(_DOMAIN_NAME));
    bytes32 private constant _VERSION_HASH = keccak256(bytes(_DOMAIN_VERSION));

    /// @dev secp256k1n / 2: larger s values are the malleable twins OpenZeppelin's ECDSA refuses.
    uint256 private constant _HALF_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;
    /// @dev `IOpenStaking.getPastOracleStake.selector`, left-aligned (checked by a unit test).
    uint256 private constant _GET_PAST_ORACLE_STAKE = 0x69ac0ff5 << 224;

    /// @dev Top 20 bytes of a word: the bytes20 of a keccak hash.
    uint256 private constant _BYTES20_MASK = 0xffffffffffffffffffffffffffffffffffffffff000000000000000000000000;

    IERC20 private immutable ASSET;
    IOpenStaking private immutable STAKING;
    IInferencePayments private immutable PAYMENTS;
    IModelRegistry private immutable MODEL_REGISTRY;
    IRewardDistributor private immutable DISTRIBUTOR;
    /// @dev InferencePayments' epoch clock, fixed there at initialization and copied here at construction.
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

    /// @dev The other governance parameters. One slot.
    struct Params {
        uint16 livenessEpochs;
        uint16 disputeSlashBps;
        uint16 disputerRewardBps;
        uint16 equivocationSlashBps;
        uint16 reporterRewardBps;
        uint96 disputeBond;
    }

    /// @dev One epoch in flight. `head` packs a `Head` (see _loadHead); the other slots are written on acceptance and
    /// on dispute.
    struct PendingEpoch {
        uint256 head;
        bytes32 cumulativeRewardsRoot;
        // The accepted report's cumulative total (low 96 bits) and signer digest (high 160 bits), written at once.
        uint256 totalAndDigest;
        address disputer;
        uint96 bond;
    }

    /// @dev Unpacked `PendingEpoch.head`. `totalOracleStake` and `quorumBps` are fixed at the epoch's first report
    /// activity (`quorumBps == 0` before: it is never below MIN_QUORUM_BPS after); `since` is when `status` was
    /// entered.
    struct Head {
        uint64 epoch;
        EpochStatus status;
        uint32 round;
        uint40 since;
        uint96 totalOracleStake;
        uint16 quorumBps;
    }

    /// @dev A one-word mapping value, so that a read-modify-write computes its slot once.
    struct Word {
        uint256 value;
    }

    /// @dev The deferred slashing of an upheld dispute's signers (more than SLASH_PAGE of them). `pages == 0`: no job.
    /// `digests[i]`: the running signer digest (left-aligned bytes20) after page i's last signer.
    struct SlashingJob {
        address disputer;
        uint16 slashBps;
        uint16 rewardBps;
        uint64 pages;
        mapping(uint256 page => bytes32 digest) digests;
        mapping(uint256 word => Word bits) done;
    }

    /// @custom:storage-location erc7201:openledger.storage.AttributionOracle
    struct AttributionOracleStorage {
        Config config;
        Params params;
        address treasury;
        PendingEpoch[MAX_PENDING_EPOCHS] pending;
        // On-chain attestations of one report in one round: weight (low 96 bits) and signer digest (high 160 bits).
        mapping(bytes32 reportHash => mapping(uint32 round => Word weightAndDigest)) tallies;
        // Bit `epoch % 256` of word `(round << 64) | (epoch >> 8)`: the oracle attested that epoch in that round.
        mapping(address oracle => mapping(uint256 key => Word bits)) attestedBits;
        mapping(uint256 modelId => mapping(uint64 epoch => bytes32 root)) logs;
        mapping(bytes32 epochAndRoot => bool) rejectedRoots;
        mapping(bytes32 oracleAndEpoch => bool) equivocationPunished;
        mapping(address account => uint256 amount) withdrawable;
        // Roots `finalize` discarded for an epoch: they may come back (0231), but signing one and then another report
        // of that epoch is not an equivocation.
        mapping(bytes32 epochAndRoot => bool) discardedRoots;
        // Upheld disputes with more than SLASH_PAGE signers, keyed by `(round << 64) | epoch` (the disputed round).
        mapping(uint256 epochAndRound => SlashingJob) slashingJobs;
    }

    // keccak256(abi.encode(uint256(keccak256("openledger.storage.AttributionOracle")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_SLOT = 0xa047db4881b21df090877aa10bccb672913966fed6736afec8ff7cf152333400;

    function _s() private pure returns (AttributionOracleStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := STORAGE_SLOT
        }
    }

    /// @param asset_ The protocol asset (bonds, slashed stake).
    /// @param staking_ OpenStaking: oracle weights and slashing (this contract needs its SLASHER_ROLE).
    /// @param payments_ InferencePayments: epoch clock and funded total.
    /// @param modelRegistry_ ModelRegistry: model operators commit inference logs.
    /// @param distributor_ RewardDistributor: finalized roots go live there (this contract needs its ORACLE_ROLE).
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(
        IERC20 asset_,
        IOpenStaking staking_,
        IInferencePayments payments_,
        IModelRegistry modelRegistry_,
        IRewardDistributor distributor_
    ) {
        if (
            address(asset_) == address(0) ||
            address(staking_) == address(0) ||
            address(payments_) == address(0) ||
            address(modelRegistry_) == address(0) ||
            address(distributor_) == address(0)
        ) revert ProtocolZeroAddress();
        ASSET = asset_;
        STAKING = staking_;
        PAYMENTS = payments_;
        MODEL_REGISTRY = modelRegistry_;
        DISTRIBUTOR = distributor_;
        EPOCH_GENESIS = payments_.epochGenesis();
        EPOCH_LENGTH = payments_.epochLength();
    }

    /// @notice Initializes the proxy with default parameters; the admin also gets RESOLVER_ROLE. The first epoch to
    /// report is InferencePayments' current one.
    /// @param admin The governance timelock (DEFAULT_ADMIN_ROLE and RESOLVER_ROLE).
    /// @param treasury_ Receives slashed stake beyond rewards and forfeited bonds.
    function initialize(address admin, address treasury_) external initializer {
        if (treasury_ == address(0)) revert ProtocolZeroAddress();
        __ProtocolUpgradeable_init(admin);
        // Stored for completeness only: the domain is built from the constants (see _hashTypedDataV4).
        __EIP712_init(_DOMAIN_NAME, _DOMAIN_VERSION);
        _grantRole(RESOLVER_ROLE, admin);
        AttributionOracleStorage storage $ = _s();
        $.treasury = treasury_;
        emit TreasurySet(treasury_);
        $.config.nextEpoch = PAYMENTS.currentEpoch();
        _setParameter("quorumBps", 6_667);
        _setParameter("challengeWindow", 1 days);
        _setParameter("logDeadline", 6 hours);
        _setParameter("disputeBond", 1_000e18);
        _setParameter("disputeSlashBps", 1_000);
        _setParameter("disputerRewardBps", 2_000);
        _setParameter("equivocationSlashBps", 500);
        _setParameter("reporterRewardBps", 1_000);
        _setParameter("livenessEpochs", 3);
        // Non-zero placeholders (epoch = max: a stale record) so later writes to the ring are updates, not creations.
        for (uint256 i = 0; i < MAX_PENDING_EPOCHS; ++i) {
            PendingEpoch storage r = $.pending[i];
            r.head = type(uint64).max;
            r.cumulativeRewardsRoot = bytes32(uint256(1));
            r.totalAndDigest = 1;
        }
    }

    // ------------------------------------------------------------------ inference logs

    /// @inheritdoc IAttributionOracle
    function commitInferenceLog(uint256 modelId, uint64 epoch, bytes32 root, string calldata uri) external {
        if (root == bytes32(0)) revert AttributionZeroRoot();
        AttributionOracleStorage storage $ = _s();
        uint256 end = _epochEnd(epoch);
        if (block.timestamp < end) revert AttributionEpochNotOver(epoch, end);
        uint256 deadline = end + $.config.logDeadline;
        if (block.timestamp >= deadline) revert AttributionLogWindowClosed(modelId, epoch, deadline);
        address operator = MODEL_REGISTRY.paymentTerms(modelId).operator;
        if (msg.sender != operator || operator == address(0)) {
            revert AttributionNotModelOperator(modelId, msg.sender, operator);
        }
        if ($.logs[modelId][epoch] != bytes32(0)) revert AttributionLogAlreadyCommitted(modelId, epoch);
        $.logs[modelId][epoch] = root;
        emit InferenceLogCommitted(modelId, epoch, msg.sender, root, uri);
    }

    // ------------------------------------------------------------------ quorum

    /// @inheritdoc IAttributionOracle
    function attest(Report calldata report) external {
        AttributionOracleStorage storage $ = _s();
        uint64 epoch = report.epoch;
        bytes32 hash = _reportHash(report);
        (PendingEpoch storage p, Head memory h, bool headChanged) = _openRecord($, epoch);
        uint256 weight = _pastOracleStake(msg.sender, _snapshot(epoch));
        if (weight == 0) revert AttributionNotOracle(msg.sender, epoch);
        _markAttested($, epoch, h.round);
        Word storage t = $.tallies[hash][h.round];
        uint256 packed = t.value;
        uint256 tally = uint96(packed) + weight;
        bytes20 digest = _chain(bytes20(bytes32(packed)), msg.sender);
        emit Attested(epoch, hash, msg.sender, h.round, weight, tally);
        if (tally * BPS >= uint256(h.totalOracleStake) * h.quorumBps) {
            _accept(p, h, report, hash, digest);
        } else {
            // tally < totalOracleStake, a uint96: it fits.
            t.value = (uint256(uint160(digest)) << 96) | tally;
            if (headChanged) _storeHead(p, h);
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
        (PendingEpoch storage p, Head memory h, ) = _openRecord($, epoch);
        (uint256 weight, bytes20 digest, address[] memory counted) = _countSignatures(
            _snapshot(epoch),
            _hashTypedDataV4(hash),
            signatures
        );
        _requireQuorum(hash, weight, h.totalOracleStake, h.quorumBps);
        emit ReportSubmitted(epoch, hash, msg.sender, counted, weight);
        _accept(p, h, report, hash, digest);
    }

    function _requireQuorum(bytes32 hash, uint256 weight, uint256 totalStake, uint256 quorumBps) private pure {
        if (weight * BPS < totalStake * quorumBps || weight == 0) {
            revert AttributionQuorumNotReached(hash, weight, totalStake, quorumBps);
        }
    }

    /// @dev Recovers each signer (strictly increasing addresses, so each counts once) and sums the weights at the
    /// snapshot. Returns the counted (weight > 0) signers and their chained digest.
    /// In assembly, once per signature: the recovery is OpenZeppelin's `ECDSA.tryRecoverCalldata` rule (65 bytes,
    /// s in the lower half order, v 27 or 28, non-zero signer) and the stake lookup `_pastOracleStake`, both in
    /// scratch or temporary memory; nothing is allocated per signature. Signature bytes are read from calldata
    /// without the ABI decoder's bounds checks: a malformed offset can only make it read other calldata bytes as a
    /// signature, which still has to recover to a staked signer of this very digest.
    // One loop in assembly, kept whole so that it reads top to bottom.
    // solhint-disable-next-line function-max-lines
    function _countSignatures(
        uint256 snapshot,
        bytes32 digestToSign,
        bytes[] calldata signatures
    ) private view returns (uint256 weight, bytes20 digest, address[] memory counted) {
        counted = new address[](signatures.length);
        address target = address(STAKING);
        uint256 failure; // 0 none, 1 invalid signature, 2 signers not ascending, 3 stake lookup failed
        uint256 index;
        address previous;
        address signer;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            let n := 0
            for {
                let i := 0
            } lt(i, signatures.length) {
                i := add(i, 1)
            } {
                let sig := add(signatures.offset, calldataload(add(signatures.offset, shl(5, i))))
                let s := calldataload(add(sig, 0x40))
                signer := 0
                // 65 bytes, s <= secp256k1n / 2 (no malleable twin).
                if and(eq(calldataload(sig), 65), iszero(gt(s, _HALF_ORDER))) {
                    mstore(ptr, digestToSign)
                    mstore(add(ptr, 0x20), byte(0, calldataload(add(sig, 0x60))))
                    mstore(add(ptr, 0x40), calldataload(add(sig, 0x20)))
                    mstore(add(ptr, 0x60), s)
                    // ecrecover returns nothing on failure (bad v included): keep the zero.
                    mstore(0x00, 0)
                    pop(staticcall(gas(), 0x01, ptr, 0x80, 0x00, 0x20))
                    signer := mload(0x00)
                }
                if iszero(signer) {
                    failure := 1
                    index := i
                    break
                }
                if iszero(gt(signer, previous)) {
                    failure := 2
                    index := i
                    break
                }
                previous := signer
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
            // Shrink the array to the counted signers (n <= its allocated length).
            mstore(counted, n)
        }
        if (failure == 1) revert AttributionInvalidSignature(index);
        if (failure == 2) revert AttributionSignersNotAscending(index, previous, signer);
        if (failure == 3) _bubbleRevert();
    }

    // ------------------------------------------------------------------ disputes

    /// @inheritdoc IAttributionOracle
    function dispute(uint64 epoch) external nonReentrant {
        AttributionOracleStorage storage $ = _s();
        (PendingEpoch storage p, Head memory h, ) = _record($, epoch);
        if (h.status != EpochStatus.Accepted) revert AttributionUnexpectedStatus(epoch, h.status);
        uint256 endsAt = uint256(h.since) + $.config.challengeWindow;
        if (block.timestamp >= endsAt) revert AttributionChallengeWindowOver(epoch, endsAt);
        uint96 bond = $.params.disputeBond;
        h.status = EpochStatus.Disputed;
        h.since = uint40(block.timestamp);
        _storeHead(p, h);
        p.disputer = msg.sender;
        p.bond = bond;
        emit ReportDisputed(epoch, msg.sender, bond);
        ASSET.safeTransferFrom(msg.sender, address(this), bond);
    }

    /// @inheritdoc IAttributionOracle
    function resolveDispute(
        uint64 epoch,
        bool upheld,
        address[] calldata signers
    ) external onlyRole(RESOLVER_ROLE) nonReentrant {
        AttributionOracleStorage storage $ = _s();
        (PendingEpoch storage p, Head memory h, ) = _record($, epoch);
        if (h.status != EpochStatus.Disputed) revert AttributionUnexpectedStatus(epoch, h.status);
        address disputer = p.disputer;
        uint256 bond = p.bond;
        h.since = uint40(block.timestamp);
        if (!upheld) {
            h.status = EpochStatus.Confirmed;
            _storeHead(p, h);
            emit DisputeResolved(epoch, false, 0, 0);
            ASSET.safeTransfer($.treasury, bond);
            return;
        }
        bytes20 digest;
        if (signers.length > SLASH_PAGE) {
            digest = _deferSlashing($, epoch, h.round, disputer, signers);
        } else {
            for (uint256 i = 0; i < signers.length; ++i) {
                digest = _chain(digest, signers[i]);
            }
        }
        if (digest != bytes20(bytes32(p.totalAndDigest))) revert AttributionSignersMismatch(epoch);
        $.rejectedRoots[_epochRootKey(epoch, p.cumulativeRewardsRoot)] = true;
        h.status = EpochStatus.Open;
        h.round += 1;
        _storeHead(p, h);
        if (signers.length > SLASH_PAGE) {
            $.withdrawable[disputer] += bond;
            emit DisputeResolved(epoch, true, 0, 0);
            return;
        }

        uint256 slashed;
        uint256 bps = $.params.disputeSlashBps;
        for (uint256 i = 0; i < signers.length; ++i) {
            slashed += _slash(signers[i], epoch, bps);
        }
        uint256 reward = (slashed * $.params.disputerRewardBps) / BPS;
        $.withdrawable[disputer] += bond + reward;
        emit DisputeResolved(epoch, true, slashed, reward);
        if (slashed > reward) ASSET.safeTransfer($.treasury, slashed - reward);
    }

    /// @dev Records the slashing job of `epoch`'s disputed `round`: the disputer, the current slash and reward shares,
    /// and the running digest of `signers` after each page; returns the digest of the whole list (the caller checks it
    /// against the accepted report's, and reverts on a mismatch).
    function _deferSlashing(
        AttributionOracleStorage storage $,
        uint64 epoch,
        uint32 round,
        address disputer,
        address[] calldata signers
    ) private returns (bytes20 digest) {
        SlashingJob storage job = $.slashingJobs[(uint256(round) << 64) | epoch];
        uint256 n = signers.length;
        for (uint256 i = 0; i < n;) {
            digest = _chain(digest, signers[i]);
            // i < n <= calldata length: no overflow.
            unchecked {
                ++i;
            }
            if (i % SLASH_PAGE == 0 || i == n) job.digests[(i - 1) / SLASH_PAGE] = bytes32(digest);
        }
        uint256 pages = (n + SLASH_PAGE - 1) / SLASH_PAGE;
        job.disputer = disputer;
        job.slashBps = $.params.disputeSlashBps;
        job.rewardBps = $.params.disputerRewardBps;
        job.pages = uint64(pages);
        emit SlashingDeferred(epoch, round, n, pages);
    }

    /// @inheritdoc IAttributionOracle
    function slashDeferred(uint64 epoch, uint32 round, uint256 page, address[] calldata signers) external nonReentrant {
        AttributionOracleStorage storage $ = _s();
        SlashingJob storage job = $.slashingJobs[(uint256(round) << 64) | epoch];
        _takePage(job, epoch, round, page, signers);
        uint256 slashed;
        uint256 bps = job.slashBps;
        for (uint256 i = 0; i < signers.length; ++i) {
            slashed += _slash(signers[i], epoch, bps);
        }
        uint256 reward = (slashed * job.rewardBps) / BPS;
        $.withdrawable[job.disputer] += reward;
        emit DeferredSlashed(epoch, round, page, slashed, reward);
        if (slashed > reward) ASSET.safeTransfer($.treasury, slashed - reward);
    }

    /// @dev Checks that `page` of `job` exists and is not done, and that `signers` chained from the previous page's
    /// digest give this page's; marks the page done.
    function _takePage(
        SlashingJob storage job,
        uint64 epoch,
        uint32 round,
        uint256 page,
        address[] calldata signers
    ) private {
        uint256 pages = job.pages;
        if (page >= pages) revert AttributionSlashingPageOutOfRange(epoch, round, page, pages);
        Word storage done = job.done[page >> 8];
        uint256 bits = done.value;
        uint256 bit = uint256(1) << (page & 0xff);
        if (bits & bit != 0) revert AttributionSlashingPageDone(epoch, round, page);
        bytes20 digest = page == 0 ? bytes20(0) : bytes20(job.digests[page - 1]);
        for (uint256 i = 0; i < signers.length; ++i) {
            digest = _chain(digest, signers[i]);
        }
        if (digest != bytes20(job.digests[page])) revert AttributionSignersMismatch(epoch);
        done.value = bits | bit;
    }

    /// @inheritdoc IAttributionOracle
    function reportEquivocation(
        Report calldata first,
        bytes calldata firstSignature,
        Report calldata second,
        bytes calldata secondSignature
    ) external nonReentrant {
        uint64 epoch = first.epoch;
        bytes32 firstHash = _reportHash(first);
        bytes32 secondHash = _reportHash(second);
        if (second.epoch != epoch || firstHash == secondHash) revert AttributionNotEquivocation();
        AttributionOracleStorage storage $ = _s();
        bytes32 firstKey = _epochRootKey(epoch, first.cumulativeRewardsRoot);
        bytes32 secondKey = _epochRootKey(epoch, second.cumulativeRewardsRoot);
        if (
            $.rejectedRoots[firstKey] ||
            $.rejectedRoots[secondKey] ||
            $.discardedRoots[firstKey] ||
            $.discardedRoots[secondKey]
        ) revert AttributionNotEquivocation();
        (address oracle, ECDSA.RecoverError e1, ) = ECDSA.tryRecoverCalldata(
            _hashTypedDataV4(firstHash),
            firstSignature
        );
        (address other, ECDSA.RecoverError e2, ) = ECDSA.tryRecoverCalldata(
            _hashTypedDataV4(secondHash),
            secondSignature
        );
        if (e1 != ECDSA.RecoverError.NoError || e2 != ECDSA.RecoverError.NoError || oracle != other) {
            revert AttributionNotEquivocation();
        }
        bytes32 key = keccak256(abi.encode(oracle, epoch));
        if ($.equivocationPunished[key]) revert AttributionEquivocationAlreadyPunished(oracle, epoch);
        $.equivocationPunished[key] = true;
        uint256 slashed = _slash(oracle, epoch, $.params.equivocationSlashBps);
        uint256 reward = (slashed * $.params.reporterRewardBps) / BPS;
        $.withdrawable[msg.sender] += reward;
        emit EquivocationReported(oracle, epoch, msg.sender, slashed, reward);
        if (slashed > reward) ASSET.safeTransfer($.treasury, slashed - reward);
    }

    /// @inheritdoc IAttributionOracle
    function withdraw() external nonReentrant returns (uint256 amount) {
        AttributionOracleStorage storage $ = _s();
        amount = $.withdrawable[msg.sender];
        if (amount == 0) revert AttributionNothingToWithdraw(msg.sender);
        $.withdrawable[msg.sender] = 0;
        emit Withdrawn(msg.sender, amount);
        ASSET.safeTransfer(msg.sender, amount);
    }

    // ------------------------------------------------------------------ finalization and liveness

    /// @inheritdoc IAttributionOracle
    function finalize(uint64 epoch) external nonReentrant {
        AttributionOracleStorage storage $ = _s();
        uint64 next = $.config.nextEpoch;
        if (epoch != next) revert AttributionNotNextEpoch(epoch, next);
        (PendingEpoch storage p, Head memory h, ) = _record($, epoch);
        EpochStatus status = h.status;
        if (status == EpochStatus.Accepted) {
            uint256 endsAt = uint256(h.since) + $.config.challengeWindow;
            if (block.timestamp < endsAt) revert AttributionChallengeWindowOpen(epoch, endsAt);
        } else if (status != EpochStatus.Confirmed) {
            revert AttributionUnexpectedStatus(epoch, status);
        }
        uint256 total = uint96(p.totalAndDigest);
        bytes32 root = p.cumulativeRewardsRoot;
        h.since = uint40(block.timestamp);
        if (total < $.config.lastFinalizedTotal || total > PAYMENTS.totalAttributionFunded()) {
            // Below the last finalized total (an earlier epoch finalized with a larger one after this report was
            // accepted) or above what was ever funded (checked here rather than at acceptance: docs/decisions/0231):
            // drop it, reopen.
            h.status = EpochStatus.Open;
            h.round += 1;
            _storeHead(p, h);
            // Its signers may now sign the report that follows without being slashed for equivocation.
            $.discardedRoots[_epochRootKey(epoch, root)] = true;
            emit ReportDiscarded(epoch, root, total);
            return;
        }
        h.status = EpochStatus.Finalized;
        _storeHead(p, h);
        _finalize($, epoch, root, total);
    }

    /// @inheritdoc IAttributionOracle
    function forceReport(Report calldata report) external onlyRole(DEFAULT_ADMIN_ROLE) nonReentrant {
        AttributionOracleStorage storage $ = _s();
        uint64 epoch = report.epoch;
        (PendingEpoch storage p, Head memory h) = _livenessRecord($, epoch);
        uint256 total = report.cumulativeTotal;
        _checkTotal($, total);
        h.status = EpochStatus.Finalized;
        h.since = uint40(block.timestamp);
        _storeHead(p, h);
        p.cumulativeRewardsRoot = report.cumulativeRewardsRoot;
        // Fits: checked <= totalAttributionFunded, which is bounded by the asset's supply (< 2^96).
        p.totalAndDigest = uint256(total.toUint96());
        emit ReportForced(epoch, report.cumulativeRewardsRoot, total, report.attributionRoot, report.dataURI);
        _finalize($, epoch, report.cumulativeRewardsRoot, total);
    }

    /// @inheritdoc IAttributionOracle
    function skipEpoch(uint64 epoch) external onlyRole(DEFAULT_ADMIN_ROLE) {
        AttributionOracleStorage storage $ = _s();
        (PendingEpoch storage p, Head memory h) = _livenessRecord($, epoch);
        h.status = EpochStatus.Skipped;
        h.since = uint40(block.timestamp);
        _storeHead(p, h);
        $.config.nextEpoch = epoch + 1;
        emit EpochSkipped(epoch);
    }

    // ------------------------------------------------------------------ governance parameters

    /// @notice Sets a governance parameter, within its hard-coded bounds. Only the admin. Names and meaning:
    /// - "quorumBps": quorum as a fraction of the total oracle stake at the snapshot [5001, 10000], default 6667;
    /// - "challengeWindow": seconds after acceptance a report can be disputed [1 hour, 7 days], default 1 day;
    /// - "logDeadline": seconds after an epoch's end its logs may be committed [1 hour, 7 days], default 6 hours;
    /// - "disputeBond": bond of a dispute, in the asset [1e18, 1e24], default 1,000e18;
    /// - "disputeSlashBps": share of each signer's slashable stake taken when upheld [100, 10000], default 1000;
    /// - "disputerRewardBps": share of the slashed total paid to the disputer [0, 5000], default 2000;
    /// - "equivocationSlashBps": share of an equivocating oracle's slashable stake taken [100, 10000], default 500;
    /// - "reporterRewardBps": share of an equivocation slash paid to its reporter [0, 5000], default 1000;
    /// - "livenessEpochs": epochs after an epoch's end before governance may force or skip it [1, 16], default 3.
    /// @dev Reverts ProtocolParameterOutOfBounds for an unknown name (with bounds 0, 0).
    function setParameter(bytes32 name, uint256 value) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setParameter(name, value);
    }

    function _setParameter(bytes32 name, uint256 value) private {
        AttributionOracleStorage storage $ = _s();
        if (name == "quorumBps") {
            _checkBounds(name, value, MIN_QUORUM_BPS, MAX_QUORUM_BPS);
            $.config.quorumBps = uint16(value);
        } else if (name == "challengeWindow") {
            _checkBounds(name, value, MIN_CHALLENGE_WINDOW, MAX_CHALLENGE_WINDOW);
            $.config.challengeWindow = uint32(value);
        } else if (name == "logDeadline") {
            _checkBounds(name, value, MIN_LOG_DEADLINE, MAX_LOG_DEADLINE);
            $.config.logDeadline = uint32(value);
        } else if (name == "disputeBond") {
            _checkBounds(name, value, MIN_DISPUTE_BOND, MAX_DISPUTE_BOND);
            $.params.disputeBond = uint96(value);
        } else if (name == "disputeSlashBps") {
            _checkBounds(name, value, MIN_SLASH_BPS, MAX_SLASH_BPS);
            $.params.disputeSlashBps = uint16(value);
        } else if (name == "disputerRewardBps") {
            _checkBounds(name, value, 0, MAX_REWARD_BPS);
            $.params.disputerRewardBps = uint16(value);
        } else if (name == "equivocationSlashBps") {
            _checkBounds(name, value, MIN_SLASH_BPS, MAX_SLASH_BPS);
            $.params.equivocationSlashBps = uint16(value);
        } else if (name == "reporterRewardBps") {
            _checkBounds(name, value, 0, MAX_REWARD_BPS);
            $.params.reporterRewardBps = uint16(value);
        } else if (name == "livenessEpochs") {
            _checkBounds(name, value, MIN_LIVENESS_EPOCHS, MAX_LIVENESS_EPOCHS);
            $.params.livenessEpochs = uint16(value);
        } else {
            revert ProtocolParameterOutOfBounds(name, value, 0, 0);
        }
    }

    /// @notice Where slashed stake (beyond rewards) and forfeited bonds go. Only the admin.
    function setTreasury(address treasury_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (treasury_ == address(0)) revert ProtocolZeroAddress();
        _s().treasury = treasury_;
        emit TreasurySet(treasury_);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IAttributionOracle
    function reportHash(Report calldata report) external pure returns (bytes32) {
        return _reportHash(report);
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
        Head memory h = _loadHead($.pending[epoch % MAX_PENDING_EPOCHS]);
        if (h.epoch == epoch) return (h.status, h.round, h.since);
        return (epoch < $.config.nextEpoch ? EpochStatus.Finalized : EpochStatus.Open, 0, 0);
    }

    /// @inheritdoc IAttributionOracle
    function attestedWeight(bytes32 hash, uint32 round) external view returns (uint256) {
        return uint96(_s().tallies[hash][round].value);
    }

    /// @inheritdoc IAttributionOracle
    function inferenceLog(uint256 modelId, uint64 epoch) external view returns (bytes32) {
        return _s().logs[modelId][epoch];
    }

    /// @inheritdoc IAttributionOracle
    function withdrawable(address account) external view returns (uint256) {
        return _s().withdrawable[account];
    }

    /// @inheritdoc IAttributionOracle
    function treasury() external view returns (address) {
        return _s().treasury;
    }

    /// @inheritdoc IAttributionOracle
    function asset() external view returns (IERC20) {
        return ASSET;
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
    function modelRegistry() external view returns (IModelRegistry) {
        return MODEL_REGISTRY;
    }

    /// @inheritdoc IAttributionOracle
    function distributor() external view returns (IRewardDistributor) {
        return DISTRIBUTOR;
    }

    /// @notice Every governance parameter (see setParameter), in one call.
    function parameters()
        external
        view
        returns (
            uint256 quorumBps,
            uint256 challengeWindow,
            uint256 logDeadline,
            uint256 disputeBond,
            uint256 disputeSlashBps,
            uint256 disputerRewardBps,
            uint256 equivocationSlashBps,
            uint256 reporterRewardBps,
            uint256 livenessEpochs
        )
    {
        AttributionOracleStorage storage $ = _s();
        Params memory p = $.params;
        Config memory c = $.config;
        return (
            c.quorumBps,
            c.challengeWindow,
            c.logDeadline,
            p.disputeBond,
            p.disputeSlashBps,
            p.disputerRewardBps,
            p.equivocationSlashBps,
            p.reporterRewardBps,
            p.livenessEpochs
        );
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

    /// @dev The domain separator from constant name and version hashes (OpenZeppelin's reads both strings from
    /// storage on every call); same value as `_domainSeparatorV4()`.
    function _hashTypedDataV4(bytes32 structHash) internal view override returns (bytes32) {
        bytes32 separator = keccak256(
            abi.encode(_DOMAIN_TYPEHASH, _NAME_HASH, _VERSION_HASH, block.chainid, address(this))
        );
        return MessageHashUtils.toTypedDataHash(separator, structHash);
    }

    // ------------------------------------------------------------------ internals

    /// @dev The EIP-712 struct hash of a report, encoded in temporary memory past the free memory pointer (nothing
    /// allocated). Same value as `keccak256(abi.encode(REPORT_TYPEHASH, r.epoch, r.cumulativeRewardsRoot,
    /// r.cumulativeTotal, r.attributionRoot, keccak256(bytes(r.dataURI))))`; `epoch` and `dataURI` go through the
    /// ABI decoder's checks, the three full-word fields have no invalid encodings.
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

    /// @dev `IOpenStaking.getPastOracleStake(oracle, snapshot)`, encoded in temporary memory past the free memory
    /// pointer (nothing allocated): it runs once per attestation and once per submitted signature. Bubbles up a
    /// revert; a success with less than 32 bytes of return data is a failure too.
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

    /// @dev `bytes20(keccak256(abi.encodePacked(digest, signer)))`, hashed in scratch space.
    function _chain(bytes20 digest, address signer) private pure returns (bytes20 next) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            mstore(0x00, digest)
            mstore(0x14, shl(96, signer))
            next := and(keccak256(0x00, 0x28), _BYTES20_MASK)
        }
    }

    function _epochRootKey(uint64 epoch, bytes32 root) private pure returns (bytes32) {
        return keccak256(abi.encode(epoch, root));
    }

    function _epochEnd(uint64 epoch) private view returns (uint256) {
        return EPOCH_GENESIS + (uint256(epoch) + 1) * EPOCH_LENGTH;
    }

    function _snapshot(uint64 epoch) private view returns (uint256) {
        return _epochEnd(epoch) - 1;
    }

    function _loadHead(PendingEpoch storage p) private view returns (Head memory h) {
        uint256 w = p.head;
        h.epoch = uint64(w);
        h.status = EpochStatus(uint8(w >> 64));
        h.round = uint32(w >> 72);
        h.since = uint40(w >> 104);
        h.totalOracleStake = uint96(w >> 144);
        h.quorumBps = uint16(w >> 240);
    }

    function _storeHead(PendingEpoch storage p, Head memory h) private {
        p.head =
            uint256(h.epoch) |
            (uint256(h.status) << 64) |
            (uint256(h.round) << 72) |
            (uint256(h.since) << 104) |
            (uint256(h.totalOracleStake) << 144) |
            (uint256(h.quorumBps) << 240);
    }

    /// @dev The ring record of `epoch`, which must be in the pending window, and its head; a stale record's head is
    /// reset (in memory: `changed`, the caller stores it).
    function _record(
        AttributionOracleStorage storage $,
        uint64 epoch
    ) private view returns (PendingEpoch storage p, Head memory h, bool changed) {
        uint64 next = $.config.nextEpoch;
        if (epoch < next) revert AttributionEpochAlreadyFinalized(epoch, next);
        if (epoch >= uint256(next) + MAX_PENDING_EPOCHS) {
            revert AttributionEpochTooFarAhead(epoch, next, MAX_PENDING_EPOCHS);
        }
        p = $.pending[epoch % MAX_PENDING_EPOCHS];
        h = _loadHead(p);
        if (h.epoch != epoch) {
            // The previous occupant is below nextEpoch: finalized or skipped, nothing to keep.
            h = Head({epoch: epoch, status: EpochStatus.Open, round: 0, since: 0, totalOracleStake: 0, quorumBps: 0});
            changed = true;
        }
    }

    /// @dev The record of an epoch that must be open for reports, with its total oracle stake and quorum fixed.
    /// Fast path: a record that holds `epoch`, Open, with its stake fixed, is in the pending window (finalizing or
    /// skipping an epoch moves its record out of Open, and a record is only created inside the window), so the
    /// configuration is not read. Otherwise the first report activity of the epoch checks the window and that reports
    /// are open (log deadline passed, which implies the snapshot is in the past), and fixes the total stake at the
    /// snapshot and the current quorum (`changed`: the caller stores the head).
    function _openRecord(
        AttributionOracleStorage storage $,
        uint64 epoch
    ) private view returns (PendingEpoch storage p, Head memory h, bool changed) {
        p = $.pending[epoch % MAX_PENDING_EPOCHS];
        h = _loadHead(p);
        if (h.epoch == epoch && h.status == EpochStatus.Open && h.quorumBps != 0) return (p, h, false);
        (p, h, changed) = _record($, epoch);
        if (h.status != EpochStatus.Open) revert AttributionUnexpectedStatus(epoch, h.status);
        if (h.quorumBps == 0) {
            uint256 opensAt = _epochEnd(epoch) + $.config.logDeadline;
            if (block.timestamp < opensAt) revert AttributionReportsNotOpenYet(epoch, opensAt);
            h.totalOracleStake = STAKING.getPastTotalOracleStake(_snapshot(epoch)).toUint96();
            h.quorumBps = $.config.quorumBps;
            changed = true;
        }
    }

    function _checkTotal(AttributionOracleStorage storage $, uint256 total) private view {
        uint256 funded = PAYMENTS.totalAttributionFunded();
        if (total > funded) revert AttributionTotalAboveFunded(total, funded);
        uint256 last = $.config.lastFinalizedTotal;
        if (total < last) revert AttributionTotalDecreased(total, last);
    }

    function _accept(
        PendingEpoch storage p,
        Head memory h,
        Report calldata report,
        bytes32 hash,
        bytes20 digest
    ) private {
        AttributionOracleStorage storage $ = _s();
        uint64 epoch = report.epoch;
        bytes32 root = report.cumulativeRewardsRoot;
        uint256 total = report.cumulativeTotal;
        // Roots are only ever rejected by an upheld dispute, which moves the epoch to a new round.
        if (h.round != 0 && $.rejectedRoots[_epochRootKey(epoch, root)]) {
            revert AttributionReportRejected(epoch, root);
        }
        uint256 last = $.config.lastFinalizedTotal;
        if (total < last) revert AttributionTotalDecreased(total, last);
        h.status = EpochStatus.Accepted;
        h.since = uint40(block.timestamp);
        _storeHead(p, h);
        p.cumulativeRewardsRoot = root;
        // SafeCast: a total above 2^96 is above the asset's supply, never fundable.
        p.totalAndDigest = (uint256(uint160(digest)) << 96) | total.toUint96();
        emit ReportAccepted(epoch, hash, h.round, root, total, report.attributionRoot, report.dataURI);
    }

    function _finalize(AttributionOracleStorage storage $, uint64 epoch, bytes32 root, uint256 total) private {
        $.config.nextEpoch = epoch + 1;
        // total <= a uint96: cast when it was recorded.
        $.config.lastFinalizedTotal = uint96(total);
        emit EpochFinalized(epoch, root, total);
        DISTRIBUTOR.updateRoot(epoch, root, total);
    }

    /// @dev The record of the next epoch, open, and past its liveness deadline (and its log deadline).
    function _livenessRecord(
        AttributionOracleStorage storage $,
        uint64 epoch
    ) private view returns (PendingEpoch storage p, Head memory h) {
        uint64 next = $.config.nextEpoch;
        if (epoch != next) revert AttributionNotNextEpoch(epoch, next);
        (p, h, ) = _record($, epoch);
        if (h.status != EpochStatus.Open) revert AttributionUnexpectedStatus(epoch, h.status);
        uint256 end = _epochEnd(epoch);
        uint256 at = end + uint256($.params.livenessEpochs) * EPOCH_LENGTH;
        uint256 logsClose = end + $.config.logDeadline;
        if (logsClose > at) at = logsClose;
        if (block.timestamp < at) revert AttributionLivenessNotReached(epoch, at);
    }

    /// @dev Slashes `bps` of `oracle`'s slashable stake into this contract; returns what was slashed.
    function _slash(address oracle, uint64 epoch, uint256 bps) private returns (uint256 slashed) {
        uint256 amount = (STAKING.slashableStake(oracle) * bps) / BPS;
        if (amount == 0) return 0;
        slashed = STAKING.slash(oracle, amount, address(this));
        emit OracleSlashed(oracle, epoch, slashed);
    }
}
