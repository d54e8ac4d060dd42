// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IProtocolPausable} from "./IProtocolPausable.sol";
import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IInferencePayments} from "./IInferencePayments.sol";

/// @title IRewardDistributor
/// @notice Cumulative merkle claims of attribution rewards. Each finalized oracle report replaces the root of a tree
/// whose leaves are (account, cumulative amount ever earned); an account claims the difference to what it already
/// claimed. Leaf: `keccak256(bytes.concat(keccak256(abi.encode(account, cumulativeAmount))))`, nodes hashed as sorted
/// pairs: the layout of the OpenZeppelin merkle-tree library's StandardMerkleTree with types ["address", "uint256"].
/// @dev Invariant: total ever claimed <= the latest finalized cumulative total (tracked as `unclaimed()`, which a
/// claim can never take below zero). Funds arrive only through `updateRoot`, which pulls
/// `cumulativeTotal - released` from InferencePayments. Claims stop under the guardian's pause.
/// Recipients: each account has a reward recipient (itself until it sets another, by its own call or by an EIP-712
/// `RecipientAuthorization(address account,address recipient,uint256 nonce,uint256 deadline)`, ECDSA or ERC-1271).
/// Every claim path pays the recipient, so a third party triggering a claim can never send the rewards anywhere the
/// account did not choose. An account that can only sign should authorize its recipient before it has rewards: a
/// claim triggered before the authorization lands pays the account itself.
/// @custom:security-contact security@openledger.xyz
interface IRewardDistributor is IERC5267, IProtocolPausable {
    /// @notice Why `claimBatch` skipped an entry.
    enum ClaimSkipReason {
        NothingToClaim, // the account already claimed at least this cumulative amount
        InvalidProof, // the proof does not prove (account, cumulativeAmount) under the live root
        ExceedsFinalized // paying it would take total claims above the finalized cumulative total
    }

    /// @notice The caller is not the attribution oracle (ORACLE_ROLE).
    error DistributorUnauthorizedOracle(address caller);
    /// @notice A new root's cumulative total is below the current one.
    error DistributorTotalDecreased(uint256 cumulativeTotal, uint256 current);
    /// @notice The proof does not prove (account, cumulativeAmount) under the current root.
    error DistributorInvalidProof(address account, uint256 cumulativeAmount);
    /// @notice The account already claimed `claimed`, not less than `cumulativeAmount`.
    error DistributorNothingToClaim(address account, uint256 cumulativeAmount, uint256 claimed);
    /// @notice Paying `amount` would take total claims above the finalized cumulative total.
    error DistributorClaimExceedsFinalized(uint256 amount, uint256 unclaimed);
    /// @notice The claim authorization expired at `deadline`.
    error DistributorAuthorizationExpired(uint256 deadline);
    /// @notice The signature is not the account's authorization of this claim.
    error DistributorInvalidAuthorization(address account);
    /// @notice Batch arrays differ in length.
    error DistributorLengthMismatch(uint256 accounts, uint256 amounts, uint256 proofs);

    /// @notice A finalized report's root went live; `released` was pulled from InferencePayments.
    /// @param epoch The finalized epoch.
    /// @param root Root of cumulative rewards per account.
    /// @param cumulativeTotal Sum of all cumulative rewards in the root.
    /// @param released Asset pulled from InferencePayments for it.
    event RootUpdated(uint64 indexed epoch, bytes32 root, uint256 cumulativeTotal, uint256 released);
    /// @notice `account` was paid `amount` (to `to`); it has now claimed `cumulativeAmount` in all.
    /// @param account The account whose rewards were claimed.
    /// @param to The account paid (its reward recipient, or the account itself).
    /// @param amount Asset paid now.
    /// @param cumulativeAmount Total claimed by `account` so far.
    event Claimed(address indexed account, address indexed to, uint256 amount, uint256 cumulativeAmount);
    /// @notice A batch skipped `account` (at `index`) for `reason`; the rest of the batch went on.
    /// @param account The account skipped.
    /// @param index Its position in the batch.
    /// @param reason Why it was skipped.
    event ClaimSkipped(address indexed account, uint256 index, ClaimSkipReason reason);
    /// @notice `account`'s rewards are paid to `recipient` from now on (zero: to the account itself).
    /// @param account The account.
    /// @param recipient Where its rewards go, or zero for itself.
    event RewardRecipientSet(address indexed account, address indexed recipient);

    /// @notice Makes `root` the live root for claims. Only the AttributionOracle, on finalization.
    /// @dev Pulls `cumulativeTotal - released` from InferencePayments (`releaseAttributionFunds`).
    function updateRoot(uint64 epoch, bytes32 root, uint256 cumulativeTotal) external;

    /// @notice Pays `account`'s `cumulativeAmount` minus what it already claimed to its reward recipient. Anyone may
    /// call for any account: the funds only ever go to `rewardRecipient(account)`.
    function claim(address account, uint256 cumulativeAmount, bytes32[] calldata proof) external returns (uint256 paid);

    /// @notice On `account`'s EIP-712 ClaimAuthorization(account, to, cumulativeAmount, nonce, deadline) (ECDSA, or
    /// ERC-1271 for a contract account): makes `to` the account's reward recipient, then claims `cumulativeAmount`
    /// to it. Consumes the account's nonce. Later claims by anyone also pay `to`.
    function claimTo(
        address account,
        address to,
        uint256 cumulativeAmount,
        bytes32[] calldata proof,
        uint256 deadline,
        bytes calldata signature
    ) external returns (uint256 paid);

    /// @notice Sets where the caller's rewards are paid by every claim path (zero: to the caller itself).
    function setRewardRecipient(address recipient) external;

    /// @notice Sets `account`'s reward recipient on its EIP-712 RecipientAuthorization(account, recipient, nonce,
    /// deadline) (ECDSA, or ERC-1271 for a contract account). Anyone may submit it; consumes the account's nonce.
    function setRewardRecipientWithAuthorization(
        address account,
        address recipient,
        uint256 deadline,
        bytes calldata signature
    ) external;

    /// @notice Claims for many accounts, each paid to its reward recipient. An entry with nothing new to claim, a bad
    /// proof, or more than the finalized total still covers is skipped with `ClaimSkipped` (decision 0205), so one
    /// bad entry does not sink a relayer's batch.
    function claimBatch(
        address[] calldata accounts,
        uint256[] calldata cumulativeAmounts,
        bytes32[][] calldata proofs
    ) external returns (uint256 totalPaid);

    /// @notice The live root (zero before the first finalization).
    function merkleRoot() external view returns (bytes32);

    /// @notice The epoch of the live root.
    function rootEpoch() external view returns (uint64);

    /// @notice The finalized cumulative total of the live root.
    function cumulativeTotal() external view returns (uint256);

    /// @notice Everything ever claimed, by all accounts.
    function totalClaimed() external view returns (uint256);

    /// @notice `cumulativeTotal() - totalClaimed()`.
    function unclaimed() external view returns (uint256);

    /// @notice What `account` has claimed so far.
    function claimed(address account) external view returns (uint256);

    /// @notice `account`'s next authorization nonce (ClaimAuthorization and RecipientAuthorization share it).
    function nonces(address account) external view returns (uint256);

    /// @notice Where `account`'s rewards are paid: the recipient it set, or itself.
    function rewardRecipient(address account) external view returns (address);

    /// @notice The asset paid out.
    function asset() external view returns (IERC20);

    /// @notice InferencePayments, which releases the attribution funds on each new root.
    function payments() external view returns (IInferencePayments);

    // ---------------------------------------------------------------- constants, role ids, initializer

    /// @notice Role of the AttributionOracle: makes a finalized root live.
    function ORACLE_ROLE() external view returns (bytes32);

    /// @notice EIP-712 type of `claimTo`'s authorization.
    function CLAIM_AUTHORIZATION_TYPEHASH() external view returns (bytes32);

    /// @notice EIP-712 type of `setRewardRecipientWithAuthorization`'s authorization.
    function RECIPIENT_AUTHORIZATION_TYPEHASH() external view returns (bytes32);

    /// @notice Initializes the proxy. `oracle` (the AttributionOracle) gets ORACLE_ROLE (replaceable by the admin).
    /// @param admin The governance timelock (DEFAULT_ADMIN_ROLE).
    function initialize(address admin, address oracle) external;
}
