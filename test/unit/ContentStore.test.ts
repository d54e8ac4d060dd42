import { expect } from "chai";
import { createServer, type Server } from "node:http";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";

import { keccak256, toUtf8Bytes } from "ethers";

import { ContentStoreError, IpfsContentStore, LocalContentStore, openContentStore } from "../../src/storage/index.js";

const bytes = (text: string) => toUtf8Bytes(text);

describe("LocalContentStore", function () {
  let directory: string;
  beforeEach(async function () {
    directory = await mkdtemp(path.join(tmpdir(), "ol-store-"));
  });
  afterEach(async function () {
    await rm(directory, { recursive: true, force: true });
  });

  it("stores content under its keccak256 hash and reads it back verified", async function () {
    const store = new LocalContentStore(directory);
    const stored = await store.put(bytes("hello datanet"));
    expect(stored.hash).to.equal(keccak256(bytes("hello datanet")));
    expect(stored.uri).to.equal(`local://${stored.hash}`);
    expect(stored.size).to.equal(13);
    expect(await store.has(stored.uri)).to.equal(true);
    expect(new TextDecoder().decode(await store.get(stored.uri, stored.hash))).to.equal("hello datanet");
  });

  it("is idempotent and leaves no temporary files", async function () {
    const store = new LocalContentStore(directory);
    const first = await store.put(bytes("same"));
    const second = await store.put(bytes("same"));
    expect(second).to.deep.equal(first);
    expect(await readdir(directory)).to.deep.equal([first.hash]);
  });

  it("refuses content whose bytes no longer match the expected hash", async function () {
    const store = new LocalContentStore(directory);
    const stored = await store.put(bytes("original"));
    await writeFile(path.join(directory, stored.hash), "tampered");
    await expectRejection(store.get(stored.uri, stored.hash), /hashes to .* expected/);
  });

  it("refuses a hash that differs from the one on chain", async function () {
    const store = new LocalContentStore(directory);
    const stored = await store.put(bytes("original"));
    await expectRejection(store.get(stored.uri, keccak256(bytes("other"))), /expected/);
  });

  it("reports missing content and malformed URIs", async function () {
    const store = new LocalContentStore(directory);
    const missing = keccak256(bytes("never stored"));
    await expectRejection(store.get(`local://${missing}`, missing), /is not in/);
    await expectRejection(store.get("local://0x1234", missing), /malformed local content URI/);
    await expectRejection(store.get("ipfs://bafy", missing), /not a local content URI/);
    expect(await store.has("ipfs://bafy")).to.equal(false);
  });
});

describe("IpfsContentStore (against a loopback HTTP server speaking the kubo RPC subset)", function () {
  let server: Server;
  let apiUrl: string;
  const blocks = new Map<string, Buffer>();
  const addQueries: Record<string, string>[] = [];
  let corrupt = false;

  before(async function () {
    server = createServer((request, response) => {
      const url = new URL(request.url ?? "/", "http://127.0.0.1");
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        if (url.pathname === "/api/v0/add") {
          addQueries.push(Object.fromEntries(url.searchParams));
          // Multipart body: take the part's payload between the headers and the closing boundary.
          const body = Buffer.concat(chunks).toString("latin1");
          const start = body.indexOf("\r\n\r\n") + 4;
          const end = body.lastIndexOf("\r\n--");
          const payload = Buffer.from(body.slice(start, end), "latin1");
          const cid = `bafk${keccak256(payload).slice(2, 30)}`;
          blocks.set(cid, payload);
          response.end(JSON.stringify({ Hash: cid, Size: String(payload.length) }));
        } else if (url.pathname === "/api/v0/cat" || url.pathname === "/api/v0/block/stat") {
          const block = blocks.get(url.searchParams.get("arg") ?? "");
          if (block === undefined) {
            response.statusCode = 500;
            response.end("not found");
          } else {
            response.end(url.pathname.endsWith("cat") ? (corrupt ? Buffer.from("evil") : block) : "{}");
          }
        } else {
          response.statusCode = 404;
          response.end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async function () {
    await new Promise((resolve) => server.close(resolve));
  });

  it("adds content, returns its CID URI and keccak hash, and reads it back verified", async function () {
    const store = openContentStore({ ipfsApiUrl: apiUrl });
    expect(store).to.be.instanceOf(IpfsContentStore);
    const stored = await store.put(bytes("log record"));
    expect(stored.hash).to.equal(keccak256(bytes("log record")));
    expect(stored.uri).to.match(/^ipfs:\/\/bafk[0-9a-f]+$/);
    expect(await store.has(stored.uri)).to.equal(true);
    expect(new TextDecoder().decode(await store.get(stored.uri, stored.hash))).to.equal("log record");
    // Every setting that shapes the CID is explicit, so the node's own import configuration cannot change it.
    expect(addQueries.at(-1)).to.deep.equal({
      pin: "true",
      "cid-version": "1",
      "raw-leaves": "true",
      chunker: "size-262144",
      hash: "sha2-256",
      trickle: "false",
      inline: "false",
    });
  });

  it("refuses content the node altered", async function () {
    const store = new IpfsContentStore(apiUrl);
    const stored = await store.put(bytes("honest"));
    corrupt = true;
    try {
      await expectRejection(store.get(stored.uri, stored.hash), /hashes to .* expected/);
    } finally {
      corrupt = false;
    }
  });

  it("names the node when it is unreachable or fails", async function () {
    const unreachable = new IpfsContentStore("http://127.0.0.1:9");
    await expectRejection(unreachable.put(bytes("x")), /IPFS node unreachable at http:\/\/127.0.0.1:9/);
    const store = new IpfsContentStore(apiUrl);
    await expectRejection(store.get("ipfs://bafkmissing", keccak256(bytes("x"))), /IPFS cat failed: HTTP 500/);
    expect(await store.has("ipfs://bafkmissing")).to.equal(false);
  });

  it("defaults to the local store when no IPFS node is configured", function () {
    expect(openContentStore({ directory: "/tmp/x" })).to.be.instanceOf(LocalContentStore);
  });
});

async function expectRejection(promise: Promise<unknown>, message: RegExp) {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(ContentStoreError);
    expect((error as Error).message).to.match(message);
    return;
  }
  expect.fail("expected a ContentStoreError");
}
