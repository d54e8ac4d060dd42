/**
 * Writes the example proposal files of this folder from tasks/gov/parameters.ts (one per governance parameter) and
 * tasks/gov/examples.ts (the upgrade), and the parameters table of docs/governance.md:
 * `hardhat run examples/governance/generate.ts`. Files of parameters that no longer exist are removed.
 */
import { readFile, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { format } from "prettier";

import { governanceExamples, withParametersTable } from "../../tasks/gov/examples.js";

const folder = path.dirname(fileURLToPath(import.meta.url));
const examples = governanceExamples();
for (const name of await readdir(folder)) {
  if (name.endsWith(".json") && !examples.has(name)) await rm(path.join(folder, name));
}
for (const [name, doc] of examples) {
  await writeFile(path.join(folder, name), await format(JSON.stringify(doc), { parser: "json", printWidth: 120 }));
}
const docs = path.join(folder, "..", "..", "docs", "governance.md");
await writeFile(docs, withParametersTable(await readFile(docs, "utf8")));
console.log(`${examples.size} example proposals written to ${folder}; parameters table of ${docs} rewritten`);
