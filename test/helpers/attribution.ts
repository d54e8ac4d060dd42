import type { Signer } from "ethers";

import { attributionOracleDomain } from "../../src/protocol/report.js";
import type { AttributionReport } from "../../src/protocol/eip712.js";
import { deployTokens, type Chain } from "./fixtures.js";
import { deployUupsProxy } from "./proxy.js";

export const EPOCH = 86_400n;
export const LOG_DEADLINE = 6n * 3600n;
export const WINDOW = 86_400n;

/**
 * AttributionOracle + RewardDistributor over the TEST-ONLY stand-ins of OpenStaking, InferencePayments and
 * ModelRegistry (contracts/mocks/AttributionStandIns.sol) until the real contracts land on main.
 * The deployer is the admin (stands for the timelock), users[9] the treasury.
 */
export async function deployAttribution(chain: Chain) {
  const { ethers, networkHelpers } = chain;
  const { deployer, users, open } = await deployTokens(chain);
  const treasury = users[9];
  const now = BigInt(await networkHelpers.time.latest());
  const genesis = now - (now % EPOCH) + EPOCH; // next midnight: epoch 0 starts then
  const staking = await ethers.deployContract("StakingStandIn", [await open.getAddress()]);
  const payments = await ethers.deployContract("PaymentsStandIn", [await open.getAddress(), genesis, EPOCH]);
  const registry = await ethers.deployContract("ModelRegistryStandIn");
  await networkHelpers.time.increaseTo(genesis);
  // Slashable funds sit in the staking stand-in.
  await open.transfer(await staking.getAddress(), 10n ** 24n);
  const distributor = await deployUupsProxy(chain, "RewardDistributor", [
    deployer.address,
    await open.getAddress(),
    await payments.getAddress(),
    deployer.address,
  ]);
  const rd = await ethers.getContractAt("RewardDistributor", await distributor.getAddress());
  const proxy = await deployUupsProxy(chain, "AttributionOracle", [
    {
      admin: deployer.address,
      asset: await open.getAddress(),
      staking: await staking.getAddress(),
      payments: await payments.getAddress(),
      modelRegistry: await registry.getAddress(),
      distributor: await rd.getAddress(),
      treasury: treasury.address,
    },
  ]);
  const oracle = await ethers.getContractAt("AttributionOracle", await proxy.getAddress());
  await rd.grantRole(await rd.ORACLE_ROLE(), await oracle.getAddress());
  await rd.revokeRole(await rd.ORACLE_ROLE(), deployer.address);
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const domain = attributionOracleDomain(chainId, await oracle.getAddress());

  /** Funds `amount` into the attribution pools (as paid inferences would). */
  async function fund(amount: bigint) {
    await open.approve(await payments.getAddress(), amount);
    await payments.fund(amount);
  }

  /** Moves time to when reports for `epoch` open (its end + log deadline). */
  async function openReports(epoch: bigint) {
    const t = genesis + (epoch + 1n) * EPOCH + LOG_DEADLINE;
    if (BigInt(await networkHelpers.time.latest()) < t) await networkHelpers.time.increaseTo(t);
  }

  return {
    ...chain,
    deployer,
    users,
    open,
    treasury,
    staking,
    payments,
    registry,
    rd,
    oracle,
    domain,
    genesis,
    fund,
    openReports,
  };
}

export function makeReport(epoch: bigint, root: string, total: bigint, uri = "ipfs://bafy-report"): AttributionReport {
  return {
    epoch,
    cumulativeRewardsRoot: root,
    cumulativeTotal: total,
    attributionRoot: "0x" + "ab".repeat(32),
    dataURI: uri,
  };
}

export async function addressOf(s: Signer) {
  return s.getAddress();
}
