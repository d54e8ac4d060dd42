import { expect } from "chai";
import { Interface, encodeBytes32String, id } from "ethers";

import { decodeRevert, describeRevert } from "../../src/protocol/revert.js";
import { describeError } from "../../tasks/lib/errors.js";
import { decodeRevert as sdkDecodeRevert, OpenLedgerError } from "../../src/sdk/errors.js";

/**
 * The kernel's one revert decoder (src/protocol/revert.ts), used by the tasks, the plugin and the SDK: every protocol
 * error, OpenZeppelin's standard errors, readable bytes32 values. No build artifact is read.
 */
describe("kernel: revert decoder", function () {
  const decoder = { decode: describeRevert };
  const encode = (signature: string, args: unknown[]) => {
    const iface = new Interface([`error ${signature}`]);
    return iface.encodeErrorResult(iface.getError(signature.slice(0, signature.indexOf("(")))!, args);
  };

  it("names a parameter key of a protocol error, and reports it as the parameter", function () {
    const data = encode("ProtocolParameterOutOfBounds(bytes32 parameter, uint256 value, uint256 min, uint256 max)", [
      encodeBytes32String("disputeBond"),
      0n,
      10n ** 18n,
      10n ** 24n,
    ]);
    expect(decoder.decode(data)).to.deep.equal({
      name: "ProtocolParameterOutOfBounds",
      text: `ProtocolParameterOutOfBounds(parameter "disputeBond", value 0, min ${10n ** 18n}, max ${10n ** 24n})`,
      parameter: "disputeBond",
    });
  });

  it("decodes OpenZeppelin's errors, with roles by name", function () {
    const account = "0x000000000000000000000000000000000000dEaD";
    expect(
      decoder.decode(
        encode("AccessControlUnauthorizedAccount(address account, bytes32 neededRole)", [account, id("GUARDIAN_ROLE")]),
      ).text,
    ).to.equal(`AccessControlUnauthorizedAccount(account ${account}, neededRole GUARDIAN_ROLE)`);
    expect(
      decoder.decode(
        encode("AccessControlUnauthorizedAccount(address account, bytes32 neededRole)", [
          account,
          `0x${"0".repeat(64)}`,
        ]),
      ).text,
    ).to.equal(`AccessControlUnauthorizedAccount(account ${account}, neededRole DEFAULT_ADMIN_ROLE)`);
    expect(decoder.decode(encode("ERC1967InvalidImplementation(address implementation)", [account])).text).to.equal(
      `ERC1967InvalidImplementation(implementation ${account})`,
    );
    expect(
      decoder.decode(encode("TimelockInsufficientDelay(uint256 delay, uint256 minDelay)", [1n, 2n])).text,
    ).to.equal("TimelockInsufficientDelay(delay 1, minDelay 2)");
  });

  it("decodes every protocol contract's errors, reason strings and panics; says when it cannot", function () {
    expect(decoder.decode(encode("StakingInvalidRole()", [])).text).to.equal("StakingInvalidRole()");
    expect(decoder.decode(encode("DisputesNotEquivocation()", [])).text).to.equal("DisputesNotEquivocation()");
    expect(decoder.decode(encode("Error(string reason)", ["nope"])).text).to.equal('Error(reason "nope")');
    expect(decoder.decode(encode("Panic(uint256 code)", [0x11n])).text).to.equal(
      "Panic(0x11: arithmetic overflow or underflow)",
    );
    expect(decoder.decode("0x").text).to.equal("a revert without reason data");
    expect(decoder.decode("0x12345678").text).to.equal("an unknown error (0x12345678)");
  });

  it("is the decoder of the tasks' one-line errors and of the SDK's errors", function () {
    const data = encode("ProtocolParameterOutOfBounds(bytes32 parameter, uint256 value, uint256 min, uint256 max)", [
      encodeBytes32String("protocolFeeBps"),
      1500n,
      0n,
      1000n,
    ]);
    const line = 'ProtocolParameterOutOfBounds(parameter "protocolFeeBps", value 1500, min 0, max 1000)';
    expect(describeError({ code: "CALL_EXCEPTION", data })).to.equal(`reverted with ${line}`);
    expect(decodeRevert(data)?.parameter).to.equal("protocolFeeBps");
    expect(sdkDecodeRevert(data)?.text).to.equal(line);
    expect(new OpenLedgerError("InferencePayments.setProtocolFeeBps", sdkDecodeRevert(data)).message).to.equal(
      `InferencePayments.setProtocolFeeBps reverted with ${line}`,
    );
    // The timelock's own errors (a proposal executed too early) decode too.
    const early = encode("TimelockUnexpectedOperationState(bytes32 operationId, bytes32 expectedStates)", [
      id("op"),
      `0x${"0".repeat(63)}4`,
    ]);
    expect(describeError({ data: early })).to.match(/^reverted with TimelockUnexpectedOperationState\(operationId 0x/);
  });
});
