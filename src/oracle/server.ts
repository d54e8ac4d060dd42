/**
 * The node's loopback HTTP endpoint (decision 0483), for operators and for a transmitter:
 * - `GET /metrics`: the node's state in the Prometheus text format (version 0.0.4), so a standard scraper can alert on
 *   it: last epoch computed, reported and finalized, pending and blocked epochs, RPC errors, failed passes in a row,
 *   passes and the time of the last one;
 * - `GET /signatures/<epoch>`: in sign mode, the report this oracle signed for the epoch (404 if none), for a
 *   transmitter collecting signatures.
 * It listens on 127.0.0.1 only: nothing here is for the network at large.
 */
import { createServer, type Server } from "node:http";

import type { NodeMetrics } from "./node.js";
import { canonicalBytes } from "./json.js";
import type { StoredSignature } from "./state.js";

export interface NodeServerSource {
  metrics: NodeMetrics;
  /** The oracle's address (a label of every metric). */
  oracle: string;
  signature(epoch: bigint): Promise<StoredSignature | null>;
}

const HELP: Record<keyof NodeMetrics, [string, string]> = {
  lastComputedEpoch: ["gauge", "Highest epoch this node computed or read from its state (-1: none yet)"],
  lastReportedEpoch: ["gauge", "Highest epoch this node attested or signed (-1: none yet)"],
  lastFinalizedEpoch: ["gauge", "The chain's last finalized epoch (-1: none)"],
  pendingEpochs: ["gauge", "Epochs whose reports are open and that are not finalized"],
  blockedEpochs: ["gauge", "Closed epochs held back by the 32-pending-epochs limit"],
  rpcErrors: ["counter", "Passes that failed on an RPC error (timeout, refused connection)"],
  consecutiveFailures: ["gauge", "Failed passes in a row (0 when the last pass worked)"],
  ticks: ["counter", "Passes over the chain completed"],
  lastTickTime: ["gauge", "Unix time in seconds of the last completed pass"],
};

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The Prometheus text exposition of `metrics`, every sample labelled with the oracle. */
export function prometheusText(metrics: NodeMetrics, oracle: string): string {
  const lines: string[] = [];
  for (const key of Object.keys(HELP) as (keyof NodeMetrics)[]) {
    const [type, help] = HELP[key];
    const name = `openledger_oracle_${snake(key)}${type === "counter" ? "_total" : ""}`;
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name}{oracle="${oracle}"} ${metrics[key]}`);
  }
  return lines.join("\n") + "\n";
}

/** Starts the endpoint on 127.0.0.1:`port` (0: any free port); resolves with the server and its port. */
export async function startNodeServer(
  source: NodeServerSource,
  port: number,
): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const reply = (status: number, type: string, body: string | Uint8Array) => {
      response.statusCode = status;
      response.setHeader("content-type", type);
      response.end(body);
    };
    if (request.method !== "GET") return reply(405, "text/plain", "method not allowed\n");
    if (url.pathname === "/metrics") {
      return reply(200, "text/plain; version=0.0.4", prometheusText(source.metrics, source.oracle));
    }
    const match = /^\/signatures\/(0|[1-9][0-9]{0,19})$/.exec(url.pathname);
    if (match === null) return reply(404, "text/plain", "not found\n");
    source.signature(BigInt(match[1])).then(
      (signed) => {
        if (signed === null) return reply(404, "text/plain", "no signature for this epoch\n");
        const r = signed.report;
        reply(
          200,
          "application/json",
          canonicalBytes({
            signature: signed.signature,
            report: {
              epoch: r.epoch,
              cumulativeRewardsRoot: r.cumulativeRewardsRoot,
              cumulativeTotal: r.cumulativeTotal,
              attributionRoot: r.attributionRoot,
              dataURI: r.dataURI,
            },
          }),
        );
      },
      (e: Error) => reply(500, "text/plain", `${e.message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return { server, port: (server.address() as { port: number }).port };
}
