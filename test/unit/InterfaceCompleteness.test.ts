import { expect } from "chai";
import { Interface, type InterfaceAbi } from "ethers";
import hre from "hardhat";

import { DEPLOYABLE_CONTRACTS } from "../../deploy/protocolContracts.js";

/**
 * The interface is the specification (docs/conventions.md, 5): for every deployable contract, each external function
 * (by selector) and each event (by topic) of the implementation's ABI must be declared by its interface, directly or
 * through what the interface inherits (OpenZeppelin's standard interfaces: IAccessControl, IERC721Metadata, IERC5805,
 * IERC1822Proxiable, ...). Constants and role ids are external view functions and count too.
 */

/**
 * Members of OpenZeppelin's concrete base contracts that no interface an implementation inherits can declare:
 * public constants without `override` cannot implement an interface function, an event cannot be declared twice, and
 * a function an OpenZeppelin base implements against another base would have to be re-overridden in every contract.
 * Each is named in the NatSpec of the interface that would hold it (IProtocolUpgradeable, IProtocolPausable,
 * IOpenStaking, IOpenFeeTokenPricer).
 */
const OPENZEPPELIN_CONCRETE = new Set([
  // AccessControlUpgradeable, UUPSUpgradeable, Initializable (every upgradeable core contract)
  "function DEFAULT_ADMIN_ROLE()",
  "function UPGRADE_INTERFACE_VERSION()",
  "function upgradeToAndCall(address,bytes)",
  "event Initialized(uint64)",
  // PausableUpgradeable (InferencePayments, RewardDistributor)
  "function paused()",
  "event Paused(address)",
  "event Unpaused(address)",
  // NoncesUpgradeable (OpenStaking's delegateBySig nonces; the tokens declare theirs through IERC20Permit)
  "function nonces(address)",
  // Ownable (OpenFeeTokenPricer, owned by the parent chain's UpgradeExecutor)
  "function owner()",
  "function renounceOwnership()",
  "function transferOwnership(address)",
  "event OwnershipTransferred(address,address)",
]);

/**
 * OpenGovernor: members of OpenZeppelin's Governor bases that IOpenGovernor cannot declare (see its NatSpec): public
 * constants, an event the base declares, and a setter typed with the upgradeable TimelockController.
 */
const GOVERNOR_CONCRETE = new Set([
  "function BALLOT_TYPEHASH()",
  "function EXTENDED_BALLOT_TYPEHASH()",
  "function updateTimelock(address)",
  "event TimelockChange(address,address)",
]);

interface Surface {
  functions: Map<string, string>; // selector -> signature
  events: Map<string, string>; // topic -> signature
}

/** ABI of a project artifact. */
async function abiOf(name: string): Promise<InterfaceAbi> {
  return (await hre.artifacts.readArtifact(name)).abi as InterfaceAbi;
}

async function surface(...names: string[]): Promise<Surface> {
  const functions = new Map<string, string>();
  const events = new Map<string, string>();
  for (const name of names) {
    const iface = new Interface(await abiOf(name));
    iface.forEachFunction((f) => functions.set(f.selector, f.format("sighash")));
    iface.forEachEvent((e) => events.set(e.topicHash, e.format("sighash")));
  }
  return { functions, events };
}

/** Every external function and event of `implementation` that `spec` lacks, as readable signatures. */
function missingFromInterface(implementation: Surface, spec: Surface, exempt: Set<string>): string[] {
  const missing: string[] = [];
  for (const [selector, signature] of implementation.functions) {
    if (!spec.functions.has(selector)) missing.push(`function ${signature}`);
  }
  for (const [topic, signature] of implementation.events) {
    if (!spec.events.has(topic)) missing.push(`event ${signature}`);
  }
  return missing.filter((member) => !OPENZEPPELIN_CONCRETE.has(member) && !exempt.has(member)).sort();
}

describe("interface completeness: each interface declares the whole external API of its contract", function () {
  for (const { name, interface: spec } of DEPLOYABLE_CONTRACTS) {
    if (spec === null) {
      it(`${name}: an OpenZeppelin contract used as is (no interface of its own)`, async function () {
        // Nothing to compare; the entry exists so that a contract added to the list is never silently skipped.
        expect((await hre.artifacts.readArtifact(name)).abi.length).to.be.greaterThan(0);
      });
      continue;
    }
    it(`${spec} declares every external function and event of ${name}`, async function () {
      const exempt = name === "OpenGovernor" ? GOVERNOR_CONCRETE : new Set<string>();
      const missing = missingFromInterface(await surface(name), await surface(spec), exempt);
      expect(missing, `${spec} lacks:\n  ${missing.join("\n  ")}`).to.deep.equal([]);
    });
  }

  it("the check catches a missing member (a contract against a smaller interface)", async function () {
    // AttributionOracle against IStakeGuard, which declares only two of its functions: the rest is reported.
    const missing = missingFromInterface(await surface("AttributionOracle"), await surface("IStakeGuard"), new Set());
    expect(missing).to.include("function attest((uint64,bytes32,uint256,bytes32,string))");
    expect(missing).to.not.include("function reportsSettledBefore(uint256)");
  });
});
