/**
 * Who signs a task's transactions (decisions 0522 and 0531): `--account N` (an account of the network's configuration,
 * which may itself be a keystore variable: `accounts: [configVariable("KEY")]`), `--private-key-var NAME` (a private
 * key held by a configuration variable: an environment variable or the Hardhat keystore), or nobody with `--calldata`:
 * the task prints the transaction as {to, data, value} for a Safe, a hardware wallet or any other signer to send.
 */
import { VoidSigner, type Provider, type Signer, type TransactionRequest } from "ethers";
import { configVariable } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { TaskError } from "./errors.js";
import { toJson } from "./output.js";

/** A task's signer: an ethers Signer with its address known. */
export type ChosenSigner = Signer & { address: string };

/** The signer options a write task takes; a plain account index for the tasks that only take `--account`. */
export interface SignerChoice {
  account: number | string;
  privateKeyVar?: string;
  calldata?: boolean;
}

/** `--private-key-var`: which configuration variable holds the private key. */
export const PRIVATE_KEY_VAR = {
  name: "privateKeyVar",
  description:
    "Sign with the private key held by this configuration variable (an environment variable, or `hardhat keystore " +
    "set NAME`) instead of --account",
  defaultValue: "",
} as const;

/**
 * `--calldata` of a write task: print the first transaction it would send instead of sending it; the task's checks are
 * made for the `--account` address, and the transaction is run as an `eth_call` from it first.
 */
export const CALLDATA_FLAG = {
  name: "calldata",
  description:
    "Print the transaction as {to, data, value} instead of sending it (for a Safe or a hardware wallet), checked as " +
    "if --account sent it; a task of several transactions prints the next one each time it runs",
} as const;

/** `--calldata` of the gov tasks: the sender is whoever signs the printed transaction. */
export const GOV_CALLDATA_FLAG = {
  name: "calldata",
  description:
    "Print the transaction as {to, data, value} instead of sending it (for a Safe or a hardware wallet); checks " +
    "that depend on the sender are left to it",
} as const;

/**
 * The transaction `--calldata` prints: thrown by a CalldataSigner at the first transaction a task would send, and
 * printed by `runTask` as the task's whole output (exit code 0). A task of several transactions (an approval, then the
 * call) prints the first; once it is sent, the same command prints the next.
 */
export class CalldataReady extends Error {
  override name = "CalldataReady";
  constructor(readonly transaction: { to: string; data: string; value: bigint }) {
    super("transaction printed (--calldata)");
  }
}

/**
 * The signer of `--calldata`: it stands for `address` (the account whose checks the task makes), runs the
 * transaction as an `eth_call` from it, so a transaction that would revert is refused with its decoded error as
 * without `--calldata`, and instead of sending it throws CalldataReady.
 */
export class CalldataSigner extends VoidSigner {
  constructor(address: string, provider: Provider) {
    super(address, provider);
  }

  override connect(provider: Provider | null): CalldataSigner {
    if (provider === null) throw new TaskError("--calldata needs a network");
    return new CalldataSigner(this.address, provider);
  }

  override async sendTransaction(tx: TransactionRequest): Promise<never> {
    const populated = await this.populateCall(tx);
    if (populated.to === null || populated.to === undefined) throw new TaskError("--calldata cannot deploy a contract");
    const transaction = {
      to: String(populated.to),
      data: populated.data ?? "0x",
      value: BigInt(populated.value ?? 0n),
    };
    await this.provider!.call({ ...transaction, from: this.address });
    throw new CalldataReady(transaction);
  }
}

/** The configuration variable's value, as Hardhat resolves one: the environment first, then the keystore. */
export async function privateKey(hre: HardhatRuntimeEnvironment, name: string): Promise<string> {
  if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) {
    throw new TaskError(`--private-key-var: "${name}" is not a configuration variable name (A-Z, 0-9, _)`);
  }
  let value: string | undefined = process.env[name];
  if (value === undefined) {
    try {
      value = await hre.hooks.runHandlerChain(
        "configurationVariables",
        "fetchValue",
        [configVariable(name)],
        async (_context, variable) => {
          const fromEnvironment = process.env[variable.name];
          if (fromEnvironment === undefined) throw new TaskError(`no configuration variable ${name}`);
          return fromEnvironment;
        },
      );
    } catch (error) {
      if (error instanceof TaskError) {
        throw new TaskError(
          `--private-key-var: ${name} is neither an environment variable nor in the keystore ` +
            `(\`npx hardhat keystore set ${name}\`)`,
        );
      }
      // The keystore plugin's own reason (no such key, wrong password), in one line.
      throw new TaskError(
        `--private-key-var: ${name} is not an environment variable, and the keystore says: ` +
          (error as Error).message.split("\n")[0],
      );
    }
  }
  const key = value.trim().startsWith("0x") ? value.trim() : `0x${value.trim()}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) {
    // The value itself is never printed: it is a secret.
    throw new TaskError(`--private-key-var: ${name} does not hold a private key (32 bytes in hex)`);
  }
  return key;
}

/** `--calldata` output: the transaction a Safe or a hardware wallet sends, as one JSON document. */
export function printCalldata(tx: { to: string; data: string; value: bigint }): void {
  console.log(toJson({ to: tx.to, data: tx.data, value: tx.value }));
}
