/**
 * An ethers JSON-RPC provider with a request timeout (decision 0482), for running a node outside Hardhat: ethers'
 * default is 300 s per request, during which a node whose RPC hangs does nothing and says nothing. With a chain id,
 * the network is fixed (no detection request that an unreachable URL would retry forever).
 */
import { FetchRequest, JsonRpcProvider, Network } from "ethers";

/** Default RPC timeout of the node and the tasks, in milliseconds. */
export const DEFAULT_RPC_TIMEOUT_MS = 30_000;

export function jsonRpcProvider(
  url: string,
  options: { timeoutMs?: number; chainId?: number | bigint } = {},
): JsonRpcProvider {
  const request = new FetchRequest(url);
  request.timeout = options.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS;
  if (options.chainId === undefined) return new JsonRpcProvider(request);
  return new JsonRpcProvider(request, Network.from(options.chainId), { staticNetwork: true, batchMaxCount: 1 });
}
