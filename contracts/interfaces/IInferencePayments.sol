// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IProtocolPausable} from "./IProtocolPausable.sol";
import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IAgentRegistry} from "./IAgentRegistry.sol";
import {IModelRegistry} from "./IModelRegistry.sol";

/// @title IInferencePayments
/// @notice Pays for inference in the protocol asset and splits every payment in O(1): protocol treasury, stakers,
/// the model's attribution pool of the current epoch, and the model owner (or its share holders).
/// @dev Cross-contract surface used by OpenStaking, Treasury, ModelShares, AttributionOracle and RewardDistributor.
/// Epochs are fixed-length windows of timestamps: `epoch(t) = (t - genesis) / epochLength`, numbered from 0.
/// The implementation's owner extends this interface with the payment API.
///
/// Two ways to pay a model:
/// (a) direct: `pay` / `payFor` / `payFromAgent` pay `pricePerUnit * units` now, recording a request hash in the event;
/// (b) escrow and vouchers (after The Graph's TAP): a payer escrows the asset for one model, signs EIP-712 cumulative
///     vouchers `Voucher(address payer,uint256 modelId,uint128 cumulativeAmount)` off chain as it uses the model, and
///     the model's operator redeems the latest voucher of many payers in one batch (`redeemVouchers`).
/// Every payment is split by `FeeSplit` and accrues internally; every payout is a pull (`collect*`, `release*`).
///
/// Voucher signers (docs/decisions/0260). A voucher is signed with ECDSA by its payer or by a signer key the payer
/// authorized (`authorizeSigner`); smart-account payers (a Safe, any wallet that rotates keys) authorize an EOA key.
/// There is no live ERC-1271 check: a wallet could change its answer after the operator accepted a voucher. Revoking
/// a signer (`revokeSigner`) takes effect only after the escrow notice in force, so a voucher that verified when the
/// operator received it stays redeemable at least as long as the escrow behind it cannot be withdrawn. An operator
/// accepts a voucher only if `isAuthorizedSigner(payer, signer)` holds and its revocation, if any, leaves time to
/// redeem (`signerValidUntil`).
/// @dev Assumptions: the asset is a plain ERC-20 (no fee on transfer, no rebasing) whose total supply is below 2^96
/// (OPEN: 10^27 < 7.9 * 10^28), so per-model and per-fee accruals fit in 96 bits. The model registry returns
/// `contributorShareBps <= 10_000`.
/// @custom:security-contact security@openledger.xyz
interface IInferencePayments is IERC5267, IProtocolPausable {
    /// @notice One signed voucher in a redemption batch; the model is the batch's `modelId`.
    /// @param payer The payer that signed the voucher and whose escrow pays it.
    /// @param cumulativeAmount Everything the payer owes the model so far (monotonic across vouchers).
    /// @param r First half of the EIP-2098 compact signature.
    /// @param vs `s` with the recovery bit in its top bit (EIP-2098). For an ERC-1271 payer, `abi.encodePacked(r, vs)`
    /// is the signature passed to `isValidSignature`.
    struct Voucher {
        address payer;
        uint128 cumulativeAmount;
        bytes32 r;
        bytes32 vs;
    }

    /// @notice The model is unknown (`status == None`).
    error PaymentsUnknownModel(uint256 modelId);
    /// @notice The model does not accept new payments (paused or retired).
    error PaymentsModelNotActive(uint256 modelId, IModelRegistry.ModelStatus status);
    /// @notice The price of `units` exceeds what the payer allowed (the price changed since the payer looked).
    error PaymentsPriceAboveMax(uint256 modelId, uint256 amount, uint256 maxAmount);
    /// @notice A payment, deposit or withdrawal of zero.
    error PaymentsZeroAmount();
    /// @notice Only the model's operator may redeem its vouchers.
    error PaymentsNotModelOperator(uint256 modelId, address caller, address operator);
    /// @notice Why `redeemVouchers` skipped a voucher (see `VoucherSkipped`).
    enum VoucherSkipReason {
        BadSignature, // the signature does not recover to any address (malformed, or `s` in the upper half)
        UnauthorizedSigner // it recovers to a key that is neither the payer nor a signer the payer authorized
    }

    /// @notice `revokeSigner` for a key the payer has not authorized (or whose revocation already started).
    error PaymentsSignerNotAuthorized(address payer, address signer);
    /// @notice A withdrawal request exceeds the escrow balance.
    error PaymentsInsufficientEscrow(address payer, uint256 modelId, uint256 balance, uint256 requested);
    /// @notice `withdrawEscrow` without a pending request.
    error PaymentsNoWithdrawalRequested(address payer, uint256 modelId);
    /// @notice `withdrawEscrow` before the notice period ended.
    error PaymentsWithdrawalNotReady(address payer, uint256 modelId, uint64 thawEnd);
    /// @notice `releaseAttributionFunds` asked for more than was ever paid into attribution pools.
    error PaymentsReleaseExceedsFunded(uint256 cumulativeTotal, uint256 funded);
    /// @notice Only the staking contract collects the staker share.
    error PaymentsNotStakingContract(address caller);
    /// @notice `collectProtocolFees` before the admin set the treasury.
    error PaymentsTreasuryNotSet();
    /// @notice The model registry returned no revenue recipient for `modelId`.
    error PaymentsNoRevenueRecipient(uint256 modelId);
    /// @notice The epoch genesis given at initialization lies in the future.
    error PaymentsGenesisInFuture(uint64 genesis, uint256 nowTimestamp);

    /// @notice A direct payment for `units` of inference of `modelId`.
    /// @param modelId The model used.
    /// @param payer The payer of record: the caller, the account the gateway paid for, or an agent's operator.
    /// @param agentId The agent whose budget paid, or 0 for a direct payment.
    /// @param epoch The epoch whose attribution pool received `contributorAmount`.
    /// @param amount Total paid (`units` times the model's price).
    /// @param units Units of inference paid for.
    /// @param requestHash Hash of the inference request, which the operator's inference log references.
    /// @param protocolFee Part accrued to the treasury.
    /// @param stakerFee Part accrued to stakers.
    /// @param contributorAmount Part added to the epoch's attribution pool.
    /// @param ownerAmount Part accrued to the model's revenue recipient.
    event InferencePaid(
        uint256 indexed modelId,
        address indexed payer,
        uint256 indexed agentId,
        uint64 epoch,
        uint256 amount,
        uint256 units,
        bytes32 requestHash,
        uint256 protocolFee,
        uint256 stakerFee,
        uint256 contributorAmount,
        uint256 ownerAmount
    );
    /// @notice One voucher of a batch paid `paid` (the increase since the last redemption, capped by the escrow).
    /// @param payer The voucher's payer.
    /// @param modelId The model.
    /// @param cumulativeAmount The voucher's cumulative amount, now the redeemed total.
    /// @param paid Amount paid from the escrow by this voucher.
    event VoucherRedeemed(address indexed payer, uint256 indexed modelId, uint128 cumulativeAmount, uint128 paid);
    /// @notice A voucher of a batch paid nothing because of its signature (`signer` is the recovered key, zero when
    /// none); the rest of the batch went on.
    /// @param payer The voucher's payer.
    /// @param modelId The model.
    /// @param cumulativeAmount The voucher's cumulative amount.
    /// @param signer The recovered signer, zero when none.
    /// @param reason Why the voucher paid nothing.
    event VoucherSkipped(
        address indexed payer,
        uint256 indexed modelId,
        uint128 cumulativeAmount,
        address signer,
        VoucherSkipReason reason
    );
    /// @notice `payer` authorized `signer` to sign its vouchers (for every model).
    /// @param payer The payer.
    /// @param signer The authorized signer.
    event SignerAuthorized(address indexed payer, address indexed signer);
    /// @notice `payer` revoked `signer`; vouchers it signed stay valid until `validUntil` (now + escrow notice).
    /// @param payer The payer.
    /// @param signer The revoked signer.
    /// @param validUntil End of the notice until which its vouchers stay redeemable.
    event SignerRevoked(address indexed payer, address indexed signer, uint64 validUntil);
    /// @notice A voucher batch for `modelId`, split once: `amount` is the sum paid by all vouchers of the batch.
    /// @param modelId The model.
    /// @param operator The model's operator that redeemed the batch.
    /// @param epoch The epoch whose attribution pool received `contributorAmount`.
    /// @param amount Sum paid by the batch's vouchers.
    /// @param protocolFee Part accrued to the treasury.
    /// @param stakerFee Part accrued to stakers.
    /// @param contributorAmount Part added to the epoch's attribution pool.
    /// @param ownerAmount Part accrued to the model's revenue recipient.
    event VouchersRedeemed(
        uint256 indexed modelId,
        address indexed operator,
        uint64 epoch,
        uint256 amount,
        uint256 protocolFee,
        uint256 stakerFee,
        uint256 contributorAmount,
        uint256 ownerAmount
    );
    /// @notice `funder` added `amount` to `payer`'s escrow for `modelId`.
    /// @param payer The escrow's payer.
    /// @param modelId The model.
    /// @param funder The account that paid the asset in.
    /// @param amount Asset added.
    event EscrowDeposited(address indexed payer, uint256 indexed modelId, address indexed funder, uint256 amount);
    /// @notice `payer` asked to withdraw `amount` (replacing any earlier request), possible from `thawEnd` on.
    /// @param payer The payer.
    /// @param modelId The model.
    /// @param amount Amount requested.
    /// @param thawEnd Time from which it can be withdrawn.
    event EscrowWithdrawalRequested(address indexed payer, uint256 indexed modelId, uint256 amount, uint64 thawEnd);
    /// @notice `payer` withdrew `amount` of its escrow for `modelId`.
    /// @param payer The payer.
    /// @param modelId The model.
    /// @param amount Asset paid to the payer.
    event EscrowWithdrawn(address indexed payer, uint256 indexed modelId, uint256 amount);
    /// @notice The accrued protocol share went to the treasury.
    /// @param treasury The treasury paid.
    /// @param amount Asset transferred.
    event ProtocolFeesCollected(address indexed treasury, uint256 amount);
    /// @notice The accrued staker share went to the staking contract.
    /// @param stakingContract The staking contract paid.
    /// @param amount Asset transferred.
    event StakerFeesCollected(address indexed stakingContract, uint256 amount);
    /// @notice `modelId`'s accrued owner revenue went to its revenue recipient.
    /// @param modelId The model.
    /// @param recipient The revenue recipient paid.
    /// @param amount Asset transferred.
    event ModelRevenueCollected(uint256 indexed modelId, address indexed recipient, uint256 amount);
    /// @notice `amount` of attribution funds went to the reward distributor, up to `cumulativeTotal`.
    /// @param distributor The reward distributor paid.
    /// @param cumulativeTotal Total released to it so far, after this release.
    /// @param amount Asset transferred now.
    event AttributionFundsReleased(address indexed distributor, uint256 cumulativeTotal, uint256 amount);
    /// @notice The admin set the treasury that receives the protocol share.
    /// @param treasury The new treasury.
    event TreasurySet(address treasury);
    /// @notice The admin set the staking contract that collects the staker share.
    /// @param stakingContract The new staking contract.
    event StakingContractSet(address stakingContract);
    /// @notice The admin set the protocol fee.
    /// @param protocolFeeBps Share of every payment sent to the treasury, in basis points.
    event ProtocolFeeBpsSet(uint16 protocolFeeBps);
    /// @notice The admin set the staker fee.
    /// @param stakerFeeBps Share of every payment paid to stakers, in basis points.
    event StakerFeeBpsSet(uint16 stakerFeeBps);
    /// @notice The admin set the escrow withdrawal notice.
    /// @param escrowNoticePeriod Seconds between a withdrawal request and the withdrawal.
    event EscrowNoticePeriodSet(uint32 escrowNoticePeriod);

    /// @notice The protocol asset (WOPEN on the Orbit chain, OPEN elsewhere).
    function asset() external view returns (IERC20);

    /// @notice Source of every model's payment terms and revenue recipient.
    function modelRegistry() external view returns (IModelRegistry);

    /// @notice Holds agent budgets; `payFromAgent` spends them.
    function agentRegistry() external view returns (IAgentRegistry);

    /// @notice Timestamp at which epoch 0 starts.
    function epochGenesis() external view returns (uint64);

    /// @notice Length of one epoch in seconds (fixed at initialization).
    function epochLength() external view returns (uint64);

    /// @notice The epoch that contains the current block's timestamp.
    function currentEpoch() external view returns (uint64);

    /// @notice Asset paid into `modelId`'s attribution pool during `epoch`.
    function attributionPool(uint256 modelId, uint64 epoch) external view returns (uint256);

    /// @notice Everything ever paid into attribution pools (all models, all epochs).
    function totalAttributionFunded() external view returns (uint256);

    /// @notice Everything already released to the RewardDistributor.
    function totalAttributionReleased() external view returns (uint256);

    /// @notice Transfers `cumulativeTotal - totalAttributionReleased()` to the caller.
    /// @dev Only the reward distributor role. Reverts if `cumulativeTotal` exceeds `totalAttributionFunded()`;
    /// does nothing when it is not above what was already released.
    function releaseAttributionFunds(uint256 cumulativeTotal) external returns (uint256 released);

    /// @notice Transfers the accrued protocol share to the treasury. Anyone may call.
    function collectProtocolFees() external returns (uint256 amount);

    /// @notice Transfers the accrued staker share to the staking contract. Only the staking contract.
    function collectStakerFees() external returns (uint256 amount);

    /// @notice Transfers `modelId`'s accrued owner revenue to `IModelRegistry.revenueRecipient(modelId)`.
    /// Anyone may call; the funds only ever go to the revenue recipient.
    function collectModelRevenue(uint256 modelId) external returns (uint256 amount);

    // ---------------------------------------------------------------- direct payments

    /// @notice Pays `pricePerUnit * units` of the asset, pulled from the caller, to `modelId`, which must be Active.
    /// Reverts while paused (as do `payFor`, `payFromAgent`, the escrow deposits and `redeemVouchers`; escrow
    /// withdrawals, collects and releases stay open).
    /// @param maxAmount Reverts with `PaymentsPriceAboveMax` if the price makes the payment larger than this.
    /// @param requestHash Hash of the inference request; emitted in `InferencePaid`, not stored.
    /// @return amount What was paid.
    function pay(
        uint256 modelId,
        uint256 units,
        uint256 maxAmount,
        bytes32 requestHash
    ) external returns (uint256 amount);

    /// @notice Like `pay`, with the asset pulled from the caller and `payer` recorded as the payer in the event
    /// (used by the native-OPEN gateway). The payer of record is informational: it moves no funds of `payer`.
    function payFor(
        address payer,
        uint256 modelId,
        uint256 units,
        uint256 maxAmount,
        bytes32 requestHash
    ) external returns (uint256 amount);

    /// @notice Pays from agent `agentId`'s budget in the AgentRegistry. Only the agent's operator; the agent must be
    /// allowed to use `modelId` (checked by the AgentRegistry).
    function payFromAgent(
        uint256 agentId,
        uint256 modelId,
        uint256 units,
        uint256 maxAmount,
        bytes32 requestHash
    ) external returns (uint256 amount);

    // ---------------------------------------------------------------- escrow and vouchers

    /// @notice Adds `amount`, pulled from the caller, to the caller's escrow for `modelId` (a known model).
    function depositEscrow(uint256 modelId, uint256 amount) external;

    /// @notice Adds `amount`, pulled from the caller, to `payer`'s escrow for `modelId`.
    function depositEscrowFor(address payer, uint256 modelId, uint256 amount) external;

    /// @notice Starts the notice period for withdrawing `amount` of the caller's escrow for `modelId`, replacing any
    /// earlier request (and restarting its timer); `amount == 0` cancels. The amount stays redeemable by vouchers
    /// until it is withdrawn.
    function requestEscrowWithdrawal(uint256 modelId, uint256 amount) external;

    /// @notice After the notice period, withdraws what is left of the requested amount after the redemptions made since
    /// the request (never more than the balance): a deposit made after the request needs a notice of its own.
    /// @return amount What was withdrawn.
    function withdrawEscrow(uint256 modelId) external returns (uint256 amount);

    /// @notice Lets `signer` sign the caller's vouchers (for every model), until revoked. Re-authorizing a key whose
    /// revocation is under way makes it valid again without end.
    function authorizeSigner(address signer) external;

    /// @notice Revokes `signer`: the vouchers it signed stay redeemable until now + the escrow notice in force, then
    /// never again. Reverts with `PaymentsSignerNotAuthorized` unless the key is authorized and not already revoked.
    function revokeSigner(address signer) external;

    /// @notice Redeems a batch of vouchers for `modelId`. Only the model's operator; the model may be Active, Paused
    /// or Retired (the service was already rendered), not unknown.
    /// @dev Each voucher pays `cumulativeAmount - redeemed` from the payer's escrow, capped by the escrow balance; a
    /// capped voucher records only what it paid, so the same voucher can pay the rest after a top-up. A voucher not
    /// above the redeemed amount, or whose payer's escrow is empty, is skipped (no event, no signature check). A
    /// voucher with a bad signature or an unauthorized signer is skipped with `VoucherSkipped`; the rest of the batch
    /// is paid. The sum is split once, at the model's payment terms in force.
    /// @return amount Sum paid by the batch.
    function redeemVouchers(uint256 modelId, Voucher[] calldata vouchers) external returns (uint256 amount);

    // ---------------------------------------------------------------- governance

    /// @notice Sets the protocol fee in bps, within [MIN_PROTOCOL_FEE_BPS, MAX_PROTOCOL_FEE_BPS]. Only the admin.
    function setProtocolFeeBps(uint16 bps) external;

    /// @notice Sets the staker fee in bps, within [MIN_STAKER_FEE_BPS, MAX_STAKER_FEE_BPS]. Only the admin.
    function setStakerFeeBps(uint16 bps) external;

    /// @notice Sets the escrow withdrawal notice in seconds, within [MIN_ESCROW_NOTICE, MAX_ESCROW_NOTICE]. Only the
    /// admin. Requests already made keep the end time computed when they were made.
    function setEscrowNoticePeriod(uint32 period) external;

    /// @notice Sets the treasury that receives the protocol share. Only the admin.
    function setTreasury(address treasury) external;

    /// @notice Sets the staking contract that collects the staker share. Only the admin.
    function setStakingContract(address stakingContract) external;

    // ---------------------------------------------------------------- views

    /// @notice The epoch that contains `timestamp` (which must not be before `epochGenesis`).
    function epochAt(uint256 timestamp) external view returns (uint64);

    /// @notice Protocol share accrued and not yet collected.
    function protocolAccrued() external view returns (uint256);

    /// @notice Staker share accrued and not yet collected.
    function stakerAccrued() external view returns (uint256);

    /// @notice `modelId`'s owner share accrued and not yet collected.
    function modelRevenueAccrued(uint256 modelId) external view returns (uint256);

    /// @notice `payer`'s escrow for `modelId`: balance (including any amount thawing), cumulative amount redeemed by
    /// vouchers, and the pending withdrawal request (what is left of it after the redemptions made since, and when it
    /// may be withdrawn).
    function escrowAccount(
        address payer,
        uint256 modelId
    ) external view returns (uint128 balance, uint128 redeemed, uint128 thawingAmount, uint64 thawEnd);

    /// @notice Current protocol fee in bps.
    function protocolFeeBps() external view returns (uint16);

    /// @notice Current staker fee in bps.
    function stakerFeeBps() external view returns (uint16);

    /// @notice Current escrow withdrawal notice in seconds.
    function escrowNoticePeriod() external view returns (uint32);

    /// @notice Treasury address (zero until set).
    function treasury() external view returns (address);

    /// @notice Staking contract address (zero until set).
    function stakingContract() external view returns (address);

    /// @notice Until when `signer` may sign `payer`'s vouchers: `type(uint64).max` while authorized, the end of the
    /// revocation notice once revoked, 0 if never authorized. (The payer itself always may.)
    function signerValidUntil(address payer, address signer) external view returns (uint64);

    /// @notice Whether a voucher of `payer` signed by `signer` would be accepted now.
    function isAuthorizedSigner(address payer, address signer) external view returns (bool);

    /// @notice EIP-712 digest a payer (or a signer it authorized) signs for a voucher.
    function voucherDigest(address payer, uint256 modelId, uint128 cumulativeAmount) external view returns (bytes32);

    // ---------------------------------------------------------------- constants, role ids, initializer

    /// @notice May call `releaseAttributionFunds` (the RewardDistributor).
    function REWARD_DISTRIBUTOR_ROLE() external view returns (bytes32);

    /// @notice EIP-712 type hash of a voucher.
    function VOUCHER_TYPEHASH() external view returns (bytes32);

    /// @notice Value a fresh deployment starts with.
    function DEFAULT_PROTOCOL_FEE_BPS() external view returns (uint16);

    /// @notice Hard-coded lower bound of `protocolFeeBps` (inclusive).
    function MIN_PROTOCOL_FEE_BPS() external view returns (uint16);

    /// @notice Hard-coded upper bound of `protocolFeeBps` (inclusive).
    function MAX_PROTOCOL_FEE_BPS() external view returns (uint16);

    /// @notice Value a fresh deployment starts with.
    function DEFAULT_STAKER_FEE_BPS() external view returns (uint16);

    /// @notice Hard-coded lower bound of `stakerFeeBps` (inclusive).
    function MIN_STAKER_FEE_BPS() external view returns (uint16);

    /// @notice Hard-coded upper bound of `stakerFeeBps` (inclusive).
    function MAX_STAKER_FEE_BPS() external view returns (uint16);

    /// @notice Value a fresh deployment starts with.
    function DEFAULT_ESCROW_NOTICE() external view returns (uint32);

    /// @notice Hard-coded lower bound of `escrowNotice` (inclusive).
    function MIN_ESCROW_NOTICE() external view returns (uint32);

    /// @notice Hard-coded upper bound of `escrowNotice` (inclusive).
    function MAX_ESCROW_NOTICE() external view returns (uint32);

    /// @notice Hard-coded lower bound of `epochLength` (inclusive).
    function MIN_EPOCH_LENGTH() external view returns (uint64);

    /// @notice Hard-coded upper bound of `epochLength` (inclusive).
    function MAX_EPOCH_LENGTH() external view returns (uint64);

    /// @notice Initializes the proxy: admin, the epoch clock (fixed forever), and the default fee parameters.
    /// @param admin The governance timelock (or the deployer until it hands over).
    /// @param genesis Start of epoch 0; not in the future.
    /// @param length Epoch length in seconds, within [MIN_EPOCH_LENGTH, MAX_EPOCH_LENGTH].
    function initialize(address admin, uint64 genesis, uint64 length) external;
}
