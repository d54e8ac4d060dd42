/**
 * Ponder configuration: one chain, every contract of INDEXED_CONTRACTS at the address and from the start block that
 * `protocol deploy` recorded (deployments/<chainId>.json), with the ABIs generated from the Hardhat artifacts.
 * One block source, ClaimsRetry, every OPENLEDGER_INDEXER_CLAIMS_RETRY_BLOCKS blocks (src/blocks/ClaimsRetry.ts).
 * Storage: PostgreSQL when DATABASE_URL is set, Ponder's embedded PGlite otherwise.
 */
import { createConfig } from "ponder";

import * as abis from "./generated/abis";
import { loadSettings } from "./lib/settings";

const settings = loadSettings();
const at = (name: keyof typeof settings.deployment.contracts) => settings.deployment.contracts[name] as `0x${string}`;
const contract = <const A>(abi: A, name: string) => ({
  chain: "openledger" as const,
  abi,
  address: at(name),
  startBlock: settings.startBlock,
});

export default createConfig({
  database: process.env.DATABASE_URL
    ? { kind: "postgres", connectionString: process.env.DATABASE_URL }
    : { kind: "pglite", directory: settings.pgliteDir },
  chains: {
    openledger: {
      id: settings.chainId,
      rpc: settings.rpcLanes === 1 ? settings.rpcUrl : Array<string>(settings.rpcLanes).fill(settings.rpcUrl),
      pollingInterval: settings.pollingIntervalMs,
      // A restarted local node reuses block numbers for other blocks: Ponder's RPC cache must not answer for it.
      disableCache: settings.chainId === 31337,
    },
  },
  contracts: {
    DatanetRegistry: contract(abis.DatanetRegistryAbi, "DatanetRegistry"),
    ModelRegistry: contract(abis.ModelRegistryAbi, "ModelRegistry"),
    AgentRegistry: contract(abis.AgentRegistryAbi, "AgentRegistry"),
    InferencePayments: contract(abis.InferencePaymentsAbi, "InferencePayments"),
    OpenStaking: contract(abis.OpenStakingAbi, "OpenStaking"),
    RewardDistributor: contract(abis.RewardDistributorAbi, "RewardDistributor"),
    AttributionOracle: contract(abis.AttributionOracleAbi, "AttributionOracle"),
    AttributionDisputes: contract(abis.AttributionDisputesAbi, "AttributionDisputes"),
    InferenceLogs: contract(abis.InferenceLogsAbi, "InferenceLogs"),
    Treasury: contract(abis.TreasuryAbi, "Treasury"),
    OpenGovernor: contract(abis.OpenGovernorAbi, "OpenGovernor"),
  },
  blocks: {
    // Retries the data documents of finalized epochs that were unreachable (lib/epochClaims.ts, decision 0505).
    ClaimsRetry: { chain: "openledger", startBlock: settings.startBlock, interval: settings.claimsRetryBlocks },
  },
});
