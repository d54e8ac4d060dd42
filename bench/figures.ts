/**
 * The benchmark's figures: key (names are fixed, other tools read them), target, and the anchor each is compared
 * with. A figure's `measure` returns the value; gas is whole-transaction `gasUsed` from receipts on the in-process
 * chain, in the state given by `state`.
 */
export type FigureKind = "gas" | "speed";

export interface Figure {
  key: string;
  kind: FigureKind;
  /** Unit of a speed figure (s, ms, MB); gas figures are in gas. */
  unit?: string;
  target: number;
  /** What the figure is compared with, and where that number comes from. */
  anchor: string;
  /** For gas: the chain state the transaction runs in. */
  state?: string;
  /** Measured only as the anchor of another figure: reported, never counted as a miss. */
  anchorOnly?: boolean;
}

export const FIGURES: Figure[] = [
  {
    key: "open.transfer",
    kind: "gas",
    target: 51_500,
    anchor: "reference: an OpenZeppelin ERC-20 transfer to a new holder costs ~51,000 (21,000 base + 2 balance writes)",
    state: "sender holds OPEN, recipient never held any (first-time)",
  },
  {
    key: "datanet.create",
    kind: "gas",
    target: 250_000,
    anchor: "an ERC-721 mint with two string URIs and a config slot (OZ ERC721 mint alone ~ 70,000)",
    state: "second Datanet of the registry, first of its owner",
  },
  {
    key: "datanet.contribute",
    kind: "gas",
    target: 110_000,
    anchor: "issue target 110,000; three new storage slots + event",
    state: "repeat contributor, open Datanet, no bond",
  },
  {
    key: "datanet.reviewBatch50.perItem",
    kind: "gas",
    target: 15_000,
    anchor: "one status write per item (2,900-5,000) plus calldata and event",
    state: "50 pending contributions, accepted in one call",
  },
  {
    key: "model.register",
    kind: "gas",
    target: 300_000,
    anchor: "an ERC-721 mint with metadata and one training version",
    state: "second model of its owner, trained on one Datanet version",
  },
  {
    key: "infer.pay",
    kind: "gas",
    target: 80_000,
    anchor: "issue target; an ERC-20 transferFrom alone is ~35,000 warm",
    state: "repeat payer with an unlimited allowance, same model and epoch as its previous payment",
  },
  {
    key: "infer.redeemBatch50.perVoucher",
    kind: "gas",
    target: 15_000,
    anchor: "The Graph TAP redeems one aggregated voucher per call; ours redeem 50 cumulative vouchers per batch",
    state: "50 payers with escrow, each redeeming its second voucher",
  },
  {
    key: "infer.perInference.at100PerVoucher",
    kind: "gas",
    target: 150,
    anchor: "per-voucher gas / 100 inferences per voucher",
    state: "as infer.redeemBatch50.perVoucher",
  },
  {
    key: "stake.first",
    kind: "gas",
    target: 130_000,
    anchor: "issue target; ERC20Votes-style checkpoints + transferFrom",
    state: "account that never staked, unlimited allowance",
  },
  {
    key: "stake.repeat",
    kind: "gas",
    target: 90_000,
    anchor: "issue target",
    state: "adding to an existing stake, unlimited allowance",
  },
  {
    key: "oracle.attest",
    kind: "gas",
    target: 60_000,
    anchor: "issue target; one signature-free vote write",
    state:
      "second oracle attesting a report that does not yet reach quorum; both attested the previous epoch (bitmap word exists); 7 registered oracles, dataURI 18 bytes",
  },
  {
    key: "oracle.submit7sigs",
    kind: "gas",
    target: 150_000,
    anchor: "issue target; 7 ecrecover (~3,000 each) plus 7 checkpoint lookups",
    state:
      "fresh epoch (the submission fixes the epoch's total oracle stake), 7 registered oracles with one stake checkpoint each",
  },
  {
    key: "rewards.claim.first",
    kind: "gas",
    target: 90_000,
    anchor: "Uniswap merkle-distributor claim ~ 80,000 with a shorter proof",
    state: "first claim, 20-element proof (2^20-leaf tree); claimant already holds OPEN, distributor keeps a balance",
  },
  {
    key: "rewards.claim.repeat",
    kind: "gas",
    target: 73_000,
    anchor:
      "issue 13 target (decision 0236's floor analysis accepted: bounded, upgradeable distributor, ERC-20 payout)",
    state: "second claim of the same account after a newer root, 20-element proof; distributor keeps a balance",
  },
  {
    key: "gov.castVote",
    kind: "gas",
    target: 90_000,
    anchor: "OZ Governor castVote with GovernorCountingSimple ~ 70,000-85,000",
    state:
      "first vote ever of the account, first For vote of the proposal, before quorum (late-quorum check runs); " +
      "the voter has one votes checkpoint, the total supply five",
  },
  {
    key: "merkle.build1M.s",
    kind: "speed",
    unit: "s",
    target: 20,
    anchor: "merkle.build100k.ozLibrary.s x 10 (the library is O(n log n)): ~150 s for 1M accounts",
  },
  {
    key: "merkle.build100k.ozLibrary.s",
    kind: "speed",
    unit: "s",
    target: 20,
    anchorOnly: true,
    anchor:
      "the anchor for merkle.build1M.s, not a target of ours: @openzeppelin/merkle-tree StandardMerkleTree.of + every " +
      "proof, 100,000 accounts, same run",
  },
  {
    key: "spans.index10M.s",
    kind: "speed",
    unit: "s",
    target: 60,
    anchor:
      "engine author: 12.3 s for 10.9 M tokens, 6 perturbed copies of all SOTU addresses (docs/attribution.md, Performance); " +
      "here the 233 SOTU addresses as published + 5 seeded perturbed copies (3% of words substituted, 1% deleted): " +
      "1,398 docs, 10.8 M tokens, wall time of buildSpanIndex (tokenize, ids, suffix array)",
  },
  {
    key: "spans.index10M.rssMB",
    kind: "speed",
    unit: "MB",
    target: 2048,
    anchor:
      "engine author: 568 MB peak in-process (docs/attribution.md, Performance); here maxRSS of a child process that only " +
      "loads the corpus, indexes it and runs the query figure, so the runner's memory is not counted",
  },
  {
    key: "spans.query500.ms",
    kind: "speed",
    unit: "ms",
    target: 100,
    anchor:
      "engine author: 3.8 ms (300 copied tokens in filler), 30 ms fully copied (docs/attribution.md, Performance); here the " +
      "median of 20 outputs of ~500 tokens, each 3 passages of 60-120 tokens from indexed docs between SpamAssassin " +
      "ham text, against the spans.index10M index, after 3 warm-up outputs",
  },
  {
    key: "influence.n5000p1024q100.s",
    kind: "speed",
    unit: "s",
    target: 30,
    anchor:
      "engine author: 17.7 s with dense features (docs/attribution.md, Performance); here REAL data: SpamAssassin e-mail " +
      "bodies (seeded shuffle of all 6,046; 5,000 train, 100 queries) hashed to 1,024 buckets by the engine's " +
      "featurizer (sparse, ~150 set per row), lambda 0.01, train to 1e-10 + exact influence; loading untimed",
  },
  {
    key: "oracle.epoch10k.s",
    kind: "speed",
    unit: "s",
    target: 120,
    anchor: "one epoch of 10,000 inferences over 10,000 contributions, end to end (engine, amounts, tree, proofs)",
  },
  {
    key: "indexer.events100k.s",
    kind: "speed",
    unit: "s",
    target: 60,
    anchor:
      "issue target; 100,000 payment events (5,000 direct payments, 100 per block; 95,000 vouchers redeemed in batches " +
      "of 750, then 32 empty blocks so that all are final) from a local hardhat node into an empty PGlite database, " +
      "from starting the indexer (Ponder's start-up included) to its last event",
  },
  {
    key: "test.suite.s",
    kind: "speed",
    unit: "s",
    target: 900,
    anchor: "issue target for `npm test`: under 15 minutes",
  },
];
