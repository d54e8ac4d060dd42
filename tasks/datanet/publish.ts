import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { openTaskStore, verifiableUri } from "../lib/content-store.js";
import { eventsIn, mined, actorContext } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseId } from "../lib/parse.js";
import { CONTRIBUTION_STATUSES, requireCurator, submittedContributions } from "./common.js";
import { buildManifest, type ManifestEntry } from "./manifest.js";
import { queryEvents } from "../lib/contracts.js";

interface Args {
  datanet: string;
  store: string;
  ipfs: string;
  account: number | string;
  json: boolean;
}

/**
 * `datanet publish --datanet D`: freezes every accepted contribution of the Datanet as its next version. Builds the
 * manifest (tasks/datanet/manifest.ts) from the chain (accepted ids from the review events, hashes from storage, URIs
 * and contributors from the submission events), stores it in the content store, and calls
 * `publishVersion(datanetId, root, count, manifestUri)`; the manifest URI carries its keccak256 so readers verify it.
 */
export default async function datanetPublish(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const datanetId = parseId("datanet", args.datanet);
    const store = openTaskStore(args);
    const context = await actorContext(hre, args);
    const registry = await context.datanetRegistry();
    await requireCurator(registry, datanetId, context.signer.address);
    const counts = await registry.datanetCounts(datanetId);
    if (counts.accepted === 0n) throw new TaskError(`datanet ${datanetId} has no accepted contribution to publish`);

    const submitted = await submittedContributions(registry, datanetId, context.fromBlock);
    const reviewed = await queryEvents(
      registry,
      registry.filters.ContributionReviewed(undefined, datanetId),
      context.fromBlock,
    );
    const entries: ManifestEntry[] = [];
    for (const event of reviewed) {
      if (!event.args.accepted) continue;
      const id = event.args.contributionId;
      const stored = await registry.contribution(id);
      const record = submitted.get(id);
      if (CONTRIBUTION_STATUSES[Number(stored.status)] !== "accepted" || record === undefined) {
        throw new TaskError(`contribution ${id}: the event log and the registry disagree`);
      }
      entries.push({
        contributionId: id,
        contentHash: stored.contentHash,
        uri: record.uri,
        contributor: record.contributor,
      });
    }
    if (BigInt(entries.length) !== counts.accepted) {
      throw new TaskError(
        `datanet ${datanetId} counts ${counts.accepted} accepted contributions but the log shows ${entries.length}`,
      );
    }
    const manifest = buildManifest(entries);
    const latest = counts.versions;
    if (latest > 0n) {
      const previous = await registry.version(datanetId, latest);
      if (previous.merkleRoot === manifest.root && previous.count === BigInt(manifest.count)) {
        throw new TaskError(
          `version ${latest} of datanet ${datanetId} already holds these ${manifest.count} contributions; ` +
            "accept more before publishing",
        );
      }
    }
    const uri = verifiableUri(await store.put(manifest.bytes));
    const receipt = await mined(registry.publishVersion(datanetId, manifest.root, manifest.count, uri));
    const [published] = eventsIn(receipt, registry, "VersionPublished");
    const version = published.args.version as bigint;
    emit(
      args.json,
      { datanetId, version, merkleRoot: manifest.root, count: manifest.count, uri, transactionHash: receipt.hash },
      [
        `published version ${version} of datanet ${datanetId}: ${manifest.count} contribution(s) (tx ${receipt.hash})`,
        `  merkle root ${manifest.root}`,
        `  manifest ${uri}`,
      ],
    );
  });
}
