/**
 * One measurement per figure key. Each returns the figure's value (gas or the unit in bench/figures.ts).
 */
import { measureOpenTransfer } from "./gas/tokens.js";

export const MEASURES: Record<string, () => Promise<number>> = {
  "open.transfer": measureOpenTransfer,
};
