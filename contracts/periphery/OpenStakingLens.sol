// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IOpenStaking} from "../interfaces/IOpenStaking.sol";

/// @title OpenStakingLens
/// @notice Reward views of OpenStaking computed from its storage through `extSload` (Morpho Blue's periphery
/// pattern), so that OpenStaking's runtime code keeps its headroom under EIP-170 (docs/decisions/0249). The same
/// arithmetic as OpenStaking's `_settle`; src/protocol/staking-lens.ts is the TypeScript twin, and a test checks both
/// against the rewards that `claimRewards` pays.
/// @dev Layout read (OpenStaking's ERC-7201 namespace `openledger.storage.OpenStaking`, base slot B):
///   B + 0: feeSource (bits 0..159) | rewardRemainder (160..255)
///   B + 2: rewardPerShare (0..151) | totalUnbonding (152..247)
///   B + 3: mapping accounts => Account { active (0..95) | paidPerShare (96..247) | role (248..255) }
///   B + 4: mapping owed => Owed { unbonding (0..95) | releaseTime (96..143) | rewards (144..239) | guarded (240) }
/// A test pins these offsets against the compiler's storage layout of OpenStaking.
/// @custom:security-contact security@openledger.xyz
library OpenStakingLens {
    /// @dev keccak256(abi.encode(uint256(keccak256("openledger.storage.OpenStaking")) - 1)) & ~bytes32(uint256(0xff))
    uint256 internal constant STORAGE_LOCATION = 0x4993b7a6e115dddc3c09853ec8f4ba27614bb6b81f9a23ab71a74ec8193f7f00;
    /// @dev Scale of the reward index (OpenStaking's `REWARD_PRECISION`).
    uint256 internal constant REWARD_PRECISION = 1e18;

    uint256 private constant SLOT_FEES = STORAGE_LOCATION;
    uint256 private constant SLOT_INDEX = STORAGE_LOCATION + 2;
    uint256 private constant SLOT_ACCOUNTS = STORAGE_LOCATION + 3;
    uint256 private constant SLOT_OWED = STORAGE_LOCATION + 4;

    /// @notice Accumulated reward per unit of active stake, scaled by `REWARD_PRECISION`.
    function rewardPerShare(IOpenStaking staking) internal view returns (uint256) {
        return uint152(uint256(staking.extSload(bytes32(SLOT_INDEX))));
    }

    /// @notice The carried remainder of the last fee distribution (scaled by `REWARD_PRECISION`, < total active).
    function rewardRemainder(IOpenStaking staking) internal view returns (uint256) {
        return uint256(staking.extSload(bytes32(SLOT_FEES))) >> 160;
    }

    /// @notice Rewards `account` can claim now, not counting fees still at the fee source: its settled rewards plus
    /// `active * (rewardPerShare - paidPerShare) / REWARD_PRECISION`, floored as `claimRewards` settles them.
    function pendingRewards(IOpenStaking staking, address account) internal view returns (uint256) {
        uint256 accountWord = uint256(staking.extSload(keccak256(abi.encode(account, SLOT_ACCOUNTS))));
        uint256 owedWord = uint256(staking.extSload(keccak256(abi.encode(account, SLOT_OWED))));
        uint256 active = uint96(accountWord);
        uint256 paidPerShare = uint152(accountWord >> 96);
        uint256 settled = uint96(owedWord >> 144);
        return settled + (active * (rewardPerShare(staking) - paidPerShare)) / REWARD_PRECISION;
    }
}
