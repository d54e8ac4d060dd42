import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";
import { keccak256, parseUnits, toUtf8Bytes } from "ethers";

import { buildVersionTree } from "../../src/protocol/index.js";
import { LocalContentStore } from "../../src/storage/index.js";
import type { DatanetRegistry, WOPEN } from "../../typechain-types/index.js";
import { deployWithTask, runFailing, runJson, runTask, startFakeIpfs, temporaryDirectory } from "./task-harness.js";

const OPEN = (amount: string) => parseUnits(amount);
/** `datanetId << 32 | index` */
const cid = (datanetId: bigint, index: bigint) => (datanetId << 32n) | index;

interface ContributeOutput {
  contributed: number;
  duplicates: number;
  preparationTransactions: string[];
  files: { file: string; status: string; contributionId: string; contentHash: string; uri?: string }[];
}

describe("datanet tasks", function () {
  let env: Awaited<ReturnType<typeof deployWithTask>>;
  let registry: DatanetRegistry;
  let wopen: WOPEN;
  let accounts: string[];
  let store: string;
  let folder: string;
  const OWNER = 2;
  const CURATOR = 3;
  const CONTRIBUTOR = 4;
  const STRANGER = 5;
  const TRAINER = 6;

  before(async function () {
    env = await deployWithTask();
    registry = await env.ethers.getContractAt("DatanetRegistry", env.contracts.DatanetRegistry);
    wopen = await env.ethers.getContractAt("WOPEN", env.contracts.WOPEN);
    accounts = (await env.ethers.getSigners()).map((signer) => signer.address);
    store = temporaryDirectory("ol-store-");
    folder = temporaryDirectory("ol-data-");
    writeFileSync(path.join(folder, "a.txt"), "first email");
    writeFileSync(path.join(folder, "b.txt"), "second email");
    mkdirSync(path.join(folder, "sub"));
    writeFileSync(path.join(folder, "sub", "c.txt"), "third email");
    writeFileSync(path.join(folder, "dup.txt"), "first email");
    writeFileSync(path.join(folder, ".hidden"), "not contributed");
  });

  after(function () {
    env.cleanup();
    rmSync(store, { recursive: true, force: true });
    rmSync(folder, { recursive: true, force: true });
  });

  describe("create", function () {
    it("creates a Datanet with the given policies and bond, owned by the signer", async function () {
      const out = await runJson<{ datanetId: string; owner: string; config: Record<string, string> }>(
        ["datanet", "create"],
        {
          metadata: "ipfs://bafy-emails",
          license: "https://spdx.org/licenses/CC-BY-4.0",
          contributionPolicy: "allowlist",
          usagePolicy: "approval",
          bond: "2",
          rejectedBond: "owner",
          account: OWNER,
        },
      );
      expect(out.datanetId).to.equal("1");
      expect(out.owner).to.equal(accounts[OWNER]);
      expect(await registry.ownerOf(1n)).to.equal(accounts[OWNER]);
      const config = await registry.datanetConfig(1n);
      expect(config.metadataURI).to.equal("ipfs://bafy-emails");
      expect(config.licenseURI).to.equal("https://spdx.org/licenses/CC-BY-4.0");
      expect(config.contributionPolicy).to.equal(1n);
      expect(config.usagePolicy).to.equal(1n);
      expect(config.rejectedBondPolicy).to.equal(1n);
      expect(config.contributionBond).to.equal(OPEN("2"));
      expect(out.config).to.deep.include({ contributionPolicy: "allowlist", usagePolicy: "approval" });
    });

    it("prints a readable summary by default", async function () {
      const result = await runTask(["datanet", "create"], { metadata: "ipfs://bafy-speeches", account: OWNER });
      expect(result.exitCode).to.equal(undefined);
      expect(result.stdout).to.match(/^created datanet 2, owned by 0x/);
      expect(result.stdout).to.contain("contributions open, usage open");
      expect(result.stdout).to.contain("bond 0.0 OPEN per contribution; a rejected bond goes back to the contributor");
    });

    for (const [name, args, message] of [
      ["no metadata URI", {}, "--metadata is required (the Datanet's metadata URI)"],
      ["an unknown policy", { metadata: "m", contributionPolicy: "closed" }, '--contribution-policy: "closed" is not'],
      ["a bond with too many decimals", { metadata: "m", bond: "0.0000000000000000001" }, "has more than 18 decimals"],
      ["a bond above 2^80 - 1 units", { metadata: "m", bond: "1300000" }, "--bond: 1300000 OPEN is above the largest"],
      ["an unknown rejected-bond destination", { metadata: "m", rejectedBond: "burn" }, '--rejected-bond: "burn"'],
      [
        "an account index the network lacks",
        { metadata: "m", account: 99 },
        "--account 99: not one of this network's accounts; give a number from 0 to 19 (the network has 20 account(s))",
      ],
    ] as const) {
      it(`refuses ${name} with one line and creates nothing`, async function () {
        const before = await registry.datanetCount();
        expect(await runFailing(["datanet", "create"], args)).to.contain(message);
        expect(await registry.datanetCount()).to.equal(before);
      });
    }
  });

  describe("curators, contributors and trainers", function () {
    it("adds a curator, then lists it; adding it again sends nothing", async function () {
      const out = await runJson<{ changes: { account: string; changed: boolean }[] }>(["datanet", "curators"], {
        datanet: "1",
        add: accounts[CURATOR],
        account: OWNER,
      });
      expect(out.changes).to.have.length(1);
      expect(out.changes[0]).to.deep.include({ account: accounts[CURATOR], member: true, changed: true });
      expect(await registry.isCurator(1n, accounts[CURATOR])).to.equal(true);

      const again = await runTask(["datanet", "curators"], { datanet: "1", add: accounts[CURATOR], account: OWNER });
      expect(again.stdout).to.equal(`datanet 1: ${accounts[CURATOR]} already is a curator (nothing sent)`);

      const list = await runJson<{ curators: string[] }>(["datanet", "curators"], { datanet: "1" });
      expect(list.curators).to.deep.equal([accounts[CURATOR]]);
    });

    it("removes a curator and lists only the current ones", async function () {
      await runJson(["datanet", "curators"], { datanet: "1", add: accounts[STRANGER], account: OWNER });
      expect(await registry.isCurator(1n, accounts[STRANGER])).to.equal(true);
      await runJson(["datanet", "curators"], { datanet: "1", remove: accounts[STRANGER], account: OWNER });
      expect(await registry.isCurator(1n, accounts[STRANGER])).to.equal(false);
      const list = await runJson<{ curators: string[] }>(["datanet", "curators"], { datanet: "1" });
      expect(list.curators).to.deep.equal([accounts[CURATOR]]);
    });

    it("scans events from the deployment's start block, recorded by protocol deploy", async function () {
      const file = path.join(env.directory, "31337.json");
      const text = readFileSync(file, "utf8");
      const record = JSON.parse(text) as { startBlock: number };
      const latest = await env.ethers.provider.getBlockNumber();
      // The block before the first deployment transaction: no contract of the deployment existed there, the first
      // one exists in the next block.
      expect(record.startBlock).to.be.a("number");
      const codeAt = (block: number) =>
        Promise.all(Object.values(env.contracts).map((address) => env.ethers.provider.getCode(address, block)));
      expect(new Set(await codeAt(record.startBlock))).to.deep.equal(new Set(["0x"]));
      const next = await env.ethers.provider.getBlock(record.startBlock + 1, true);
      expect(next?.prefetchedTransactions.map((tx) => tx.to)).to.deep.equal([null]); // a contract creation
      expect(new Set(await codeAt(latest))).to.not.include("0x");
      // A start block after the CuratorSet events hides them: the task searched from the record's start block.
      writeFileSync(file, JSON.stringify({ ...record, startBlock: latest + 1 }));
      try {
        const hidden = await runJson<{ curators: string[] }>(["datanet", "curators"], { datanet: "1" });
        expect(hidden.curators).to.deep.equal([]);
      } finally {
        writeFileSync(file, text);
      }
      const list = await runJson<{ curators: string[] }>(["datanet", "curators"], { datanet: "1" });
      expect(list.curators).to.deep.equal([accounts[CURATOR]]);
    });

    it("allow-lists a contributor and approves a trainer", async function () {
      await runJson(["datanet", "contributors"], { datanet: "1", add: accounts[CONTRIBUTOR], account: OWNER });
      expect(await registry.isContributorAllowed(1n, accounts[CONTRIBUTOR])).to.equal(true);
      await runJson(["datanet", "trainers"], { datanet: "1", add: accounts[TRAINER], account: OWNER });
      expect(await registry.isTrainerApproved(1n, accounts[TRAINER])).to.equal(true);
      const contributors = await runJson<{ allowedContributors: string[] }>(["datanet", "contributors"], {
        datanet: "1",
      });
      expect(contributors.allowedContributors).to.deep.equal([accounts[CONTRIBUTOR]]);
      const trainers = await runJson<{ approvedTrainers: string[]; note: string }>(["datanet", "trainers"], {
        datanet: "1",
      });
      expect(trainers.approvedTrainers).to.deep.equal([accounts[TRAINER]]);
      const open = await runJson<{ note: string }>(["datanet", "contributors"], { datanet: "2" });
      expect(open.note).to.equal("contributions are open to anyone: the allow list has no effect");
    });

    it("refuses a caller who does not own the Datanet, before sending anything", async function () {
      const message = await runFailing(["datanet", "curators"], {
        datanet: "1",
        add: accounts[STRANGER],
        account: STRANGER,
      });
      expect(message).to.equal(`${accounts[STRANGER]} does not own datanet 1 (its owner is ${accounts[OWNER]})`);
      expect(await registry.isCurator(1n, accounts[STRANGER])).to.equal(false);
    });

    it("refuses an unknown Datanet, a bad address, the zero address and an account in both lists", async function () {
      expect(
        await runFailing(["datanet", "trainers"], { datanet: "99", add: accounts[TRAINER], account: OWNER }),
      ).to.equal("datanet 99 does not exist");
      expect(await runFailing(["datanet", "curators"], { datanet: "1", add: "0x1234", account: OWNER })).to.equal(
        '--add: "0x1234" is not an address',
      );
      expect(
        await runFailing(["datanet", "contributors"], {
          datanet: "1",
          add: "0x0000000000000000000000000000000000000000",
          account: OWNER,
        }),
      ).to.equal("the zero address cannot be a allowed contributor");
      expect(
        await runFailing(["datanet", "curators"], {
          datanet: "1",
          add: accounts[STRANGER],
          remove: accounts[STRANGER],
          account: OWNER,
        }),
      ).to.equal(`${accounts[STRANGER]} is both in --add and in --remove`);
      expect(await runFailing(["datanet", "curators"], { datanet: "one" })).to.equal(
        '--datanet: "one" is not a non-negative integer',
      );
    });
  });

  describe("contribute", function () {
    it("refuses a contributor who is not on the allow list", async function () {
      const message = await runFailing(["datanet", "contribute"], {
        raw: true,
        path: folder,
        datanet: "1",
        store,
        account: STRANGER,
      });
      expect(message).to.equal(`datanet 1 is allow-listed and ${accounts[STRANGER]} is not on its allow list`);
    });

    it("refuses when the bonds exceed the WOPEN balance, and says --wrap would help", async function () {
      const message = await runFailing(["datanet", "contribute"], {
        raw: true,
        path: folder,
        datanet: "1",
        store,
        account: CONTRIBUTOR,
      });
      expect(message).to.match(
        new RegExp(
          `^contributing 3 file\\(s\\) to datanet 1 \\(bond 2.0 OPEN each\\) needs 6.0 WOPEN and ` +
            `${accounts[CONTRIBUTOR]} holds 0.0; you hold [0-9.]+ native OPEN: add --wrap to wrap the missing part$`,
        ),
      );
      expect((await registry.datanetCounts(1n)).contributions).to.equal(0n);
    });

    it("refuses a missing path and an empty folder", async function () {
      expect(
        await runFailing(["datanet", "contribute"], { raw: true, path: "/nonexistent/x", datanet: "1", store }),
      ).to.equal("/nonexistent/x does not exist");
      const empty = temporaryDirectory("ol-empty-");
      expect(await runFailing(["datanet", "contribute"], { raw: true, path: empty, datanet: "1", store })).to.equal(
        `${empty} holds no files to contribute`,
      );
      rmSync(empty, { recursive: true });
    });

    it("contributes every file of a folder (wrapping for the bonds) and reports the duplicate file", async function () {
      const out = await runJson<ContributeOutput>(["datanet", "contribute"], {
        raw: true,
        path: folder,
        datanet: "1",
        store,
        wrap: true,
        account: CONTRIBUTOR,
      });
      expect(out.contributed).to.equal(3);
      expect(out.duplicates).to.equal(1);
      expect(out.preparationTransactions).to.have.length(2); // wrap, approve
      expect(out.files.map((file) => [file.file, file.status, file.contributionId])).to.deep.equal([
        ["a.txt", "contributed", cid(1n, 1n).toString()],
        ["b.txt", "contributed", cid(1n, 2n).toString()],
        ["dup.txt", "duplicate", cid(1n, 1n).toString()],
        [path.join("sub", "c.txt"), "contributed", cid(1n, 3n).toString()],
      ]);
      // Bonds: 3 new files x 2 OPEN, wrapped from native OPEN exactly.
      expect(await wopen.balanceOf(env.contracts.DatanetRegistry)).to.equal(OPEN("6"));
      expect(await wopen.balanceOf(accounts[CONTRIBUTOR])).to.equal(0n);
      const local = new LocalContentStore(store);
      for (const [index, text] of [
        [1n, "first email"],
        [2n, "second email"],
        [3n, "third email"],
      ] as const) {
        const onChain = await registry.contribution(cid(1n, index));
        expect(onChain.contentHash).to.equal(keccak256(toUtf8Bytes(text)));
        expect(onChain.contributor).to.equal(accounts[CONTRIBUTOR]);
        expect(onChain.bond).to.equal(OPEN("2"));
        const uri = `local://${onChain.contentHash}`;
        expect(out.files.find((file) => file.contentHash === onChain.contentHash)?.uri).to.equal(uri);
        expect(new TextDecoder().decode(await local.get(uri, onChain.contentHash))).to.equal(text);
      }
    });

    it("says so in the output when files are duplicates, and exits 0 for a folder", async function () {
      const result = await runTask(["datanet", "contribute"], {
        raw: true,
        path: folder,
        datanet: "1",
        store,
        account: CONTRIBUTOR,
      });
      expect(result.exitCode).to.equal(undefined);
      expect(result.stdout.split("\n")).to.deep.equal([
        `  a.txt: duplicate of contribution #1 (id ${cid(1n, 1n)}), skipped`,
        `  b.txt: duplicate of contribution #2 (id ${cid(1n, 2n)}), skipped`,
        `  dup.txt: duplicate of contribution #1 (id ${cid(1n, 1n)}), skipped`,
        `  ${path.join("sub", "c.txt")}: duplicate of contribution #3 (id ${cid(1n, 3n)}), skipped`,
        "datanet 1: 0 contributed, 4 duplicate(s) skipped (already in the Datanet: reported, not an error)",
      ]);
      expect((await registry.datanetCounts(1n)).contributions).to.equal(3n);
    });

    it("fails for a single file the Datanet already holds", async function () {
      const message = await runFailing(["datanet", "contribute"], {
        raw: true,
        path: path.join(folder, "b.txt"),
        datanet: "1",
        store,
        account: CONTRIBUTOR,
      });
      expect(message).to.equal(
        `datanet 1 already holds ${path.join(folder, "b.txt")} as contribution #2 (id ${cid(1n, 2n)}); nothing sent`,
      );
    });

    it("contributes a single file, approving its bond from WOPEN already held", async function () {
      const file = path.join(store, "..", `${path.basename(store)}-single.txt`);
      writeFileSync(file, "fourth email");
      const signer = (await env.ethers.getSigners())[CONTRIBUTOR];
      await wopen.connect(signer).deposit({ value: OPEN("2") });
      const result = await runTask(["datanet", "contribute"], {
        raw: true,
        path: file,
        datanet: "1",
        store,
        account: CONTRIBUTOR,
      });
      rmSync(file);
      expect(result.exitCode).to.equal(undefined);
      const lines = result.stdout.split("\n");
      expect(lines[0]).to.equal("approved 2.0 WOPEN for the bonds");
      expect(lines[1]).to.match(
        new RegExp(`: contribution #4 \\(id ${cid(1n, 4n)}\\) ${keccak256(toUtf8Bytes("fourth email"))} local://0x`),
      );
      expect(lines[2]).to.equal("datanet 1: 1 contributed, 0 duplicate(s) skipped");
      expect(await wopen.balanceOf(env.contracts.DatanetRegistry)).to.equal(OPEN("8"));
    });
  });

  describe("review", function () {
    it("accepts and rejects several contributions in one reviewBatch", async function () {
      const out = await runJson<{
        accepted: number;
        rejected: number;
        reviews: { index: string; accepted: boolean; bondRecipient: string; bond: string; transactionHash: string }[];
      }>(["datanet", "review"], { datanet: "1", ids: "1-3", reject: "2", account: CURATOR });
      expect(out.accepted).to.equal(2);
      expect(out.rejected).to.equal(1);
      expect(out.reviews.map((r) => [r.index, r.accepted, r.bondRecipient])).to.deep.equal([
        ["1", true, accounts[CONTRIBUTOR]],
        ["2", false, accounts[OWNER]],
        ["3", true, accounts[CONTRIBUTOR]],
      ]);
      expect(new Set(out.reviews.map((r) => r.transactionHash)).size).to.equal(1);
      const statuses = await Promise.all(
        [1n, 2n, 3n, 4n].map(async (i) => (await registry.contribution(cid(1n, i))).status),
      );
      expect(statuses).to.deep.equal([2n, 3n, 2n, 1n]);
      expect(await registry.withdrawableBonds(accounts[CONTRIBUTOR])).to.equal(OPEN("4"));
      expect(await registry.withdrawableBonds(accounts[OWNER])).to.equal(OPEN("2"));
    });

    it("refuses already reviewed ids, unknown ids, a --reject outside --ids and a non-curator", async function () {
      expect(await runFailing(["datanet", "review"], { datanet: "1", ids: "3,4", account: CURATOR })).to.equal(
        "contribution #3 of datanet 1 is already accepted",
      );
      expect(await runFailing(["datanet", "review"], { datanet: "1", ids: "9", account: CURATOR })).to.equal(
        "datanet 1 has no contribution #9 (it has 4)",
      );
      expect(
        await runFailing(["datanet", "review"], { datanet: "1", ids: "4", reject: "2", account: CURATOR }),
      ).to.equal("--reject: #2 is not in --ids");
      expect(await runFailing(["datanet", "review"], { datanet: "1", ids: "4", account: STRANGER })).to.equal(
        `${accounts[STRANGER]} is neither a curator nor the owner of datanet 1`,
      );
      expect(await runFailing(["datanet", "review"], { datanet: "1", ids: "4-x", account: CURATOR })).to.equal(
        '--ids: "4-x" is not an id or a range like 3-7',
      );
      expect((await registry.contribution(cid(1n, 4n))).status).to.equal(1n);
    });

    it("reviews every pending contribution with --ids pending (one review call), taking full ids too", async function () {
      const out = await runJson<{ reviews: { contributionId: string; accepted: boolean; transactionHash: string }[] }>(
        ["datanet", "review"],
        {
          datanet: "1",
          ids: "pending",
          account: OWNER,
        },
      );
      expect(out.reviews).to.deep.equal([
        {
          contributionId: cid(1n, 4n).toString(),
          index: "4",
          accepted: true,
          bond: OPEN("2").toString(),
          bondRecipient: accounts[CONTRIBUTOR],
          transactionHash: out.reviews[0].transactionHash,
        },
      ]);
      expect(await runFailing(["datanet", "review"], { datanet: "1", ids: "pending", account: OWNER })).to.equal(
        "datanet 1 has no pending contribution",
      );
      expect(
        await runFailing(["datanet", "review"], { datanet: "1", ids: cid(2n, 1n).toString(), account: OWNER }),
      ).to.equal(`--ids: contribution id ${cid(2n, 1n)} belongs to datanet 2`);
    });
  });

  describe("publish", function () {
    it("publishes the accepted contributions as a version whose manifest rebuilds its root", async function () {
      const out = await runJson<{ version: string; merkleRoot: string; count: number; uri: string }>(
        ["datanet", "publish"],
        { datanet: "1", store, account: CURATOR },
      );
      expect(out.version).to.equal("1");
      expect(out.count).to.equal(3);
      const onChain = await registry.version(1n, 1);
      expect(onChain.merkleRoot).to.equal(out.merkleRoot);
      expect(onChain.count).to.equal(3n);
      expect(onChain.uri).to.equal(out.uri);

      // The manifest: accepted contributions in id order, as the oracle node reads them.
      expect(out.uri).to.match(/^local:\/\/0x[0-9a-f]{64}$/);
      const manifestHash = out.uri.slice("local://".length);
      const bytes = await new LocalContentStore(store).get(out.uri, manifestHash);
      const manifest = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, string>[];
      const expected = [1n, 3n, 4n].map((index) => ({
        contentHash: keccak256(toUtf8Bytes(["", "first email", "", "third email", "fourth email"][Number(index)])),
        contributionId: cid(1n, index).toString(),
        contributor: accounts[CONTRIBUTOR],
        uri: `local://${keccak256(toUtf8Bytes(["", "first email", "", "third email", "fourth email"][Number(index)]))}`,
      }));
      expect(manifest).to.deep.equal(expected);
      expect(new TextDecoder().decode(bytes)).to.equal(`${JSON.stringify(expected, null, 2)}\n`);

      const tree = buildVersionTree(
        manifest.map((entry) => ({ contributionId: BigInt(entry.contributionId), contentHash: entry.contentHash })),
      );
      expect(tree.root).to.equal(onChain.merkleRoot);
      for (const [k, leaf] of tree.entries()) {
        expect(await registry.isInVersion(1n, 1, leaf[0], leaf[1], tree.getProof(k))).to.equal(true);
      }
    });

    it("refuses to publish the same set again, an empty Datanet and a non-curator", async function () {
      expect(await runFailing(["datanet", "publish"], { datanet: "1", store, account: OWNER })).to.equal(
        "version 1 of datanet 1 already holds these 3 contributions; accept more before publishing",
      );
      expect(await runFailing(["datanet", "publish"], { datanet: "2", store, account: OWNER })).to.equal(
        "datanet 2 has no accepted contribution to publish",
      );
      expect(await runFailing(["datanet", "publish"], { datanet: "1", store, account: STRANGER })).to.equal(
        `${accounts[STRANGER]} is neither a curator nor the owner of datanet 1`,
      );
      expect((await registry.datanetCounts(1n)).versions).to.equal(1n);
    });

    it("works through an IPFS node: contribution URIs are the node's, the manifest URI carries its hash", async function () {
      const ipfs = await startFakeIpfs();
      try {
        const file = path.join(folder, "..", `${path.basename(folder)}-speech.txt`);
        writeFileSync(file, "We the people");
        const contributed = await runJson<ContributeOutput>(["datanet", "contribute"], {
          raw: true,
          path: file,
          datanet: "2",
          ipfs: ipfs.url,
          account: STRANGER,
        });
        rmSync(file);
        expect(contributed.files[0].uri).to.match(/^ipfs:\/\/bafk[0-9a-f]+$/);
        await runJson(["datanet", "review"], { datanet: "2", ids: "1", account: OWNER });
        const published = await runJson<{ uri: string }>(["datanet", "publish"], {
          datanet: "2",
          ipfs: ipfs.url,
          account: OWNER,
        });
        const match = /^ipfs:\/\/(bafk[0-9a-f]+)#keccak256=(0x[0-9a-f]{64})$/.exec(published.uri);
        expect(match, published.uri).to.not.equal(null);
        const manifest = ipfs.blocks.get(match![1])!;
        expect(keccak256(manifest)).to.equal(match![2]);
        expect(JSON.parse(manifest.toString("utf8"))).to.deep.equal([
          {
            contentHash: keccak256(toUtf8Bytes("We the people")),
            contributionId: cid(2n, 1n).toString(),
            contributor: accounts[STRANGER],
            uri: contributed.files[0].uri,
          },
        ]);
      } finally {
        await ipfs.close();
      }
      expect(
        await runFailing(["datanet", "publish"], { datanet: "2", ipfs: "localhost:5001", account: OWNER }),
      ).to.equal('--ipfs: "localhost:5001" is not an http(s) URL of an IPFS node\'s API');
    });
  });

  describe("show and withdraw-bonds", function () {
    it("shows config, curators, counts, versions and the last contributions", async function () {
      const out = await runJson<{
        owner: string;
        counts: Record<string, string>;
        curators: string[];
        versions: { version: string; count: string }[];
        contributions: { index: string; status: string }[];
      }>(["datanet", "show"], { datanet: "1", last: 2 });
      expect(out.owner).to.equal(accounts[OWNER]);
      expect(out.counts).to.deep.equal({
        contributions: "4",
        pending: "0",
        accepted: "3",
        rejected: "1",
        versions: "1",
      });
      expect(out.curators).to.deep.equal([accounts[CURATOR]]);
      expect(out.versions.map((v) => [v.version, v.count])).to.deep.equal([["1", "3"]]);
      expect(out.contributions.map((c) => [c.index, c.status])).to.deep.equal([
        ["3", "accepted"],
        ["4", "accepted"],
      ]);
      const human = await runTask(["datanet", "show"], { datanet: "1" });
      expect(human.stdout).to.contain("  4 contribution(s): 0 pending, 3 accepted, 1 rejected");
      expect(human.stdout).to.contain("    #2 rejected by");
      const all = await runJson<{ datanets: { datanetId: string; versions: string }[] }>(["datanet", "show"], {});
      expect(all.datanets.map((d) => [d.datanetId, d.versions])).to.deep.equal([
        ["1", "1"],
        ["2", "1"],
      ]);
      expect(await runFailing(["datanet", "show"], { datanet: "7" })).to.equal("datanet 7 does not exist");
    });

    it("withdraw-contribution takes back an unreviewed contribution after the review timeout (issue 14, hole 4)", async function () {
      const signers = await env.ethers.getSigners();
      const owner = signers[OWNER];
      const contributor = signers[STRANGER];
      await registry.connect(owner).createDatanet({
        metadataURI: "ipfs://abandoned",
        licenseURI: "",
        contributionPolicy: 0,
        usagePolicy: 0,
        rejectedBondPolicy: 1,
        contributionBond: OPEN("1"),
      });
      const datanetId = await registry.datanetCount();
      await wopen.connect(contributor).deposit({ value: OPEN("1") });
      await wopen.connect(contributor).approve(await registry.getAddress(), OPEN("1"));
      const hash = keccak256(toUtf8Bytes("held hostage"));
      await registry.connect(contributor).contribute(datanetId, hash, "ipfs://held");
      const args = { datanet: datanetId.toString(), id: "1", account: STRANGER };
      expect(await runFailing(["datanet", "withdraw-contribution"], args)).to.match(
        /^contribution #1 is still within its review timeout: withdrawable from /,
      );
      expect(await runFailing(["datanet", "withdraw-contribution"], { ...args, account: CONTRIBUTOR })).to.equal(
        `contribution #1 of datanet ${datanetId} was made by ${accounts[STRANGER]}, not ${accounts[CONTRIBUTOR]}`,
      );
      expect(await runFailing(["datanet", "withdraw-contribution"], { ...args, id: "2" })).to.equal(
        `datanet ${datanetId} has no contribution #2`,
      );
      await env.ethers.provider.send("evm_increaseTime", [Number(await registry.reviewTimeout())]);
      await env.ethers.provider.send("evm_mine", []);
      const out = await runJson<{ bond: string }>(["datanet", "withdraw-contribution"], args);
      expect(out.bond).to.equal(OPEN("1").toString());
      expect(await registry.contributionIdOf(datanetId, hash)).to.equal(0n);
      expect(await registry.withdrawableBonds(accounts[STRANGER])).to.equal(OPEN("1"));
      expect(await runFailing(["datanet", "withdraw-contribution"], args)).to.equal(
        `contribution #1 of datanet ${datanetId} is withdrawn`,
      );
      await runJson(["datanet", "withdraw-bonds"], { account: STRANGER });
    });

    it("withdraws the bonds credited to the signer, and refuses when there are none", async function () {
      const signer = (await env.ethers.getSigners())[CONTRIBUTOR];
      const before = await wopen.balanceOf(signer.address);
      const out = await runJson<{ amount: string }>(["datanet", "withdraw-bonds"], { account: CONTRIBUTOR });
      expect(out.amount).to.equal(OPEN("6").toString());
      expect((await wopen.balanceOf(signer.address)) - before).to.equal(OPEN("6"));
      expect(await runFailing(["datanet", "withdraw-bonds"], { account: CONTRIBUTOR })).to.equal(
        `${accounts[CONTRIBUTOR]} has no bond to withdraw`,
      );
      await runJson(["datanet", "withdraw-bonds"], { for: accounts[OWNER], account: STRANGER });
      expect(await registry.withdrawableBonds(accounts[OWNER])).to.equal(0n);
    });
  });
});
