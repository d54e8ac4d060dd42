// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VotesUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/utils/VotesUpgradeable.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";
import {ConstantDomainEIP712} from "./base/ConstantDomainEIP712.sol";
import {ProtocolUpgradeable} from "./base/ProtocolUpgradeable.sol";
import {IInferencePayments} from "./interfaces/IInferencePayments.sol";
import {IOpenStaking} from "./interfaces/IOpenStaking.sol";
import {IStakeGuard} from "./interfaces/IStakeGuard.sol";
import {RewardPerShare} from "./libraries/RewardPerShare.sol";

/// @title OpenStaking
/// @notice Stake the protocol asset to vote, to run an attribution oracle or a compute provider, and to earn the
/// staker share of inference fees. Stake is slashable while active and while unbonding.
///
/// @dev STAKE ACCOUNTING
/// Each account has two packed slots. `Account` = {active, paidPerShare, role} is all that `stake` touches; `Owed` =
/// {unbonding, releaseTime, rewards} holds what the account is owed besides its active stake. The unbonding bucket is
/// one per account, released as a whole at `releaseTime`; adding to it restarts the release time at
/// `now + cooldown` (docs/decisions/0140). With a single bucket, slashing reads and writes a fixed number of slots
/// whatever the account did before: no queue, no user-controlled loop. The total active stake is not stored twice:
/// it is the latest value of the total-active-stake checkpoint, which is also the Votes total supply.
/// The asset is an immutable of the implementation (read without a storage load on every stake); an upgrade must
/// deploy the new implementation with the same asset (docs/decisions/0143).
///
/// REWARD ACCUMULATOR (the staker share of fees)
/// Algorithm: the classic reward-per-share accumulator over ACTIVE stake. When fees `F` arrive (pulled from the fee
/// source by `collectFees`/`claimRewards`), every unit of active stake earns `F / totalActive`:
///
///     rewardPerShare += (F * REWARD_PRECISION + rewardRemainder) / totalActive
///     rewardRemainder = (F * REWARD_PRECISION + rewardRemainder) % totalActive
///
/// An account's rewards are settled lazily, before any change of its active stake:
///
///     accrued += active * (rewardPerShare - paidPerShare) / REWARD_PRECISION;   paidPerShare = rewardPerShare
///
/// Precision: `REWARD_PRECISION = 1e18`. The division remainder of each distribution is carried into the next one
/// (`rewardRemainder`, always < totalActive), so no fee is lost to rounding in the global index; each settlement of
/// an account floors by less than 1 wei, always in the protocol's favour. The product active * Δindex is below
/// 2^96 * 2^152 = 2^248, so it is exact in 256 bits without a 512-bit `mulDiv` (docs/decisions/0249).
/// Range: the index is stored in 152 bits (packed with the account's stake, for gas). It reaches 2^152 ≈ 5.7e45 only
/// after fees worth 5.7e27 wei (5.7e9 OPEN, more than the supply) were paid per wei of active stake. Should it ever
/// come close, `_collectFees` stops collecting (fees stay at the source) instead of overflowing.
///
/// Invariant: asset.balanceOf(this) >= totalActive + totalUnbonding + Σ pendingRewards(account), and the difference
/// is only: the carried remainder `rewardRemainder / REWARD_PRECISION` (< totalActive / 1e18 wei, so below 1e-9 OPEN
/// even with the whole supply staked; it is distributed with the next fees), < 1 wei floored per account
/// settlement, and whatever was sent to the contract by plain transfer.
///
/// Fees are pulled, never pushed: the fee source accrues them and this contract collects them when someone calls
/// `collectFees` or `claimRewards`. While `totalActive == 0` nothing is collected (there is nobody to credit), so
/// the fees stay accrued at the source and go to the first stakers (docs/decisions/0141).
///
/// VOTES
/// OZ `VotesUpgradeable` with a timestamp clock: voting units = active stake. As with ERC20Votes, units count as
/// votes only once the staker has delegated (to itself or another account); the total supply of votes is the total
/// active stake whether or not it is delegated.
///
/// ORACLE STAKE CHECKPOINTS
/// Each registered attribution oracle's active stake and the total over all oracles are checkpointed by timestamp
/// (`Checkpoints.Trace208`), pushed on stake, unstake request, slash, register and deregister, so the
/// AttributionOracle can weigh signatures by the stake at an epoch's end, unaffected by later moves. Each trace's
/// latest checkpoint is mirrored in one slot, so a lookup at or after the latest change costs one cold read instead
/// of two or more (docs/decisions/0235).
/// @custom:security-contact security@openledger.xyz
contract OpenStaking is
    ProtocolUpgradeable,
    VotesUpgradeable,
    ConstantDomainEIP712,
    ReentrancyGuardTransient,
    IOpenStaking
{
    using SafeERC20 for IERC20;
    using SafeCast for uint256;
    using Checkpoints for Checkpoints.Trace208;

    /// @notice Role that may slash (the AttributionOracle).
    bytes32 public constant SLASHER_ROLE = keccak256("SLASHER_ROLE");

    /// @notice Scale of `rewardPerShare`.
    uint256 public constant REWARD_PRECISION = 1e18;

    /// @dev Headroom below 2^152 under which the index stops growing (larger than any single distribution).
    uint256 private constant INDEX_HEADROOM = 2 ** 150;

    /// @notice Default unbonding cooldown. It must exceed the attribution challenge window plus the time governance
    /// needs to resolve a dispute, so that stake under dispute cannot leave before it can be slashed.
    uint256 public constant DEFAULT_COOLDOWN = 14 days;
    /// @notice Lower bound of the cooldown (challenge window + dispute resolution must fit inside it).
    uint256 public constant MIN_COOLDOWN = 7 days;
    /// @notice Upper bound of the cooldown (so governance cannot lock stakers in).
    uint256 public constant MAX_COOLDOWN = 90 days;

    /// @notice Default minimum self-stake of an attribution oracle.
    uint256 public constant DEFAULT_MIN_ORACLE_STAKE = 10_000 ether;
    /// @notice Default minimum self-stake of a compute provider.
    uint256 public constant DEFAULT_MIN_COMPUTE_STAKE = 1_000 ether;
    /// @notice Lower bound of any role's minimum self-stake.
    uint256 public constant MIN_OPERATOR_STAKE_LOWER = 1 ether;
    /// @notice Upper bound of any role's minimum self-stake.
    uint256 public constant MIN_OPERATOR_STAKE_UPPER = 10_000_000 ether;

    /// @dev What `stake` reads and writes: one slot.
    struct Account {
        uint96 active;
        uint152 paidPerShare;
        OperatorRole role;
    }

    /// @dev What the account is owed besides its active stake: the unbonding bucket and settled rewards. One slot.
    struct Owed {
        uint96 unbonding;
        uint48 releaseTime;
        uint96 rewards;
        // The account lowered its own oracle stake (unstake request as an oracle, deregistration): its withdrawals ask
        // the stake guard (docs/decisions/0242). Set in this slot so that other stakers' withdrawals read nothing more.
        bool guarded;
    }

    /// @custom:storage-location erc7201:openledger.storage.OpenStaking
    struct OpenStakingStorage {
        // slot 0: read together when fees are collected
        address feeSource;
        uint96 rewardRemainder;
        // slot 1: parameters, read by operators and unstake requests
        uint96 minOracleStake;
        uint96 minComputeStake;
        uint48 cooldown;
        // slot 2: the index is read by every stake; the unbonding total is written with it on unstake
        uint152 rewardPerShare;
        uint96 totalUnbonding;
        mapping(address account => Account) accounts;
        mapping(address account => Owed) owed;
        mapping(address operator => Checkpoints.Trace208) oracleStake;
        Checkpoints.Trace208 totalOracleStake;
        // Total active stake = total supply of voting units, checkpointed by timestamp.
        Checkpoints.Trace208 totalActive;
        // The latest checkpoint of each trace above, one slot each, written with every push: a lookup at or after the
        // latest change (the usual case: oracles' stake rarely moves) reads this one slot instead of the trace's
        // length and an element (docs/decisions/0235).
        mapping(address operator => Checkpoints.Checkpoint208) oracleStakeHead;
        Checkpoints.Checkpoint208 totalOracleStakeHead;
        // AttributionOracle: asked before unbonding stake that weighed in reports leaves (docs/decisions/0242).
        address stakeGuard;
    }

    // keccak256(abi.encode(uint256(keccak256("openledger.storage.OpenStaking")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant OPEN_STAKING_STORAGE_LOCATION =
        0x4993b7a6e115dddc3c09853ec8f4ba27614bb6b81f9a23ab71a74ec8193f7f00;

    function _getStorage() private pure returns (OpenStakingStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := OPEN_STAKING_STORAGE_LOCATION
        }
    }

    /// @dev The staked asset (OPEN or WOPEN), fixed for the implementation.
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    IERC20 private immutable ASSET;

    /// @param asset_ The staked asset (OPEN or WOPEN). Every implementation behind a proxy must use the same one.
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IERC20 asset_) {
        if (address(asset_) == address(0)) revert ProtocolZeroAddress();
        ASSET = asset_;
    }

    /// @notice Initializes the proxy.
    /// @param admin The governance timelock (DEFAULT_ADMIN_ROLE).
    /// @param feeSource_ The InferencePayments contract, or zero to set it later.
    /// @param slasher The AttributionOracle (SLASHER_ROLE), or zero to grant the role later.
    /// @dev `__EIP712_init` is not called: the domain's name and version are constants (`_EIP712Name`,
    /// `_EIP712Version`), and that initializer would only store two strings nothing reads (410 bytes of code;
    /// docs/decisions/0249). EIP712's namespace stays all zero, the state that initializer leaves its hashes in. With
    /// that call absent the validator also reports an initializer order (EIP712 before ProtocolUpgradeable) that has
    /// nothing to order: hence the second allowance.
    /// @custom:oz-upgrades-unsafe-allow missing-initializer-call incorrect-initializer-order
    function initialize(address admin, address feeSource_, address slasher) external initializer {
        __ProtocolUpgradeable_init(admin);
        __Votes_init();
        OpenStakingStorage storage $ = _getStorage();
        $.feeSource = feeSource_;
        if (feeSource_ != address(0)) emit FeeSourceSet(feeSource_);
        if (slasher != address(0)) _grantRole(SLASHER_ROLE, slasher);
        _setCooldown(DEFAULT_COOLDOWN);
        _setMinOperatorStake(OperatorRole.AttributionOracle, DEFAULT_MIN_ORACLE_STAKE);
        _setMinOperatorStake(OperatorRole.ComputeProvider, DEFAULT_MIN_COMPUTE_STAKE);
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Staking
    // ----------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IOpenStaking
    function stake(uint256 amount) external nonReentrant {
        _stake(msg.sender, msg.sender, amount);
    }

    /// @inheritdoc IOpenStaking
    function stakeFor(address account, uint256 amount) external nonReentrant {
        if (account == address(0)) revert ProtocolZeroAddress();
        _stake(account, msg.sender, amount);
    }

    /// @inheritdoc IOpenStaking
    function requestUnstake(uint256 amount) external nonReentrant {
        if (amount == 0) revert StakingZeroAmount();
        OpenStakingStorage storage $ = _getStorage();
        Account memory acct = $.accounts[msg.sender];
        if (amount > acct.active) revert StakingInsufficientStake(msg.sender, acct.active, amount);
        uint256 remaining;
        // unchecked: amount <= acct.active was checked just above.
        unchecked {
            remaining = acct.active - amount;
        }
        if (acct.role != OperatorRole.None) {
            uint256 minimum = _minOperatorStake($, acct.role);
            if (remaining < minimum) revert StakingOperatorBelowMinimum(msg.sender, remaining, minimum);
        }
        Owed storage owed = $.owed[msg.sender];
        _settle($, acct, owed);
        uint96 amount96 = uint96(amount); // amount <= acct.active, a uint96
        acct.active = uint96(remaining);
        $.accounts[msg.sender] = acct;
        uint96 unbondingStake = owed.unbonding + amount96;
        uint48 releaseTime = uint48(block.timestamp) + $.cooldown;
        owed.unbonding = unbondingStake;
        owed.releaseTime = releaseTime;
        $.totalUnbonding += amount96;
        if (acct.role == OperatorRole.AttributionOracle) {
            owed.guarded = true;
            _pushOracleStake($, msg.sender, remaining, amount, false);
        }
        _burnVotingUnits($, msg.sender, amount);
        emit UnstakeRequested(msg.sender, amount, unbondingStake, releaseTime);
    }

    /// @inheritdoc IOpenStaking
    function withdraw() external nonReentrant returns (uint256 amount) {
        OpenStakingStorage storage $ = _getStorage();
        Owed storage owed = $.owed[msg.sender];
        amount = owed.unbonding;
        if (amount == 0) revert StakingNothingToWithdraw(msg.sender);
        uint256 releaseTime = owed.releaseTime;
        if (block.timestamp < releaseTime) {
            revert StakingCooldownNotElapsed(msg.sender, releaseTime, block.timestamp);
        }
        if (owed.guarded) _requireSettled($);
        owed.unbonding = 0;
        owed.releaseTime = 0;
        $.totalUnbonding -= uint96(amount);
        ASSET.safeTransfer(msg.sender, amount);
        emit Withdrawn(msg.sender, amount);
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Operators
    // ----------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IOpenStaking
    function registerOperator(OperatorRole role) external {
        if (role == OperatorRole.None) revert StakingInvalidRole();
        OpenStakingStorage storage $ = _getStorage();
        Account storage acct = $.accounts[msg.sender];
        OperatorRole current = acct.role;
        if (current != OperatorRole.None) revert StakingOperatorAlreadyRegistered(msg.sender, current);
        uint256 active = acct.active;
        uint256 minimum = _minOperatorStake($, role);
        if (active < minimum) revert StakingInsufficientStake(msg.sender, active, minimum);
        acct.role = role;
        if (role == OperatorRole.AttributionOracle) _pushOracleStake($, msg.sender, active, active, true);
        emit OperatorRegistered(msg.sender, role);
    }

    /// @inheritdoc IOpenStaking
    function deregisterOperator() external {
        OpenStakingStorage storage $ = _getStorage();
        Account storage acct = $.accounts[msg.sender];
        OperatorRole role = acct.role;
        if (role == OperatorRole.None) revert StakingOperatorNotRegistered(msg.sender);
        acct.role = OperatorRole.None;
        if (role == OperatorRole.AttributionOracle) {
            _pushOracleStake($, msg.sender, 0, acct.active, false);
            $.owed[msg.sender].guarded = true;
        }
        emit OperatorDeregistered(msg.sender, role);
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Slashing
    // ----------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IOpenStaking
    function slash(
        address operator,
        uint256 amount,
        address recipient
    ) external onlyRole(SLASHER_ROLE) nonReentrant returns (uint256 slashed) {
        if (recipient == address(0)) revert ProtocolZeroAddress();
        OpenStakingStorage storage $ = _getStorage();
        Account memory acct = $.accounts[operator];
        Owed storage owed = $.owed[operator];
        uint256 fromActive = Math.min(amount, acct.active);
        uint256 fromUnbonding;
        // unchecked: fromActive <= amount.
        unchecked {
            fromUnbonding = Math.min(amount - fromActive, owed.unbonding);
        }
        if (fromActive != 0) {
            // Rewards earned before the slash stay the operator's; only the stake is taken.
            _settle($, acct, owed);
            acct.active -= uint96(fromActive);
            $.accounts[operator] = acct;
            if (acct.role == OperatorRole.AttributionOracle) {
                _pushOracleStake($, operator, acct.active, fromActive, false);
            }
            _burnVotingUnits($, operator, fromActive);
        }
        if (fromUnbonding != 0) {
            owed.unbonding -= uint96(fromUnbonding);
            $.totalUnbonding -= uint96(fromUnbonding);
        }
        // unchecked: both parts are bounded by uint96 balances.
        unchecked {
            slashed = fromActive + fromUnbonding;
        }
        if (slashed != 0) {
            ASSET.safeTransfer(recipient, slashed);
            emit Slashed(operator, fromActive, fromUnbonding, recipient);
        }
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Rewards
    // ----------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IOpenStaking
    function collectFees() external nonReentrant returns (uint256 amount) {
        return _collectFees(_getStorage());
    }

    /// @inheritdoc IOpenStaking
    function claimRewards() external nonReentrant returns (uint256 amount) {
        OpenStakingStorage storage $ = _getStorage();
        _collectFees($);
        Account memory acct = $.accounts[msg.sender];
        Owed storage owed = $.owed[msg.sender];
        if (_settle($, acct, owed)) $.accounts[msg.sender] = acct;
        amount = owed.rewards;
        if (amount != 0) {
            owed.rewards = 0;
            ASSET.safeTransfer(msg.sender, amount);
            emit RewardsClaimed(msg.sender, amount);
        }
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Governance parameters
    // ----------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IOpenStaking
    function setFeeSource(address feeSource_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _getStorage().feeSource = feeSource_;
        emit FeeSourceSet(feeSource_);
    }

    /// @inheritdoc IOpenStaking
    function setCooldown(uint256 cooldown_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setCooldown(cooldown_);
    }

    /// @inheritdoc IOpenStaking
    function setStakeGuard(address guard) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _getStorage().stakeGuard = guard;
        emit StakeGuardSet(guard);
    }

    /// @inheritdoc IOpenStaking
    function stakeGuard() external view returns (address) {
        return _getStorage().stakeGuard;
    }

    /// @inheritdoc IOpenStaking
    function setMinOperatorStake(OperatorRole role, uint256 minStake) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMinOperatorStake(role, minStake);
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Views
    // ----------------------------------------------------------------------------------------------------------------

    /// @dev EIP-712 domain name, a constant instead of a storage string (OpenZeppelin's documented override).
    // solhint-disable-next-line func-name-mixedcase
    function _EIP712Name() internal pure override returns (string memory) {
        return "OpenStaking";
    }

    /// @dev EIP-712 domain version, a constant.
    // solhint-disable-next-line func-name-mixedcase
    function _EIP712Version() internal pure override returns (string memory) {
        return "1";
    }

    /// @dev The constant-domain digest (ConstantDomainEIP712), used by `delegateBySig`.
    function _hashTypedDataV4(
        bytes32 structHash
    ) internal view override(EIP712Upgradeable, ConstantDomainEIP712) returns (bytes32) {
        return super._hashTypedDataV4(structHash);
    }

    /// @notice ERC-6372 clock: the block timestamp.
    function clock() public view override(IERC6372, VotesUpgradeable) returns (uint48) {
        return uint48(block.timestamp);
    }

    /// @notice ERC-6372 clock mode.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override(IERC6372, VotesUpgradeable) returns (string memory) {
        return "mode=timestamp";
    }

    /// @inheritdoc IOpenStaking
    function operatorRole(address operator) external view returns (OperatorRole) {
        return _getStorage().accounts[operator].role;
    }

    /// @inheritdoc IOpenStaking
    function getPastOracleStake(address operator, uint256 timestamp) external view returns (uint256) {
        OpenStakingStorage storage $ = _getStorage();
        return _lookup($.oracleStake[operator], $.oracleStakeHead[operator], _validateTimepoint(timestamp));
    }

    /// @inheritdoc IOpenStaking
    function getPastTotalOracleStake(uint256 timestamp) external view returns (uint256) {
        OpenStakingStorage storage $ = _getStorage();
        return _lookup($.totalOracleStake, $.totalOracleStakeHead, _validateTimepoint(timestamp));
    }

    /// @inheritdoc IOpenStaking
    function slashableStake(address operator) external view returns (uint256) {
        OpenStakingStorage storage $ = _getStorage();
        return uint256($.accounts[operator].active) + $.owed[operator].unbonding;
    }

    /// @inheritdoc IOpenStaking
    function asset() external view returns (IERC20) {
        return ASSET;
    }

    /// @inheritdoc IOpenStaking
    function feeSource() external view returns (address) {
        return _getStorage().feeSource;
    }

    /// @inheritdoc IOpenStaking
    function cooldown() external view returns (uint256) {
        return _getStorage().cooldown;
    }

    /// @inheritdoc IOpenStaking
    function minOperatorStake(OperatorRole role) external view returns (uint256) {
        if (role == OperatorRole.None) return 0;
        return _minOperatorStake(_getStorage(), role);
    }

    /// @inheritdoc IOpenStaking
    function activeStake(address account) external view returns (uint256) {
        return _getStorage().accounts[account].active;
    }

    /// @inheritdoc IOpenStaking
    function unbonding(address account) external view returns (uint256 amount, uint256 releaseTime) {
        Owed storage owed = _getStorage().owed[account];
        return (owed.unbonding, owed.releaseTime);
    }

    /// @inheritdoc IOpenStaking
    function extSload(bytes32 slot) external view returns (bytes32 value) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            value := sload(slot)
        }
    }

    /// @inheritdoc IOpenStaking
    function totalActiveStake() external view returns (uint256) {
        return _getTotalSupply();
    }

    /// @inheritdoc IOpenStaking
    function totalUnbondingStake() external view returns (uint256) {
        return _getStorage().totalUnbonding;
    }

    /// @inheritdoc IOpenStaking
    function totalOracleStake() external view returns (uint256) {
        return _getStorage().totalOracleStakeHead._value;
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Internal
    // ----------------------------------------------------------------------------------------------------------------

    function _stake(address account, address payer, uint256 amount) private {
        if (amount == 0) revert StakingZeroAmount();
        OpenStakingStorage storage $ = _getStorage();
        Account memory acct = $.accounts[account];
        uint96 amount96 = amount.toUint96();
        if (acct.active != 0) {
            _settle($, acct, $.owed[account]);
        } else {
            // Nothing to settle: only start the account at the current index.
            acct.paidPerShare = $.rewardPerShare;
        }
        uint96 newActive = acct.active + amount96;
        acct.active = newActive;
        $.accounts[account] = acct;
        if (acct.role == OperatorRole.AttributionOracle) _pushOracleStake($, account, newActive, amount, true);
        _mintVotingUnits($, account, amount);
        ASSET.safeTransferFrom(payer, address(this), amount);
        emit Staked(account, payer, amount, newActive);
    }

    /// @dev Credits the rewards `acct.active` earned since its last settlement to `owed.rewards` and moves
    /// `acct.paidPerShare` (in memory: the caller writes `acct` back) to the current index. Returns whether it moved.
    function _settle(OpenStakingStorage storage $, Account memory acct, Owed storage owed) private returns (bool) {
        uint152 index = $.rewardPerShare;
        if (index == acct.paidPerShare) return false;
        if (acct.active != 0) {
            // SafeCast: the rewards owed to one account are bounded by the fees collected, far below 2^96.
            owed.rewards += _accrued(acct.active, index - acct.paidPerShare).toUint96();
        }
        acct.paidPerShare = index;
        return true;
    }

    /// @dev Rewards earned by `active` stake while the index moved by `indexDelta`, floored (RewardPerShare). The
    /// product needs no 512-bit `mulDiv`: it is below 2^96 * 2^152 = 2^248, so it is exact in 256 bits.
    function _accrued(uint96 active, uint152 indexDelta) private pure returns (uint256) {
        return RewardPerShare.accrued(active, indexDelta, REWARD_PRECISION);
    }

    /// @dev Pulls the staker fees from the fee source and adds them to the index. Credits only what arrived.
    function _collectFees(OpenStakingStorage storage $) private returns (uint256 amount) {
        address source = $.feeSource;
        uint256 total = $.totalActive.latest();
        if (source == address(0) || total == 0) return 0;
        // Stop collecting (fees stay at the source) rather than ever overflow the 152-bit index. One collection adds
        // at most amount * 1e18 / 1 < 2^150 to it, since no amount of the asset exceeds its supply (OPEN: 1e27 <
        // 2^90); see the header.
        if (type(uint152).max - $.rewardPerShare < INDEX_HEADROOM) return 0;
        IERC20 token = ASSET;
        uint256 balanceBefore = token.balanceOf(address(this));
        IInferencePayments(source).collectStakerFees();
        amount = token.balanceOf(address(this)) - balanceBefore;
        if (amount == 0) return 0;
        (uint256 indexDelta, uint256 remainder) = RewardPerShare.distribute(
            amount,
            total,
            REWARD_PRECISION,
            $.rewardRemainder
        );
        uint256 index = $.rewardPerShare + indexDelta;
        $.rewardPerShare = index.toUint152();
        // The remainder is < total <= type(uint96).max.
        $.rewardRemainder = uint96(remainder);
        emit FeesCollected(amount, index);
    }

    /// @dev Pushes `operator`'s oracle stake (now `operatorStake`) and moves the total by `delta` up or down.
    function _pushOracleStake(
        OpenStakingStorage storage $,
        address operator,
        uint256 operatorStake,
        uint256 delta,
        bool increase
    ) private {
        uint48 now_ = clock();
        _push($.oracleStake[operator], $.oracleStakeHead[operator], now_, operatorStake);
        Checkpoints.Checkpoint208 storage totalHead = $.totalOracleStakeHead;
        uint256 latest = totalHead._value;
        _push($.totalOracleStake, totalHead, now_, increase ? latest + delta : latest - delta);
    }

    /// @dev Pushes (`key`, `value`) on `trace` and mirrors it in `head`. Every stake fits 208 bits (it is a uint96).
    function _push(
        Checkpoints.Trace208 storage trace,
        Checkpoints.Checkpoint208 storage head,
        uint48 key,
        uint256 value
    ) private {
        trace.push(key, uint208(value));
        head._key = key;
        head._value = uint208(value);
    }

    /// @dev The value of `trace` at `key`: from `head` (its latest checkpoint) when `key` is at or after it, else by
    /// the library's lookup. A trace never pushed has an empty head (key 0, value 0), which answers 0 as it should.
    function _lookup(
        Checkpoints.Trace208 storage trace,
        Checkpoints.Checkpoint208 storage head,
        uint48 key
    ) private view returns (uint256) {
        Checkpoints.Checkpoint208 memory latest = head;
        if (latest._key <= key) return latest._value;
        return trace.upperLookupRecent(key);
    }

    function _minOperatorStake(OpenStakingStorage storage $, OperatorRole role) private view returns (uint256) {
        return role == OperatorRole.AttributionOracle ? $.minOracleStake : $.minComputeStake;
    }

    /// @dev The cooldown is bounded below by MIN_COOLDOWN and by the stake guard's dispute horizon (challenge window
    /// plus ruling period): stake under dispute must not leave before it can be slashed (docs/decisions/0242).
    function _setCooldown(uint256 cooldown_) private {
        OpenStakingStorage storage $ = _getStorage();
        _requireWithinBounds("cooldown", cooldown_, Math.max(MIN_COOLDOWN, _disputeHorizon($)), MAX_COOLDOWN);
        $.cooldown = uint48(cooldown_);
        emit CooldownSet(cooldown_);
    }

    function _disputeHorizon(OpenStakingStorage storage $) private view returns (uint256) {
        address guard = $.stakeGuard;
        return guard == address(0) ? 0 : IStakeGuard(guard).disputeHorizon();
    }

    /// @dev Reverts while a report weighed with the caller's oracle stake can still be disputed. The caller (an
    /// account that lowered its own oracle stake) may have counted in every report weighed before its oracle stake
    /// last changed (the head checkpoint's time: its deregistration or unstake request as an oracle, or any later
    /// change), so the unbonding stake waits until those reports are settled (docs/decisions/0242). While it still
    /// has oracle stake (it kept its role or registered again), it may count in any report up to now: the wait runs
    /// to now, so staking again cannot shorten it (decision 0250).
    function _requireSettled(OpenStakingStorage storage $) private view {
        address guard = $.stakeGuard;
        if (guard == address(0)) return;
        Checkpoints.Checkpoint208 memory head = $.oracleStakeHead[msg.sender];
        uint256 lastChange = head._value == 0 ? head._key : block.timestamp;
        if (!IStakeGuard(guard).reportsSettledBefore(lastChange)) revert StakingStakeLocked(msg.sender, lastChange);
    }

    /// @dev Both roles share the bounds and report one key, "minOperatorStake", when out of them (the role is in
    /// the call; one key instead of two keeps the contract within its size headroom, docs/decisions/0270).
    function _setMinOperatorStake(OperatorRole role, uint256 minStake) private {
        if (role == OperatorRole.None) revert StakingInvalidRole();
        _requireWithinBounds("minOperatorStake", minStake, MIN_OPERATOR_STAKE_LOWER, MIN_OPERATOR_STAKE_UPPER);
        OpenStakingStorage storage $ = _getStorage();
        if (role == OperatorRole.AttributionOracle) $.minOracleStake = uint96(minStake);
        else $.minComputeStake = uint96(minStake);
        emit MinOperatorStakeSet(role, minStake);
    }

    /// @dev Adds `amount` voting units (new active stake) to `account`: total checkpoint, then its delegate's votes.
    /// Equivalent to Votes' `_transferVotingUnits(address(0), account, amount)` without reading the (always unset)
    /// delegate of address(0).
    function _mintVotingUnits(OpenStakingStorage storage $, address account, uint256 amount) private {
        Checkpoints.Trace208 storage total = $.totalActive;
        total.push(clock(), (total.latest() + amount).toUint208());
        _moveDelegateVotes(address(0), delegates(account), amount);
    }

    /// @dev Removes `amount` voting units (active stake leaving) from `account`.
    function _burnVotingUnits(OpenStakingStorage storage $, address account, uint256 amount) private {
        Checkpoints.Trace208 storage total = $.totalActive;
        total.push(clock(), uint208(total.latest() - amount));
        _moveDelegateVotes(delegates(account), address(0), amount);
    }

    /// @notice Votes of `account` at `timepoint`, in the past.
    /// @dev Same answer as OpenZeppelin's `getPastVotes`; the account's latest checkpoint is read first, so a voter
    /// whose votes did not move since `timepoint` (the usual case when a vote is cast) costs two slot reads whatever
    /// the length of its history, instead of a binary search (docs/decisions/0147).
    function getPastVotes(
        address account,
        uint256 timepoint
    ) public view override(IVotes, VotesUpgradeable) returns (uint256) {
        uint48 key = _validateTimepoint(timepoint);
        uint32 n = _numCheckpoints(account);
        if (n == 0) return 0;
        Checkpoints.Checkpoint208 memory latest = _checkpoints(account, n - 1);
        if (latest._key <= key) return latest._value;
        return super.getPastVotes(account, timepoint);
    }

    /// @notice Total supply of votes (= total active stake) at `timepoint`, in the past.
    function getPastTotalSupply(uint256 timepoint) public view override(IVotes, VotesUpgradeable) returns (uint256) {
        return _getStorage().totalActive.upperLookupRecent(_validateTimepoint(timepoint));
    }

    /// @dev Total supply of votes now (= total active stake).
    function _getTotalSupply() internal view override returns (uint256) {
        return _getStorage().totalActive.latest();
    }

    /// @dev Voting units are the active stake.
    function _getVotingUnits(address account) internal view override returns (uint256) {
        return _getStorage().accounts[account].active;
    }
}
