import { expect } from "chai";

import { formatWhen } from "../../tasks/lib/time.js";
import { deployWithTask, runFailing, runTask } from "../helpers/run-task.js";
import { OPEN, OperatorRole, protocolAt, registerModel, type ProtocolAt } from "../helpers/task-protocol.js";
import { pendingRewards } from "../../src/protocol/index.js";

/**
 * `stake` tasks against a protocol deployed by `protocol deploy`. The tests run in order on one deployment: each
 * builds on the stake the previous ones left.
 */
describe("tasks: stake", function () {
  let p: ProtocolAt;
  // Accounts: 2 stakes and operates, 3 has no WOPEN, 4 pays for inference, 5 owns a model.
  const STAKER = 2;

  before(async function () {
    const { deployment } = await deployWithTask();
    p = await protocolAt(deployment);
  });

  const staker = () => p.signers[STAKER].address;

  it("stake --wrap wraps only the shortfall, approves and stakes", async function () {
    await p.wopen.connect(p.signers[STAKER]).deposit({ value: 40n * OPEN });
    const run = await runTask(["stake", "stake"], { amount: "100", wrap: true, account: STAKER, json: true });
    expect(run.exitCode).to.equal(undefined);
    const out = run.json<{ amount: string; activeStake: string; transactions: string[] }>();
    expect(out.amount).to.equal((100n * OPEN).toString());
    expect(out.activeStake).to.equal((100n * OPEN).toString());
    expect(out.transactions).to.have.length(3); // wrap 60, approve 100, stake
    expect(await p.staking.activeStake(staker())).to.equal(100n * OPEN);
    expect(await p.wopen.balanceOf(staker())).to.equal(0n);
  });

  it("stake prints the delegation hint in human output", async function () {
    await p.wopen.connect(p.signers[STAKER]).deposit({ value: 5n * OPEN });
    const run = await runTask(["stake", "stake"], { amount: "5", account: STAKER });
    expect(run.stdout).to.contain("staked 5.0 OPEN; active stake of");
    expect(run.stdout).to.contain("votes count once delegated");
    expect(await p.staking.activeStake(staker())).to.equal(105n * OPEN);
  });

  it("stake refuses without WOPEN, names --wrap, and changes nothing", async function () {
    const account = p.signers[3].address;
    const message = await runFailing(["stake", "stake"], { amount: "1", account: 3 });
    expect(message).to.match(/^account 0x[0-9a-fA-F]{40} holds 0\.0 WOPEN, staking needs 1\.0; it has .* native OPEN/);
    expect(message).to.contain("pass --wrap");
    expect(await p.staking.activeStake(account)).to.equal(0n);
    expect(await p.wopen.allowance(account, await p.staking.getAddress())).to.equal(0n);
  });

  it("stake validates the amount and the account index before anything", async function () {
    expect(await runFailing(["stake", "stake"], { amount: "1.0000000000000000001", account: STAKER })).to.equal(
      '--amount: "1.0000000000000000001" has more than 18 decimals',
    );
    expect(await runFailing(["stake", "stake"], { amount: "-3", account: STAKER })).to.equal(
      '--amount: "-3" is not a positive decimal amount',
    );
    expect(await runFailing(["stake", "stake"], { amount: "0", account: STAKER })).to.equal("--amount must be above 0");
    expect(await runFailing(["stake", "stake"], { amount: "1", account: 99 })).to.equal(
      "--account 99: not one of this network's accounts; give a number from 0 to 19 (the network has 20 account(s))",
    );
    expect(await p.staking.activeStake(staker())).to.equal(105n * OPEN);
  });

  it("delegate defaults to self, refuses a repeat and a bad address", async function () {
    const run = await runTask(["stake", "delegate"], { account: STAKER, json: true });
    expect(run.json<{ delegatee: string; votes: string }>()).to.include({
      delegatee: staker(),
      votes: (105n * OPEN).toString(),
    });
    expect(await p.staking.getVotes(staker())).to.equal(105n * OPEN);
    expect(await runFailing(["stake", "delegate"], { account: STAKER })).to.equal(
      `${staker()} already delegates to itself`,
    );
    expect(await runFailing(["stake", "delegate"], { to: "0x1234", account: STAKER })).to.equal(
      '--to: "0x1234" is not an address',
    );
  });

  it("delegate --to moves the votes", async function () {
    const to = p.signers[3].address;
    const run = await runTask(["stake", "delegate"], { to, account: STAKER });
    expect(run.stdout).to.contain(`to ${to}; ${to} now has 105.0 OPEN of votes`);
    expect(await p.staking.getVotes(to)).to.equal(105n * OPEN);
    expect(await p.staking.getVotes(staker())).to.equal(0n);
    await runTask(["stake", "delegate"], { account: STAKER });
  });

  it("register refuses a bad role and a stake below the role's minimum", async function () {
    expect(await runFailing(["stake", "register"], { role: "validator", account: STAKER })).to.equal(
      '--role must be oracle or compute, not "validator"',
    );
    expect(await runFailing(["stake", "register"], { role: "compute", account: STAKER })).to.equal(
      `a compute provider needs 1000.0 OPEN of active stake; ${staker()} has 105.0 OPEN (stake more with \`stake stake\`)`,
    );
    expect(await p.staking.operatorRole(staker())).to.equal(0n);
  });

  it("register compute once the minimum is staked; a second registration is refused", async function () {
    await runTask(["stake", "stake"], { amount: "995", wrap: true, account: STAKER });
    const run = await runTask(["stake", "register"], { role: "compute", account: STAKER, json: true });
    expect(run.json()).to.include({ role: "compute", activeStake: (1100n * OPEN).toString() });
    expect(await p.staking.operatorRole(staker())).to.equal(BigInt(OperatorRole.ComputeProvider));
    expect(await runFailing(["stake", "register"], { role: "oracle", account: STAKER })).to.equal(
      `${staker()} is already registered as compute provider`,
    );
  });

  it("unstake keeps a registered operator at its minimum; deregister lifts it", async function () {
    expect(await runFailing(["stake", "unstake"], { amount: "200", account: STAKER })).to.equal(
      `${staker()} is a registered compute provider: unstaking 200.0 OPEN would leave 900.0 OPEN, below its minimum ` +
        "of 1000.0 OPEN (run `stake deregister` first)",
    );
    expect(await runFailing(["stake", "unstake"], { amount: "2000", account: STAKER })).to.equal(
      `${staker()} has 1100.0 OPEN active stake, less than the 2000.0 OPEN requested`,
    );
    const run = await runTask(["stake", "deregister"], { account: STAKER, json: true });
    expect(run.json()).to.include({ role: "compute" });
    expect(await p.staking.operatorRole(staker())).to.equal(0n);
    expect(await runFailing(["stake", "deregister"], { account: STAKER })).to.equal(
      `${staker()} is not a registered operator`,
    );
  });

  it("withdraw refuses with nothing unbonding", async function () {
    expect(await runFailing(["stake", "withdraw"], { account: STAKER })).to.equal(
      `${staker()} has nothing unbonding (request with \`stake unstake\`)`,
    );
  });

  it("unstake all starts the cooldown; withdraw waits for it, then pays the whole bucket", async function () {
    const run = await runTask(["stake", "unstake"], { amount: "all", account: STAKER, json: true });
    const out = run.json<{ amount: string; unbonding: string; releaseTime: string }>();
    expect(out.amount).to.equal((1100n * OPEN).toString());
    const [unbonding, releaseTime] = await p.staking.unbonding(staker());
    expect(unbonding).to.equal(1100n * OPEN);
    expect(out.releaseTime).to.equal(releaseTime.toString());
    expect(await p.staking.getVotes(staker())).to.equal(0n);

    const early = await runFailing(["stake", "withdraw"], { account: STAKER });
    const now = BigInt(await p.time.latest());
    expect(early).to.equal(`1100.0 OPEN unbonding, withdrawable from ${formatWhen(releaseTime, now)}`);
    expect(early).to.match(/from \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in 14d\)$/);
    await p.time.increaseTo(releaseTime);
    const before = await p.wopen.balanceOf(staker());
    const done = await runTask(["stake", "withdraw"], { account: STAKER, json: true });
    expect(done.json()).to.include({ amount: (1100n * OPEN).toString() });
    expect((await p.wopen.balanceOf(staker())) - before).to.equal(1100n * OPEN);
    expect(await runFailing(["stake", "unstake"], { amount: "all", account: STAKER })).to.equal(
      `${staker()} has no active stake`,
    );
  });

  it("rewards: refused with nothing to claim, then pays the exact staker share of a payment", async function () {
    const operator = p.signers[6]; // staked 1000 as a compute provider by registerModel
    const modelId = await registerModel(p, p.signers[5], operator, OPEN);
    await runTask(["stake", "stake"], { amount: "1000", wrap: true, account: STAKER });
    expect(await runFailing(["stake", "rewards"], { account: STAKER })).to.equal(
      `${staker()} has no staker rewards to claim`,
    );
    // 100 OPEN paid: 5% (5 OPEN) to stakers, shared by 2,000 OPEN of active stake: 2.5 OPEN for the staker's 1,000.
    await runTask(["infer", "pay"], { model: modelId.toString(), units: "100", request: "r", wrap: true, account: 4 });
    expect(await p.payments.stakerAccrued()).to.equal(5n * OPEN);
    const before = await p.wopen.balanceOf(staker());
    const run = await runTask(["stake", "rewards"], { account: STAKER, json: true });
    expect(run.json()).to.include({ amount: ((25n * OPEN) / 10n).toString() });
    expect((await p.wopen.balanceOf(staker())) - before).to.equal((25n * OPEN) / 10n);
    expect(await pendingRewards(p.staking, operator.address)).to.equal((25n * OPEN) / 10n);
  });

  it("show reports stake, role, votes and rewards", async function () {
    const operator = p.signers[6].address;
    const run = await runTask(["stake", "show"], { address: operator, json: true });
    expect(run.json()).to.deep.include({
      account: operator,
      activeStake: (1000n * OPEN).toString(),
      role: "compute",
      pendingRewards: ((25n * OPEN) / 10n).toString(),
      unbonding: "0",
    });
    const human = await runTask(["stake", "show"], { account: STAKER });
    expect(human.stdout).to.contain("active stake 1000.0 OPEN; role none");
  });
});
