/**
 * @openledger/sdk: read and write the OpenLedger protocol from a dApp, with ethers v6 or viem.
 *
 *   const client = await createClient({ transport: ethersTransport(signer) });           // ethers
 *   const client = await createClient({ transport: viemTransport({ publicClient, walletClient }) }); // viem
 *   await approveAsset(client, { spender: "InferencePayments", amount });
 *   await pay(client, { modelId, units: 1n, requestHash });
 *   const found = await getClaim(client, { account, content: { ipfsGateway } });
 *   if (found && found.claimable > 0n) await claim(client, found);
 *   // History from an indexer (`npm run indexer`), or from the chain when no indexerUrl is given:
 *   const client = await createClient({ transport, indexerUrl: "http://127.0.0.1:42069" });
 *   const { perModel } = await getEarnings(client, { account });
 */
export { createClient, addressOf, read, write, decodeReceipt, eventOf } from "./client.js";
export type {
  OpenLedgerClient,
  CreateClientParameters,
  ContractName,
  Deployment,
  WriteResult,
  DecodedEvent,
} from "./client.js";
export { ethersTransport, viemTransport, ReadOnlyTransportError } from "./transport.js";
export type { Transport, CallRequest, Log, Receipt, LogFilter, TypedData } from "./transport.js";
export { decodeRevert, formatRevert, revertDataOf, OpenLedgerError } from "./errors.js";
export type { DecodedRevert } from "./errors.js";
export { fetchContent, ContentUnavailableError, type ContentSource } from "./content.js";

export { createDatanet, type CreateDatanetParameters, type CreateDatanetReturnType } from "./actions/createDatanet.js";
export { contribute, type ContributeParameters, type ContributeReturnType } from "./actions/contribute.js";
export { reviewContributions, type ReviewContributionsParameters } from "./actions/reviewContributions.js";
export {
  publishVersion,
  type PublishVersionParameters,
  type PublishVersionReturnType,
} from "./actions/publishVersion.js";
export { registerModel, type RegisterModelParameters, type RegisterModelReturnType } from "./actions/registerModel.js";
export { approveAsset, type ApproveAssetParameters } from "./actions/approveAsset.js";
export { pay, type PayParameters, type PayReturnType } from "./actions/pay.js";
export { depositEscrow, type DepositEscrowParameters } from "./actions/depositEscrow.js";
export {
  signVoucher,
  compactSignature,
  type SignVoucherParameters,
  type SignedVoucher,
} from "./actions/signVoucher.js";
export {
  redeemVouchers,
  type RedeemVouchersParameters,
  type RedeemVouchersReturnType,
} from "./actions/redeemVouchers.js";
export { registerAgent, fundAgent, payFromAgent, type RegisterAgentParameters } from "./actions/agents.js";
export { stake, delegate } from "./actions/staking.js";
export {
  getClaim,
  finalizedDataURI,
  ClaimDataError,
  ATTRIBUTION_DATA_FORMAT,
  type Claim,
  type GetClaimParameters,
} from "./actions/getClaim.js";
export { claim } from "./actions/claim.js";
export {
  getClaimFromIndexer,
  getEarnings,
  getModelRevenue,
  getContributions,
  IndexerError,
  type GetEarningsParameters,
  type Earnings,
  type ModelRevenue,
  type Contribution,
} from "./indexer.js";
export { setRewardRecipient } from "./actions/setRewardRecipient.js";
export { authorizeSigner, revokeSigner } from "./actions/signers.js";
export { commitInferenceLog, type CommitInferenceLogParameters } from "./actions/commitInferenceLog.js";
export * from "./formats.js";

// The kernel's public API (ABIs, enums, address book, typed structs and their signing, epoch clock): docs/decisions/0541.
export * from "../protocol/index.js";
export { buildRewardsTree, type RewardsTree } from "../rewards/index.js";
