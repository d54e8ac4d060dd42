// The integrator's side of an OpenLedger epoch, with nothing but the published packages (@openledger/sdk and
// @openledger/contracts) and this project's own contracts:
//
//   node scripts/run.mjs serve   Datanet, contributions (two people and the RewardsStaker vault), review, version,
//                                model, the dApp's contracts, a payment per user request, an agent's payment, a
//                                voucher redeemed by the operator
//   node scripts/run.mjs log     after the epoch ends: the operator commits the epoch's inference log
//   node scripts/run.mjs claim   after the oracles finalized the epoch: each contributor's claim from the SDK's
//                                verified proof; the vault claims and stakes in one call
//
// Each phase prints one JSON line. Environment: OPENLEDGER_RPC_URL (default http://127.0.0.1:8545, a `hardhat node`
// whose accounts are unlocked), OPENLEDGER_CONTENT_DIR (default .openledger/content: the content store the oracles
// read), OPENLEDGER_DEPLOYMENT (a deployments/<chainId>.json record; by default the SDK's address book).
import { readFileSync, renameSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";

import { ContractFactory, JsonRpcProvider, Contract, keccak256, parseUnits, toUtf8Bytes } from "ethers";
import { wopenAbi } from "@openledger/contracts";
import {
  approveAsset,
  buildVersionManifest,
  claim,
  commitInferenceLog,
  contribute,
  createClient,
  createDatanet,
  depositEscrow,
  encodeContribution,
  encodeInferenceLog,
  ethersTransport,
  getClaim,
  OperatorRole,
  publishVersion,
  read,
  redeemVouchers,
  registerModel,
  reviewContributions,
  signVoucher,
  stake,
  write,
} from "@openledger/sdk";
import { LocalContentStore } from "@openledger/sdk/node";

const here = path.resolve(import.meta.dirname, "..");
const OPEN = 10n ** 18n;
const rpcUrl = process.env.OPENLEDGER_RPC_URL ?? "http://127.0.0.1:8545";
const contentDir = process.env.OPENLEDGER_CONTENT_DIR ?? path.join(here, ".openledger/content");
const stateFile = path.join(here, "build/state.json");
const data = JSON.parse(readFileSync(path.join(here, "data/contributions.json"), "utf8"));

const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true });
const store = new LocalContentStore(contentDir);
const deployment = process.env.OPENLEDGER_DEPLOYMENT
  ? JSON.parse(readFileSync(process.env.OPENLEDGER_DEPLOYMENT, "utf8"))
  : undefined;
// Accounts of the local node: the dApp's owner, two contributors, a user, the model's operator, a voucher payer.
const [owner, alice, bob, user, operator, payer] = await Promise.all(
  [12, 13, 14, 15, 16, 17].map((i) => provider.getSigner(i)),
);
const clientOf = (signer) => createClient({ transport: ethersTransport(signer), deployment });

function artifact(name) {
  return JSON.parse(readFileSync(path.join(here, "build", `${name}.json`), "utf8"));
}

async function deploy(name, signer, args) {
  const { abi, bytecode } = artifact(name);
  const contract = await new ContractFactory(abi, bytecode, signer).deploy(...args);
  await contract.waitForDeployment();
  return contract;
}

function saveState(state) {
  mkdirSync(path.dirname(stateFile), { recursive: true });
  writeFileSync(
    `${stateFile}.tmp`,
    JSON.stringify(state, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2),
  );
  renameSync(`${stateFile}.tmp`, stateFile);
}

async function serve() {
  const ownerClient = await clientOf(owner);
  const asset = ownerClient.deployment.asset;
  const wopen = (signer) => new Contract(asset, wopenAbi, signer);
  for (const signer of [owner, user, operator, payer])
    await (await wopen(signer).deposit({ value: 2_000n * OPEN })).wait();

  // The vault contributes under its own address, so its rewards can be claimed and staked by contract.
  const c = ownerClient.deployment.contracts;
  const vault = await deploy("RewardsStaker", owner, [c.DatanetRegistry, c.RewardDistributor, c.OpenStaking, asset]);

  const { datanetId } = await createDatanet(ownerClient, {
    metadataURI: "ipfs://integrator-emails",
    licenseURI: "https://creativecommons.org/licenses/by/4.0/",
  });
  const entries = [];
  for (const [name, signer] of [
    ["alice", alice],
    ["bob", bob],
  ]) {
    const client = await clientOf(signer);
    for (const item of data[name]) {
      const stored = await store.put(encodeContribution(item));
      const { contributionId, contentHash } = await contribute(client, {
        datanetId,
        content: encodeContribution(item),
        uri: stored.uri,
      });
      entries.push({ contributionId, contentHash, uri: stored.uri, contributor: await signer.getAddress() });
    }
  }
  for (const item of data.vault) {
    const bytes = encodeContribution(item);
    const stored = await store.put(bytes);
    await (await vault.contribute(datanetId, keccak256(bytes), stored.uri)).wait();
    const contributionId = await read(ownerClient, "DatanetRegistry", "contributionIdOf", [
      datanetId,
      keccak256(bytes),
    ]);
    entries.push({
      contributionId,
      contentHash: keccak256(bytes),
      uri: stored.uri,
      contributor: await vault.getAddress(),
    });
  }
  await reviewContributions(ownerClient, {
    decisions: entries.map((e) => ({ contributionId: e.contributionId, accept: true })),
  });
  const manifest = buildVersionManifest(datanetId, 1, entries);
  const { uri: manifestUri } = await store.put(manifest.bytes);
  const { version } = await publishVersion(ownerClient, { datanetId, contributions: entries, uri: manifestUri });

  // The model's operator is a staked compute provider.
  const operatorClient = await clientOf(operator);
  const minStake = await read(operatorClient, "OpenStaking", "minOperatorStake", [OperatorRole.ComputeProvider]);
  await approveAsset(operatorClient, { spender: "OpenStaking", amount: minStake });
  await stake(operatorClient, { amount: minStake });
  await write(operatorClient, "OpenStaking", "registerOperator", [OperatorRole.ComputeProvider]);

  const card = { name: "integrator spam filter", attribution: { method: "influence", l2: 0.01, buckets: 256 } };
  const { uri: cardUri } = await store.put(toUtf8Bytes(JSON.stringify(card)));
  const price = parseUnits("1", 18);
  const { modelId } = await registerModel(ownerClient, {
    metadataURI: cardUri,
    weightsHash: keccak256(toUtf8Bytes("integrator-weights")),
    trainedOn: [{ datanetId, version }],
    operator: await operator.getAddress(),
    pricePerUnit: price,
    contributorShareBps: 5_000,
  });

  // The dApp's contracts: pay per user request (the user is the payer of record) and an agent with a budget.
  const perRequest = await deploy("PayPerRequest", owner, [c.InferencePayments, asset, modelId]);
  const runner = await deploy("AgentBudgetRunner", owner, [c.AgentRegistry, c.InferencePayments, asset, modelId]);
  const records = [];
  const hashOf = (input) => keccak256(toUtf8Bytes(input));
  for (const request of data.requests.slice(0, 2)) {
    await (await wopen(user).approve(await perRequest.getAddress(), price)).wait();
    const receipt = await (await perRequest.connect(user).request(hashOf(request.input), price)).wait();
    records.push({
      requestHash: hashOf(request.input),
      input: request.input,
      output: request.output,
      paymentRef: `${receipt.hash}`,
    });
  }
  await (await wopen(owner).approve(await runner.getAddress(), 5n * price)).wait();
  await (await runner.fund(5n * price)).wait();
  const agentRequest = data.requests[2];
  const agentReceipt = await (await runner.infer(hashOf(agentRequest.input), price)).wait();
  records.push({
    requestHash: hashOf(agentRequest.input),
    input: agentRequest.input,
    output: agentRequest.output,
    paymentRef: agentReceipt.hash,
  });

  // A payer escrows and signs a voucher; the operator redeems it.
  const payerClient = await clientOf(payer);
  await approveAsset(payerClient, { spender: "InferencePayments", amount: 10n * price });
  await depositEscrow(payerClient, { modelId, amount: 10n * price });
  const voucher = await signVoucher(payerClient, { modelId, cumulativeAmount: price });
  const redeemed = await redeemVouchers(operatorClient, { modelId, vouchers: [voucher] });
  const voucherRequest = data.requests[3];
  records.push({
    requestHash: hashOf(voucherRequest.input),
    input: voucherRequest.input,
    output: voucherRequest.output,
    paymentRef: `voucher ${redeemed.transactionHash}`,
  });

  const epoch = await read(ownerClient, "InferencePayments", "currentEpoch");
  const pool = await read(ownerClient, "InferencePayments", "attributionPool", [modelId, epoch]);
  saveState({ datanetId, version, modelId, epoch, vault: await vault.getAddress(), records });
  return {
    phase: "serve",
    datanetId,
    contributions: entries.length,
    version,
    modelId,
    epoch,
    pool,
    voucherPaid: redeemed.amount,
  };
}

async function log() {
  const state = JSON.parse(readFileSync(stateFile, "utf8"));
  const operatorClient = await clientOf(operator);
  const { uri } = await store.put(encodeInferenceLog(state.records));
  const { root } = await commitInferenceLog(operatorClient, {
    modelId: BigInt(state.modelId),
    epoch: BigInt(state.epoch),
    records: state.records,
    uri,
  });
  return { phase: "log", modelId: state.modelId, epoch: state.epoch, root, uri };
}

async function claimAll() {
  const state = JSON.parse(readFileSync(stateFile, "utf8"));
  const content = { directory: contentDir };
  const claims = {};
  const paid = {};
  for (const [name, signer] of [
    ["alice", alice],
    ["bob", bob],
  ]) {
    // Each contributor finds its own claim and claims it with the SDK; an account without a leaf earned nothing.
    const client = await clientOf(signer);
    claims[name] = await getClaim(client, { account: await signer.getAddress(), content });
    paid[name] = claims[name].claimable > 0n ? (await claim(client, claims[name])).paid : 0n;
  }
  // The vault's controller finds the vault's claim with the SDK and has the vault claim and stake it.
  const ownerClient = await clientOf(owner);
  claims.vault = await getClaim(ownerClient, { account: state.vault, content });
  const stakeBefore = await read(ownerClient, "OpenStaking", "activeStake", [state.vault]);
  if (claims.vault.claimable > 0n) {
    const vault = new Contract(state.vault, artifact("RewardsStaker").abi, owner);
    await (await vault.claimAndStake(claims.vault.cumulativeAmount, claims.vault.proof)).wait();
  }
  paid.vault = (await read(ownerClient, "OpenStaking", "activeStake", [state.vault])) - stakeBefore;
  return {
    phase: "claim",
    epoch: claims.vault.epoch,
    amounts: Object.fromEntries(Object.entries(claims).map(([k, v]) => [k, v.cumulativeAmount])),
    paid,
  };
}

const phases = { serve, log, claim: claimAll };
const phase = phases[process.argv[2]];
if (phase === undefined) {
  console.error(`error: usage: node scripts/run.mjs ${Object.keys(phases).join("|")}`);
  process.exit(1);
}
try {
  const result = await phase();
  console.log(JSON.stringify(result, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
} catch (e) {
  console.error(`error: ${e.message.split("\n")[0]}`);
  process.exitCode = 1;
} finally {
  provider.destroy();
}
