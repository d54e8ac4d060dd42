/**
 * The cumulative rewards tree: one leaf per account with the total amount it may ever have claimed, in exactly the
 * layout of `@openzeppelin/merkle-tree`'s `StandardMerkleTree.of(entries, ["address", "uint256"])` (same leaves, root,
 * node array and proofs), so anyone can check a published tree with the library and the RewardDistributor verifies the
 * proofs with OpenZeppelin's `MerkleProof`.
 *
 * Leaf, as the contract computes it (RewardDistributor._leaf):
 *   keccak256(bytes.concat(keccak256(abi.encode(account, cumulativeAmount))))
 * Node: keccak256 of the two children, smaller first (commutative hash, `Hashes.commutativeKeccak256`).
 * Layout (the library's): leaves sorted by hash ascending; an array `tree` of 2n - 1 nodes where sorted leaf i sits at
 * index 2n - 2 - i and node i has children 2i + 1 and 2i + 2; a proof is the list of siblings from the leaf to the root.
 *
 * The library hashes through hex strings and takes ~150 s for 1,000,000 accounts. `buildRewardsTree` uses it for small
 * trees and otherwise a builder over one flat byte array with an allocation-free keccak (./keccak.ts), which
 * test/unit/rewards/tree.test.ts proves identical to the library on random trees.
 */
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";

/** The library's dump format ("standard-v1"). */
export type StandardMerkleTreeData<T extends unknown[]> = ReturnType<StandardMerkleTree<T>["dump"]>;

import { keccak256Into } from "./keccak.js";

/** Leaf encoding of the rewards tree, as passed to StandardMerkleTree. */
export const REWARDS_LEAF_ENCODING = ["address", "uint256"];

/** Trees up to this many accounts are built by the library itself (fast enough, ~0.15 ms per account). */
export const LIBRARY_BUILDER_MAX_ACCOUNTS = 2_000;

const MAX_UINT256 = (1n << 256n) - 1n;
const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;

/** One account of the tree with its proof. */
export interface RewardsTreeEntry {
  account: string;
  cumulativeAmount: bigint;
  proof: string[];
}

/** A built cumulative rewards tree. Accounts are looked up case-insensitively. */
export interface RewardsTree {
  /** The root, 0x-prefixed lowercase hex, as the oracle report carries it. */
  readonly root: string;
  /** Number of accounts (leaves). */
  readonly length: number;
  /** Sum of every account's cumulative amount. */
  readonly total: bigint;
  /** True if `account` has a leaf. */
  has(account: string): boolean;
  /** Cumulative amount of `account`; throws if it has no leaf. */
  amountOf(account: string): bigint;
  /** Proof of `account`'s leaf (siblings from leaf to root); throws if it has no leaf. */
  getProof(account: string): string[];
  /** Every account with its amount and proof, in the order of the input map. */
  entries(): Generator<RewardsTreeEntry>;
  /** The library's JSON dump (format "standard-v1", amounts as decimal strings); `StandardMerkleTree.load` accepts it. */
  dump(): StandardMerkleTreeData<[string, string]>;
}

/** Which builder `buildRewardsTree` uses: the library, the fast builder, or by size (default). */
export type RewardsTreeBuilder = "auto" | "library" | "fast";

/** Thrown for a bad input map: not an address, an amount out of range, or one account twice (case-insensitive). */
export class RewardsTreeInputError extends Error {
  override name = "RewardsTreeInputError";
}

function validate(amounts: Map<string, bigint>, checkDuplicates: boolean): void {
  if (amounts.size === 0) throw new RewardsTreeInputError("the rewards tree needs at least one account");
  const seen = new Set<string>();
  for (const [account, amount] of amounts) {
    if (!ADDRESS_RE.test(account)) throw new RewardsTreeInputError(`not an address: ${account}`);
    if (typeof amount !== "bigint" || amount < 0n || amount > MAX_UINT256) {
      throw new RewardsTreeInputError(`amount of ${account} is not a uint256: ${String(amount)}`);
    }
    if (checkDuplicates) {
      const key = account.toLowerCase();
      if (seen.has(key)) throw new RewardsTreeInputError(`account appears twice: ${account}`);
      seen.add(key);
    }
  }
}

/**
 * Sorts `order` (indices of 32-byte keys in `keys`, or `width`-byte keys) by key, lexicographically. Sorts numbers
 * `prefix * 2^21 + index` natively (exact in a double while n <= 2^21), then re-sorts each run of equal 32-bit prefixes
 * by the whole key. Returns true if two keys are equal.
 */
function sortByKey(keys: Uint8Array, width: number, n: number): { order: Uint32Array; hasEqual: boolean } {
  const view = new DataView(keys.buffer, keys.byteOffset, keys.byteLength);
  const order = new Uint32Array(n);
  const compareFull = (a: number, b: number): number => {
    for (let k = 0; k < width; k++) {
      const d = keys[width * a + k] - keys[width * b + k];
      if (d !== 0) return d;
    }
    return 0;
  };
  if (n <= 1 << 21) {
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = view.getUint32(width * i) * 2097152 + i;
    packed.sort();
    for (let i = 0; i < n; i++) order[i] = packed[i] % 2097152;
  } else {
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort(compareFull);
  }
  let hasEqual = false;
  for (let start = 0; start < n;) {
    const p = view.getUint32(width * order[start]);
    let end = start + 1;
    while (end < n && view.getUint32(width * order[end]) === p) end++;
    if (end - start > 1) {
      const run = order.subarray(start, end);
      run.sort(compareFull);
      for (let k = 1; k < run.length; k++) if (compareFull(run[k - 1], run[k]) === 0) hasEqual = true;
    }
    start = end;
  }
  return { order, hasEqual };
}

/**
 * Builds the cumulative rewards tree of `amounts` (account => cumulative amount, every amount a uint256). The result
 * is identical to `StandardMerkleTree.of([...amounts], ["address", "uint256"])`.
 * @throws RewardsTreeInputError for an empty map, a malformed address, an amount out of range or a repeated account.
 */
export function buildRewardsTree(amounts: Map<string, bigint>, builder: RewardsTreeBuilder = "auto"): RewardsTree {
  const useLibrary = builder === "library" || (builder === "auto" && amounts.size <= LIBRARY_BUILDER_MAX_ACCOUNTS);
  // The fast builder finds repeated accounts itself, by sorting the address bytes (a Set of 1M strings is slow).
  validate(amounts, useLibrary);
  return useLibrary ? new LibraryRewardsTree(amounts) : new FlatRewardsTree(amounts);
}

/** Verifies `proof` for (account, cumulativeAmount) against `root`, with the library (as the contract does). */
export function verifyRewardsProof(root: string, account: string, cumulativeAmount: bigint, proof: string[]): boolean {
  return StandardMerkleTree.verify(root, REWARDS_LEAF_ENCODING, [account, cumulativeAmount], proof);
}

class LibraryRewardsTree implements RewardsTree {
  readonly root: string;
  readonly length: number;
  readonly total: bigint;
  private readonly tree: StandardMerkleTree<[string, bigint]>;
  private readonly index = new Map<string, number>();
  private readonly accounts: [string, bigint][];

  constructor(amounts: Map<string, bigint>) {
    this.accounts = [...amounts];
    this.tree = StandardMerkleTree.of(this.accounts, REWARDS_LEAF_ENCODING);
    this.root = this.tree.root;
    this.length = this.accounts.length;
    let total = 0n;
    this.accounts.forEach(([account, amount], i) => {
      this.index.set(account.toLowerCase(), i);
      total += amount;
    });
    this.total = total;
  }

  private lookup(account: string): number {
    const i = this.index.get(account.toLowerCase());
    if (i === undefined) throw new RewardsTreeInputError(`no leaf for ${account}`);
    return i;
  }

  has(account: string): boolean {
    return this.index.has(account.toLowerCase());
  }

  amountOf(account: string): bigint {
    return this.accounts[this.lookup(account)][1];
  }

  getProof(account: string): string[] {
    return this.tree.getProof(this.lookup(account));
  }

  *entries(): Generator<RewardsTreeEntry> {
    for (let i = 0; i < this.accounts.length; i++) {
      const [account, cumulativeAmount] = this.accounts[i];
      yield { account, cumulativeAmount, proof: this.tree.getProof(i) };
    }
  }

  dump(): StandardMerkleTreeData<[string, string]> {
    const data = this.tree.dump();
    return {
      ...data,
      values: data.values.map(({ value, treeIndex }) => ({ value: [value[0], value[1].toString()], treeIndex })),
    };
  }
}

/**
 * The fast builder. All 2n - 1 nodes live in one Uint8Array (32 bytes each, at the library's indices); hashing reads
 * and writes it in place, and hex strings are made only when a proof or the dump is asked for (and cached per node,
 * since the top nodes appear in every proof).
 */
class FlatRewardsTree implements RewardsTree {
  readonly root: string;
  readonly length: number;
  readonly total: bigint;
  private readonly nodes: Buffer;
  private readonly nodeCount: number;
  private readonly hexCache: (string | undefined)[];
  private readonly accounts: [string, bigint][];
  /** treeIndexOf[valueIndex] = index in `nodes` of the leaf of input entry valueIndex. */
  private readonly treeIndexOf: Uint32Array;
  /** Lowercase account => input index, built on the first lookup (entries() and dump() never need it). */
  private index: Map<string, number> | undefined;

  constructor(amounts: Map<string, bigint>) {
    const n = amounts.size;
    this.accounts = [...amounts];
    this.length = n;
    this.nodeCount = 2 * n - 1;

    // 1. Leaves in input order: keccak256(keccak256(abi.encode(account, amount))).
    const leaves = new Uint8Array(32 * n);
    const addresses = Buffer.allocUnsafe(20 * n);
    const encoded = new Uint8Array(64); // 12 zero bytes | 20-byte address | 32-byte amount
    const encodedBuffer = Buffer.from(encoded.buffer, encoded.byteOffset, 64);
    const inner = new Uint8Array(32);
    let total = 0n;
    for (let i = 0; i < n; i++) {
      const [account, amount] = this.accounts[i];
      total += amount;
      addresses.write(account.slice(2), 20 * i, 20, "hex");
      addresses.copy(encodedBuffer, 12, 20 * i, 20 * i + 20);
      encodedBuffer.write(amount.toString(16).padStart(64, "0"), 32, 32, "hex");
      keccak256Into(encoded, 0, 64, inner, 0);
      keccak256Into(inner, 0, 32, leaves, 32 * i);
    }
    this.total = total;
    if (sortByKey(addresses, 20, n).hasEqual) {
      throw new RewardsTreeInputError("an account appears twice (addresses compared case-insensitively)");
    }

    // 2. Sort leaves by hash (the library's byte-wise `compare`).
    const { order } = sortByKey(leaves, 32, n);

    // 3. Place sorted leaf i at node index nodeCount - 1 - i, then hash the internal nodes bottom-up.
    const nodes = Buffer.allocUnsafe(32 * this.nodeCount);
    this.treeIndexOf = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const at = this.nodeCount - 1 - i;
      nodes.set(leaves.subarray(32 * order[i], 32 * order[i] + 32), 32 * at);
      this.treeIndexOf[order[i]] = at;
    }
    const pair = new Uint8Array(64);
    for (let i = this.nodeCount - 1 - n; i >= 0; i--) {
      const left = 32 * (2 * i + 1);
      const right = left + 32;
      // Children are adjacent in `nodes`; hash them in place when already in order (smaller first).
      if (nodes.compare(nodes, right, right + 32, left, left + 32) <= 0) {
        keccak256Into(nodes, left, 64, nodes, 32 * i);
      } else {
        pair.set(nodes.subarray(right, right + 32), 0);
        pair.set(nodes.subarray(left, left + 32), 32);
        keccak256Into(pair, 0, 64, nodes, 32 * i);
      }
    }
    this.nodes = nodes;
    this.hexCache = new Array<string | undefined>(this.nodeCount);
    this.root = this.hex(0);
  }

  private hex(i: number): string {
    let h = this.hexCache[i];
    if (h === undefined) {
      h = "0x" + this.nodes.toString("hex", 32 * i, 32 * i + 32);
      this.hexCache[i] = h;
    }
    return h;
  }

  private accountIndex(): Map<string, number> {
    if (this.index === undefined) {
      this.index = new Map();
      for (let i = 0; i < this.accounts.length; i++) this.index.set(this.accounts[i][0].toLowerCase(), i);
    }
    return this.index;
  }

  private lookup(account: string): number {
    const i = this.accountIndex().get(account.toLowerCase());
    if (i === undefined) throw new RewardsTreeInputError(`no leaf for ${account}`);
    return i;
  }

  private proofAt(treeIndex: number): string[] {
    const proof: string[] = [];
    let j = treeIndex;
    while (j > 0) {
      proof.push(this.hex(j % 2 === 1 ? j + 1 : j - 1));
      j = (j - 1) >> 1;
    }
    return proof;
  }

  has(account: string): boolean {
    return this.accountIndex().has(account.toLowerCase());
  }

  amountOf(account: string): bigint {
    return this.accounts[this.lookup(account)][1];
  }

  getProof(account: string): string[] {
    return this.proofAt(this.treeIndexOf[this.lookup(account)]);
  }

  *entries(): Generator<RewardsTreeEntry> {
    for (let i = 0; i < this.accounts.length; i++) {
      const [account, cumulativeAmount] = this.accounts[i];
      yield { account, cumulativeAmount, proof: this.proofAt(this.treeIndexOf[i]) };
    }
  }

  dump(): StandardMerkleTreeData<[string, string]> {
    const tree: string[] = new Array<string>(this.nodeCount);
    for (let i = 0; i < this.nodeCount; i++) tree[i] = this.hex(i);
    return {
      format: "standard-v1",
      leafEncoding: REWARDS_LEAF_ENCODING,
      tree,
      values: this.accounts.map(([account, amount], i) => ({
        value: [account, amount.toString()],
        treeIndex: this.treeIndexOf[i],
      })),
    };
  }
}
