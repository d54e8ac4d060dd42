// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";

import {ProtocolPausable} from "./base/ProtocolPausable.sol";
import {IInferencePayments} from "./interfaces/IInferencePayments.sol";
import {IRewardDistributor} from "./interfaces/IRewardDistributor.sol";

/// @title RewardDistributor
/// @notice Cumulative merkle claims of attribution rewards against the latest finalized root.
/// @dev Accounting. `unclaimed` = finalized cumulative total - everything claimed. `updateRoot` adds the increase of
/// the cumulative total; every payment subtracts from it with a checked subtraction, so total claimed can never exceed
/// the finalized total whatever the tree says. It is packed with the asset address in one slot: a claim reads and
/// writes that slot, the root and the account's slot (claimed amount and nonce), and nothing else of its own.
/// Cumulative leaves make stale proofs harmless: a proof against an older root no longer verifies, and a leaf of the
/// current root pays only the increase over what the account claimed.
contract RewardDistributor is IRewardDistributor, ProtocolPausable, EIP712Upgradeable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @notice Role of the AttributionOracle: makes a finalized root live.
    bytes32 public constant ORACLE_ROLE = keccak256("ORACLE_ROLE");

    /// @notice EIP-712 type of `claimTo`'s authorization.
    bytes32 public constant CLAIM_AUTHORIZATION_TYPEHASH = keccak256(
        "ClaimAuthorization(address account,address to,uint256 cumulativeAmount,uint256 nonce,uint256 deadline)"
    );

    struct AccountState {
        uint128 claimed;
        uint64 nonce;
    }

    /// @custom:storage-location erc7201:openledger.storage.RewardDistributor
    struct RewardDistributorStorage {
        IERC20 asset;
        uint96 unclaimed;
        bytes32 root;
        IInferencePayments payments;
        uint64 rootEpoch;
        uint96 cumulativeTotal;
        mapping(address account => AccountState) accounts;
    }

    // keccak256(abi.encode(uint256(keccak256("openledger.storage.RewardDistributor")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_SLOT = 0x0b5369968260420b08f25b05ca77622cf658a10dd2cca04b0183f19b31195300;

    function _s() private pure returns (RewardDistributorStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := STORAGE_SLOT
        }
    }

    /// @notice Initializes the proxy. `oracle` gets ORACLE_ROLE (replaceable by the admin).
    function initialize(
        address admin,
        IERC20 asset_,
        IInferencePayments payments_,
        address oracle
    ) external initializer {
        if (address(asset_) == address(0) || address(payments_) == address(0) || oracle == address(0)) {
            revert ProtocolZeroAddress();
        }
        __ProtocolUpgradeable_init(admin);
        __Pausable_init();
        __EIP712_init("OpenLedger RewardDistributor", "1");
        RewardDistributorStorage storage $ = _s();
        $.asset = asset_;
        $.payments = payments_;
        _grantRole(ORACLE_ROLE, oracle);
    }

    /// @inheritdoc IRewardDistributor
    function updateRoot(uint64 epoch, bytes32 root, uint256 newTotal) external {
        if (!hasRole(ORACLE_ROLE, msg.sender)) revert DistributorUnauthorizedOracle(msg.sender);
        RewardDistributorStorage storage $ = _s();
        uint256 current = $.cumulativeTotal;
        if (newTotal < current) revert DistributorTotalDecreased(newTotal, current);
        $.root = root;
        $.rootEpoch = epoch;
        $.cumulativeTotal = newTotal.toUint96();
        $.unclaimed = (uint256($.unclaimed) + (newTotal - current)).toUint96();
        uint256 released = $.payments.releaseAttributionFunds(newTotal);
        emit RootUpdated(epoch, root, newTotal, released);
    }

    /// @inheritdoc IRewardDistributor
    function claim(
        address account,
        uint256 cumulativeAmount,
        bytes32[] calldata proof
    ) external whenNotPaused nonReentrant returns (uint256 paid) {
        RewardDistributorStorage storage $ = _s();
        paid = _settle($, account, cumulativeAmount, proof);
        $.asset.safeTransfer(account, paid);
        emit Claimed(account, account, paid, cumulativeAmount);
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
        // solhint-disable-next-line gas-strict-inequalities
        if (block.timestamp > deadline) revert DistributorAuthorizationExpired(deadline);
        RewardDistributorStorage storage $ = _s();
        AccountState storage state = $.accounts[account];
        uint256 nonce = state.nonce;
        bytes32 digest = _hashTypedDataV4(
            keccak256(abi.encode(CLAIM_AUTHORIZATION_TYPEHASH, account, to, cumulativeAmount, nonce, deadline))
        );
        if (!SignatureChecker.isValidSignatureNow(account, digest, signature)) {
            revert DistributorInvalidAuthorization(account);
        }
        // A nonce is a uint64: 2^64 authorizations cannot be signed.
        unchecked {
            state.nonce = uint64(nonce + 1);
        }
        paid = _settle($, account, cumulativeAmount, proof);
        $.asset.safeTransfer(to, paid);
        emit Claimed(account, to, paid, cumulativeAmount);
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
        RewardDistributorStorage storage $ = _s();
        bytes32 root = $.root;
        IERC20 asset_ = $.asset;
        for (uint256 i = 0; i < n; ++i) {
            address account = accounts[i];
            uint256 cumulativeAmount = cumulativeAmounts[i];
            uint256 already = $.accounts[account].claimed;
            if (
                cumulativeAmount <= already ||
                !MerkleProof.verifyCalldata(proofs[i], root, _leaf(account, cumulativeAmount))
            ) {
                emit ClaimSkipped(account, i);
                continue;
            }
            uint256 paid = _record($, account, cumulativeAmount, already);
            totalPaid += paid;
            asset_.safeTransfer(account, paid);
            emit Claimed(account, account, paid, cumulativeAmount);
        }
    }

    /// @dev Verifies the leaf and records the claim; returns the amount to pay. Reverts on a bad proof or no increase.
    function _settle(
        RewardDistributorStorage storage $,
        address account,
        uint256 cumulativeAmount,
        bytes32[] calldata proof
    ) private returns (uint256) {
        if (!MerkleProof.verifyCalldata(proof, $.root, _leaf(account, cumulativeAmount))) {
            revert DistributorInvalidProof(account, cumulativeAmount);
        }
        uint256 already = $.accounts[account].claimed;
        // solhint-disable-next-line gas-strict-inequalities
        if (cumulativeAmount <= already) revert DistributorNothingToClaim(account, cumulativeAmount, already);
        return _record($, account, cumulativeAmount, already);
    }

    function _record(
        RewardDistributorStorage storage $,
        address account,
        uint256 cumulativeAmount,
        uint256 already
    ) private returns (uint256 amount) {
        // Callers checked cumulativeAmount > already.
        unchecked {
            amount = cumulativeAmount - already;
        }
        uint256 unclaimed_ = $.unclaimed;
        if (amount > unclaimed_) revert DistributorClaimExceedsFinalized(amount, unclaimed_);
        // amount <= unclaimed_ just checked; and cumulativeAmount <= claimed + unclaimed <= 2^96 so it fits uint128.
        unchecked {
            $.unclaimed = uint96(unclaimed_ - amount);
        }
        $.accounts[account].claimed = uint128(cumulativeAmount);
    }

    /// @dev StandardMerkleTree leaf of (address, uint256): keccak256(bytes.concat(keccak256(abi.encode(a, b)))).
    function _leaf(address account, uint256 cumulativeAmount) private pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(account, cumulativeAmount))));
    }

    /// @inheritdoc IRewardDistributor
    function merkleRoot() external view returns (bytes32) {
        return _s().root;
    }

    /// @inheritdoc IRewardDistributor
    function rootEpoch() external view returns (uint64) {
        return _s().rootEpoch;
    }

    /// @inheritdoc IRewardDistributor
    function cumulativeTotal() external view returns (uint256) {
        return _s().cumulativeTotal;
    }

    /// @inheritdoc IRewardDistributor
    function totalClaimed() external view returns (uint256) {
        RewardDistributorStorage storage $ = _s();
        return uint256($.cumulativeTotal) - $.unclaimed;
    }

    /// @inheritdoc IRewardDistributor
    function unclaimed() external view returns (uint256) {
        return _s().unclaimed;
    }

    /// @inheritdoc IRewardDistributor
    function claimed(address account) external view returns (uint256) {
        return _s().accounts[account].claimed;
    }

    /// @inheritdoc IRewardDistributor
    function nonces(address account) external view returns (uint256) {
        return _s().accounts[account].nonce;
    }

    /// @notice The asset paid out.
    function asset() external view returns (IERC20) {
        return _s().asset;
    }
}
