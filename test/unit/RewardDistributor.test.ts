import { expect } from "chai";
import { Signature, ZeroAddress, ZeroHash, getBigInt, toBeHex, type Signer } from "ethers";

import {
  claimAuthorizationTypes,
  protocolDomain,
  recipientAuthorizationTypes,
  REWARD_DISTRIBUTOR_DOMAIN_NAME,
} from "../../src/protocol/index.js";
import { buildRewardsTree, type RewardsTree } from "../../src/rewards/tree.js";
import { deployAttribution, E, type AttributionFixture } from "../helpers/attribution.js";
import { createChain } from "../helpers/fixtures.js";
import { erc7201Slot } from "../helpers/staking.js";

const MASK = (bits: number) => (1n << BigInt(bits)) - 1n;
/** IRewardDistributor.ClaimSkipReason */
const Skip = { NothingToClaim: 0n, InvalidProof: 1n, ExceedsFinalized: 2n } as const;

describe("RewardDistributor", function () {
  let chain: Awaited<ReturnType<typeof createChain>>;

  before(async function () {
    chain = await createChain();
  });

  /** The attribution fixture, with users[14] holding ORACLE_ROLE to set roots directly and 1,000 OPEN funded. */
  async function fixture() {
    const f = await deployAttribution(chain);
    const setter = f.users[14];
    const guardian = f.users[15];
    await f.rd.grantRole(await f.rd.ORACLE_ROLE(), setter.address);
    await f.rd.grantRole(await f.rd.GUARDIAN_ROLE(), guardian.address);
    await f.fund(1_000n * E);
    const [alice, bob, carol, relayer] = [f.users[7], f.users[8], f.users[12], f.users[13]];
    return { ...f, setter, guardian, alice, bob, carol, relayer };
  }
  type Fixture = AttributionFixture & Awaited<ReturnType<typeof fixture>>;

  async function load(): Promise<Fixture> {
    return chain.networkHelpers.loadFixture(fixture);
  }

  function tree(entries: [Signer & { address: string }, bigint][]): RewardsTree {
    return buildRewardsTree(new Map(entries.map(([s, a]) => [s.address, a])));
  }

  async function setRoot(f: Fixture, epoch: bigint, t: RewardsTree | string, total: bigint) {
    await f.rd.connect(f.setter).updateRoot(epoch, typeof t === "string" ? t : t.root, total);
  }

  async function authorize(f: Fixture, account: Signer, to: string, cumulativeAmount: bigint, deadline: bigint) {
    const chainId = (await chain.ethers.provider.getNetwork()).chainId;
    const domain = protocolDomain(REWARD_DISTRIBUTOR_DOMAIN_NAME, chainId, await f.rd.getAddress());
    const address = await account.getAddress();
    const nonce = await f.rd.nonces(address);
    return account.signTypedData(
      domain,
      { ClaimAuthorization: [...claimAuthorizationTypes.ClaimAuthorization] },
      { account: address, to, cumulativeAmount, nonce, deadline },
    );
  }

  async function now() {
    return BigInt(await chain.networkHelpers.time.latest());
  }

  describe("deployment", function () {
    it("wires asset and payments, grants admin and oracle; everything starts at zero", async function () {
      const f = await load();
      expect(await f.rd.asset()).to.equal(await f.open.getAddress());
      expect(await f.rd.payments()).to.equal(await f.payments.getAddress());
      expect(await f.rd.hasRole(ZeroHash, f.admin.address)).to.equal(true);
      expect(await f.rd.hasRole(await f.rd.ORACLE_ROLE(), await f.oracle.getAddress())).to.equal(true);
      expect(await f.rd.hasRole(await f.rd.ORACLE_ROLE(), f.admin.address)).to.equal(false);
      expect(await f.rd.merkleRoot()).to.equal(ZeroHash);
      expect(await f.rd.rootEpoch()).to.equal(0n);
      expect(await f.rd.cumulativeTotal()).to.equal(0n);
      expect(await f.rd.totalClaimed()).to.equal(0n);
      expect(await f.rd.unclaimed()).to.equal(0n);
      expect(await f.rd.paused()).to.equal(false);
      const domain = await f.rd.eip712Domain();
      expect([domain.name, domain.version, domain.verifyingContract]).to.deep.equal([
        "OpenLedger RewardDistributor",
        "1",
        await f.rd.getAddress(),
      ]);
    });

    it("refuses zero addresses, a second initialization and the bare implementation", async function () {
      const f = await load();
      const factory = await chain.ethers.getContractFactory("RewardDistributor");
      const [asset, payments] = [await f.open.getAddress(), await f.payments.getAddress()];
      await expect(factory.deploy(ZeroAddress, payments)).to.be.revertedWithCustomError(f.rd, "ProtocolZeroAddress");
      await expect(factory.deploy(asset, ZeroAddress)).to.be.revertedWithCustomError(f.rd, "ProtocolZeroAddress");
      const impl = await factory.deploy(asset, payments);
      const proxyFactory = await chain.ethers.getContractFactory("ERC1967Proxy");
      const enc = (a: string, o: string) => impl.interface.encodeFunctionData("initialize", [a, o]);
      await expect(
        proxyFactory.deploy(await impl.getAddress(), enc(f.admin.address, ZeroAddress)),
      ).to.be.revertedWithCustomError(f.rd, "ProtocolZeroAddress");
      await expect(
        proxyFactory.deploy(await impl.getAddress(), enc(ZeroAddress, f.admin.address)),
      ).to.be.revertedWithCustomError(f.rd, "ProtocolZeroAddress");
      await expect(f.rd.initialize(f.admin.address, f.admin.address)).to.be.revertedWithCustomError(
        f.rd,
        "InvalidInitialization",
      );
      await expect(impl.getFunction("initialize")(f.admin.address, f.admin.address)).to.be.revertedWithCustomError(
        f.rd,
        "InvalidInitialization",
      );
    });

    it("keeps its state at the ERC-7201 slot of openledger.storage.RewardDistributor", async function () {
      const f = await load();
      const slot = erc7201Slot(chain, "openledger.storage.RewardDistributor");
      expect(slot).to.equal("0x0b5369968260420b08f25b05ca77622cf658a10dd2cca04b0183f19b31195300");
      const t = tree([[f.alice, 7n * E]]);
      await setRoot(f, 3n, t, 9n * E);
      await f.rd.connect(f.guardian).pause();
      const at = async (offset: bigint) =>
        getBigInt(await chain.ethers.provider.getStorage(await f.rd.getAddress(), toBeHex(BigInt(slot) + offset, 32)));
      expect(toBeHex(await at(0n), 32)).to.equal(t.root);
      // unclaimed (96) | cumulativeTotal (96) | rootEpoch (56) | paused (8)
      const word = await at(1n);
      expect(word & MASK(96)).to.equal(9n * E);
      expect((word >> 96n) & MASK(96)).to.equal(9n * E);
      expect((word >> 192n) & MASK(56)).to.equal(3n);
      expect(word >> 248n).to.equal(1n);
      // OpenZeppelin Pausable's own slot stays unused.
      const ozPausable = "0xcd5ed15c6e187e77e9aee88184c21f4f2182ab5827cb3b7e07fbedcd63f03300";
      expect(await chain.ethers.provider.getStorage(await f.rd.getAddress(), ozPausable)).to.equal(ZeroHash);
    });
  });

  describe("updateRoot", function () {
    it("makes the root live, adds the increase to unclaimed, pulls it from payments", async function () {
      const f = await load();
      const tx = f.rd.connect(f.setter).updateRoot(4n, "0x" + "aa".repeat(32), 30n * E);
      await expect(tx)
        .to.emit(f.rd, "RootUpdated")
        .withArgs(4n, "0x" + "aa".repeat(32), 30n * E, 30n * E);
      await expect(tx).to.changeTokenBalances(chain.ethers, f.open, [f.payments, f.rd], [-30n * E, 30n * E]);
      expect(await f.rd.rootEpoch()).to.equal(4n);
      expect(await f.rd.unclaimed()).to.equal(30n * E);
      // Same total, new root: nothing new to release.
      await expect(f.rd.connect(f.setter).updateRoot(5n, "0x" + "bb".repeat(32), 30n * E))
        .to.emit(f.rd, "RootUpdated")
        .withArgs(5n, "0x" + "bb".repeat(32), 30n * E, 0n);
      expect(await f.rd.cumulativeTotal()).to.equal(30n * E);
    });

    it("reverts for a caller without ORACLE_ROLE, a lower total, and a total above funded", async function () {
      const f = await load();
      await expect(f.rd.connect(f.alice).updateRoot(0n, ZeroHash, 1n))
        .to.be.revertedWithCustomError(f.rd, "DistributorUnauthorizedOracle")
        .withArgs(f.alice.address);
      await expect(f.rd.updateRoot(0n, ZeroHash, 1n))
        .to.be.revertedWithCustomError(f.rd, "DistributorUnauthorizedOracle")
        .withArgs(f.admin.address);
      await setRoot(f, 0n, ZeroHash, 10n * E);
      await expect(f.rd.connect(f.setter).updateRoot(1n, ZeroHash, 10n * E - 1n))
        .to.be.revertedWithCustomError(f.rd, "DistributorTotalDecreased")
        .withArgs(10n * E - 1n, 10n * E);
      // InferencePayments refuses to release more than was funded.
      await expect(f.rd.connect(f.setter).updateRoot(1n, ZeroHash, 1_001n * E))
        .to.be.revertedWithCustomError(f.payments, "PaymentsReleaseExceedsFunded")
        .withArgs(1_001n * E, 1_000n * E);
    });

    it("works under the guardian's pause", async function () {
      const f = await load();
      await f.rd.connect(f.guardian).pause();
      await expect(f.rd.connect(f.setter).updateRoot(0n, ZeroHash, E)).to.emit(f.rd, "RootUpdated");
    });
  });

  describe("claim", function () {
    it("pays the account the difference to what it claimed; anyone may send it", async function () {
      const f = await load();
      const t0 = tree([
        [f.alice, 10n * E],
        [f.bob, 5n * E],
      ]);
      await setRoot(f, 0n, t0, 15n * E);
      const tx = f.rd.connect(f.relayer).claim(f.alice.address, 10n * E, t0.getProof(f.alice.address));
      await expect(tx)
        .to.emit(f.rd, "Claimed")
        .withArgs(f.alice.address, f.alice.address, 10n * E, 10n * E);
      await expect(tx).to.changeTokenBalances(
        chain.ethers,
        f.open,
        [f.alice, f.rd, f.relayer],
        [10n * E, -10n * E, 0n],
      );
      expect(await f.rd.claimed(f.alice.address)).to.equal(10n * E);
      expect(await f.rd.totalClaimed()).to.equal(10n * E);
      expect(await f.rd.unclaimed()).to.equal(5n * E);
      const t1 = tree([
        [f.alice, 14n * E],
        [f.bob, 5n * E],
      ]);
      await setRoot(f, 1n, t1, 19n * E);
      expect(await f.rd.claim.staticCall(f.alice.address, 14n * E, t1.getProof(f.alice.address))).to.equal(4n * E);
      await expect(f.rd.claim(f.alice.address, 14n * E, t1.getProof(f.alice.address)))
        .to.emit(f.rd, "Claimed")
        .withArgs(f.alice.address, f.alice.address, 4n * E, 14n * E);
    });

    it("reverts on a bad or stale proof and when there is nothing new", async function () {
      const f = await load();
      const t0 = tree([
        [f.alice, 10n * E],
        [f.bob, 5n * E],
      ]);
      await setRoot(f, 0n, t0, 15n * E);
      const proof = t0.getProof(f.alice.address);
      await expect(f.rd.claim(f.alice.address, 11n * E, proof))
        .to.be.revertedWithCustomError(f.rd, "DistributorInvalidProof")
        .withArgs(f.alice.address, 11n * E);
      await expect(f.rd.claim(f.bob.address, 10n * E, proof))
        .to.be.revertedWithCustomError(f.rd, "DistributorInvalidProof")
        .withArgs(f.bob.address, 10n * E);
      await expect(f.rd.claim(f.alice.address, 10n * E, [])).to.be.revertedWithCustomError(
        f.rd,
        "DistributorInvalidProof",
      );
      await f.rd.claim(f.alice.address, 10n * E, proof);
      await expect(f.rd.claim(f.alice.address, 10n * E, proof))
        .to.be.revertedWithCustomError(f.rd, "DistributorNothingToClaim")
        .withArgs(f.alice.address, 10n * E, 10n * E);
      // A newer root: the old proof is stale; a leaf below what was claimed pays nothing.
      const t1 = tree([
        [f.alice, 9n * E],
        [f.bob, 6n * E],
      ]);
      await setRoot(f, 1n, t1, 16n * E);
      await expect(f.rd.claim(f.bob.address, 5n * E, t0.getProof(f.bob.address)))
        .to.be.revertedWithCustomError(f.rd, "DistributorInvalidProof")
        .withArgs(f.bob.address, 5n * E);
      await expect(f.rd.claim(f.alice.address, 9n * E, t1.getProof(f.alice.address)))
        .to.be.revertedWithCustomError(f.rd, "DistributorNothingToClaim")
        .withArgs(f.alice.address, 9n * E, 10n * E);
    });

    it("never pays beyond the finalized total, whatever the tree says", async function () {
      const f = await load();
      // A faulty tree whose leaves sum to 100 under a finalized total of 60.
      const t = tree([
        [f.alice, 50n * E],
        [f.bob, 50n * E],
      ]);
      await setRoot(f, 0n, t, 60n * E);
      await f.rd.claim(f.alice.address, 50n * E, t.getProof(f.alice.address));
      await expect(f.rd.claim(f.bob.address, 50n * E, t.getProof(f.bob.address)))
        .to.be.revertedWithCustomError(f.rd, "DistributorClaimExceedsFinalized")
        .withArgs(50n * E, 10n * E);
      expect(await f.rd.totalClaimed()).to.equal(50n * E);
    });

    it("stops under the guardian's pause", async function () {
      const f = await load();
      const t = tree([[f.alice, E]]);
      await setRoot(f, 0n, t, E);
      await f.rd.connect(f.guardian).pause();
      await expect(f.rd.claim(f.alice.address, E, t.getProof(f.alice.address))).to.be.revertedWithCustomError(
        f.rd,
        "EnforcedPause",
      );
    });
  });

  describe("claimTo", function () {
    async function withRoot() {
      const f = await load();
      const t = tree([
        [f.alice, 10n * E],
        [f.bob, 5n * E],
      ]);
      await setRoot(f, 0n, t, 15n * E);
      return { f, t, deadline: (await now()) + 3_600n };
    }

    it("pays `to` on the account's authorization and consumes its nonce", async function () {
      const { f, t, deadline } = await withRoot();
      const sig = await authorize(f, f.alice, f.carol.address, 10n * E, deadline);
      const tx = f.rd
        .connect(f.relayer)
        .claimTo(f.alice.address, f.carol.address, 10n * E, t.getProof(f.alice.address), deadline, sig);
      await expect(tx)
        .to.emit(f.rd, "Claimed")
        .withArgs(f.alice.address, f.carol.address, 10n * E, 10n * E);
      await expect(tx).to.changeTokenBalances(chain.ethers, f.open, [f.carol, f.alice], [10n * E, 0n]);
      expect(await f.rd.nonces(f.alice.address)).to.equal(1n);
      expect(await f.rd.claimed(f.alice.address)).to.equal(10n * E);
    });

    it("accepts an ERC-1271 account's authorization", async function () {
      const f = await load();
      const wallet = await chain.ethers.deployContract("ERC1271WalletMock", [f.alice.address]);
      const walletAddress = await wallet.getAddress();
      const t = buildRewardsTree(new Map([[walletAddress, 3n * E]]));
      await setRoot(f, 0n, t, 3n * E);
      const deadline = (await now()) + 3_600n;
      const chainId = (await chain.ethers.provider.getNetwork()).chainId;
      const domain = protocolDomain(REWARD_DISTRIBUTOR_DOMAIN_NAME, chainId, await f.rd.getAddress());
      const message = { account: walletAddress, to: f.carol.address, cumulativeAmount: 3n * E, nonce: 0n, deadline };
      const types = { ClaimAuthorization: [...claimAuthorizationTypes.ClaimAuthorization] };
      // The wallet checks its owner's signature in the 64-byte (EIP-2098) form.
      const compact = (sig: string) => Signature.from(sig).compactSerialized;
      const byOther = compact(await f.bob.signTypedData(domain, types, message));
      await expect(f.rd.claimTo(walletAddress, f.carol.address, 3n * E, t.getProof(walletAddress), deadline, byOther))
        .to.be.revertedWithCustomError(f.rd, "DistributorInvalidAuthorization")
        .withArgs(walletAddress);
      const byOwner = compact(await f.alice.signTypedData(domain, types, message));
      await expect(
        f.rd.claimTo(walletAddress, f.carol.address, 3n * E, t.getProof(walletAddress), deadline, byOwner),
      ).to.changeTokenBalances(chain.ethers, f.open, [f.carol], [3n * E]);
    });

    it("reverts: zero recipient, expired, wrong signer, other terms, replay; a failed claim keeps the nonce", async function () {
      const { f, t, deadline } = await withRoot();
      const proof = t.getProof(f.alice.address);
      const sig = await authorize(f, f.alice, f.carol.address, 10n * E, deadline);
      await expect(
        f.rd.claimTo(f.alice.address, ZeroAddress, 10n * E, proof, deadline, sig),
      ).to.be.revertedWithCustomError(f.rd, "ProtocolZeroAddress");
      const byBob = await authorize(f, f.bob, f.carol.address, 10n * E, deadline);
      for (const [to, amount, dl, s] of [
        [f.carol.address, 10n * E, deadline, byBob], // signed by someone else
        [f.relayer.address, 10n * E, deadline, sig], // another recipient
        [f.carol.address, 10n * E, deadline + 1n, sig], // another deadline
      ] as const) {
        await expect(f.rd.claimTo(f.alice.address, to, amount, proof, dl, s))
          .to.be.revertedWithCustomError(f.rd, "DistributorInvalidAuthorization")
          .withArgs(f.alice.address);
      }
      // Authorization valid but a wrong amount for the tree: the proof fails and the nonce is not consumed.
      const wrongAmount = await authorize(f, f.alice, f.carol.address, 9n * E, deadline);
      await expect(f.rd.claimTo(f.alice.address, f.carol.address, 9n * E, proof, deadline, wrongAmount))
        .to.be.revertedWithCustomError(f.rd, "DistributorInvalidProof")
        .withArgs(f.alice.address, 9n * E);
      expect(await f.rd.nonces(f.alice.address)).to.equal(0n);
      await f.rd.claimTo(f.alice.address, f.carol.address, 10n * E, proof, deadline, sig);
      await expect(f.rd.claimTo(f.alice.address, f.carol.address, 10n * E, proof, deadline, sig))
        .to.be.revertedWithCustomError(f.rd, "DistributorInvalidAuthorization")
        .withArgs(f.alice.address);
      const again = await authorize(f, f.alice, f.carol.address, 10n * E, deadline);
      await expect(f.rd.claimTo(f.alice.address, f.carol.address, 10n * E, proof, deadline, again))
        .to.be.revertedWithCustomError(f.rd, "DistributorNothingToClaim")
        .withArgs(f.alice.address, 10n * E, 10n * E);
      await chain.networkHelpers.time.increaseTo(deadline + 1n);
      const bobSig = await authorize(f, f.bob, f.bob.address, 5n * E, deadline);
      await expect(f.rd.claimTo(f.bob.address, f.bob.address, 5n * E, t.getProof(f.bob.address), deadline, bobSig))
        .to.be.revertedWithCustomError(f.rd, "DistributorAuthorizationExpired")
        .withArgs(deadline);
    });

    it("is valid up to and including the deadline second; stops under the pause", async function () {
      const { f, t } = await withRoot();
      const deadline = (await now()) + 10n;
      const sig = await authorize(f, f.bob, f.bob.address, 5n * E, deadline);
      await f.rd.connect(f.guardian).pause();
      await expect(
        f.rd.claimTo(f.bob.address, f.bob.address, 5n * E, t.getProof(f.bob.address), deadline, sig),
      ).to.be.revertedWithCustomError(f.rd, "EnforcedPause");
      await f.rd.connect(f.guardian).unpause();
      await chain.networkHelpers.time.setNextBlockTimestamp(deadline);
      await expect(
        f.rd.claimTo(f.bob.address, f.bob.address, 5n * E, t.getProof(f.bob.address), deadline, sig),
      ).to.emit(f.rd, "Claimed");
    });
  });

  describe("claimBatch", function () {
    it("pays every valid entry, skips bad proofs and entries with nothing new (also a repeated account)", async function () {
      const f = await load();
      const t = tree([
        [f.alice, 10n * E],
        [f.bob, 20n * E],
        [f.carol, 30n * E],
      ]);
      await setRoot(f, 0n, t, 60n * E);
      await f.rd.claim(f.carol.address, 30n * E, t.getProof(f.carol.address));
      const accounts = [f.alice.address, f.bob.address, f.carol.address, f.alice.address];
      const amounts = [10n * E, 21n * E, 30n * E, 10n * E];
      const proofs = accounts.map((a) => t.getProof(a));
      expect(await f.rd.connect(f.relayer).claimBatch.staticCall(accounts, amounts, proofs)).to.equal(10n * E);
      const tx = f.rd.connect(f.relayer).claimBatch(accounts, amounts, proofs);
      await expect(tx)
        .to.emit(f.rd, "Claimed")
        .withArgs(f.alice.address, f.alice.address, 10n * E, 10n * E);
      await expect(tx).to.emit(f.rd, "ClaimSkipped").withArgs(f.bob.address, 1n, Skip.InvalidProof);
      await expect(tx).to.emit(f.rd, "ClaimSkipped").withArgs(f.carol.address, 2n, Skip.NothingToClaim);
      await expect(tx).to.emit(f.rd, "ClaimSkipped").withArgs(f.alice.address, 3n, Skip.NothingToClaim); // just before
      await expect(tx).to.changeTokenBalances(
        chain.ethers,
        f.open,
        [f.alice, f.bob, f.carol, f.rd],
        [10n * E, 0n, 0n, -10n * E],
      );
      expect(await f.rd.claimBatch.staticCall([], [], [])).to.equal(0n);
    });

    it("reverts on arrays of different lengths and under the pause", async function () {
      const f = await load();
      const t = tree([
        [f.alice, 50n * E],
        [f.bob, 50n * E],
      ]);
      await expect(f.rd.claimBatch([f.alice.address], [], []))
        .to.be.revertedWithCustomError(f.rd, "DistributorLengthMismatch")
        .withArgs(1n, 0n, 0n);
      await expect(f.rd.claimBatch([f.alice.address], [E], [[], []]))
        .to.be.revertedWithCustomError(f.rd, "DistributorLengthMismatch")
        .withArgs(1n, 1n, 2n);
      await setRoot(f, 0n, t, 60n * E); // faulty tree: leaves sum to 100
      const accounts = [f.alice.address, f.bob.address];
      const proofs = accounts.map((a) => t.getProof(a));
      await f.rd.connect(f.guardian).pause();
      await expect(f.rd.claimBatch(accounts, [50n * E, 50n * E], proofs)).to.be.revertedWithCustomError(
        f.rd,
        "EnforcedPause",
      );
    });
    it("skips an entry beyond the finalized total and pays the rest (decision 0205, issue 13 item 5)", async function () {
      // Before: the entry reverted the whole batch with DistributorClaimExceedsFinalized.
      const f = await load();
      const t = tree([
        [f.alice, 50n * E],
        [f.bob, 50n * E],
        [f.carol, 5n * E],
      ]);
      await setRoot(f, 0n, t, 60n * E); // faulty tree: leaves sum to 105
      const accounts = [f.alice.address, f.bob.address, f.carol.address];
      const proofs = accounts.map((a) => t.getProof(a));
      const tx = f.rd.connect(f.relayer).claimBatch(accounts, [50n * E, 50n * E, 5n * E], proofs);
      await expect(tx).to.emit(f.rd, "ClaimSkipped").withArgs(f.bob.address, 1n, Skip.ExceedsFinalized);
      await expect(tx).to.changeTokenBalances(chain.ethers, f.open, [f.alice, f.bob, f.carol], [50n * E, 0n, 5n * E]);
      expect(await f.rd.unclaimed()).to.equal(5n * E);
      expect(await f.rd.totalClaimed()).to.equal(55n * E);
      // A single claim still reverts with the reason.
      await expect(f.rd.claim(f.bob.address, 50n * E, t.getProof(f.bob.address)))
        .to.be.revertedWithCustomError(f.rd, "DistributorClaimExceedsFinalized")
        .withArgs(50n * E, 5n * E);
    });
  });

  describe("reward recipients (issue 14, hole 3)", function () {
    async function signRecipient(f: Fixture, account: Signer, recipient: string, deadline: bigint, nonce?: bigint) {
      const chainId = (await chain.ethers.provider.getNetwork()).chainId;
      const domain = protocolDomain(REWARD_DISTRIBUTOR_DOMAIN_NAME, chainId, await f.rd.getAddress());
      const address = await account.getAddress();
      return account.signTypedData(
        domain,
        { RecipientAuthorization: [...recipientAuthorizationTypes.RecipientAuthorization] },
        { account: address, recipient, nonce: nonce ?? (await f.rd.nonces(address)), deadline },
      );
    }

    async function withRoot() {
      const f = await load();
      const t = tree([
        [f.alice, 10n * E],
        [f.bob, 5n * E],
      ]);
      await setRoot(f, 0n, t, 15n * E);
      return { f, t };
    }

    it("a front-run claim pays the recipient the account set, on every claim path", async function () {
      // The review's attack: anyone claims first for an account that can only sign and strands the rewards in it.
      const { f, t } = await withRoot();
      expect(await f.rd.rewardRecipient(f.alice.address)).to.equal(f.alice.address);
      await expect(f.rd.connect(f.alice).setRewardRecipient(f.carol.address))
        .to.emit(f.rd, "RewardRecipientSet")
        .withArgs(f.alice.address, f.carol.address);
      expect(await f.rd.rewardRecipient(f.alice.address)).to.equal(f.carol.address);
      const frontRun = f.rd.connect(f.relayer).claim(f.alice.address, 10n * E, t.getProof(f.alice.address));
      await expect(frontRun)
        .to.emit(f.rd, "Claimed")
        .withArgs(f.alice.address, f.carol.address, 10n * E, 10n * E);
      await expect(frontRun).to.changeTokenBalances(chain.ethers, f.open, [f.carol, f.alice], [10n * E, 0n]);

      // A batch pays each account's recipient too.
      await f.rd.connect(f.bob).setRewardRecipient(f.relayer.address);
      const t2 = tree([
        [f.alice, 12n * E],
        [f.bob, 7n * E],
      ]);
      await setRoot(f, 1n, t2, 19n * E);
      const accounts = [f.alice.address, f.bob.address];
      const batch = f.rd.claimBatch(accounts, [12n * E, 7n * E], [t2.getProof(accounts[0]), t2.getProof(accounts[1])]);
      await expect(batch).to.changeTokenBalances(
        chain.ethers,
        f.open,
        [f.carol, f.relayer, f.alice, f.bob],
        [2n * E, 7n * E, 0n, 0n],
      );
      // Zero means the account itself again.
      await f.rd.connect(f.alice).setRewardRecipient(ZeroAddress);
      expect(await f.rd.rewardRecipient(f.alice.address)).to.equal(f.alice.address);
    });

    it("an account that can only sign sets its recipient by authorization; then no claim can strand its rewards", async function () {
      const f = await load();
      const wallet = await chain.ethers.deployContract("ERC1271WalletMock", [f.alice.address]);
      const walletAddress = await wallet.getAddress();
      const deadline = (await now()) + 3_600n;
      const chainId = (await chain.ethers.provider.getNetwork()).chainId;
      const domain = protocolDomain(REWARD_DISTRIBUTOR_DOMAIN_NAME, chainId, await f.rd.getAddress());
      const types = { RecipientAuthorization: [...recipientAuthorizationTypes.RecipientAuthorization] };
      const message = { account: walletAddress, recipient: f.carol.address, nonce: 0n, deadline };
      const compact = (sig: string) => Signature.from(sig).compactSerialized;
      const byOther = compact(await f.bob.signTypedData(domain, types, message));
      await expect(f.rd.setRewardRecipientWithAuthorization(walletAddress, f.carol.address, deadline, byOther))
        .to.be.revertedWithCustomError(f.rd, "DistributorInvalidAuthorization")
        .withArgs(walletAddress);
      const byOwner = compact(await f.alice.signTypedData(domain, types, message));
      await expect(
        f.rd.connect(f.relayer).setRewardRecipientWithAuthorization(walletAddress, f.carol.address, deadline, byOwner),
      )
        .to.emit(f.rd, "RewardRecipientSet")
        .withArgs(walletAddress, f.carol.address);
      expect(await f.rd.nonces(walletAddress)).to.equal(1n);
      await expect(
        f.rd.setRewardRecipientWithAuthorization(walletAddress, f.carol.address, deadline, byOwner),
      ).to.be.revertedWithCustomError(f.rd, "DistributorInvalidAuthorization");

      const t = buildRewardsTree(new Map([[walletAddress, 3n * E]]));
      await setRoot(f, 0n, t, 3n * E);
      await expect(f.rd.connect(f.bob).claim(walletAddress, 3n * E, t.getProof(walletAddress))).to.changeTokenBalances(
        chain.ethers,
        f.open,
        [f.carol, wallet],
        [3n * E, 0n],
      );
    });

    it("an EOA's authorization: expired, wrong signer and other recipient revert; claimTo sets the recipient", async function () {
      const { f, t } = await withRoot();
      const deadline = (await now()) + 100n;
      const sig = await signRecipient(f, f.bob, f.carol.address, deadline);
      await expect(f.rd.setRewardRecipientWithAuthorization(f.bob.address, f.relayer.address, deadline, sig))
        .to.be.revertedWithCustomError(f.rd, "DistributorInvalidAuthorization")
        .withArgs(f.bob.address);
      await chain.networkHelpers.time.increaseTo(deadline + 1n);
      await expect(f.rd.setRewardRecipientWithAuthorization(f.bob.address, f.carol.address, deadline, sig))
        .to.be.revertedWithCustomError(f.rd, "DistributorAuthorizationExpired")
        .withArgs(deadline);

      // claimTo makes `to` the recipient of later claims as well.
      const later = (await now()) + 3_600n;
      const claimSig = await authorize(f, f.alice, f.carol.address, 10n * E, later);
      await expect(
        f.rd.claimTo(f.alice.address, f.carol.address, 10n * E, t.getProof(f.alice.address), later, claimSig),
      )
        .to.emit(f.rd, "RewardRecipientSet")
        .withArgs(f.alice.address, f.carol.address);
      expect(await f.rd.rewardRecipient(f.alice.address)).to.equal(f.carol.address);
    });
  });

  describe("pause and unpause", function () {
    it("the guardian pauses; the guardian or the admin unpauses; nobody else", async function () {
      const f = await load();
      const GUARDIAN = await f.rd.GUARDIAN_ROLE();
      await expect(f.rd.connect(f.alice).pause())
        .to.be.revertedWithCustomError(f.rd, "AccessControlUnauthorizedAccount")
        .withArgs(f.alice.address, GUARDIAN);
      await expect(f.rd.pause())
        .to.be.revertedWithCustomError(f.rd, "AccessControlUnauthorizedAccount")
        .withArgs(f.admin.address, GUARDIAN);
      await expect(f.rd.connect(f.guardian).unpause()).to.be.revertedWithCustomError(f.rd, "ExpectedPause");
      await expect(f.rd.connect(f.guardian).pause()).to.emit(f.rd, "Paused").withArgs(f.guardian.address);
      expect(await f.rd.paused()).to.equal(true);
      await expect(f.rd.connect(f.guardian).pause()).to.be.revertedWithCustomError(f.rd, "EnforcedPause");
      await expect(f.rd.connect(f.alice).unpause())
        .to.be.revertedWithCustomError(f.rd, "ProtocolUnauthorizedUnpause")
        .withArgs(f.alice.address);
      await expect(f.rd.unpause()).to.emit(f.rd, "Unpaused").withArgs(f.admin.address);
      expect(await f.rd.paused()).to.equal(false);
      await f.rd.connect(f.guardian).pause();
      await expect(f.rd.connect(f.guardian).unpause()).to.emit(f.rd, "Unpaused").withArgs(f.guardian.address);
      // Claims work again.
      const t = tree([[f.alice, E]]);
      await setRoot(f, 0n, t, E);
      await expect(f.rd.claim(f.alice.address, E, t.getProof(f.alice.address))).to.emit(f.rd, "Claimed");
    });
  });

  describe("upgrade", function () {
    it("only the admin upgrades; claims and accounting are kept", async function () {
      const f = await load();
      const t = tree([
        [f.alice, 4n * E],
        [f.bob, 6n * E],
      ]);
      await setRoot(f, 2n, t, 10n * E);
      await f.rd.claim(f.alice.address, 4n * E, t.getProof(f.alice.address));
      const v2 = await chain.ethers.deployContract("RewardDistributor", [
        await f.open.getAddress(),
        await f.payments.getAddress(),
      ]);
      await expect(f.rd.connect(f.alice).upgradeToAndCall(await v2.getAddress(), "0x"))
        .to.be.revertedWithCustomError(f.rd, "AccessControlUnauthorizedAccount")
        .withArgs(f.alice.address, ZeroHash);
      await expect(f.rd.upgradeToAndCall(await v2.getAddress(), "0x")).to.emit(f.rd, "Upgraded");
      expect(await f.rd.claimed(f.alice.address)).to.equal(4n * E);
      expect(await f.rd.unclaimed()).to.equal(6n * E);
      expect(await f.rd.rootEpoch()).to.equal(2n);
      await expect(f.rd.claim(f.bob.address, 6n * E, t.getProof(f.bob.address))).to.emit(f.rd, "Claimed");
    });
  });
});
