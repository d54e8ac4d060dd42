/**
 * Who sends a `gov` transaction (decision 0522): `--account N` (an account of the network's configuration, as in every
 * task), `--private-key-var NAME` (a private key held by a configuration variable: an environment variable or the
 * Hardhat keystore, `npx hardhat keystore set NAME`), or nobody with `--calldata`, which prints the transaction as
 * {to, data, value} for a Safe, a hardware wallet or any other signer to send.
 */
import { VoidSigner, Wallet, ZeroAddress, type Signer } from "ethers";
import { configVariable } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { actorContext, protocolContracts, type ActorContext } from "../lib/context.js";
import { contractAddress, readDeployment, scanStart } from "../lib/deployments.js";
import { TaskError } from "../lib/errors.js";
import { toJson } from "../lib/output.js";

export interface SignerArgs {
  account: number | string;
  privateKeyVar: string;
  calldata: boolean;
}

/** The signer of a gov task: an ethers Signer with its address known. */
export type GovSigner = Signer & { address: string };

/** What the gov tasks start from: ActorContext with any kind of signer. */
export type GovContext = Omit<ActorContext, "signer"> & { signer: GovSigner };

/** `--private-key-var`: which configuration variable holds the private key. */
export const PRIVATE_KEY_VAR = {
  name: "privateKeyVar",
  description:
    "Sign with the private key held by this configuration variable (an environment variable, or `hardhat keystore " +
    "set NAME`) instead of --account",
  defaultValue: "",
} as const;

/** `--calldata`: print the transaction instead of sending it. */
export const CALLDATA_FLAG = {
  name: "calldata",
  description:
    "Print the transaction as {to, data, value} instead of sending it (for a Safe or a hardware wallet); checks " +
    "that depend on the sender are left to it",
} as const;

export async function govContext(hre: HardhatRuntimeEnvironment, args: SignerArgs): Promise<GovContext> {
  if (args.privateKeyVar !== "" && String(args.account).trim() !== "0") {
    throw new TaskError("give either --account or --private-key-var, not both");
  }
  if (args.privateKeyVar !== "" && args.calldata) {
    throw new TaskError("--calldata sends nothing, so it takes no --private-key-var");
  }
  if (args.privateKeyVar === "" && !args.calldata) return actorContext(hre, args.account);

  const connection = await hre.network.getOrCreate();
  const { ethers } = connection;
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const deployment = await readDeployment(chainId);
  const address = (name: string): string => contractAddress(deployment, name);
  const signer: GovSigner = args.calldata
    ? new VoidSigner(ZeroAddress, ethers.provider)
    : new Wallet(await privateKey(hre, args.privateKeyVar), ethers.provider);
  return {
    connection,
    ethers,
    signer,
    chainId,
    deployment,
    fromBlock: scanStart(deployment),
    address,
    ...protocolContracts(deployment, ethers.provider),
  };
}

/** The configuration variable's value, as Hardhat resolves one: the environment first, then the keystore. */
async function privateKey(hre: HardhatRuntimeEnvironment, name: string): Promise<string> {
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
