import { expect } from "chai";
import { ZeroAddress, parseEther } from "ethers";

import { createChain, deployTokens } from "../helpers/fixtures.js";
import { signPermit } from "../helpers/permit.js";

describe("WOPEN", function () {
  let chain: Awaited<ReturnType<typeof createChain>>;

  before(async function () {
    chain = await createChain();
  });

  async function deployed() {
    const tokens = await deployTokens(chain);
    const [alice, bob, carol] = tokens.users;
    return { ...tokens, alice, bob, carol };
  }

  const load = () => chain.networkHelpers.loadFixture(deployed);

  it("has the Wrapped OPEN metadata and starts empty", async function () {
    const { wopen } = await load();
    expect(await wopen.name()).to.equal("Wrapped OPEN");
    expect(await wopen.symbol()).to.equal("WOPEN");
    expect(await wopen.decimals()).to.equal(18n);
    expect(await wopen.totalSupply()).to.equal(0n);
    const domain = await wopen.eip712Domain();
    expect(domain.name).to.equal("Wrapped OPEN");
    expect(domain.version).to.equal("1");
  });

  describe("wrapping", function () {
    it("deposit mints 1:1, emits Transfer and Deposit and takes the native value", async function () {
      const { wopen, alice } = await load();
      const amount = parseEther("3");
      const tx = wopen.connect(alice).deposit({ value: amount });
      await expect(tx).to.emit(wopen, "Deposit").withArgs(alice.address, amount);
      await expect(tx).to.emit(wopen, "Transfer").withArgs(ZeroAddress, alice.address, amount);
      await expect(tx).to.changeEtherBalances(chain.ethers, [alice, wopen], [-amount, amount]);
      await expect(tx).to.changeTokenBalance(chain.ethers, wopen, alice, amount);
    });

    it("depositFor credits the account, not the payer", async function () {
      const { wopen, alice, bob } = await load();
      const amount = parseEther("5");
      const tx = wopen.connect(alice).depositFor(bob.address, { value: amount });
      await expect(tx).to.emit(wopen, "Deposit").withArgs(bob.address, amount);
      await expect(tx).to.changeTokenBalances(chain.ethers, wopen, [alice, bob], [0n, amount]);
      await expect(tx).to.changeEtherBalances(chain.ethers, [alice, bob, wopen], [-amount, 0n, amount]);
    });

    it("depositFor reverts with ERC20InvalidReceiver for the zero address", async function () {
      const { wopen, alice } = await load();
      await expect(wopen.connect(alice).depositFor(ZeroAddress, { value: 1n }))
        .to.be.revertedWithCustomError(wopen, "ERC20InvalidReceiver")
        .withArgs(ZeroAddress);
    });

    it("a plain transfer of native value deposits for the sender", async function () {
      const { wopen, alice } = await load();
      const amount = parseEther("2");
      const tx = alice.sendTransaction({ to: await wopen.getAddress(), value: amount });
      await expect(tx).to.emit(wopen, "Deposit").withArgs(alice.address, amount);
      await expect(tx).to.changeTokenBalance(chain.ethers, wopen, alice, amount);
      await expect(tx).to.changeEtherBalance(chain.ethers, wopen, amount);
    });
  });

  describe("unwrapping", function () {
    it("withdraw burns, emits Transfer and Withdrawal and pays the caller", async function () {
      const { wopen, alice } = await load();
      await wopen.connect(alice).deposit({ value: parseEther("5") });
      const amount = parseEther("2");
      const tx = wopen.connect(alice).withdraw(amount);
      await expect(tx).to.emit(wopen, "Withdrawal").withArgs(alice.address, alice.address, amount);
      await expect(tx).to.emit(wopen, "Transfer").withArgs(alice.address, ZeroAddress, amount);
      await expect(tx).to.changeEtherBalances(chain.ethers, [alice, wopen], [amount, -amount]);
      await expect(tx).to.changeTokenBalance(chain.ethers, wopen, alice, -amount);
      expect(await wopen.totalSupply()).to.equal(parseEther("3"));
    });

    it("withdrawTo pays the recipient and burns from the caller", async function () {
      const { wopen, alice, carol } = await load();
      await wopen.connect(alice).deposit({ value: parseEther("5") });
      const amount = parseEther("4");
      const tx = wopen.connect(alice).withdrawTo(carol.address, amount);
      await expect(tx).to.emit(wopen, "Withdrawal").withArgs(alice.address, carol.address, amount);
      await expect(tx).to.changeEtherBalances(chain.ethers, [alice, carol, wopen], [0n, amount, -amount]);
      await expect(tx).to.changeTokenBalances(chain.ethers, wopen, [alice, carol], [-amount, 0n]);
    });

    it("withdraw reverts with ERC20InsufficientBalance above the balance", async function () {
      const { wopen, alice } = await load();
      await wopen.connect(alice).deposit({ value: 10n });
      await expect(wopen.connect(alice).withdraw(11n))
        .to.be.revertedWithCustomError(wopen, "ERC20InsufficientBalance")
        .withArgs(alice.address, 10n, 11n);
    });

    it("withdrawTo reverts with ERC20InvalidReceiver for the zero address", async function () {
      const { wopen, alice } = await load();
      await wopen.connect(alice).deposit({ value: 10n });
      await expect(wopen.connect(alice).withdrawTo(ZeroAddress, 1n))
        .to.be.revertedWithCustomError(wopen, "ERC20InvalidReceiver")
        .withArgs(ZeroAddress);
    });

    it("withdrawTo reverts with FailedCall when the recipient rejects value, keeping the deposit", async function () {
      const { wopen, open, alice } = await load();
      await wopen.connect(alice).deposit({ value: parseEther("1") });
      // OpenToken has neither receive nor fallback, so a plain value transfer to it fails without data.
      await expect(
        wopen.connect(alice).withdrawTo(await open.getAddress(), parseEther("1")),
      ).to.be.revertedWithCustomError(wopen, "FailedCall");
      expect(await wopen.balanceOf(alice.address)).to.equal(parseEther("1"));
    });
  });

  describe("ERC-20 and permit", function () {
    it("a transferred balance can be unwrapped by its new holder", async function () {
      const { wopen, alice, bob } = await load();
      await wopen.connect(alice).deposit({ value: parseEther("5") });
      await expect(wopen.connect(alice).transfer(bob.address, parseEther("2")))
        .to.emit(wopen, "Transfer")
        .withArgs(alice.address, bob.address, parseEther("2"));
      await expect(wopen.connect(bob).withdraw(parseEther("2"))).to.changeEtherBalance(
        chain.ethers,
        bob,
        parseEther("2"),
      );
    });

    it("permit signed by ethers lets the spender transferFrom", async function () {
      const { wopen, alice, bob } = await load();
      await wopen.connect(alice).deposit({ value: parseEther("5") });
      const deadline = BigInt(await chain.networkHelpers.time.latest()) + 3600n;
      const value = parseEther("4");
      const { v, r, s } = await signPermit(alice, wopen, { spender: bob.address, value, deadline });
      await expect(wopen.permit(alice.address, bob.address, value, deadline, v, r, s))
        .to.emit(wopen, "Approval")
        .withArgs(alice.address, bob.address, value);
      await expect(wopen.connect(bob).transferFrom(alice.address, bob.address, value)).to.changeTokenBalances(
        chain.ethers,
        wopen,
        [alice, bob],
        [-value, value],
      );
    });

    it("permit reverts with ERC2612ExpiredSignature after the deadline", async function () {
      const { wopen, alice, bob } = await load();
      const deadline = BigInt(await chain.networkHelpers.time.latest()) + 60n;
      const { v, r, s } = await signPermit(alice, wopen, { spender: bob.address, value: 1n, deadline });
      await chain.networkHelpers.time.increaseTo(deadline + 1n);
      await expect(wopen.permit(alice.address, bob.address, 1n, deadline, v, r, s))
        .to.be.revertedWithCustomError(wopen, "ERC2612ExpiredSignature")
        .withArgs(deadline);
    });

    it("permit reverts with ERC2612InvalidSigner when another key signed", async function () {
      const { wopen, alice, bob, carol } = await load();
      const deadline = BigInt(await chain.networkHelpers.time.latest()) + 3600n;
      const { v, r, s } = await signPermit(carol, wopen, {
        owner: alice.address,
        spender: bob.address,
        value: 1n,
        deadline,
      });
      await expect(wopen.permit(alice.address, bob.address, 1n, deadline, v, r, s))
        .to.be.revertedWithCustomError(wopen, "ERC2612InvalidSigner")
        .withArgs(carol.address, alice.address);
    });
  });
});
