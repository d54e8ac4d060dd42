import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type {
  ArgumentType,
  IgnitionModuleBuilder,
  NamedArtifactContractAtFuture,
  NamedArtifactContractDeploymentFuture,
} from "@nomicfoundation/ignition-core";
import { id, ZeroAddress, ZeroHash } from "ethers";

/**
 * The whole child-chain protocol behind UUPS proxies, wired, then handed to governance.
 *
 * Two modules share one builder:
 * - `Protocol`: the Orbit chain deployment. Deploys WOPEN and uses it as the asset, plus the NativeGateway, so users
 *   can pay, fund and stake with native OPEN. The in-process chain of the demo and the tests uses this module too:
 *   its native currency stands in for native OPEN.
 * - `ProtocolWithAsset`: any chain where OPEN is an ERC-20 (parameter `asset`); no gateway.
 *
 * The deployer is the temporary admin while wiring; at the end every admin role belongs to the TimelockController,
 * the guardian holds only GUARDIAN_ROLE, and the deployer holds no role at all (the access-control tests check it).
 *
 * Parameters (deploy/parameters/<network>.json, key "Protocol" or "ProtocolWithAsset"):
 * - `epochGenesis` (timestamp, required; `protocol deploy` uses the latest block's timestamp), `epochLength` (s);
 * - `timelockDelay`, `votingDelay`, `votingPeriod` (s), `proposalThreshold` (asset units), `quorumNumerator` (%),
 *   `lateQuorumExtension` (s);
 * - `guardian`: the emergency pauser (default: the deployer, who should hand it to a multisig);
 * - `rulingPeriod`: how long the attribution court waits for a ruling before its default outcome (s, default 2 days,
 *   bounds 1 hour to 7 days; with no resolver appointed yet only the timelock rules, so a deployment whose governance
 *   takes longer than this should appoint a resolver by proposal first, or set a longer period).
 */

const DEFAULT_ADMIN_ROLE = ZeroHash;
const GUARDIAN_ROLE = id("GUARDIAN_ROLE");
const PAYMENTS_ROLE = id("PAYMENTS_ROLE");
const REWARD_DISTRIBUTOR_ROLE = id("REWARD_DISTRIBUTOR_ROLE");
const SLASHER_ROLE = id("SLASHER_ROLE");
const ORACLE_ROLE = id("ORACLE_ROLE");
const RESOLVER_ROLE = id("RESOLVER_ROLE");
const PROPOSER_ROLE = id("PROPOSER_ROLE");
const CANCELLER_ROLE = id("CANCELLER_ROLE");

const DAY = 86_400n;
const OPEN = 10n ** 18n;

/** Names of the core contracts behind proxies, in deployment order. */
export const PROXIED_CONTRACTS = [
  "Treasury",
  "DatanetRegistry",
  "ModelRegistry",
  "AgentRegistry",
  "InferencePayments",
  "OpenStaking",
  "RewardDistributor",
  "AttributionOracle",
  "AttributionDisputes",
  "OpenGovernor",
] as const;

type Builder = IgnitionModuleBuilder;
type AssetFuture = NamedArtifactContractDeploymentFuture<string> | NamedArtifactContractAtFuture<string>;
type Argument = ArgumentType;

function buildCore(m: Builder, asset: AssetFuture) {
  const deployer = m.getAccount(0);
  const guardian = m.getParameter("guardian", deployer);
  const epochGenesis = m.getParameter<bigint>("epochGenesis");
  const epochLength = m.getParameter("epochLength", DAY);

  const proxied = (name: string, constructorArgs: Argument[], initArgs: Argument[]) => {
    const implementation = m.contract(name, constructorArgs, { id: `${name}Implementation` });
    const initData = m.encodeFunctionCall(implementation, "initialize", initArgs, { id: `${name}InitData` });
    const proxy = m.contract("ERC1967Proxy", [implementation, initData], { id: `${name}Proxy` });
    return m.contractAt(name, proxy, { id: name });
  };

  const treasury = proxied("Treasury", [], [deployer, asset, ZeroAddress]);
  const datanetRegistry = proxied("DatanetRegistry", [], [deployer, asset, treasury]);
  const sharesImplementation = m.contract("ModelShares", [], { id: "ModelSharesImplementation" });
  const modelRegistry = proxied("ModelRegistry", [], [deployer, datanetRegistry, sharesImplementation, asset]);
  const agentRegistry = proxied("AgentRegistry", [asset], [deployer]);
  const inferencePayments = proxied(
    "InferencePayments",
    [asset, modelRegistry, agentRegistry],
    [deployer, epochGenesis, epochLength],
  );
  const staking = proxied("OpenStaking", [asset], [deployer, inferencePayments, ZeroAddress]);
  // The distributor needs the oracle's address and the oracle the distributor's: the deployer holds ORACLE_ROLE
  // until the oracle exists, then hands it over below. Both keep their collaborators as implementation immutables
  // (docs/decisions/0230); the oracle's constructor reads the epoch clock of the initialized InferencePayments.
  // The court (AttributionDisputes) and the logs (InferenceLogs, not upgradeable, no admin) are built on the oracle's
  // address; the oracle learns its court by `setCourt` below (docs/decisions/0240).
  const rewardDistributor = proxied("RewardDistributor", [asset, inferencePayments], [deployer, deployer]);
  const attributionOracle = proxied("AttributionOracle", [staking, inferencePayments, rewardDistributor], [deployer]);
  const attributionDisputes = proxied("AttributionDisputes", [asset, attributionOracle, staking], [deployer, treasury]);
  const inferenceLogs = m.contract("InferenceLogs", [attributionOracle, modelRegistry], { id: "InferenceLogs" });

  const timelock = m.contract(
    "TimelockController",
    [m.getParameter("timelockDelay", 2n * DAY), [], [ZeroAddress], deployer],
    { id: "TimelockController" },
  );
  // The votes token (OpenStaking's proxy) is an immutable of the governor's implementation (docs/decisions/0147),
  // and initialize checks that it is given the same one.
  const governor = proxied(
    "OpenGovernor",
    [staking],
    [
      staking,
      timelock,
      m.getParameter("votingDelay", DAY),
      m.getParameter("votingPeriod", 5n * DAY),
      m.getParameter("proposalThreshold", 10_000n * OPEN),
      m.getParameter("quorumNumerator", 4n),
      m.getParameter("lateQuorumExtension", 2n * DAY),
    ],
  );

  // Wiring, by the deployer as the temporary admin.
  const wired = [
    m.call(treasury, "setFeeSource", [inferencePayments], { id: "Treasury_setFeeSource" }),
    m.call(modelRegistry, "setInferencePayments", [inferencePayments], { id: "ModelRegistry_setInferencePayments" }),
    m.call(modelRegistry, "setStaking", [staking], { id: "ModelRegistry_setStaking" }),
    m.call(agentRegistry, "grantRole", [PAYMENTS_ROLE, inferencePayments], { id: "AgentRegistry_grantPayments" }),
    m.call(inferencePayments, "setTreasury", [treasury], { id: "InferencePayments_setTreasury" }),
    m.call(inferencePayments, "setStakingContract", [staking], { id: "InferencePayments_setStaking" }),
    m.call(inferencePayments, "grantRole", [REWARD_DISTRIBUTOR_ROLE, rewardDistributor], {
      id: "InferencePayments_grantDistributor",
    }),
    m.call(staking, "grantRole", [SLASHER_ROLE, attributionDisputes], { id: "OpenStaking_grantSlasher" }),
    m.call(staking, "setStakeGuard", [attributionOracle], { id: "OpenStaking_setStakeGuard" }),
    m.call(attributionOracle, "setCourt", [attributionDisputes], { id: "AttributionOracle_setCourt" }),
    m.call(attributionDisputes, "setRulingPeriod", [m.getParameter("rulingPeriod", 2n * DAY)], {
      id: "AttributionDisputes_setRulingPeriod",
    }),
    m.call(rewardDistributor, "grantRole", [ORACLE_ROLE, attributionOracle], { id: "RewardDistributor_grantOracle" }),
    // The timelock (the DAO, DEFAULT_ADMIN_ROLE) can always rule; a fast resolver (a security council) is appointed
    // and replaced by governance proposals (`grantRole` / `revokeRole` of RESOLVER_ROLE on AttributionDisputes).
    m.call(timelock, "grantRole", [PROPOSER_ROLE, governor], { id: "Timelock_grantProposer" }),
    m.call(timelock, "grantRole", [CANCELLER_ROLE, governor], { id: "Timelock_grantCanceller" }),
  ];
  const pausable = { inferencePayments, rewardDistributor };
  for (const [name, contract] of Object.entries(pausable)) {
    wired.push(m.call(contract, "grantRole", [GUARDIAN_ROLE, guardian], { id: `${name}_grantGuardian` }));
  }

  // Hand-over: the timelock becomes the admin of everything, then the deployer renounces every role it held.
  const administered = {
    treasury,
    datanetRegistry,
    modelRegistry,
    agentRegistry,
    inferencePayments,
    staking,
    rewardDistributor,
    attributionOracle,
    attributionDisputes,
  };
  const handedOver = Object.entries(administered).map(([name, contract]) =>
    m.call(contract, "grantRole", [DEFAULT_ADMIN_ROLE, timelock], { id: `${name}_grantAdminToTimelock`, after: wired }),
  );
  // Every future of a module is executed, returned or not.
  [
    m.call(rewardDistributor, "renounceRole", [ORACLE_ROLE, deployer], {
      id: "rewardDistributor_renounceOracle",
      after: handedOver,
    }),
    m.call(attributionDisputes, "renounceRole", [RESOLVER_ROLE, deployer], {
      id: "attributionDisputes_renounceResolver",
      after: handedOver,
    }),
    ...Object.entries(administered).map(([name, contract]) =>
      m.call(contract, "renounceRole", [DEFAULT_ADMIN_ROLE, deployer], {
        id: `${name}_renounceAdmin`,
        after: handedOver,
      }),
    ),
    m.call(timelock, "renounceRole", [DEFAULT_ADMIN_ROLE, deployer], { id: "Timelock_renounceAdmin", after: wired }),
  ];

  return {
    treasury,
    datanetRegistry,
    modelShares: sharesImplementation,
    modelRegistry,
    agentRegistry,
    inferencePayments,
    staking,
    rewardDistributor,
    attributionOracle,
    attributionDisputes,
    inferenceLogs,
    timelock,
    governor,
  };
}

export const ProtocolModule = buildModule("Protocol", (m) => {
  const wopen = m.contract("WOPEN", []);
  const core = buildCore(m, wopen);
  const nativeGateway = m.contract("NativeGateway", [wopen, core.inferencePayments, core.agentRegistry, core.staking]);
  return { wopen, ...core, nativeGateway };
});

export const ProtocolWithAssetModule = buildModule("ProtocolWithAsset", (m) => {
  const asset = m.contractAt("IERC20", m.getParameter<string>("asset"), { id: "Asset" });
  return buildCore(m, asset);
});

export default ProtocolModule;
