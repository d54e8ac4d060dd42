/**
 * `npm run demo`: the protocol's whole life cycle on an in-process chain, with real data shipped in npm packages
 * (SpamAssassin e-mails, State of the Union addresses). The stages live in scripts/demo/ (index.ts lists them).
 *
 * Writes reports/demo.json (every flow of OPEN and the conservation check) and the content it published to
 * reports/demo-content/. Exits non-zero if the conservation check is false or anything fails (DEMO_DEBUG=1 prints
 * the stack of a failure).
 */
import { runDemo } from "./demo/index.js";

try {
  const result = await runDemo();
  if (!result.ok) process.exitCode = 1;
} catch (e) {
  console.error(`\ndemo failed: ${(e as Error).message}`);
  if (process.env.DEMO_DEBUG) console.error(e);
  process.exitCode = 1;
}
