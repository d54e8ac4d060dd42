/** What the `agent` tasks share: existence and ownership checks with one-line errors. */
import { ZeroAddress } from "ethers";

import type { ProtocolContract } from "../lib/contracts.js";
import { TaskError } from "../lib/errors.js";

/** Fails with "agent N does not exist" unless it does (an agent always has an operator); returns operator and budget. */
export async function requireAgent(agents: ProtocolContract, agentId: bigint) {
  const [operator, budget] = await agents.agent(agentId);
  if (operator === ZeroAddress) throw new TaskError(`agent ${agentId} does not exist`);
  return { operator, budget };
}

/** Fails unless `account` owns `agentId`. */
export async function requireAgentOwner(agents: ProtocolContract, agentId: bigint, account: string) {
  const agent = await requireAgent(agents, agentId);
  const owner = await agents.ownerOf(agentId);
  if (owner !== account) throw new TaskError(`${account} does not own agent ${agentId} (its owner is ${owner})`);
  return agent;
}
