import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";

/** Files of tasks/ that need this repository's build and are not in the plugin (tasks/repository.ts adds them). */
const REPOSITORY_ONLY = [/^tasks\/orbit\//, /^tasks\/protocol\/deploy(-task)?\.ts$/, /^tasks\/repository\.ts$/];

/**
 * The plugin's tasks run in projects that never compiled the protocol (decision 0530): no task of it may reach for a
 * build artifact by name or a generated binding. (The package build refuses a dist with typechain output or deploy/;
 * this also catches a lookup by name, which only fails when that task runs elsewhere.)
 */
describe("tasks: the plugin's tasks read no build artifact", function () {
  it("uses the kernel's ABIs, never getContractAt/getContractFactory by name, readArtifact or typechain types", function () {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith(".ts")) files.push(full.split(path.sep).join("/"));
      }
    };
    walk("tasks");
    const plugin = files.filter((file) => !REPOSITORY_ONLY.some((pattern) => pattern.test(file)));
    expect(plugin.length).to.be.greaterThan(80);
    const offenders = plugin.flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .map((line, i) => ({ file, line: i + 1, text: line }))
        .filter(({ text }) =>
          /getContractAt\(|getContractFactory\(|readArtifact|typechain-types|hre\.artifacts/.test(text),
        ),
    );
    expect(offenders.map(({ file, line, text }) => `${file}:${line}: ${text.trim()}`)).to.deep.equal([]);
  });
});
