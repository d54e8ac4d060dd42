/**
 * indexer/lib/claims.ts: the data document of a finalized epoch becomes claims only if it can be fetched, hashes to
 * its URI, parses, and rebuilds the chain's root and total; otherwise the one-line reason says which.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";

import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { expect } from "chai";
import { keccak256 } from "ethers";

import { ClaimsUnavailable, loadEpochClaims, retryDelay, verifyClaim } from "../../indexer/lib/claims.js";
import { freePort } from "../helpers/local-node.js";

const ALICE = "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc";
const BOB = "0x976ea74026e726554db657fa54763abd0c3a0aa9";

function documentBytes(accounts: Record<string, bigint>, extra: Record<string, unknown> = {}): Uint8Array {
  return new TextEncoder().encode(
    JSON.stringify({
      format: "openledger.attribution-data/1",
      epoch: "3",
      accounts: Object.fromEntries(Object.entries(accounts).map(([a, v]) => [a, { amount: v.toString(), proof: [] }])),
      models: [{ modelId: "1", amounts: Object.fromEntries(Object.entries(accounts).map(([a, v]) => [a, String(v)])) }],
      ...extra,
    }),
  );
}

describe("indexer claims from a finalized epoch's data document", function () {
  let dir: string;
  let server: Server | undefined;
  const amounts = { [ALICE]: 796n, [BOB]: 284n };
  const tree = StandardMerkleTree.of(
    Object.entries(amounts).map(([a, v]) => [a, v] as [string, bigint]),
    ["address", "uint256"],
  );
  const expected = { epoch: 3n, root: tree.root, total: 1080n };
  const source = () => ({ contentDir: dir, ipfsApiUrl: undefined, timeoutMs: 2000 });

  /** Stores bytes in the local content store; returns their local:// URI. */
  function store(bytes: Uint8Array): string {
    const hash = keccak256(bytes);
    writeFileSync(path.join(dir, hash), bytes);
    return `local://${hash}`;
  }

  async function failure(uri: string, exp = expected): Promise<ClaimsUnavailable> {
    try {
      await loadEpochClaims(uri, exp, source());
    } catch (error) {
      expect(error).to.be.instanceOf(ClaimsUnavailable);
      return error as ClaimsUnavailable;
    }
    throw new Error("loaded");
  }
  const reason = async (uri: string, exp = expected) => (await failure(uri, exp)).message;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "ol-claims-"));
  });
  after(() => {
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("rebuilds the chain's root from the amounts and serves proofs the root accepts", async function () {
    const claims = await loadEpochClaims(store(documentBytes(amounts)), expected, source());
    expect(claims.accounts.get(ALICE)!.amount).to.equal(796n);
    for (const [account, { amount, proof }] of claims.accounts) {
      expect(verifyClaim(tree.root, account, amount, proof)).to.equal(true);
      expect(verifyClaim(tree.root, account, amount + 1n, proof)).to.equal(false);
    }
    expect(claims.earnings.get(1n)!.get(BOB)).to.equal(284n);
  });

  it("refuses a document that rebuilds another root or total, or is of another epoch", async function () {
    const uri = store(documentBytes({ [ALICE]: 797n, [BOB]: 284n }));
    expect(await reason(uri)).to.match(/rebuilds root 0x[0-9a-f]{64} and total 1081, not the chain's/);
    expect(await reason(store(documentBytes(amounts, { epoch: "4" })))).to.match(/is of epoch 4, not 3/);
  });

  it("refuses malformed documents and URIs with a reason", async function () {
    expect(await reason(store(new TextEncoder().encode('{"format": "openledger.attribution-data/1", ')))).to.match(
      /not UTF-8 JSON/,
    );
    expect(await reason(store(documentBytes(amounts, { format: "other/1" })))).to.match(/format is not/);
    expect(await reason(store(documentBytes(amounts, { accounts: { "0x12": { amount: "1" } } })))).to.match(
      /account 0x12/,
    );
    expect(await reason("ipfs://bafy-no-hash")).to.match(/malformed data URI .* carries no keccak256/);
    expect(await reason(`ftp://host/doc#keccak256=0x${"11".repeat(32)}`)).to.match(/unknown scheme/);
    expect(await reason("")).to.match(/no data URI/);
  });

  it("says unreachable when the content is missing, the server is down, or no IPFS API is set", async function () {
    expect(await reason(`local://0x${"ab".repeat(32)}`)).to.match(/unreachable: not in the content store/);
    const port = await freePort();
    expect(await reason(`http://127.0.0.1:${port}/doc#keccak256=0x${"11".repeat(32)}`)).to.match(/unreachable/);
    expect(await reason(`ipfs://bafy#keccak256=0x${"11".repeat(32)}`)).to.match(/no IPFS API configured/);
  });

  it("marks only unreachable documents as worth retrying, with a wait that doubles up to 64 times the base", async function () {
    // Unreachable: retried (decision 0505).
    expect((await failure(`local://0x${"ab".repeat(32)}`)).unreachable).to.equal(true);
    expect(
      (await failure(`http://127.0.0.1:${await freePort()}/d#keccak256=0x${"11".repeat(32)}`)).unreachable,
    ).to.equal(true);
    expect((await failure(`ipfs://bafy#keccak256=0x${"11".repeat(32)}`)).unreachable).to.equal(true);
    // Malformed, tampered or another root: never becomes the chain's, not retried.
    expect((await failure(store(new TextEncoder().encode("{")))).unreachable).to.equal(false);
    expect((await failure(store(documentBytes({ [ALICE]: 1n })))).unreachable).to.equal(false);
    expect((await failure("ipfs://bafy-no-hash")).unreachable).to.equal(false);
    expect([1, 2, 3, 4, 7, 8, 50].map((attempts) => retryDelay(attempts, 10))).to.deep.equal([
      10n,
      20n,
      40n,
      80n,
      640n,
      640n,
      640n,
    ]);
  });

  it("reads http(s) documents, checking their bytes against the URI's keccak256", async function () {
    const bytes = documentBytes(amounts);
    server = createServer((_request, response) => response.end(Buffer.from(bytes)));
    const port = await freePort();
    await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", resolve));
    const good = `http://127.0.0.1:${port}/doc#keccak256=${keccak256(bytes)}`;
    expect((await loadEpochClaims(good, expected, source())).accounts.size).to.equal(2);
    expect(await reason(`http://127.0.0.1:${port}/doc#keccak256=0x${"11".repeat(32)}`)).to.match(/does not hash to/);
  });
});
