/**
 * Setup of `indexer.events100k.s`, run by bench/speed/indexer.ts as `hardhat run --network localhost` against its own
 * `hardhat node`: deploys the protocol (production Ignition module), registers a Datanet with a version and a model,
 * then makes BENCH_INDEXER_EVENTS payment events (default 100,000): 5,000 direct payments from 18 payers (JSON-RPC
 * batches with automining off, 100 to a block), the rest voucher redemptions in batches of 750 vouchers. Writes the deployment record to BENCH_INDEXER_DIR/deployments/31337.json.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

import { HDNodeWallet, Interface, MaxUint256, id as keccakText } from "ethers";
import { network } from "hardhat";

import ProtocolModule from "../../deploy/modules/Protocol.js";
import { PROTOCOL_CONTRACT_NAMES, typedProtocol } from "../../deploy/protocolContracts.js";
import { voucherDigest, voucherDomain } from "../../src/protocol/index.js";

const OPEN = 10n ** 18n;
const dir = process.env.BENCH_INDEXER_DIR ?? "";
/** Payment events wanted: `direct` direct payments, then voucher batches (each voucher one event, each batch one more). */
const events = Number(process.env.BENCH_INDEXER_EVENTS ?? "100000");
const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";
const VOUCHERS_PER_BATCH = 750;
/** Direct payments per block: 100 x 200,000 gas fits a 30,000,000 block gas limit. */
const DIRECT_PER_BLOCK = 100;
const PRICE = 10n ** 12n;
const rpcUrl = process.env.OPENLEDGER_RPC_URL ?? "";
if (dir === "" || rpcUrl === "" || !Number.isSafeInteger(events) || events < 1_000) {
  throw new Error("needs BENCH_INDEXER_DIR, OPENLEDGER_RPC_URL and BENCH_INDEXER_EVENTS >= 1000");
}
const direct = Math.min(5_000, Math.floor(events / 20));
const voucherBatches = Math.ceil((events - direct) / (VOUCHERS_PER_BATCH + 1));

const chain = await network.create();
const { ethers, ignition, networkHelpers } = chain;
const signers = await ethers.getSigners();
const [, builder, ...payers] = signers;
const start = await ethers.provider.getBlock("latest");
const deploymentId = `bench-indexer-${start!.timestamp}`;
const deployed = await ignition.deploy(ProtocolModule, {
  parameters: { Protocol: { epochGenesis: BigInt(start!.timestamp), epochLength: 30n * 86_400n } },
  deploymentId,
  displayUi: false,
});
rmSync(path.join("ignition", "deployments", deploymentId), { recursive: true, force: true });
for (const folder of [path.join("ignition", "deployments"), "ignition"]) {
  if (existsSync(folder) && readdirSync(folder).length === 0) rmSync(folder, { recursive: true });
}
const p = await typedProtocol(ethers, deployed as never);
const contracts: Record<string, string> = {};
for (const [key, contract] of Object.entries(deployed)) {
  const name = PROTOCOL_CONTRACT_NAMES[key as keyof typeof PROTOCOL_CONTRACT_NAMES] ?? key;
  contracts[name] = await (contract as { getAddress(): Promise<string> }).getAddress();
}

// A Datanet with one accepted contribution and version 1; a model trained on it, served by its builder.
await (
  await p.datanetRegistry.connect(builder).createDatanet({
    metadataURI: "ipfs://bench",
    licenseURI: "",
    contributionPolicy: 0,
    usagePolicy: 0,
    rejectedBondPolicy: 0,
    contributionBond: 0n,
  })
).wait();
await (await p.datanetRegistry.connect(builder).contribute(1n, keccakText("bench"), "ipfs://bench-1")).wait();
await (await p.datanetRegistry.connect(builder).reviewBatch([(1n << 32n) | 1n], [true])).wait();
await (await p.datanetRegistry.connect(builder).publishVersion(1n, keccakText("root"), 1, "ipfs://v1")).wait();
const minStake = await p.staking.minOperatorStake(2);
await networkHelpers.setBalance(builder.address, minStake + 1_000n * OPEN);
await (await p.wopen.connect(builder).deposit({ value: minStake })).wait();
await (await p.wopen.connect(builder).approve(await p.staking.getAddress(), MaxUint256)).wait();
await (await p.staking.connect(builder).stake(minStake)).wait();
await (await p.staking.connect(builder).registerOperator(2)).wait();
await (
  await p.modelRegistry.connect(builder).registerModel({
    metadataURI: "ipfs://bench-model",
    weightsHash: keccakText("weights"),
    trainedOn: [{ datanetId: 1n, version: 1 }],
    baseModelId: 0n,
    operator: builder.address,
    pricePerUnit: PRICE,
    contributorShareBps: 3000,
  })
).wait();
const paymentsAddress = await p.inferencePayments.getAddress();
for (const payer of payers) {
  await (await p.wopen.connect(payer).deposit({ value: 100n * OPEN })).wait();
  await (await p.wopen.connect(payer).approve(paymentsAddress, MaxUint256)).wait();
}

async function call(body: unknown): Promise<unknown> {
  const response = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return response.json();
}
const say = (line: string) => console.error(`[bench] ${line} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
const started = Date.now();

// 1. Direct payments: JSON-RPC batches of eth_sendTransaction with automining off, one batch per block.
const payInterface = new Interface([
  "function pay(uint256 modelId, uint256 units, uint256 maxAmount, bytes32 requestHash)",
]);
const nonces = await Promise.all(payers.map((payer) => ethers.provider.getTransactionCount(payer.address)));
await call({ jsonrpc: "2.0", id: 1, method: "evm_setAutomine", params: [false] });
let sent = 0;
while (sent < direct) {
  const batch = [];
  for (let k = 0; k < DIRECT_PER_BLOCK && sent < direct; k++, sent++) {
    const i = sent % payers.length;
    batch.push({
      jsonrpc: "2.0",
      id: sent,
      method: "eth_sendTransaction",
      params: [
        {
          from: payers[i].address,
          to: paymentsAddress,
          gas: "0x30d40",
          nonce: "0x" + (nonces[i]++).toString(16),
          data: payInterface.encodeFunctionData("pay", [1n, 1n, OPEN, keccakText(`bench ${sent}`)]),
        },
      ],
    });
  }
  const replies = (await call(batch)) as { error?: { message: string } }[];
  const failed = replies.find((r) => r.error !== undefined);
  if (failed) throw new Error(`eth_sendTransaction: ${failed.error!.message}`);
  await call({ jsonrpc: "2.0", id: 1, method: "evm_mine", params: [] });
  // Every payment of the batch is in the block: nothing is left pending (a growing pool slows the node down).
  const block = (await call({ jsonrpc: "2.0", id: 1, method: "eth_getBlockByNumber", params: ["latest", false] })) as {
    result: { transactions: string[] };
  };
  if (block.result.transactions.length !== batch.length) throw new Error("a block did not take every payment");
}
await call({ jsonrpc: "2.0", id: 1, method: "evm_setAutomine", params: [true] });
say(`${direct} direct payments`);

// 2. Voucher payments: every payer escrows for the model; the operator redeems batches of cumulative vouchers
// (each payer several times per batch, one unit more each time), signed here with the node accounts' keys.
const wallets = payers.map((_, k) => HDNodeWallet.fromPhrase(HARDHAT_MNEMONIC, undefined, `m/44'/60'/0'/0/${k + 2}`));
for (const [k, payer] of payers.entries()) {
  if (wallets[k].address !== payer.address) throw new Error("the node's accounts are not the default mnemonic's");
  await (await p.inferencePayments.connect(payer).depositEscrow(1n, 10n * OPEN)).wait();
}
const domain = voucherDomain(31337n, paymentsAddress);
const cumulative = payers.map(() => 0n);
for (let b = 0; b < voucherBatches; b++) {
  const vouchers = [];
  for (let k = 0; k < VOUCHERS_PER_BATCH; k++) {
    const i = (b * VOUCHERS_PER_BATCH + k) % payers.length;
    cumulative[i] += PRICE;
    const digest = voucherDigest(domain, { payer: payers[i].address, modelId: 1n, cumulativeAmount: cumulative[i] });
    const signature = wallets[i].signingKey.sign(digest);
    vouchers.push({
      payer: payers[i].address,
      cumulativeAmount: cumulative[i],
      r: signature.r,
      vs: signature.yParityAndS,
    });
  }
  await (await p.inferencePayments.connect(builder).redeemVouchers(1n, vouchers, { gasLimit: 15_000_000n })).wait();
  if ((b + 1) % 25 === 0) say(`${(b + 1) * VOUCHERS_PER_BATCH} vouchers redeemed`);
}
const paymentEvents = new Set(
  (["InferencePaid", "VoucherRedeemed", "VouchersRedeemed"] as const).map(
    (name) => p.inferencePayments.interface.getEvent(name)!.topicHash,
  ),
);
let counted = 0;
const head = await ethers.provider.getBlockNumber();
for (let from = start!.number; from <= head; from += 20) {
  const logs = await ethers.provider.getLogs({
    address: paymentsAddress,
    fromBlock: from,
    toBlock: Math.min(from + 19, head),
  });
  counted += logs.filter((log) => paymentEvents.has(log.topics[0])).length;
}
if (counted !== direct + voucherBatches * (VOUCHERS_PER_BATCH + 1)) throw new Error(`found ${counted} payment events`);
say(`${counted} payment events`);

// 32 empty blocks: every payment is final by Ponder's rule for this chain (30 blocks), so the figure is the backfill of
// 100,000 events. Packed at 751 events a block, the last 30 blocks would otherwise hold a fifth of them, handled one
// block at a time by the live path, which a real chain's head never concentrates.
await call({ jsonrpc: "2.0", id: 1, method: "hardhat_mine", params: ["0x20"] });

mkdirSync(path.join(dir, "deployments"), { recursive: true });
writeFileSync(
  path.join(dir, "deployments", "31337.json"),
  JSON.stringify({ chainId: "31337", network: "localhost", startBlock: start!.number, contracts }),
);
