// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {ConstantDomainEIP712} from "./base/ConstantDomainEIP712.sol";
import {ProtocolPausable} from "./base/ProtocolPausable.sol";
import {IAgentRegistry} from "./interfaces/IAgentRegistry.sol";
import {IInferencePayments} from "./interfaces/IInferencePayments.sol";
import {IModelRegistry} from "./interfaces/IModelRegistry.sol";
import {EpochClock} from "./libraries/EpochClock.sol";
import {FeeSplit} from "./libraries/FeeSplit.sol";

/// @title InferencePayments
/// @notice Pays for inference (directly, from an agent budget, or by batches of EIP-712 cumulative vouchers drawn on
/// a payer's escrow) and splits every payment in O(1) into protocol, staker, attribution-pool and owner parts, all of
/// which accrue here and are withdrawn by pull.
/// @dev Accounting invariant (checked by the invariant suite):
///   asset.balanceOf(this) >= protocolAccrued + stakerAccrued + sum(modelRevenueAccrued)
///                            + (totalAttributionFunded - totalAttributionReleased) + sum(escrow balances)
/// with equality unless someone sends the asset here directly.
/// Storage is packed for the hot path: one slot holds the pause flag and the three global accruals (protocol, stakers,
/// attribution funded) as 80-bit counters that spill into full-width twins on the rare payment that would overflow
/// them; one read-only slot holds the epoch clock and the fee rates; one slot per model holds the owner accrual and
/// the pool of the model's latest paid epoch (older epochs' pools move to `pastPools` on the model's first payment of
/// a new epoch). A repeat payment therefore reads one configuration slot and writes two. The pause flag overrides
/// OpenZeppelin Pausable's storage (which stays unused) so that the pause check costs no extra cold read.
/// Epoch genesis and length never change after `initialize`: the oracle numbers its reports by epoch, and every pool
/// already recorded is keyed by that numbering.
/// Voucher signatures are ECDSA only, by the payer itself or by a signer key it authorized (docs/decisions/0260): a
/// smart-account payer authorizes an EOA signer, and revoking it takes effect only after the escrow notice, so a
/// voucher an operator accepted cannot be made unredeemable before the payer could have withdrawn its escrow anyway.
/// @custom:security-contact security@openledger.xyz
/// @custom:oz-upgrades-unsafe-allow state-variable-immutable
contract InferencePayments is ProtocolPausable, ConstantDomainEIP712, ReentrancyGuardTransient, IInferencePayments {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @notice May call `releaseAttributionFunds` (the RewardDistributor).
    bytes32 public constant REWARD_DISTRIBUTOR_ROLE = keccak256("REWARD_DISTRIBUTOR_ROLE");

    /// @notice EIP-712 type hash of a voucher.
    // solhint-disable-next-line gas-small-strings
    bytes32 public constant VOUCHER_TYPEHASH = keccak256(
        "Voucher(address payer,uint256 modelId,uint128 cumulativeAmount)"
    );

    uint16 public constant DEFAULT_PROTOCOL_FEE_BPS = 500;
    uint16 public constant MIN_PROTOCOL_FEE_BPS = 0;
    uint16 public constant MAX_PROTOCOL_FEE_BPS = 1_000;
    uint16 public constant DEFAULT_STAKER_FEE_BPS = 500;
    uint16 public constant MIN_STAKER_FEE_BPS = 0;
    uint16 public constant MAX_STAKER_FEE_BPS = 2_000;
    uint32 public constant DEFAULT_ESCROW_NOTICE = 2 days;
    uint32 public constant MIN_ESCROW_NOTICE = 1 hours;
    uint32 public constant MAX_ESCROW_NOTICE = 30 days;
    uint64 public constant MIN_EPOCH_LENGTH = 1 hours;
    uint64 public constant MAX_EPOCH_LENGTH = 30 days;

    string private constant _DOMAIN_NAME = "OpenLedger InferencePayments";
    string private constant _DOMAIN_VERSION = "1";

    // Immutables keep their API getter names (`asset()` as in ERC-4626) and save a cold read on every payment.

    /// @notice The protocol asset (WOPEN on the Orbit chain, OPEN elsewhere).
    // solhint-disable-next-line immutable-vars-naming
    IERC20 public immutable asset;
    /// @notice Source of every model's payment terms and revenue recipient.
    // solhint-disable-next-line immutable-vars-naming
    IModelRegistry public immutable modelRegistry;
    /// @notice Holds agent budgets; `payFromAgent` spends them.
    // solhint-disable-next-line immutable-vars-naming
    IAgentRegistry public immutable agentRegistry;

    /// @dev Per-model accrual: the owner share not yet collected and the attribution pool of `poolEpoch`, the
    /// latest epoch in which the model was paid. One slot.
    struct ModelAccount {
        uint96 ownerAccrued;
        uint96 currentPool;
        uint64 poolEpoch;
    }

    /// @dev A payer's escrow for one model: balance (thawing amount included) and cumulative amount redeemed by
    /// vouchers. One slot.
    struct EscrowAccount {
        uint128 balance;
        uint128 redeemed;
    }

    /// @dev A pending escrow withdrawal request. Redemptions after the request draw on it first: what is left of it is
    /// `amount` minus what was redeemed since (`redeemedAtRequest`, the escrow's `redeemed` when it was made), so a
    /// later deposit never becomes withdrawable without a notice of its own.
    struct EscrowThaw {
        uint128 amount;
        uint64 thawEnd;
        uint128 redeemedAtRequest;
    }

    /// @custom:storage-location erc7201:openledger.storage.InferencePayments
    struct InferencePaymentsStorage {
        // Slot 0 (hot): read by the pause check and written by every payment. Each counter holds at most 2^80 - 1
        // (1.2 million OPEN); a payment that would carry it past that moves the whole counter into its `*Spilled`
        // twin below. The true value is always hot + spilled, exactly.
        uint80 protocolAccruedHot;
        uint80 stakerAccruedHot;
        uint80 attributionFundedHot;
        bool paused;
        // Slot 1 (configuration): read by every payment, written only at initialization and by governance.
        uint64 epochGenesis;
        uint64 epochLength;
        uint16 protocolFeeBps;
        uint16 stakerFeeBps;
        uint32 escrowNoticePeriod;
        // Cold.
        uint256 protocolAccruedSpilled;
        uint256 stakerAccruedSpilled;
        uint256 attributionFundedSpilled;
        uint256 totalAttributionReleased;
        address treasury;
        address stakingContract;
        mapping(uint256 modelId => ModelAccount) models;
        mapping(uint256 modelId => mapping(uint64 epoch => uint256)) pastPools;
        // Keyed model first so that a voucher batch (one model) hashes the outer key once.
        mapping(uint256 modelId => mapping(address payer => EscrowAccount)) escrows;
        mapping(uint256 modelId => mapping(address payer => EscrowThaw)) thaws;
        // Signer keys each payer authorized: the time until which the key may sign the payer's vouchers
        // (`type(uint64).max` while authorized, the end of the revocation notice once revoked, 0 never authorized).
        mapping(address payer => mapping(address signer => uint64 validUntil)) signers;
    }

    // keccak256(abi.encode(uint256(keccak256("openledger.storage.InferencePayments")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _STORAGE_SLOT = 0x0c6786b9dd98b43bc44917bdf5c720e067c825bd21efc93f9313df6b209ecf00;

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IERC20 asset_, IModelRegistry modelRegistry_, IAgentRegistry agentRegistry_) {
        if (
            address(asset_) == address(0) ||
            address(modelRegistry_) == address(0) ||
            address(agentRegistry_) == address(0)
        ) revert ProtocolZeroAddress();
        asset = asset_;
        modelRegistry = modelRegistry_;
        agentRegistry = agentRegistry_;
    }

    /// @notice Initializes the proxy: admin, the epoch clock (fixed forever), and the default fee parameters.
    /// @param admin The governance timelock (or the deployer until it hands over).
    /// @param genesis Start of epoch 0; not in the future.
    /// @param length Epoch length in seconds, within [MIN_EPOCH_LENGTH, MAX_EPOCH_LENGTH].
    function initialize(address admin, uint64 genesis, uint64 length) external initializer {
        __ProtocolUpgradeable_init(admin);
        __Pausable_init();
        // The domain name and version are the constants `_EIP712Name`/`_EIP712Version` return; stored here too so
        // that every parent is initialized.
        __EIP712_init(_DOMAIN_NAME, _DOMAIN_VERSION);
        if (genesis > block.timestamp) revert PaymentsGenesisInFuture(genesis, block.timestamp);
        _requireWithinBounds("epochLength", length, MIN_EPOCH_LENGTH, MAX_EPOCH_LENGTH);
        InferencePaymentsStorage storage $ = _getStorage();
        $.epochGenesis = genesis;
        $.epochLength = length;
        _setProtocolFeeBps(DEFAULT_PROTOCOL_FEE_BPS);
        _setStakerFeeBps(DEFAULT_STAKER_FEE_BPS);
        _setEscrowNoticePeriod(DEFAULT_ESCROW_NOTICE);
    }

    // ------------------------------------------------------------------ direct payments

    /// @inheritdoc IInferencePayments
    function pay(
        uint256 modelId,
        uint256 units,
        uint256 maxAmount,
        bytes32 requestHash
    ) external whenNotPaused nonReentrant returns (uint256 amount) {
        return _payDirect(msg.sender, modelId, units, maxAmount, requestHash);
    }

    /// @inheritdoc IInferencePayments
    function payFor(
        address payer,
        uint256 modelId,
        uint256 units,
        uint256 maxAmount,
        bytes32 requestHash
    ) external whenNotPaused nonReentrant returns (uint256 amount) {
        if (payer == address(0)) revert ProtocolZeroAddress();
        return _payDirect(payer, modelId, units, maxAmount, requestHash);
    }

    /// @inheritdoc IInferencePayments
    function payFromAgent(
        uint256 agentId,
        uint256 modelId,
        uint256 units,
        uint256 maxAmount,
        bytes32 requestHash
    ) external whenNotPaused nonReentrant returns (uint256 amount) {
        IModelRegistry.PaymentTerms memory terms = _activeTerms(modelId);
        amount = _price(modelId, terms.pricePerUnit, units, maxAmount);
        // The registry checks the operator, the allowed model and the budget, then transfers `amount` here.
        agentRegistry.spend(agentId, msg.sender, modelId, amount);
        (uint64 epoch, FeeSplit.Parts memory parts) = _accrue(modelId, amount, terms.contributorShareBps);
        _emitInferencePaid(modelId, msg.sender, agentId, epoch, amount, units, requestHash, parts);
    }

    // ------------------------------------------------------------------ escrow and vouchers

    /// @inheritdoc IInferencePayments
    function depositEscrow(uint256 modelId, uint256 amount) external whenNotPaused nonReentrant {
        _depositEscrow(msg.sender, modelId, amount);
    }

    /// @inheritdoc IInferencePayments
    function depositEscrowFor(address payer, uint256 modelId, uint256 amount) external whenNotPaused nonReentrant {
        if (payer == address(0)) revert ProtocolZeroAddress();
        _depositEscrow(payer, modelId, amount);
    }

    /// @inheritdoc IInferencePayments
    function requestEscrowWithdrawal(uint256 modelId, uint256 amount) external {
        InferencePaymentsStorage storage $ = _getStorage();
        EscrowAccount memory account = $.escrows[modelId][msg.sender];
        if (amount > account.balance) revert PaymentsInsufficientEscrow(msg.sender, modelId, account.balance, amount);
        EscrowThaw storage thaw = $.thaws[modelId][msg.sender];
        uint64 thawEnd;
        if (amount == 0) {
            delete $.thaws[modelId][msg.sender];
        } else {
            thawEnd = uint64(block.timestamp) + $.escrowNoticePeriod;
            thaw.amount = uint128(amount); // amount <= balance, a uint128
            thaw.thawEnd = thawEnd;
            thaw.redeemedAtRequest = account.redeemed;
        }
        emit EscrowWithdrawalRequested(msg.sender, modelId, amount, thawEnd);
    }

    /// @inheritdoc IInferencePayments
    function withdrawEscrow(uint256 modelId) external nonReentrant returns (uint256 amount) {
        InferencePaymentsStorage storage $ = _getStorage();
        EscrowThaw memory thaw = $.thaws[modelId][msg.sender];
        if (thaw.thawEnd == 0) revert PaymentsNoWithdrawalRequested(msg.sender, modelId);
        if (block.timestamp < thaw.thawEnd) revert PaymentsWithdrawalNotReady(msg.sender, modelId, thaw.thawEnd);
        EscrowAccount storage account = $.escrows[modelId][msg.sender];
        uint128 balance = account.balance;
        // Vouchers may have drawn on the thawing amount since the request: withdraw what is left of it, and never more
        // than the balance.
        uint128 left = _thawLeft(thaw, account.redeemed);
        uint128 withdrawn = left < balance ? left : balance;
        // Cannot underflow: withdrawn <= balance.
        unchecked {
            account.balance = balance - withdrawn;
        }
        delete $.thaws[modelId][msg.sender];
        emit EscrowWithdrawn(msg.sender, modelId, withdrawn);
        if (withdrawn != 0) asset.safeTransfer(msg.sender, withdrawn);
        return withdrawn;
    }

    /// @inheritdoc IInferencePayments
    function authorizeSigner(address signer) external {
        if (signer == address(0)) revert ProtocolZeroAddress();
        _getStorage().signers[msg.sender][signer] = type(uint64).max;
        emit SignerAuthorized(msg.sender, signer);
    }

    /// @inheritdoc IInferencePayments
    function revokeSigner(address signer) external {
        InferencePaymentsStorage storage $ = _getStorage();
        if ($.signers[msg.sender][signer] != type(uint64).max) revert PaymentsSignerNotAuthorized(msg.sender, signer);
        uint64 validUntil = uint64(block.timestamp) + $.escrowNoticePeriod;
        $.signers[msg.sender][signer] = validUntil;
        emit SignerRevoked(msg.sender, signer, validUntil);
    }

    /// @inheritdoc IInferencePayments
    function redeemVouchers(
        uint256 modelId,
        Voucher[] calldata vouchers
    ) external whenNotPaused nonReentrant returns (uint256 amount) {
        IModelRegistry.PaymentTerms memory terms = modelRegistry.paymentTerms(modelId);
        if (terms.status == IModelRegistry.ModelStatus.None) revert PaymentsUnknownModel(modelId);
        if (msg.sender != terms.operator) revert PaymentsNotModelOperator(modelId, msg.sender, terms.operator);

        InferencePaymentsStorage storage $ = _getStorage();
        mapping(address payer => EscrowAccount) storage accounts = $.escrows[modelId];
        bytes32 domainSeparator = _constantDomainSeparator();
        uint256 count = vouchers.length;
        for (uint256 i; i < count; ++i) {
            // `amount` is a sum of at most `count` uint128 values, far below 2^256.
            unchecked {
                amount += _redeemOne($, accounts, domainSeparator, modelId, vouchers[i]);
            }
        }
        if (amount == 0) return 0;
        (uint64 epoch, FeeSplit.Parts memory parts) = _accrue(modelId, amount, terms.contributorShareBps);
        emit VouchersRedeemed(
            modelId,
            msg.sender,
            epoch,
            amount,
            parts.protocol,
            parts.stakers,
            parts.contributors,
            parts.owner
        );
    }

    // ------------------------------------------------------------------ pull payouts

    /// @inheritdoc IInferencePayments
    function collectProtocolFees() external nonReentrant returns (uint256 amount) {
        InferencePaymentsStorage storage $ = _getStorage();
        address treasury_ = $.treasury;
        if (treasury_ == address(0)) revert PaymentsTreasuryNotSet();
        uint256 spilled = $.protocolAccruedSpilled;
        amount = $.protocolAccruedHot + spilled;
        if (amount == 0) return 0;
        $.protocolAccruedHot = 0;
        if (spilled != 0) $.protocolAccruedSpilled = 0;
        emit ProtocolFeesCollected(treasury_, amount);
        asset.safeTransfer(treasury_, amount);
    }

    /// @inheritdoc IInferencePayments
    function collectStakerFees() external nonReentrant returns (uint256 amount) {
        InferencePaymentsStorage storage $ = _getStorage();
        if (msg.sender != $.stakingContract || msg.sender == address(0)) revert PaymentsNotStakingContract(msg.sender);
        uint256 spilled = $.stakerAccruedSpilled;
        amount = $.stakerAccruedHot + spilled;
        if (amount == 0) return 0;
        $.stakerAccruedHot = 0;
        if (spilled != 0) $.stakerAccruedSpilled = 0;
        emit StakerFeesCollected(msg.sender, amount);
        asset.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IInferencePayments
    function collectModelRevenue(uint256 modelId) external nonReentrant returns (uint256 amount) {
        ModelAccount storage model = _getStorage().models[modelId];
        amount = model.ownerAccrued;
        if (amount == 0) return 0;
        address recipient = modelRegistry.revenueRecipient(modelId);
        if (recipient == address(0)) revert PaymentsNoRevenueRecipient(modelId);
        model.ownerAccrued = 0;
        emit ModelRevenueCollected(modelId, recipient, amount);
        asset.safeTransfer(recipient, amount);
    }

    /// @inheritdoc IInferencePayments
    function releaseAttributionFunds(
        uint256 cumulativeTotal
    ) external onlyRole(REWARD_DISTRIBUTOR_ROLE) nonReentrant returns (uint256 released) {
        InferencePaymentsStorage storage $ = _getStorage();
        uint256 funded = $.attributionFundedHot + $.attributionFundedSpilled;
        if (cumulativeTotal > funded) revert PaymentsReleaseExceedsFunded(cumulativeTotal, funded);
        uint256 alreadyReleased = $.totalAttributionReleased;
        // solhint-disable-next-line gas-strict-inequalities
        if (cumulativeTotal <= alreadyReleased) return 0;
        // Cannot underflow: checked just above.
        unchecked {
            released = cumulativeTotal - alreadyReleased;
        }
        $.totalAttributionReleased = cumulativeTotal;
        emit AttributionFundsReleased(msg.sender, cumulativeTotal, released);
        asset.safeTransfer(msg.sender, released);
    }

    // ------------------------------------------------------------------ governance

    /// @inheritdoc IInferencePayments
    function setProtocolFeeBps(uint16 bps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setProtocolFeeBps(bps);
    }

    /// @inheritdoc IInferencePayments
    function setStakerFeeBps(uint16 bps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setStakerFeeBps(bps);
    }

    /// @inheritdoc IInferencePayments
    function setEscrowNoticePeriod(uint32 period) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setEscrowNoticePeriod(period);
    }

    function _setProtocolFeeBps(uint16 bps) private {
        _requireWithinBounds("protocolFeeBps", bps, MIN_PROTOCOL_FEE_BPS, MAX_PROTOCOL_FEE_BPS);
        _getStorage().protocolFeeBps = bps;
        emit ProtocolFeeBpsSet(bps);
    }

    function _setStakerFeeBps(uint16 bps) private {
        _requireWithinBounds("stakerFeeBps", bps, MIN_STAKER_FEE_BPS, MAX_STAKER_FEE_BPS);
        _getStorage().stakerFeeBps = bps;
        emit StakerFeeBpsSet(bps);
    }

    function _setEscrowNoticePeriod(uint32 period) private {
        _requireWithinBounds("escrowNoticePeriod", period, MIN_ESCROW_NOTICE, MAX_ESCROW_NOTICE);
        _getStorage().escrowNoticePeriod = period;
        emit EscrowNoticePeriodSet(period);
    }

    /// @inheritdoc IInferencePayments
    function setTreasury(address treasury_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (treasury_ == address(0)) revert ProtocolZeroAddress();
        _getStorage().treasury = treasury_;
        emit TreasurySet(treasury_);
    }

    /// @inheritdoc IInferencePayments
    function setStakingContract(address stakingContract_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (stakingContract_ == address(0)) revert ProtocolZeroAddress();
        _getStorage().stakingContract = stakingContract_;
        emit StakingContractSet(stakingContract_);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IInferencePayments
    function epochGenesis() external view returns (uint64) {
        return _getStorage().epochGenesis;
    }

    /// @inheritdoc IInferencePayments
    function epochLength() external view returns (uint64) {
        return _getStorage().epochLength;
    }

    /// @inheritdoc IInferencePayments
    function currentEpoch() external view returns (uint64) {
        InferencePaymentsStorage storage $ = _getStorage();
        return EpochClock.epochAtOrRevert(block.timestamp, $.epochGenesis, $.epochLength);
    }

    /// @inheritdoc IInferencePayments
    function epochAt(uint256 timestamp) external view returns (uint64) {
        InferencePaymentsStorage storage $ = _getStorage();
        return EpochClock.epochAtOrRevert(timestamp, $.epochGenesis, $.epochLength);
    }

    /// @inheritdoc IInferencePayments
    function attributionPool(uint256 modelId, uint64 epoch) external view returns (uint256) {
        InferencePaymentsStorage storage $ = _getStorage();
        ModelAccount storage model = $.models[modelId];
        if (model.poolEpoch == epoch) return model.currentPool;
        return $.pastPools[modelId][epoch];
    }

    /// @inheritdoc IInferencePayments
    function totalAttributionFunded() external view returns (uint256) {
        InferencePaymentsStorage storage $ = _getStorage();
        return $.attributionFundedHot + $.attributionFundedSpilled;
    }

    /// @inheritdoc IInferencePayments
    function totalAttributionReleased() external view returns (uint256) {
        return _getStorage().totalAttributionReleased;
    }

    /// @inheritdoc IInferencePayments
    function protocolAccrued() external view returns (uint256) {
        InferencePaymentsStorage storage $ = _getStorage();
        return $.protocolAccruedHot + $.protocolAccruedSpilled;
    }

    /// @inheritdoc IInferencePayments
    function stakerAccrued() external view returns (uint256) {
        InferencePaymentsStorage storage $ = _getStorage();
        return $.stakerAccruedHot + $.stakerAccruedSpilled;
    }

    /// @inheritdoc IInferencePayments
    function modelRevenueAccrued(uint256 modelId) external view returns (uint256) {
        return _getStorage().models[modelId].ownerAccrued;
    }

    /// @inheritdoc IInferencePayments
    function escrowAccount(
        address payer,
        uint256 modelId
    ) external view returns (uint128 balance, uint128 redeemed, uint128 thawingAmount, uint64 thawEnd) {
        InferencePaymentsStorage storage $ = _getStorage();
        EscrowAccount memory account = $.escrows[modelId][payer];
        EscrowThaw memory thaw = $.thaws[modelId][payer];
        return (account.balance, account.redeemed, _thawLeft(thaw, account.redeemed), thaw.thawEnd);
    }

    /// @dev What is left of a withdrawal request after the redemptions made since it (see EscrowThaw).
    function _thawLeft(EscrowThaw memory thaw, uint128 redeemed) private pure returns (uint128) {
        // `redeemed` only grows, and was `redeemedAtRequest` when the request was made, so the subtraction cannot
        // underflow; `used < amount` in the else branch.
        unchecked {
            uint128 used = redeemed - thaw.redeemedAtRequest;
            return used >= thaw.amount ? 0 : thaw.amount - used;
        }
    }

    /// @inheritdoc IInferencePayments
    function protocolFeeBps() external view returns (uint16) {
        return _getStorage().protocolFeeBps;
    }

    /// @inheritdoc IInferencePayments
    function stakerFeeBps() external view returns (uint16) {
        return _getStorage().stakerFeeBps;
    }

    /// @inheritdoc IInferencePayments
    function escrowNoticePeriod() external view returns (uint32) {
        return _getStorage().escrowNoticePeriod;
    }

    /// @inheritdoc IInferencePayments
    function treasury() external view returns (address) {
        return _getStorage().treasury;
    }

    /// @inheritdoc IInferencePayments
    function stakingContract() external view returns (address) {
        return _getStorage().stakingContract;
    }

    /// @inheritdoc IInferencePayments
    function signerValidUntil(address payer, address signer) external view returns (uint64) {
        return _getStorage().signers[payer][signer];
    }

    /// @inheritdoc IInferencePayments
    function isAuthorizedSigner(address payer, address signer) external view returns (bool) {
        return signer == payer || _getStorage().signers[payer][signer] > block.timestamp;
    }

    /// @inheritdoc IInferencePayments
    function voucherDigest(address payer, uint256 modelId, uint128 cumulativeAmount) external view returns (bytes32) {
        return _hashTypedDataV4(_voucherStructHash(payer, modelId, cumulativeAmount));
    }

    /// @dev The pause flag, packed with the fee accruals (see the contract header), not Pausable's own slot.
    function _pausedFlag() internal view override returns (bool) {
        return _getStorage().paused;
    }

    /// @dev See `_pausedFlag`.
    function _setPausedFlag(bool value) internal override {
        _getStorage().paused = value;
    }

    // ------------------------------------------------------------------ internals

    function _payDirect(
        address payer,
        uint256 modelId,
        uint256 units,
        uint256 maxAmount,
        bytes32 requestHash
    ) private returns (uint256 amount) {
        IModelRegistry.PaymentTerms memory terms = _activeTerms(modelId);
        amount = _price(modelId, terms.pricePerUnit, units, maxAmount);
        (uint64 epoch, FeeSplit.Parts memory parts) = _accrue(modelId, amount, terms.contributorShareBps);
        _emitInferencePaid(modelId, payer, 0, epoch, amount, units, requestHash, parts);
        asset.safeTransferFrom(msg.sender, address(this), amount);
    }

    function _depositEscrow(address payer, uint256 modelId, uint256 amount) private {
        if (amount == 0) revert PaymentsZeroAmount();
        IModelRegistry.ModelStatus status = modelRegistry.paymentTerms(modelId).status;
        if (status == IModelRegistry.ModelStatus.None) revert PaymentsUnknownModel(modelId);
        EscrowAccount storage account = _getStorage().escrows[modelId][payer];
        account.balance = (account.balance + amount).toUint128();
        emit EscrowDeposited(payer, modelId, msg.sender, amount);
        asset.safeTransferFrom(msg.sender, address(this), amount);
    }

    function _activeTerms(uint256 modelId) private view returns (IModelRegistry.PaymentTerms memory terms) {
        terms = modelRegistry.paymentTerms(modelId);
        if (terms.status != IModelRegistry.ModelStatus.Active) {
            if (terms.status == IModelRegistry.ModelStatus.None) revert PaymentsUnknownModel(modelId);
            revert PaymentsModelNotActive(modelId, terms.status);
        }
    }

    function _price(
        uint256 modelId,
        uint96 pricePerUnit,
        uint256 units,
        uint256 maxAmount
    ) private pure returns (uint256 amount) {
        amount = uint256(pricePerUnit) * units;
        if (amount == 0) revert PaymentsZeroAmount();
        if (amount > maxAmount) revert PaymentsPriceAboveMax(modelId, amount, maxAmount);
    }

    /// @dev Splits `amount` and credits every part: the hot path of every payment (three slot writes).
    function _accrue(
        uint256 modelId,
        uint256 amount,
        uint16 contributorShareBps
    ) private returns (uint64 epoch, FeeSplit.Parts memory parts) {
        InferencePaymentsStorage storage $ = _getStorage();
        // Every part is at most `amount`, so the narrowing casts below are exact once this holds.
        amount.toUint96();

        // Slots 0 and 1 are read (and slot 0 written) as whole words: the compiler would otherwise read a packed
        // slot once per field and write it once per field. Layouts, lowest bits first (checked by a unit test):
        //   slot 0: protocolAccruedHot (80) | stakerAccruedHot (80) | attributionFundedHot (80) | paused (8)
        //   slot 1: epochGenesis (64) | epochLength (64) | protocolFeeBps (16) | stakerFeeBps (16) | notice (32)
        bytes32 slot = _STORAGE_SLOT;
        uint256 hot;
        uint256 config;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            hot := sload(slot)
            config := sload(add(slot, 1))
        }
        parts = FeeSplit.split(amount, uint16(config >> 128), uint16(config >> 144), contributorShareBps);
        epoch = EpochClock.epochAtOrRevert(block.timestamp, uint64(config), uint64(config >> 64));

        uint256 protocolHot = uint256(uint80(hot)) + parts.protocol;
        uint256 stakerHot = uint256(uint80(hot >> 80)) + parts.stakers;
        uint256 fundedHot = uint256(uint80(hot >> 160)) + parts.contributors;
        // A counter that would pass 80 bits moves whole into its full-width twin (rare: 1.2 million OPEN).
        if (protocolHot > type(uint80).max) {
            $.protocolAccruedSpilled += protocolHot;
            protocolHot = 0;
        }
        if (stakerHot > type(uint80).max) {
            $.stakerAccruedSpilled += stakerHot;
            stakerHot = 0;
        }
        if (fundedHot > type(uint80).max) {
            $.attributionFundedSpilled += fundedHot;
            fundedHot = 0;
        }
        // Keep the bits above the three counters (the pause flag) as they are.
        hot = (hot & ~uint256(type(uint240).max)) | protocolHot | (stakerHot << 80) | (fundedHot << 160);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            sstore(slot, hot)
        }

        _accrueModel($, modelId, epoch, parts.owner, parts.contributors);
    }

    /// @dev Credits the owner part and the epoch's pool of `modelId`, archiving the previous epoch's pool.
    function _accrueModel(
        InferencePaymentsStorage storage $,
        uint256 modelId,
        uint64 epoch,
        uint256 ownerPart,
        uint256 contributorPart
    ) private {
        // The model's slot, as one word too: ownerAccrued (96) | currentPool (96) | poolEpoch (64).
        ModelAccount storage model = $.models[modelId];
        uint256 account;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            account := sload(model.slot)
        }
        uint256 pool = uint96(account >> 96);
        uint64 poolEpoch = uint64(account >> 192);
        if (poolEpoch != epoch) {
            // First payment of a new epoch for this model: archive the previous epoch's pool.
            if (pool != 0) $.pastPools[modelId][poolEpoch] = pool;
            pool = 0;
        }
        // Checked casts: the owner accrual and a pool are bounded by the asset supply (< 2^96, see the interface).
        uint256 ownerAccrued = uint256(uint96(account)) + ownerPart;
        pool += contributorPart;
        account = uint256(ownerAccrued.toUint96()) | (uint256(pool.toUint96()) << 96) | (uint256(epoch) << 192);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            sstore(model.slot, account)
        }
    }

    function _emitInferencePaid(
        uint256 modelId,
        address payer,
        uint256 agentId,
        uint64 epoch,
        uint256 amount,
        uint256 units,
        bytes32 requestHash,
        FeeSplit.Parts memory parts
    ) private {
        emit InferencePaid(
            modelId,
            payer,
            agentId,
            epoch,
            amount,
            units,
            requestHash,
            parts.protocol,
            parts.stakers,
            parts.contributors,
            parts.owner
        );
    }

    /// @dev Pays one voucher from its payer's escrow and returns what it paid (O(1): one slot read and write, plus the
    /// payer's signer entry when someone else than the payer signed). A voucher whose signature is bad, or whose
    /// signer the payer has not authorized (or whose revocation notice is over), pays nothing and emits
    /// `VoucherSkipped`: one bad voucher never sinks the operator's batch.
    function _redeemOne(
        InferencePaymentsStorage storage $,
        mapping(address payer => EscrowAccount) storage accounts,
        bytes32 domainSeparator,
        uint256 modelId,
        Voucher calldata voucher
    ) private returns (uint128 paid) {
        address payer = voucher.payer;
        uint128 cumulativeAmount = voucher.cumulativeAmount;
        EscrowAccount storage account = accounts[payer];
        uint128 balance = account.balance;
        uint128 redeemed = account.redeemed;
        // Stale or unfundable: nothing to pay, so no need to check the signature. Skipping keeps retried or
        // overlapping batches harmless.
        // solhint-disable-next-line gas-strict-inequalities
        if (cumulativeAmount <= redeemed || balance == 0) return 0;
        bytes32 digest = MessageHashUtils.toTypedDataHash(
            domainSeparator,
            _voucherStructHash(payer, modelId, cumulativeAmount)
        );
        // ECDSA in the EIP-2098 compact form; OpenZeppelin enforces low s.
        (address signer, ECDSA.RecoverError error, ) = ECDSA.tryRecover(digest, voucher.r, voucher.vs);
        if (error != ECDSA.RecoverError.NoError) {
            emit VoucherSkipped(payer, modelId, cumulativeAmount, address(0), VoucherSkipReason.BadSignature);
            return 0;
        }
        // solhint-disable-next-line gas-strict-inequalities
        if (signer != payer && $.signers[payer][signer] <= block.timestamp) {
            emit VoucherSkipped(payer, modelId, cumulativeAmount, signer, VoucherSkipReason.UnauthorizedSigner);
            return 0;
        }
        // Cannot underflow: cumulativeAmount > redeemed; paid <= balance; redeemed + paid <= cumulativeAmount.
        unchecked {
            paid = cumulativeAmount - redeemed;
            if (paid > balance) paid = balance;
            account.balance = balance - paid;
            account.redeemed = redeemed + paid;
        }
        emit VoucherRedeemed(payer, modelId, cumulativeAmount, paid);
    }

    /// @dev keccak256(abi.encode(VOUCHER_TYPEHASH, payer, modelId, cumulativeAmount)), hashed in place at the free
    /// memory pointer without moving it, so a batch of vouchers does not grow memory by one encoding per voucher.
    function _voucherStructHash(
        address payer,
        uint256 modelId,
        uint128 cumulativeAmount
    ) private pure returns (bytes32 structHash) {
        bytes32 typeHash = VOUCHER_TYPEHASH;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, typeHash)
            mstore(add(ptr, 0x20), and(payer, 0xffffffffffffffffffffffffffffffffffffffff))
            mstore(add(ptr, 0x40), modelId)
            mstore(add(ptr, 0x60), and(cumulativeAmount, 0xffffffffffffffffffffffffffffffff))
            structHash := keccak256(ptr, 0x80)
        }
    }

    /// @dev The EIP-712 name and version are constants: no storage read when hashing vouchers.
    // solhint-disable-next-line func-name-mixedcase
    function _EIP712Name() internal pure override returns (string memory) {
        return _DOMAIN_NAME;
    }

    /// @dev See `_EIP712Name`.
    // solhint-disable-next-line func-name-mixedcase
    function _EIP712Version() internal pure override returns (string memory) {
        return _DOMAIN_VERSION;
    }

    function _getStorage() private pure returns (InferencePaymentsStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := _STORAGE_SLOT
        }
    }
}
