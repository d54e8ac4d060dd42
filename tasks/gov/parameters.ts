/**
 * Every governance parameter of the protocol, in one list: the contract and typed setter that changes it, the typed
 * event that setter emits, the key its bound check reports (`ProtocolParameterOutOfBounds(bytes32 parameter, ...)` /
 * `OpenGovernorParameterOutOfBounds`), its hard-coded bounds and the value its example proposal sets. The example
 * files of examples/governance/ and the parameters table of docs/governance.md come from here.
 *
 * When a parameter moves (for example the dispute parameters to a separate AttributionDisputes contract), change its
 * `contract` here and regenerate the examples: `hardhat run examples/governance/generate.ts`. The test
 * test/tasks/gov-examples.test.ts fails until the files match this list and every one passes the simulation.
 */
const HOUR = 3_600n;
const DAY = 24n * HOUR;
const OPEN = 10n ** 18n;

/** How a value is shown: basis points, seconds, OPEN (18 decimals), percent, or a plain count. */
export type ParameterUnit = "bps" | "seconds" | "OPEN" | "percent" | "count";

export interface GovernanceParameter {
  /** The parameter's name (and, unless `boundKey` says otherwise, the bytes32 its bound check names in errors). */
  key: string;
  /** The bytes32 key the bound check reports when it differs from `key` (OpenStaking's two minimum stakes share one). */
  boundKey?: string;
  /** Deployment name of the contract that holds it. */
  contract: string;
  /** Full signature of the setter. */
  setter: string;
  /** The typed past-tense event the setter emits (OpenZeppelin's own for the Governor and the timelock). */
  event: string;
  /** Arguments of the setter for `value`. */
  args(value: bigint): (string | bigint | number)[];
  /** Hard-coded bounds, inclusive; undefined when the contract has none. */
  min?: bigint;
  max?: bigint;
  /** The value a fresh deployment starts with (production defaults of `protocol deploy`). */
  initial: bigint;
  /** The in-bound value its example proposal sets (different from `initial`, so the example changes something). */
  example: bigint;
  unit: ParameterUnit;
  /** What it controls, one line. */
  meaning: string;
}

const plain = (value: bigint): bigint[] => [value];

/** OpenStaking.OperatorRole values. */
const ROLE_ATTRIBUTION_ORACLE = 1;
const ROLE_COMPUTE_PROVIDER = 2;

function oracleParameter(
  contract: "AttributionOracle" | "AttributionDisputes",
  key: string,
  type: "uint16" | "uint32" | "uint96",
  min: bigint,
  max: bigint,
  initial: bigint,
  example: bigint,
  unit: ParameterUnit,
  meaning: string,
): GovernanceParameter {
  return {
    key,
    contract,
    setter: `set${capitalise(key)}(${type})`,
    event: `${capitalise(key)}Set`,
    args: plain,
    min,
    max,
    initial,
    example,
    unit,
    meaning,
  };
}

export const GOVERNANCE_PARAMETERS: readonly GovernanceParameter[] = [
  {
    key: "protocolFeeBps",
    contract: "InferencePayments",
    setter: "setProtocolFeeBps(uint16)",
    event: "ProtocolFeeBpsSet",
    args: plain,
    min: 0n,
    max: 1_000n,
    initial: 500n,
    example: 300n,
    unit: "bps",
    meaning: "share of every inference payment sent to the Treasury",
  },
  {
    key: "stakerFeeBps",
    contract: "InferencePayments",
    setter: "setStakerFeeBps(uint16)",
    event: "StakerFeeBpsSet",
    args: plain,
    min: 0n,
    max: 2_000n,
    initial: 500n,
    example: 700n,
    unit: "bps",
    meaning: "share of every inference payment paid to stakers",
  },
  {
    key: "escrowNoticePeriod",
    contract: "InferencePayments",
    setter: "setEscrowNoticePeriod(uint32)",
    event: "EscrowNoticePeriodSet",
    args: plain,
    min: HOUR,
    max: 30n * DAY,
    initial: 2n * DAY,
    example: 3n * DAY,
    unit: "seconds",
    meaning: "notice a payer gives before withdrawing voucher escrow (operators redeem meanwhile)",
  },
  {
    key: "minContributorShareBps",
    contract: "ModelRegistry",
    setter: "setMinContributorShareBps(uint16)",
    event: "MinContributorShareBpsSet",
    args: plain,
    min: 0n,
    max: 5_000n,
    initial: 1_000n,
    example: 1_500n,
    unit: "bps",
    meaning: "least share of a model's revenue that must go to its data contributors (new settings)",
  },
  {
    key: "cooldown",
    contract: "OpenStaking",
    setter: "setCooldown(uint256)",
    event: "CooldownSet",
    args: plain,
    min: 7n * DAY,
    max: 90n * DAY,
    initial: 14n * DAY,
    example: 21n * DAY,
    unit: "seconds",
    meaning: "unbonding time of stake (slashable meanwhile); longer than the challenge window plus a ruling",
  },
  {
    key: "minOracleStake",
    contract: "OpenStaking",
    setter: "setMinOperatorStake(uint8,uint256)",
    boundKey: "minOperatorStake",
    event: "MinOperatorStakeSet",
    args: (value) => [ROLE_ATTRIBUTION_ORACLE, value],
    min: OPEN,
    max: 10_000_000n * OPEN,
    initial: 10_000n * OPEN,
    example: 50_000n * OPEN,
    unit: "OPEN",
    meaning: "self-stake an attribution oracle needs to register",
  },
  {
    key: "minComputeStake",
    contract: "OpenStaking",
    setter: "setMinOperatorStake(uint8,uint256)",
    boundKey: "minOperatorStake",
    event: "MinOperatorStakeSet",
    args: (value) => [ROLE_COMPUTE_PROVIDER, value],
    min: OPEN,
    max: 10_000_000n * OPEN,
    initial: 1_000n * OPEN,
    example: 5_000n * OPEN,
    unit: "OPEN",
    meaning: "self-stake a compute provider (model operator) needs to register",
  },
  oracleParameter(
    "AttributionOracle",
    "quorumBps",
    "uint16",
    5_001n,
    10_000n,
    6_667n,
    7_500n,
    "bps",
    "oracle stake (at the epoch's end) a report needs to be accepted",
  ),
  oracleParameter(
    "AttributionOracle",
    "challengeWindow",
    "uint32",
    HOUR,
    7n * DAY,
    DAY,
    2n * DAY,
    "seconds",
    "time after acceptance during which a report can be disputed",
  ),
  oracleParameter(
    "AttributionOracle",
    "logDeadline",
    "uint32",
    HOUR,
    7n * DAY,
    6n * HOUR,
    12n * HOUR,
    "seconds",
    "time after an epoch's end for operators to commit their inference logs",
  ),
  oracleParameter(
    "AttributionDisputes",
    "disputeBond",
    "uint96",
    OPEN,
    1_000_000n * OPEN,
    1_000n * OPEN,
    2_500n * OPEN,
    "OPEN",
    "bond a disputer posts (returned if upheld, forfeited otherwise)",
  ),
  oracleParameter(
    "AttributionDisputes",
    "rulingPeriod",
    "uint32",
    HOUR,
    7n * DAY,
    2n * DAY,
    3n * DAY,
    "seconds",
    "time the resolver or the DAO has to rule on a dispute before it expires (no funds move, bond back, next bond doubles)",
  ),
  oracleParameter(
    "AttributionDisputes",
    "disputeSlashBps",
    "uint16",
    100n,
    10_000n,
    1_000n,
    1_500n,
    "bps",
    "share of each signer's slashable stake taken when a dispute is upheld",
  ),
  oracleParameter(
    "AttributionDisputes",
    "disputerRewardBps",
    "uint16",
    0n,
    5_000n,
    2_000n,
    2_500n,
    "bps",
    "share of an upheld dispute's slashed total paid to the disputer",
  ),
  oracleParameter(
    "AttributionDisputes",
    "equivocationSlashBps",
    "uint16",
    100n,
    10_000n,
    500n,
    1_000n,
    "bps",
    "share of an equivocating oracle's slashable stake taken",
  ),
  oracleParameter(
    "AttributionDisputes",
    "reporterRewardBps",
    "uint16",
    0n,
    5_000n,
    1_000n,
    1_500n,
    "bps",
    "share of an equivocation slash paid to whoever reported it",
  ),
  oracleParameter(
    "AttributionOracle",
    "livenessEpochs",
    "uint16",
    1n,
    16n,
    3n,
    4n,
    "count",
    "epochs after an epoch's end before governance may force or skip it",
  ),
  {
    key: "votingDelay",
    contract: "OpenGovernor",
    setter: "setVotingDelay(uint48)",
    event: "VotingDelaySet",
    args: plain,
    min: HOUR,
    max: 14n * DAY,
    initial: DAY,
    example: 2n * DAY,
    unit: "seconds",
    meaning: "time from a proposal to the start of its vote (the vote's snapshot)",
  },
  {
    key: "votingPeriod",
    contract: "OpenGovernor",
    setter: "setVotingPeriod(uint32)",
    event: "VotingPeriodSet",
    args: plain,
    min: DAY,
    max: 30n * DAY,
    initial: 5n * DAY,
    example: 7n * DAY,
    unit: "seconds",
    meaning: "length of a vote",
  },
  {
    key: "proposalThreshold",
    contract: "OpenGovernor",
    setter: "setProposalThreshold(uint256)",
    event: "ProposalThresholdSet",
    args: plain,
    min: 1_000n * OPEN,
    max: 10_000_000n * OPEN,
    initial: 10_000n * OPEN,
    example: 25_000n * OPEN,
    unit: "OPEN",
    meaning: "votes (delegated stake) an account needs to propose",
  },
  {
    key: "quorumNumerator",
    contract: "OpenGovernor",
    setter: "updateQuorumNumerator(uint256)",
    event: "QuorumNumeratorUpdated",
    args: plain,
    min: 1n,
    max: 20n,
    initial: 4n,
    example: 5n,
    unit: "percent",
    meaning: "votes for + abstain needed, as a percentage of all votes at the snapshot",
  },
  {
    key: "lateQuorumVoteExtension",
    contract: "OpenGovernor",
    setter: "setLateQuorumVoteExtension(uint48)",
    event: "LateQuorumVoteExtensionSet",
    args: plain,
    min: HOUR,
    max: 14n * DAY,
    initial: 2n * DAY,
    example: 3n * DAY,
    unit: "seconds",
    meaning: "least voting time left after quorum is reached (late-quorum protection)",
  },
  {
    key: "timelockDelay",
    contract: "TimelockController",
    setter: "updateDelay(uint256)",
    event: "MinDelayChange",
    args: plain,
    initial: 2n * DAY,
    example: 3n * DAY,
    unit: "seconds",
    meaning: "least time between queueing a proposal and executing it (OpenZeppelin's, no hard-coded bounds)",
  },
];

/** The parameter named `key`, or undefined. */
export function governanceParameter(key: string): GovernanceParameter | undefined {
  return GOVERNANCE_PARAMETERS.find((p) => p.key === key);
}

/** The example proposal file of `parameter`: sets it to its example value. */
export function parameterExample(parameter: GovernanceParameter): {
  description: string;
  actions: { contract: string; function: string; args: (string | number)[] }[];
} {
  const bounds =
    parameter.min === undefined
      ? "no hard-coded bounds"
      : `bounds ${showValue(parameter, parameter.min)} to ${showValue(parameter, parameter.max!)}`;
  return {
    description:
      `Set ${parameter.contract} ${parameter.key} to ${showValue(parameter, parameter.example)}\n\n` +
      `${capitalise(parameter.meaning)}. From ${showValue(parameter, parameter.initial)} at deployment; ${bounds}.`,
    actions: [
      {
        contract: parameter.contract,
        function: parameter.setter,
        // Integers as decimal strings when beyond 2^53 (OPEN amounts), numbers otherwise: the proposal file rule.
        args: parameter
          .args(parameter.example)
          .map((a) => (typeof a === "bigint" ? (a <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(a) : a.toString()) : a)),
      },
    ],
  };
}

/** `300 bps (3%)`, `2 days`, `50000 OPEN`, `5%`, `4`. */
export function showValue(parameter: GovernanceParameter, value: bigint): string {
  switch (parameter.unit) {
    case "bps":
      return `${value} bps (${Number(value) / 100}%)`;
    case "percent":
      return `${value}%`;
    case "OPEN":
      return value % OPEN === 0n ? `${value / OPEN} OPEN` : `${value} wei`;
    case "seconds":
      return showSeconds(value);
    default:
      return value.toString();
  }
}

function showSeconds(value: bigint): string {
  if (value !== 0n && value % DAY === 0n) return `${value / DAY} day${value === DAY ? "" : "s"}`;
  if (value !== 0n && value % HOUR === 0n) return `${value / HOUR} hour${value === HOUR ? "" : "s"}`;
  return `${value} s`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
