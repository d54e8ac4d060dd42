/**
 * The deployment record of an Orbit chain, deployments/orbit-<chainId>.json, with an `ArbitrumNetwork` description in
 * the shape of @arbitrum/sdk 4.x (`registerCustomArbitrumNetwork(record.network)` works with it as is).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

import type { OrbitChainConfig } from "./chainConfig.js";

/** @arbitrum/sdk 4.x `EthBridge`. */
export interface EthBridge {
  bridge: string;
  inbox: string;
  sequencerInbox: string;
  outbox: string;
  rollup: string;
}

/** @arbitrum/sdk 4.x `ArbitrumNetwork` (without the optional token bridge and teleporter). */
export interface ArbitrumNetwork {
  name: string;
  chainId: number;
  parentChainId: number;
  ethBridge: EthBridge;
  confirmPeriodBlocks: number;
  retryableLifetimeSeconds?: number;
  nativeToken?: string;
  isTestnet: boolean;
  isCustom: boolean;
  isBold?: boolean;
}

export interface OrbitDeployment {
  network: ArbitrumNetwork;
  /** Every address created by `RollupCreator.createRollup` (and the pricer), on the parent chain. */
  parentContracts: {
    rollup: string;
    bridge: string;
    inbox: string;
    sequencerInbox: string;
    outbox: string;
    rollupEventInbox: string;
    challengeManager: string;
    adminProxy: string;
    upgradeExecutor: string;
    validatorWalletCreator: string;
    feeTokenPricer: string;
    nativeToken: string;
    rollupCreator: string;
  };
  /** Contracts on the child chain once installed (UpgradeExecutor owning the chain, governance). */
  childContracts?: Record<string, string>;
  creation: { transactionHash: string; parentBlockNumber: number };
  chainConfig: OrbitChainConfig;
}

export function deploymentPath(chainId: number, dir = "deployments"): string {
  return path.join(dir, `orbit-${chainId}.json`);
}

/** Writes atomically (temporary file then rename): never a half-written record. */
export function writeDeployment(record: OrbitDeployment, dir = "deployments"): string {
  const file = deploymentPath(record.network.chainId, dir);
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(record, null, 2) + "\n");
  renameSync(tmp, file);
  return file;
}

export function readDeployment(chainId: number, dir = "deployments"): OrbitDeployment {
  const file = deploymentPath(chainId, dir);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new Error(`no Orbit deployment record at ${file}: run \`hardhat orbit create\` first`);
  }
  try {
    return JSON.parse(text) as OrbitDeployment;
  } catch {
    throw new Error(`${file} is not valid JSON`);
  }
}
