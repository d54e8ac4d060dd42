import { expect } from "chai";
import { ZeroAddress, parseEther } from "ethers";

import { createChain, deployTokens } from "../helpers/fixtures.js";
import { signPermit } from "../helpers/permit.js";

const TOTAL_SUPPLY = 10n ** 9n * 10n ** 18n;

describe("OpenToken", function () {
  let chain: Awaited<ReturnType<typeof createChain>>;

  before(async function () {
    chain = await createChain();
  });

  /** OPEN deployed by the Ignition module, with alice holding 1,000 OPEN from the deployer. */
  async function deployed() {
    const tokens = await deployTokens(chain);
    const [alice, bob, carol] = tokens.users;
    await tokens.open.transfer(alice.address, parseEther("1000"));
    return { ...tokens, alice, bob, carol };
  }

  const load = () => chain.networkHelpers.loadFixture(deployed);

  describe("deployment", function () {
    it("has the OpenLedger metadata", async function () {
      const { open } = await load();
      expect(await open.name()).to.equal("OpenLedger");
      expect(await open.symbol()).to.equal("OPEN");
      expect(await open.decimals()).to.equal(18n);
    });

    it("mints exactly one billion OPEN to the recipient", async function () {
      const { open, deployer, alice } = await load();
      expect(await open.totalSupply()).to.equal(TOTAL_SUPPLY);
      expect(await open.TOTAL_SUPPLY()).to.equal(TOTAL_SUPPLY);
      expect(await open.balanceOf(deployer.address)).to.equal(TOTAL_SUPPLY - parseEther("1000"));
      expect(await open.balanceOf(alice.address)).to.equal(parseEther("1000"));
    });

    it("uses the EIP-712 domain OpenLedger / 1 on this chain", async function () {
      const { open } = await load();
      const domain = await open.eip712Domain();
      const { chainId } = await chain.ethers.provider.getNetwork();
      expect(domain.name).to.equal("OpenLedger");
      expect(domain.version).to.equal("1");
      expect(domain.chainId).to.equal(chainId);
      expect(domain.verifyingContract).to.equal(await open.getAddress());
    });

    it("reverts when the recipient is the zero address", async function () {
      const { open } = await load();
      await expect(chain.ethers.deployContract("OpenToken", [ZeroAddress]))
        .to.be.revertedWithCustomError(open, "ERC20InvalidReceiver")
        .withArgs(ZeroAddress);
    });
  });

  describe("transfer", function () {
    it("moves the balance and emits Transfer", async function () {
      const { open, alice, bob } = await load();
      const tx = open.connect(alice).transfer(bob.address, parseEther("300"));
      await expect(tx).to.emit(open, "Transfer").withArgs(alice.address, bob.address, parseEther("300"));
      await expect(tx).to.changeTokenBalances(
        chain.ethers,
        open,
        [alice, bob],
        [-parseEther("300"), parseEther("300")],
      );
    });

    it("allows a zero-value transfer from an empty account", async function () {
      const { open, bob, carol } = await load();
      await expect(open.connect(bob).transfer(carol.address, 0n))
        .to.emit(open, "Transfer")
        .withArgs(bob.address, carol.address, 0n);
    });

    it("allows a transfer to oneself without changing the balance", async function () {
      const { open, alice } = await load();
      await expect(open.connect(alice).transfer(alice.address, parseEther("10"))).to.changeTokenBalance(
        chain.ethers,
        open,
        alice,
        0n,
      );
    });

    it("reverts with ERC20InsufficientBalance above the balance", async function () {
      const { open, alice, bob } = await load();
      const balance = parseEther("1000");
      await expect(open.connect(alice).transfer(bob.address, balance + 1n))
        .to.be.revertedWithCustomError(open, "ERC20InsufficientBalance")
        .withArgs(alice.address, balance, balance + 1n);
    });

    it("reverts with ERC20InvalidReceiver to the zero address", async function () {
      const { open, alice } = await load();
      await expect(open.connect(alice).transfer(ZeroAddress, 1n))
        .to.be.revertedWithCustomError(open, "ERC20InvalidReceiver")
        .withArgs(ZeroAddress);
    });
  });

  describe("approve and transferFrom", function () {
    it("sets the allowance and emits Approval", async function () {
      const { open, alice, bob } = await load();
      await expect(open.connect(alice).approve(bob.address, 123n))
        .to.emit(open, "Approval")
        .withArgs(alice.address, bob.address, 123n);
      expect(await open.allowance(alice.address, bob.address)).to.equal(123n);
    });

    it("spends the allowance on transferFrom", async function () {
      const { open, alice, bob, carol } = await load();
      await open.connect(alice).approve(bob.address, parseEther("500"));
      const tx = open.connect(bob).transferFrom(alice.address, carol.address, parseEther("200"));
      await expect(tx).to.emit(open, "Transfer").withArgs(alice.address, carol.address, parseEther("200"));
      await expect(tx).to.changeTokenBalances(
        chain.ethers,
        open,
        [alice, carol, bob],
        [-parseEther("200"), parseEther("200"), 0n],
      );
      expect(await open.allowance(alice.address, bob.address)).to.equal(parseEther("300"));
    });

    it("does not spend an infinite allowance", async function () {
      const { open, alice, bob } = await load();
      await open.connect(alice).approve(bob.address, 2n ** 256n - 1n);
      await open.connect(bob).transferFrom(alice.address, bob.address, parseEther("1"));
      expect(await open.allowance(alice.address, bob.address)).to.equal(2n ** 256n - 1n);
    });

    it("reverts with ERC20InsufficientAllowance above the allowance", async function () {
      const { open, alice, bob, carol } = await load();
      await open.connect(alice).approve(bob.address, 99n);
      await expect(open.connect(bob).transferFrom(alice.address, carol.address, 100n))
        .to.be.revertedWithCustomError(open, "ERC20InsufficientAllowance")
        .withArgs(bob.address, 99n, 100n);
    });

    it("reverts with ERC20InvalidSpender when approving the zero address", async function () {
      const { open, alice } = await load();
      await expect(open.connect(alice).approve(ZeroAddress, 1n))
        .to.be.revertedWithCustomError(open, "ERC20InvalidSpender")
        .withArgs(ZeroAddress);
    });
  });

  describe("permit", function () {
    it("sets the allowance from an EIP-712 signature made by ethers", async function () {
      const { open, alice, bob, carol } = await load();
      const deadline = BigInt(await chain.networkHelpers.time.latest()) + 3600n;
      const value = parseEther("250");
      const { v, r, s } = await signPermit(alice, open, { spender: bob.address, value, deadline });

      // Anyone may submit the signature; carol pays the gas.
      await expect(open.connect(carol).permit(alice.address, bob.address, value, deadline, v, r, s))
        .to.emit(open, "Approval")
        .withArgs(alice.address, bob.address, value);
      expect(await open.allowance(alice.address, bob.address)).to.equal(value);
      expect(await open.nonces(alice.address)).to.equal(1n);

      await expect(open.connect(bob).transferFrom(alice.address, bob.address, value)).to.changeTokenBalance(
        chain.ethers,
        open,
        bob,
        value,
      );
    });

    it("reverts with ERC2612ExpiredSignature after the deadline", async function () {
      const { open, alice, bob } = await load();
      const deadline = BigInt(await chain.networkHelpers.time.latest()) + 60n;
      const { v, r, s } = await signPermit(alice, open, { spender: bob.address, value: 1n, deadline });
      await chain.networkHelpers.time.increaseTo(deadline + 1n);
      await expect(open.permit(alice.address, bob.address, 1n, deadline, v, r, s))
        .to.be.revertedWithCustomError(open, "ERC2612ExpiredSignature")
        .withArgs(deadline);
    });

    it("reverts with ERC2612InvalidSigner when another key signed", async function () {
      const { open, alice, bob, carol } = await load();
      const deadline = BigInt(await chain.networkHelpers.time.latest()) + 3600n;
      // carol signs a permit naming alice as the owner.
      const { v, r, s } = await signPermit(carol, open, {
        owner: alice.address,
        spender: bob.address,
        value: 1n,
        deadline,
      });
      await expect(open.permit(alice.address, bob.address, 1n, deadline, v, r, s))
        .to.be.revertedWithCustomError(open, "ERC2612InvalidSigner")
        .withArgs(carol.address, alice.address);
    });

    it("cannot be replayed", async function () {
      const { open, alice, bob } = await load();
      const deadline = BigInt(await chain.networkHelpers.time.latest()) + 3600n;
      const { v, r, s } = await signPermit(alice, open, { spender: bob.address, value: 5n, deadline });
      await open.permit(alice.address, bob.address, 5n, deadline, v, r, s);
      await expect(open.permit(alice.address, bob.address, 5n, deadline, v, r, s)).to.be.revertedWithCustomError(
        open,
        "ERC2612InvalidSigner",
      );
    });

    it("rejects a signature made for another domain name", async function () {
      const { open, alice, bob } = await load();
      const deadline = BigInt(await chain.networkHelpers.time.latest()) + 3600n;
      const { v, r, s } = await signPermit(alice, open, {
        spender: bob.address,
        value: 5n,
        deadline,
        domainName: "OPEN",
      });
      await expect(open.permit(alice.address, bob.address, 5n, deadline, v, r, s)).to.be.revertedWithCustomError(
        open,
        "ERC2612InvalidSigner",
      );
    });
  });
});
