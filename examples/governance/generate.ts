/**
 * Writes the example proposal files of this folder from tasks/gov/parameters.ts (one per governance parameter) and
 * tasks/gov/examples.ts (the upgrade): `hardhat run examples/governance/generate.ts`. Files of parameters that no
 * longer exist are removed.
 */
import { readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { format } from "prettier";

import { governanceExamples } from "../../tasks/gov/examples.js";

const folder = path.dirname(fileURLToPath(import.meta.url));
const examples = governanceExamples();
for (const name of await readdir(folder)) {
  if (name.endsWith(".json") && !examples.has(name)) await rm(path.join(folder, name));
}
for (const [name, doc] of examples) {
  await writeFile(path.join(folder, name), await format(JSON.stringify(doc), { parser: "json", printWidth: 120 }));
}
console.log(`${examples.size} example proposals written to ${folder}`);
