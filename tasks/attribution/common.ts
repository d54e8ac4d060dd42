/**
 * What the read-only attribution tasks (`attribution verify`, `rewards explain`) share: a chain follower over the
 * connected network's deployment record that needs no account at all (any network, even one without keys), and
 * the epoch option.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { ChainFollower } from "../../src/oracle/index.js";
import { readDeployment, scanStart } from "../lib/deployments.js";
import { TaskError } from "../lib/errors.js";
import { parseId } from "../lib/parse.js";

/** An epoch id (uint64) from `--epoch`. */
export function parseEpochOption(value: string): bigint {
  if (value === "") throw new TaskError("--epoch is required");
  const epoch = parseId("epoch", value);
  if (epoch >= 1n << 64n) throw new TaskError(`--epoch: ${value} is not an epoch (uint64)`);
  return epoch;
}

/** The connection and a chain follower over the deployment of the connected chain; signs nothing. */
export async function readOnlyChain(hre: HardhatRuntimeEnvironment) {
  const connection = await hre.network.getOrCreate();
  const chainId = (await connection.ethers.provider.getNetwork()).chainId;
  const deployment = await readDeployment(chainId);
  const chain = new ChainFollower(
    connection.ethers.provider,
    { contracts: deployment.contracts, asset: deployment.asset },
    { fromBlock: scanStart(deployment) },
  );
  return { connection, chainId, deployment, chain };
}
