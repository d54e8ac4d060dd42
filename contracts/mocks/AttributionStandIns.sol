// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// TEST-ONLY STAND-INS for OpenStaking, InferencePayments and ModelRegistry, implementing only the interface functions
// AttributionOracle and RewardDistributor use. They exist until the real contracts land on main; integration tests
// must move to the real contracts then. Never deploy.

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @notice Stand-in for IOpenStaking: per-operator stake with timestamp checkpoints (oracle role only), unbonding
/// amount that stays slashable, and slash paying from this contract's balance.
contract StakingStandIn {
    using SafeERC20 for IERC20;

    struct Checkpoint {
        uint256 timestamp;
        uint256 value;
    }

    IERC20 public immutable asset;
    mapping(address => Checkpoint[]) private _stake;
    Checkpoint[] private _total;
    mapping(address => uint256) public unbonding;

    constructor(IERC20 asset_) {
        asset = asset_;
    }

    /// @notice Sets `operator`'s active oracle stake now (pulling or returning nothing: fund this contract apart).
    function setStake(address operator, uint256 amount) external {
        uint256 old = _latest(_stake[operator]);
        _push(_stake[operator], amount);
        _push(_total, _latest(_total) - old + amount);
    }

    /// @notice Moves `amount` of active stake to unbonding (still slashable, no longer counted).
    function startUnbonding(address operator, uint256 amount) external {
        uint256 old = _latest(_stake[operator]);
        _push(_stake[operator], old - amount);
        _push(_total, _latest(_total) - amount);
        unbonding[operator] += amount;
    }

    function getPastOracleStake(address operator, uint256 timestamp) external view returns (uint256) {
        require(timestamp < block.timestamp, "future lookup");
        return _lookup(_stake[operator], timestamp);
    }

    function getPastTotalOracleStake(uint256 timestamp) external view returns (uint256) {
        require(timestamp < block.timestamp, "future lookup");
        return _lookup(_total, timestamp);
    }

    function slashableStake(address operator) public view returns (uint256) {
        return _latest(_stake[operator]) + unbonding[operator];
    }

    function slash(address operator, uint256 amount, address recipient) external returns (uint256 slashed) {
        uint256 active = _latest(_stake[operator]);
        uint256 fromActive = amount < active ? amount : active;
        uint256 fromUnbonding = amount - fromActive;
        if (fromUnbonding > unbonding[operator]) fromUnbonding = unbonding[operator];
        if (fromActive > 0) {
            _push(_stake[operator], active - fromActive);
            _push(_total, _latest(_total) - fromActive);
        }
        unbonding[operator] -= fromUnbonding;
        slashed = fromActive + fromUnbonding;
        asset.safeTransfer(recipient, slashed);
    }

    function _latest(Checkpoint[] storage c) private view returns (uint256) {
        return c.length == 0 ? 0 : c[c.length - 1].value;
    }

    function _push(Checkpoint[] storage c, uint256 value) private {
        if (c.length > 0 && c[c.length - 1].timestamp == block.timestamp) c[c.length - 1].value = value;
        else c.push(Checkpoint(block.timestamp, value));
    }

    function _lookup(Checkpoint[] storage c, uint256 timestamp) private view returns (uint256) {
        for (uint256 i = c.length; i > 0; --i) {
            if (c[i - 1].timestamp <= timestamp) return c[i - 1].value;
        }
        return 0;
    }
}

/// @notice Stand-in for IInferencePayments: epochs, a settable funded total, and release to the caller.
contract PaymentsStandIn {
    using SafeERC20 for IERC20;

    IERC20 public immutable asset;
    uint64 public immutable epochGenesis;
    uint64 public immutable epochLength;
    uint256 public totalAttributionFunded;
    uint256 public totalAttributionReleased;

    constructor(IERC20 asset_, uint64 genesis, uint64 length) {
        asset = asset_;
        epochGenesis = genesis;
        epochLength = length;
    }

    /// @notice Pulls `amount` from the caller into the attribution pools.
    function fund(uint256 amount) external {
        asset.safeTransferFrom(msg.sender, address(this), amount);
        totalAttributionFunded += amount;
    }

    function currentEpoch() external view returns (uint64) {
        return uint64((block.timestamp - epochGenesis) / epochLength);
    }

    function releaseAttributionFunds(uint256 cumulativeTotal) external returns (uint256 released) {
        require(cumulativeTotal <= totalAttributionFunded, "above funded");
        if (cumulativeTotal <= totalAttributionReleased) return 0;
        released = cumulativeTotal - totalAttributionReleased;
        totalAttributionReleased = cumulativeTotal;
        asset.safeTransfer(msg.sender, released);
    }
}

/// @notice Stand-in for IModelRegistry.paymentTerms: only the operator is set.
contract ModelRegistryStandIn {
    struct PaymentTerms {
        address operator;
        uint96 pricePerUnit;
        uint16 contributorShareBps;
        uint8 status;
    }

    mapping(uint256 => address) public operatorOf;

    function setOperator(uint256 modelId, address operator) external {
        operatorOf[modelId] = operator;
    }

    function paymentTerms(uint256 modelId) external view returns (PaymentTerms memory t) {
        t.operator = operatorOf[modelId];
        t.status = operatorOf[modelId] == address(0) ? 0 : 1;
    }
}
