/**
 * Liveness of the off-chain quorum (docs/oracle.md, "Liveness"): a report is accepted once oracles holding at least
 * `quorumBps` of the oracle stake at the epoch's snapshot back it, so the oracles that are down must hold less than
 * `10,000 - quorumBps` of it. With three equal stakes and a 66.67% quorum, one oracle down stops every report.
 */
import { Contract, getAddress, type InterfaceAbi, type Provider } from "ethers";

import { attributionOracleAbi, openStakingAbi } from "../protocol/index.js";

/**
 * How many oracles may be down at once, whichever they are, with the others still reaching the quorum: the worst
 * case loses the largest stakes first. -1 when even all of them together do not reach it (or there are none).
 */
export function failuresSurvived(stakes: readonly bigint[], quorumBps: bigint): number {
  const sorted = [...stakes].filter((s) => s > 0n).sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
  const total = sorted.reduce((sum, s) => sum + s, 0n);
  if (total === 0n) return -1;
  let remaining = total;
  let survived = -1;
  for (let f = 0; f <= sorted.length; f++) {
    if (remaining * 10_000n < total * quorumBps) break;
    survived = f;
    if (f < sorted.length) remaining -= sorted[f];
  }
  return survived;
}

export interface LivenessReport {
  oracles: { address: string; stake: bigint }[];
  quorumBps: bigint;
  survives: number;
  /** A warning line when the registered oracles cannot survive one failure, else undefined. */
  warning?: string;
}

const STAKING_ABI = openStakingAbi as unknown as InterfaceAbi;
const ORACLE_ABI = attributionOracleAbi as unknown as InterfaceAbi;

/**
 * Reads the registered attribution oracles (OpenStaking's OperatorRegistered events from `fromBlock`, role 1, still
 * registered), their oracle stake one second ago and the quorum, and says whether they survive one failure.
 */
export async function checkOracleLiveness(
  provider: Provider,
  addresses: { OpenStaking: string; AttributionOracle: string },
  fromBlock = 0,
): Promise<LivenessReport> {
  const staking = new Contract(addresses.OpenStaking, STAKING_ABI, provider);
  const oracle = new Contract(addresses.AttributionOracle, ORACLE_ABI, provider);
  const latest = await provider.getBlock("latest");
  if (latest === null) throw new Error("the provider returned no latest block");
  const candidates = new Set<string>();
  for (const log of await staking.queryFilter(staking.filters.OperatorRegistered(), fromBlock, latest.number)) {
    if ("args" in log && Number(log.args.role) === 1) candidates.add(getAddress(log.args.operator as string));
  }
  const oracles: { address: string; stake: bigint }[] = [];
  for (const address of [...candidates].sort()) {
    if (Number(await staking.operatorRole(address)) !== 1) continue;
    const stake = latest.timestamp > 0 ? BigInt(await staking.getPastOracleStake(address, latest.timestamp - 1)) : 0n;
    oracles.push({ address, stake });
  }
  const quorumBps = BigInt((await oracle.parameters()).quorumBps);
  const survives = failuresSurvived(
    oracles.map((o) => o.stake),
    quorumBps,
  );
  const quorum = `${Number(quorumBps) / 100}%`;
  let warning: string | undefined;
  if (oracles.length === 0) {
    warning =
      `no attribution oracle is registered yet: reports need oracles holding ${quorum} of the oracle stake, and ` +
      "surviving one oracle down needs at least 4 equal stakes at this quorum (docs/oracle.md, Liveness)";
  } else if (survives < 1) {
    warning =
      `the ${oracles.length} registered oracle(s) cannot survive one failure: with a ${quorum} quorum, reports ` +
      `stop if the largest stake (${oracles.reduce((m, o) => (o.stake > m ? o.stake : m), 0n)}) is down; register ` +
      "more oracles with stake spread so that any one down leaves the quorum (docs/oracle.md, Liveness)";
  }
  return { oracles, quorumBps, survives, warning };
}
