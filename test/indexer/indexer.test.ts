/**
 * Flow: the indexer (indexer/, Ponder) against a `hardhat node` process running the demo's whole life cycle (two
 * Datanets, three models, direct, agent and voucher payments, two epochs with a dispute the court upholds on
 * governance's ruling and a slash, a governance change, claims), then a reward recipient, a voucher with no valid
 * signature and a withdrawn contribution. Its answers must equal the chain's; every proof it serves must be accepted by the
 * RewardDistributor (eth_call); a reorganization must leave no orphaned row; a restart must resume; a data document
 * that is unreachable or does not hash to its URI must leave only that epoch's claims unavailable.
 *
 * Database: the PostgreSQL server of DATABASE_URL when set (`.ci/run` starts one), Ponder's embedded PGlite otherwise.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import {
  Contract,
  type EventLog,
  Interface,
  JsonRpcProvider,
  JsonRpcSigner,
  MaxUint256,
  ZeroAddress,
  ZeroHash,
  id as keccakText,
  parseUnits,
  toBeHex,
} from "ethers";
import { network } from "hardhat";

import { runDemo } from "../../scripts/demo/index.js";
import {
  IndexerError,
  createClient,
  ethersTransport,
  getClaim,
  getContributions,
  getEarnings,
  getModelRevenue,
} from "../../src/sdk/index.js";
import { freePort } from "../helpers/local-node.js";
import { Indexer, type LocalNode, generateAbis, indexerInstalled, rpc, startLocalNode, waitFor } from "./harness.js";

const INDEXED = [
  "DatanetRegistry",
  "ModelRegistry",
  "AgentRegistry",
  "InferencePayments",
  "OpenStaking",
  "RewardDistributor",
  "AttributionOracle",
  "AttributionDisputes",
  "InferenceLogs",
  "Treasury",
  "OpenGovernor",
];
const IGNITION_JOURNAL = path.join("ignition", "deployments", "chain-31337");

interface Log {
  transactionHash: string;
  logIndex: string;
  blockNumber: string;
}

describe("flow: the indexer follows a hardhat node running the demo", function () {
  this.timeout(600_000);
  let node: LocalNode;
  let directory: string;
  let deploymentsDir: string;
  let contentDir: string;
  let contracts: Record<string, string>;
  let provider: JsonRpcProvider;
  let main: Indexer;
  let damaged: Indexer;
  let damagedContentDir: string;
  let journalAside: string | undefined;
  /** Puts the document removed from the damaged content directory back. */
  let restoreRemoved: () => void;
  const run = Date.now().toString(36);

  before(async function () {
    if (!indexerInstalled()) throw new Error("the indexer is not installed: run `bash scripts/bootstrap-indexer.sh`");
    console.log(
      process.env.DATABASE_URL
        ? "      indexer tests: on the PostgreSQL server of DATABASE_URL"
        : "      indexer tests: on Ponder's embedded PGlite (no DATABASE_URL; .ci/run uses a PostgreSQL server)",
    );
    generateAbis();
    directory = mkdtempSync(path.join(tmpdir(), "ol-indexer-"));
    deploymentsDir = path.join(directory, "deployments");
    contentDir = path.join(directory, "content");
    // The demo deploys through Ignition, which journals deployments to a node by chain id: keep any journal of the
    // developer's own local node aside, and drop the test's.
    if (existsSync(IGNITION_JOURNAL)) {
      journalAside = `${IGNITION_JOURNAL}.aside-${run}`;
      renameSync(IGNITION_JOURNAL, journalAside);
    }
    node = await startLocalNode();
    const chain = await network.create({ network: "localhost", override: { url: node.rpcUrl } });
    const demo = await runDemo({
      quiet: true,
      chain,
      reportFile: path.join(directory, "demo.json"),
      contentDir,
    });
    expect(demo.ok).to.equal(true);
    const report = JSON.parse(readFileSync(path.join(directory, "demo.json"), "utf8")) as {
      contracts: Record<string, string>;
    };
    contracts = report.contracts;
    mkdirSync(deploymentsDir);
    writeFileSync(
      path.join(deploymentsDir, "31337.json"),
      JSON.stringify({ chainId: "31337", network: "localhost", startBlock: 0, contracts }),
    );
    provider = new JsonRpcProvider(node.rpcUrl, 31337, { staticNetwork: true });
    // A second content directory for the second indexer: the first finalized epoch's document altered (it no longer
    // hashes to its URI), the second's removed (unreachable).
    const oracle = new Contract(
      contracts.AttributionOracle,
      [
        "event ReportAccepted(uint64 indexed epoch, bytes32 indexed reportHash, uint32 round, bytes32 cumulativeRewardsRoot, uint256 cumulativeTotal, bytes32 attributionRoot, string dataURI)",
        "event EpochFinalized(uint64 indexed epoch, bytes32 cumulativeRewardsRoot, uint256 cumulativeTotal, string dataURI)",
      ],
      provider,
    );
    const finalized = (await oracle.queryFilter(oracle.filters.EpochFinalized())).map((log) =>
      (log as EventLog).args.cumulativeRewardsRoot.toLowerCase(),
    );
    const uris = (await oracle.queryFilter(oracle.filters.ReportAccepted()))
      .map((log) => (log as EventLog).args)
      .filter((args) => finalized.includes(args.cumulativeRewardsRoot.toLowerCase()))
      .map((args) => args.dataURI as string);
    expect(uris).to.have.length(2);
    damagedContentDir = path.join(directory, "damaged-content");
    cpSync(contentDir, damagedContentDir, { recursive: true });
    const fileOf = (uri: string) => path.join(damagedContentDir, uri.slice("local://".length).toLowerCase());
    writeFileSync(fileOf(uris[0]), '{"format": "openledger.attribution-data/1", "accounts": ');
    rmSync(fileOf(uris[1]));
    restoreRemoved = () => cpSync(path.join(contentDir, path.basename(fileOf(uris[1]))), fileOf(uris[1]));
    const options = { rpcUrl: node.rpcUrl, deploymentsDir, dataDir: directory };
    [main, damaged] = await Promise.all([
      Indexer.start({ ...options, contentDir, schema: `ol_main_${run}` }),
      // Unreachable documents retried from the next block at first (decision 0505), so the test mines few blocks.
      Indexer.start({
        ...options,
        contentDir: damagedContentDir,
        schema: `ol_damaged_${run}`,
        env: { OPENLEDGER_INDEXER_CLAIMS_RETRY_BLOCKS: "1" },
      }),
    ]);
  });

  after(async function () {
    for (const indexer of [main, damaged]) await indexer?.stop();
    provider?.destroy();
    node?.stop();
    rmSync(IGNITION_JOURNAL, { recursive: true, force: true });
    if (journalAside !== undefined) renameSync(journalAside, IGNITION_JOURNAL);
    for (const folder of [path.dirname(IGNITION_JOURNAL), "ignition"]) {
      if (existsSync(folder) && readdirSync(folder).length === 0) rmSync(folder, { recursive: true });
    }
    if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
  });

  const at = (name: string, abi: string[]) => new Contract(contracts[name], abi, provider);

  /** Every log of the indexed contracts on the canonical chain, as "txHash:logIndex". */
  async function chainLogs(): Promise<Set<string>> {
    const head = await rpc(node.rpcUrl, "eth_blockNumber");
    const logs = await rpc<Log[]>(node.rpcUrl, "eth_getLogs", [
      { fromBlock: "0x0", toBlock: head, address: INDEXED.map((name) => contracts[name]) },
    ]);
    return new Set(logs.map((log) => `${log.transactionHash}:${Number(log.logIndex)}`));
  }

  async function indexedEvents(indexer: Indexer): Promise<Set<string>> {
    const rows = await indexer.all<{ transactionHash: string; logIndex: number }>(
      "protocolEvents",
      "transactionHash logIndex",
    );
    return new Set(rows.map((row) => `${row.transactionHash}:${row.logIndex}`));
  }

  /** Waits until the indexer has every log of the chain up to its head. */
  async function caughtUp(indexer: Indexer): Promise<Set<string>> {
    return waitFor("the indexer to reach the chain's head", async () => {
      const [expected, indexed] = await Promise.all([chainLogs(), indexedEvents(indexer)]);
      return expected.size === indexed.size && [...expected].every((key) => indexed.has(key)) ? indexed : undefined;
    });
  }

  /** Pays model 1 with native OPEN through the NativeGateway from node account `k`. */
  async function pay(k: number, request: string): Promise<void> {
    const signer = await provider.getSigner(k);
    const gateway = new Contract(
      contracts.NativeGateway,
      ["function pay(uint256 modelId, uint256 units, bytes32 requestHash) payable returns (uint256)"],
      signer,
    );
    await (await gateway.pay(1n, 1n, keccakText(request), { value: parseUnits("10") })).wait();
  }

  it("indexes every event of every core contract, exactly the chain's", async function () {
    const indexed = await caughtUp(main);
    expect(indexed.size).to.be.greaterThan(500);
    // It says where it is, on 127.0.0.1, and how far behind the head it is.
    const output = main.output.join("");
    expect(output).to.match(/\[indexer\] GraphQL at http:\/\/127\.0\.0\.1:\d+\/graphql/);
    expect(output).to.match(/storage: (embedded PGlite|PostgreSQL)/);
    await waitFor("a progress line", async () =>
      /\[indexer\] block \d+ of \d+ \(\d+ behind\), \d+ events this run, \d+ events\/s/.test(main.output.join(""))
        ? true
        : undefined,
    );
  });

  it("answers as the chain does: Datanets, models, pools, stakes, agents, escrows, proposals", async function () {
    const registry = at("DatanetRegistry", [
      "function datanetCount() view returns (uint256)",
      "function datanetCounts(uint256) view returns ((uint32 contributions, uint32 pending, uint32 accepted, uint32 versions))",
    ]);
    const datanets = await main.all<{ id: string; contributions: number; accepted: number; versions: number }>(
      "datanets",
      "id contributions accepted versions",
    );
    expect(BigInt(datanets.length)).to.equal(await registry.datanetCount());
    for (const d of datanets) {
      const counts = await registry.datanetCounts(BigInt(d.id));
      expect([d.contributions, d.accepted, d.versions], `Datanet ${d.id}`).to.deep.equal([
        Number(counts.contributions),
        Number(counts.accepted),
        Number(counts.versions),
      ]);
    }
    const contributions = await main.all<{ status: string }>("contributions", "status");
    expect(contributions.filter((c) => c.status === "rejected").length).to.be.greaterThan(0);

    const models = at("ModelRegistry", ["function modelCount() view returns (uint256)"]);
    const indexedModels = await main.all<{ id: string; baseModelId: string }>("models", "id baseModelId");
    expect(BigInt(indexedModels.length)).to.equal(await models.modelCount());

    const payments = at("InferencePayments", [
      "function attributionPool(uint256 modelId, uint64 epoch) view returns (uint256)",
      "function escrowAccount(address payer, uint256 modelId) view returns (uint128 balance, uint128 redeemed, uint128 thawingAmount, uint64 thawEnd)",
      "function totalAttributionFunded() view returns (uint256)",
    ]);
    const modelEpochs = await main.all<{ modelId: string; epoch: string; contributorAmount: string }>(
      "modelEpochs",
      "modelId epoch contributorAmount",
    );
    expect(modelEpochs.length).to.be.greaterThanOrEqual(4);
    let funded = 0n;
    for (const row of modelEpochs) {
      funded += BigInt(row.contributorAmount);
      expect(BigInt(row.contributorAmount), `pool of model ${row.modelId} in epoch ${row.epoch}`).to.equal(
        await payments.attributionPool(BigInt(row.modelId), BigInt(row.epoch)),
      );
    }
    expect(funded).to.equal(await payments.totalAttributionFunded());
    const epochs = await main.all<{ pool: string }>("epochs", "pool");
    expect(epochs.reduce((sum, e) => sum + BigInt(e.pool), 0n)).to.equal(funded);

    const escrows = await main.all<{ payer: string; modelId: string; balance: string; redeemed: string }>(
      "escrows",
      "payer modelId balance redeemed",
    );
    expect(escrows.length).to.be.greaterThan(0);
    for (const e of escrows) {
      const onchain = await payments.escrowAccount(e.payer, BigInt(e.modelId));
      expect([BigInt(e.balance), BigInt(e.redeemed)], `escrow of ${e.payer}`).to.deep.equal([
        onchain.balance,
        onchain.redeemed,
      ]);
    }

    const staking = at("OpenStaking", [
      "function activeStake(address) view returns (uint256)",
      "function unbonding(address) view returns (uint256 amount, uint256 releaseTime)",
      "function getVotes(address) view returns (uint256)",
    ]);
    const stakers = await main.all<{ account: string; activeStake: string; unbonding: string; votes: string }>(
      "stakers",
      "account activeStake unbonding votes",
    );
    expect(stakers.length).to.be.greaterThan(3);
    for (const s of stakers) {
      expect([BigInt(s.activeStake), BigInt(s.unbonding), BigInt(s.votes)], `staker ${s.account}`).to.deep.equal([
        await staking.activeStake(s.account),
        (await staking.unbonding(s.account)).amount,
        await staking.getVotes(s.account),
      ]);
    }
    const slashes = await main.all<{ amount: string }>("oracleSlashs", "amount");
    expect(slashes.length).to.be.greaterThan(0);

    const agents = at("AgentRegistry", ["function agent(uint256) view returns (address operator, uint256 budget)"]);
    const indexedAgents = await main.all<{ id: string; budget: string; operator: string }>(
      "agents",
      "id budget operator",
    );
    expect(indexedAgents.length).to.be.greaterThan(0);
    for (const a of indexedAgents) {
      const onchain = await agents.agent(BigInt(a.id));
      expect([BigInt(a.budget), a.operator], `agent ${a.id}`).to.deep.equal([
        onchain.budget,
        onchain.operator.toLowerCase(),
      ]);
    }

    const governor = at("OpenGovernor", ["function state(uint256) view returns (uint8)"]);
    const proposals = await main.all<{ id: string; state: string; votes: number }>("proposals", "id state votes");
    expect(proposals.length).to.be.greaterThan(0);
    for (const p of proposals) {
      const state = Number(await governor.state(BigInt(p.id)));
      expect({ executed: 7, queued: 5, canceled: 2 }[p.state] ?? state, `proposal ${p.id}`).to.equal(state);
      expect(p.votes).to.be.greaterThan(0);
    }
  });

  it("follows the court and the logs: the dispute, who ruled it, the slashes, the voided report, every log", async function () {
    const court = at("AttributionDisputes", [
      "event ReportDisputed(uint64 indexed epoch, address indexed disputer, uint32 round, uint256 bond)",
      "event DisputeResolved(uint64 indexed epoch, bool upheld, uint256 slashed, uint256 disputerReward, address indexed resolver)",
      "event OracleSlashed(address indexed oracle, uint64 indexed epoch, uint256 amount)",
    ]);
    const args = async (filter: string) =>
      (await court.queryFilter(court.filters[filter]())).map((log) => (log as EventLog).args);
    const [opened, ruled, slashedOnChain] = await Promise.all([
      args("ReportDisputed"),
      args("DisputeResolved"),
      args("OracleSlashed"),
    ]);
    // The demo: one dispute, upheld by governance (the timelock holds RESOLVER_ROLE).
    expect(opened).to.have.length(1);
    expect(ruled).to.have.length(1);
    expect(ruled[0].resolver.toLowerCase()).to.equal(contracts.TimelockController.toLowerCase());
    const disputes = await main.all<Record<string, string | number | null>>(
      "disputes",
      "id epoch round disputer bond outcome resolver slashed disputerReward nextBond resolvedAt",
    );
    expect(disputes.map(({ resolvedAt, ...rest }) => ({ ...rest, resolved: resolvedAt !== null }))).to.deep.equal([
      {
        id: `${opened[0].epoch}-1`,
        epoch: opened[0].epoch.toString(),
        round: Number(opened[0].round),
        disputer: opened[0].disputer.toLowerCase(),
        bond: opened[0].bond.toString(),
        outcome: ruled[0].upheld ? "upheld" : "rejected",
        resolver: ruled[0].resolver.toLowerCase(),
        slashed: ruled[0].slashed.toString(),
        disputerReward: ruled[0].disputerReward.toString(),
        nextBond: null,
        resolved: true,
      },
    ]);
    // One row per slash, none counted twice.
    const slashes = await main.all<{ oracle: string; epoch: string; amount: string; reason: string }>(
      "oracleSlashs",
      "oracle epoch amount reason",
    );
    const key = (o: string, e: bigint | string, a: bigint | string) => `${o.toLowerCase()}:${e}:${a}`;
    expect(slashes.map((x) => key(x.oracle, x.epoch, x.amount)).sort()).to.deep.equal(
      slashedOnChain.map((x) => key(x.oracle, x.epoch, x.amount)).sort(),
    );
    expect(slashes.every((x) => x.reason === "dispute")).to.equal(true);
    expect(slashes.reduce((sum, x) => sum + BigInt(x.amount), 0n)).to.equal(ruled[0].slashed);

    // The disputed epoch: its voided report no longer counts as accepted; the one accepted after it does.
    const oracle = at("AttributionOracle", [
      "event ReportAccepted(uint64 indexed epoch, bytes32 indexed reportHash, uint32 round, bytes32 cumulativeRewardsRoot, uint256 cumulativeTotal, bytes32 attributionRoot, string dataURI)",
    ]);
    const accepted = (await oracle.queryFilter(oracle.filters.ReportAccepted(opened[0].epoch))).map(
      (log) => (log as EventLog).args,
    );
    expect(accepted).to.have.length(2);
    const reports = await main.all<{ reportHash: string; accepted: boolean }>(
      "reports",
      "reportHash accepted",
      `{ epoch: "${opened[0].epoch}" }`,
    );
    expect(reports.filter((r) => r.accepted).map((r) => r.reportHash)).to.deep.equal([accepted[1].reportHash]);
    const [disputedEpoch] = await main.all<{ status: string; disputes: number }>(
      "epochs",
      "status disputes",
      `{ id: "${opened[0].epoch}" }`,
    );
    expect(disputedEpoch).to.deep.equal({ status: "finalized", disputes: 1 });

    const logs = at("InferenceLogs", [
      "event InferenceLogCommitted(uint256 indexed modelId, uint64 indexed epoch, address indexed operator, bytes32 root, string uri)",
    ]);
    const committed = (await logs.queryFilter(logs.filters.InferenceLogCommitted())).map((log) => {
      const a = (log as EventLog).args;
      return `${a.modelId}:${a.epoch}:${a.operator.toLowerCase()}:${a.root}:${a.uri}`;
    });
    expect(committed.length).to.be.greaterThan(0);
    const indexedLogs = await main.all<{ modelId: string; epoch: string; operator: string; root: string; uri: string }>(
      "inferenceLogs",
      "modelId epoch operator root uri",
    );
    expect(indexedLogs.map((l) => `${l.modelId}:${l.epoch}:${l.operator}:${l.root}:${l.uri}`).sort()).to.deep.equal(
      committed.sort(),
    );
  });

  it("follows a reward recipient, a skipped voucher and a withdrawn contribution", async function () {
    /** A signer for any address of the node (impersonated, with native OPEN for gas). */
    async function as(address: string): Promise<JsonRpcSigner> {
      await rpc(node.rpcUrl, "hardhat_impersonateAccount", [address]);
      await rpc(node.rpcUrl, "hardhat_setBalance", [address, toBeHex(parseUnits("1000"))]);
      return new JsonRpcSigner(provider, address);
    }
    const sent = async (tx: Promise<{ wait: () => Promise<unknown> }>) => (await tx).wait();

    // Node account 7 has its rewards paid to account 8; account 9 sets one and clears it.
    const distributor = (signer: JsonRpcSigner) =>
      new Contract(contracts.RewardDistributor, ["function setRewardRecipient(address recipient)"], signer);
    const [seven, eight, nine] = await Promise.all([7, 8, 9].map((k) => provider.getSigner(k)));
    await sent(distributor(seven).setRewardRecipient(eight.address));
    await sent(distributor(nine).setRewardRecipient(eight.address));
    await sent(distributor(nine).setRewardRecipient(ZeroAddress));

    // A voucher whose signature recovers no key, on an escrow account 7 funds: redeemed by the model's operator, it
    // pays nothing.
    const wopenOf = (signer: JsonRpcSigner) =>
      new Contract(
        contracts.WOPEN,
        ["function deposit() payable", "function approve(address spender, uint256 amount) returns (bool)"],
        signer,
      );
    await sent(wopenOf(seven).deposit({ value: parseUnits("10") }));
    await sent(wopenOf(seven).approve(contracts.InferencePayments, parseUnits("10")));
    const paymentsAbi = [
      "function depositEscrow(uint256 modelId, uint256 amount)",
      "function redeemVouchers(uint256 modelId, (address payer, uint128 cumulativeAmount, bytes32 r, bytes32 vs)[] vouchers) returns (uint256)",
    ];
    await sent(new Contract(contracts.InferencePayments, paymentsAbi, seven).depositEscrow(1n, parseUnits("10")));
    const [{ operator }] = await main.all<{ operator: string }>("models", "operator", `{ id: "1" }`);
    const payments = new Contract(contracts.InferencePayments, paymentsAbi, await as(operator));
    const cumulativeAmount = parseUnits("1");
    await sent(payments.redeemVouchers(1n, [[seven.address, cumulativeAmount, ZeroHash, ZeroHash]]));

    // A contributor submits, nobody reviews within the timeout, the contributor takes it back.
    const [submitted] = await main.all<{ datanetId: string; contributor: string }>(
      "contributions",
      "datanetId contributor",
      `{ status: "accepted" }`,
    );
    const contributor = await as(submitted.contributor);
    await sent(wopenOf(contributor).deposit({ value: parseUnits("100") }));
    await sent(wopenOf(contributor).approve(contracts.DatanetRegistry, MaxUint256));
    const registry = new Contract(
      contracts.DatanetRegistry,
      [
        "function contribute(uint256 datanetId, bytes32 contentHash, string uri) returns (uint256)",
        "function withdrawContribution(uint256 contributionId) returns (uint256)",
        "function reviewTimeout() view returns (uint32)",
        "function datanetCounts(uint256) view returns ((uint32 contributions, uint32 pending, uint32 accepted, uint32 versions))",
        "event ContributionSubmitted(uint256 indexed contributionId, uint256 indexed datanetId, address indexed contributor, bytes32 contentHash, string uri, uint256 bond)",
      ],
      contributor,
    );
    const receipt = (await sent(
      registry.contribute(submitted.datanetId, keccakText("indexer test: withdrawn"), "local://withdrawn"),
    )) as { logs: Parameters<Interface["parseLog"]>[0][] };
    const contributionId = receipt.logs
      .map((log) => registry.interface.parseLog(log))
      .find((log) => log?.name === "ContributionSubmitted")!.args.contributionId as bigint;
    await rpc(node.rpcUrl, "evm_increaseTime", [Number(await registry.reviewTimeout()) + 1]);
    await sent(registry.withdrawContribution(contributionId));

    await caughtUp(main);
    const accounts = await main.all<{ address: string; recipient: string | null }>(
      "accounts",
      "address recipient",
      `{ address_in: ["${seven.address.toLowerCase()}", "${nine.address.toLowerCase()}"] }`,
    );
    expect(Object.fromEntries(accounts.map((a) => [a.address, a.recipient]))).to.deep.equal({
      [seven.address.toLowerCase()]: eight.address.toLowerCase(),
      [nine.address.toLowerCase()]: null,
    });
    const skips = await main.all<Record<string, string>>(
      "voucherSkips",
      "payer modelId cumulativeAmount signer reason",
    );
    expect(skips).to.deep.equal([
      {
        payer: seven.address.toLowerCase(),
        modelId: "1",
        cumulativeAmount: cumulativeAmount.toString(),
        signer: ZeroAddress,
        reason: "bad-signature",
      },
    ]);
    const [withdrawn] = await main.all<{ status: string; withdrawnAt: string | null }>(
      "contributions",
      "status withdrawnAt",
      `{ id: "${contributionId}" }`,
    );
    expect(withdrawn.status).to.equal("withdrawn");
    expect(withdrawn.withdrawnAt).to.not.equal(null);
    const [datanet] = await main.all<{ contributions: number; accepted: number }>(
      "datanets",
      "contributions accepted",
      `{ id: "${submitted.datanetId}" }`,
    );
    const counts = await registry.datanetCounts(BigInt(submitted.datanetId));
    expect([datanet.contributions, datanet.accepted]).to.deep.equal([
      Number(counts.contributions),
      Number(counts.accepted),
    ]);
  });

  it("gives signers, skipped claims, withdrawals, deferred slashings, grants and fee flows tables of their own", async function () {
    const sent = async (tx: Promise<{ wait: () => Promise<unknown> }>) => (await tx).wait();
    // Account 10 authorizes two keys and revokes one; a relayer's batch has an entry with nothing to claim and one
    // with a bad proof.
    const [payer, keyA, keyB, relayer] = await Promise.all([10, 11, 12, 13].map((k) => provider.getSigner(k)));
    const signersOf = new Contract(
      contracts.InferencePayments,
      ["function authorizeSigner(address signer)", "function revokeSigner(address signer)"],
      payer,
    );
    await sent(signersOf.authorizeSigner(keyA.address));
    await sent(signersOf.authorizeSigner(keyB.address));
    await sent(signersOf.revokeSigner(keyA.address));
    const batch = new Contract(
      contracts.RewardDistributor,
      ["function claimBatch(address[] accounts, uint256[] cumulativeAmounts, bytes32[][] proofs) returns (uint256)"],
      relayer,
    );
    await sent(batch.claimBatch([keyA.address, keyB.address], [0n, 5n], [[], [ZeroHash]]));
    await caughtUp(main);

    const signers = await main.all<Record<string, string | null>>(
      "payerSigners",
      "payer signer status validUntil",
      `{ payer: "${payer.address.toLowerCase()}" }`,
    );
    const court = at("AttributionDisputes", [
      "event Withdrawn(address indexed account, uint256 amount)",
      "event SlashingDeferred(uint64 indexed epoch, uint32 round, uint256 signers, uint256 pages)",
    ]);
    const payments = at("InferencePayments", [
      "event SignerRevoked(address indexed payer, address indexed signer, uint64 validUntil)",
      "event ProtocolFeesCollected(address indexed treasury, uint256 amount)",
      "event StakerFeesCollected(address indexed stakingContract, uint256 amount)",
      "event ModelRevenueCollected(uint256 indexed modelId, address indexed recipient, uint256 amount)",
      "event AttributionFundsReleased(address indexed distributor, uint256 cumulativeTotal, uint256 amount)",
    ]);
    const argsOf = async (contract: Contract, name: string) =>
      (await contract.queryFilter(contract.filters[name]())).map((log) => (log as EventLog).args);
    const [revoked] = await argsOf(payments, "SignerRevoked");
    expect(signers.sort((x, y) => (x.signer! < y.signer! ? -1 : 1))).to.deep.equal(
      [
        { payer: payer.address, signer: keyA.address, status: "revoked", validUntil: revoked.validUntil.toString() },
        { payer: payer.address, signer: keyB.address, status: "active", validUntil: null },
      ]
        .map((r) => ({ ...r, payer: r.payer.toLowerCase(), signer: r.signer.toLowerCase() }))
        .sort((x, y) => (x.signer < y.signer ? -1 : 1)),
    );

    const distributor = at("RewardDistributor", [
      "event ClaimSkipped(address indexed account, uint256 index, uint8 reason)",
    ]);
    const reasons = ["nothing-to-claim", "invalid-proof", "exceeds-finalized"];
    const skippedOnChain = (await argsOf(distributor, "ClaimSkipped")).map(
      (a) => `${a.account.toLowerCase()}:${a.index}:${reasons[Number(a.reason)]}`,
    );
    const skipped = await main.all<{ account: string; index: string; reason: string; caller: string }>(
      "claimSkips",
      "account index reason caller",
    );
    expect(skipped.map((r) => `${r.account}:${r.index}:${r.reason}`).sort()).to.deep.equal(skippedOnChain.sort());
    expect(skipped.filter((r) => r.caller === relayer.address.toLowerCase()).map((r) => r.reason)).to.deep.equal([
      "nothing-to-claim",
      "invalid-proof",
    ]);

    // The demo withdraws the court's credits and refunded bonds, and collects every fee.
    const registry = at("DatanetRegistry", ["event BondsWithdrawn(address indexed account, uint256 amount)"]);
    const withdrawals = await main.all<{ source: string; account: string; amount: string }>(
      "withdrawals",
      "source account amount",
    );
    const expectedWithdrawals = [
      ...(await argsOf(court, "Withdrawn")).map((a) => `court:${a.account.toLowerCase()}:${a.amount}`),
      ...(await argsOf(registry, "BondsWithdrawn")).map((a) => `datanet-bonds:${a.account.toLowerCase()}:${a.amount}`),
    ];
    expect(expectedWithdrawals.some((w) => w.startsWith("court:"))).to.equal(true);
    expect(withdrawals.map((w) => `${w.source}:${w.account}:${w.amount}`).sort()).to.deep.equal(
      expectedWithdrawals.sort(),
    );
    const deferred = await main.all<{ id: string }>("slashingDeferrals", "id");
    expect(deferred.map((d) => d.id)).to.deep.equal(
      (await argsOf(court, "SlashingDeferred")).map((a) => `${a.epoch}-${a.round}`),
    );

    const staking = at("OpenStaking", ["event FeesCollected(uint256 amount, uint256 rewardPerShare)"]);
    const treasury = at("Treasury", [
      "event FeesCollected(uint256 amount)",
      "event Transferred(address indexed token, address indexed to, uint256 amount)",
      "event GrantCreated(uint256 indexed grantId, address indexed wallet, address indexed beneficiary, uint256 amount, uint64 start, uint64 cliffSeconds, uint64 durationSeconds, (uint8 kind, uint256 id) purpose)",
    ]);
    const flows = await main.all<{ kind: string; amount: string }>("feeFlows", "kind amount");
    const expectedFlows = [
      ...(await argsOf(payments, "ProtocolFeesCollected")).map((a) => `protocol-fees:${a.amount}`),
      ...(await argsOf(payments, "StakerFeesCollected")).map((a) => `staker-fees:${a.amount}`),
      ...(await argsOf(payments, "ModelRevenueCollected")).map((a) => `model-revenue:${a.amount}`),
      ...(await argsOf(payments, "AttributionFundsReleased")).map((a) => `attribution-release:${a.amount}`),
      ...(await argsOf(staking, "FeesCollected")).map((a) => `staking-fees:${a.amount}`),
      ...(await argsOf(treasury, "FeesCollected")).map((a) => `treasury-fees:${a.amount}`),
    ];
    expect(expectedFlows.length).to.be.greaterThan(2);
    expect(flows.map((f) => `${f.kind}:${f.amount}`).sort()).to.deep.equal(expectedFlows.sort());
    const grants = await main.all<{ id: string; amount: string }>("grants", "id amount");
    expect(grants.map((g) => `${g.id}:${g.amount}`)).to.deep.equal(
      (await argsOf(treasury, "GrantCreated")).map((a) => `${a.grantId}:${a.amount}`),
    );
    const transfers = await main.all<{ to: string; amount: string }>("treasuryTransfers", "to amount");
    expect(transfers.map((t) => `${t.to}:${t.amount}`).sort()).to.deep.equal(
      (await argsOf(treasury, "Transferred")).map((a) => `${a.to.toLowerCase()}:${a.amount}`).sort(),
    );
  });

  it("serves every account's claim: amounts as the chain's, every proof accepted by RewardDistributor", async function () {
    const distributorAbi = [
      "function claim(address account, uint256 cumulativeAmount, bytes32[] proof) returns (uint256)",
      "function claimed(address) view returns (uint256)",
      "function merkleRoot() view returns (bytes32)",
      "function rootEpoch() view returns (uint64)",
      "function cumulativeTotal() view returns (uint256)",
      "error DistributorNothingToClaim(address account, uint256 cumulativeAmount, uint256 alreadyClaimed)",
      "error DistributorInvalidProof(address account, uint256 cumulativeAmount)",
    ];
    const distributor = at("RewardDistributor", distributorAbi);
    const errors = new Interface(distributorAbi);
    const rootEpoch = await distributor.rootEpoch();
    const latest = (
      await main.all<{ id: string; claimsStatus: string; cumulativeTotal: string; finalizedAt: string | null }>(
        "epochs",
        "id claimsStatus cumulativeTotal finalizedAt",
      )
    )
      .filter((e) => e.finalizedAt !== null)
      .sort((a, b) => Number(BigInt(b.id) - BigInt(a.id)))[0];
    expect(BigInt(latest.id)).to.equal(rootEpoch);
    expect(latest.claimsStatus).to.equal("available");
    expect(BigInt(latest.cumulativeTotal)).to.equal(await distributor.cumulativeTotal());

    const leaves = await main.all<{ account: string; cumulativeAmount: string }>(
      "claimables",
      "account cumulativeAmount",
      `{ epoch: "${latest.id}" }`,
    );
    expect(leaves.length).to.be.greaterThan(5);
    expect(leaves.reduce((sum, l) => sum + BigInt(l.cumulativeAmount), 0n)).to.equal(BigInt(latest.cumulativeTotal));
    let tampered = false;
    for (const leaf of leaves) {
      const served = await main.get<{
        available: boolean;
        cumulativeAmount: string;
        claimed: string;
        claimable: string;
        proof: string[];
        proofVerified: boolean;
        rootIsOnchainRoot: boolean;
      }>(`/claims/${leaf.account}`);
      const claimed = await distributor.claimed(leaf.account);
      expect(served.available && served.proofVerified && served.rootIsOnchainRoot, leaf.account).to.equal(true);
      expect(BigInt(served.cumulativeAmount)).to.equal(BigInt(leaf.cumulativeAmount));
      expect(BigInt(served.claimed), `claimed by ${leaf.account}`).to.equal(claimed);
      expect(BigInt(served.claimable)).to.equal(BigInt(served.cumulativeAmount) - claimed);
      const call = distributor.claim.staticCall(leaf.account, BigInt(served.cumulativeAmount), served.proof);
      if (!tampered) {
        // The check can fail: one wei more is refused.
        tampered = true;
        const wrong = distributor.claim.staticCall(leaf.account, BigInt(served.cumulativeAmount) + 1n, served.proof);
        const data = await wrong.then(
          () => "0x",
          (e: { data?: string }) => e.data ?? "0x",
        );
        expect(errors.parseError(data)?.name).to.equal("DistributorInvalidProof");
      }
      if (BigInt(served.claimable) > 0n) {
        expect(await call).to.equal(BigInt(served.claimable));
      } else {
        // Nothing left to claim: the proof passed (an invalid one reverts with DistributorInvalidProof first).
        const data = await call.then(
          () => "0x",
          (e: { data?: string }) => e.data ?? "0x",
        );
        expect(errors.parseError(data)?.name, leaf.account).to.equal("DistributorNothingToClaim");
      }
    }
    expect(tampered).to.equal(true);
    // An account outside the tree can claim nothing, and says so.
    const stranger = await main.get<{ inTree: boolean; claimable: string }>(`/claims/${"0x" + "12".repeat(20)}`);
    expect([stranger.inTree, stranger.claimable]).to.deep.equal([false, "0"]);
    const bad = await fetch(`${main.url}/claims/not-an-address`);
    expect(bad.status).to.equal(400);
  });

  it("serves a contributor's earnings per epoch, model and Datanet, and a model's revenue and payers", async function () {
    const earnings = await main.all<{ account: string; amount: string }>("earnings", "account amount");
    const account = earnings[0].account;
    const served = await main.get<{ total: string; perModel: Record<string, string>; perDatanet: object }>(
      `/contributors/${account}/earnings`,
    );
    const own = earnings.filter((e) => e.account === account).reduce((sum, e) => sum + BigInt(e.amount), 0n);
    expect(BigInt(served.total)).to.equal(own);
    expect(Object.keys(served.perDatanet).length).to.be.greaterThan(0);

    const revenue = await main.get<{
      revenue: string;
      perEpoch: { revenue: string }[];
      payers: { amount: string }[];
    }>("/models/1/revenue");
    const perEpoch = revenue.perEpoch.reduce((sum, e) => sum + BigInt(e.revenue), 0n);
    const byPayers = revenue.payers.reduce((sum, p) => sum + BigInt(p.amount), 0n);
    expect(perEpoch).to.equal(BigInt(revenue.revenue));
    expect(byPayers).to.equal(BigInt(revenue.revenue));
    expect((await fetch(`${main.url}/models/999/revenue`)).status).to.equal(404);
  });

  it("lets the SDK take an indexer URL for history and answer as it does from the chain", async function () {
    const deployment = {
      chainId: "31337",
      network: "localhost",
      startBlock: 0,
      asset: contracts.WOPEN,
      contracts,
      parameters: {},
    };
    const transport = ethersTransport(provider);
    const viaChain = await createClient({ transport, deployment });
    const viaIndexer = await createClient({ transport, deployment, indexerUrl: main.url });
    const content = { directory: contentDir };

    // Claims: the indexer's amount and proof, verified against the live root, equal the chain path's.
    const leaves = await main.all<{ account: string }>("claimables", "account");
    expect(leaves.length).to.be.greaterThan(5);
    for (const { account } of leaves.slice(0, 6)) {
      const [fromIndexer, fromChain] = await Promise.all([
        getClaim(viaIndexer, { account, content }),
        getClaim(viaChain, { account, content }),
      ]);
      expect(fromIndexer, account).to.deep.equal(fromChain);
      expect(fromIndexer!.cumulativeAmount > 0n).to.equal(true);
    }
    // A lying indexer is caught: the same URL shape, a proof the live root refuses.
    const liar = createServer((request, response) => {
      response.setHeader("content-type", "application/json");
      void main.get<Record<string, unknown>>(request.url!).then((served) => {
        const amount = BigInt((served.cumulativeAmount as string | undefined) ?? "0") + 1n;
        response.end(JSON.stringify({ ...served, cumulativeAmount: amount.toString() }));
      });
    });
    const liarPort = await freePort();
    await new Promise<void>((resolve) => liar.listen(liarPort, "127.0.0.1", resolve));
    try {
      const lied = await createClient({ transport, deployment, indexerUrl: `http://127.0.0.1:${liarPort}` });
      const refused = await getClaim(lied, { account: leaves[0].account, content }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(refused).to.be.instanceOf(IndexerError);
      expect(refused!.message).to.match(/refused by the live root/);
    } finally {
      liar.close();
    }

    // Earnings, a model's revenue and payers, an account's contributions: the same from both paths.
    const [earner] = await main.all<{ account: string }>("earnings", "account");
    const earnings = await getEarnings(viaIndexer, { account: earner.account });
    expect(earnings.total > 0n).to.equal(true);
    expect(earnings.perDatanet.size).to.be.greaterThan(0);
    expect(earnings).to.deep.equal(await getEarnings(viaChain, { account: earner.account, content }));
    for (const modelId of [1n, 2n, 3n]) {
      const revenue = await getModelRevenue(viaIndexer, modelId);
      expect(revenue.revenue > 0n, `model ${modelId}`).to.equal(true);
      expect(revenue).to.deep.equal(await getModelRevenue(viaChain, modelId));
    }
    const contributors = [
      ...new Set((await main.all<{ contributor: string }>("contributions", "contributor")).map((c) => c.contributor)),
    ];
    expect(contributors.length).to.be.greaterThan(2);
    for (const contributor of contributors) {
      const fromIndexer = await getContributions(viaIndexer, contributor);
      expect(fromIndexer.length, contributor).to.be.greaterThan(0);
      expect(fromIndexer).to.deep.equal(await getContributions(viaChain, contributor));
    }
  });

  it("answers the README's GraphQL query", async function () {
    const readme = readFileSync("README.md", "utf8");
    const query = /## Indexer[\s\S]*?```graphql\n([\s\S]*?)```/.exec(readme)![1];
    const answer = await main.graphql<{
      model: { revenue: string; paymentHistory: { items: { amount: string }[] }; epochs: { items: unknown[] } };
    }>(query);
    expect(answer.model.paymentHistory.items).to.have.length(5);
    expect(answer.model.epochs.items.length).to.be.greaterThanOrEqual(2);
    expect(BigInt(answer.model.revenue)).to.be.greaterThan(0n);
  });

  it("leaves no orphaned row after a reorganization (snapshot, blocks, revert, other blocks)", async function () {
    const snapshot = await rpc(node.rpcUrl, "evm_snapshot");
    await pay(3, "reorg: abandoned branch 1");
    await pay(4, "reorg: abandoned branch 2");
    const abandoned = [keccakText("reorg: abandoned branch 1"), keccakText("reorg: abandoned branch 2")];
    const requests = async () =>
      (await main.all<{ requestHash: string }>("payments", "requestHash")).map((p) => p.requestHash);
    await waitFor("the abandoned payments to be indexed", async () =>
      (await requests()).filter((hash) => abandoned.includes(hash)).length === 2 ? true : undefined,
    );
    expect(await rpc<boolean>(node.rpcUrl, "evm_revert", [snapshot])).to.equal(true);
    await pay(5, "reorg: canonical branch");
    await rpc(node.rpcUrl, "hardhat_mine", ["0x5"]);
    await waitFor("the canonical payment to be indexed", async () =>
      (await requests()).includes(keccakText("reorg: canonical branch")) ? true : undefined,
    );
    await caughtUp(main);
    const left = await requests();
    expect(left.filter((hash) => abandoned.includes(hash))).to.deep.equal([]);
    const payments = at("InferencePayments", ["function totalAttributionFunded() view returns (uint256)"]);
    const epochs = await main.all<{ pool: string }>("epochs", "pool");
    expect(epochs.reduce((sum, e) => sum + BigInt(e.pool), 0n)).to.equal(await payments.totalAttributionFunded());
  });

  it("resumes after a restart without indexing from the start again", async function () {
    const before = (await indexedEvents(main)).size;
    await main.stop();
    await pay(6, "after the restart");
    await main.restart();
    await waitFor("the payment made while stopped", async () =>
      (await main.all<{ requestHash: string }>("payments", "requestHash")).some(
        (p) => p.requestHash === keccakText("after the restart"),
      )
        ? true
        : undefined,
    );
    const all = await caughtUp(main);
    const stats = await main.get<{ eventsThisRun: number }>("/indexer/stats");
    // Only the new payment's events and those of the blocks Ponder had not yet taken as final (the last 30) are
    // handled again; a reindex from the start would handle every event.
    expect(stats.eventsThisRun).to.be.greaterThan(0);
    expect(stats.eventsThisRun).to.be.lessThan(before / 4);
    expect(all.size).to.be.greaterThan(before);
  });

  it("marks the claims of an epoch whose data is unreachable or tampered as unavailable, goes on, and retries the unreachable one", async function () {
    const other = damaged;
    await caughtUp(other);
    const status = (
      await other.all<{ id: string; status: string; claimsStatus: string; claimsReason: string; finalizedAt: string }>(
        "epochs",
        "id status claimsStatus claimsReason finalizedAt",
      )
    )
      .filter((e) => e.finalizedAt !== null)
      .sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)));
    expect(status.map((e) => [e.status, e.claimsStatus])).to.deep.equal([
      ["finalized", "unavailable"],
      ["finalized", "unavailable"],
    ]);
    expect(status[0].claimsReason).to.match(/does not hash to/);
    expect(status[1].claimsReason).to.match(/unreachable: not in the content store/);
    const claim = await other.get<{ available: boolean; reason: string }>(`/claims/${"0x" + "12".repeat(20)}`);
    expect(claim.available).to.equal(false);
    expect(claim.reason).to.match(/unreachable/);
    // Nothing else stopped: the same history as the indexer with every document.
    const [left, right] = await Promise.all([
      other.all<{ id: string; pool: string }>("epochs", "id pool"),
      main.all<{ id: string; pool: string }>("epochs", "id pool"),
    ]);
    const byId = (rows: { id: string; pool: string }[]) =>
      [...rows].sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)));
    expect(byId(left)).to.deep.equal(byId(right));
    expect((await other.all<{ account: string }>("claimables", "account")).length).to.equal(0);

    // The unreachable document comes back: the next retry (bounded backoff, at most 64 blocks away) picks it up
    // and that epoch's claims become the same as the main indexer's. The tampered one is never retried.
    type EpochRow = { id: string; claimsStatus: string; claimsReason: string | null; claimsAttempts: number };
    const epochRow = async (indexer: Indexer, id: string) =>
      (await indexer.all<EpochRow>("epochs", "id claimsStatus claimsReason claimsAttempts", `{ id: "${id}" }`))[0];
    /** Mines one block whenever the indexer has caught up with the head, until `check` answers. */
    const mineUntil = <T>(what: string, check: () => Promise<T | undefined>) =>
      waitFor(
        what,
        async () => {
          const found = await check();
          if (found !== undefined) return found;
          const head = Number(BigInt(await rpc(node.rpcUrl, "eth_blockNumber")));
          const at = await other.get<{ openledger: { block: { number: number } } }>("/status");
          if (at.openledger.block.number >= head) await rpc(node.rpcUrl, "hardhat_mine", ["0x1"]);
          return undefined;
        },
        240_000,
      );
    await mineUntil("a retry of the unreachable document", async () =>
      (await epochRow(other, status[1].id)).claimsAttempts > 1 ? true : undefined,
    );
    expect((await epochRow(other, status[1].id)).claimsStatus).to.equal("unavailable");
    restoreRemoved();
    // The next retry is at most 64 blocks away.
    const retried = await mineUntil("the retried epoch's claims", async () => {
      const row = await epochRow(other, status[1].id);
      return row.claimsStatus === "available" ? row : undefined;
    });
    expect(retried.claimsReason).to.equal(null);
    const leavesOf = async (indexer: Indexer) =>
      (
        await indexer.all<{ account: string; cumulativeAmount: string }>(
          "claimables",
          "account cumulativeAmount",
          `{ epoch: "${status[1].id}" }`,
        )
      )
        .map((l) => `${l.account}:${l.cumulativeAmount}`)
        .sort();
    const leaves = await leavesOf(other);
    expect(leaves.length).to.be.greaterThan(5);
    expect(leaves).to.deep.equal(await leavesOf(main));
    const tampered = await epochRow(other, status[0].id);
    expect([tampered.claimsStatus, tampered.claimsAttempts]).to.deep.equal(["unavailable", 1]);
    expect(tampered.claimsReason).to.match(/does not hash to/);
    const served = await other.get<{ available: boolean; proofVerified: boolean }>(
      `/claims/${leaves[0].split(":")[0]}`,
    );
    expect([served.available, served.proofVerified]).to.deep.equal([true, true]);
  });
});
