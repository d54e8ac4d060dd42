/**
 * Reads what an oracle needs from the chain, through ethers v6, in one concern per file under chain/: the contracts and
 * their kernel ABIs (contracts.ts), the view block, the event cache with its reorganization check and epoch time
 * (view.ts), an epoch's inputs (inputs.ts) and the reports (reports.ts). `ChainFollower` combines them.
 */
export {
  DATANET_REGISTRY_ABI,
  DISPUTES_ABI,
  EPOCH_STATUS,
  ERC20_ABI,
  LOGS_ABI,
  MODEL_REGISTRY_ABI,
  ORACLE_ABI,
  PAYMENTS_ABI,
  STAKING_ABI,
  type DeploymentAddresses,
  type EpochStatusName,
} from "./chain/contracts.js";
export { ChainView, type EpochTiming, type FollowerOptions, type ViewBlock } from "./chain/view.js";
export {
  ChainInputs,
  type CommittedLog,
  type ContributionRecord,
  type DatanetVersionInfo,
  type ModelAtEpoch,
  type PoolOfModel,
} from "./chain/inputs.js";
export { ChainFollower, type AcceptedReport, type EpochState, type FinalizedReport } from "./chain/reports.js";
