import { expect } from "chai";
import { HDNodeWallet } from "ethers";

import { deployWithTask } from "../helpers/run-task.js";
import { OPEN, protocolAt, type ProtocolAt } from "../helpers/task-protocol.js";
import { runFailing, runJson, runTask } from "./task-harness.js";

/** Hardhat's default accounts: this mnemonic, path m/44'/60'/0'/0/i. */
const MNEMONIC = "test test test test test test test test test test test junk";
const KEY_VARIABLE = "OPENLEDGER_TEST_STAKER_KEY";

interface Transaction {
  to: string;
  data: string;
  value: string;
}

/**
 * Signers of every write task (decision 0531), beyond `--account`: `--private-key-var` and `--calldata`, which prints
 * the first transaction the task would send, checked as if `--account` sent it. Account 18 acts; nobody else signs.
 */
describe("tasks: signers of the write tasks", function () {
  let p: ProtocolAt;
  const addr = (i: number) => p.signers[i].address;

  before(async function () {
    const { deployment } = await deployWithTask();
    p = await protocolAt(deployment);
    await p.connection.networkHelpers.setBalance(addr(18), 1_000n * OPEN);
  });
  afterEach(() => {
    delete process.env[KEY_VARIABLE];
  });

  /** Runs a task with --calldata and returns the transaction it printed. */
  async function printed(id: string[], args: Record<string, unknown>): Promise<Transaction> {
    const run = await runTask(id, { ...args, calldata: true });
    expect(run.stderr, run.stderr).to.equal("");
    expect(run.exitCode).to.equal(undefined);
    const tx = run.json<Transaction>();
    expect(Object.keys(tx).sort()).to.deep.equal(["data", "to", "value"]);
    return tx;
  }

  it("--calldata prints each transaction of `stake stake` in turn; sent by the account, they stake", async function () {
    const args = { amount: "100", wrap: true, account: 18 };
    const sendAs18 = async (tx: Transaction) =>
      (await p.signers[18].sendTransaction({ to: tx.to, data: tx.data, value: BigInt(tx.value) })).wait();
    // 1. wrap the native OPEN (WOPEN.deposit with value), 2. approve the staking contract, 3. stake.
    const wrap = await printed(["stake", "stake"], args);
    expect([wrap.to, wrap.value, wrap.data]).to.deep.equal([
      await p.wopen.getAddress(),
      (100n * OPEN).toString(),
      p.wopen.interface.encodeFunctionData("deposit"),
    ]);
    expect(await p.wopen.balanceOf(addr(18))).to.equal(0n);
    await sendAs18(wrap);
    const approve = await printed(["stake", "stake"], args);
    expect(approve.data).to.equal(
      p.wopen.interface.encodeFunctionData("approve", [await p.staking.getAddress(), 100n * OPEN]),
    );
    await sendAs18(approve);
    const stake = await printed(["stake", "stake"], args);
    expect([stake.to, stake.data]).to.deep.equal([
      await p.staking.getAddress(),
      p.staking.interface.encodeFunctionData("stake", [100n * OPEN]),
    ]);
    expect(await p.staking.activeStake(addr(18))).to.equal(0n);
    await sendAs18(stake);
    expect(await p.staking.activeStake(addr(18))).to.equal(100n * OPEN);
  });

  it("--calldata refuses what the task refuses without it, and prints nothing", async function () {
    const sent = await runFailing(["stake", "withdraw"], { account: 18 });
    const run = await runTask(["stake", "withdraw"], { account: 18, calldata: true });
    expect([run.stdout, run.stderr.trim(), run.exitCode]).to.deep.equal(["", `error: ${sent}`, 1]);
  });

  it("--private-key-var signs any write task with the key a configuration variable holds", async function () {
    process.env[KEY_VARIABLE] = HDNodeWallet.fromPhrase(MNEMONIC, undefined, "m/44'/60'/0'/0/18").privateKey;
    expect(await p.staking.delegates(addr(18))).to.equal(p.ethers.ZeroAddress);
    await runJson(["stake", "delegate"], { privateKeyVar: KEY_VARIABLE });
    expect(await p.staking.delegates(addr(18))).to.equal(addr(18));
    expect(await runFailing(["stake", "delegate"], { privateKeyVar: KEY_VARIABLE, account: 3 })).to.equal(
      "give either --account or --private-key-var, not both",
    );
    expect(await runFailing(["stake", "delegate"], { privateKeyVar: KEY_VARIABLE, calldata: true })).to.equal(
      "--calldata sends nothing, so it takes no --private-key-var",
    );
  });
});
