import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { defaultChainConfig, validateChainConfig } from "../../src/orbit/index.js";
import { TaskError, runTask } from "../lib/errors.js";
import { parseAddress } from "../lib/parse.js";

interface Args {
  file: string;
  nativeToken: string;
  owner: string;
  chainId: number;
  check: boolean;
}

/** `orbit config`: writes a default chain config (OPEN, owner) or, with --check, validates an existing file. */
export default async function orbitConfig(args: Args, _hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    if (args.check) {
      if (!existsSync(args.file)) throw new TaskError(`${args.file} does not exist`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(args.file, "utf8"));
      } catch {
        throw new TaskError(`${args.file} is not valid JSON`);
      }
      const errors = validateChainConfig(parsed);
      if (errors.length > 0) throw new TaskError(`${args.file}: ${errors.join("; ")}`);
      console.log(`${args.file}: valid`);
      return;
    }
    if (existsSync(args.file)) throw new TaskError(`${args.file} exists: edit it, or run with --check`);
    const config = defaultChainConfig({
      nativeToken: parseAddress("native-token", args.nativeToken),
      owner: parseAddress("owner", args.owner),
      chainId: args.chainId,
    });
    const errors = validateChainConfig(config);
    if (errors.length > 0) throw new TaskError(errors.join("; "));
    mkdirSync(path.dirname(args.file), { recursive: true });
    writeFileSync(`${args.file}.tmp`, JSON.stringify(config, null, 2) + "\n");
    renameSync(`${args.file}.tmp`, args.file);
    console.log(`wrote ${args.file}`);
  });
}
