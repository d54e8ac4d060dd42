/**
 * Public entry of the oracle node: what tasks, the demo and integrators call.
 *
 * - `OracleNode` runs an oracle (`runEpoch`, `tick`, `watch`, `finalize`, `transmit`, `computeEpoch`).
 * - `ChainFollower` reads the protocol's state (also what a resolver needs: `acceptedSigners`).
 * - The data formats (docs/decisions/0400): builders and validators of version manifests, contributions, model
 *   cards and inference logs, and the content URIs that carry their hash.
 * - `computeEpoch` is the pure pipeline, for tests and for anyone re-checking a published report;
 *   `parseAttributionData` reads the rewards part of a published document, `parseAttributionDocument` the rest, and
 *   `explainAccount` says why an account earned what it did (docs/spec/attribution.md, the normative rule).
 * - `recomputeEpoch`, `compareWithChain`: checking an epoch with no oracle key or state (`attribution verify`);
 *   `vectorEpochInput`: the spec's test vectors (spec/vectors/) as pipeline input.
 */
export {
  ChainFollower,
  EPOCH_STATUS,
  type DeploymentAddresses,
  type EpochStatusName,
  type FinalizedReport,
} from "./chain.js";
export { ContentUnavailableError, contentUri, fetchVerified, locationOf, parseContentUri } from "./content.js";
export {
  ATTRIBUTION_DATA_FORMAT,
  ATTRIBUTION_LEAF_ENCODING,
  attributeModel,
  buildAttributionTree,
  computeEpoch,
  parseAttributionData,
  proofsDocument,
  toReport,
  type AttributionData,
  type Checked,
  type EpochInput,
  type EpochResult,
  type ModelEpochInput,
  type ModelResult,
  type TrainingContribution,
} from "./epoch.js";
export {
  ATTRIBUTION_METHODS,
  FormatError,
  LOG_LEAF_ENCODING,
  RETRIEVAL_FORMAT,
  RETRIEVAL_LOG_LEAF_ENCODING,
  VERSION_MANIFEST_FORMAT,
  buildLogTree,
  buildVersionManifest,
  encodeContribution,
  encodeInferenceLog,
  logRoot,
  manifestRoot,
  parseContribution,
  parseInferenceLog,
  parseModelCard,
  parseSignedReport,
  parseVersionManifest,
  type ContributionContent,
  type LogRecord,
  type ManifestEntry,
  type ModelCard,
  type RetrievedItem,
  type SignedReport,
} from "./formats.js";
export { gatherEpochInput } from "./inputs.js";
export {
  explainAccount,
  parseAttributionDocument,
  type AccountExplanation,
  type PublishedDocument,
  type PublishedModel,
} from "./document.js";
export {
  VerificationError,
  chainReport,
  compareWithChain,
  recomputeEpoch,
  verifiedDocument,
  type ChainReport,
  type Difference,
  finalizedEpochs,
} from "./verify.js";
export {
  SPEC_VERSION,
  vectorEpochInput,
  type Vector,
  type VectorContribution,
  type VectorInput,
  type VectorModel,
} from "./vectors.js";
export { canonicalBytes, canonicalJson } from "./json.js";
export {
  OracleNode,
  sameOutcome,
  type ComputedEpoch,
  type EpochAction,
  type EpochRun,
  type NodeMetrics,
  type OracleNodeOptions,
  type TickResult,
} from "./node.js";
export { OracleState, StateError, writeFileAtomic } from "./state.js";
export { ChainMismatchError } from "./binding.js";
export { checkOracleLiveness, failuresSurvived } from "./liveness.js";
export { StateLockedError } from "./lock.js";
export { DEFAULT_RPC_TIMEOUT_MS, jsonRpcProvider } from "./rpc.js";
export { startNodeServer, prometheusText } from "./server.js";
export { directorySource, httpSource, publishSignature, type SignatureSource } from "./transmitter.js";
