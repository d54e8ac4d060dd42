/**
 * The SDK (src/sdk/, shipped as @openledger/sdk) against the protocol deployed by `protocol deploy` on the in-process
 * chain: every action with an ethers v6 signer, the payment and voucher path again with viem clients, decoded
 * reverts (a protocol error and an OpenZeppelin error raised by WOPEN inside an InferencePayments call), and
 * `getClaim` on a report finalized by staked oracles, whose proof the RewardDistributor accepts.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { ZeroHash, id as keccakId, keccak256, toUtf8Bytes } from "ethers";
import { createPublicClient, createWalletClient, custom, type EIP1193Provider } from "viem";

import {
  approveAsset,
  claim,
  ClaimDataError,
  ContentUnavailableError,
  contribute,
  createClient,
  createDatanet,
  decodeRevert,
  delegate,
  depositEscrow,
  ethersTransport,
  fundAgent,
  getClaim,
  OpenLedgerError,
  OperatorRole,
  pay,
  payFromAgent,
  publishVersion,
  redeemVouchers,
  registerAgent,
  registerModel,
  reviewContributions,
  signVoucher,
  stake,
  viemTransport,
  type OpenLedgerClient,
} from "../../src/sdk/index.js";
import { addressBook } from "../../src/protocol/index.js";
import { buildRewardsTree } from "../../src/rewards/tree.js";
import { LocalContentStore } from "../../src/storage/index.js";
import { deployWithTask } from "../helpers/run-task.js";
import { OPEN, protocolAt, stakeDirect, type ProtocolAt } from "../helpers/task-protocol.js";
import { acceptedReport } from "../helpers/attribution.js";

const DAY = 86_400;

/** The error a promise rejects with; fails the test when it resolves. */
async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a rejection");
}

describe("SDK (ethers v6 and viem) against the deployed protocol", function () {
  this.timeout(300_000);
  let p: ProtocolAt;
  let deployment: Awaited<ReturnType<typeof deployWithTask>>["deployment"];
  let contentDir: string;
  let owner: ProtocolAt["signers"][number];
  let operator: ProtocolAt["signers"][number];
  let payer: ProtocolAt["signers"][number];
  let alice: ProtocolAt["signers"][number];
  let ownerClient: OpenLedgerClient;
  let modelId: bigint;

  const clientOf = (signer: ProtocolAt["signers"][number]) =>
    createClient({ transport: ethersTransport(signer), deployment });

  const viemClientOf = (account: string) => {
    const provider = p.connection.provider as unknown as EIP1193Provider;
    return createClient({
      transport: viemTransport({
        publicClient: createPublicClient({ transport: custom(provider) }),
        walletClient: createWalletClient({ account: account as `0x${string}`, transport: custom(provider) }),
      }),
      deployment,
    });
  };

  before(async function () {
    ({ deployment } = await deployWithTask());
    p = await protocolAt(deployment);
    [, owner, operator, payer, alice] = p.signers;
    contentDir = mkdtempSync(path.join(tmpdir(), "openledger-sdk-content-"));
    for (const account of [owner, payer, alice]) {
      await p.wopen.connect(account).deposit({ value: 1_000n * OPEN });
    }
    await stakeDirect(p, operator, await p.staking.minOperatorStake(OperatorRole.ComputeProvider), 2);
    ownerClient = await clientOf(owner);
  });

  after(async function () {
    rmSync(contentDir, { recursive: true, force: true });
    // The in-process chain is shared with the task tests: give back the native OPEN this file wrapped and staked.
    for (const signer of p.signers) await p.connection.networkHelpers.setBalance(signer.address, 10_000n * OPEN);
  });

  it("refuses a deployment of another chain, and finds the address book's one by chain id", async function () {
    const refused = await failure(
      createClient({ transport: ethersTransport(owner), deployment: { ...deployment, chainId: "1" } }),
    );
    expect(refused.message).to.equal("the deployment is for chain 1 but the transport is on chain 31337");
    // Without a deployment the client takes the address book's entry of the transport's chain (31337: the documented
    // local deployment). Its addresses equal this file's deployment only on a fresh chain, and the in-process chain is
    // shared with the task tests, so the entry itself is what is compared.
    const fromBook = await createClient({ transport: ethersTransport(owner) });
    expect(fromBook.chainId).to.equal(31337n);
    expect(fromBook.deployment).to.deep.equal((addressBook as Record<string, unknown>)["31337"]);
    expect(fromBook.deployment.contracts.InferencePayments).to.match(/^0x[0-9a-fA-F]{40}$/);
  });

  it("takes a Datanet from creation to a published version, and registers a model on it (ethers)", async function () {
    const { datanetId } = await createDatanet(ownerClient, { metadataURI: "ipfs://meta", licenseURI: "ipfs://cc-by" });
    expect(datanetId).to.equal(await p.datanets.datanetCount());
    const contributed = [];
    for (const text of ["first contribution", "second contribution"]) {
      contributed.push(
        await contribute(await clientOf(alice), { datanetId, content: toUtf8Bytes(text), uri: `ipfs://${text}` }),
      );
    }
    expect(contributed[0].contentHash).to.equal(keccak256(toUtf8Bytes("first contribution")));
    expect((await p.datanets.contribution(contributed[1].contributionId)).contributor).to.equal(alice.address);
    await reviewContributions(ownerClient, {
      decisions: contributed.map((c) => ({ contributionId: c.contributionId, accept: true })),
    });
    const published = await publishVersion(ownerClient, { datanetId, contributions: contributed, uri: "ipfs://v1" });
    expect(published.version).to.equal(1);
    expect((await p.datanets.version(datanetId, 1)).merkleRoot).to.equal(published.merkleRoot);

    ({ modelId } = await registerModel(ownerClient, {
      metadataURI: "ipfs://card",
      weightsHash: keccakId("weights"),
      trainedOn: [{ datanetId, version: 1 }],
      operator: operator.address,
      pricePerUnit: OPEN,
      contributorShareBps: 5_000,
    }));
    expect((await p.models.model(modelId)).owner).to.equal(owner.address);
  });

  it("pays directly and reports a revert decoded before sending anything", async function () {
    const client = await clientOf(payer);
    await approveAsset(client, { spender: "InferencePayments", amount: 100n * OPEN });
    const paid = await pay(client, { modelId, units: 2n, requestHash: keccakId("request-1") });
    expect(paid.amount).to.equal(2n * OPEN);
    expect(paid.epoch).to.equal(await p.payments.currentEpoch());

    const nonce = await p.ethers.provider.getTransactionCount(payer.address);
    const refused = await pay(client, { modelId, units: 2n, maxAmount: OPEN, requestHash: keccakId("r") }).catch(
      (e) => e,
    );
    expect(refused).to.be.instanceOf(OpenLedgerError);
    expect((refused as OpenLedgerError).revert?.name).to.equal("PaymentsPriceAboveMax");
    expect((refused as OpenLedgerError).message).to.match(
      /^InferencePayments\.pay reverted with PaymentsPriceAboveMax\(/,
    );
    expect(await p.ethers.provider.getTransactionCount(payer.address), "nothing was sent").to.equal(nonce);
  });

  it("decodes an OpenZeppelin error that WOPEN raises inside an InferencePayments call", async function () {
    const poor = p.signers[9];
    const client = await clientOf(poor);
    await approveAsset(client, { spender: "InferencePayments", amount: 100n * OPEN });
    const refused = (await pay(client, { modelId, units: 1n, requestHash: ZeroHash }).catch(
      (e) => e,
    )) as OpenLedgerError;
    expect(refused.revert?.name).to.equal("ERC20InsufficientBalance");
    expect(decodeRevert(refused.revert!.data)?.signature).to.equal("ERC20InsufficientBalance(address,uint256,uint256)");
  });

  it("escrows, signs a voucher and redeems it, with viem clients", async function () {
    const payerClient = await viemClientOf(payer.address);
    await approveAsset(payerClient, { spender: "InferencePayments", amount: 1_000n * OPEN });
    await depositEscrow(payerClient, { modelId, amount: 10n * OPEN });
    const voucher = await signVoucher(payerClient, { modelId, cumulativeAmount: 3n * OPEN });
    expect(voucher.payer.toLowerCase()).to.equal(payer.address.toLowerCase());
    const redeemed = await redeemVouchers(await viemClientOf(operator.address), { modelId, vouchers: [voucher] });
    expect(redeemed.amount).to.equal(3n * OPEN);
    expect(redeemed.paid).to.deep.equal([{ payer: payer.address, amount: 3n * OPEN }]);
  });

  it("registers and funds an agent that pays from its budget, stakes and delegates (ethers)", async function () {
    const { agentId } = await registerAgent(ownerClient, {
      operator: operator.address,
      metadataURI: "ipfs://agent",
      modelIds: [modelId],
    });
    await approveAsset(ownerClient, { spender: "AgentRegistry", amount: 5n * OPEN });
    await fundAgent(ownerClient, { agentId, amount: 5n * OPEN });
    const spent = await payFromAgent(await clientOf(operator), {
      agentId,
      modelId,
      units: 1n,
      maxAmount: OPEN,
      requestHash: ZeroHash,
    });
    expect(spent.amount).to.equal(OPEN);
    expect((await p.agents.agent(agentId)).budget).to.equal(4n * OPEN);

    await approveAsset(ownerClient, { spender: "OpenStaking", amount: 100n * OPEN });
    await stake(ownerClient, { amount: 100n * OPEN });
    await delegate(ownerClient, { delegatee: owner.address });
    expect(await p.staking.getVotes(owner.address)).to.equal(100n * OPEN);
  });

  describe("getClaim and claim", function () {
    let accounts: Map<string, bigint>;
    let dataURI: string;

    before(async function () {
      // Three staked oracles attest one report for the epoch of the payments above, whose data document lives in a
      // local content store; after the challenge window anyone finalizes it.
      const oracles = [p.signers[5], p.signers[6], p.signers[7]];
      for (const oracle of oracles) {
        await stakeDirect(p, oracle, await p.staking.minOperatorStake(OperatorRole.AttributionOracle), 1);
      }
      const epoch = await p.payments.currentEpoch();
      accounts = new Map([
        [alice.address, 1n * OPEN],
        [owner.address, OPEN / 2n],
      ]);
      const tree = buildRewardsTree(accounts);
      const document = {
        format: "openledger.attribution-data/1",
        epoch: epoch.toString(),
        cumulativeRewardsRoot: tree.root,
        cumulativeTotal: tree.total.toString(),
        attributionRoot: keccakId("attribution"),
        accounts: Object.fromEntries(
          [...tree.entries()].map((e) => [e.account, { amount: e.cumulativeAmount.toString(), proof: e.proof }]),
        ),
      };
      dataURI = (await new LocalContentStore(contentDir).put(toUtf8Bytes(JSON.stringify(document)))).uri;
      await p.time.increase(3 * DAY);
      const report = {
        epoch,
        cumulativeRewardsRoot: tree.root,
        cumulativeTotal: tree.total,
        attributionRoot: document.attributionRoot,
        dataURI,
      };
      for (const oracle of oracles) {
        const [status] = await p.oracle.epochStatus(epoch);
        if (status !== 0n) break;
        await p.oracle.connect(oracle).attest(report);
      }
      await p.time.increase(10 * DAY);
      await p.oracle.finalize(await acceptedReport(p.oracle, epoch));
    });

    it("returns the account's amount and a proof the RewardDistributor accepts; the claim pays it once", async function () {
      const client = await viemClientOf(alice.address);
      const found = await getClaim(client, { account: alice.address, content: { directory: contentDir } });
      expect(found).to.not.equal(null);
      expect(found!.cumulativeAmount).to.equal(OPEN);
      expect(found!.claimable).to.equal(OPEN);
      expect(found!.dataURI).to.equal(dataURI);
      const before = await p.wopen.balanceOf(alice.address);
      const { paid } = await claim(client, found!);
      expect(paid).to.equal(OPEN);
      expect(await p.wopen.balanceOf(alice.address)).to.equal(before + OPEN);
      const again = await getClaim(client, { account: alice.address, content: { directory: contentDir } });
      expect(again!.claimed).to.equal(OPEN);
      expect(again!.claimable).to.equal(0n);
    });

    it("answers zero with no proof for an account without a leaf", async function () {
      const found = await getClaim(ownerClient, { account: payer.address, content: { directory: contentDir } });
      expect(found!.cumulativeAmount).to.equal(0n);
      expect(found!.proof).to.deep.equal([]);
    });

    it("refuses a data document altered in the store", async function () {
      const hash = dataURI.slice("local://".length);
      const altered = mkdtempSync(path.join(tmpdir(), "openledger-sdk-altered-"));
      try {
        writeFileSync(path.join(altered, hash), "{}");
        const refused = await failure(
          getClaim(ownerClient, { account: alice.address, content: { directory: altered } }),
        );
        expect(refused).to.be.instanceOf(ContentUnavailableError);
        expect(refused.message).to.contain("does not match its hash");
      } finally {
        rmSync(altered, { recursive: true, force: true });
      }
    });

    it("refuses a finalized report whose published data does not build its root, served over HTTP", async function () {
      // The next epoch's quorum posts root R (alice 1.2, owner 0.5) but publishes a document with other amounts of
      // the same total: a dApp must not hand out proofs from it.
      const epoch = await p.oracle.nextEpoch();
      const tree = buildRewardsTree(
        new Map([
          [alice.address, (12n * OPEN) / 10n],
          [owner.address, OPEN / 2n],
        ]),
      );
      const forged = {
        format: "openledger.attribution-data/1",
        accounts: {
          [alice.address]: { amount: ((13n * OPEN) / 10n).toString() },
          [owner.address]: { amount: ((4n * OPEN) / 10n).toString() },
        },
      };
      const server = http.createServer((_req, res) => res.end(JSON.stringify(forged)));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      try {
        const { port } = server.address() as { port: number };
        const report = {
          epoch,
          cumulativeRewardsRoot: tree.root,
          cumulativeTotal: tree.total,
          attributionRoot: keccakId("attribution-2"),
          dataURI: `http://127.0.0.1:${port}/epoch-${epoch}.json`,
        };
        for (const oracle of [p.signers[5], p.signers[6], p.signers[7]]) {
          const [status] = await p.oracle.epochStatus(epoch);
          if (status !== 0n) break;
          await p.oracle.connect(oracle).attest(report);
        }
        await p.time.increase(10 * DAY);
        await p.oracle.finalize(await acceptedReport(p.oracle, epoch));
        expect(await p.distributor.rootEpoch()).to.equal(epoch);
        const refused = await failure(getClaim(ownerClient, { account: alice.address }));
        expect(refused).to.be.instanceOf(ClaimDataError);
        expect(refused.message).to.contain(
          `builds root ${buildRewardsTree(new Map(Object.entries(forged.accounts).map(([a, e]) => [a, BigInt(e.amount)]))).root}`,
        );
      } finally {
        server.close();
      }
    });
  });
});
