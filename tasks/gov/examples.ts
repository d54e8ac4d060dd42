/**
 * The example proposal files of examples/governance/: one per governance parameter (tasks/gov/parameters.ts) and one
 * upgrade. examples/governance/generate.ts writes them; test/tasks/gov-examples.test.ts checks that the files equal
 * these documents and that every one passes `gov propose --dry-run`.
 */
import { GOVERNANCE_PARAMETERS, parameterExample } from "./parameters.js";

export interface ProposalDocument {
  description: string;
  actions: { contract: string; function: string; args: unknown[]; value?: string }[];
}

/** The upgrade example's file and the address that stands for the new implementation (to be replaced). */
export const UPGRADE_EXAMPLE = "upgrade-inference-payments.json";
export const NEW_IMPLEMENTATION_PLACEHOLDER = "0x0000000000000000000000000000000000000000";

/** File name -> proposal document, parameters first (in the list's order), then the upgrade. */
export function governanceExamples(): Map<string, ProposalDocument> {
  const examples = new Map<string, ProposalDocument>();
  for (const parameter of GOVERNANCE_PARAMETERS) examples.set(`${parameter.key}.json`, parameterExample(parameter));
  examples.set(UPGRADE_EXAMPLE, {
    description:
      "Upgrade InferencePayments to a new implementation\n\n" +
      "UUPS upgrade of the InferencePayments proxy. Replace the zero address by the new implementation's address " +
      "(deployed beforehand with the same constructor arguments: asset, ModelRegistry, AgentRegistry) and check its " +
      "storage layout with `openzeppelin-upgrades-core validate` first. The empty calldata runs no migration.",
    actions: [
      {
        contract: "InferencePayments",
        function: "upgradeToAndCall(address,bytes)",
        args: [NEW_IMPLEMENTATION_PLACEHOLDER, "0x"],
      },
    ],
  });
  return examples;
}
