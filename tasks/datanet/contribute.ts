import { readFile, readdir, stat } from "node:fs/promises";
import path from "node:path";

import { formatUnits, keccak256 } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { fundAndApprove, planAsset } from "../lib/asset.js";
import { openTaskStore } from "../lib/content-store.js";
import { eventsIn, mined, actorContext } from "../lib/context.js";
import { TaskError, describeError, runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseId } from "../lib/parse.js";
import { FormatError, parseContribution } from "../../src/oracle/index.js";
import { contributionIndex, requireDatanet } from "./common.js";

interface Args {
  path: string;
  datanet: string;
  store: string;
  ipfs: string;
  wrap: boolean;
  raw: boolean;
  account: number | string;
  json: boolean;
}

interface FileResult {
  file: string;
  size: number;
  contentHash: string;
  /** "contributed", or "duplicate" when the Datanet already holds the same bytes (nothing sent for this file). */
  status: "contributed" | "duplicate";
  contributionId: bigint;
  uri?: string;
  transactionHash?: string;
  /** The file earlier in the same run with the same bytes. */
  duplicateOf?: string;
}

/**
 * `datanet contribute <path>`: every file (a folder is walked recursively, in name order, dot-files skipped) is put in
 * the content store and submitted with `contributeAtTerms(datanetId, keccak256(bytes), uri, bond, policy)`, one
 * transaction per file, at the bond and rejected-bond policy read before the first: if the owner changes them
 * meanwhile, the contract refuses the rest instead of taking other terms (decision 0238). A
 * file whose bytes the Datanet already holds is reported as a duplicate and skipped: not an error in a folder, an
 * error for a single file. With a bond, the total for the new files is approved first (wrapped first with --wrap).
 */
export default async function datanetContribute(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const datanetId = parseId("datanet", args.datanet);
    const { files, folder } = await listFiles(args.path);
    const store = openTaskStore(args);

    const context = await actorContext(hre, args);
    const registry = await context.datanetRegistry();
    const registryAddress = await registry.getAddress();
    const contributor = context.signer.address;
    await requireDatanet(registry, datanetId);
    const allowListed = (await registry.datanetConfig(datanetId)).contributionPolicy === 1n; // AllowListed
    if (allowListed && !(await registry.isContributorAllowed(datanetId, contributor))) {
      throw new TaskError(`datanet ${datanetId} is allow-listed and ${contributor} is not on its allow list`);
    }

    // Everything is read, hashed and checked before the first transaction.
    const results: FileResult[] = [];
    const contents: Uint8Array[] = [];
    const seen = new Map<string, FileResult>();
    const malformed: string[] = [];
    for (const file of files) {
      const bytes = new Uint8Array(await readFile(file.absolute));
      if (!args.raw) {
        // The oracle node's own parser: a file it refuses earns nothing and only costs the bond.
        try {
          parseContribution(bytes, file.display);
        } catch (error) {
          if (!(error instanceof FormatError)) throw error;
          malformed.push(error.message);
          continue;
        }
      }
      const contentHash = keccak256(bytes);
      const existing = await registry.contributionIdOf(datanetId, contentHash);
      const earlier = seen.get(contentHash);
      const result: FileResult = {
        file: file.display,
        size: bytes.length,
        contentHash,
        status: existing !== 0n || earlier !== undefined ? "duplicate" : "contributed",
        contributionId: existing,
      };
      if (existing === 0n && earlier === undefined) seen.set(contentHash, result);
      if (earlier !== undefined) result.duplicateOf = earlier.file;
      results.push(result);
      contents.push(bytes);
    }
    if (malformed.length > 0) {
      throw new TaskError(
        `${malformed.length} of ${files.length} file(s) are not contributions the oracles can use (` +
          `${malformed.slice(0, 3).join("; ")}${malformed.length > 3 ? "; ..." : ""}); nothing sent: each file must ` +
          'be JSON with "text" or "features" and an optional 0/1 "label" (docs/oracle.md), or pass --raw to ' +
          "contribute files as they are",
      );
    }
    if (!folder && results[0].status === "duplicate") {
      throw new TaskError(
        `datanet ${datanetId} already holds ${results[0].file} as contribution #${contributionIndex(
          results[0].contributionId,
        )} (id ${results[0].contributionId}); nothing sent`,
      );
    }
    const fresh = results.filter((result) => result.status === "contributed");
    const { contributionBond: bond, rejectedBondPolicy } = await registry.datanetConfig(datanetId);
    const plan = await planAsset(context, bond * BigInt(fresh.length), registryAddress, {
      wrap: args.wrap,
      wording: "purpose",
      purpose: `contributing ${fresh.length} file(s) to datanet ${datanetId} (bond ${formatUnits(bond)} OPEN each)`,
    });
    for (const [k, result] of results.entries()) {
      if (result.status === "contributed") result.uri = (await store.put(contents[k])).uri;
    }

    const preparation = await fundAndApprove(plan);
    let sent = 0;
    for (const result of fresh) {
      try {
        const receipt = await mined(
          registry.contributeAtTerms(datanetId, result.contentHash, result.uri!, bond, rejectedBondPolicy),
        );
        const [event] = eventsIn(receipt, registry, "ContributionSubmitted");
        result.contributionId = event.args.contributionId as bigint;
        result.transactionHash = receipt.hash;
        sent++;
      } catch (error) {
        // Someone else contributed the same bytes since the check: a duplicate, as above.
        if (describeError(error)?.startsWith("reverted with DatanetDuplicateContribution")) {
          result.status = "duplicate";
          result.contributionId = await registry.contributionIdOf(datanetId, result.contentHash);
          continue;
        }
        if (sent > 0) console.error(`[datanet] ${sent} of ${fresh.length} file(s) were contributed before this error`);
        throw error;
      }
    }

    for (const result of results) {
      if (result.duplicateOf !== undefined) result.contributionId = seen.get(result.contentHash)!.contributionId;
    }
    const duplicates = results.filter((result) => result.status === "duplicate");
    const summary =
      `datanet ${datanetId}: ${sent} contributed, ${duplicates.length} duplicate(s) skipped` +
      (duplicates.length > 0 ? " (already in the Datanet: reported, not an error)" : "");
    emit(
      args.json,
      {
        datanetId,
        contributor,
        bond,
        contributed: sent,
        duplicates: duplicates.length,
        preparationTransactions: preparation,
        files: results,
      },
      [
        ...(plan.wrap > 0n ? [`wrapped ${formatUnits(plan.wrap)} native OPEN into WOPEN`] : []),
        ...(plan.approve ? [`approved ${formatUnits(plan.amount)} WOPEN for the bonds`] : []),
        ...results.map((result) =>
          result.status === "contributed"
            ? `  ${result.file}: contribution #${contributionIndex(result.contributionId)} (id ${
                result.contributionId
              }) ${result.contentHash} ${result.uri}`
            : `  ${result.file}: duplicate of ${
                result.duplicateOf === undefined ? "" : `${result.duplicateOf}, `
              }contribution #${contributionIndex(result.contributionId)} (id ${result.contributionId}), skipped`,
        ),
        summary,
      ],
    );
  });
}

/** The files under `target`: itself if a file, else every regular file below it (dot-entries skipped), sorted. */
async function listFiles(target: string): Promise<{ files: { absolute: string; display: string }[]; folder: boolean }> {
  if (target === "") throw new TaskError("a file or folder to contribute is required");
  let info;
  try {
    info = await stat(target);
  } catch {
    throw new TaskError(`${target} does not exist`);
  }
  if (info.isFile()) return { files: [{ absolute: path.resolve(target), display: target }], folder: false };
  if (!info.isDirectory()) throw new TaskError(`${target} is neither a file nor a folder`);
  const entries = await readdir(target, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(target, path.join(entry.parentPath, entry.name)))
    .filter((relative) => !relative.split(path.sep).some((part) => part.startsWith(".")))
    .sort()
    .map((relative) => ({ absolute: path.resolve(target, relative), display: relative }));
  if (files.length === 0) throw new TaskError(`${target} holds no files to contribute`);
  return { files, folder: true };
}
