/**
 * Flow: the local-node walkthrough (docs/walkthrough.md), exactly as written. A `hardhat node` child process listens
 * on a free loopback port; every `npx hardhat ...` line of the page's `sh` blocks (but the node itself) runs in order
 * as a `node_modules/.bin/hardhat ...` child process against it, with three changes that keep the repository clean:
 * OPENLEDGER_RPC_URL points the `localhost` network at the test's node, OPENLEDGER_DEPLOYMENTS_DIR moves
 * deployments/31337.json to a temporary directory, and the content store, the oracle state and every `.openledger/`
 * path live in that directory too (`--store`/`--state` added to the tasks that take them). `--json` is added to every
 * task so that each step's result can be checked. It ends with Alice's claim, whose payout must be her amount in the
 * oracle's proofs file, paid by the RewardDistributor, and a governance proposal that lowers the protocol fee, from
 * its example file to execution (the simulation of `gov propose` runs on an in-process fork of the node).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { Contract, JsonRpcProvider, parseUnits } from "ethers";
import hre from "hardhat";

import { childEnv, HARDHAT, runCommand, startLocalNode, type LocalNode } from "../helpers/local-node.js";

const WALKTHROUGH = path.join("docs", "walkthrough.md");
const ALICE = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
const BOB = "0x976EA74026E726554dB657fA54763abd0C3a0aa9";

/** A command of the page: its line, and its arguments after `npx hardhat`. */
interface Step {
  line: string;
  args: string[];
  /** The task id (`["oracle", "epoch"]`). */
  id: string[];
}

/** Splits a command line into words: whitespace-separated, "double quotes" group (no escapes in the page). */
function words(line: string): string[] {
  const out: string[] = [];
  for (const match of line.matchAll(/"([^"]*)"|(\S+)/g)) out.push(match[1] ?? match[2]);
  return out;
}

/** Every `npx hardhat` command in the page's `sh` blocks, in order, without the node itself. */
function walkthroughSteps(): Step[] {
  const text = readFileSync(WALKTHROUGH, "utf8");
  const steps: Step[] = [];
  for (const block of text.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const line of block[1].split("\n")) {
      if (!line.startsWith("npx hardhat ")) continue;
      const args = words(line).slice(2);
      const id = args.filter((arg, k) => !arg.startsWith("--") && args[k - 1] !== "--network").slice(0, 2);
      if (id[0] === "node") continue;
      steps.push({ line, args, id });
    }
  }
  return steps;
}

describe("flow: the local-node walkthrough of docs/walkthrough.md, command by command", function () {
  // About 60 Hardhat processes in a row (the governance steps added 10): ~2 minutes alone, far more on a busy machine.
  this.timeout(360_000);
  let node: LocalNode | undefined;
  let directory: string;
  let rpcUrl: string;

  before(async function () {
    directory = mkdtempSync(path.join(tmpdir(), "ol-walkthrough-"));
    node = await startLocalNode();
    rpcUrl = node.rpcUrl;
  });

  after(function () {
    node?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it("runs every command of the page: Alice's claim of her attribution rewards, then a fee change by governance", async function () {
    const steps = walkthroughSteps();
    expect(steps[0].id).to.deep.equal(["protocol", "deploy"]);
    expect(steps.filter((step) => step.id[0] === "rewards").at(-1)!.id).to.deep.equal(["rewards", "claim"]);
    expect(steps.at(-1)!.id).to.deep.equal(["gov", "status"]);
    const env = childEnv({
      OPENLEDGER_RPC_URL: rpcUrl,
      OPENLEDGER_DEPLOYMENTS_DIR: path.join(directory, "deployments"),
    });
    const results: { step: Step; json: Record<string, unknown> }[] = [];
    for (const step of steps) {
      const task = hre.tasks.getTask(step.id);
      const args = step.args.map((arg) => (arg.startsWith(".openledger/") ? path.join(directory, arg.slice(12)) : arg));
      if (task.options.has("store")) args.push("--store", path.join(directory, "content"));
      if (task.options.has("state")) args.push("--state", path.join(directory, "oracle"));
      if (task.options.has("json")) args.push("--json");
      const result = await runCommand(HARDHAT, args, env);
      expect(result.code, `${step.line}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`).to.equal(0);
      expect(result.stderr, step.line).to.equal("");
      results.push({ step, json: JSON.parse(result.stdout) as Record<string, unknown> });
    }
    const of = (group: string, name: string) =>
      results.filter((r) => r.step.id[0] === group && r.step.id[1] === name).map((r) => r.json);

    // Every payment landed in epoch 0; the voucher was redeemed.
    expect(of("infer", "pay").map((json) => json.epoch)).to.deep.equal(["0", "0", "0"]);
    expect(of("infer", "redeem")).to.have.length(1);
    // Oracle A attests alone (half the stake), B completes the quorum, the window passes, A finalizes.
    const epochs = of("oracle", "epoch") as { action: string; status: string; reportHash: string }[];
    expect(epochs.map((e) => [e.action, e.status])).to.deep.equal([
      ["attested", "open"],
      ["attested", "accepted"],
      ["finalized-now", "finalized"],
    ]);
    expect(new Set(epochs.map((e) => e.reportHash)).size).to.equal(1);
    const [status] = of("oracle", "status") as { epochs: { status: string }[] }[];
    expect(status.epochs[0].status).to.equal("accepted");

    // The pool of 4 inferences at 1 OPEN (90% after fees, 30% to contributors) went to Alice and Bob only.
    const finalized = epochs[2] as unknown as { proofsFile: string; cumulativeTotal: string };
    expect(finalized.cumulativeTotal).to.equal(parseUnits("1.08").toString());
    const proofs = JSON.parse(readFileSync(finalized.proofsFile, "utf8")) as Record<string, { amount: string }>;
    expect(Object.keys(proofs).sort()).to.deep.equal([ALICE, BOB].sort());

    // Alice claims exactly her amount, paid by the RewardDistributor.
    const [claim] = of("rewards", "claim") as { account: string; paid: string }[];
    expect(claim.account).to.equal(ALICE);
    expect(claim.paid).to.equal(proofs[ALICE].amount);
    expect(BigInt(claim.paid)).to.be.greaterThan(0n);
    const deployment = JSON.parse(readFileSync(path.join(directory, "deployments", "31337.json"), "utf8")) as {
      contracts: Record<string, string>;
    };
    const provider = new JsonRpcProvider(rpcUrl, 31337, { staticNetwork: true });
    const distributor = new Contract(
      deployment.contracts.RewardDistributor,
      ["function claimed(address) view returns (uint256)"],
      provider,
    );
    const wopen = new Contract(
      deployment.contracts.WOPEN,
      ["function balanceOf(address) view returns (uint256)"],
      provider,
    );
    expect(await distributor.claimed(ALICE)).to.equal(BigInt(claim.paid));
    expect(await wopen.balanceOf(ALICE)).to.equal(BigInt(claim.paid));

    // Governance: the dry run and the proposal simulated on an in-process fork of the node; the fee is now 3%.
    const proposals = of("gov", "propose") as {
      id: string;
      dryRun?: boolean;
      simulation: { ok: boolean; method: string };
    }[];
    expect(proposals.map((p) => [p.dryRun === true, p.simulation.ok, p.simulation.method])).to.deep.equal([
      [true, true, "fork"],
      [false, true, "fork"],
    ]);
    expect(proposals[1].id).to.equal(proposals[0].id);
    const [govStatus] = of("gov", "status") as { id: string; state: string }[];
    expect(govStatus).to.deep.include({ id: proposals[0].id, state: "Executed" });
    const payments = new Contract(
      deployment.contracts.InferencePayments,
      ["function protocolFeeBps() view returns (uint16)"],
      provider,
    );
    expect(await payments.protocolFeeBps()).to.equal(300n);
    provider.destroy();
  });
});
