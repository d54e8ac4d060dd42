import { readFile, readdir } from "node:fs/promises";
import path from "node:path";

import { expect } from "chai";

/**
 * Documentation every Solidity source of the protocol carries (docs/conventions.md, 17; mocks excepted): the security
 * contact on each contract, interface and library, and a `@notice` on each event.
 */
const ROOT = path.join(import.meta.dirname, "..", "..", "contracts");
const CONTACT = "/// @custom:security-contact security@openledger.xyz";

async function sources(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== "mocks") found.push(...(await sources(full)));
    else if (entry.isFile() && entry.name.endsWith(".sol")) found.push(full);
  }
  return found.sort();
}

/** The `///` lines right above line `index`. */
function docAbove(lines: string[], index: number): string[] {
  const doc: string[] = [];
  for (let i = index - 1; i >= 0 && lines[i].trim().startsWith("///"); i--) doc.unshift(lines[i].trim());
  return doc;
}

describe("NatSpec: security contact on every declaration, a notice on every event", function () {
  it("every contract, interface and library names the security contact", async function () {
    const missing: string[] = [];
    for (const file of await sources(ROOT)) {
      const lines = (await readFile(file, "utf8")).split("\n");
      lines.forEach((line, i) => {
        const m = /^(?:abstract contract|contract|interface|library) (\w+)/.exec(line);
        if (m && !docAbove(lines, i).includes(CONTACT)) missing.push(`${path.relative(ROOT, file)}: ${m[1]}`);
      });
    }
    expect(missing, `no ${CONTACT}:\n  ${missing.join("\n  ")}`).to.deep.equal([]);
  });

  it("every event has a @notice", async function () {
    const missing: string[] = [];
    for (const file of await sources(ROOT)) {
      const lines = (await readFile(file, "utf8")).split("\n");
      lines.forEach((line, i) => {
        const m = /^\s*event (\w+)\(/.exec(line);
        if (m && !docAbove(lines, i).some((d) => d.startsWith("/// @notice"))) {
          missing.push(`${path.relative(ROOT, file)}: ${m[1]}`);
        }
      });
    }
    expect(missing, `events without @notice:\n  ${missing.join("\n  ")}`).to.deep.equal([]);
  });
});
