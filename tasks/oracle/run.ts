import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { TaskError, runTask } from "../lib/errors.js";
import { errorDecoders } from "../lib/context.js";
import { ORACLE_DECODERS, openOracleNode } from "./common.js";

interface Args {
  store: string;
  ipfs: string;
  state: string;
  mode: string;
  confirmations: number;
  interval: number;
  account: number;
  json: boolean;
}

/** Shortest and longest pause between two passes, in seconds. */
const MIN_INTERVAL = 0.1;
const MAX_INTERVAL = 86_400;

/**
 * `oracle run`: runs the oracle node until SIGINT or SIGTERM. Every `--interval` seconds it follows the chain, and for
 * every epoch whose reports are open computes, publishes and attests (or signs) its report, checks the accepted one
 * and disputes it if it differs, and finalizes what the challenge window let through. It prints one line per action
 * (with `--json`, one JSON object per line). The first signal stops it after the current step (the state on disk is
 * always consistent, so a restart continues where it stopped); a second one exits at once.
 */
export default async function oracleRun(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    async () => {
      if (!Number.isFinite(args.interval) || args.interval < MIN_INTERVAL || args.interval > MAX_INTERVAL) {
        throw new TaskError(`--interval: ${args.interval} is not a number of seconds in [${MIN_INTERVAL}, 86400]`);
      }
      const print = (event: string, message: string, extra: Record<string, unknown> = {}) => {
        const time = new Date().toISOString();
        console.log(args.json ? JSON.stringify({ time, event, message, ...extra }) : `${time} ${message}`);
      };
      const { context, node, chain, stateRoot, mode } = await openOracleNode(hre, args, (line) =>
        print("action", line),
      );
      const oracle = await node.address();
      /** OpenStaking.OperatorRole.AttributionOracle */
      const ORACLE_ROLE = 1n;
      const registered = (await (await context.staking()).operatorRole(oracle)) === ORACLE_ROLE;
      // Fail now, with one line, if the chain or the deployment record is not what it should be.
      const [next, timing] = await Promise.all([chain.nextEpoch(), chain.timing()]);

      const controller = new AbortController();
      let signals = 0;
      const stop = (signal: NodeJS.Signals) => {
        signals++;
        if (signals > 1) {
          print("exit", `${signal} again: exiting now`);
          process.exit(130);
        }
        print("stopping", `${signal}: stopping after the current step`, { signal });
        controller.abort();
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
      try {
        print(
          "started",
          `oracle ${oracle} running in ${mode} mode (state ${await node.stateDirectory()}, every ${args.interval}s); ` +
            `next epoch to finalize ${next}, epochs of ${timing.length}s`,
          { oracle, mode, stateRoot, nextEpoch: next.toString() },
        );
        if (!registered) {
          print(
            "warning",
            `${oracle} is not registered as an attribution oracle: it computes, publishes and disputes, but its ` +
              "attestations count only for epochs ending after it stakes and registers (`stake register --role oracle`)",
          );
        }
        await node.watch({ intervalMs: Math.round(args.interval * 1000), signal: controller.signal });
        print("stopped", "stopped", {});
      } finally {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
      }
    },
    await errorDecoders(hre, ORACLE_DECODERS),
  );
}
