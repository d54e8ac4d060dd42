/**
 * The address book's local entry: packages/contracts/deployments/31337.json holds what `protocol deploy --network
 * localhost` records on a fresh `npx hardhat node` (default accounts, first transactions of the chain). Addresses
 * depend only on the deployer and its nonces, so the in-process chain gives the same ones.
 *
 *   node --import tsx scripts/packages/local-deployment.ts          (rewrites the file)
 *   node --import tsx scripts/packages/local-deployment.ts --check  (exit 1 if the committed file is stale)
 *
 * The record leaves out what changes from run to run: the deployment time and the epoch genesis (the timestamp of
 * the deploying block).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
export const LOCAL_ADDRESS_BOOK = path.join(ROOT, "packages/contracts/deployments/31337.json");

interface Record {
  chainId: string;
  network: string;
  startBlock?: number;
  asset: string;
  contracts: { [name: string]: string };
  parameters: { [name: string]: unknown };
}

/** Deploys on a fresh in-process chain, as a fresh local node would get it, and returns the normalized record. */
export function localDeployment(): Record {
  const dir = mkdtempSync(path.join(tmpdir(), "openledger-address-book-"));
  try {
    execFileSync(
      path.join(ROOT, "node_modules/.bin/hardhat"),
      ["protocol", "deploy", "--parameters", "deploy/parameters/localhost.json", "--json"],
      { cwd: ROOT, env: { ...process.env, OPENLEDGER_DEPLOYMENTS_DIR: dir }, stdio: ["ignore", "ignore", "pipe"] },
    );
    const record = JSON.parse(readFileSync(path.join(dir, "31337.json"), "utf8")) as Record;
    const { epochGenesis: _genesis, ...parameters } = record.parameters;
    return {
      chainId: record.chainId,
      network: "localhost",
      startBlock: record.startBlock,
      asset: record.asset,
      contracts: record.contracts,
      parameters,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatRecord(record: Record): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  try {
    const fresh = formatRecord(localDeployment());
    if (process.argv.includes("--check")) {
      const committed = readFileSync(LOCAL_ADDRESS_BOOK, "utf8");
      if (committed !== fresh) {
        console.error(`error: ${path.relative(ROOT, LOCAL_ADDRESS_BOOK)} is stale: run this script without --check`);
        process.exitCode = 1;
      }
    } else {
      writeFileSync(LOCAL_ADDRESS_BOOK, fresh);
      console.log(`wrote ${path.relative(ROOT, LOCAL_ADDRESS_BOOK)}`);
    }
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
