/**
 * The content formats the oracles read (docs/decisions/0400; docs/spec for the normative text): what a dApp publishes
 * so that its Datanet versions, contributions, model card and inference logs are attributable. Builders give the exact
 * bytes to store; validators are the oracles' own, so content a dApp checks here is content the oracles accept.
 */
export {
  buildVersionManifest,
  encodeContribution,
  encodeInferenceLog,
  FormatError,
  logRoot,
  parseContribution,
  parseInferenceLog,
  parseModelCard,
  parseVersionManifest,
  VERSION_MANIFEST_FORMAT,
  type ContributionContent,
  type LogRecord,
  type ManifestEntry,
  type ModelCard,
} from "../oracle/formats.js";
