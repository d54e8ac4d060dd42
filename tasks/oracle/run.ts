import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import {
  ChainMismatchError,
  FormatError,
  checkOracleLiveness,
  StateLockedError,
  startNodeServer,
  directorySource,
  httpSource,
  type SignatureSource,
} from "../../src/oracle/index.js";
import { TaskError, describeError, runTask } from "../lib/errors.js";
import {} from "../lib/context.js";
import { nodeCall, openOracleNode } from "./common.js";

interface Args {
  store: string;
  ipfs: string;
  state: string;
  mode: string;
  confirmations: number | string;
  rpcTimeout: number | string;
  interval: number;
  account: number | string;
  signatures: string;
  transmit: boolean;
  peers: string;
  metricsPort: number | string;
  json: boolean;
}

/** Shortest and longest pause between two passes, in seconds. */
const MIN_INTERVAL = 0.1;
const MAX_INTERVAL = 86_400;

/** `--metrics-port`: 0 (off) or a TCP port. */
function parsePort(value: number | string): number {
  const text = String(value).trim();
  const port = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(Number.isInteger(port) && port >= 0 && port <= 65_535)) {
    throw new TaskError(`--metrics-port ${text}: not a TCP port; give 1 to 65535, or 0 for no endpoint`);
  }
  return port;
}

/**
 * `oracle run`: runs the oracle node until SIGINT or SIGTERM. Every `--interval` seconds it follows the chain, and for
 * every epoch whose reports are open computes, publishes and attests (or signs) its report, checks the accepted one
 * and disputes it if it differs, and finalizes what the challenge window let through. It prints one line per action
 * (with `--json`, one JSON object per line whose `event` says what it is: "action" for progress, "rpc-stalled",
 * "failed", "blocked", "discarded", "refused-to-sign", ... for the rest). The first signal stops it after the current
 * step (the state on disk is always consistent, so a restart continues where it stopped); a second one exits at once.
 *
 * It holds the lock of its state directory while it runs (a second process with the same key and state refuses to
 * start), and stops with one line when the chain is not the one its state was built on. In sign mode,
 * `--signatures <dir>` shares each signature through a directory and `--transmit` makes this node the transmitter:
 * it collects the signatures of its report from that directory and from `--peers` (other nodes' loopback endpoints)
 * and submits them once they reach the quorum. `--metrics-port` serves /metrics (Prometheus) and /signatures/<epoch>
 * on 127.0.0.1.
 */
export default async function oracleRun(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  const print = (event: string, message: string, extra: Record<string, unknown> = {}) => {
    const time = new Date().toISOString();
    console.log(args.json ? JSON.stringify({ time, event, message, ...extra }) : `${time} ${message}`);
  };
  // With --json, a failure that ends the task is also an event of its own on stdout (the error line stays on stderr).
  await runTask(async () => {
    try {
      await runNode(args, hre, print);
    } catch (error) {
      const line =
        error instanceof ChainMismatchError || error instanceof StateLockedError || error instanceof FormatError
          ? error.message
          : describeError(error);
      if (line === undefined) throw error;
      if (args.json) print("error", line);
      throw new TaskError(line);
    }
  });
}

async function runNode(
  args: Args,
  hre: HardhatRuntimeEnvironment,
  print: (event: string, message: string, extra?: Record<string, unknown>) => void,
): Promise<void> {
  {
    if (!Number.isFinite(args.interval) || args.interval < MIN_INTERVAL || args.interval > MAX_INTERVAL) {
      throw new TaskError(`--interval: ${args.interval} is not a number of seconds in [${MIN_INTERVAL}, 86400]`);
    }
    const metricsPort = parsePort(args.metricsPort ?? 0);
    const peers = (args.peers ?? "")
      .split(",")
      .map((p) => p.trim())
      .filter((p) => p !== "");
    const signaturesDir = args.signatures === "" || args.signatures === undefined ? undefined : args.signatures;
    const sources: SignatureSource[] = [];
    if (signaturesDir !== undefined) sources.push(directorySource(signaturesDir));
    try {
      for (const peer of peers) sources.push(httpSource(peer));
    } catch (e) {
      throw new TaskError(`--peers: ${(e as Error).message}`);
    }
    if ((args.mode ?? "attest") !== "sign" && (args.transmit || signaturesDir !== undefined || peers.length > 0)) {
      throw new TaskError("--transmit, --signatures and --peers are for sign mode: add --mode sign");
    }
    if (args.transmit && sources.length === 0) {
      throw new TaskError("--transmit needs somewhere to collect signatures: --signatures <dir> and/or --peers <urls>");
    }
    const { context, node, chain, stateRoot, mode } = await openOracleNode(
      hre,
      {
        ...args,
        ...(args.transmit ? { transmitFrom: sources } : {}),
        ...(signaturesDir === undefined ? {} : { signaturesDir }),
      },
      (line, event) => print(event ?? "action", line),
    );
    const oracle = await nodeCall(() => node.address());
    // Fail now, with one line, if the chain, the deployment record or the state directory is not what it should be.
    await nodeCall(() => node.lock());
    let server: Awaited<ReturnType<typeof startNodeServer>> | undefined;
    try {
      /** OpenStaking.OperatorRole.AttributionOracle */
      const ORACLE_ROLE = 1n;
      const registered = (await (await context.staking()).operatorRole(oracle)) === ORACLE_ROLE;
      const [next, timing] = await Promise.all([chain.nextEpoch(), chain.timing()]);
      if (metricsPort !== 0) {
        server = await startNodeServer(
          { metrics: node.metrics, oracle, signature: (epoch) => node.signatureOf(epoch) },
          metricsPort,
        ).catch((e: Error) => {
          throw new TaskError(`--metrics-port ${metricsPort}: cannot listen on 127.0.0.1 (${e.message})`);
        });
      }

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
          `oracle ${oracle} running in ${mode} mode${args.transmit ? " as the transmitter" : ""} (state ` +
            `${await node.stateDirectory()}, every ${args.interval}s); next epoch to finalize ${next}, epochs of ` +
            `${timing.length}s` +
            (server === undefined ? "" : `; metrics on http://127.0.0.1:${server.port}/metrics`),
          {
            oracle,
            mode,
            transmitter: args.transmit,
            stateRoot,
            nextEpoch: next.toString(),
            ...(server === undefined ? {} : { metricsPort: server.port }),
          },
        );
        const liveness = await checkOracleLiveness(
          context.ethers.provider,
          { OpenStaking: context.address("OpenStaking"), AttributionOracle: context.address("AttributionOracle") },
          context.fromBlock,
        );
        if (liveness.warning !== undefined) print("warning", liveness.warning);
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
    } finally {
      await new Promise<void>((resolve) => (server === undefined ? resolve() : server.server.close(() => resolve())));
      await node.unlock();
    }
  }
}
