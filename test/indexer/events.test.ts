/**
 * Every event of every contract the indexer follows has a handler that writes a domain table, except contract
 * administration (indexer/lib/contracts.ts RECORD_ONLY_EVENTS, and parameter setters), which stays in the raw
 * `protocol_event` log. An event added to a contract fails here until a handler (or the list) takes it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";

import { INDEXED_CONTRACTS, isRecordOnly } from "../../indexer/lib/contracts.js";

/** The events of `name` as built (artifacts/, written by the test run's build). */
function eventsOf(name: string, source: string): string[] {
  const artifact = path.join("artifacts", "contracts", source, `${name}.json`);
  const { abi } = JSON.parse(readFileSync(artifact, "utf8")) as { abi: { type: string; name: string }[] };
  return [...new Set(abi.filter((item) => item.type === "event").map((item) => item.name))];
}

describe("indexer: every core contract event has a domain table or is administration", function () {
  for (const [name, source] of Object.entries(INDEXED_CONTRACTS)) {
    it(`${name}: a handler for each event that is not administration`, function () {
      const handlers = readFileSync(path.join("indexer", "src", "contracts", `${name}.ts`), "utf8");
      const handled = (event: string) => handlers.includes(`ponder.on("${name}:${event}"`);
      const events = eventsOf(name, source);
      expect(events.length).to.be.greaterThan(0);
      const rawOnly = events.filter((event) => !handled(event) && !isRecordOnly(event));
      expect(rawOnly, `${name} events only in protocol_event`).to.deep.equal([]);
    });
  }
});
