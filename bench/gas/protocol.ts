import { network } from "hardhat";

import { measureProtocolGas, type GasFigure } from "../../test/gas/scenarios.js";

/**
 * The key operations on the protocol deployed by the production Ignition module: the same scenarios, in the same
 * states, as the committed gas snapshot test (test/gas/scenarios.ts). Measured once per bench run.
 */
let figures: Promise<Record<string, GasFigure>> | undefined;

export function protocolGas(key: string): () => Promise<number> {
  return async () => {
    figures ??= network.create().then((chain) => measureProtocolGas(chain));
    const figure = (await figures)[key];
    if (figure === undefined) throw new Error(`no scenario measures ${key}`);
    return figure.gas;
  };
}
