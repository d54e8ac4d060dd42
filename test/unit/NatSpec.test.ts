import { readFile, readdir } from "node:fs/promises";
import path from "node:path";

import { expect } from "chai";

/**
 * Documentation every Solidity source of the protocol carries (docs/conventions.md, 17; mocks excepted): the security
 * contact on each contract, interface and library, and a `@notice` and a `@param` for each parameter on each event.
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

/**
 * The parameter names of the event declared from line `index` on (the declaration may span lines, up to `);`).
 * An unnamed parameter is returned as `""`, so that it is reported: it cannot be documented.
 */
function eventParameters(lines: string[], index: number): string[] {
  let text = "";
  for (let i = index; i < lines.length; i++) {
    text += ` ${lines[i].replace(/\/\/.*$/, "")}`;
    if (text.includes(");")) break;
  }
  const inside = text.slice(text.indexOf("(") + 1, text.indexOf(");"));
  if (inside.trim() === "") return [];
  return inside.split(",").map((parameter) => {
    const words = parameter.trim().split(/\s+/);
    const last = words[words.length - 1];
    return words.length === 1 || last === "indexed" ? "" : last;
  });
}

/** The parameters of the event at line `index` that the NatSpec above it has no `@param` for. */
function undocumentedParameters(lines: string[], index: number): string[] {
  const documented = new Set(
    docAbove(lines, index)
      .map((d) => /^\/\/\/ @param (\w+)/.exec(d)?.[1])
      .filter((name): name is string => name !== undefined),
  );
  return eventParameters(lines, index).filter((name) => name === "" || !documented.has(name));
}

describe("NatSpec: security contact on every declaration, a notice and params on every event", function () {
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

  it("every event has a @param for each of its parameters", async function () {
    const missing: string[] = [];
    for (const file of await sources(ROOT)) {
      const lines = (await readFile(file, "utf8")).split("\n");
      lines.forEach((line, i) => {
        const m = /^\s*event (\w+)\(/.exec(line);
        if (!m) return;
        const undocumented = undocumentedParameters(lines, i);
        if (undocumented.length > 0) {
          missing.push(`${path.relative(ROOT, file)}: ${m[1]} (${undocumented.map((n) => n || "unnamed").join(", ")})`);
        }
      });
    }
    expect(missing, `events without a @param per parameter:\n  ${missing.join("\n  ")}`).to.deep.equal([]);
  });

  it("the @param check reads multi-line declarations and reports a missing or unnamed parameter", function () {
    const lines = [
      "    /// @notice Emitted when something happens.",
      "    /// @param id The thing.",
      "    event Happened(",
      "        uint256 indexed id, // a comment, with a comma",
      "        address who,",
      "        bytes32",
      "    );",
      "    /// @notice No parameters.",
      "    event Nothing();",
    ];
    expect(eventParameters(lines, 2)).to.deep.equal(["id", "who", ""]);
    expect(undocumentedParameters(lines, 2)).to.deep.equal(["who", ""]);
    expect(undocumentedParameters(lines, 8)).to.deep.equal([]);
  });
});
