import ProtocolModule from "../../deploy/modules/Protocol.js";
import { typedProtocol } from "../../deploy/protocolContracts.js";
import type { Chain } from "./fixtures.js";

/** Durations short enough for tests, with the production structure (timelock, governor, guardian). */
export const TEST_PARAMETERS = {
  epochLength: 86_400n,
  timelockDelay: 2n * 86_400n,
  votingDelay: 3_600n,
  votingPeriod: 86_400n,
  lateQuorumExtension: 3_600n,
};

/**
 * The whole protocol deployed by the same Ignition module as production (`deploy/modules/Protocol.ts`), with
 * account 0 as deployer and account 1 as guardian. Returns typed contracts and the named accounts.
 */
export async function deployProtocol(chain: Chain, overrides: Record<string, unknown> = {}) {
  const { ethers, ignition } = chain;
  const [deployer, guardian, ...users] = await ethers.getSigners();
  const latest = await ethers.provider.getBlock("latest");
  const deployed = await ignition.deploy(ProtocolModule, {
    parameters: {
      Protocol: {
        epochGenesis: BigInt(latest!.timestamp),
        guardian: guardian.address,
        ...TEST_PARAMETERS,
        ...overrides,
      },
    },
  });
  return { deployer, guardian, users, ...(await typedProtocol(ethers, deployed)) };
}

export type Protocol = Awaited<ReturnType<typeof deployProtocol>>;
