// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ECDSA} from "solady/src/utils/ECDSA.sol";

import {ProtocolUpgradeable} from "./base/ProtocolUpgradeable.sol";
import {IAttributionDisputes} from "./interfaces/IAttributionDisputes.sol";
import {IAttributionOracle} from "./interfaces/IAttributionOracle.sol";
import {IOpenStaking} from "./interfaces/IOpenStaking.sol";
import {EpochClock} from "./libraries/EpochClock.sol";
import {SignerDigest} from "./libraries/SignerDigest.sol";

/// @title AttributionDisputes
/// @notice The attribution court (see IAttributionDisputes): bonds, disputes, rulings within a bounded period, the
/// default outcome, paged slashing, equivocation, withdrawals.
/// @dev Accounting: the contract's asset balance is always `openBonds + totalWithdrawable` (bonds of open disputes
/// plus credits not yet withdrawn). Slashed stake arrives from OpenStaking and leaves in the same call: the reward is
/// credited, the rest sent to the treasury. Forfeited bonds go to the treasury when ruled.
/// @custom:oz-upgrades-unsafe-allow state-variable-immutable
/// @custom:security-contact security@openledger.xyz
contract AttributionDisputes is IAttributionDisputes, ProtocolUpgradeable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Role that rules on disputes fast (a security council appointed and replaceable by governance).
    bytes32 public constant RESOLVER_ROLE = keccak256("RESOLVER_ROLE");

    /// @notice Signers an upheld dispute slashes inline; a longer list is slashed in pages of this many signers.
    uint256 public constant SLASH_PAGE = 32;

    /// @notice Expired disputes of one epoch after which its bond stops doubling (bond * 2^16 at most).
    uint256 public constant MAX_BOND_DOUBLINGS = 16;

    uint256 private constant BPS = 10_000;

    uint256 public constant MIN_DISPUTE_BOND = 1e18;
    uint256 public constant MAX_DISPUTE_BOND = 1_000_000e18;
    uint256 public constant MIN_SLASH_BPS = 100;
    uint256 public constant MAX_SLASH_BPS = 10_000;
    uint256 public constant MAX_REWARD_BPS = 5_000;
    uint256 public constant MIN_RULING_PERIOD = 1 hours;
    uint256 public constant MAX_RULING_PERIOD = 7 days;

    IERC20 private immutable ASSET;
    IAttributionOracle private immutable ORACLE;
    IOpenStaking private immutable STAKING;
    uint256 private immutable EPOCH_GENESIS;
    uint256 private immutable EPOCH_LENGTH;

    /// @dev The governance parameters. One slot.
    struct Params {
        uint96 disputeBond;
        uint32 rulingPeriod;
        uint16 disputeSlashBps;
        uint16 disputerRewardBps;
        uint16 equivocationSlashBps;
        uint16 reporterRewardBps;
    }

    /// @dev The deferred slashing of an upheld dispute's signers. `pages == 0`: no job. `digests[i]`: the running
    /// signer digest (left-aligned bytes20) after page i's last signer.
    struct SlashingJob {
        address disputer;
        uint16 slashBps;
        uint16 rewardBps;
        uint64 pages;
        mapping(uint256 page => bytes32 digest) digests;
        mapping(uint256 page => bool) done;
    }

    /// @custom:storage-location erc7201:openledger.storage.AttributionDisputes
    struct AttributionDisputesStorage {
        Params params;
        address treasury;
        uint128 openBonds;
        uint128 totalWithdrawable;
        mapping(uint64 epoch => Dispute) disputes;
        // The signer digest of the disputed report (AttributionOracle.freezeReport).
        mapping(uint64 epoch => bytes20) signerDigests;
        // Expired (not moot) disputes per epoch: the next bond is disputeBond << min(count, MAX_BOND_DOUBLINGS).
        mapping(uint64 epoch => uint256) expiredDisputes;
        mapping(bytes32 oracleAndEpoch => bool) equivocationPunished;
        mapping(address account => uint256 amount) withdrawable;
        // Keyed by `(round << 64) | epoch` (the disputed round).
        mapping(uint256 epochAndRound => SlashingJob) slashingJobs;
    }

    // keccak256(abi.encode(uint256(keccak256("openledger.storage.AttributionDisputes")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_SLOT = 0xf00456b1ca23ca867bf848189730bdc25f570f06b7e3af9f281508b3d5eca600;

    function _s() private pure returns (AttributionDisputesStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := STORAGE_SLOT
        }
    }

    /// @param asset_ The protocol asset (bonds, slashed stake).
    /// @param oracle_ AttributionOracle (this contract is its court).
    /// @param staking_ OpenStaking (this contract needs its SLASHER_ROLE).
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IERC20 asset_, IAttributionOracle oracle_, IOpenStaking staking_) {
        if (address(asset_) == address(0) || address(oracle_) == address(0) || address(staking_) == address(0)) {
            revert ProtocolZeroAddress();
        }
        ASSET = asset_;
        ORACLE = oracle_;
        STAKING = staking_;
        EPOCH_GENESIS = oracle_.payments().epochGenesis();
        EPOCH_LENGTH = oracle_.payments().epochLength();
    }

    /// @notice Initializes the proxy with default parameters; the admin also gets RESOLVER_ROLE.
    /// @param admin The governance timelock (DEFAULT_ADMIN_ROLE and RESOLVER_ROLE).
    /// @param treasury_ Receives slashed stake beyond rewards and forfeited bonds.
    function initialize(address admin, address treasury_) external initializer {
        if (treasury_ == address(0)) revert ProtocolZeroAddress();
        __ProtocolUpgradeable_init(admin);
        _grantRole(RESOLVER_ROLE, admin);
        _s().treasury = treasury_;
        emit TreasurySet(treasury_);
        _setDisputeBond(1_000e18);
        _setRulingPeriod(2 days);
        _setDisputeSlashBps(1_000);
        _setDisputerRewardBps(2_000);
        _setEquivocationSlashBps(500);
        _setReporterRewardBps(1_000);
    }

    // ------------------------------------------------------------------ disputes

    /// @inheritdoc IAttributionDisputes
    function dispute(uint64 epoch) external nonReentrant {
        AttributionDisputesStorage storage $ = _s();
        Dispute storage d = $.disputes[epoch];
        if (d.open) revert DisputesAlreadyOpen(epoch);
        uint256 bond = _bondFor($, epoch);
        (uint32 round, , bytes20 signers) = ORACLE.freezeReport(epoch);
        // bond <= MAX_DISPUTE_BOND << MAX_BOND_DOUBLINGS < 2^96.
        $.disputes[epoch] = Dispute({
            disputer: msg.sender,
            bond: uint96(bond),
            round: round,
            openedAt: uint40(block.timestamp),
            open: true
        });
        $.signerDigests[epoch] = signers;
        $.openBonds += uint128(bond);
        emit ReportDisputed(epoch, msg.sender, round, bond);
        ASSET.safeTransferFrom(msg.sender, address(this), bond);
    }

    /// @inheritdoc IAttributionDisputes
    function rule(uint64 epoch, bool upheld, address[] calldata signers) external nonReentrant {
        if (!hasRole(RESOLVER_ROLE, msg.sender) && !hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) {
            revert DisputesNotResolver(msg.sender);
        }
        AttributionDisputesStorage storage $ = _s();
        Dispute memory d = _openDispute($, epoch);
        uint256 deadline = uint256(d.openedAt) + $.params.rulingPeriod;
        if (block.timestamp >= deadline) revert DisputesRulingPeriodOver(epoch, deadline);
        _close($, epoch, d.bond);
        if (!upheld) {
            ORACLE.confirmReport(epoch, d.round);
            emit DisputeResolved(epoch, false, 0, 0, msg.sender);
            ASSET.safeTransfer($.treasury, d.bond);
            return;
        }
        bytes20 expected = $.signerDigests[epoch];
        if (signers.length > SLASH_PAGE) {
            if (_deferSlashing($, epoch, d.round, d.disputer, signers) != expected) {
                revert DisputesSignersMismatch(epoch);
            }
            ORACLE.voidReport(epoch, d.round, IAttributionOracle.ReopenReason.Upheld);
            _credit($, d.disputer, d.bond);
            emit DisputeResolved(epoch, true, 0, 0, msg.sender);
            return;
        }
        if (SignerDigest.chainAll(bytes20(0), signers) != expected) revert DisputesSignersMismatch(epoch);
        ORACLE.voidReport(epoch, d.round, IAttributionOracle.ReopenReason.Upheld);
        uint256 slashed;
        uint256 bps = $.params.disputeSlashBps;
        for (uint256 i = 0; i < signers.length; ++i) {
            slashed += _slash(signers[i], epoch, bps);
        }
        uint256 reward = (slashed * $.params.disputerRewardBps) / BPS;
        _credit($, d.disputer, d.bond + reward);
        emit DisputeResolved(epoch, true, slashed, reward, msg.sender);
        if (slashed > reward) ASSET.safeTransfer($.treasury, slashed - reward);
    }

    /// @inheritdoc IAttributionDisputes
    function expire(uint64 epoch) external nonReentrant {
        AttributionDisputesStorage storage $ = _s();
        Dispute memory d = _openDispute($, epoch);
        (IAttributionOracle.EpochStatus status, uint32 round, ) = ORACLE.epochStatus(epoch);
        // Moot: the disputed round was voided meanwhile (an earlier epoch upheld or rejected), or the epoch moved on.
        bool moot = round != d.round || status != IAttributionOracle.EpochStatus.Disputed;
        if (!moot) {
            uint256 deadline = uint256(d.openedAt) + $.params.rulingPeriod;
            if (block.timestamp < deadline) revert DisputesRulingPeriodRunning(epoch, deadline);
        }
        _close($, epoch, d.bond);
        if (!moot) {
            $.expiredDisputes[epoch] += 1;
            ORACLE.voidReport(epoch, d.round, IAttributionOracle.ReopenReason.DisputeExpired);
        }
        _credit($, d.disputer, d.bond);
        emit DisputeExpired(epoch, d.round, moot, _bondFor($, epoch));
    }

    function _openDispute(AttributionDisputesStorage storage $, uint64 epoch) private view returns (Dispute memory d) {
        d = $.disputes[epoch];
        if (!d.open) revert DisputesNotOpen(epoch);
    }

    function _close(AttributionDisputesStorage storage $, uint64 epoch, uint256 bond) private {
        $.disputes[epoch].open = false;
        // The bond was added when the dispute opened.
        $.openBonds -= uint128(bond);
    }

    function _credit(AttributionDisputesStorage storage $, address account, uint256 amount) private {
        $.withdrawable[account] += amount;
        $.totalWithdrawable += uint128(amount);
    }

    function _bondFor(AttributionDisputesStorage storage $, uint64 epoch) private view returns (uint256) {
        uint256 doublings = $.expiredDisputes[epoch];
        if (doublings > MAX_BOND_DOUBLINGS) doublings = MAX_BOND_DOUBLINGS;
        return uint256($.params.disputeBond) << doublings;
    }

    // ------------------------------------------------------------------ paged slashing

    /// @dev Records the slashing job of `epoch`'s disputed `round` with the running digest after each page; returns
    /// the digest of the whole list.
    function _deferSlashing(
        AttributionDisputesStorage storage $,
        uint64 epoch,
        uint32 round,
        address disputer,
        address[] calldata signers
    ) private returns (bytes20 digest) {
        SlashingJob storage job = $.slashingJobs[(uint256(round) << 64) | epoch];
        uint256 n = signers.length;
        for (uint256 i = 0; i < n;) {
            digest = SignerDigest.chain(digest, signers[i]);
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

    /// @inheritdoc IAttributionDisputes
    function slashPage(uint64 epoch, uint32 round, uint256 page, address[] calldata signers) external nonReentrant {
        AttributionDisputesStorage storage $ = _s();
        SlashingJob storage job = $.slashingJobs[(uint256(round) << 64) | epoch];
        uint256 pages = job.pages;
        if (page >= pages) revert DisputesSlashingPageOutOfRange(epoch, round, page, pages);
        if (job.done[page]) revert DisputesSlashingPageDone(epoch, round, page);
        bytes20 start = page == 0 ? bytes20(0) : bytes20(job.digests[page - 1]);
        if (SignerDigest.chainAll(start, signers) != bytes20(job.digests[page])) revert DisputesSignersMismatch(epoch);
        job.done[page] = true;
        uint256 slashed;
        uint256 bps = job.slashBps;
        for (uint256 i = 0; i < signers.length; ++i) {
            slashed += _slash(signers[i], epoch, bps);
        }
        uint256 reward = (slashed * job.rewardBps) / BPS;
        _credit($, job.disputer, reward);
        emit PageSlashed(epoch, round, page, slashed, reward);
        if (slashed > reward) ASSET.safeTransfer($.treasury, slashed - reward);
    }

    // ------------------------------------------------------------------ equivocation

    /// @inheritdoc IAttributionDisputes
    function reportEquivocation(
        IAttributionOracle.Report calldata first,
        bytes calldata firstSignature,
        IAttributionOracle.Report calldata second,
        bytes calldata secondSignature
    ) external nonReentrant {
        _checkPair(first, second);
        address oracle_ = _recover(first, firstSignature);
        if (oracle_ != _recover(second, secondSignature)) revert DisputesNotEquivocation();
        _punishEquivocation(oracle_, first.epoch);
    }

    /// @inheritdoc IAttributionDisputes
    function reportAttestationEquivocation(
        IAttributionOracle.Report calldata attested,
        uint32 round,
        address[] calldata attesters,
        uint256 index,
        IAttributionOracle.Report calldata signed,
        bytes calldata signature
    ) external nonReentrant {
        _checkPair(attested, signed);
        bytes32 attestedHash = ORACLE.reportHash(attested);
        if (
            index >= attesters.length ||
            SignerDigest.chainAll(bytes20(0), attesters) != ORACLE.attestersDigest(attestedHash, round)
        ) revert DisputesNotEquivocation();
        address oracle_ = attesters[index];
        if (oracle_ != _recover(signed, signature)) revert DisputesNotEquivocation();
        _punishEquivocation(oracle_, attested.epoch);
    }

    /// @dev Two different reports of one epoch that both still count.
    function _checkPair(IAttributionOracle.Report calldata a, IAttributionOracle.Report calldata b) private view {
        uint64 epoch = a.epoch;
        if (
            b.epoch != epoch ||
            ORACLE.reportHash(a) == ORACLE.reportHash(b) ||
            !ORACLE.reportCounts(epoch, a.cumulativeRewardsRoot, a.cumulativeTotal) ||
            !ORACLE.reportCounts(epoch, b.cumulativeRewardsRoot, b.cumulativeTotal)
        ) revert DisputesNotEquivocation();
    }

    /// @dev The signer of `report` (Solady's ECDSA: reverts on an invalid signature).
    function _recover(
        IAttributionOracle.Report calldata report,
        bytes calldata signature
    ) private view returns (address) {
        address signer = ECDSA.tryRecoverCalldata(ORACLE.reportDigest(report), signature);
        if (signer == address(0)) revert DisputesNotEquivocation();
        return signer;
    }

    function _punishEquivocation(address oracle_, uint64 epoch) private {
        AttributionDisputesStorage storage $ = _s();
        if (STAKING.getPastOracleStake(oracle_, EpochClock.snapshot(epoch, EPOCH_GENESIS, EPOCH_LENGTH)) == 0) {
            revert DisputesNoWeight(oracle_, epoch);
        }
        bytes32 key = keccak256(abi.encode(oracle_, epoch));
        if ($.equivocationPunished[key]) revert DisputesEquivocationAlreadyPunished(oracle_, epoch);
        $.equivocationPunished[key] = true;
        uint256 slashed = _slash(oracle_, epoch, $.params.equivocationSlashBps);
        uint256 reward = (slashed * $.params.reporterRewardBps) / BPS;
        _credit($, msg.sender, reward);
        emit EquivocationReported(oracle_, epoch, msg.sender, slashed, reward);
        if (slashed > reward) ASSET.safeTransfer($.treasury, slashed - reward);
    }

    // ------------------------------------------------------------------ withdrawals

    /// @inheritdoc IAttributionDisputes
    function withdraw() external nonReentrant returns (uint256 amount) {
        AttributionDisputesStorage storage $ = _s();
        amount = $.withdrawable[msg.sender];
        if (amount == 0) revert DisputesNothingToWithdraw(msg.sender);
        $.withdrawable[msg.sender] = 0;
        $.totalWithdrawable -= uint128(amount);
        emit Withdrawn(msg.sender, amount);
        ASSET.safeTransfer(msg.sender, amount);
    }

    // ------------------------------------------------------------------ governance parameters

    /// @notice Sets the base bond of a dispute, in the asset [1e18, 1e24], default 1,000e18. Only the admin. Emits
    /// DisputeBondSet.
    function setDisputeBond(uint96 disputeBond) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setDisputeBond(disputeBond);
    }

    /// @notice Sets the seconds the resolver has to rule [1 hour, 7 days], default 2 days. Only the admin. Refused
    /// when the staking cooldown would fall below the challenge window plus it. Emits RulingPeriodSet.
    function setRulingPeriod(uint32 rulingPeriod_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setRulingPeriod(rulingPeriod_);
    }

    /// @notice Sets the share of each signer's slashable stake taken when a dispute is upheld, in basis points
    /// [100, 10000], default 1000. Only the admin. Emits DisputeSlashBpsSet.
    function setDisputeSlashBps(uint16 disputeSlashBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setDisputeSlashBps(disputeSlashBps);
    }

    /// @notice Sets the share of an upheld dispute's slashed total paid to the disputer, in basis points [0, 5000],
    /// default 2000. Only the admin. Emits DisputerRewardBpsSet.
    function setDisputerRewardBps(uint16 disputerRewardBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setDisputerRewardBps(disputerRewardBps);
    }

    /// @notice Sets the share of an equivocating oracle's slashable stake taken, in basis points [100, 10000],
    /// default 500. Only the admin. Emits EquivocationSlashBpsSet.
    function setEquivocationSlashBps(uint16 equivocationSlashBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setEquivocationSlashBps(equivocationSlashBps);
    }

    /// @notice Sets the share of an equivocation slash paid to its reporter, in basis points [0, 5000], default
    /// 1000. Only the admin. Emits ReporterRewardBpsSet.
    function setReporterRewardBps(uint16 reporterRewardBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setReporterRewardBps(reporterRewardBps);
    }

    function _setDisputeBond(uint96 value) private {
        _requireWithinBounds("disputeBond", value, MIN_DISPUTE_BOND, MAX_DISPUTE_BOND);
        _s().params.disputeBond = value;
        emit DisputeBondSet(value);
    }

    /// @dev Keeps OpenStaking's cooldown at or above the dispute horizon (challenge window plus ruling period,
    /// docs/decisions/0242).
    function _setRulingPeriod(uint32 value) private {
        _requireWithinBounds("rulingPeriod", value, MIN_RULING_PERIOD, MAX_RULING_PERIOD);
        uint256 horizon = ORACLE.challengeWindow() + value;
        uint256 cooldown = STAKING.cooldown();
        if (cooldown < horizon) revert DisputesCooldownBelowDisputeHorizon(cooldown, horizon);
        _s().params.rulingPeriod = value;
        emit RulingPeriodSet(value);
    }

    function _setDisputeSlashBps(uint16 value) private {
        _requireWithinBounds("disputeSlashBps", value, MIN_SLASH_BPS, MAX_SLASH_BPS);
        _s().params.disputeSlashBps = value;
        emit DisputeSlashBpsSet(value);
    }

    function _setDisputerRewardBps(uint16 value) private {
        _requireWithinBounds("disputerRewardBps", value, 0, MAX_REWARD_BPS);
        _s().params.disputerRewardBps = value;
        emit DisputerRewardBpsSet(value);
    }

    function _setEquivocationSlashBps(uint16 value) private {
        _requireWithinBounds("equivocationSlashBps", value, MIN_SLASH_BPS, MAX_SLASH_BPS);
        _s().params.equivocationSlashBps = value;
        emit EquivocationSlashBpsSet(value);
    }

    function _setReporterRewardBps(uint16 value) private {
        _requireWithinBounds("reporterRewardBps", value, 0, MAX_REWARD_BPS);
        _s().params.reporterRewardBps = value;
        emit ReporterRewardBpsSet(value);
    }

    /// @notice Where slashed stake (beyond rewards) and forfeited bonds go. Only the admin.
    function setTreasury(address treasury_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (treasury_ == address(0)) revert ProtocolZeroAddress();
        _s().treasury = treasury_;
        emit TreasurySet(treasury_);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IAttributionDisputes
    function bondFor(uint64 epoch) external view returns (uint256) {
        return _bondFor(_s(), epoch);
    }

    /// @inheritdoc IAttributionDisputes
    function disputeOf(uint64 epoch) external view returns (Dispute memory) {
        return _s().disputes[epoch];
    }

    /// @inheritdoc IAttributionDisputes
    function rulingPeriod() external view returns (uint256) {
        return _s().params.rulingPeriod;
    }

    /// @inheritdoc IAttributionDisputes
    function withdrawable(address account) external view returns (uint256) {
        return _s().withdrawable[account];
    }

    /// @inheritdoc IAttributionDisputes
    function openBonds() external view returns (uint256) {
        return _s().openBonds;
    }

    /// @inheritdoc IAttributionDisputes
    function totalWithdrawable() external view returns (uint256) {
        return _s().totalWithdrawable;
    }

    /// @inheritdoc IAttributionDisputes
    function treasury() external view returns (address) {
        return _s().treasury;
    }

    /// @inheritdoc IAttributionDisputes
    function asset() external view returns (IERC20) {
        return ASSET;
    }

    /// @inheritdoc IAttributionDisputes
    function oracle() external view returns (IAttributionOracle) {
        return ORACLE;
    }

    /// @inheritdoc IAttributionDisputes
    function staking() external view returns (IOpenStaking) {
        return STAKING;
    }

    /// @notice Every governance parameter (see their setters), in one call.
    function parameters()
        external
        view
        returns (
            uint256 disputeBond,
            uint256 rulingPeriod_,
            uint256 disputeSlashBps,
            uint256 disputerRewardBps,
            uint256 equivocationSlashBps,
            uint256 reporterRewardBps
        )
    {
        Params memory p = _s().params;
        return (
            p.disputeBond,
            p.rulingPeriod,
            p.disputeSlashBps,
            p.disputerRewardBps,
            p.equivocationSlashBps,
            p.reporterRewardBps
        );
    }

    /// @dev Slashes `bps` of `oracle_`'s slashable stake into this contract; returns what was slashed.
    function _slash(address oracle_, uint64 epoch, uint256 bps) private returns (uint256 slashed) {
        uint256 amount = (STAKING.slashableStake(oracle_) * bps) / BPS;
        if (amount == 0) return 0;
        slashed = STAKING.slash(oracle_, amount, address(this));
        emit OracleSlashed(oracle_, epoch, slashed);
    }
}
