import { expect } from "chai";

import { type Chain, createChain } from "../helpers/fixtures.js";
import { DAY, OPEN, OperatorRole, deployStaking } from "../helpers/staking.js";
import { pendingRewards, rewardRemainder } from "../../src/protocol/index.js";

// A differential check of OpenStaking's checkpoints (oracle stake head mirror, decision 0235;
// latest-first getPastVotes, decision 0147) and of its accounting, against a plain TypeScript model, over random
// sequences that include several moves in one block (same timestamp), slashing of active and unbonding stake,
// deregistration and re-registration, and delegation changes.

let chain: Chain;
let ethers: Chain["ethers"];
let networkHelpers: Chain["networkHelpers"];

type Snapshot = {
  oracle: Map<string, bigint>;
  totalOracle: bigint;
  votes: Map<string, bigint>;
  totalActive: bigint;
};

function rng(seed: number) {
  let s = BigInt(seed) | 1n;
  return (n: number) => {
    // xorshift64*
    s ^= s >> 12n;
    s ^= (s << 25n) & 0xffffffffffffffffn;
    s ^= s >> 27n;
    s &= 0xffffffffffffffffn;
    return Number(((s * 2685821657736338717n) & 0xffffffffffffffffn) % BigInt(n));
  };
}

async function stakingFixture() {
  return deployStaking(chain);
}

describe("OpenStaking against a model: checkpoints and accounting", function () {
  before(async function () {
    chain = await createChain();
    ({ ethers, networkHelpers } = chain);
  });

  for (const seed of [1, 7, 42]) {
    it(`past oracle stake, past votes and balances match the model (seed ${seed})`, async function () {
      const ctx = await networkHelpers.loadFixture(stakingFixture);
      const { staking, open, feeSource, slasher, alice, bob, carol, dave, deployer, stakingAddress } = ctx;
      const actors = [alice, bob, carol, dave];
      const addrs = actors.map((a) => a.address);
      const r = rng(seed);
      const MIN_ORACLE = 10_000n * OPEN;
      const MIN_COMPUTE = 1_000n * OPEN;

      const active = new Map<string, bigint>(addrs.map((a) => [a, 0n]));
      const unb = new Map<string, bigint>(addrs.map((a) => [a, 0n]));
      const release = new Map<string, bigint>(addrs.map((a) => [a, 0n]));
      const role = new Map<string, OperatorRole>(addrs.map((a) => [a, OperatorRole.None]));
      const delegateOf = new Map<string, string>(addrs.map((a) => [a, ethers.ZeroAddress]));
      let slashedTotal = 0n;
      let settlements = 0n;
      const count: Record<string, number> = {};

      const snap = (): Snapshot => {
        const oracle = new Map<string, bigint>();
        let totalOracle = 0n;
        const votes = new Map<string, bigint>(addrs.map((a) => [a, 0n]));
        let totalActive = 0n;
        for (const a of addrs) {
          const v = active.get(a)!;
          totalActive += v;
          const o = role.get(a) === OperatorRole.AttributionOracle ? v : 0n;
          oracle.set(a, o);
          totalOracle += o;
          const d = delegateOf.get(a)!;
          if (d !== ethers.ZeroAddress) votes.set(d, votes.get(d)! + v);
        }
        return { oracle, totalOracle, votes, totalActive };
      };

      const history: { t: bigint; s: Snapshot }[] = [];
      const blockTime = async () => BigInt((await ethers.provider.getBlock("latest"))!.timestamp);

      await ethers.provider.send("evm_setAutomine", [false]);
      try {
        for (let block = 0; block < 45; ++block) {
          const txs = [];
          const ops = 1 + r(3); // 1..3 moves in the same block (same timestamp)
          // The time the block will be mined at (set explicitly, so that release checks are exact).
          const g = r(4);
          const gap = g <= 1 ? 1n : g === 2 ? BigInt(2 + r(5)) : DAY * BigInt(1 + r(8));
          const next = (await blockTime()) + gap;
          await networkHelpers.time.setNextBlockTimestamp(next);
          for (let k = 0; k < ops; ++k) {
            const i = r(4);
            const who = actors[i];
            const a = who.address;
            const act = active.get(a)!;
            const rl = role.get(a)!;
            const choice = r(10);
            const gas = { gasLimit: 1_000_000 };
            const before = txs.length;
            if (choice <= 1) {
              const amount = BigInt(1 + r(20_000)) * OPEN + BigInt(r(1000));
              if (act !== 0n) settlements += 1n;
              txs.push(await staking.connect(who).stake(amount, gas));
              active.set(a, act + amount);
            } else if (choice === 2) {
              const payer = actors[r(4)];
              const amount = BigInt(1 + r(5_000)) * OPEN;
              if (act !== 0n) settlements += 1n;
              txs.push(await staking.connect(payer).stakeFor(a, amount, gas));
              active.set(a, act + amount);
            } else if (choice === 3) {
              const floor =
                rl === OperatorRole.AttributionOracle ? MIN_ORACLE : rl === OperatorRole.None ? 0n : MIN_COMPUTE;
              if (act > floor + 1n) {
                const amount = 1n + BigInt(r(1_000_000)) * ((act - floor - 1n) / 1_000_000n + 1n);
                const amt = amount > act - floor ? act - floor : amount;
                settlements += 1n;
                txs.push(await staking.connect(who).requestUnstake(amt, gas));
                active.set(a, act - amt);
                unb.set(a, unb.get(a)! + amt);
                release.set(a, next + 14n * DAY);
              }
            } else if (choice === 4) {
              if (unb.get(a)! !== 0n && next >= release.get(a)!) {
                txs.push(await staking.connect(who).withdraw(gas));
                unb.set(a, 0n);
                release.set(a, 0n);
              }
            } else if (choice === 5) {
              const total = act + unb.get(a)!;
              if (total !== 0n) {
                const amount = (total * BigInt(1 + r(100))) / 100n;
                const fromActive = amount < act ? amount : act;
                const fromUnb = amount - fromActive;
                if (fromActive !== 0n) settlements += 1n;
                txs.push(await staking.connect(slasher).slash(a, amount, slasher.address, gas));
                active.set(a, act - fromActive);
                unb.set(a, unb.get(a)! - fromUnb);
                slashedTotal += amount;
              }
            } else if (choice === 6) {
              if (rl === OperatorRole.None) {
                const want = r(2) === 0 ? OperatorRole.AttributionOracle : OperatorRole.ComputeProvider;
                const min = want === OperatorRole.AttributionOracle ? MIN_ORACLE : MIN_COMPUTE;
                if (act >= min) {
                  txs.push(await staking.connect(who).registerOperator(want, gas));
                  role.set(a, want);
                }
              } else {
                txs.push(await staking.connect(who).deregisterOperator(gas));
                role.set(a, OperatorRole.None);
              }
            } else if (choice === 7) {
              const to = r(5) === 4 ? ethers.ZeroAddress : addrs[r(4)];
              if (to !== ethers.ZeroAddress || delegateOf.get(a) !== ethers.ZeroAddress) {
                txs.push(await staking.connect(who).delegate(to, gas));
                delegateOf.set(a, to);
              }
            } else if (choice === 8) {
              txs.push(
                await feeSource.connect(deployer).accrueStakerFees(BigInt(1 + r(1_000_000)) * 10n ** 12n + 7n, gas),
              );
              txs.push(await staking.connect(who).collectFees(gas));
            } else {
              settlements += 1n;
              txs.push(await staking.connect(who).claimRewards(gas));
            }
            if (txs.length > before) count[choice] = (count[choice] ?? 0) + 1;
          }
          await networkHelpers.mine();
          for (const tx of txs) {
            const rc = await tx.wait();
            expect(rc!.status).to.equal(1);
          }
          const t = await blockTime();
          expect(t).to.equal(next);
          history.push({ t, s: snap() });
        }
      } finally {
        await ethers.provider.send("evm_setAutomine", [true]);
      }
      await networkHelpers.mine();
      if (process.env.REV2_DEBUG) console.log(count, history.length);

      // Every recorded second, then one second before each, compare every past lookup with the model.
      for (let h = 0; h < history.length; ++h) {
        const { t, s } = history[h];
        for (const a of addrs) {
          expect(await staking.getPastOracleStake(a, t), `oracle ${a} at ${t}`).to.equal(s.oracle.get(a));
          expect(await staking.getPastVotes(a, t), `votes ${a} at ${t}`).to.equal(s.votes.get(a));
        }
        expect(await staking.getPastTotalOracleStake(t), `total oracle at ${t}`).to.equal(s.totalOracle);
        expect(await staking.getPastTotalSupply(t), `total supply at ${t}`).to.equal(s.totalActive);
        if (h > 0 && history[h - 1].t < t - 1n) {
          const p = history[h - 1].s;
          for (const a of addrs) {
            expect(await staking.getPastOracleStake(a, t - 1n)).to.equal(p.oracle.get(a));
            expect(await staking.getPastVotes(a, t - 1n)).to.equal(p.votes.get(a));
          }
          expect(await staking.getPastTotalOracleStake(t - 1n)).to.equal(p.totalOracle);
        }
      }

      // Current state and accounting.
      let pending = 0n;
      for (const a of addrs) {
        expect(await staking.activeStake(a)).to.equal(active.get(a));
        expect((await staking.unbonding(a))[0]).to.equal(unb.get(a));
        pending += await pendingRewards(staking, a);
      }
      const last = history[history.length - 1].s;
      expect(await staking.totalOracleStake()).to.equal(last.totalOracle);
      expect(await staking.totalActiveStake()).to.equal(last.totalActive);
      let unbTotal = 0n;
      for (const a of addrs) unbTotal += unb.get(a)!;
      expect(await staking.totalUnbondingStake()).to.equal(unbTotal);
      expect(await open.balanceOf(slasher.address)).to.equal(slashedTotal);
      const held = await open.balanceOf(stakingAddress);
      const owed = last.totalActive + unbTotal + pending;
      expect(held >= owed, "held >= owed").to.equal(true);
      const carried = (await rewardRemainder(staking)) / 10n ** 18n;
      expect(held - owed <= carried + settlements + 1n, `dust ${held - owed}`).to.equal(true);
    });
  }
});
