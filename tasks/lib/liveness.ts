import type { Provider } from "ethers";

import { checkOracleLiveness } from "../../src/oracle/liveness.js";

/**
 * Prints a warning on stderr (`[protocol] warning: ...`) when the registered attribution oracles cannot survive one
 * of them being down (or none is registered yet). Never fails the task: a deployment is fine without oracles yet.
 */
export async function warnOracleLiveness(
  provider: Provider,
  contracts: Record<string, string>,
  fromBlock: number,
): Promise<void> {
  if (contracts.OpenStaking === undefined || contracts.AttributionOracle === undefined) return;
  try {
    const { warning } = await checkOracleLiveness(
      provider,
      { OpenStaking: contracts.OpenStaking, AttributionOracle: contracts.AttributionOracle },
      fromBlock,
    );
    if (warning !== undefined) console.error(`[protocol] warning: ${warning}`);
  } catch (error) {
    console.error(`[protocol] warning: could not check the oracles' liveness (${(error as Error).message})`);
  }
}
