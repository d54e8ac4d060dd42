import { existsSync, readFileSync } from "node:fs";

import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import ProtocolModule from "../../deploy/modules/Protocol.js";
import { PROTOCOL_CONTRACT_NAMES } from "../../deploy/protocolContracts.js";
import { checkOrbitChain, readDeployment as readOrbitRecord } from "../../src/orbit/index.js";
import { TaskError, runTask } from "../lib/errors.js";
import { writeDeployment } from "../lib/deployments.js";
import { emit } from "../lib/output.js";
import { oracleLivenessWarning } from "../lib/liveness.js";
import { parseAddress } from "../lib/parse.js";

interface Args {
  parameters: string;
  open: string;
  json: boolean;
}

/** `protocol deploy --network <net>`: deploys through Ignition (journaled, resumable) and records the addresses. */
export default async function protocolDeploy(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const connection = await hre.network.getOrCreate();
    const { ethers, ignition, networkName } = connection;
    const chainId = (await ethers.provider.getNetwork()).chainId;

    const orbitRecordFile = `deployments/orbit-${chainId}.json`;
    if (existsSync(orbitRecordFile)) {
      const expectedOpen = args.open === "" ? undefined : parseAddress("open", args.open);
      const record = readOrbitRecord(Number(chainId));
      const check = await checkOrbitChain(ethers.provider, record, expectedOpen ?? record.network.nativeToken ?? "");
      console.error(`[protocol] Orbit chain ${check.chainId} checked: native token ${check.nativeToken}`);
    }

    const parameters = loadParameters(args.parameters, networkName);
    const latest = await ethers.provider.getBlock("latest");
    const protocolParameters: Record<string, unknown> = {
      epochGenesis: BigInt(latest!.timestamp),
      ...(parameters.Protocol ?? {}),
    };
    const deployed = await ignition.deploy(ProtocolModule, {
      parameters: { Protocol: protocolParameters as never },
      displayUi: false,
      // A local node restarts from an empty chain, so its journal must not be resumed: one journal per deployment.
      deploymentId: chainId === 31337n ? `chain-31337-${latest!.timestamp}` : undefined,
    });
    const contracts: Record<string, string> = {};
    for (const [key, contract] of Object.entries(deployed)) {
      // The ModelShares implementation is recorded under its Ignition id: clones of it are the tokens.
      const name =
        key === "modelShares"
          ? "ModelSharesImplementation"
          : (PROTOCOL_CONTRACT_NAMES[key as keyof typeof PROTOCOL_CONTRACT_NAMES] ?? key);
      contracts[name] = await (contract as { getAddress(): Promise<string> }).getAddress();
    }
    const file = await writeDeployment({
      chainId: chainId.toString(),
      network: networkName,
      deployedAt: new Date().toISOString(),
      startBlock: latest!.number,
      asset: contracts.WOPEN,
      contracts,
      parameters: protocolParameters,
    });
    const warning = await oracleLivenessWarning(ethers.provider, contracts, latest!.number);
    emit(args.json, { chainId, file, contracts, ...(warning === undefined ? {} : { warnings: [warning] }) }, [
      `deployed the OpenLedger protocol on ${networkName} (chain ${chainId}); addresses written to ${file}`,
      ...Object.entries(contracts).map(([name, address]) => `  ${name.padEnd(26)} ${address}`),
      ...(warning === undefined ? [] : [`warning: ${warning}`]),
    ]);
  });
}

function loadParameters(file: string, networkName: string): Record<string, Record<string, unknown>> {
  const path = file !== "" ? file : `deploy/parameters/${networkName}.json`;
  if (!existsSync(path)) {
    if (file !== "") throw new TaskError(`--parameters: ${file} does not exist`);
    return {};
  }
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Record<string, Record<string, unknown>>;
  } catch {
    throw new TaskError(`${path} is not valid JSON`);
  }
}
