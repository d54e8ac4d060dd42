/**
 * The protocol's epoch clock, the TypeScript twin of contracts/libraries/EpochClock.sol (docs/decisions/0125): epoch
 * e covers [genesis + e * length, genesis + (e + 1) * length). InferencePayments fixes genesis and length at
 * initialization (`epochGenesis()`, `epochLength()`); every other contract copies them. Tasks, the oracle node, the
 * demo, the bench and the tests compute epochs here and nowhere else (test/protocol/epoch-clock.test.ts checks this
 * module against `InferencePayments.epochAt`).
 *
 * Solidity:
 *   epochAt(t)      = t < genesis ? 0 : (t - genesis) / length
 *   end(e)          = genesis + (e + 1) * length        // first second after e
 *   snapshot(e)     = end(e) - 1                        // the checkpoint reports of e are weighed at
 */

/** Genesis (unix seconds) and epoch length (seconds) of a deployment. */
export interface EpochClock {
  genesis: bigint;
  length: bigint;
}

function checked(clock: EpochClock): EpochClock {
  if (clock.length <= 0n) throw new Error(`epoch length ${clock.length} is not a positive number of seconds`);
  return clock;
}

/** The epoch `timestamp` falls in; 0 before genesis, as the contracts count it. */
export function epochAt(timestamp: bigint, clock: EpochClock): bigint {
  const { genesis, length } = checked(clock);
  return timestamp < genesis ? 0n : (timestamp - genesis) / length;
}

/** The first second of `epoch`. */
export function epochStart(epoch: bigint, clock: EpochClock): bigint {
  const { genesis, length } = checked(clock);
  return genesis + epoch * length;
}

/** The first second after `epoch` (EpochClock.end). */
export function epochEnd(epoch: bigint, clock: EpochClock): bigint {
  const { genesis, length } = checked(clock);
  return genesis + (epoch + 1n) * length;
}

/** The epoch's last second: the timestamp whose checkpointed stakes weigh reports of `epoch` (EpochClock.snapshot). */
export function epochSnapshot(epoch: bigint, clock: EpochClock): bigint {
  return epochEnd(epoch, clock) - 1n;
}
