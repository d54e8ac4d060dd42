import type { Provider } from "ethers";

import { checkOracleLiveness } from "../../src/oracle/index.js";

/**
 * The warning `protocol deploy` prints (human output, and `warnings` in its JSON) when the registered attribution
 * oracles cannot survive one of them being down, or none is registered yet; undefined when they can. Never fails the
 * task: a deployment is fine without oracles yet.
 */
export async function oracleLivenessWarning(
  provider: Provider,
  contracts: Record<string, string>,
  fromBlock: number,
): Promise<string | undefined> {
  if (contracts.OpenStaking === undefined || contracts.AttributionOracle === undefined) return undefined;
  try {
    const { warning } = await checkOracleLiveness(
      provider,
      { OpenStaking: contracts.OpenStaking, AttributionOracle: contracts.AttributionOracle },
      fromBlock,
    );
    return warning;
  } catch (error) {
    return `could not check the oracles' liveness (${(error as Error).message})`;
  }
}
