import { writeFileSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";
import { HDNodeWallet } from "ethers";

import { deployWithTask } from "../helpers/run-task.js";
import { OPEN, protocolAt, type ProtocolAt } from "../helpers/task-protocol.js";
import { runFailing, runJson, runTask, temporaryDirectory } from "./task-harness.js";

/** Hardhat's default accounts: this mnemonic, path m/44'/60'/0'/0/i. */
const MNEMONIC = "test test test test test test test test test test test junk";
const KEY_VARIABLE = "OPENLEDGER_TEST_GOV_PROPOSER_KEY";

interface Transaction {
  to: string;
  data: string;
  value: string;
}

/**
 * Signers of the `gov` tasks other than `--account`: a private key held by a configuration variable
 * (`--private-key-var`), and `--calldata`, which prints the transaction for another signer (a Safe, a hardware wallet)
 * to send. Accounts: 15 and 16 stake 20,000 OPEN each and delegate to themselves; 17 has no votes.
 */
describe("tasks: gov signers and --calldata", function () {
  let p: ProtocolAt;
  let contracts: Record<string, string>;
  let dir: string;
  const addr = (i: number) => p.signers[i].address;

  before(async function () {
    const { deployment } = await deployWithTask();
    contracts = deployment.contracts;
    p = await protocolAt(deployment);
    dir = temporaryDirectory("openledger-gov-signers-");
    for (const account of [15, 16]) {
      await p.connection.networkHelpers.setBalance(addr(account), 30_000n * OPEN);
      await runTask(["stake", "stake"], { amount: "20000", wrap: true, account });
      await runTask(["stake", "delegate"], { account });
    }
  });
  afterEach(() => {
    delete process.env[KEY_VARIABLE];
  });

  function proposalFile(name: string, bps: number, description: string): string {
    const file = path.join(dir, name);
    writeFileSync(
      file,
      JSON.stringify({
        description,
        actions: [{ contract: "InferencePayments", function: "setStakerFeeBps(uint16)", args: [bps] }],
      }),
    );
    return file;
  }

  it("--private-key-var signs with the key a configuration variable holds", async function () {
    const file = proposalFile("by-key.json", 600, "Staker fee 6%, proposed with a key");
    // Not in the environment: the keystore plugin is asked and says why not, in one line naming the variable. Which
    // of the two lines depends on whether this machine has a development keystore at all (a fresh CI machine has none).
    expect(await runFailing(["gov", "propose"], { file, privateKeyVar: KEY_VARIABLE })).to.match(
      new RegExp(
        `^--private-key-var: ${KEY_VARIABLE} (is not an environment variable, and the keystore says: .*${KEY_VARIABLE}.*` +
          `|is neither an environment variable nor in the keystore \\(\`npx hardhat keystore set ${KEY_VARIABLE}\`\\))$`,
      ),
    );
    process.env[KEY_VARIABLE] = "not a key";
    expect(await runFailing(["gov", "propose"], { file, privateKeyVar: KEY_VARIABLE })).to.equal(
      `--private-key-var: ${KEY_VARIABLE} does not hold a private key (32 bytes in hex)`,
    );
    expect(await runFailing(["gov", "propose"], { file, privateKeyVar: "lower-case" })).to.equal(
      '--private-key-var: "lower-case" is not a configuration variable name (A-Z, 0-9, _)',
    );
    const wallet = HDNodeWallet.fromPhrase(MNEMONIC, undefined, "m/44'/60'/0'/0/15");
    expect(wallet.address).to.equal(addr(15));
    process.env[KEY_VARIABLE] = wallet.privateKey;
    expect(await runFailing(["gov", "propose"], { file, privateKeyVar: KEY_VARIABLE, account: 3 })).to.equal(
      "give either --account or --private-key-var, not both",
    );
    const out = await runJson<{ id: string; proposer: string }>(["gov", "propose"], {
      file,
      privateKeyVar: KEY_VARIABLE,
    });
    expect(out.proposer).to.equal(addr(15));
    expect(await p.governor.proposalProposer(BigInt(out.id))).to.equal(addr(15));
  });

  it("--calldata prints {to, data, value}; sent by other signers it proposes, votes, queues and executes", async function () {
    const file = proposalFile("by-safe.json", 800, "Staker fee 8%, through a Safe");
    const { id } = await runJson<{ id: string }>(["gov", "propose"], { file, dryRun: true });
    const printed = async (task: string, args: Record<string, unknown> = {}): Promise<Transaction> => {
      const block = await p.ethers.provider.getBlockNumber();
      const tx = await runJson<Transaction>(["gov", task], { file, calldata: true, ...args });
      expect(Object.keys(tx)).to.deep.equal(["to", "data", "value"]);
      expect(tx.to).to.equal(contracts.OpenGovernor);
      expect(tx.value).to.equal("0");
      expect(await p.ethers.provider.getBlockNumber(), `${task} sent nothing`).to.equal(block);
      return tx;
    };
    const send = async (account: number, tx: Transaction) =>
      (await p.signers[account].sendTransaction({ to: tx.to, data: tx.data, value: BigInt(tx.value) })).wait();

    // Account 16 (a stand-in for a Safe) proposes: the proposal the file describes, with 16 as its proposer.
    await send(16, await printed("propose"));
    expect(await p.governor.proposalProposer(BigInt(id))).to.equal(addr(16));
    expect(await runFailing(["gov", "propose"], { file, calldata: true })).to.equal(
      `this proposal already exists: ${id} (Pending)`,
    );
    await p.time.increaseTo((await p.governor.proposalSnapshot(BigInt(id))) + 1n);
    const vote = await printed("vote", { support: "for", reason: "signed elsewhere" });
    await send(15, vote);
    expect(await p.governor.hasVoted(BigInt(id), addr(15))).to.equal(true);
    expect((await p.governor.proposalVotes(BigInt(id)))[1]).to.equal(20_000n * OPEN);
    await p.time.increaseTo((await p.governor.proposalDeadline(BigInt(id))) + 1n);
    await send(17, await printed("queue"));
    expect(await p.governor.state(BigInt(id))).to.equal(5n);
    await p.time.increaseTo(await p.governor.proposalEta(BigInt(id)));
    await send(17, await printed("execute"));
    expect(await p.governor.state(BigInt(id))).to.equal(7n);
    expect(await p.payments.stakerFeeBps()).to.equal(800n);
  });

  it("--calldata still refuses what would revert, and takes no key", async function () {
    const file = proposalFile("too-high.json", 2500, "Staker fee 25%");
    expect(await runFailing(["gov", "propose"], { file, calldata: true })).to.equal(
      "action 1 (InferencePayments.setStakerFeeBps(uint16)(2500)) would revert when the timelock executes it: " +
        'ProtocolParameterOutOfBounds(parameter "stakerFeeBps", value 2500, min 0, max 2000)',
    );
    process.env[KEY_VARIABLE] = HDNodeWallet.fromPhrase(MNEMONIC, undefined, "m/44'/60'/0'/0/15").privateKey;
    expect(await runFailing(["gov", "queue"], { file, calldata: true, privateKeyVar: KEY_VARIABLE })).to.equal(
      "--calldata sends nothing, so it takes no --private-key-var",
    );
    expect(await runFailing(["gov", "propose"], { file, calldata: true, dryRun: true })).to.equal(
      "give either --dry-run or --calldata, not both",
    );
  });
});
