import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { formatWhen } from "../../tasks/lib/time.js";
import { deployWithTask, runFailing, runTask } from "../helpers/run-task.js";
import { OPEN, protocolAt, type ProtocolAt } from "../helpers/task-protocol.js";

/**
 * `gov` tasks against a protocol deployed by `protocol deploy` (production governance settings: voting delay 1 day,
 * period 5 days, threshold 10,000 OPEN, quorum 4%, timelock 2 days). The tests run in order: one proposal goes from
 * propose to execute, another is defeated. Accounts: 15 proposer (20,000 OPEN staked), 16 voter (5,000), 17 none.
 */
describe("tasks: gov", function () {
  let p: ProtocolAt;
  let dir: string;
  let feeFile: string;
  let id: string;
  let recordFile: string;
  let contracts: Record<string, string>;
  const addr = (i: number) => p.signers[i].address;

  function proposalFile(name: string, doc: unknown): string {
    const file = path.join(dir, name);
    writeFileSync(file, JSON.stringify(doc));
    return file;
  }
  const action = (overrides: Record<string, unknown>) => ({
    description: "bad",
    actions: [{ contract: "InferencePayments", function: "setProtocolFeeBps(uint16)", args: [300], ...overrides }],
  });

  before(async function () {
    const deployed = await deployWithTask();
    recordFile = path.join(deployed.dir, `${deployed.deployment.chainId}.json`);
    contracts = deployed.deployment.contracts;
    p = await protocolAt(deployed.deployment);
    dir = mkdtempSync(path.join(tmpdir(), "openledger-gov-"));
    for (const [account, amount] of [
      [15, "20000"],
      [16, "5000"],
    ] as const) {
      await p.connection.networkHelpers.setBalance(addr(account), 30_000n * OPEN);
      await runTask(["stake", "stake"], { amount, wrap: true, account });
      await runTask(["stake", "delegate"], { account });
    }
    feeFile = proposalFile("fee.json", {
      description: "Lower the protocol fee to 3%\n\nCheaper inference for everyone.",
      actions: [{ contract: "InferencePayments", function: "setProtocolFeeBps(uint16)", args: [300], value: "0" }],
    });
  });

  it("propose validates every action against the contract's ABI before sending", async function () {
    const refuse = async (doc: unknown) =>
      runFailing(["gov", "propose"], { file: proposalFile("bad.json", doc), account: 15 });
    const where = `${path.join(dir, "bad.json")}: action 0`;
    expect(await refuse(action({ contract: "Payments" }))).to.match(
      new RegExp(`^${where}: no contract "Payments" in the deployment \\(known: WOPEN, Treasury, `),
    );
    expect(await refuse(action({ function: "setFee(uint16)" }))).to.equal(
      `${where}: InferencePayments has no function setFee(uint16)`,
    );
    expect(await refuse(action({ contract: "DatanetRegistry", function: "safeTransferFrom", args: [] }))).to.equal(
      `${where}: safeTransferFrom is overloaded in DatanetRegistry: give the full signature`,
    );
    expect(await refuse(action({ function: "protocolFeeBps()", args: [] }))).to.equal(
      `${where}: protocolFeeBps() is a view function; calling it changes nothing`,
    );
    expect(await refuse(action({ args: ["three hundred"] }))).to.match(
      new RegExp(`^${where}: the args do not encode for setProtocolFeeBps\\(uint16\\): `),
    );
    expect(await refuse(action({ args: [1e21] }))).to.equal(
      `${where}: 1e+21 is not a safe integer; write large or exact numbers as decimal strings`,
    );
    expect(await refuse(action({ value: "1" }))).to.equal(`${where}: setProtocolFeeBps(uint16) is not payable`);
    expect(await refuse(action({ value: 1 }))).to.equal(
      `${where}: "value" must be a decimal OPEN amount as a string, such as "0" or "1.5"`,
    );
    expect(await refuse(action({ contract: "0x000000000000000000000000000000000000dEaD", function: "f" }))).to.equal(
      `${where}: 0x000000000000000000000000000000000000dEaD is not a deployed contract, so "function" must be a full signature`,
    );
    expect(await refuse({ description: "", actions: [] })).to.equal(
      `${path.join(dir, "bad.json")}: "description" must be a non-empty string`,
    );
    expect(await runFailing(["gov", "propose"], { account: 15 })).to.equal("--file is required (a proposal JSON file)");
  });

  it("propose refuses an account below the proposal threshold", async function () {
    expect(await runFailing(["gov", "propose"], { file: feeFile, account: 17 })).to.equal(
      `${addr(17)} has 0.0 OPEN of votes, below the proposal threshold of 10000.0 OPEN ` +
        "(stake with `stake stake` and delegate with `stake delegate`)",
    );
  });

  it("propose refuses an out-of-bounds fee, naming the decoded error and the parameter; nothing is sent", async function () {
    const file = proposalFile("fee-too-high.json", {
      description: "Raise the protocol fee to 15%",
      actions: [{ contract: "InferencePayments", function: "setProtocolFeeBps(uint16)", args: [1500] }],
    });
    const block = await p.ethers.provider.getBlockNumber();
    const expected =
      "action 1 (InferencePayments.setProtocolFeeBps(uint16)(1500)) would revert when the timelock executes it: " +
      'ProtocolParameterOutOfBounds(parameter "protocolFeeBps", value 1500, min 0, max 1000)';
    expect(await runFailing(["gov", "propose"], { file, account: 15 })).to.equal(expected);
    expect(await runFailing(["gov", "propose"], { file, dryRun: true })).to.equal(expected);
    expect(await p.ethers.provider.getBlockNumber()).to.equal(block);
  });

  it("propose decodes the parameter's name in errors: setQuorumBps with an out-of-bounds quorum", async function () {
    const file = proposalFile("quorum.json", {
      description: "Oracle quorum 40%",
      actions: [{ contract: "AttributionOracle", function: "setQuorumBps(uint16)", args: [4000] }],
    });
    expect(await runFailing(["gov", "propose"], { file, account: 15 })).to.equal(
      "action 1 (AttributionOracle.setQuorumBps(uint16)(4000)) would revert when the timelock " +
        'executes it: ProtocolParameterOutOfBounds(parameter "quorumBps", value 4000, min 5001, max 10000)',
    );
    // No setter takes a parameter's name any more: text given for a bytes32 (a role name here) is refused.
    const text = proposalFile("role.json", {
      description: "Guardian",
      actions: [
        {
          contract: "AttributionOracle",
          function: "grantRole(bytes32,address)",
          args: ["GUARDIAN_ROLE", "0x000000000000000000000000000000000000dEaD"],
        },
      ],
    });
    expect(await runFailing(["gov", "propose"], { file: text, account: 15 })).to.equal(
      `${text}: action 0: argument 1 of grantRole(bytes32,address) is a bytes32: give 0x and 64 hex digits, not ` +
        '"GUARDIAN_ROLE"',
    );
  });

  it("propose --dry-run prints the proposal and its simulation, sends nothing and leaves the state as it was", async function () {
    const block = await p.ethers.provider.getBlockNumber();
    const out = (await runTask(["gov", "propose"], { file: feeFile, dryRun: true, json: true })).json<{
      id: string;
      targets: string[];
      calldatas: string[];
      simulation: { ok: boolean; method: string; block: number; executor: string; actions: unknown[] };
    }>();
    const calldata = p.payments.interface.encodeFunctionData("setProtocolFeeBps", [300]);
    expect(out.targets).to.deep.equal([contracts.InferencePayments]);
    expect(out.calldatas).to.deep.equal([calldata]);
    expect(out.id).to.equal(
      (
        await p.governor.hashProposal(
          [contracts.InferencePayments],
          [0n],
          [calldata],
          p.ethers.id("Lower the protocol fee to 3%\n\nCheaper inference for everyone."),
        )
      ).toString(),
    );
    expect(out.simulation).to.deep.equal({
      ok: true,
      method: "snapshot",
      block,
      executor: contracts.TimelockController,
      actions: [{ action: 1, status: "ok" }],
      valueShortfall: "0",
    });
    const text = await runTask(["gov", "propose"], { file: feeFile, dryRun: true });
    expect(text.stdout.split("\n")).to.deep.equal([
      `dry run: proposal ${out.id} (not sent)`,
      "  Lower the protocol fee to 3%",
      "  1. InferencePayments.setProtocolFeeBps(uint16)(300)",
      `     to ${contracts.InferencePayments} value 0 data ${calldata}`,
      `  simulated from the timelock ${contracts.TimelockController} on block ${block} (a snapshot): the action succeeds`,
    ]);
    expect(await p.ethers.provider.getBlockNumber()).to.equal(block);
    expect(await p.payments.protocolFeeBps()).to.equal(500n);
    expect(await p.governor.proposalProposer(BigInt(out.id))).to.equal(p.ethers.ZeroAddress);
  });

  it("propose --dry-run credits the native OPEN the actions send beyond the timelock's balance, and says so", async function () {
    const file = proposalFile("wrap.json", {
      description: "Wrap 1.5 OPEN of the timelock",
      actions: [{ contract: "WOPEN", function: "deposit()", value: "1.5" }],
    });
    const out = (await runTask(["gov", "propose"], { file, dryRun: true, json: true })).json<{
      simulation: { ok: boolean; valueShortfall: string };
    }>();
    expect(out.simulation).to.deep.include({ ok: true, valueShortfall: (15n * OPEN) / 10n + "" });
    const text = await runTask(["gov", "propose"], { file, dryRun: true });
    expect(text.stdout.split("\n").at(-1)).to.equal(
      "  note: the actions send 1.5 OPEN more than the timelock holds now: fund it before execution",
    );
    expect(await p.ethers.provider.getBalance(contracts.TimelockController)).to.equal(0n);
    expect(await p.wopen.balanceOf(contracts.TimelockController)).to.equal(0n);
  });

  it("propose creates the proposal and prints its voting window", async function () {
    const run = await runTask(["gov", "propose"], { file: feeFile, account: 15, json: true });
    expect(run.exitCode).to.equal(undefined);
    const out = run.json<{
      id: string;
      voteStart: string;
      actions: { calldata: string }[];
      simulation: { ok: boolean };
    }>();
    id = out.id;
    expect(out.simulation.ok).to.equal(true);
    expect(await p.governor.state(BigInt(id))).to.equal(0n);
    expect(out.actions[0].calldata).to.equal(p.payments.interface.encodeFunctionData("setProtocolFeeBps", [300]));
    expect(await runFailing(["gov", "propose"], { file: feeFile, account: 15 })).to.equal(
      `this proposal already exists: ${id} (Pending)`,
    );
  });

  it("status shows a pending proposal with its window in human time", async function () {
    const run = await runTask(["gov", "status"], { id });
    const now = BigInt(await p.time.latest());
    const snapshot = await p.governor.proposalSnapshot(BigInt(id));
    expect(run.stdout.split("\n")).to.deep.equal([
      `proposal ${id}: Pending`,
      `  proposed by ${addr(15)}: Lower the protocol fee to 3%`,
      "  1. InferencePayments.setProtocolFeeBps(uint16)(300)",
      "  votes: for 0.0, against 0.0, abstain 0.0 OPEN",
      `  voting opens   ${formatWhen(snapshot + 1n, now)}`,
      `  voting closes  ${formatWhen(await p.governor.proposalDeadline(BigInt(id)), now)}`,
    ]);
  });

  it("vote waits for the voting window and validates its options", async function () {
    const snapshot = await p.governor.proposalSnapshot(BigInt(id));
    expect(await runFailing(["gov", "vote"], { id, support: "for", account: 15 })).to.equal(
      `voting on proposal ${id} opens ${formatWhen(snapshot + 1n, BigInt(await p.time.latest()))}`,
    );
    await p.time.increaseTo(snapshot + 1n);
    expect(await runFailing(["gov", "vote"], { id, support: "yes", account: 15 })).to.equal(
      '--support must be for, against or abstain, not "yes"',
    );
    expect(await runFailing(["gov", "vote"], { id: "123", support: "for", account: 15 })).to.equal(
      "proposal 123 does not exist",
    );
    expect(await runFailing(["gov", "vote"], { id, support: "for", account: 17 })).to.match(
      new RegExp(`^${addr(17)} had no votes at proposal ${id}'s snapshot`),
    );
  });

  it("vote casts the account's votes at the snapshot, with an optional reason, once; by --file or --id", async function () {
    expect(await runFailing(["gov", "vote"], { file: feeFile, id, support: "for", account: 15 })).to.equal(
      "give either --file or --id, not both",
    );
    const never = proposalFile("never.json", { ...action({}), description: "never proposed" });
    expect(await runFailing(["gov", "vote"], { file: never, support: "for", account: 15 })).to.match(
      new RegExp(`^the proposal of ${never} \\(id \\d+\\) has not been proposed$`),
    );
    const run = await runTask(["gov", "vote"], { file: feeFile, support: "for", account: 15, json: true });
    expect(run.json()).to.deep.include({ id, weight: (20_000n * OPEN).toString(), support: "for" });
    const against = await runTask(["gov", "vote"], {
      id,
      support: "against",
      reason: "fees fund the treasury",
      account: 16,
    });
    expect(against.stdout).to.contain(`${addr(16)} voted against on proposal ${id} with 5000.0 OPEN`);
    expect(against.stdout).to.contain("tally: for 20000.0, against 5000.0, abstain 0.0");
    const [votesAgainst, votesFor] = await p.governor.proposalVotes(BigInt(id));
    expect([votesAgainst, votesFor]).to.deep.equal([5_000n * OPEN, 20_000n * OPEN]);
    expect(await runFailing(["gov", "vote"], { id, support: "for", account: 15 })).to.equal(
      `${addr(15)} has already voted on proposal ${id}`,
    );
  });

  it("queue waits for the vote to end, then queues by id (recovered from ProposalCreated)", async function () {
    const deadline = await p.governor.proposalDeadline(BigInt(id));
    expect(await runFailing(["gov", "queue"], { id })).to.equal(
      `voting on proposal ${id} is open until ${formatWhen(deadline, BigInt(await p.time.latest()))}`,
    );
    expect(await runFailing(["gov", "execute"], { id })).to.match(/is open until/);
    await p.time.increaseTo(deadline + 1n);
    expect(await runFailing(["gov", "execute"], { id })).to.equal(
      `proposal ${id} succeeded but is not queued: run \`gov queue\` first`,
    );
    const run = await runTask(["gov", "queue"], { id, json: true });
    const eta = BigInt(run.json<{ eta: string }>().eta);
    expect(await p.governor.state(BigInt(id))).to.equal(5n);
    expect(eta).to.equal(BigInt(await p.time.latest()) + 2n * 86_400n);
    expect(await runFailing(["gov", "queue"], { file: feeFile })).to.equal(
      `proposal ${id} is already queued; executable from ${formatWhen(eta, BigInt(await p.time.latest()))}`,
    );
  });

  it("execute waits for the timelock, then applies the actions", async function () {
    const eta = await p.governor.proposalEta(BigInt(id));
    expect(await runFailing(["gov", "execute"], { file: feeFile })).to.equal(
      `proposal ${id} is executable from ${formatWhen(eta, BigInt(await p.time.latest()))}`,
    );
    expect(await p.payments.protocolFeeBps()).to.equal(500n);
    await p.time.increaseTo(eta);
    const run = await runTask(["gov", "execute"], { file: feeFile });
    expect(run.stdout.split("\n").slice(0, 2)).to.deep.equal([
      `proposal ${id} executed:`,
      "  1. InferencePayments.setProtocolFeeBps(uint16)(300)",
    ]);
    expect(await p.payments.protocolFeeBps()).to.equal(300n);
    const status = await runTask(["gov", "status"], { file: feeFile, json: true });
    expect(status.json()).to.deep.include({
      state: "Executed",
      votes: { for: (20_000n * OPEN).toString(), against: (5_000n * OPEN).toString(), abstain: "0" },
      quorum: (1_000n * OPEN).toString(),
    });
    expect(await runFailing(["gov", "execute"], { id })).to.equal(`proposal ${id} is executed`);
  });

  it("searches ProposalCreated from the deployment's start block when it is after --from-block", async function () {
    const text = readFileSync(recordFile, "utf8");
    const after = (await p.connection.ethers.provider.getBlockNumber()) + 1;
    writeFileSync(recordFile, JSON.stringify({ ...JSON.parse(text), startBlock: after }));
    try {
      expect(await runFailing(["gov", "status"], { id, fromBlock: 0 })).to.equal(
        `proposal ${id} exists but its ProposalCreated event is not after block ${after}`,
      );
    } finally {
      writeFileSync(recordFile, text);
    }
    expect(await runFailing(["gov", "status"], { id, fromBlock: after + 5 })).to.equal(
      `proposal ${id} exists but its ProposalCreated event is not after block ${after + 5}`,
    );
    expect((await runTask(["gov", "status"], { id, json: true })).json()).to.deep.include({ state: "Executed" });
  });

  it("queue and status name a defeated proposal's votes and quorum", async function () {
    const file = proposalFile("staker-fee.json", {
      description: "Raise the staker fee to 10%",
      actions: [{ contract: "InferencePayments", function: "setStakerFeeBps", args: [1000] }],
    });
    const run = await runTask(["gov", "propose"], { file, account: 15, json: true });
    const defeated = run.json<{ id: string }>().id;
    await p.time.increaseTo((await p.governor.proposalDeadline(BigInt(defeated))) + 1n);
    expect(await runFailing(["gov", "queue"], { file })).to.equal(
      `proposal ${defeated} was defeated: for 0.0, against 0.0, abstain 0.0 OPEN; quorum 1000.0 OPEN (for + abstain)`,
    );
    expect((await runTask(["gov", "status"], { id: defeated, json: true })).json()).to.include({ state: "Defeated" });
    expect(await runFailing(["gov", "status"], { id: defeated, file })).to.equal(
      "give either --file or --id, not both",
    );
    expect(await runFailing(["gov", "status"], {})).to.equal("give the proposal's --file or its --id");
  });

  it("simulates actions in order, and status warns once a queued proposal's actions would revert", async function () {
    // The treasury holds 10 WOPEN. P1 pays them all out; P2 pays 1 more. Each passes alone; together P2 cannot.
    const funder = p.signers[18];
    await p.wopen.connect(funder).deposit({ value: 10n * OPEN });
    await p.wopen.connect(funder).transfer(contracts.Treasury, 10n * OPEN);
    const pay = (amount: bigint) => ({
      contract: "Treasury",
      function: "transfer(address,address,uint256)",
      args: [contracts.WOPEN, addr(18), amount.toString()],
    });
    const both = proposalFile("both.json", { description: "Pay 11 OPEN", actions: [pay(10n * OPEN), pay(OPEN)] });
    const shortOf = (balance: bigint) =>
      `would revert when the timelock executes it: ERC20InsufficientBalance(sender ${contracts.Treasury}, ` +
      `balance ${balance}, needed ${OPEN})`;
    expect(await runFailing(["gov", "propose"], { file: both, dryRun: true })).to.equal(
      `action 2 (Treasury.transfer(address,address,uint256)("${contracts.WOPEN}", "${addr(18)}", ${OPEN})) ` +
        shortOf(0n),
    );
    const first = proposalFile("p1.json", { description: "Pay out the treasury", actions: [pay(10n * OPEN)] });
    const second = proposalFile("p2.json", { description: "Grant 1 OPEN", actions: [pay(OPEN)] });
    const ids: bigint[] = [];
    for (const file of [first, second]) {
      ids.push(
        BigInt((await runTask(["gov", "propose"], { file, account: 15, json: true })).json<{ id: string }>().id),
      );
    }
    await p.time.increaseTo((await p.governor.proposalSnapshot(ids[1])) + 1n);
    for (const file of [first, second]) await runTask(["gov", "vote"], { file, support: "for", account: 15 });
    await p.time.increaseTo((await p.governor.proposalDeadline(ids[1])) + 1n);
    for (const file of [first, second])
      expect((await runTask(["gov", "queue"], { file })).exitCode).to.equal(undefined);
    const before = await runTask(["gov", "status"], { file: second });
    expect(before.stdout).to.contain(`proposal ${ids[1]}: Queued`);
    expect(before.stdout).not.to.contain("warning");

    await p.time.increaseTo(await p.governor.proposalEta(ids[1]));
    expect((await runTask(["gov", "execute"], { file: first })).exitCode).to.equal(undefined);
    const warning =
      `action 1 (Treasury.transfer(address,address,uint256)("${contracts.WOPEN}", "${addr(18)}", ${OPEN})) ` +
      shortOf(0n);
    const after = await runTask(["gov", "status"], { file: second });
    expect(after.stdout.split("\n")).to.include(`  warning: ${warning}`);
    expect((await runTask(["gov", "status"], { id: ids[1].toString(), json: true })).json()).to.deep.include({
      state: "Queued",
      warning,
    });
    expect(await runFailing(["gov", "execute"], { file: second })).to.equal(warning);
    expect(await p.governor.state(ids[1])).to.equal(5n);
  });
});
