/**
 * Flow: a developer registers an agent, a sponsor funds its budget, the operator pays for inference from it, the
 * owner withdraws what is left. Exact split amounts and balances at every step. On the deployed protocol
 * (test/helpers/protocol-fixture.ts); the asset is WOPEN.
 */
import { expect } from "chai";
import { keccak256, toUtf8Bytes } from "ethers";

import { gasUsed as measureGas } from "../helpers/gas.js";
import { split } from "../helpers/payments.js";
import { loadProtocolFixture, registerModel } from "../helpers/protocol-fixture.js";

/** 0.001 OPEN per unit; 30% of what is left after fees goes to contributors (`split`'s defaults). */
const PRICE = 10n ** 15n;

const load = await loadProtocolFixture(
  { accounts: ["modelOwner", "operator", "payer", "agentOwner", "agentOperator"] },
  async (f) => {
    const { modelOwner, operator } = f.accounts;
    const modelId = await registerModel(f, {
      owner: modelOwner,
      operator,
      registration: { pricePerUnit: PRICE, contributorShareBps: 3_000 },
    });
    return { modelId };
  },
);

/** The fixture with the names this flow uses. */
async function system() {
  const f = await load();
  const { payer, agentOwner, agentOperator } = f.accounts;
  const { inferencePayments: payments, agentRegistry, wopen: open } = f.p;
  return { ...f, payments, agentRegistry, open, payer, agentOwner, agentOperator, price: PRICE };
}

describe("flow: agent budget", function () {
  let s: Awaited<ReturnType<typeof system>>;

  before(async function () {
    s = await system();
  });

  it("funds, spends on inference, and the owner withdraws the rest", async function () {
    const budget = 5n * 10n ** 17n;
    await s.agentRegistry.connect(s.agentOwner).register(s.agentOperator.address, "ipfs://agent", [s.modelId]);
    await s.agentRegistry.connect(s.payer).fund(1n, budget);

    let spent = 0n;
    let owner = 0n;
    let pool = 0n;
    for (const units of [1n, 40n, 7n]) {
      const amount = s.price * units;
      const tx = await s.payments
        .connect(s.agentOperator)
        .payFromAgent(1n, s.modelId, units, amount, keccak256(toUtf8Bytes(`agent-${units}`)));
      const parts = split(amount);
      await expect(tx)
        .to.emit(s.payments, "InferencePaid")
        .withArgs(
          s.modelId,
          s.agentOperator.address,
          1n,
          0n,
          amount,
          units,
          keccak256(toUtf8Bytes(`agent-${units}`)),
          parts.protocol,
          parts.stakers,
          parts.contributors,
          parts.owner,
        );
      spent += amount;
      owner += parts.owner;
      pool += parts.contributors;
    }
    expect((await s.agentRegistry.agent(1n))[1]).to.equal(budget - spent);
    expect(await s.open.balanceOf(s.agentRegistry.target)).to.equal(budget - spent);
    expect(await s.open.balanceOf(s.payments.target)).to.equal(spent);
    expect(await s.payments.modelRevenueAccrued(s.modelId)).to.equal(owner);
    expect(await s.payments.attributionPool(s.modelId, 0n)).to.equal(pool);

    // The owner disallows the model: the operator can no longer spend on it.
    await s.agentRegistry.connect(s.agentOwner).setModelsAllowed(1n, [s.modelId], false);
    await expect(
      s.payments.connect(s.agentOperator).payFromAgent(1n, s.modelId, 1n, s.price, keccak256("0x01")),
    ).to.be.revertedWithCustomError(s.agentRegistry, "AgentRegistryModelNotAllowed");

    const before = await s.open.balanceOf(s.agentOwner.address);
    await s.agentRegistry.connect(s.agentOwner).withdrawBudget(1n, budget - spent, s.agentOwner.address);
    expect(await s.open.balanceOf(s.agentOwner.address)).to.equal(before + budget - spent);
    expect(await s.open.balanceOf(s.agentRegistry.target)).to.equal(0n);
  });

  it("reports the gas of a repeat payment from an agent budget", async function () {
    const t = await system();
    await t.agentRegistry.connect(t.agentOwner).register(t.agentOperator.address, "ipfs://agent", [t.modelId]);
    await t.agentRegistry.connect(t.payer).fund(1n, 10n ** 18n);
    await t.payments.connect(t.agentOperator).payFromAgent(1n, t.modelId, 5n, t.price * 5n, keccak256("0x01"));
    const gas = await measureGas(
      "InferencePayments.payFromAgent.repeat",
      t.payments.connect(t.agentOperator).payFromAgent(1n, t.modelId, 5n, t.price * 5n, keccak256("0x02")),
    );
    console.log(`      gas: payFromAgent (repeat, warm state) = ${gas}`);
    expect(gas).to.be.greaterThan(0n);
  });
});
