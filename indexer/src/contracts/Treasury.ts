/** Treasury: every event goes to the raw event log (fees collected, grants, transfers); no domain table yet. */
import { TreasuryAbi } from "../../generated/abis";
import { registerRest } from "../../lib/record";

registerRest("Treasury", TreasuryAbi, []);
