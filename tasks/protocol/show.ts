import { formatUnits } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { protocolContract, type ProtocolContractName } from "../lib/contracts.js";
import { runTask } from "../lib/errors.js";
import { contractAddress, readDeployment } from "../lib/deployments.js";
import { emit } from "../lib/output.js";

interface Args {
  json: boolean;
}

/** `protocol show --network <net>`: addresses from deployments/<chainId>.json and the live parameters. */
export default async function protocolShow(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const { ethers } = await hre.network.getOrCreate();
    const chainId = (await ethers.provider.getNetwork()).chainId;
    const deployment = await readDeployment(chainId);
    const at = (name: ProtocolContractName) =>
      protocolContract(name, contractAddress(deployment, name), ethers.provider);
    const payments = at("InferencePayments");
    const staking = at("OpenStaking");
    const governor = at("OpenGovernor");
    const models = at("ModelRegistry");
    const timelock = at("TimelockController");
    const parameters = {
      protocolFeeBps: await payments.protocolFeeBps(),
      stakerFeeBps: await payments.stakerFeeBps(),
      escrowNoticePeriod: await payments.escrowNoticePeriod(),
      epochGenesis: await payments.epochGenesis(),
      epochLength: await payments.epochLength(),
      currentEpoch: await payments.currentEpoch(),
      minContributorShareBps: await models.minContributorShareBps(),
      stakingCooldown: await staking.cooldown(),
      votingDelay: await governor.votingDelay(),
      votingPeriod: await governor.votingPeriod(),
      proposalThreshold: await governor.proposalThreshold(),
      quorumNumerator: await governor.quorumNumerator(),
      timelockDelay: await timelock.getMinDelay(),
    };
    emit(args.json, { chainId, contracts: deployment.contracts, parameters }, [
      `OpenLedger protocol on chain ${chainId} (deployed ${deployment.deployedAt})`,
      ...Object.entries(deployment.contracts).map(([name, address]) => `  ${name.padEnd(26)} ${address}`),
      "parameters:",
      `  fees: protocol ${Number(parameters.protocolFeeBps) / 100}%, stakers ${Number(parameters.stakerFeeBps) / 100}%`,
      `  epochs: ${parameters.epochLength} s from ${parameters.epochGenesis} (current ${parameters.currentEpoch})`,
      `  minimum contributor share ${Number(parameters.minContributorShareBps) / 100}%`,
      `  staking cooldown ${parameters.stakingCooldown} s; escrow notice ${parameters.escrowNoticePeriod} s`,
      `  governance: delay ${parameters.votingDelay} s, period ${parameters.votingPeriod} s, threshold ${formatUnits(
        parameters.proposalThreshold,
      )} OPEN, quorum ${parameters.quorumNumerator}%, timelock ${parameters.timelockDelay} s`,
    ]);
  });
}
