/**
 * Who sends a `gov` transaction (decision 0522): `--account N` (an account of the network's configuration, as in every
 * task), `--private-key-var NAME` (a private key held by a configuration variable: an environment variable or the
 * Hardhat keystore, `npx hardhat keystore set NAME`), or nobody with `--calldata`, which prints the transaction as
 * {to, data, value} for a Safe, a hardware wallet or any other signer to send.
 */
import { VoidSigner, Wallet, ZeroAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { actorContext, protocolContracts, type ActorContext } from "../lib/context.js";
import { contractAddress, readDeployment, scanStart } from "../lib/deployments.js";
import { TaskError } from "../lib/errors.js";
import { privateKey, type ChosenSigner } from "../lib/signer.js";

export { GOV_CALLDATA_FLAG as CALLDATA_FLAG, PRIVATE_KEY_VAR, printCalldata } from "../lib/signer.js";

export interface SignerArgs {
  account: number | string;
  privateKeyVar: string;
  calldata: boolean;
}

/** The signer of a gov task: an ethers Signer with its address known. */
export type GovSigner = ChosenSigner;

/** What the gov tasks start from: ActorContext with any kind of signer. */
export type GovContext = Omit<ActorContext, "signer"> & { signer: GovSigner };

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
