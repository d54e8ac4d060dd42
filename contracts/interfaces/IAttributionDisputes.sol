// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IProtocolUpgradeable} from "./IProtocolUpgradeable.sol";

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IAttributionOracle} from "./IAttributionOracle.sol";
import {IOpenStaking} from "./IOpenStaking.sol";

/// @title IAttributionDisputes
/// @notice The attribution court: bonded disputes of accepted reports, rulings by a resolver that governance appoints
/// (the DAO, DEFAULT_ADMIN_ROLE, may rule too), a bounded ruling period with a default outcome, paged slashing of the
/// signers of an upheld report, equivocation slashing, and withdrawal of what it credits.
/// @dev Rules (docs/decisions/0240-0249):
/// - `dispute(e)` freezes e's accepted report (AttributionOracle.freezeReport) for at most `rulingPeriod`.
/// - Upheld: the report's root and every later accepted, not finalized report are banned and their epochs reopen;
///   each signer is slashed `disputeSlashBps` of its slashable stake; the disputer is credited its bond and
///   `disputerRewardBps` of the slash; the rest goes to the treasury. Rejected: the bond goes to the treasury.
/// - Nobody ruled within `rulingPeriod` (`expire`, anyone): the report is voided without a ban and nothing is slashed
///   or paid out on it (the epoch reopens; the oracles can accept the same or another report again); the bond is
///   credited back to the disputer, and the next dispute of that epoch costs twice the last bond (doubling with every
///   expired dispute of the epoch, whoever disputes), so one party cannot freeze an epoch repeatedly for the price of
///   one bond. A dispute whose round was voided meanwhile (an earlier epoch upheld) is moot: `expire` refunds it at
///   once and nothing doubles.
/// - Equivocation: an oracle with weight at the epoch's snapshot that backed two different reports of one epoch (two
///   signatures, or an on-chain attestation and a signature) is slashed `equivocationSlashBps`, once per (oracle,
///   epoch). Reports that no longer count (IAttributionOracle.reportCounts) are not evidence.
/// - Assumes `IOpenStaking.slash` moves exactly the returned amount of the asset to the recipient.
/// @custom:security-contact security@openledger.xyz
interface IAttributionDisputes is IProtocolUpgradeable {
    /// @notice One dispute per epoch at a time.
    struct Dispute {
        address disputer;
        uint96 bond;
        uint32 round;
        uint40 openedAt;
        bool open;
    }

    error DisputesNotOpen(uint64 epoch);
    error DisputesAlreadyOpen(uint64 epoch);
    /// @notice The ruling period of `epoch`'s dispute ended at `deadline`: it can only expire.
    error DisputesRulingPeriodOver(uint64 epoch, uint256 deadline);
    /// @notice The ruling period of `epoch`'s dispute runs until `deadline`.
    error DisputesRulingPeriodRunning(uint64 epoch, uint256 deadline);
    error DisputesNotResolver(address caller);
    /// @notice The signer list is not the accepted report's, or not that slashing page's.
    error DisputesSignersMismatch(uint64 epoch);
    /// @notice The slashing job of (`epoch`, `round`) has `pages` pages and `page` is not one of them.
    error DisputesSlashingPageOutOfRange(uint64 epoch, uint32 round, uint256 page, uint256 pages);
    error DisputesSlashingPageDone(uint64 epoch, uint32 round, uint256 page);
    /// @notice The evidence is not two different, still-counting reports of one epoch backed by one oracle.
    error DisputesNotEquivocation();
    /// @notice `oracle` had no oracle stake at `epoch`'s snapshot: it cannot equivocate in that epoch.
    error DisputesNoWeight(address oracle, uint64 epoch);
    error DisputesEquivocationAlreadyPunished(address oracle, uint64 epoch);
    error DisputesNothingToWithdraw(address account);
    /// @notice The staking cooldown would fall below the challenge window plus the ruling period.
    error DisputesCooldownBelowDisputeHorizon(uint256 cooldown, uint256 horizon);

    /// @notice `disputer` disputed `epoch`'s accepted report of `round`, posting `bond`; the report is frozen.
    /// @param epoch The disputed epoch.
    /// @param disputer Who posted the bond.
    /// @param round The round of the disputed report.
    /// @param bond The bond posted, in the asset.
    event ReportDisputed(uint64 indexed epoch, address indexed disputer, uint32 round, uint256 bond);
    /// @notice The dispute of `epoch` was ruled by `resolver`.
    /// @param epoch The disputed epoch.
    /// @param upheld True if the dispute was upheld (the report voided and its signers slashed), false if rejected.
    /// @param slashed Total stake slashed from the report's signers (0 when rejected, or when the slashing is
    /// deferred to pages).
    /// @param disputerReward Part of the slash credited to the disputer, besides its bond.
    /// @param resolver The account that ruled.
    event DisputeResolved(
        uint64 indexed epoch,
        bool upheld,
        uint256 slashed,
        uint256 disputerReward,
        address indexed resolver
    );
    /// @notice Nobody ruled `epoch`'s dispute in time (`moot`: its round was voided first). The bond was credited
    /// back; the next dispute of the epoch costs `nextBond`.
    /// @param epoch The disputed epoch.
    /// @param round The report round the dispute was about.
    /// @param moot True if that round had already been voided.
    /// @param nextBond The bond the next dispute of the epoch costs.
    event DisputeExpired(uint64 indexed epoch, uint32 round, bool moot, uint256 nextBond);
    /// @notice `oracle` was slashed `amount` of stake for `epoch` (an upheld dispute of a report it signed).
    /// @param oracle The oracle slashed.
    /// @param epoch The epoch of the bad report.
    /// @param amount The stake taken, in the asset.
    event OracleSlashed(address indexed oracle, uint64 indexed epoch, uint256 amount);
    /// @notice An upheld dispute had more than SLASH_PAGE signers: they are slashed in `pages` pages by `slashPage`.
    /// @param epoch The epoch of the upheld dispute.
    /// @param round The report round whose signers are slashed.
    /// @param signers Number of signers to slash.
    /// @param pages Number of `slashPage` calls needed.
    event SlashingDeferred(uint64 indexed epoch, uint32 round, uint256 signers, uint256 pages);
    /// @notice Page `page` of an upheld dispute's signers was slashed.
    /// @param epoch The epoch of the bad report.
    /// @param round The round of the bad report.
    /// @param page The page slashed (SLASH_PAGE signers each).
    /// @param slashed The stake taken from the page's signers.
    /// @param reward The part of it credited to the disputer.
    event PageSlashed(uint64 indexed epoch, uint32 round, uint256 page, uint256 slashed, uint256 reward);
    /// @notice `reporter` proved that `oracle` backed two different reports for `epoch`; the oracle was slashed.
    /// @param oracle The equivocating oracle.
    /// @param epoch The epoch it equivocated on.
    /// @param reporter Who showed both reports.
    /// @param slashed The stake taken.
    /// @param reward The part of it credited to the reporter.
    event EquivocationReported(
        address indexed oracle,
        uint64 indexed epoch,
        address indexed reporter,
        uint256 slashed,
        uint256 reward
    );
    /// @notice `account` withdrew `amount` it was credited (bonds back, rewards).
    /// @param account The account paid.
    /// @param amount The amount paid, in the asset.
    event Withdrawn(address indexed account, uint256 amount);
    /// @notice The admin set where slashed stake (beyond rewards) and forfeited bonds go.
    /// @param treasury The new treasury.
    event TreasurySet(address treasury);
    /// @notice Governance set the base dispute bond.
    /// @param disputeBond Base bond of a dispute, in the asset.
    event DisputeBondSet(uint96 disputeBond);
    /// @notice Governance set the ruling period.
    /// @param rulingPeriod Seconds the resolver (or the DAO) has to rule on a dispute.
    event RulingPeriodSet(uint32 rulingPeriod);
    /// @notice Governance set the share of each signer's slashable stake taken when a dispute is upheld.
    /// @param disputeSlashBps The share, in basis points.
    event DisputeSlashBpsSet(uint16 disputeSlashBps);
    /// @notice Governance set the share of an upheld dispute's slashed total paid to the disputer.
    /// @param disputerRewardBps The share, in basis points.
    event DisputerRewardBpsSet(uint16 disputerRewardBps);
    /// @notice Governance set the share of an equivocating oracle's slashable stake taken.
    /// @param equivocationSlashBps The share, in basis points.
    event EquivocationSlashBpsSet(uint16 equivocationSlashBps);
    /// @notice Governance set the share of an equivocation slash paid to its reporter.
    /// @param reporterRewardBps The share, in basis points.
    event ReporterRewardBpsSet(uint16 reporterRewardBps);

    /// @notice Disputes `epoch`'s accepted report during its challenge window: pulls `bondFor(epoch)` of the asset from
    /// the caller and freezes the epoch for at most `rulingPeriod`.
    function dispute(uint64 epoch) external;

    /// @notice Rules on the dispute of `epoch` within its ruling period. RESOLVER_ROLE or the admin (the DAO).
    /// Upheld: `signers` must be the report's counted signers (Attested events in order, or the ReportSubmitted list),
    /// checked against the recorded digest; up to SLASH_PAGE are slashed at once, more are deferred to `slashPage`.
    /// Rejected (`signers` ignored): the bond goes to the treasury and the report may finalize at once.
    function rule(uint64 epoch, bool upheld, address[] calldata signers) external;

    /// @notice Ends `epoch`'s dispute with the default outcome once its ruling period is over, or at once when the
    /// disputed round was voided meanwhile. Anyone may call. See the contract rules.
    function expire(uint64 epoch) external;

    /// @notice Slashes page `page` of the deferred slashing of `epoch`'s disputed `round`. Anyone, once per page.
    function slashPage(uint64 epoch, uint32 round, uint256 page, address[] calldata signers) external;

    /// @notice Slashes the oracle that signed two different reports of one epoch.
    function reportEquivocation(
        IAttributionOracle.Report calldata first,
        bytes calldata firstSignature,
        IAttributionOracle.Report calldata second,
        bytes calldata secondSignature
    ) external;

    /// @notice Slashes the oracle that attested `attested` on chain in `round` (it is `attesters[index]`, the list
    /// checked against the report's attesters digest of that round) and signed the different report `signed` of the
    /// same epoch.
    function reportAttestationEquivocation(
        IAttributionOracle.Report calldata attested,
        uint32 round,
        address[] calldata attesters,
        uint256 index,
        IAttributionOracle.Report calldata signed,
        bytes calldata signature
    ) external;

    /// @notice Pays the caller what it was credited (bonds back, dispute and equivocation rewards).
    function withdraw() external returns (uint256 amount);

    /// @notice The bond the next dispute of `epoch` pulls.
    function bondFor(uint64 epoch) external view returns (uint256);

    /// @notice The open or last dispute of `epoch`.
    function disputeOf(uint64 epoch) external view returns (Dispute memory);

    /// @notice Seconds the resolver has to rule once a dispute is opened.
    function rulingPeriod() external view returns (uint256);

    /// @notice What `account` may withdraw.
    function withdrawable(address account) external view returns (uint256);

    /// @notice Sum of the bonds of open disputes.
    function openBonds() external view returns (uint256);

    /// @notice Sum of what every account may withdraw.
    function totalWithdrawable() external view returns (uint256);

    /// @notice Where slashed stake beyond rewards and forfeited bonds go.
    function treasury() external view returns (address);

    /// @notice The asset of bonds and slashed stake.
    function asset() external view returns (IERC20);

    /// @notice AttributionOracle: the reports it rules on.
    function oracle() external view returns (IAttributionOracle);

    /// @notice OpenStaking: weights and slashing (this contract holds its SLASHER_ROLE).
    function staking() external view returns (IOpenStaking);

    // ---------------------------------------------------------------- constants, role ids, initializer

    /// @notice Role that rules on disputes fast (a security council appointed and replaceable by governance).
    function RESOLVER_ROLE() external view returns (bytes32);

    /// @notice Signers an upheld dispute slashes inline; a longer list is slashed in pages of this many signers.
    function SLASH_PAGE() external view returns (uint256);

    /// @notice Expired disputes of one epoch after which its bond stops doubling (bond * 2^16 at most).
    function MAX_BOND_DOUBLINGS() external view returns (uint256);

    /// @notice Hard-coded lower bound of `disputeBond` (inclusive).
    function MIN_DISPUTE_BOND() external view returns (uint256);

    /// @notice Hard-coded upper bound of `disputeBond` (inclusive).
    function MAX_DISPUTE_BOND() external view returns (uint256);

    /// @notice Hard-coded lower bound of `slashBps` (inclusive).
    function MIN_SLASH_BPS() external view returns (uint256);

    /// @notice Hard-coded upper bound of `slashBps` (inclusive).
    function MAX_SLASH_BPS() external view returns (uint256);

    /// @notice Hard-coded upper bound of `rewardBps` (inclusive).
    function MAX_REWARD_BPS() external view returns (uint256);

    /// @notice Hard-coded lower bound of `rulingPeriod` (inclusive).
    function MIN_RULING_PERIOD() external view returns (uint256);

    /// @notice Hard-coded upper bound of `rulingPeriod` (inclusive).
    function MAX_RULING_PERIOD() external view returns (uint256);

    /// @notice Sets the base bond of a dispute, in the asset [MIN_DISPUTE_BOND, MAX_DISPUTE_BOND], default 1,000e18.
    /// Only the admin. Emits DisputeBondSet.
    function setDisputeBond(uint96 newDisputeBond) external;

    /// @notice Sets the seconds the resolver has to rule [MIN_RULING_PERIOD, MAX_RULING_PERIOD], default 2 days. Only
    /// the admin. Refused (DisputesCooldownBelowDisputeHorizon) when the staking cooldown would fall below the
    /// challenge window plus it. Emits RulingPeriodSet.
    function setRulingPeriod(uint32 newRulingPeriod) external;

    /// @notice Sets the share of each signer's slashable stake taken when a dispute is upheld, in basis points
    /// [MIN_SLASH_BPS, MAX_SLASH_BPS], default 1000. Only the admin. Emits DisputeSlashBpsSet.
    function setDisputeSlashBps(uint16 newDisputeSlashBps) external;

    /// @notice Sets the share of an upheld dispute's slashed total paid to the disputer, in basis points
    /// [0, MAX_REWARD_BPS], default 2000. Only the admin. Emits DisputerRewardBpsSet.
    function setDisputerRewardBps(uint16 newDisputerRewardBps) external;

    /// @notice Sets the share of an equivocating oracle's slashable stake taken, in basis points
    /// [MIN_SLASH_BPS, MAX_SLASH_BPS], default 500. Only the admin. Emits EquivocationSlashBpsSet.
    function setEquivocationSlashBps(uint16 newEquivocationSlashBps) external;

    /// @notice Sets the share of an equivocation slash paid to its reporter, in basis points [0, MAX_REWARD_BPS],
    /// default 1000. Only the admin. Emits ReporterRewardBpsSet.
    function setReporterRewardBps(uint16 newReporterRewardBps) external;

    /// @notice Where slashed stake (beyond rewards) and forfeited bonds go. Only the admin. Emits TreasurySet.
    function setTreasury(address newTreasury) external;

    /// @notice Every governance parameter, in one call.
    function parameters()
        external
        view
        returns (
            uint256 disputeBond,
            uint256 rulingPeriod,
            uint256 disputeSlashBps,
            uint256 disputerRewardBps,
            uint256 equivocationSlashBps,
            uint256 reporterRewardBps
        );

    /// @notice Initializes the proxy with default parameters; the admin also gets RESOLVER_ROLE.
    /// @param admin The governance timelock (DEFAULT_ADMIN_ROLE and RESOLVER_ROLE).
    /// @param treasury_ Receives slashed stake beyond rewards and forfeited bonds.
    function initialize(address admin, address treasury_) external;
}
