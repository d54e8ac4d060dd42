// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {MerkleProofLib} from "solady/src/utils/MerkleProofLib.sol";

import {ConstantDomainEIP712} from "./base/ConstantDomainEIP712.sol";
import {ProtocolPausable} from "./base/ProtocolPausable.sol";
import {IInferencePayments} from "./interfaces/IInferencePayments.sol";
import {IRewardDistributor} from "./interfaces/IRewardDistributor.sol";

/// @title RewardDistributor
/// @notice Cumulative merkle claims of attribution rewards against the latest finalized root.
/// @dev Accounting. `unclaimed` = finalized cumulative total - everything claimed. `updateRoot` adds the increase of
/// the cumulative total; every payment subtracts from it with a checked subtraction, so total claimed can never exceed
/// the finalized total whatever the tree says.
/// Storage, for the claim gas targets (docs/decisions/0232): a claim reads three slots of its own and writes two:
/// the root; one packed word with `unclaimed`, the cumulative total, the root's epoch and the guardian's pause flag
/// (read by the pause check, written by the claim); and the account's word (claimed amount and authorization nonce).
/// The asset and InferencePayments are immutables of the implementation (every implementation behind the proxy must
/// use the same ones), and the pause flag overrides OpenZeppelin Pausable's own slot (which stays unused), so neither
/// costs a cold read. Cumulative leaves make stale proofs harmless: a proof against an older root no longer verifies,
/// and a leaf of the current root pays only the increase over what the account claimed.
/// Recipients (docs/decisions/0262): every claim pays the account's reward recipient (itself until it sets one, by
/// its own call or by an EIP-712 RecipientAuthorization), so anyone may trigger a claim and the funds still go where
/// the account said; the recipient shares the account's word, so this costs a claim no extra read.
/// @custom:security-contact security@openledger.xyz
/// @custom:oz-upgrades-unsafe-allow state-variable-immutable
contract RewardDistributor is IRewardDistributor, ProtocolPausable, ConstantDomainEIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @notice Role of the AttributionOracle: makes a finalized root live.
    bytes32 public constant ORACLE_ROLE = keccak256("ORACLE_ROLE");

    /// @notice EIP-712 type of `claimTo`'s authorization.
    bytes32 public constant CLAIM_AUTHORIZATION_TYPEHASH = keccak256(
        "ClaimAuthorization(address account,address to,uint256 cumulativeAmount,uint256 nonce,uint256 deadline)"
    );
    /// @notice EIP-712 type of `setRewardRecipientWithAuthorization`'s authorization.
    bytes32 public constant RECIPIENT_AUTHORIZATION_TYPEHASH = keccak256(
        "RecipientAuthorization(address account,address recipient,uint256 nonce,uint256 deadline)"
    );

    string private constant _DOMAIN_NAME = "OpenLedger RewardDistributor";
    string private constant _DOMAIN_VERSION = "1";

    IERC20 private immutable ASSET;
    IInferencePayments private immutable PAYMENTS;

    /// @dev One slot, read and written by every claim: what the account claimed (at most the cumulative total, a
    /// uint96) and where its rewards go (zero: to the account itself).
    struct AccountState {
        uint96 claimed;
        address recipient;
    }

    /// @custom:storage-location erc7201:openledger.storage.RewardDistributor
    struct RewardDistributorStorage {
        bytes32 root;
        // One slot: read and written by every claim.
        uint96 unclaimed;
        uint96 cumulativeTotal;
        uint56 rootEpoch;
        bool paused;
        mapping(address account => AccountState) accounts;
        mapping(address account => uint256) nonces;
    }

    // keccak256(abi.encode(uint256(keccak256("openledger.storage.RewardDistributor")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _STORAGE_SLOT = 0x0b5369968260420b08f25b05ca77622cf658a10dd2cca04b0183f19b31195300;

    function _getStorage() private pure returns (RewardDistributorStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := _STORAGE_SLOT
        }
    }

    /// @param asset_ The asset paid out (the protocol asset).
    /// @param payments_ InferencePayments, which releases the attribution funds on each new root.
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IERC20 asset_, IInferencePayments payments_) {
        if (address(asset_) == address(0) || address(payments_) == address(0)) revert ProtocolZeroAddress();
        ASSET = asset_;
        PAYMENTS = payments_;
    }

    /// @notice Initializes the proxy. `oracle` (the AttributionOracle) gets ORACLE_ROLE (replaceable by the admin).
    /// @param admin The governance timelock (DEFAULT_ADMIN_ROLE).
    function initialize(address admin, address oracle) external initializer {
        if (oracle == address(0)) revert ProtocolZeroAddress();
        __ProtocolUpgradeable_init(admin);
        __Pausable_init();
        // Stored for completeness only: the domain is built from the constants (see _hashTypedDataV4).
        __EIP712_init(_DOMAIN_NAME, _DOMAIN_VERSION);
        _grantRole(ORACLE_ROLE, oracle);
    }

    /// @inheritdoc IRewardDistributor
    function updateRoot(uint64 epoch, bytes32 root, uint256 newTotal) external {
        if (!hasRole(ORACLE_ROLE, msg.sender)) revert DistributorUnauthorizedOracle(msg.sender);
        RewardDistributorStorage storage $ = _getStorage();
        uint256 current = $.cumulativeTotal;
        if (newTotal < current) revert DistributorTotalDecreased(newTotal, current);
        $.root = root;
        $.rootEpoch = uint256(epoch).toUint56();
        $.cumulativeTotal = newTotal.toUint96();
        // unclaimed <= cumulativeTotal always, so the sum is <= newTotal, which fits (cast just above).
        $.unclaimed = uint96(uint256($.unclaimed) + (newTotal - current));
        uint256 released = PAYMENTS.releaseAttributionFunds(newTotal);
        emit RootUpdated(epoch, root, newTotal, released);
    }

    /// @inheritdoc IRewardDistributor
    function claim(
        address account,
        uint256 cumulativeAmount,
        bytes32[] calldata proof
    ) external whenNotPaused nonReentrant returns (uint256 paid) {
        RewardDistributorStorage storage $ = _getStorage();
        address to;
        (paid, to) = _claim($, account, cumulativeAmount, proof, address(0));
        ASSET.safeTransfer(to, paid);
    }

    /// @inheritdoc IRewardDistributor
    function claimTo(
        address account,
        address to,
        uint256 cumulativeAmount,
        bytes32[] calldata proof,
        uint256 deadline,
        bytes calldata signature
    ) external whenNotPaused nonReentrant returns (uint256 paid) {
        if (to == address(0)) revert ProtocolZeroAddress();
        RewardDistributorStorage storage $ = _getStorage();
        _useAuthorization(
            $,
            account,
            _claimAuthorizationHash($, account, to, cumulativeAmount, deadline),
            deadline,
            signature
        );
        (paid, ) = _claim($, account, cumulativeAmount, proof, to);
        ASSET.safeTransfer(to, paid);
    }

    /// @inheritdoc IRewardDistributor
    function setRewardRecipient(address recipient) external {
        _setRecipient(_getStorage(), msg.sender, recipient);
    }

    /// @inheritdoc IRewardDistributor
    function setRewardRecipientWithAuthorization(
        address account,
        address recipient,
        uint256 deadline,
        bytes calldata signature
    ) external {
        RewardDistributorStorage storage $ = _getStorage();
        _useAuthorization(
            $,
            account,
            keccak256(abi.encode(RECIPIENT_AUTHORIZATION_TYPEHASH, account, recipient, $.nonces[account], deadline)),
            deadline,
            signature
        );
        _setRecipient($, account, recipient);
    }

    /// @inheritdoc IRewardDistributor
    function claimBatch(
        address[] calldata accounts,
        uint256[] calldata cumulativeAmounts,
        bytes32[][] calldata proofs
    ) external whenNotPaused nonReentrant returns (uint256 totalPaid) {
        uint256 n = accounts.length;
        if (cumulativeAmounts.length != n || proofs.length != n) {
            revert DistributorLengthMismatch(n, cumulativeAmounts.length, proofs.length);
        }
        RewardDistributorStorage storage $ = _getStorage();
        bytes32 root = $.root;
        for (uint256 i = 0; i < n; ++i) {
            address account = accounts[i];
            uint256 cumulativeAmount = cumulativeAmounts[i];
            AccountState memory state = $.accounts[account];
            if (cumulativeAmount <= state.claimed) {
                emit ClaimSkipped(account, i, ClaimSkipReason.NothingToClaim);
                continue;
            }
            if (!MerkleProofLib.verifyCalldata(proofs[i], root, _leaf(account, cumulativeAmount))) {
                emit ClaimSkipped(account, i, ClaimSkipReason.InvalidProof);
                continue;
            }
            uint256 paid;
            // Cannot underflow: checked at the top of the iteration.
            unchecked {
                paid = cumulativeAmount - state.claimed;
            }
            uint256 unclaimed_ = $.unclaimed;
            // Decision 0205's skip rule: an entry the finalized total cannot cover is skipped, not fatal.
            if (paid > unclaimed_) {
                emit ClaimSkipped(account, i, ClaimSkipReason.ExceedsFinalized);
                continue;
            }
            address to = _record($, account, cumulativeAmount, paid, unclaimed_, state.recipient);
            totalPaid += paid;
            emit Claimed(account, to, paid, cumulativeAmount);
            ASSET.safeTransfer(to, paid);
        }
    }

    /// @dev Verifies and records one claim and emits `Claimed`; returns what to pay and where. `newRecipient`, when not
    /// zero, becomes the account's recipient first (claimTo).
    function _claim(
        RewardDistributorStorage storage $,
        address account,
        uint256 cumulativeAmount,
        bytes32[] calldata proof,
        address newRecipient
    ) private returns (uint256 paid, address to) {
        if (!MerkleProofLib.verifyCalldata(proof, $.root, _leaf(account, cumulativeAmount))) {
            revert DistributorInvalidProof(account, cumulativeAmount);
        }
        AccountState memory state = $.accounts[account];
        if (cumulativeAmount <= state.claimed) {
            revert DistributorNothingToClaim(account, cumulativeAmount, state.claimed);
        }
        if (newRecipient != address(0) && newRecipient != state.recipient) {
            state.recipient = newRecipient;
            emit RewardRecipientSet(account, newRecipient);
        }
        // Cannot underflow: checked just above.
        unchecked {
            paid = cumulativeAmount - state.claimed;
        }
        uint256 unclaimed_ = $.unclaimed;
        if (paid > unclaimed_) revert DistributorClaimExceedsFinalized(paid, unclaimed_);
        to = _record($, account, cumulativeAmount, paid, unclaimed_, state.recipient);
        emit Claimed(account, to, paid, cumulativeAmount);
    }

    function _claimAuthorizationHash(
        RewardDistributorStorage storage $,
        address account,
        address to,
        uint256 cumulativeAmount,
        uint256 deadline
    ) private view returns (bytes32) {
        return
            keccak256(
                abi.encode(CLAIM_AUTHORIZATION_TYPEHASH, account, to, cumulativeAmount, $.nonces[account], deadline)
            );
    }

    /// @dev Checks `account`'s EIP-712 signature of `structHash` (under its current nonce) and uses the nonce.
    function _useAuthorization(
        RewardDistributorStorage storage $,
        address account,
        bytes32 structHash,
        uint256 deadline,
        bytes calldata signature
    ) private {
        if (block.timestamp > deadline) revert DistributorAuthorizationExpired(deadline);
        if (!SignatureChecker.isValidSignatureNow(account, _hashTypedDataV4(structHash), signature)) {
            revert DistributorInvalidAuthorization(account);
        }
        ++$.nonces[account];
    }

    /// @dev Records a claim of `amount` (checked by the caller: `amount <= unclaimed_` and `cumulativeAmount` is the
    /// account's claimed amount plus `amount`) and returns where it is paid.
    function _record(
        RewardDistributorStorage storage $,
        address account,
        uint256 cumulativeAmount,
        uint256 amount,
        uint256 unclaimed_,
        address recipient
    ) private returns (address to) {
        // amount <= unclaimed_ (checked by the caller); cumulativeAmount <= claimed + unclaimed <= cumulativeTotal,
        // a uint96, so both narrowing casts are exact.
        unchecked {
            $.unclaimed = uint96(unclaimed_ - amount);
        }
        $.accounts[account] = AccountState(uint96(cumulativeAmount), recipient);
        to = recipient == address(0) ? account : recipient;
    }

    function _setRecipient(RewardDistributorStorage storage $, address account, address recipient) private {
        $.accounts[account].recipient = recipient;
        emit RewardRecipientSet(account, recipient);
    }

    /// @dev StandardMerkleTree leaf of (address, uint256): keccak256(bytes.concat(keccak256(abi.encode(a, b)))),
    /// hashed in scratch space.
    function _leaf(address account, uint256 cumulativeAmount) private pure returns (bytes32 leaf) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            mstore(0x00, account)
            mstore(0x20, cumulativeAmount)
            mstore(0x00, keccak256(0x00, 0x40))
            leaf := keccak256(0x00, 0x20)
        }
    }

    // ------------------------------------------------------------------ pause (flag in this contract's namespace)

    /// @dev The flag packed with the claim accounting (see the contract header), not Pausable's own slot.
    function _pausedFlag() internal view override returns (bool) {
        return _getStorage().paused;
    }

    /// @dev See `_pausedFlag`.
    function _setPausedFlag(bool value) internal override {
        _getStorage().paused = value;
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

    // ------------------------------------------------------------------ views

    /// @inheritdoc IRewardDistributor
    function merkleRoot() external view returns (bytes32) {
        return _getStorage().root;
    }

    /// @inheritdoc IRewardDistributor
    function rootEpoch() external view returns (uint64) {
        return _getStorage().rootEpoch;
    }

    /// @inheritdoc IRewardDistributor
    function cumulativeTotal() external view returns (uint256) {
        return _getStorage().cumulativeTotal;
    }

    /// @inheritdoc IRewardDistributor
    function totalClaimed() external view returns (uint256) {
        RewardDistributorStorage storage $ = _getStorage();
        return uint256($.cumulativeTotal) - $.unclaimed;
    }

    /// @inheritdoc IRewardDistributor
    function unclaimed() external view returns (uint256) {
        return _getStorage().unclaimed;
    }

    /// @inheritdoc IRewardDistributor
    function claimed(address account) external view returns (uint256) {
        return _getStorage().accounts[account].claimed;
    }

    /// @inheritdoc IRewardDistributor
    function nonces(address account) external view returns (uint256) {
        return _getStorage().nonces[account];
    }

    /// @inheritdoc IRewardDistributor
    function rewardRecipient(address account) external view returns (address) {
        address recipient = _getStorage().accounts[account].recipient;
        return recipient == address(0) ? account : recipient;
    }

    /// @inheritdoc IRewardDistributor
    function asset() external view returns (IERC20) {
        return ASSET;
    }

    /// @inheritdoc IRewardDistributor
    function payments() external view returns (IInferencePayments) {
        return PAYMENTS;
    }
}
