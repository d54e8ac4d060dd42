// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// solhint-disable-next-line max-line-length
import {ERC20PermitUpgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/extensions/ERC20PermitUpgradeable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IInferencePayments} from "../interfaces/IInferencePayments.sol";
import {IModelShares} from "../interfaces/IModelShares.sol";
import {RewardPerShare} from "../libraries/RewardPerShare.sol";

/// @title ModelShares
/// @notice ERC-20 (with permit) shares of one model's owner revenue, created by ModelRegistry.tokenize as a minimal
/// clone of this contract. Not upgradeable: it has no owner and no upgrade path. It uses OpenZeppelin's initializable
/// ERC-20 variants only because a clone cannot run a constructor.
///
/// @dev Reward-per-share accumulator (the staking-rewards pattern).
///
/// Algorithm. `rewardPerShare` (R) is the revenue paid per share since creation, scaled by PRECISION = 1e36. Each
/// account keeps `_rewardPerSharePaid[a]` (the R at which its balance was last settled) and `_owed[a]` (settled,
/// unclaimed revenue). Settling `a` adds `balanceOf(a) * (R - paid[a]) / PRECISION` to `owed[a]` and sets
/// `paid[a] = R`. `_update` settles sender and receiver before every balance change, so each account earns on the
/// balance it actually held between any two syncs, under any sequence of transfers. `sync` measures the asset that
/// arrived as `balance - reservedRevenue` (never the collect call's return value) and raises R by
/// `received * PRECISION / totalSupply`. The supply is fixed at initialization (no mint or burn afterwards).
///
/// Precision. With the 1e24-unit supply ModelRegistry mints, PRECISION / supply = 1e12, so a sync distributes
/// every unit it received; in general what a sync cannot express in R stays undistributed and is picked up by the
/// next sync. R stays below 1e41 * 1e36 / supply and `balance * R` below 2^256 for any asset supply under 1e41.
///
/// Invariant. `totalDistributed = floor(R * totalSupply / PRECISION)` and `reservedRevenue = totalDistributed -
/// totalClaimed`. For every account, `claimable + claimed` equals its exact pro-rata share rounded down per
/// settlement, so `sum(claimable) + totalClaimed <= totalDistributed <= total revenue received`, and the difference
/// `reservedRevenue - sum(claimable)` is rounding dust of less than one unit per settlement. The dust stays in the
/// contract (inside `reservedRevenue`, never redistributed) and is always solvent: `balance >= reservedRevenue`.
/// @custom:security-contact security@openledger.xyz
contract ModelShares is IModelShares, ERC20PermitUpgradeable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @inheritdoc IModelShares
    uint256 public constant PRECISION = 1e36;

    /// @inheritdoc IModelShares
    uint256 public modelId;
    IERC20 private _asset;
    /// @inheritdoc IModelShares
    address public inferencePayments;
    /// @inheritdoc IModelShares
    uint256 public rewardPerShare;
    /// @inheritdoc IModelShares
    uint256 public reservedRevenue;
    /// @inheritdoc IModelShares
    uint256 public totalDistributed;
    mapping(address account => uint256) private _rewardPerSharePaid;
    mapping(address account => uint256) private _owed;

    /// @dev The implementation itself can never be initialized; only its clones can. (A clone, not a proxy: the
    /// constructor only locks the implementation.)
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @inheritdoc IModelShares
    function initialize(
        string calldata name_,
        string calldata symbol_,
        uint256 modelId_,
        IERC20 asset_,
        address payments_,
        address holder,
        uint256 supply
    ) external initializer {
        __ERC20_init(name_, symbol_);
        __ERC20Permit_init(name_);
        modelId = modelId_;
        _asset = asset_;
        inferencePayments = payments_;
        _mint(holder, supply);
    }

    /// @inheritdoc IModelShares
    function sync() external nonReentrant returns (uint256 distributed) {
        IInferencePayments(inferencePayments).collectModelRevenue(modelId);
        uint256 received = _asset.balanceOf(address(this)) - reservedRevenue;
        uint256 supply = totalSupply();
        (uint256 indexDelta, ) = RewardPerShare.distribute(received, supply, PRECISION, 0);
        uint256 newRewardPerShare = rewardPerShare + indexDelta;
        uint256 newTotalDistributed = (newRewardPerShare * supply) / PRECISION;
        distributed = newTotalDistributed - totalDistributed;
        if (distributed == 0) return 0;
        rewardPerShare = newRewardPerShare;
        totalDistributed = newTotalDistributed;
        reservedRevenue += distributed;
        emit RevenueDistributed(distributed, newRewardPerShare);
    }

    /// @inheritdoc IModelShares
    function claim() external nonReentrant returns (uint256 amount) {
        return _claim(msg.sender);
    }

    /// @inheritdoc IModelShares
    function claimFor(address account) external nonReentrant returns (uint256 amount) {
        return _claim(account);
    }

    /// @inheritdoc IModelShares
    function claimable(address account) external view returns (uint256) {
        return
            _owed[account] +
            RewardPerShare.accrued(balanceOf(account), rewardPerShare - _rewardPerSharePaid[account], PRECISION);
    }

    /// @inheritdoc IModelShares
    function undistributedRevenue() external view returns (uint256) {
        return _asset.balanceOf(address(this)) - reservedRevenue;
    }

    /// @inheritdoc IModelShares
    function asset() external view returns (IERC20) {
        return _asset;
    }

    /// @inheritdoc IERC20Permit
    function nonces(address owner) public view override(IERC20Permit, ERC20PermitUpgradeable) returns (uint256) {
        return super.nonces(owner);
    }

    /// @dev Settles both sides before balances change, so revenue accrues on the balance held before the transfer.
    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0)) _settle(from);
        if (to != address(0) && to != from) _settle(to);
        super._update(from, to, value);
    }

    function _settle(address account) private {
        uint256 current = rewardPerShare;
        uint256 paid = _rewardPerSharePaid[account];
        if (paid == current) return;
        _owed[account] += RewardPerShare.accrued(balanceOf(account), current - paid, PRECISION);
        _rewardPerSharePaid[account] = current;
    }

    function _claim(address account) private returns (uint256 amount) {
        _settle(account);
        amount = _owed[account];
        if (amount == 0) revert ModelSharesNothingToClaim(account);
        _owed[account] = 0;
        reservedRevenue -= amount;
        emit RevenueClaimed(account, amount);
        _asset.safeTransfer(account, amount);
    }
}
