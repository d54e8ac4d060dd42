import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { TaskError } from "../lib/errors.js";

/** Chain id of Hardhat's simulated network, the only one the dev tasks touch. */
export const LOCAL_CHAIN_ID = 31337n;

/** The connection, if the network is a local development chain; a one-line error otherwise. */
export async function localConnection(hre: HardhatRuntimeEnvironment, what: string) {
  const connection = await hre.network.getOrCreate();
  const chainId = (await connection.ethers.provider.getNetwork()).chainId;
  if (chainId !== LOCAL_CHAIN_ID) {
    throw new TaskError(`${what} is for local development nodes only (chain id 31337); this chain's id is ${chainId}`);
  }
  return connection;
}
