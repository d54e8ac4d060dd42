/**
 * The key operations of the protocol, measured as whole-transaction `gasUsed` (receipts, 21,000 base included) on the
 * protocol deployed by the production Ignition module. Shared by the committed gas snapshot test and `npm run bench`.
 * Each figure's chain state is stated next to it; it is the state a user meets in steady operation ("repeat" = the
 * account and the contract slots it touches already exist).
 */
import { id, MaxUint256, parseEther, Wallet, type ContractTransactionResponse, type Signer } from "ethers";

import { INFERENCE_PAYMENTS_DOMAIN_NAME, protocolDomain } from "../../src/protocol/index.js";
import type { Chain } from "../helpers/fixtures.js";
import { signVoucher } from "../helpers/payments.js";
import { deployProtocol, type Protocol } from "../helpers/protocol.js";

export interface GasFigure {
  gas: number;
  /** Issue target, when there is one. */
  target?: number;
  state: string;
}

const OPEN = 10n ** 18n;
const COMPUTE_ROLE = 2;

async function gas(tx: Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("no receipt");
  return Number(receipt.gasUsed);
}

/**
 * Gives `signer` `amount` WOPEN (wrapping native) and an unlimited allowance for `spender`, as wallets and dApps set
 * once; with an exact allowance every transfer also rewrites the allowance slot (about 3,000 gas more).
 */
async function fund(p: Protocol, signer: Signer, amount: bigint, spender: string) {
  await (await p.wopen.connect(signer).deposit({ value: amount })).wait();
  await (await p.wopen.connect(signer).approve(spender, MaxUint256)).wait();
}

const datanetConfig = (metadataURI: string) => ({
  metadataURI,
  licenseURI: "ipfs://bafkreilicense0000000000000000000000000000000000000000000",
  contributionPolicy: 0,
  usagePolicy: 0,
  rejectedBondPolicy: 0,
  contributionBond: 0n,
});

const contentUri = (n: number) => `local://${id(`content-${n}`)}`;

export async function measureProtocolGas(chain: Chain): Promise<Record<string, GasFigure>> {
  const { ethers, networkHelpers } = chain;
  const p = await deployProtocol(chain);
  // Deterministic extra accounts with native balance (the chain's 20 default accounts are not enough for 50 payers).
  const account = async (label: string) => {
    const wallet = new Wallet(id(label), ethers.provider);
    await networkHelpers.setBalance(wallet.address, 1_000_000n * OPEN);
    return wallet;
  };
  const [owner, curator, contributor, operator, payer, staker, voter] = await Promise.all(
    ["owner", "curator", "contributor", "operator", "payer", "staker", "voter"].map(account),
  );
  const contributors = await Promise.all([0, 1, 2, 3, 4].map((i) => account(`contributor-${i}`)));
  const figures: Record<string, GasFigure> = {};
  const record = (key: string, value: number, state: string, target?: number) => {
    figures[key] = { gas: value, state, ...(target === undefined ? {} : { target }) };
  };

  // ------------------------------------------------------------------ Datanets
  await (await p.datanetRegistry.connect(curator).createDatanet(datanetConfig("ipfs://first"))).wait();
  record(
    "datanet.create",
    await gas(p.datanetRegistry.connect(owner).createDatanet(datanetConfig("ipfs://bafkreidatanetmetadata0000000"))),
    "second Datanet of the registry, first of its owner",
  );
  const datanetId = 2n;
  await (await p.datanetRegistry.connect(contributor).contribute(datanetId, id("warm"), contentUri(0))).wait();
  record(
    "datanet.contribute",
    await gas(p.datanetRegistry.connect(contributor).contribute(datanetId, id("c-1"), contentUri(1))),
    "repeat contributor, open Datanet, no bond, 74-character URI",
    110_000,
  );
  const ids: bigint[] = [];
  for (let i = 0; i < 50; i++) {
    const tx = await p.datanetRegistry.connect(contributors[i % 5]).contribute(datanetId, id(`b-${i}`), contentUri(i));
    await tx.wait();
    ids.push((datanetId << 32n) | BigInt(i + 3));
  }
  const batch = await gas(
    p.datanetRegistry.connect(owner).reviewBatch(
      ids,
      ids.map(() => true),
    ),
  );
  record("datanet.reviewBatch50", batch, "50 pending contributions without bond, all accepted in one call");
  record("datanet.reviewBatch50.perItem", Math.round(batch / 50), "reviewBatch50 / 50");
  record(
    "datanet.publishVersion",
    await gas(p.datanetRegistry.connect(owner).publishVersion(datanetId, id("root"), 50, "ipfs://bafkreiversion1")),
    "first version of the Datanet, 50 accepted contributions",
  );

  // ------------------------------------------------------------------ Staking (operators must stake to serve)
  await fund(p, operator, 2_000n * OPEN, await p.staking.getAddress());
  await (await p.staking.connect(operator).stake(1_000n * OPEN)).wait();
  await (await p.staking.connect(operator).registerOperator(COMPUTE_ROLE)).wait();
  await fund(p, staker, 1_000n * OPEN, await p.staking.getAddress());
  record(
    "stake.first",
    await gas(p.staking.connect(staker).stake(400n * OPEN)),
    "account that never staked, unlimited allowance",
    130_000,
  );
  record(
    "stake.repeat",
    await gas(p.staking.connect(staker).stake(300n * OPEN)),
    "adding to an existing stake, unlimited allowance",
    90_000,
  );
  record("stake.requestUnstake", await gas(p.staking.connect(staker).requestUnstake(200n * OPEN)), "first unbonding");
  await networkHelpers.time.increase(await p.staking.cooldown());
  record("stake.withdraw", await gas(p.staking.connect(staker).withdraw()), "unbonded stake after the cooldown");

  // ------------------------------------------------------------------ Models
  const registration = {
    metadataURI: "ipfs://bafkreimodelcard000000000000000000000000000000000000000",
    weightsHash: id("weights"),
    trainedOn: [{ datanetId, version: 1 }],
    baseModelId: 0n,
    operator: operator.address,
    pricePerUnit: parseEther("0.01"),
    contributorShareBps: 3_000,
  };
  await (await p.modelRegistry.connect(owner).registerModel(registration)).wait();
  record(
    "model.register",
    await gas(p.modelRegistry.connect(owner).registerModel({ ...registration, weightsHash: id("weights-2") })),
    "second model of its owner, trained on one Datanet version",
  );
  const modelId = 1n;

  // ------------------------------------------------------------------ Payments
  const payments = await p.inferencePayments.getAddress();
  await fund(p, payer, 10n * OPEN, payments);
  await (await p.inferencePayments.connect(payer).pay(modelId, 1n, OPEN, id("request-0"))).wait();
  record(
    "infer.pay",
    await gas(p.inferencePayments.connect(payer).pay(modelId, 1n, OPEN, id("request-1"))),
    "repeat payer with an unlimited allowance, same model and epoch as its previous payment",
    80_000,
  );

  const domain = protocolDomain(INFERENCE_PAYMENTS_DOMAIN_NAME, (await ethers.provider.getNetwork()).chainId, payments);
  const voucherPayers = await Promise.all(Array.from({ length: 50 }, (_, i) => account(`voucher-payer-${i}`)));
  for (const voucherPayer of voucherPayers) {
    await fund(p, voucherPayer, OPEN, payments);
    await (await p.inferencePayments.connect(voucherPayer).depositEscrow(modelId, OPEN)).wait();
  }
  const first = await Promise.all(voucherPayers.map((a) => signVoucher(a, domain, modelId, parseEther("0.1"))));
  await (await p.inferencePayments.connect(operator).redeemVouchers(modelId, first)).wait();
  const second = await Promise.all(voucherPayers.map((a) => signVoucher(a, domain, modelId, parseEther("0.2"))));
  const redeem = await gas(p.inferencePayments.connect(operator).redeemVouchers(modelId, second));
  record("infer.redeemBatch50", redeem, "50 payers with escrow, each redeeming its second voucher");
  record("infer.redeemBatch50.perVoucher", Math.round(redeem / 50), "redeemBatch50 / 50", 15_000);
  record("infer.perInference.at100PerVoucher", Math.round(redeem / 50 / 100), "perVoucher / 100 inferences", 150);
  // The same payers as smart accounts would pay (decision 0260): each authorized one signer key, which signs their
  // third voucher. One more cold slot per voucher (the payer's signer entry).
  const voucherSigner = await account("voucher-signer");
  for (const voucherPayer of voucherPayers) {
    await (await p.inferencePayments.connect(voucherPayer).authorizeSigner(voucherSigner.address)).wait();
  }
  const third = await Promise.all(
    voucherPayers.map((a) => signVoucher(voucherSigner, domain, modelId, parseEther("0.3"), a.address)),
  );
  const bySigner = await gas(p.inferencePayments.connect(operator).redeemVouchers(modelId, third));
  record(
    "infer.redeemBatch50.authorizedSigner.perVoucher",
    Math.round(bySigner / 50),
    "as redeemBatch50, each voucher signed by a key its payer authorized (the smart-account path), / 50",
  );

  // ------------------------------------------------------------------ Governance
  // Votes: voter 50,000, staker 500 and operator 1,000 OPEN, all self-delegated; quorum is 4% of 51,500 = 2,060, so
  // staker's vote stays below it and voter's reaches it. Two proposals: on the first every account votes for the
  // first time (its voted-bitmap word is created), on the second they are steady voters (the word exists). Vote
  // lookups in OpenStaking are binary searches: their cost grows with the voter's and the total supply's checkpoints.
  await fund(p, voter, 50_000n * OPEN, await p.staking.getAddress());
  await (await p.staking.connect(voter).stake(50_000n * OPEN)).wait();
  await (await p.staking.connect(voter).delegate(voter.address)).wait();
  await (await p.staking.connect(staker).delegate(staker.address)).wait();
  await (await p.staking.connect(operator).delegate(operator.address)).wait();
  await networkHelpers.mine(1);
  const target = [await p.inferencePayments.getAddress()];
  const proposal = async (fee: number) => {
    const calldata = [p.inferencePayments.interface.encodeFunctionData("setProtocolFeeBps", [fee])];
    const description = `set the protocol fee to ${fee} bps`;
    const proposeGas = await gas(p.governor.connect(voter).propose(target, [0n], calldata, description));
    const proposalId = await p.governor.hashProposal(target, [0n], calldata, id(description));
    await networkHelpers.time.increaseTo((await p.governor.proposalSnapshot(proposalId)) + 1n);
    return { proposeGas, proposalId };
  };

  const proposal1 = await proposal(400);
  record(
    "gov.castVote",
    await gas(p.governor.connect(staker).castVote(proposal1.proposalId, 1)),
    "first vote ever of the account, first For vote of the proposal, before quorum (late-quorum check runs); " +
      "the voter has one votes checkpoint, the total supply five",
    90_000,
  );
  record(
    "gov.castVote.firstEverReachingQuorum",
    await gas(p.governor.connect(voter).castVote(proposal1.proposalId, 1)),
    "first vote ever of the account, the For vote that reaches quorum (records that quorum was reached)",
    90_000,
  );
  await (await p.governor.connect(operator).castVote(proposal1.proposalId, 0)).wait();

  const proposal2 = await proposal(450);
  record(
    "gov.propose",
    proposal2.proposeGas,
    "second proposal of the governor, one call, 31-character description (creates its tally slots)",
  );
  record(
    "gov.castVote.steady",
    await gas(p.governor.connect(staker).castVote(proposal2.proposalId, 1)),
    "account that voted on the previous proposal, first For vote of the proposal, before quorum",
    90_000,
  );
  record(
    "gov.castVote.reachingQuorum",
    await gas(p.governor.connect(voter).castVote(proposal2.proposalId, 1)),
    "account that voted on the previous proposal, the For vote that reaches quorum (records that quorum was reached)",
    90_000,
  );
  record(
    "gov.castVote.afterQuorum",
    await gas(p.governor.connect(operator).castVote(proposal2.proposalId, 1)),
    "account that voted on the previous proposal, For vote after quorum on a side that already has votes",
    90_000,
  );
  return figures;
}
