/**
 * Options shared by the task groups, declared once so that every task spells and documents them the same way.
 */

/**
 * `--account <index>`: which of the network's accounts signs (the local-node walkthrough acts as several people).
 * Declared as a string and parsed by `signerAt` (`parseAccountIndex`): Hardhat's own INT parsing answers `--account -1`
 * with a three-line HHE500 error that says nothing of what to do.
 */
export const ACCOUNT = {
  name: "account",
  description: "Index of the signer among the network's accounts (0, 1, ...)",
  defaultValue: "0",
} as const;

/** `--json`: one JSON document on stdout instead of readable lines. */
export const JSON_FLAG = { name: "json", description: "Print one JSON document" } as const;

/** `--store <dir>`: the local content store. */
export const STORE = {
  name: "store",
  description: "Directory of the local content store",
  defaultValue: ".openledger/content",
} as const;

/** `--ipfs <url>`: an IPFS node's HTTP API instead of the local store. */
export const IPFS = {
  name: "ipfs",
  description: "HTTP API of an IPFS node (e.g. http://127.0.0.1:5001); replaces the local store",
  defaultValue: "",
} as const;
