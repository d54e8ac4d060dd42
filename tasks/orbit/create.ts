import { readFileSync } from "node:fs";

import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { assertChainConfig } from "../../src/orbit/index.js";
import { deployRollupCreatorStack } from "../../src/orbit/index.js";
import { createOrbitChain } from "../../src/orbit/index.js";
import { writeDeployment } from "../../src/orbit/network.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseAddress } from "../lib/parse.js";

interface Args {
  file: string;
  creator: string;
  json: boolean;
}

const LOCAL_CHAIN_IDS = new Set([31337, 1337]);

/** `orbit create --network <parent>`: creates the chain and writes deployments/orbit-<chainId>.json. */
export default async function orbitCreate(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    let config: unknown;
    try {
      config = JSON.parse(readFileSync(args.file, "utf8"));
    } catch {
      throw new TaskError(`cannot read ${args.file}: run \`hardhat orbit config\` first`);
    }
    try {
      assertChainConfig(config);
    } catch (error) {
      throw new TaskError((error as Error).message);
    }
    const connection = await hre.network.getOrCreate();
    const [signer] = await connection.ethers.getSigners();
    const parentChainId = Number((await connection.ethers.provider.getNetwork()).chainId);
    let creator = args.creator;
    if (creator === "") {
      if (!LOCAL_CHAIN_IDS.has(parentChainId)) {
        throw new TaskError(`--creator is required on chain ${parentChainId} (Offchain Labs' RollupCreator)`);
      }
      creator = (await deployRollupCreatorStack(signer, config.maxDataSize)).rollupCreator;
    } else {
      creator = parseAddress("creator", creator);
    }
    const pricerFactory = await connection.ethers.getContractFactory("OpenFeeTokenPricer");
    const record = await createOrbitChain(signer, creator, config, pricerFactory).catch((error: Error) => {
      throw new TaskError(`createRollup: ${error.message.split("\n")[0]}`);
    });
    const file = writeDeployment(record);
    emit(args.json, { file, ...record }, [
      `Orbit chain ${record.network.chainId} created on chain ${parentChainId} (native token ${record.network.nativeToken})`,
      `  rollup ${record.parentContracts.rollup}`,
      `  inbox  ${record.parentContracts.inbox}`,
      `  outbox ${record.parentContracts.outbox}`,
      `record: ${file}`,
    ]);
  });
}
