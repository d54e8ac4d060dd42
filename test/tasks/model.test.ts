import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";
import { keccak256, parseUnits, toUtf8Bytes } from "ethers";

import { LocalContentStore } from "../../src/storage/index.js";
import type { ModelRegistry } from "../../typechain-types/index.js";
import { deployWithTask, runFailing, runJson, runTask, temporaryDirectory } from "./task-harness.js";

const OPEN = (amount: string) => parseUnits(amount);
const COMPUTE_PROVIDER = 2;

interface Registered {
  modelId: string;
  metadataURI: string;
  weightsHash: string;
}

describe("model tasks", function () {
  let env: Awaited<ReturnType<typeof deployWithTask>>;
  let models: ModelRegistry;
  let accounts: string[];
  let store: string;
  let files: string;
  let card: string;
  let weights: string;
  const CARD = '{"name":"spam classifier","attribution":{"method":"influence"}}\n';
  const OWNER = 2;
  const CONTRIBUTOR = 4;
  const STRANGER = 5;
  const TRAINER = 6;
  const OPERATOR = 7;

  /** Arguments of a registration that succeeds; each error case changes one. */
  const valid = () => ({
    card,
    weights,
    datanetVersions: "1:1",
    operator: accounts[OPERATOR],
    price: "0.01",
    contributorShare: "15%",
    store,
    account: TRAINER,
  });

  before(async function () {
    env = await deployWithTask();
    models = await env.ethers.getContractAt("ModelRegistry", env.contracts.ModelRegistry);
    const signers = await env.ethers.getSigners();
    accounts = signers.map((signer) => signer.address);
    store = temporaryDirectory("ol-store-");
    files = temporaryDirectory("ol-model-");
    card = path.join(files, "card.json");
    weights = path.join(files, "weights.bin");
    writeFileSync(card, CARD);
    writeFileSync(weights, Buffer.from([1, 2, 3, 4, 5]));

    // Two Datanets with a published version each; the second needs the owner's approval to train on.
    for (const [datanet, usagePolicy, text] of [
      ["1", "open", "an email"],
      ["2", "approval", "a speech"],
    ] as const) {
      await runJson(["datanet", "create"], { metadata: `ipfs://datanet-${datanet}`, usagePolicy, account: OWNER });
      const file = path.join(files, `${datanet}.txt`);
      writeFileSync(file, text);
      await runJson(["datanet", "contribute"], { raw: true, path: file, datanet, store, account: CONTRIBUTOR });
      await runJson(["datanet", "review"], { datanet, ids: "1", account: OWNER });
      await runJson(["datanet", "publish"], { datanet, store, account: OWNER });
    }

    // The operator registers in OpenStaking as a compute provider (1,000 OPEN minimum self-stake).
    const operator = signers[OPERATOR];
    const wopen = await env.ethers.getContractAt("WOPEN", env.contracts.WOPEN, operator);
    const staking = await env.ethers.getContractAt("OpenStaking", env.contracts.OpenStaking, operator);
    await wopen.deposit({ value: OPEN("1000") });
    await wopen.approve(env.contracts.OpenStaking, OPEN("1000"));
    await staking.stake(OPEN("1000"));
    await staking.registerOperator(COMPUTE_PROVIDER);
  });

  after(function () {
    env.cleanup();
    rmSync(store, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  });

  describe("register", function () {
    it("stores the model card and registers the model with every term", async function () {
      const out = await runJson<Registered & { operator: string; contributorShareBps: number }>(
        ["model", "register"],
        valid(),
      );
      expect(out.modelId).to.equal("1");
      const cardHash = keccak256(toUtf8Bytes(CARD));
      expect(out.metadataURI).to.equal(`local://${cardHash}`);
      expect(new TextDecoder().decode(await new LocalContentStore(store).get(out.metadataURI, cardHash))).to.equal(
        CARD,
      );
      const info = await models.model(1n);
      expect(info.owner).to.equal(accounts[TRAINER]);
      expect(info.operator).to.equal(accounts[OPERATOR]);
      expect(info.pricePerUnit).to.equal(OPEN("0.01"));
      expect(info.contributorShareBps).to.equal(1500n);
      expect(info.status).to.equal(1n);
      expect(info.baseModelId).to.equal(0n);
      expect(info.weightsHash).to.equal(keccak256(new Uint8Array([1, 2, 3, 4, 5])));
      expect(info.metadataURI).to.equal(out.metadataURI);
      expect(info.trainedOn.map((v) => [v.datanetId, v.version])).to.deep.equal([[1n, 1n]]);
    });

    it("registers a derived model on two Datanets once the trainer is approved, with a share in percent", async function () {
      await runJson(["datanet", "trainers"], { datanet: "2", add: accounts[TRAINER], account: OWNER });
      const weightsHash = keccak256(toUtf8Bytes("fine-tuned weights"));
      const result = await runTask(["model", "register"], {
        ...valid(),
        weights: "",
        weightsHash,
        datanetVersions: "1:1,2:1",
        baseModel: "1",
        contributorShare: "12.5%",
      });
      expect(result.exitCode).to.equal(undefined);
      expect(result.stdout.split("\n").slice(1)).to.deep.equal([
        `  model card local://${keccak256(toUtf8Bytes(CARD))}`,
        `  weights ${weightsHash}`,
        "  trained on datanet 1 v1, datanet 2 v1; derived from model 1",
        `  operator ${accounts[OPERATOR]}; price 0.01 OPEN per unit; contributors get 12.5%`,
      ]);
      const info = await models.model(2n);
      expect(info.contributorShareBps).to.equal(1250n);
      expect(info.baseModelId).to.equal(1n);
      expect(info.weightsHash).to.equal(weightsHash);
      expect(info.trainedOn.map((v) => [v.datanetId, v.version])).to.deep.equal([
        [1n, 1n],
        [2n, 1n],
      ]);
    });

    for (const [name, change, message] of [
      ["an unpublished version", { datanetVersions: "1:2" }, "datanet 1 has no version 2 (latest: 1)"],
      ["an unknown Datanet", { datanetVersions: "9:1" }, "datanet 9 does not exist"],
      ["a version named twice", { datanetVersions: "1:1,1:1" }, "--datanet-versions: 1:1 is listed twice"],
      ["a malformed version list", { datanetVersions: "1" }, '--datanet-versions: "1" is not <datanetId>:<version>'],
      [
        "a trainer without the owner's approval",
        { datanetVersions: "2:1", account: STRANGER },
        "datanet 2 needs its owner's approval to train on it and {STRANGER} is not approved",
      ],
      [
        "an operator that is not a compute provider",
        { operator: "{STRANGER}" },
        "operator {STRANGER} is not registered in OpenStaking as a compute provider (stake at least 1000.0 OPEN, " +
          "then register the compute-provider role)",
      ],
      [
        "a share without its unit",
        { contributorShare: "15" },
        '--contributor-share: "15" needs a unit: a percentage like 15% or basis points like 1500bps',
      ],
      [
        "a share below the governance minimum",
        { contributorShare: "999bps" },
        "--contributor-share: 9.99% is below the governance minimum of 10%",
      ],
      ["a share above 100%", { contributorShare: "101%" }, '--contributor-share: "101%" is more than 100% (10000 bps)'],
      ["a price with too many decimals", { price: "0.0000000000000000001" }, "has more than 18 decimals"],
      ["an unknown base model", { baseModel: "9" }, "--base-model: model 9 does not exist"],
      [
        "both a weights file and a hash",
        { weightsHash: `0x${"11".repeat(32)}` },
        "give exactly one of --weights FILE and --weights-hash 0x...",
      ],
      ["a zero weights hash", { weights: "", weightsHash: `0x${"00".repeat(32)}` }, "the weights hash cannot be zero"],
      ["a missing model card", { card: "" }, "--card is required (the model card, a JSON file)"],
      ["a model card that is not JSON", { card: "{WEIGHTS}" }, "is not valid JSON"],
      ["an operator that is not an address", { operator: "bob" }, '--operator: "bob" is not an address'],
    ] as const) {
      it(`refuses ${name} before sending anything`, async function () {
        const substitute = (value: unknown) =>
          typeof value === "string"
            ? value.replaceAll("{STRANGER}", accounts[STRANGER]).replaceAll("{WEIGHTS}", weights)
            : value;
        const args: Record<string, unknown> = valid();
        for (const [key, value] of Object.entries(change)) args[key] = substitute(value);
        const count = await models.modelCount();
        expect(await runFailing(["model", "register"], args)).to.contain(substitute(message));
        expect(await models.modelCount()).to.equal(count);
      });
    }
  });

  describe("price, status and tokenize", function () {
    it("sets the price, and refuses the same price, a stranger and an unknown model", async function () {
      const out = await runJson<{ previousPrice: string; pricePerUnit: string }>(["model", "price"], {
        model: "1",
        price: "0.025",
        account: TRAINER,
      });
      expect(out).to.deep.include({ previousPrice: OPEN("0.01").toString(), pricePerUnit: OPEN("0.025").toString() });
      expect((await models.paymentTerms(1n)).pricePerUnit).to.equal(OPEN("0.025"));
      expect(await runFailing(["model", "price"], { model: "1", price: "0.025", account: TRAINER })).to.equal(
        "model 1 already costs 0.025 OPEN per unit",
      );
      expect(await runFailing(["model", "price"], { model: "1", price: "1", account: STRANGER })).to.equal(
        `${accounts[STRANGER]} does not own model 1 (its owner is ${accounts[TRAINER]})`,
      );
      expect(await runFailing(["model", "price"], { model: "42", price: "1", account: TRAINER })).to.equal(
        "model 42 does not exist",
      );
      expect(await runFailing(["model", "price"], { model: "1", price: "80000000000", account: TRAINER })).to.contain(
        "--price: 80000000000 OPEN is above the largest price",
      );
      expect((await models.paymentTerms(1n)).pricePerUnit).to.equal(OPEN("0.025"));
    });

    it("pauses, resumes and retires a model; a retired model can no longer change", async function () {
      const paused = await runJson<{ previousStatus: string; status: string }>(["model", "status"], {
        model: "1",
        status: "paused",
        account: TRAINER,
      });
      expect(paused).to.deep.include({ previousStatus: "active", status: "paused" });
      expect((await models.paymentTerms(1n)).status).to.equal(2n);
      expect(await runFailing(["model", "status"], { model: "1", status: "paused", account: TRAINER })).to.equal(
        "model 1 is already paused",
      );
      expect(await runFailing(["model", "status"], { model: "1", status: "deleted", account: TRAINER })).to.equal(
        '--status: "deleted" is not one of active, paused, retired',
      );
      const retired = await runTask(["model", "status"], { model: "1", status: "retired", account: TRAINER });
      expect(retired.stdout).to.match(/^model 1: paused -> retired \(tx 0x[0-9a-f]{64}\); retirement is final$/);
      expect((await models.paymentTerms(1n)).status).to.equal(3n);
      expect(await runFailing(["model", "status"], { model: "1", status: "active", account: TRAINER })).to.equal(
        "model 1 is retired: its terms can no longer change",
      );
      expect(await runFailing(["model", "price"], { model: "1", price: "1", account: TRAINER })).to.equal(
        "model 1 is retired: its terms can no longer change",
      );
    });

    it("tokenizes a model once, minting the whole supply to its owner", async function () {
      const out = await runJson<{ shares: string; name: string; symbol: string; supply: string }>(
        ["model", "tokenize"],
        { model: "2", account: TRAINER },
      );
      expect(out).to.deep.include({
        name: "OpenLedger Model 2 Shares",
        symbol: "OLM2",
        supply: OPEN("1000000").toString(),
      });
      expect(await models.sharesOf(2n)).to.equal(out.shares);
      expect(await models.revenueRecipient(2n)).to.equal(out.shares);
      const shares = await env.ethers.getContractAt("ModelShares", out.shares);
      expect(await shares.balanceOf(accounts[TRAINER])).to.equal(OPEN("1000000"));
      expect(await shares.symbol()).to.equal("OLM2");
      expect(await runFailing(["model", "tokenize"], { model: "2", account: TRAINER })).to.equal(
        `model 2 is already tokenized: shares ${out.shares}`,
      );
      expect(await runFailing(["model", "tokenize"], { model: "2", account: STRANGER })).to.equal(
        `${accounts[STRANGER]} does not own model 2 (its owner is ${accounts[TRAINER]})`,
      );
    });
  });

  describe("show", function () {
    it("shows one model's terms, lineage and revenue recipient, and lists every model", async function () {
      const out = await runJson<Record<string, unknown>>(["model", "show"], { model: "2" });
      expect(out).to.deep.include({
        modelId: "2",
        owner: accounts[TRAINER],
        operator: accounts[OPERATOR],
        status: "active",
        pricePerUnit: OPEN("0.01").toString(),
        contributorShareBps: "1250",
        baseModelId: "1",
        shares: await models.sharesOf(2n),
        revenueRecipient: await models.sharesOf(2n),
      });
      expect(out.trainedOn).to.deep.equal([
        { datanetId: "1", version: "1" },
        { datanetId: "2", version: "1" },
      ]);
      const human = await runTask(["model", "show"], { model: "1" });
      expect(human.stdout).to.contain("model 1 (retired) owned by");
      expect(human.stdout).to.contain(`owner revenue to ${accounts[TRAINER]} (not tokenized)`);
      const all = await runJson<{ models: { modelId: string; status: string }[] }>(["model", "show"], {});
      expect(all.models.map((m) => [m.modelId, m.status])).to.deep.equal([
        ["1", "retired"],
        ["2", "active"],
      ]);
      expect(await runFailing(["model", "show"], { model: "3" })).to.equal("model 3 does not exist");
    });
  });
});
