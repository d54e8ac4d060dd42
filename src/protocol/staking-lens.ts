/**
 * OpenStaking's reward views, computed from its storage through `extSload` (docs/decisions/0249). The TypeScript twin
 * of contracts/periphery/OpenStakingLens.sol; test/unit/OpenStakingLens.test.ts checks both against what
 * `claimRewards` pays. Layout read (ERC-7201 namespace `openledger.storage.OpenStaking`, base slot B):
 *
 *   B + 0: feeSource (bits 0..159) | rewardRemainder (160..255)
 *   B + 2: rewardPerShare (0..151) | totalUnbonding (152..247)
 *   B + 3: mapping accounts => { active (0..95) | paidPerShare (96..247) | role (248..255) }
 *   B + 4: mapping owed => { unbonding (0..95) | releaseTime (96..143) | rewards (144..239) | guarded (240) }
 */
import { AbiCoder, keccak256 } from "ethers";

/** Anything with OpenStaking's `extSload` (an ethers contract of OpenStaking or IOpenStaking). */
export interface StakingSlots {
  extSload(slot: string): Promise<string>;
}

/** keccak256(abi.encode(uint256(keccak256("openledger.storage.OpenStaking")) - 1)) & ~bytes32(uint256(0xff)) */
export const OPEN_STAKING_STORAGE_LOCATION = 0x4993b7a6e115dddc3c09853ec8f4ba27614bb6b81f9a23ab71a74ec8193f7f00n;
/** Scale of the reward index (OpenStaking's `REWARD_PRECISION`). */
export const REWARD_PRECISION = 10n ** 18n;

const SLOT_FEES = OPEN_STAKING_STORAGE_LOCATION;
const SLOT_INDEX = OPEN_STAKING_STORAGE_LOCATION + 2n;
const SLOT_ACCOUNTS = OPEN_STAKING_STORAGE_LOCATION + 3n;
const SLOT_OWED = OPEN_STAKING_STORAGE_LOCATION + 4n;

const mask = (bits: number): bigint => (1n << BigInt(bits)) - 1n;
const word = (slot: bigint): string => "0x" + slot.toString(16).padStart(64, "0");
const mappingSlot = (account: string, base: bigint): string =>
  keccak256(AbiCoder.defaultAbiCoder().encode(["address", "uint256"], [account, base]));

async function read(staking: StakingSlots, slot: string): Promise<bigint> {
  return BigInt(await staking.extSload(slot));
}

/** Accumulated reward per unit of active stake, scaled by `REWARD_PRECISION`. */
export async function rewardPerShare(staking: StakingSlots): Promise<bigint> {
  return (await read(staking, word(SLOT_INDEX))) & mask(152);
}

/** The carried remainder of the last fee distribution (scaled by `REWARD_PRECISION`, < total active stake). */
export async function rewardRemainder(staking: StakingSlots): Promise<bigint> {
  return (await read(staking, word(SLOT_FEES))) >> 160n;
}

/** Rewards `account` can claim now, not counting fees still at the fee source (floored as `claimRewards` settles). */
export async function pendingRewards(staking: StakingSlots, account: string): Promise<bigint> {
  const [accountWord, owedWord, index] = await Promise.all([
    read(staking, mappingSlot(account, SLOT_ACCOUNTS)),
    read(staking, mappingSlot(account, SLOT_OWED)),
    rewardPerShare(staking),
  ]);
  const active = accountWord & mask(96);
  const paidPerShare = (accountWord >> 96n) & mask(152);
  const settled = (owedWord >> 144n) & mask(96);
  return settled + (active * (index - paidPerShare)) / REWARD_PRECISION;
}
