import { formatUnits } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { actorContext } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseId } from "../lib/parse.js";
import {
  CONTRIBUTION_STATUSES,
  REJECTED_BOND_TEXT,
  describeConfig,
  requireDatanet,
  submittedContributions,
} from "./common.js";
import { queryEvents } from "../lib/contracts.js";

interface Args {
  datanet: string;
  last: number;
  json: boolean;
}

/**
 * `datanet show --datanet D`: configuration, owner, curators (rebuilt from the events), counts, every published
 * version and the last contributions. Without --datanet: one line per Datanet.
 */
export default async function datanetShow(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    if (!Number.isInteger(args.last) || args.last < 0) throw new TaskError("--last must be a non-negative integer");
    const context = await actorContext(hre, 0);
    const registry = await context.datanetRegistry();

    if (args.datanet === "") {
      const total = await registry.datanetCount();
      const datanets = [];
      for (let id = 1n; id <= total; id++) {
        const counts = await registry.datanetCounts(id);
        datanets.push({
          datanetId: id,
          owner: await registry.ownerOf(id),
          metadataURI: (await registry.datanetConfig(id)).metadataURI,
          contributions: counts.contributions,
          accepted: counts.accepted,
          versions: counts.versions,
        });
      }
      emit(args.json, { datanets }, [
        `${total} datanet(s)`,
        ...datanets.map(
          (d) =>
            `  ${d.datanetId}: ${d.metadataURI} owned by ${d.owner}; ${d.contributions} contribution(s), ` +
            `${d.accepted} accepted, ${d.versions} version(s)`,
        ),
      ]);
      return;
    }

    const datanetId = parseId("datanet", args.datanet);
    await requireDatanet(registry, datanetId);
    const owner = await registry.ownerOf(datanetId);
    const config = describeConfig(await registry.datanetConfig(datanetId));
    const counts = await registry.datanetCounts(datanetId);
    const named = (await queryEvents(registry, registry.filters.CuratorSet(datanetId), context.fromBlock)).map(
      (e) => e.args.account,
    );
    const curators: string[] = [];
    for (const account of new Set(named)) if (await registry.isCurator(datanetId, account)) curators.push(account);
    const versions = [];
    for (let number = 1n; number <= counts.versions; number++) {
      const v = await registry.version(datanetId, number);
      versions.push({
        version: number,
        merkleRoot: v.merkleRoot,
        count: v.count,
        publishedAt: v.publishedAt,
        uri: v.uri,
      });
    }
    const submitted = [...(await submittedContributions(registry, datanetId, context.fromBlock)).values()];
    const contributions = [];
    for (const record of submitted.slice(Math.max(0, submitted.length - args.last))) {
      const stored = await registry.contribution(record.contributionId);
      contributions.push({
        contributionId: record.contributionId,
        index: record.index,
        contributor: record.contributor,
        status: CONTRIBUTION_STATUSES[Number(stored.status)],
        contentHash: record.contentHash,
        uri: record.uri,
        bond: record.bond,
      });
    }
    emit(
      args.json,
      {
        datanetId,
        owner,
        config,
        counts: {
          contributions: counts.contributions,
          pending: counts.pending,
          accepted: counts.accepted,
          rejected: counts.contributions - counts.pending - counts.accepted,
          versions: counts.versions,
        },
        curators,
        versions,
        contributions,
      },
      [
        `datanet ${datanetId} owned by ${owner}`,
        `  metadata ${config.metadataURI}`,
        `  license ${config.licenseURI === "" ? "(none)" : config.licenseURI}`,
        `  contributions ${config.contributionPolicy}, usage ${config.usagePolicy}; bond ` +
          `${formatUnits(config.contributionBond)} OPEN, rejected bonds go ${REJECTED_BOND_TEXT[config.rejectedBondPolicy]}`,
        `  curators: ${curators.length === 0 ? "(none besides the owner)" : curators.join(", ")}`,
        `  ${counts.contributions} contribution(s): ${counts.pending} pending, ${counts.accepted} accepted, ` +
          `${counts.contributions - counts.pending - counts.accepted} rejected`,
        `  ${counts.versions} version(s)`,
        ...versions.map(
          (v) =>
            `    v${v.version}: ${v.count} contribution(s), root ${v.merkleRoot}, published ` +
            `${new Date(Number(v.publishedAt) * 1000).toISOString()}, ${v.uri}`,
        ),
        ...(contributions.length === 0 ? [] : [`  last ${contributions.length} contribution(s):`]),
        ...contributions.map(
          (c) => `    #${c.index} ${c.status.padEnd(8)} by ${c.contributor} ${c.contentHash} ${c.uri}`,
        ),
      ],
    );
  });
}
