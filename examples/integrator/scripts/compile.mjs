// Compiles contracts/*.sol with the solc npm package against the installed @openledger/contracts interfaces and
// OpenZeppelin (resolved from node_modules, as any dependent's compiler would), into build/<Contract>.json.
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const solc = require("solc");
const here = path.resolve(import.meta.dirname, "..");

const sources = {};
for (const file of readdirSync(path.join(here, "contracts")).filter((f) => f.endsWith(".sol"))) {
  sources[`contracts/${file}`] = { content: readFileSync(path.join(here, "contracts", file), "utf8") };
}
const findImports = (file) => {
  try {
    return { contents: readFileSync(path.join(here, "node_modules", file), "utf8") };
  } catch {
    return { error: `${file} is not installed` };
  }
};
const output = JSON.parse(
  solc.compile(
    JSON.stringify({
      language: "Solidity",
      sources,
      settings: {
        evmVersion: "cancun",
        optimizer: { enabled: true, runs: 200 },
        outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
      },
    }),
    { import: findImports },
  ),
);
const errors = (output.errors ?? []).filter((e) => e.severity === "error");
if (errors.length > 0) {
  for (const e of errors) console.error(e.formattedMessage);
  console.error(`error: ${errors.length} compiler error(s)`);
  process.exit(1);
}
mkdirSync(path.join(here, "build"), { recursive: true });
for (const [source, contracts] of Object.entries(output.contracts)) {
  if (!source.startsWith("contracts/")) continue;
  for (const [name, { abi, evm }] of Object.entries(contracts)) {
    const file = path.join(here, "build", `${name}.json`);
    writeFileSync(
      `${file}.tmp`,
      JSON.stringify({ contractName: name, abi, bytecode: `0x${evm.bytecode.object}` }, null, 2),
    );
    renameSync(`${file}.tmp`, file);
    console.log(`compiled ${name}`);
  }
}
