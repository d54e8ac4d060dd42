import type { MockFeeSource, OpenStaking } from "../../typechain-types/index.js";
import { type Chain, deployTokens } from "./fixtures.js";
import { deployUupsProxy } from "./proxy.js";

export const OPEN = 10n ** 18n;
export const DAY = 24n * 60n * 60n;

export enum OperatorRole {
  None = 0,
  AttributionOracle = 1,
  ComputeProvider = 2,
}

/** ERC-7201 slot of a namespace, computed with the formula (what the contracts hard-code). */
export function erc7201Slot(chain: Chain, namespace: string): string {
  const { ethers } = chain;
  const inner = BigInt(ethers.keccak256(ethers.toUtf8Bytes(namespace))) - 1n;
  const outer = BigInt(ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["uint256"], [inner])));
  return ethers.toBeHex(outer & ~0xffn, 32);
}

/**
 * OPEN, a fee source mock and OpenStaking behind a UUPS proxy. `admin` stands in for the governance timelock and
 * `slasher` for the AttributionOracle. Every user holds 1,000,000 OPEN and has approved the staking contract.
 */
export async function deployStaking(chain: Chain) {
  const { ethers } = chain;
  const { deployer, users, open } = await deployTokens(chain);
  const [admin, slasher, alice, bob, carol, dave, ...rest] = users;
  const feeSource = (await ethers.deployContract("MockFeeSource", [
    await open.getAddress(),
  ])) as unknown as MockFeeSource;
  const staking = await deployUupsProxy<OpenStaking>(
    chain,
    "OpenStaking",
    [admin.address, await feeSource.getAddress(), slasher.address],
    [await open.getAddress()],
  );
  const stakingAddress = await staking.getAddress();
  for (const user of [alice, bob, carol, dave, deployer]) {
    if (user !== deployer) await open.connect(deployer).transfer(user.address, 1_000_000n * OPEN);
    await open.connect(user).approve(stakingAddress, ethers.MaxUint256);
  }
  await open.connect(deployer).approve(await feeSource.getAddress(), ethers.MaxUint256);
  return { deployer, admin, slasher, alice, bob, carol, dave, rest, open, feeSource, staking, stakingAddress };
}
