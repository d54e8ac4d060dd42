// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
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
/// @dev Storage layout, chosen for the gas targets (attestation <= 60k, 7-signature submission <= 150k, whole tx):
/// - Epochs in flight live in a ring of MAX_PENDING_EPOCHS records indexed by `epoch % MAX_PENDING_EPOCHS`. The ring
///   is written with non-zero placeholders at initialization, so that accepting a report updates three slots
///   (2,900 + 2,100 gas each) instead of creating them (22,100 each). Epochs finalize in order, so the record of an
///   epoch below `nextEpoch` is free for reuse; a record whose `epoch` field differs is stale and reset on first use.
/// - The signers of a report are not stored: each tally keeps a 160-bit chained digest
///   `d' = bytes20(keccak256(abi.encodePacked(d, signer)))`, packed with the weight in one slot, and `resolveDispute`
///   takes the list (from the Attested / ReportSubmitted events) and checks it against the digest.
/// - One attestation per (oracle, epoch round) is a bit in a per-oracle bitmap of 256 epochs.
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

    /// @dev One epoch in flight. Slot 0 is read by every attestation; slots 1-2 are written on acceptance.
    struct PendingEpoch {
        uint64 epoch;
        EpochStatus status;
        uint32 round;
        uint40 since;
        uint96 totalOracleStake;
        bool stakeKnown;
        bytes32 cumulativeRewardsRoot;
        bytes20 signersDigest;
        uint96 cumulativeTotal;
        address disputer;
        uint96 bond;
    }

    /// @dev On-chain attestations of one report in one round.
    struct Tally {
        uint96 weight;
        bytes20 signersDigest;
    }

    /// @notice Parameters given at initialization.
    struct InitParams {
        address admin;
        IERC20 asset;
        IOpenStaking staking;
        IInferencePayments payments;
        IModelRegistry modelRegistry;
        IRewardDistributor distributor;
        address treasury;
    }

    /// @custom:storage-location erc7201:openledger.storage.AttributionOracle
    struct AttributionOracleStorage {
        // Read by every attestation.
        IOpenStaking staking;
        uint40 epochGenesis;
        uint32 epochLength;
        uint16 quorumBps;
        // Parameters.
        uint32 logDeadline;
        uint32 challengeWindow;
        uint16 livenessEpochs;
        uint16 disputeSlashBps;
        uint16 disputerRewardBps;
        uint16 equivocationSlashBps;
        uint16 reporterRewardBps;
        uint96 disputeBond;
        // Finalization.
        IInferencePayments payments;
        uint64 nextEpoch;
        IRewardDistributor distributor;
        uint96 lastFinalizedTotal;
        IModelRegistry modelRegistry;
        IERC20 asset;
        address treasury;
        PendingEpoch[MAX_PENDING_EPOCHS] pending;
        mapping(bytes32 reportHash => mapping(uint32 round => Tally)) tallies;
        mapping(address oracle => mapping(uint256 key => uint256 bits)) attestedBits;
        mapping(uint256 modelId => mapping(uint64 epoch => bytes32 root)) logs;
        mapping(bytes32 epochAndRoot => bool) rejectedRoots;
        mapping(bytes32 oracleAndEpoch => bool) equivocationPunished;
        mapping(address account => uint256 amount) withdrawable;
    }

    // keccak256(abi.encode(uint256(keccak256("openledger.storage.AttributionOracle")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_SLOT = 0xa047db4881b21df090877aa10bccb672913966fed6736afec8ff7cf152333400;

    function _s() private pure returns (AttributionOracleStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := STORAGE_SLOT
        }
    }

    /// @notice Initializes the proxy with default parameters; the admin also gets RESOLVER_ROLE. Epoch timing is read
    /// once from InferencePayments (fixed there at initialization).
    function initialize(InitParams calldata p) external initializer {
        if (
            address(p.asset) == address(0) ||
            address(p.staking) == address(0) ||
            address(p.payments) == address(0) ||
            address(p.modelRegistry) == address(0) ||
            address(p.distributor) == address(0) ||
            p.treasury == address(0)
        ) revert ProtocolZeroAddress();
        __ProtocolUpgradeable_init(p.admin);
        __EIP712_init("OpenLedger AttributionOracle", "1");
        _grantRole(RESOLVER_ROLE, p.admin);
        AttributionOracleStorage storage $ = _s();
        $.staking = p.staking;
        $.payments = p.payments;
        $.modelRegistry = p.modelRegistry;
        $.distributor = p.distributor;
        $.asset = p.asset;
        $.treasury = p.treasury;
        $.epochGenesis = uint256(p.payments.epochGenesis()).toUint40();
        $.epochLength = uint256(p.payments.epochLength()).toUint32();
        $.nextEpoch = p.payments.currentEpoch();
        _setParameter("quorumBps", 6_667);
        _setParameter("challengeWindow", 1 days);
        _setParameter("logDeadline", 6 hours);
        _setParameter("disputeBond", 1_000e18);
        _setParameter("disputeSlashBps", 1_000);
        _setParameter("disputerRewardBps", 2_000);
        _setParameter("equivocationSlashBps", 500);
        _setParameter("reporterRewardBps", 1_000);
        _setParameter("livenessEpochs", 3);
        // Non-zero placeholders (epoch = max) so later writes to the ring are updates, not creations.
        for (uint256 i = 0; i < MAX_PENDING_EPOCHS; ++i) {
            PendingEpoch storage r = $.pending[i];
            r.epoch = type(uint64).max;
            r.cumulativeRewardsRoot = bytes32(uint256(1));
            r.cumulativeTotal = 1;
        }
    }

    // ------------------------------------------------------------------ inference logs

    /// @inheritdoc IAttributionOracle
    function commitInferenceLog(uint256 modelId, uint64 epoch, bytes32 root, string calldata uri) external {
        if (root == bytes32(0)) revert AttributionZeroRoot();
        AttributionOracleStorage storage $ = _s();
        uint256 end = _epochEnd($, epoch);
        if (block.timestamp < end) revert AttributionEpochNotOver(epoch, end);
        uint256 deadline = end + $.logDeadline;
        // solhint-disable-next-line gas-strict-inequalities
        if (block.timestamp >= deadline) revert AttributionLogWindowClosed(modelId, epoch, deadline);
        address operator = $.modelRegistry.paymentTerms(modelId).operator;
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
        (bytes32 hash, PendingEpoch storage p, uint256 totalStake) = _prepare($, report);
        uint256 weight = $.staking.getPastOracleStake(msg.sender, _snapshot($, epoch));
        if (weight == 0) revert AttributionNotOracle(msg.sender, epoch);

        uint32 round = p.round;
        {
            uint256 key = (uint256(round) << 64) | (epoch >> 8);
            uint256 bit = uint256(1) << (epoch & 0xff);
            uint256 bits = $.attestedBits[msg.sender][key];
            if (bits & bit != 0) revert AttributionAlreadyAttested(msg.sender, epoch, round);
            $.attestedBits[msg.sender][key] = bits | bit;
        }

        Tally storage t = $.tallies[hash][round];
        uint256 tally = t.weight + weight;
        bytes20 digest = _chain(t.signersDigest, msg.sender);
        emit Attested(epoch, hash, msg.sender, round, weight, tally);
        // solhint-disable-next-line gas-strict-inequalities
        if (tally * BPS >= totalStake * $.quorumBps) {
            _accept($, p, report, hash, digest);
        } else {
            t.weight = tally.toUint96();
            t.signersDigest = digest;
        }
    }

    /// @inheritdoc IAttributionOracle
    function submit(Report calldata report, bytes[] calldata signatures) external {
        AttributionOracleStorage storage $ = _s();
        uint64 epoch = report.epoch;
        (bytes32 hash, PendingEpoch storage p, uint256 totalStake) = _prepare($, report);
        (uint256 weight, bytes20 digest, address[] memory counted) = _countSignatures(
            $.staking,
            _snapshot($, epoch),
            _hashTypedDataV4(hash),
            signatures
        );
        uint256 quorumBps = $.quorumBps;
        if (weight * BPS < totalStake * quorumBps || weight == 0) {
            revert AttributionQuorumNotReached(hash, weight, totalStake, quorumBps);
        }
        emit ReportSubmitted(epoch, hash, msg.sender, counted, weight);
        _accept($, p, report, hash, digest);
    }

    /// @dev Recovers each signer (strictly increasing addresses, so each counts once) and sums the weights at the
    /// snapshot. Returns the counted (weight > 0) signers and their chained digest.
    function _countSignatures(
        IOpenStaking staking,
        uint256 snapshot,
        bytes32 digestToSign,
        bytes[] calldata signatures
    ) private view returns (uint256 weight, bytes20 digest, address[] memory counted) {
        counted = new address[](signatures.length);
        uint256 n;
        address previous;
        for (uint256 i = 0; i < signatures.length; ++i) {
            (address signer, ECDSA.RecoverError err, ) = ECDSA.tryRecover(digestToSign, signatures[i]);
            if (err != ECDSA.RecoverError.NoError) revert AttributionInvalidSignature(i);
            if (uint160(signer) <= uint160(previous)) revert AttributionSignersNotAscending(i, previous, signer);
            previous = signer;
            uint256 w = staking.getPastOracleStake(signer, snapshot);
            if (w == 0) continue;
            weight += w;
            digest = _chain(digest, signer);
            counted[n++] = signer;
        }
        // Shrink the array to the counted signers (n <= its allocated length).
        // solhint-disable-next-line no-inline-assembly
        assembly {
            mstore(counted, n)
        }
    }

    // ------------------------------------------------------------------ disputes

    /// @inheritdoc IAttributionOracle
    function dispute(uint64 epoch) external {
        AttributionOracleStorage storage $ = _s();
        PendingEpoch storage p = _record($, epoch);
        if (p.status != EpochStatus.Accepted) revert AttributionUnexpectedStatus(epoch, p.status);
        uint256 endsAt = uint256(p.since) + $.challengeWindow;
        // solhint-disable-next-line gas-strict-inequalities
        if (block.timestamp >= endsAt) revert AttributionChallengeWindowOver(epoch, endsAt);
        uint96 bond = $.disputeBond;
        p.status = EpochStatus.Disputed;
        p.since = uint40(block.timestamp);
        p.disputer = msg.sender;
        p.bond = bond;
        emit ReportDisputed(epoch, msg.sender, bond);
        $.asset.safeTransferFrom(msg.sender, address(this), bond);
    }

    /// @inheritdoc IAttributionOracle
    function resolveDispute(
        uint64 epoch,
        bool upheld,
        address[] calldata signers
    ) external onlyRole(RESOLVER_ROLE) nonReentrant {
        AttributionOracleStorage storage $ = _s();
        PendingEpoch storage p = _record($, epoch);
        if (p.status != EpochStatus.Disputed) revert AttributionUnexpectedStatus(epoch, p.status);
        address disputer = p.disputer;
        uint256 bond = p.bond;
        if (!upheld) {
            p.status = EpochStatus.Confirmed;
            p.since = uint40(block.timestamp);
            emit DisputeResolved(epoch, false, 0, 0);
            $.asset.safeTransfer($.treasury, bond);
            return;
        }
        bytes20 digest;
        for (uint256 i = 0; i < signers.length; ++i) {
            digest = _chain(digest, signers[i]);
        }
        if (digest != p.signersDigest) revert AttributionSignersMismatch(epoch);
        $.rejectedRoots[_epochRootKey(epoch, p.cumulativeRewardsRoot)] = true;
        p.status = EpochStatus.Open;
        p.round += 1;
        p.since = uint40(block.timestamp);

        uint256 slashed;
        uint256 bps = $.disputeSlashBps;
        for (uint256 i = 0; i < signers.length; ++i) {
            slashed += _slash($, signers[i], epoch, bps);
        }
        uint256 reward = (slashed * $.disputerRewardBps) / BPS;
        $.withdrawable[disputer] += bond + reward;
        emit DisputeResolved(epoch, true, slashed, reward);
        if (slashed > reward) $.asset.safeTransfer($.treasury, slashed - reward);
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
        if (
            $.rejectedRoots[_epochRootKey(epoch, first.cumulativeRewardsRoot)] ||
            $.rejectedRoots[_epochRootKey(epoch, second.cumulativeRewardsRoot)]
        ) revert AttributionNotEquivocation();
        (address oracle, ECDSA.RecoverError e1, ) = ECDSA.tryRecover(_hashTypedDataV4(firstHash), firstSignature);
        (address other, ECDSA.RecoverError e2, ) = ECDSA.tryRecover(_hashTypedDataV4(secondHash), secondSignature);
        if (e1 != ECDSA.RecoverError.NoError || e2 != ECDSA.RecoverError.NoError || oracle != other) {
            revert AttributionNotEquivocation();
        }
        bytes32 key = keccak256(abi.encode(oracle, epoch));
        if ($.equivocationPunished[key]) revert AttributionEquivocationAlreadyPunished(oracle, epoch);
        $.equivocationPunished[key] = true;
        uint256 slashed = _slash($, oracle, epoch, $.equivocationSlashBps);
        uint256 reward = (slashed * $.reporterRewardBps) / BPS;
        $.withdrawable[msg.sender] += reward;
        emit EquivocationReported(oracle, epoch, msg.sender, slashed, reward);
        if (slashed > reward) $.asset.safeTransfer($.treasury, slashed - reward);
    }

    /// @inheritdoc IAttributionOracle
    function withdraw() external nonReentrant returns (uint256 amount) {
        AttributionOracleStorage storage $ = _s();
        amount = $.withdrawable[msg.sender];
        if (amount == 0) revert AttributionNothingToWithdraw(msg.sender);
        $.withdrawable[msg.sender] = 0;
        emit Withdrawn(msg.sender, amount);
        $.asset.safeTransfer(msg.sender, amount);
    }

    // ------------------------------------------------------------------ finalization and liveness

    /// @inheritdoc IAttributionOracle
    function finalize(uint64 epoch) external {
        AttributionOracleStorage storage $ = _s();
        uint64 next = $.nextEpoch;
        if (epoch != next) revert AttributionNotNextEpoch(epoch, next);
        PendingEpoch storage p = _record($, epoch);
        EpochStatus status = p.status;
        if (status == EpochStatus.Accepted) {
            uint256 endsAt = uint256(p.since) + $.challengeWindow;
            if (block.timestamp < endsAt) revert AttributionChallengeWindowOpen(epoch, endsAt);
        } else if (status != EpochStatus.Confirmed) {
            revert AttributionUnexpectedStatus(epoch, status);
        }
        uint256 total = p.cumulativeTotal;
        bytes32 root = p.cumulativeRewardsRoot;
        if (total < $.lastFinalizedTotal) {
            // An earlier epoch finalized with a larger total after this report was accepted: drop it, reopen.
            p.status = EpochStatus.Open;
            p.round += 1;
            p.since = uint40(block.timestamp);
            emit ReportDiscarded(epoch, root, total);
            return;
        }
        p.status = EpochStatus.Finalized;
        p.since = uint40(block.timestamp);
        _finalize($, epoch, root, total);
    }

    /// @inheritdoc IAttributionOracle
    function forceReport(Report calldata report) external onlyRole(DEFAULT_ADMIN_ROLE) {
        AttributionOracleStorage storage $ = _s();
        uint64 epoch = report.epoch;
        PendingEpoch storage p = _livenessRecord($, epoch);
        _checkTotal($, report.cumulativeTotal);
        p.status = EpochStatus.Finalized;
        p.since = uint40(block.timestamp);
        p.cumulativeRewardsRoot = report.cumulativeRewardsRoot;
        p.cumulativeTotal = uint96(report.cumulativeTotal);
        emit ReportForced(epoch, report.cumulativeRewardsRoot, report.cumulativeTotal);
        _finalize($, epoch, report.cumulativeRewardsRoot, report.cumulativeTotal);
    }

    /// @inheritdoc IAttributionOracle
    function skipEpoch(uint64 epoch) external onlyRole(DEFAULT_ADMIN_ROLE) {
        AttributionOracleStorage storage $ = _s();
        PendingEpoch storage p = _livenessRecord($, epoch);
        p.status = EpochStatus.Skipped;
        p.since = uint40(block.timestamp);
        $.nextEpoch = epoch + 1;
        emit EpochSkipped(epoch);
    }

    // ------------------------------------------------------------------ governance parameters

    /// @notice Sets a governance parameter, within its hard-coded bounds. Names and meaning:
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
            $.quorumBps = uint16(value);
        } else if (name == "challengeWindow") {
            _checkBounds(name, value, MIN_CHALLENGE_WINDOW, MAX_CHALLENGE_WINDOW);
            $.challengeWindow = uint32(value);
        } else if (name == "logDeadline") {
            _checkBounds(name, value, MIN_LOG_DEADLINE, MAX_LOG_DEADLINE);
            $.logDeadline = uint32(value);
        } else if (name == "disputeBond") {
            _checkBounds(name, value, MIN_DISPUTE_BOND, MAX_DISPUTE_BOND);
            $.disputeBond = uint96(value);
        } else if (name == "disputeSlashBps") {
            _checkBounds(name, value, MIN_SLASH_BPS, MAX_SLASH_BPS);
            $.disputeSlashBps = uint16(value);
        } else if (name == "disputerRewardBps") {
            _checkBounds(name, value, 0, MAX_REWARD_BPS);
            $.disputerRewardBps = uint16(value);
        } else if (name == "equivocationSlashBps") {
            _checkBounds(name, value, MIN_SLASH_BPS, MAX_SLASH_BPS);
            $.equivocationSlashBps = uint16(value);
        } else if (name == "reporterRewardBps") {
            _checkBounds(name, value, 0, MAX_REWARD_BPS);
            $.reporterRewardBps = uint16(value);
        } else if (name == "livenessEpochs") {
            _checkBounds(name, value, MIN_LIVENESS_EPOCHS, MAX_LIVENESS_EPOCHS);
            $.livenessEpochs = uint16(value);
        } else {
            revert ProtocolParameterOutOfBounds(name, value, 0, 0);
        }
    }

    /// @notice Where slashed stake (beyond rewards) and forfeited bonds go.
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
        return _snapshot(_s(), epoch);
    }

    /// @inheritdoc IAttributionOracle
    function nextEpoch() external view returns (uint64) {
        return _s().nextEpoch;
    }

    /// @inheritdoc IAttributionOracle
    function lastFinalizedTotal() external view returns (uint256) {
        return _s().lastFinalizedTotal;
    }

    /// @inheritdoc IAttributionOracle
    function epochStatus(uint64 epoch) external view returns (EpochStatus status, uint32 round, uint256 since) {
        AttributionOracleStorage storage $ = _s();
        PendingEpoch storage p = $.pending[epoch % MAX_PENDING_EPOCHS];
        if (p.epoch == epoch) return (p.status, p.round, p.since);
        return (epoch < $.nextEpoch ? EpochStatus.Finalized : EpochStatus.Open, 0, 0);
    }

    /// @inheritdoc IAttributionOracle
    function attestedWeight(bytes32 hash, uint32 round) external view returns (uint256) {
        return _s().tallies[hash][round].weight;
    }

    /// @inheritdoc IAttributionOracle
    function inferenceLog(uint256 modelId, uint64 epoch) external view returns (bytes32) {
        return _s().logs[modelId][epoch];
    }

    /// @inheritdoc IAttributionOracle
    function withdrawable(address account) external view returns (uint256) {
        return _s().withdrawable[account];
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
        return (
            $.quorumBps,
            $.challengeWindow,
            $.logDeadline,
            $.disputeBond,
            $.disputeSlashBps,
            $.disputerRewardBps,
            $.equivocationSlashBps,
            $.reporterRewardBps,
            $.livenessEpochs
        );
    }

    // ------------------------------------------------------------------ internals

    function _reportHash(Report calldata r) private pure returns (bytes32) {
        return
            keccak256(
                abi.encode(
                    REPORT_TYPEHASH,
                    r.epoch,
                    r.cumulativeRewardsRoot,
                    r.cumulativeTotal,
                    r.attributionRoot,
                    keccak256(bytes(r.dataURI))
                )
            );
    }

    function _chain(bytes20 digest, address signer) private pure returns (bytes20) {
        return bytes20(keccak256(abi.encodePacked(digest, signer)));
    }

    function _epochRootKey(uint64 epoch, bytes32 root) private pure returns (bytes32) {
        return keccak256(abi.encode(epoch, root));
    }

    function _epochEnd(AttributionOracleStorage storage $, uint64 epoch) private view returns (uint256) {
        return uint256($.epochGenesis) + (uint256(epoch) + 1) * $.epochLength;
    }

    function _snapshot(AttributionOracleStorage storage $, uint64 epoch) private view returns (uint256) {
        return _epochEnd($, epoch) - 1;
    }

    /// @dev The ring record of `epoch`, which must be in the pending window; a stale record is reset.
    function _record(AttributionOracleStorage storage $, uint64 epoch) private returns (PendingEpoch storage p) {
        uint64 next = $.nextEpoch;
        if (epoch < next) revert AttributionEpochAlreadyFinalized(epoch, next);
        if (epoch >= uint256(next) + MAX_PENDING_EPOCHS) {
            revert AttributionEpochTooFarAhead(epoch, next, MAX_PENDING_EPOCHS);
        }
        p = $.pending[epoch % MAX_PENDING_EPOCHS];
        if (p.epoch != epoch) {
            // The previous occupant is below nextEpoch: finalized or skipped, nothing to keep.
            p.epoch = epoch;
            p.status = EpochStatus.Open;
            p.round = 0;
            p.since = 0;
            p.totalOracleStake = 0;
            p.stakeKnown = false;
        }
    }

    /// @dev The record of an epoch that must be open for reports.
    function _openRecord(AttributionOracleStorage storage $, uint64 epoch) private returns (PendingEpoch storage p) {
        p = _record($, epoch);
        if (p.status != EpochStatus.Open) revert AttributionUnexpectedStatus(epoch, p.status);
    }

    /// @dev Common start of attest and submit: the report's id, its open epoch record and the epoch's total stake.
    function _prepare(
        AttributionOracleStorage storage $,
        Report calldata report
    ) private returns (bytes32 hash, PendingEpoch storage p, uint256 totalStake) {
        hash = _reportHash(report);
        p = _openRecord($, report.epoch);
        totalStake = p.stakeKnown ? p.totalOracleStake : _fixTotalStake($, p, report.epoch);
    }

    /// @dev First report activity of an epoch: checks reports are open (log deadline passed, which implies the
    /// snapshot is in the past) and fixes the epoch's total oracle stake.
    function _fixTotalStake(
        AttributionOracleStorage storage $,
        PendingEpoch storage p,
        uint64 epoch
    ) private returns (uint256 total) {
        uint256 opensAt = _epochEnd($, epoch) + $.logDeadline;
        if (block.timestamp < opensAt) revert AttributionReportsNotOpenYet(epoch, opensAt);
        total = $.staking.getPastTotalOracleStake(_snapshot($, epoch));
        p.totalOracleStake = total.toUint96();
        p.stakeKnown = true;
    }

    function _checkTotal(AttributionOracleStorage storage $, uint256 total) private view {
        uint256 funded = $.payments.totalAttributionFunded();
        if (total > funded) revert AttributionTotalAboveFunded(total, funded);
        uint256 last = $.lastFinalizedTotal;
        if (total < last) revert AttributionTotalDecreased(total, last);
    }

    function _accept(
        AttributionOracleStorage storage $,
        PendingEpoch storage p,
        Report calldata report,
        bytes32 hash,
        bytes20 digest
    ) private {
        uint64 epoch = report.epoch;
        if ($.rejectedRoots[_epochRootKey(epoch, report.cumulativeRewardsRoot)]) {
            revert AttributionReportRejected(epoch, report.cumulativeRewardsRoot);
        }
        _checkTotal($, report.cumulativeTotal);
        p.status = EpochStatus.Accepted;
        p.since = uint40(block.timestamp);
        p.cumulativeRewardsRoot = report.cumulativeRewardsRoot;
        p.signersDigest = digest;
        // Fits: checked <= totalAttributionFunded, which is bounded by the asset's supply (< 2^96).
        p.cumulativeTotal = report.cumulativeTotal.toUint96();
        emit ReportAccepted(
            epoch,
            hash,
            p.round,
            report.cumulativeRewardsRoot,
            report.cumulativeTotal,
            report.attributionRoot,
            report.dataURI
        );
    }

    function _finalize(AttributionOracleStorage storage $, uint64 epoch, bytes32 root, uint256 total) private {
        $.nextEpoch = epoch + 1;
        $.lastFinalizedTotal = uint96(total);
        emit EpochFinalized(epoch, root, total);
        $.distributor.updateRoot(epoch, root, total);
    }

    /// @dev The record of the next epoch, open, and past its liveness deadline (and its log deadline).
    function _livenessRecord(
        AttributionOracleStorage storage $,
        uint64 epoch
    ) private returns (PendingEpoch storage p) {
        uint64 next = $.nextEpoch;
        if (epoch != next) revert AttributionNotNextEpoch(epoch, next);
        p = _openRecord($, epoch);
        uint256 end = _epochEnd($, epoch);
        uint256 at = end + uint256($.livenessEpochs) * $.epochLength;
        uint256 logsClose = end + $.logDeadline;
        if (logsClose > at) at = logsClose;
        if (block.timestamp < at) revert AttributionLivenessNotReached(epoch, at);
    }

    /// @dev Slashes `bps` of `oracle`'s slashable stake into this contract; returns what was slashed.
    function _slash(
        AttributionOracleStorage storage $,
        address oracle,
        uint64 epoch,
        uint256 bps
    ) private returns (uint256 slashed) {
        IOpenStaking staking = $.staking;
        uint256 amount = (staking.slashableStake(oracle) * bps) / BPS;
        if (amount == 0) return 0;
        slashed = staking.slash(oracle, amount, address(this));
        emit OracleSlashed(oracle, epoch, slashed);
    }
}
