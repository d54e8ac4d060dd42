/**
 * What a dApp queries. Amounts are uint256 (Ponder's `bigint`, numeric(78) in Postgres), addresses lowercase hex.
 * Every table is rebuilt from events alone, so a reorganization rolls each one back with the blocks it came from.
 *
 * Sections: the raw event log; Datanets; models; agents; payments; epochs, reports and disputes; staking;
 * governance; claims; treasury and fee flows.
 */
import { index, onchainTable, primaryKey, relations } from "ponder";

// ------------------------------------------------------------------------------------------------ every event

/** Every event of every indexed contract, decoded (args as JSON with uint256 as decimal strings). */
export const protocolEvent = onchainTable(
  "protocol_event",
  (t) => ({
    id: t.text().primaryKey(),
    contract: t.text().notNull(),
    name: t.text().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
    args: t.json().notNull(),
  }),
  (table) => ({ byName: index().on(table.contract, table.name), byBlock: index().on(table.blockNumber) }),
);

// ------------------------------------------------------------------------------------------------ Datanets

export const datanet = onchainTable("datanet", (t) => ({
  id: t.bigint().primaryKey(),
  owner: t.hex().notNull(),
  config: t.json().notNull(),
  contributions: t.integer().notNull(),
  accepted: t.integer().notNull(),
  rejected: t.integer().notNull(),
  versions: t.integer().notNull(),
  createdAt: t.bigint().notNull(),
}));

export const curator = onchainTable(
  "curator",
  (t) => ({ datanetId: t.bigint().notNull(), account: t.hex().notNull(), active: t.boolean().notNull() }),
  (table) => ({ pk: primaryKey({ columns: [table.datanetId, table.account] }) }),
);

/** ContributorAllowed: an account on a Datanet's contributor allowlist (allowlist policy). */
export const datanetContributor = onchainTable(
  "datanet_contributor",
  (t) => ({ datanetId: t.bigint().notNull(), account: t.hex().notNull(), allowed: t.boolean().notNull() }),
  (table) => ({ pk: primaryKey({ columns: [table.datanetId, table.account] }) }),
);

/** TrainerApproved: a trainer the Datanet's owner approved (or no longer approves) to train on it. */
export const datanetTrainer = onchainTable(
  "datanet_trainer",
  (t) => ({ datanetId: t.bigint().notNull(), trainer: t.hex().notNull(), approved: t.boolean().notNull() }),
  (table) => ({ pk: primaryKey({ columns: [table.datanetId, table.trainer] }) }),
);

export const contribution = onchainTable(
  "contribution",
  (t) => ({
    id: t.bigint().primaryKey(),
    datanetId: t.bigint().notNull(),
    contributor: t.hex().notNull(),
    contentHash: t.hex().notNull(),
    uri: t.text().notNull(),
    bond: t.bigint().notNull(),
    /** pending | accepted | rejected | withdrawn (by its contributor after the review timeout, bond refunded) */
    status: t.text().notNull(),
    reviewer: t.hex(),
    bondRecipient: t.hex(),
    submittedAt: t.bigint().notNull(),
    reviewedAt: t.bigint(),
    withdrawnAt: t.bigint(),
  }),
  (table) => ({ byDatanet: index().on(table.datanetId), byContributor: index().on(table.contributor) }),
);

export const datanetVersion = onchainTable(
  "datanet_version",
  (t) => ({
    datanetId: t.bigint().notNull(),
    version: t.integer().notNull(),
    merkleRoot: t.hex().notNull(),
    count: t.integer().notNull(),
    uri: t.text().notNull(),
    publisher: t.hex().notNull(),
    publishedAt: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.datanetId, table.version] }) }),
);

// ------------------------------------------------------------------------------------------------ models

export const model = onchainTable("model", (t) => ({
  id: t.bigint().primaryKey(),
  owner: t.hex().notNull(),
  operator: t.hex().notNull(),
  /** Lineage: the model this one was fine-tuned from (0 = none). */
  baseModelId: t.bigint().notNull(),
  weightsHash: t.hex().notNull(),
  metadataURI: t.text().notNull(),
  pricePerUnit: t.bigint().notNull(),
  contributorShareBps: t.integer().notNull(),
  /**
   * A scheduled decrease of the contributor share (ModelContributorShareScheduled): it applies from
   * `pendingShareEffectiveAt` on with no event of its own, so the share in force is the pending one once that time has
   * passed. Null when none (an immediate change clears it).
   */
  pendingContributorShareBps: t.integer(),
  pendingShareEffectiveAt: t.bigint(),
  /** 1 active, 2 paused, 3 retired (ModelRegistry.ModelStatus) */
  status: t.integer().notNull(),
  shares: t.hex(),
  revenue: t.bigint().notNull(),
  payments: t.integer().notNull(),
  contributorAmount: t.bigint().notNull(),
  ownerAmount: t.bigint().notNull(),
  registeredAt: t.bigint().notNull(),
}));

/** The Datanet versions a model was trained on. */
export const modelTrainedOn = onchainTable(
  "model_trained_on",
  (t) => ({ modelId: t.bigint().notNull(), datanetId: t.bigint().notNull(), version: t.integer().notNull() }),
  (table) => ({ pk: primaryKey({ columns: [table.modelId, table.datanetId, table.version] }) }),
);

// ------------------------------------------------------------------------------------------------ agents

export const agent = onchainTable("agent", (t) => ({
  id: t.bigint().primaryKey(),
  owner: t.hex().notNull(),
  operator: t.hex().notNull(),
  metadataURI: t.text().notNull(),
  /** funded - spent - withdrawn: what the registry holds for the agent. */
  budget: t.bigint().notNull(),
  funded: t.bigint().notNull(),
  spent: t.bigint().notNull(),
  withdrawn: t.bigint().notNull(),
}));

export const agentModel = onchainTable(
  "agent_model",
  (t) => ({ agentId: t.bigint().notNull(), modelId: t.bigint().notNull(), allowed: t.boolean().notNull() }),
  (table) => ({ pk: primaryKey({ columns: [table.agentId, table.modelId] }) }),
);

// ------------------------------------------------------------------------------------------------ payments

/** One InferencePaid (direct or from an agent's budget) or one VouchersRedeemed batch, with its split. */
export const payment = onchainTable(
  "payment",
  (t) => ({
    id: t.text().primaryKey(),
    /** direct | agent | vouchers */
    kind: t.text().notNull(),
    modelId: t.bigint().notNull(),
    /** The payer (direct), the agent's operator (agent), the model's operator who redeemed (vouchers). */
    payer: t.hex().notNull(),
    agentId: t.bigint().notNull(),
    epoch: t.bigint().notNull(),
    amount: t.bigint().notNull(),
    units: t.bigint().notNull(),
    requestHash: t.hex(),
    protocolFee: t.bigint().notNull(),
    stakerFee: t.bigint().notNull(),
    contributorAmount: t.bigint().notNull(),
    ownerAmount: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ byModelEpoch: index().on(table.modelId, table.epoch), byPayer: index().on(table.payer) }),
);

/** A model's takings in one epoch: its attribution pool is `contributorAmount`. */
export const modelEpoch = onchainTable(
  "model_epoch",
  (t) => ({
    modelId: t.bigint().notNull(),
    epoch: t.bigint().notNull(),
    payments: t.integer().notNull(),
    revenue: t.bigint().notNull(),
    protocolFee: t.bigint().notNull(),
    stakerFee: t.bigint().notNull(),
    contributorAmount: t.bigint().notNull(),
    ownerAmount: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.modelId, table.epoch] }) }),
);

/** Who paid a model, and how much (vouchers count for the payer who signed them). */
export const modelPayer = onchainTable(
  "model_payer",
  (t) => ({
    modelId: t.bigint().notNull(),
    payer: t.hex().notNull(),
    amount: t.bigint().notNull(),
    payments: t.integer().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.modelId, table.payer] }) }),
);

export const escrow = onchainTable(
  "escrow",
  (t) => ({
    payer: t.hex().notNull(),
    modelId: t.bigint().notNull(),
    /** deposited - redeemed - withdrawn */
    balance: t.bigint().notNull(),
    deposited: t.bigint().notNull(),
    redeemed: t.bigint().notNull(),
    withdrawn: t.bigint().notNull(),
    /** Highest cumulative voucher amount redeemed. */
    cumulativeRedeemed: t.bigint().notNull(),
    thawAmount: t.bigint().notNull(),
    thawEnd: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.payer, table.modelId] }) }),
);

export const voucherRedemption = onchainTable(
  "voucher_redemption",
  (t) => ({
    id: t.text().primaryKey(),
    payer: t.hex().notNull(),
    modelId: t.bigint().notNull(),
    cumulativeAmount: t.bigint().notNull(),
    paid: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
  }),
  (table) => ({ byPayer: index().on(table.payer, table.modelId) }),
);

/** A voucher of a redeemed batch that paid nothing because of its signature (the rest of the batch went on). */
export const voucherSkip = onchainTable(
  "voucher_skip",
  (t) => ({
    id: t.text().primaryKey(),
    payer: t.hex().notNull(),
    modelId: t.bigint().notNull(),
    cumulativeAmount: t.bigint().notNull(),
    /** The recovered key (zero address when none). */
    signer: t.hex().notNull(),
    /** bad-signature | unauthorized-signer (InferencePayments.VoucherSkipReason) */
    reason: t.text().notNull(),
    blockNumber: t.bigint().notNull(),
  }),
  (table) => ({ byPayer: index().on(table.payer, table.modelId) }),
);

/**
 * A key a payer authorized to sign its vouchers (SignerAuthorized), for every model. Revoked (SignerRevoked): vouchers
 * it signed stay redeemable until `validUntil`; authorizing it again makes it active and clears the revocation.
 */
export const payerSigner = onchainTable(
  "payer_signer",
  (t) => ({
    payer: t.hex().notNull(),
    signer: t.hex().notNull(),
    /** active | revoked */
    status: t.text().notNull(),
    authorizedAt: t.bigint().notNull(),
    revokedAt: t.bigint(),
    /** After a revocation: until when (unix seconds) vouchers it signed are still honoured. */
    validUntil: t.bigint(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.payer, table.signer] }),
    bySigner: index().on(table.signer),
  }),
);

// ------------------------------------------------------------------------------------------------ epochs, reports

/**
 * One attribution epoch. `pool` is the sum of every model's attribution pool; status: open | accepted | disputed |
 * reopened (its report was voided: upheld dispute, rejected, built on a rejected one, or expired dispute) | discarded |
 * finalized | forced | skipped. claimsStatus: pending (not finalized) | available | unavailable (claimsReason says
 * why: data URI unreachable, malformed, or rebuilding another root than the chain's).
 */
export const epoch = onchainTable("epoch", (t) => ({
  id: t.bigint().primaryKey(),
  pool: t.bigint().notNull(),
  revenue: t.bigint().notNull(),
  payments: t.integer().notNull(),
  status: t.text().notNull(),
  reportHash: t.hex(),
  cumulativeRewardsRoot: t.hex(),
  cumulativeTotal: t.bigint(),
  attributionRoot: t.hex(),
  dataURI: t.text(),
  disputes: t.integer().notNull(),
  finalizedAt: t.bigint(),
  released: t.bigint(),
  claimsStatus: t.text().notNull(),
  claimsReason: t.text(),
  /** How many times the data document was fetched (1 at finalization, then one per retry while unreachable). */
  claimsAttempts: t.integer().notNull(),
  /** While unreachable: the block from which the next retry runs (bounded backoff); null otherwise. */
  claimsRetryBlock: t.bigint(),
  claimants: t.integer().notNull(),
}));

/**
 * One row (`id` = "claims"): the finalized epochs whose data document was unreachable and is retried (decision 0505),
 * as decimal strings. The block handler reads this one row, not the epoch table, on each of its blocks.
 */
export const claimsRetry = onchainTable("claims_retry", (t) => ({
  id: t.text().primaryKey(),
  epochs: t.json().notNull(),
}));

export const report = onchainTable(
  "report",
  (t) => ({
    epoch: t.bigint().notNull(),
    reportHash: t.hex().notNull(),
    round: t.integer().notNull(),
    weight: t.bigint().notNull(),
    attestations: t.integer().notNull(),
    accepted: t.boolean().notNull(),
    cumulativeRewardsRoot: t.hex(),
    cumulativeTotal: t.bigint(),
    attributionRoot: t.hex(),
    dataURI: t.text(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.epoch, table.reportHash] }) }),
);

/** One oracle's backing of a report: an on-chain attestation or a signature in a submission. */
export const attestation = onchainTable("attestation", (t) => ({
  id: t.text().primaryKey(),
  epoch: t.bigint().notNull(),
  reportHash: t.hex().notNull(),
  oracle: t.hex().notNull(),
  round: t.integer(),
  weight: t.bigint(),
  /** attested | signed */
  via: t.text().notNull(),
}));

export const inferenceLog = onchainTable(
  "inference_log",
  (t) => ({
    modelId: t.bigint().notNull(),
    epoch: t.bigint().notNull(),
    operator: t.hex().notNull(),
    root: t.hex().notNull(),
    uri: t.text().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.modelId, table.epoch] }) }),
);

/** One AttributionDisputes dispute: `<epoch>-<n>`, the epoch's n-th dispute. */
export const dispute = onchainTable("dispute", (t) => ({
  id: t.text().primaryKey(),
  epoch: t.bigint().notNull(),
  /** The report round the dispute froze. */
  round: t.integer().notNull(),
  disputer: t.hex().notNull(),
  bond: t.bigint().notNull(),
  /** open | upheld | rejected | expired (nobody ruled in time) | moot (its round was voided first) */
  outcome: t.text().notNull(),
  /** Who ruled (the resolver or the DAO); null while open or when it expired. */
  resolver: t.hex(),
  slashed: t.bigint(),
  disputerReward: t.bigint(),
  /** After an expiry: the bond the epoch's next dispute costs. */
  nextBond: t.bigint(),
  openedAt: t.bigint().notNull(),
  resolvedAt: t.bigint(),
}));

/** One slash of an oracle's stake by the court (one OracleSlashed event): a signer of an upheld report, or an equivocation. */
export const oracleSlash = onchainTable("oracle_slash", (t) => ({
  id: t.text().primaryKey(),
  oracle: t.hex().notNull(),
  epoch: t.bigint().notNull(),
  amount: t.bigint().notNull(),
  /** dispute (an upheld report's signer, at once or in a deferred page) | equivocation */
  reason: t.text().notNull(),
  reporter: t.hex(),
}));

/**
 * An upheld dispute whose signers were too many to slash at once (SlashingDeferred): slashed page by page
 * (PageSlashed). `<epoch>-<round>`.
 */
export const slashingDeferral = onchainTable("slashing_deferral", (t) => ({
  id: t.text().primaryKey(),
  epoch: t.bigint().notNull(),
  round: t.integer().notNull(),
  signers: t.bigint().notNull(),
  pages: t.bigint().notNull(),
  pagesSlashed: t.integer().notNull(),
  slashed: t.bigint().notNull(),
  disputerReward: t.bigint().notNull(),
  deferredAt: t.bigint().notNull(),
}));

/**
 * A pull-payment withdrawal: the court's credits (bond refunds and disputer rewards, AttributionDisputes.Withdrawn),
 * or a contributor's refunded bonds (DatanetRegistry.BondsWithdrawn).
 */
export const withdrawal = onchainTable(
  "withdrawal",
  (t) => ({
    id: t.text().primaryKey(),
    /** court | datanet-bonds */
    source: t.text().notNull(),
    account: t.hex().notNull(),
    amount: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ byAccount: index().on(table.account) }),
);

// ------------------------------------------------------------------------------------------------ staking

export const staker = onchainTable("staker", (t) => ({
  account: t.hex().primaryKey(),
  activeStake: t.bigint().notNull(),
  unbonding: t.bigint().notNull(),
  staked: t.bigint().notNull(),
  withdrawn: t.bigint().notNull(),
  slashed: t.bigint().notNull(),
  rewardsClaimed: t.bigint().notNull(),
  delegate: t.hex(),
  votes: t.bigint().notNull(),
  /** Registered roles: 1 attribution oracle, 2 compute provider (OpenStaking.OperatorRole), as a list. */
  roles: t.json().notNull(),
}));

export const stakeSlash = onchainTable("stake_slash", (t) => ({
  id: t.text().primaryKey(),
  operator: t.hex().notNull(),
  fromActive: t.bigint().notNull(),
  fromUnbonding: t.bigint().notNull(),
  recipient: t.hex().notNull(),
  blockNumber: t.bigint().notNull(),
}));

export const delegation = onchainTable("delegation", (t) => ({
  id: t.text().primaryKey(),
  delegator: t.hex().notNull(),
  fromDelegate: t.hex().notNull(),
  toDelegate: t.hex().notNull(),
  blockNumber: t.bigint().notNull(),
}));

// ------------------------------------------------------------------------------------------------ governance

export const proposal = onchainTable("proposal", (t) => ({
  id: t.bigint().primaryKey(),
  proposer: t.hex().notNull(),
  description: t.text().notNull(),
  targets: t.json().notNull(),
  voteStart: t.bigint().notNull(),
  voteEnd: t.bigint().notNull(),
  /** pending | queued | executed | canceled */
  state: t.text().notNull(),
  eta: t.bigint(),
  forVotes: t.bigint().notNull(),
  againstVotes: t.bigint().notNull(),
  abstainVotes: t.bigint().notNull(),
  votes: t.integer().notNull(),
}));

export const vote = onchainTable(
  "vote",
  (t) => ({
    proposalId: t.bigint().notNull(),
    voter: t.hex().notNull(),
    support: t.integer().notNull(),
    weight: t.bigint().notNull(),
    reason: t.text().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.proposalId, table.voter] }) }),
);

// ------------------------------------------------------------------------------------------------ claims

/** One RewardDistributor claim. */
export const claim = onchainTable(
  "claim",
  (t) => ({
    id: t.text().primaryKey(),
    account: t.hex().notNull(),
    to: t.hex().notNull(),
    amount: t.bigint().notNull(),
    cumulativeAmount: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
  }),
  (table) => ({ byAccount: index().on(table.account) }),
);

/** An entry of a `claimBatch` that paid nothing (ClaimSkipped); the rest of the batch went on. */
export const claimSkip = onchainTable(
  "claim_skip",
  (t) => ({
    id: t.text().primaryKey(),
    account: t.hex().notNull(),
    /** The entry's position in the batch. */
    index: t.bigint().notNull(),
    /** nothing-to-claim | invalid-proof | exceeds-finalized (IRewardDistributor.ClaimSkipReason) */
    reason: t.text().notNull(),
    /** Who sent the batch (a relayer, or the account). */
    caller: t.hex().notNull(),
    blockNumber: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ byAccount: index().on(table.account) }),
);

/**
 * An account's leaf in a finalized epoch's rewards tree (from the report's data document, rebuilt and checked against
 * the on-chain root): the cumulative amount and its proof.
 */
export const claimable = onchainTable(
  "claimable",
  (t) => ({
    epoch: t.bigint().notNull(),
    account: t.hex().notNull(),
    cumulativeAmount: t.bigint().notNull(),
    proof: t.json().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.epoch, table.account] }) }),
);

/** What an account earned in one epoch from one model (the data document's per-model amounts). */
export const earning = onchainTable(
  "earning",
  (t) => ({
    account: t.hex().notNull(),
    epoch: t.bigint().notNull(),
    modelId: t.bigint().notNull(),
    amount: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.account, table.epoch, table.modelId] }) }),
);

/** Per account: what the RewardDistributor has paid it so far, and where its rewards go. */
export const account = onchainTable("account", (t) => ({
  address: t.hex().primaryKey(),
  claimed: t.bigint().notNull(),
  claims: t.integer().notNull(),
  /** RewardRecipientSet: the account's rewards are paid here (null: to the account itself). */
  recipient: t.hex(),
}));

// ------------------------------------------------------------------------------------------------ treasury, fee flows

/** A vesting grant the Treasury created (GrantCreated): its wallet, beneficiary and schedule. */
export const grant = onchainTable("grant", (t) => ({
  id: t.bigint().primaryKey(),
  wallet: t.hex().notNull(),
  beneficiary: t.hex().notNull(),
  amount: t.bigint().notNull(),
  start: t.bigint().notNull(),
  cliffSeconds: t.bigint().notNull(),
  durationSeconds: t.bigint().notNull(),
  /** ITreasury.GrantPurpose, decoded. */
  purpose: t.json().notNull(),
  createdAt: t.bigint().notNull(),
}));

/** A Treasury transfer (Transferred): `token` (zero address: native) sent to `to`. */
export const treasuryTransfer = onchainTable("treasury_transfer", (t) => ({
  id: t.text().primaryKey(),
  token: t.hex().notNull(),
  to: t.hex().notNull(),
  amount: t.bigint().notNull(),
  blockNumber: t.bigint().notNull(),
}));

/**
 * Money leaving InferencePayments' accrued balances, and fees arriving: protocol fees to the treasury, staker fees
 * to staking, a model's revenue to its recipient, attribution funds released to the RewardDistributor
 * (InferencePayments), fees the Treasury and OpenStaking took in.
 */
export const feeFlow = onchainTable(
  "fee_flow",
  (t) => ({
    id: t.text().primaryKey(),
    /** protocol-fees | staker-fees | model-revenue | attribution-release | treasury-fees | staking-fees */
    kind: t.text().notNull(),
    /** The contract that emitted it. */
    contract: t.text().notNull(),
    /** Who received it (null for fees arriving at the emitting contract itself). */
    recipient: t.hex(),
    modelId: t.bigint(),
    amount: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
  }),
  (table) => ({ byKind: index().on(table.kind) }),
);

// ------------------------------------------------------------------------------------------------ relations

// Relation names differ from column names (GraphQL would shadow a column such as `datanet.contributions`).
export const datanetRelations = relations(datanet, ({ many }) => ({
  contributionList: many(contribution),
  versionList: many(datanetVersion),
}));
export const contributionRelations = relations(contribution, ({ one }) => ({
  datanet: one(datanet, { fields: [contribution.datanetId], references: [datanet.id] }),
}));
export const datanetVersionRelations = relations(datanetVersion, ({ one }) => ({
  datanet: one(datanet, { fields: [datanetVersion.datanetId], references: [datanet.id] }),
}));
export const modelRelations = relations(model, ({ one, many }) => ({
  baseModel: one(model, { fields: [model.baseModelId], references: [model.id], relationName: "lineage" }),
  derivedModels: many(model, { relationName: "lineage" }),
  trainedOn: many(modelTrainedOn),
  epochs: many(modelEpoch),
  payers: many(modelPayer),
  paymentHistory: many(payment),
}));
export const modelTrainedOnRelations = relations(modelTrainedOn, ({ one }) => ({
  model: one(model, { fields: [modelTrainedOn.modelId], references: [model.id] }),
}));
export const modelEpochRelations = relations(modelEpoch, ({ one }) => ({
  model: one(model, { fields: [modelEpoch.modelId], references: [model.id] }),
}));
export const modelPayerRelations = relations(modelPayer, ({ one }) => ({
  model: one(model, { fields: [modelPayer.modelId], references: [model.id] }),
}));
export const paymentRelations = relations(payment, ({ one }) => ({
  model: one(model, { fields: [payment.modelId], references: [model.id] }),
}));
export const agentRelations = relations(agent, ({ many }) => ({ models: many(agentModel) }));
export const agentModelRelations = relations(agentModel, ({ one }) => ({
  agent: one(agent, { fields: [agentModel.agentId], references: [agent.id] }),
}));
export const epochRelations = relations(epoch, ({ many }) => ({
  reports: many(report),
  claimables: many(claimable),
}));
export const reportRelations = relations(report, ({ one }) => ({
  epochRow: one(epoch, { fields: [report.epoch], references: [epoch.id] }),
}));
export const claimableRelations = relations(claimable, ({ one }) => ({
  epochRow: one(epoch, { fields: [claimable.epoch], references: [epoch.id] }),
}));
export const proposalRelations = relations(proposal, ({ many }) => ({ votesCast: many(vote) }));
export const voteRelations = relations(vote, ({ one }) => ({
  proposal: one(proposal, { fields: [vote.proposalId], references: [proposal.id] }),
}));
