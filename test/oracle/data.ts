/**
 * A small real dataset for the oracle tests: SpamAssassin e-mails (first 600 characters of each body) split over
 * three contributors, plus held-out e-mails as inference requests, and helpers that store them in a content store
 * in the formats of docs/decisions/0400.
 */
import { getAddress, id as keccakId } from "ethers";

import {
  buildVersionManifest,
  contentUri,
  encodeContribution,
  encodeInferenceLog,
  logRoot,
  type LogRecord,
  type ManifestEntry,
} from "../../src/oracle/index.js";
import type { ContentStore } from "../../src/storage/index.js";
import { loadEmails } from "../attribution/data.js";

export interface LabelledText {
  text: string;
  label: 0 | 1;
}

/** 30 training e-mails (15 ham, 15 spam, interleaved) and 6 held-out ones (3 ham, 3 spam). */
export function spamEmails(): { training: LabelledText[]; heldOut: LabelledText[] } {
  const ham = loadEmails("easy-ham-1", 18, 5).map((e) => ({ text: e.body.slice(0, 600), label: 0 as const }));
  const spam = loadEmails("spam-1", 18, 5).map((e) => ({ text: e.body.slice(0, 600), label: 1 as const }));
  const training: LabelledText[] = [];
  for (let k = 0; k < 15; k++) training.push(ham[k], spam[k]);
  return { training, heldOut: [ham[15], spam[15], ham[16], spam[16], ham[17], spam[17]] };
}

/** Contribution id of the `index`-th contribution (from 1) to `datanetId`. */
export function cid(datanetId: bigint, index: number): bigint {
  return (datanetId << 32n) | BigInt(index);
}

/** Stores each contribution and returns manifest entries (ids from 1 in the given order). */
export async function storeContributions(
  store: ContentStore,
  datanetId: bigint,
  items: { content: Parameters<typeof encodeContribution>[0]; contributor: string }[],
): Promise<ManifestEntry[]> {
  const out: ManifestEntry[] = [];
  for (let k = 0; k < items.length; k++) {
    const stored = await store.put(encodeContribution(items[k].content));
    out.push({
      contributionId: cid(datanetId, k + 1),
      contentHash: stored.hash,
      uri: stored.uri,
      contributor: getAddress(items[k].contributor),
    });
  }
  return out;
}

/** Stores a version manifest; returns its verifiable URI, root and count. */
export async function storeManifest(store: ContentStore, datanetId: bigint, version: number, entries: ManifestEntry[]) {
  const m = buildVersionManifest(datanetId, version, entries);
  const stored = await store.put(m.bytes);
  return { uri: contentUri(stored), root: m.root, count: m.count };
}

/** Stores a JSON document (a model card) and returns its verifiable URI. */
export async function storeJson(store: ContentStore, value: unknown): Promise<string> {
  return contentUri(await store.put(new TextEncoder().encode(JSON.stringify(value))));
}

/** Log records for held-out inputs, labelled with the given outputs. */
export function logRecords(inputs: string[], outputs: string[], tag = "r"): LogRecord[] {
  return inputs.map((input, k) => ({
    requestHash: keccakId(`${tag}-${k}`),
    input,
    output: outputs[k],
    paymentRef: `payment-${tag}-${k}`,
  }));
}

/** Stores a log; returns its verifiable URI and root. */
export async function storeLog(store: ContentStore, records: LogRecord[]) {
  const stored = await store.put(encodeInferenceLog(records));
  return { uri: contentUri(stored), root: logRoot(records) };
}
