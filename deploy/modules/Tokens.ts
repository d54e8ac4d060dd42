import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * OPEN and WOPEN.
 *
 * Parameters (deploy/parameters/<network>.json, key "Tokens"):
 * - `openRecipient`: receives the whole fixed supply of OPEN (default: the deploying account).
 *
 * On a real Orbit chain OPEN lives on the parent chain and is native on the child, so only WOPEN is deployed there
 * (see the Orbit deployment module); this module serves local chains, tests and the demo.
 */
export default buildModule("Tokens", (m) => {
  const openRecipient = m.getParameter("openRecipient", m.getAccount(0));
  const open = m.contract("OpenToken", [openRecipient]);
  const wopen = m.contract("WOPEN", []);
  return { open, wopen };
});
