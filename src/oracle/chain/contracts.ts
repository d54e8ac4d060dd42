/**
 * The contracts the chain reader speaks to, with the kernel's ABIs (src/protocol/abis.ts, generated from the compiled
 * artifacts and checked by a test), so the node can never speak to a contract with a stale hand-written signature.
 * Addresses come from a deployment map `{contracts: {AttributionOracle: "0x...", ...}}` (the shape of
 * `deployments/<chainId>.json`).
 */
import { Contract, getAddress, type ContractRunner, type InterfaceAbi } from "ethers";

import {
  attributionDisputesAbi,
  attributionOracleAbi,
  datanetRegistryAbi,
  inferenceLogsAbi,
  inferencePaymentsAbi,
  modelRegistryAbi,
  openStakingAbi,
  wopenAbi,
} from "../../protocol/index.js";

/** AttributionOracle: the report state machine. */
export const ORACLE_ABI = attributionOracleAbi as unknown as InterfaceAbi;
/** AttributionDisputes (the court): bonds, disputes, rulings, equivocation, withdrawals. */
export const DISPUTES_ABI = attributionDisputesAbi as unknown as InterfaceAbi;
/** InferenceLogs: the operators' log commitments. */
export const LOGS_ABI = inferenceLogsAbi as unknown as InterfaceAbi;
export const PAYMENTS_ABI = inferencePaymentsAbi as unknown as InterfaceAbi;
export const MODEL_REGISTRY_ABI = modelRegistryAbi as unknown as InterfaceAbi;
export const DATANET_REGISTRY_ABI = datanetRegistryAbi as unknown as InterfaceAbi;
export const STAKING_ABI = openStakingAbi as unknown as InterfaceAbi;
/** The asset: WOPEN's ABI (an ERC-20 with permit) fits OPEN as well. */
export const ERC20_ABI = wopenAbi as unknown as InterfaceAbi;

/** AttributionOracle.EpochStatus. */
export const EPOCH_STATUS = ["Open", "Accepted", "Disputed", "Confirmed", "Finalized", "Skipped"] as const;
export type EpochStatusName = (typeof EPOCH_STATUS)[number];

/** The address map of a deployment (the shape of `deployments/<chainId>.json`; only `contracts` is read). */
export interface DeploymentAddresses {
  contracts: Record<string, string>;
  /** The asset (OPEN or WOPEN); defaults to `contracts.OpenToken` / `contracts.WOPEN` when absent. */
  asset?: string;
}

/** The contract `name` of the deployment map, read through `runner`. */
export function contractAt(deployment: DeploymentAddresses, name: string, abi: InterfaceAbi, runner: ContractRunner) {
  const address = deployment.contracts[name];
  if (address === undefined) throw new Error(`the deployment map has no ${name} address`);
  return new Contract(getAddress(address), abi, runner);
}
