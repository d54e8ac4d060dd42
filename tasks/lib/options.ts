/**
 * Options shared by the task groups, declared once so that every task spells and documents them the same way.
 */
import { ArgumentType } from "hardhat/types/arguments";

/** `--account <index>`: which of the network's accounts signs (the local-node walkthrough acts as several people). */
export const ACCOUNT = {
  name: "account",
  description: "Index of the signer among the network's accounts",
  type: ArgumentType.INT,
  defaultValue: 0,
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
