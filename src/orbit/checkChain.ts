/**
 * Safety check before deploying the protocol to an Orbit chain (`protocol deploy --network orbit`): the connected
 * chain must be the intended Orbit chain, an Arbitrum chain at all, and one whose native gas token is OPEN.
 */
import { Contract, getAddress, type Provider } from "ethers";

import { nitroArtifact } from "./artifacts.js";
import { ARB_SYS } from "./constants.js";
import type { OrbitDeployment } from "./network.js";

export interface ChainCheck {
  chainId: number;
  nativeToken: string;
  bridge: string;
}

/**
 * Throws a one-line error unless: the child provider's chain id equals the record's; ArbSys answers there with the
 * same chain id (so it is an Arbitrum chain, not a look-alike EVM); the record's native token is `expectedOpen`;
 * and, when a parent provider is given, the rollup's ERC20Bridge on the parent really uses that token.
 */
export async function checkOrbitChain(
  child: Provider,
  deployment: OrbitDeployment,
  expectedOpen: string,
  parent?: Provider,
): Promise<ChainCheck> {
  const chainId = Number((await child.getNetwork()).chainId);
  if (chainId !== deployment.network.chainId) {
    throw new Error(`connected to chain ${chainId}, but the Orbit record is for chain ${deployment.network.chainId}`);
  }
  if ((await child.getCode(ARB_SYS)) === "0x") throw new Error(`chain ${chainId} has no ArbSys: not an Arbitrum chain`);
  const arbSys = new Contract(ARB_SYS, nitroArtifact("precompiles/ArbSys").abi as never[], child);
  const arbChainId = Number(await arbSys.arbChainID());
  if (arbChainId !== chainId) throw new Error(`ArbSys reports chain ${arbChainId}, expected ${chainId}`);
  const nativeToken = deployment.network.nativeToken;
  if (nativeToken === undefined || getAddress(nativeToken) !== getAddress(expectedOpen)) {
    throw new Error(`the chain's native token is ${nativeToken ?? "ETH"}, not OPEN (${expectedOpen})`);
  }
  if (parent !== undefined) {
    const parentChainId = Number((await parent.getNetwork()).chainId);
    if (parentChainId !== deployment.network.parentChainId) {
      throw new Error(`parent provider is chain ${parentChainId}, expected ${deployment.network.parentChainId}`);
    }
    const bridge = new Contract(
      deployment.network.ethBridge.bridge,
      nitroArtifact("bridge/ERC20Bridge").abi as never[],
      parent,
    );
    const onChain = getAddress(await bridge.nativeToken());
    if (onChain !== getAddress(expectedOpen)) {
      throw new Error(`the rollup bridge's native token is ${onChain}, not OPEN (${expectedOpen})`);
    }
  }
  return { chainId, nativeToken: getAddress(nativeToken), bridge: deployment.network.ethBridge.bridge };
}
