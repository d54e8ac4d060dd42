import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { getAddress } from "ethers";

import { buildRewardsTree, type RewardsTree } from "../../src/rewards/tree.js";
import { formatWhen } from "../../tasks/lib/time.js";
import { deployWithTask, runFailing, runTask } from "../helpers/run-task.js";
import { OPEN, protocolAt, registerModel, type ProtocolAt } from "../helpers/task-protocol.js";
import { acceptedReport } from "../helpers/attribution.js";

const DAY = 86_400n;

/**
 * The proofs file as the oracle node publishes it (src/oracle on branch oracle-node, `proofsDocument`): canonical
 * JSON, keys sorted, `{ "<checksummed account>": { "amount": "<decimal>", "proof": [...] } }`.
 */
function writeProofsFile(file: string, tree: RewardsTree): void {
  const entries = [...tree.entries()].sort((a, b) => (getAddress(a.account) < getAddress(b.account) ? -1 : 1));
  const doc: Record<string, { amount: string; proof: string[] }> = {};
  for (const e of entries) doc[getAddress(e.account)] = { amount: e.cumulativeAmount.toString(), proof: e.proof };
  writeFileSync(file, JSON.stringify(doc, null, 2) + "\n");
}

/**
 * `rewards` tasks against a protocol deployed by `protocol deploy`, with a real finalized attribution root: a payment
 * funds epoch 0's attribution pool, a staked attribution oracle (staked and registered with the `stake` tasks)
 * attests the cumulative tree, the challenge window passes and the epoch is finalized. The tests run in order.
 * Accounts: 1 model owner, 2 operator, 5 payer, 8 oracle, 10/11/12 contributors A/B/C, 13 B's chosen recipient,
 * 14 relayer, 15 has no rewards.
 */
describe("tasks: rewards", function () {
  let p: ProtocolAt;
  let dir: string;
  let proofs: string;
  let tree: RewardsTree;
  const addr = (i: number) => p.signers[i].address;
  const [A, B, C] = [10, 11, 12];
  const amounts = { [A]: 10n * OPEN, [B]: 7n * OPEN, [C]: 5n * OPEN };

  before(async function () {
    const { deployment } = await deployWithTask();
    p = await protocolAt(deployment);
    dir = mkdtempSync(path.join(tmpdir(), "openledger-proofs-"));
    const modelId = await registerModel(p, p.signers[1], p.signers[2], OPEN);
    // 100 OPEN paid in epoch 0: 90 after fees, 30% (27 OPEN) into the model's attribution pool.
    await runTask(["infer", "pay"], { model: modelId.toString(), units: "100", request: "q", wrap: true, account: 5 });
    expect(await p.payments.totalAttributionFunded()).to.equal(27n * OPEN);
    await p.connection.networkHelpers.setBalance(addr(8), 20_000n * OPEN);
    await runTask(["stake", "stake"], { amount: "10000", wrap: true, account: 8 });
    const registered = await runTask(["stake", "register"], { role: "oracle", account: 8 });
    expect(registered.exitCode).to.equal(undefined);

    tree = buildRewardsTree(new Map([A, B, C].map((i) => [addr(i), amounts[i]])));
    proofs = path.join(dir, "0.json");
    writeProofsFile(proofs, tree);
  });

  async function finalizeEpoch0() {
    const genesis = await p.payments.epochGenesis();
    await p.time.increaseTo(genesis + DAY + 6n * 3_600n);
    await p.oracle.connect(p.signers[8]).attest({
      epoch: 0n,
      cumulativeRewardsRoot: tree.root,
      cumulativeTotal: tree.total,
      attributionRoot: "0x" + "ab".repeat(32),
      dataURI: "ipfs://epoch-0",
    });
    await p.time.increase(DAY);
    await p.oracle.finalize(await acceptedReport(p.oracle, 0n));
    expect(await p.distributor.merkleRoot()).to.equal(tree.root);
  }

  it("claimable refuses before any epoch is finalized", async function () {
    expect(await runFailing(["rewards", "claimable"], { proofs, account: A })).to.equal(
      "no attribution root is live yet: no epoch has been finalized",
    );
    await finalizeEpoch0();
  });

  it("claimable: cumulative amount from the proofs file minus claimed, checked against the live root", async function () {
    const run = await runTask(["rewards", "claimable"], { proofs, account: A, json: true });
    expect(run.json()).to.deep.equal({
      account: addr(A),
      root: tree.root,
      epoch: "0",
      cumulative: (10n * OPEN).toString(),
      claimed: "0",
      claimable: (10n * OPEN).toString(),
      inProofs: true,
    });
    const human = await runTask(["rewards", "claimable"], { proofs, address: addr(B) });
    expect(human.stdout).to.equal(
      `${addr(B)} can claim 7.0 OPEN (earned 7.0 OPEN in all up to epoch 0, claimed 0.0 OPEN)`,
    );
    const absent = await runTask(["rewards", "claimable"], { proofs, address: addr(15), json: true });
    expect(absent.exitCode).to.equal(undefined);
    expect(absent.json()).to.include({ claimable: "0", inProofs: false });
  });

  it("claimable refuses proofs of another root, malformed and missing files", async function () {
    const stale = path.join(dir, "stale.json");
    writeProofsFile(stale, buildRewardsTree(new Map([[addr(A), OPEN]])));
    const message = await runFailing(["rewards", "claimable"], { proofs: stale, account: A });
    expect(message).to.match(
      new RegExp(
        `^the proof of ${addr(A)} in ${stale} leads to root 0x[0-9a-f]{64}, not the distributor's live root ` +
          `${tree.root} \\(epoch 0\\): use the proofs of epoch 0$`,
      ),
    );
    const malformed = path.join(dir, "malformed.json");
    writeFileSync(malformed, JSON.stringify({ [addr(A)]: { amount: 5, proof: [] } }));
    expect(await runFailing(["rewards", "claimable"], { proofs: malformed, account: A })).to.equal(
      `--proofs: ${malformed} has a malformed entry for "${addr(A)}" (expected {amount, proof})`,
    );
    expect(await runFailing(["rewards", "claimable"], { proofs: path.join(dir, "none.json") })).to.equal(
      `--proofs: ${path.join(dir, "none.json")} cannot be read`,
    );
    expect(await runFailing(["rewards", "claimable"], {})).to.equal(
      "--proofs is required (the oracle node's proofs/<epoch>.json)",
    );
  });

  it("claim pays the account exactly its claimable amount once", async function () {
    const before = await p.wopen.balanceOf(addr(A));
    const run = await runTask(["rewards", "claim"], { proofs, account: A, json: true });
    expect(run.json()).to.include({ account: addr(A), paid: (10n * OPEN).toString() });
    expect((await p.wopen.balanceOf(addr(A))) - before).to.equal(10n * OPEN);
    expect(await p.distributor.claimed(addr(A))).to.equal(10n * OPEN);
    expect(await runFailing(["rewards", "claim"], { proofs, account: A })).to.equal(
      `${addr(A)} has nothing to claim: it already claimed 10.0 OPEN of 10.0 OPEN`,
    );
    expect(await runFailing(["rewards", "claim"], { proofs, account: 15 })).to.equal(
      `${addr(15)} has no entry in ${proofs}: nothing to claim`,
    );
  });

  it("authorize + claim-for --authorization: a relayer submits B's claim, paid where B authorized", async function () {
    const file = path.join(dir, "auth-b.json");
    const signed = await runTask(["rewards", "authorize"], { proofs, to: addr(13), out: file, account: B, json: true });
    expect(signed.json()).to.include({ account: addr(B), to: addr(13), nonce: "0", claimable: (7n * OPEN).toString() });
    const doc = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    expect(doc).to.include({ format: "openledger-claim-authorization-v1", cumulativeAmount: (7n * OPEN).toString() });

    const tampered = path.join(dir, "auth-tampered.json");
    writeFileSync(tampered, JSON.stringify({ ...doc, to: addr(14) }));
    expect(await runFailing(["rewards", "claim-for"], { authorization: tampered, account: 14 })).to.match(
      new RegExp(`^the authorization is signed by 0x[0-9a-fA-F]{40}, not by ${addr(B)}$`),
    );

    const before = await p.wopen.balanceOf(addr(13));
    const run = await runTask(["rewards", "claim-for"], { authorization: file, account: 14, json: true });
    expect(run.json()).to.include({
      mode: "authorization",
      account: addr(B),
      to: addr(13),
      paid: (7n * OPEN).toString(),
    });
    expect((await p.wopen.balanceOf(addr(13))) - before).to.equal(7n * OPEN);
    expect(await p.distributor.claimed(addr(B))).to.equal(7n * OPEN);
    expect(await runFailing(["rewards", "claim-for"], { authorization: file, account: 14 })).to.equal(
      "the authorization was already used or superseded (nonce 0, now 1)",
    );
  });

  it("claim-for refuses an expired authorization and mixed modes", async function () {
    const file = path.join(dir, "auth-c.json");
    await runTask(["rewards", "authorize"], { proofs, to: addr(13), validFor: 60, out: file, account: C });
    const deadline = BigInt((JSON.parse(readFileSync(file, "utf8")) as { deadline: string }).deadline);
    await p.time.increase(120);
    const now = BigInt(await p.time.latest());
    expect(await runFailing(["rewards", "claim-for"], { authorization: file, account: 14 })).to.equal(
      `the authorization expired at ${formatWhen(deadline, now)}`,
    );
    expect(await runFailing(["rewards", "claim-for"], { authorization: file, all: true, account: 14 })).to.equal(
      "--authorization cannot be combined with --accounts/--all",
    );
    expect(await runFailing(["rewards", "claim-for"], { proofs, account: 14 })).to.equal(
      "give --accounts a,b,... or --all (batch mode), or --authorization FILE",
    );
    expect(await runFailing(["rewards", "authorize"], { proofs, to: addr(13), account: A })).to.equal(
      `${addr(A)} has nothing to claim: it already claimed 10.0 OPEN of 10.0 OPEN`,
    );
    expect(await p.distributor.claimed(addr(C))).to.equal(0n);
  });

  it("claim-for --accounts refuses an account without an entry", async function () {
    expect(
      await runFailing(["rewards", "claim-for"], { proofs, accounts: `${addr(C)},${addr(15)}`, account: 14 }),
    ).to.equal(`--accounts: ${addr(15)} has no entry in ${proofs}`);
  });

  it("claim-for --all batches what is left and skips accounts that claimed everything", async function () {
    const before = await p.wopen.balanceOf(addr(C));
    // C first has its rewards paid to account 15 (issue 14, hole 3): the relayer's batch pays there.
    const set = await runTask(["rewards", "set-recipient"], { to: addr(15), account: C, json: true });
    expect(set.json()).to.deep.include({ account: addr(C), recipient: addr(15) });
    expect(await runFailing(["rewards", "set-recipient"], { to: addr(15), account: C })).to.equal(
      `${addr(C)}'s rewards are already paid to ${addr(15)}`,
    );
    expect(await runFailing(["rewards", "set-recipient"], { to: "x", account: C })).to.equal(
      '--to: "x" is not an address',
    );
    const before15 = await p.wopen.balanceOf(addr(15));
    const run = await runTask(["rewards", "claim-for"], { proofs, all: true, batchSize: 1, account: 14, json: true });
    const out = run.json<{ total: string; claims: unknown[]; skipped: string[]; transactions: string[] }>();
    expect(out.total).to.equal((5n * OPEN).toString());
    expect(out.claims).to.deep.equal([
      { account: addr(C), to: addr(15), cumulative: (5n * OPEN).toString(), paid: (5n * OPEN).toString() },
    ]);
    expect((await p.wopen.balanceOf(addr(15))) - before15).to.equal(5n * OPEN);
    await runTask(["rewards", "set-recipient"], { to: "self", account: C });
    expect(await p.distributor.rewardRecipient(addr(C))).to.equal(addr(C));
    expect([...out.skipped].sort()).to.deep.equal([addr(A), addr(B)].sort());
    expect(out.transactions).to.have.length(1);
    expect(await p.wopen.balanceOf(addr(C))).to.equal(before);
    expect(await p.distributor.totalClaimed()).to.equal(22n * OPEN);
    expect(await runFailing(["rewards", "claim-for"], { proofs, all: true, account: 14 })).to.equal(
      "nothing to claim: the 3 account(s) selected already claimed everything",
    );
  });
});
