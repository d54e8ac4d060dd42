import { ZeroHash, getAddress } from "ethers";

import { buildRewardsTree } from "../../rewards/index.js";
import { read, type OpenLedgerClient } from "../client.js";
import { fetchContent, type ContentSource } from "../content.js";
import { getClaimFromIndexer } from "../indexer.js";

/** The format tag of the attribution data document the oracles publish (docs/spec). */
export const ATTRIBUTION_DATA_FORMAT = "openledger.attribution-data/1";

export interface GetClaimParameters {
  account: string;
  /** Where to fetch the finalized report's data document from. */
  content?: ContentSource;
}

export interface Claim {
  account: string;
  /** The epoch whose report is live in the RewardDistributor. */
  epoch: bigint;
  /** The live rewards root the proof leads to. */
  root: string;
  /** The finalized report's data document. */
  dataURI: string;
  /** Everything the account may ever have claimed up to that epoch (0 when it has no leaf). */
  cumulativeAmount: bigint;
  claimed: bigint;
  /** What a claim pays now: cumulativeAmount - claimed. */
  claimable: bigint;
  /** Siblings from the account's leaf to the root; empty when it has no leaf. */
  proof: string[];
}

export class ClaimDataError extends Error {
  override name = "ClaimDataError";
}

/**
 * What `account` can claim, with the proof: reads the RewardDistributor's live root and epoch, finds that epoch's
 * finalized report and its data document, fetches the document, rebuilds the rewards tree from its amounts and checks
 * it against the on-chain root and total before trusting a single number. Null while no epoch is finalized. With
 * the client's `indexerUrl`, the amount and proof come from the indexer and are verified against the live root
 * (src/sdk/indexer.ts); an indexer that has not caught up with that root is passed over for the chain.
 */
export async function getClaim(
  client: OpenLedgerClient,
  { account, content }: GetClaimParameters,
): Promise<Claim | null> {
  if (client.indexerUrl !== undefined) {
    const served = await getClaimFromIndexer(client, account);
    if (served !== undefined) return served;
  }
  const root = ((await read<string>(client, "RewardDistributor", "merkleRoot")) as string).toLowerCase();
  if (root === ZeroHash) return null;
  const epoch = await read<bigint>(client, "RewardDistributor", "rootEpoch");
  const total = await read<bigint>(client, "RewardDistributor", "cumulativeTotal");
  const dataURI = await finalizedDataURI(client, epoch, root);
  const amounts = parseAccounts(await fetchContent(dataURI, content), dataURI);
  // The fast builder needs Node's Buffer; in a browser the library builds the same tree.
  const tree = buildRewardsTree(amounts, typeof Buffer === "undefined" ? "library" : "auto");
  if (tree.root.toLowerCase() !== root || tree.total !== total) {
    throw new ClaimDataError(
      `the data of epoch ${epoch} (${dataURI}) builds root ${tree.root} and total ${tree.total}, ` +
        `but the RewardDistributor holds root ${root} and total ${total}`,
    );
  }
  const checksummed = getAddress(account);
  const claimed = await read<bigint>(client, "RewardDistributor", "claimed", [checksummed]);
  const has = tree.has(checksummed);
  const cumulativeAmount = has ? tree.amountOf(checksummed) : 0n;
  return {
    account: checksummed,
    epoch,
    root,
    dataURI,
    cumulativeAmount,
    claimed,
    claimable: cumulativeAmount > claimed ? cumulativeAmount - claimed : 0n,
    proof: has ? tree.getProof(checksummed) : [],
  };
}

/**
 * The data URI of the report `epoch` was finalized with, from AttributionOracle's `finalizedReport` view (kept for
 * every finalized epoch; `finalize` checks it against the accepted report's hash). Its root must be `root`.
 */
export async function finalizedDataURI(client: OpenLedgerClient, epoch: bigint, root: string): Promise<string> {
  const [found, finalizedRoot, , dataURI] = await read<[boolean, string, bigint, string]>(
    client,
    "AttributionOracle",
    "finalizedReport",
    [epoch],
  );
  if (!found || finalizedRoot.toLowerCase() !== root) {
    throw new ClaimDataError(`no finalized report of epoch ${epoch} has root ${root}`);
  }
  return dataURI;
}

function parseAccounts(bytes: Uint8Array, uri: string): Map<string, bigint> {
  let doc: { format?: unknown; accounts?: unknown };
  try {
    doc = JSON.parse(new TextDecoder().decode(bytes)) as typeof doc;
  } catch {
    throw new ClaimDataError(`${uri} is not JSON`);
  }
  if (doc.format !== ATTRIBUTION_DATA_FORMAT)
    throw new ClaimDataError(`${uri} is not an ${ATTRIBUTION_DATA_FORMAT} document`);
  if (doc.accounts === null || typeof doc.accounts !== "object" || Array.isArray(doc.accounts)) {
    throw new ClaimDataError(`${uri} has no accounts object`);
  }
  const amounts = new Map<string, bigint>();
  for (const [key, entry] of Object.entries(doc.accounts as Record<string, { amount?: unknown }>)) {
    if (typeof entry?.amount !== "string" || !/^\d+$/.test(entry.amount)) {
      throw new ClaimDataError(`${uri}: the amount of ${key} is not a decimal string`);
    }
    amounts.set(getAddress(key), BigInt(entry.amount));
  }
  return amounts;
}
