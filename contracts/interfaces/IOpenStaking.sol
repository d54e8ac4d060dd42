// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IProtocolUpgradeable} from "./IProtocolUpgradeable.sol";
import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";

/// @title IOpenStaking
/// @notice Staking of the protocol asset: voting power, operator roles with a minimum self-stake, slashable stake
/// (also while unbonding), and the staker share of fees.
/// @dev The whole external API of OpenStaking: votes and delegation are IERC5805's (IVotes with the ERC-6372 clock),
/// except `nonces(address owner)` (the next nonce for `delegateBySig`), which is OpenZeppelin NoncesUpgradeable's and
/// has no standard interface of its own (declaring it here costs the 8 bytes of code this contract cannot spare,
/// docs/decisions/0270). All timepoints are timestamps (ERC-6372 `mode=timestamp`).
///
/// Stake lifecycle: `stake` → active (earns fees, counts as voting units, slashable) → `requestUnstake` → unbonding
/// (earns nothing, no voting units, still slashable) → after the cooldown `withdraw`.
///
/// Assumptions (warnings):
/// - The asset is a plain ERC-20 (OPEN or WOPEN): no fee on transfer, no rebasing, no transfer hooks. A token with
///   fees would make the contract hold less than it accounts for.
/// - The fee source (InferencePayments) is set by governance and trusted to transfer what it reports; the staking
///   contract measures its own balance around `collectStakerFees()` and credits only what actually arrived.
/// - Amounts are stored as uint96 (the whole OPEN supply, 1e27, is below 2^96 ≈ 7.9e28).
/// @custom:security-contact security@openledger.xyz
interface IOpenStaking is IERC5267, IERC5805, IProtocolUpgradeable {
    enum OperatorRole {
        None,
        AttributionOracle,
        ComputeProvider
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Errors
    // ----------------------------------------------------------------------------------------------------------------

    /// @notice An amount of zero was given where a positive amount is required.
    error StakingZeroAmount();
    /// @notice `account` holds `staked` active stake, less than the `required` amount the operation needs (an unstake
    /// request larger than the active stake, or a registration below the role's minimum self-stake).
    error StakingInsufficientStake(address account, uint256 staked, uint256 required);
    /// @notice The unstake request would leave registered `operator` with `remaining` active stake, below the minimum
    /// self-stake `required` by its role. Deregister first.
    error StakingOperatorBelowMinimum(address operator, uint256 remaining, uint256 required);
    /// @notice `operator` is already registered, with role `role`.
    error StakingOperatorAlreadyRegistered(address operator, OperatorRole role);
    /// @notice `operator` is not a registered operator.
    error StakingOperatorNotRegistered(address operator);
    /// @notice `OperatorRole.None` is not a role one can register for.
    error StakingInvalidRole();
    /// @notice `account` has nothing unbonding.
    error StakingNothingToWithdraw(address account);
    /// @notice `account`'s unbonding stake is released at `releaseTime`; it is now `currentTime`.
    error StakingCooldownNotElapsed(address account, uint256 releaseTime, uint256 currentTime);
    /// @notice `account`'s oracle stake last changed at `lastChange`; a report weighed before then is not settled yet
    /// (it can still be disputed and slashed), so its unbonding stake cannot leave.
    error StakingStakeLocked(address account, uint256 lastChange);
    /// @notice The cooldown `cooldown` is below the stake guard's dispute horizon (challenge window + ruling period).
    error StakingCooldownBelowDisputeHorizon(uint256 cooldown, uint256 horizon);

    // ----------------------------------------------------------------------------------------------------------------
    // Events
    // ----------------------------------------------------------------------------------------------------------------

    /// @notice `payer` staked `amount` for `account`, whose active stake is now `activeStake`.
    /// @param account The account whose stake grew.
    /// @param payer The account that paid the asset in.
    /// @param amount Asset staked.
    /// @param activeStake `account`'s active stake after the stake.
    event Staked(address indexed account, address indexed payer, uint256 amount, uint256 activeStake);
    /// @notice `account` moved `amount` of active stake into its unbonding bucket, which now holds `unbondingStake`
    /// and is released at `releaseTime` (the whole bucket: each request restarts the cooldown).
    /// @param account The account.
    /// @param amount Active stake moved to unbonding.
    /// @param unbondingStake The unbonding bucket after the move.
    /// @param releaseTime Time from which the bucket can be withdrawn.
    event UnstakeRequested(address indexed account, uint256 amount, uint256 unbondingStake, uint256 releaseTime);
    /// @notice `account` withdrew its released unbonding stake of `amount`.
    /// @param account The account paid.
    /// @param amount Asset paid.
    event Withdrawn(address indexed account, uint256 amount);
    /// @notice `operator` was slashed `fromActive` of active and `fromUnbonding` of unbonding stake, sent to
    /// `recipient`.
    /// @param operator The slashed operator.
    /// @param fromActive Amount taken from its active stake.
    /// @param fromUnbonding Amount taken from its unbonding stake.
    /// @param recipient The account that received the slashed asset.
    event Slashed(address indexed operator, uint256 fromActive, uint256 fromUnbonding, address indexed recipient);
    /// @notice `operator` registered for `role`.
    /// @param operator The operator.
    /// @param role The role it registered for.
    event OperatorRegistered(address indexed operator, OperatorRole role);
    /// @notice `operator` left `role`.
    /// @param operator The operator.
    /// @param role The role it left.
    event OperatorDeregistered(address indexed operator, OperatorRole role);
    /// @notice `amount` of staker fees was collected from the fee source; the reward per unit of active stake is now
    /// `rewardPerShare` (scaled by `REWARD_PRECISION`).
    /// @param amount Asset collected.
    /// @param rewardPerShare The accumulator after the collection (scaled by `REWARD_PRECISION`).
    event FeesCollected(uint256 amount, uint256 rewardPerShare);
    /// @notice `account` claimed `amount` of rewards.
    /// @param account The account paid.
    /// @param amount Asset paid.
    event RewardsClaimed(address indexed account, uint256 amount);
    /// @notice The fee source the staker share is pulled from changed to `feeSource`.
    /// @param feeSource The new fee source.
    event FeeSourceSet(address indexed feeSource);
    /// @notice The stake guard (AttributionOracle) changed to `guard`.
    /// @param guard The new stake guard.
    event StakeGuardSet(address indexed guard);
    /// @notice The admin set the unbonding cooldown.
    /// @param cooldown Seconds between an unstake request and the withdrawal.
    event CooldownSet(uint256 cooldown);
    /// @notice The admin set the least self-stake an operator of `role` needs to register.
    /// @param role The operator role.
    /// @param minStake The least self-stake, in the asset.
    event MinOperatorStakeSet(OperatorRole role, uint256 minStake);

    // ----------------------------------------------------------------------------------------------------------------
    // Cross-contract surface (AttributionOracle, governor, periphery)
    // ----------------------------------------------------------------------------------------------------------------

    /// @notice Role `operator` has registered for (`None` if not registered).
    function operatorRole(address operator) external view returns (OperatorRole);

    /// @notice `operator`'s own active stake counted as oracle stake at `timestamp` (zero unless it was a registered
    /// attribution oracle then). `timestamp` must be in the past.
    function getPastOracleStake(address operator, uint256 timestamp) external view returns (uint256);

    /// @notice Sum of all registered attribution oracles' active stake at `timestamp` (in the past).
    function getPastTotalOracleStake(uint256 timestamp) external view returns (uint256);

    /// @notice Slashable stake of `operator` now: active plus unbonding.
    function slashableStake(address operator) external view returns (uint256);

    /// @notice Takes up to `amount` of `operator`'s stake, active first then unbonding, and transfers it to
    /// `recipient`. Returns what was actually slashed (less than `amount` when the stake is smaller).
    /// @dev Only the slasher role (AttributionOracle).
    function slash(address operator, uint256 amount, address recipient) external returns (uint256 slashed);

    /// @notice Stakes `amount` of the asset, pulled from the caller, on behalf of `account`.
    function stakeFor(address account, uint256 amount) external;

    // ----------------------------------------------------------------------------------------------------------------
    // Staking API
    // ----------------------------------------------------------------------------------------------------------------

    /// @notice Stakes `amount` of the asset, pulled from the caller (approve first), for the caller.
    /// @dev The new stake counts as voting units of the caller's delegate; like ERC20Votes, votes count only once the
    /// staker has delegated (to itself or to someone else) with `delegate`.
    function stake(uint256 amount) external;

    /// @notice Moves `amount` of the caller's active stake into its unbonding bucket and (re)starts the bucket's
    /// cooldown: the whole bucket is released at `block.timestamp + cooldown()`.
    /// @dev One bucket per account keeps slashing O(1). Adding to a bucket restarts its release time. The stake stops
    /// earning rewards and counting as votes at once, and stays slashable until withdrawn. A registered operator
    /// cannot go below its role's minimum self-stake (it must deregister first).
    function requestUnstake(uint256 amount) external;

    /// @notice Transfers the caller's whole unbonding bucket to the caller once its cooldown has elapsed and, if it
    /// lowered its oracle stake, once every attribution report weighed before then is settled (stake guard).
    function withdraw() external returns (uint256 amount);

    /// @notice Registers the caller as an operator for `role`. Needs at least `minOperatorStake(role)` active stake.
    function registerOperator(OperatorRole role) external;

    /// @notice Deregisters the caller. Its stake stays staked (and slashable) until it unstakes and withdraws.
    function deregisterOperator() external;

    /// @notice Pulls the accrued staker fees from the fee source and credits them to active stakers.
    /// @dev Anyone may call. Does nothing (returns 0) when no fee source is set or no stake is active: the fees then
    /// stay accrued at the source until someone stakes.
    function collectFees() external returns (uint256 amount);

    /// @notice Collects pending fees, then pays the caller every reward it has earned.
    function claimRewards() external returns (uint256 amount);

    /// @notice Sets the fee source (InferencePayments). Only the admin (governance timelock). Zero disables pulling.
    function setFeeSource(address feeSource) external;

    /// @notice Sets the unbonding cooldown in seconds. Only the admin. Applies to later requests only. Refused below
    /// the stake guard's dispute horizon (challenge window + ruling period): ProtocolParameterOutOfBounds with that
    /// horizon as the minimum when it is above MIN_COOLDOWN.
    function setCooldown(uint256 cooldown) external;

    /// @notice Sets the stake guard (AttributionOracle): `withdraw` of an account whose oracle stake last changed at
    /// time t waits until `guard.reportsSettledBefore(t)`. Only the admin. Refused when the cooldown is below the
    /// guard's dispute horizon. Zero disables the check.
    function setStakeGuard(address guard) external;

    /// @notice The stake guard (zero if none).
    function stakeGuard() external view returns (address);

    /// @notice Sets the minimum self-stake of `role`. Only the admin. Already registered operators below the new
    /// minimum stay registered, but cannot unstake below it.
    function setMinOperatorStake(OperatorRole role, uint256 minStake) external;

    // ----------------------------------------------------------------------------------------------------------------
    // Views
    // ----------------------------------------------------------------------------------------------------------------

    /// @notice The staked asset.
    function asset() external view returns (IERC20);

    /// @notice Where the staker share of fees is pulled from.
    function feeSource() external view returns (address);

    /// @notice Current unbonding cooldown, in seconds.
    function cooldown() external view returns (uint256);

    /// @notice Minimum self-stake of an operator registered for `role`.
    function minOperatorStake(OperatorRole role) external view returns (uint256);

    /// @notice `account`'s active stake (earning rewards and counting as voting units).
    function activeStake(address account) external view returns (uint256);

    /// @notice `account`'s unbonding bucket and the timestamp at which it can be withdrawn.
    function unbonding(address account) external view returns (uint256 amount, uint256 releaseTime);

    /// @notice Sum of all active stake (equals the total supply of voting units).
    function totalActiveStake() external view returns (uint256);

    /// @notice Sum of all unbonding buckets.
    function totalUnbondingStake() external view returns (uint256);

    /// @notice Sum of all registered attribution oracles' active stake now.
    function totalOracleStake() external view returns (uint256);

    /// @notice The raw word at storage `slot` of this contract (the proxy's storage). Derived views that no
    /// transaction needs (pending rewards, the reward index, its carried remainder) are computed from it by
    /// `OpenStakingLens` (contracts/periphery) and its TypeScript twin, so the core stays under the size limit
    /// (docs/decisions/0249).
    function extSload(bytes32 slot) external view returns (bytes32 value);

    // ---------------------------------------------------------------- constants, role ids, initializer

    /// @notice Role that may slash (the AttributionOracle).
    function SLASHER_ROLE() external view returns (bytes32);

    /// @notice Scale of `rewardPerShare`.
    function REWARD_PRECISION() external view returns (uint256);

    /// @notice Default unbonding cooldown. It must exceed the attribution challenge window plus the time governance
    /// needs to resolve a dispute, so that stake under dispute cannot leave before it can be slashed.
    function DEFAULT_COOLDOWN() external view returns (uint256);

    /// @notice Lower bound of the cooldown (challenge window + dispute resolution must fit inside it).
    function MIN_COOLDOWN() external view returns (uint256);

    /// @notice Upper bound of the cooldown (so governance cannot lock stakers in).
    function MAX_COOLDOWN() external view returns (uint256);

    /// @notice Default minimum self-stake of an attribution oracle.
    function DEFAULT_MIN_ORACLE_STAKE() external view returns (uint256);

    /// @notice Default minimum self-stake of a compute provider.
    function DEFAULT_MIN_COMPUTE_STAKE() external view returns (uint256);

    /// @notice Lower bound of any role's minimum self-stake.
    function MIN_OPERATOR_STAKE_LOWER() external view returns (uint256);

    /// @notice Upper bound of any role's minimum self-stake.
    function MIN_OPERATOR_STAKE_UPPER() external view returns (uint256);

    /// @notice Initializes the proxy.
    /// @param admin The governance timelock (DEFAULT_ADMIN_ROLE).
    /// @param feeSource_ The InferencePayments contract, or zero to set it later.
    /// @param slasher The AttributionOracle (SLASHER_ROLE), or zero to grant the role later.
    /// @dev `__EIP712_init` is not called: the domain's name and version are constants (`_EIP712Name`,
    /// `_EIP712Version`), and that initializer would only store two strings nothing reads (410 bytes of code;
    /// docs/decisions/0249). EIP712's namespace stays all zero, the state that initializer leaves its hashes in.
    function initialize(address admin, address feeSource_, address slasher) external;
}
