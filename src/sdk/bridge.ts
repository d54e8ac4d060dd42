/**
 * `@openledger/sdk/bridge`: OPEN between the parent chain and the OPEN-gas Orbit chain, through Offchain Labs'
 * @arbitrum/sdk (an optional peer dependency, loaded on first call), with ethers v6 signers and providers in and
 * bigints and ethers v6 receipts out.
 *
 *   registerOrbitNetwork(record);                                    // deployments/orbit-<chainId>.json
 *   await approveGasToken(parentSigner, record, amount);
 *   const { deposit } = await depositGasToken(parentSigner, record, amount);
 *   const { message } = await withdrawGasToken(childSigner, record, to, amount);
 *   if ((await getChildToParentMessageStatus({ record, parent, child, message })) === "confirmed")
 *     await executeChildToParentMessage({ record, parentSigner, child, message });
 *
 * Importing this entry loads neither @arbitrum/sdk nor ethers v5; a call without @arbitrum/sdk installed throws
 * `ArbitrumSdkMissingError`.
 */
export {
  ArbitrumSdkMissingError,
  approveGasToken,
  arbitrumNetworkOf,
  depositGasToken,
  executeChildToParentMessage,
  getChildToParentMessageStatus,
  getChildToParentMessages,
  getRetryableTickets,
  readNetworkFromRollup,
  registerOrbitNetwork,
  registeredArbitrumNetwork,
  withdrawGasToken,
} from "../orbit/arbitrum-sdk.js";
export type {
  ChainInput,
  ChildToParentMessage,
  ChildToParentMessageParameters,
  ChildToParentMessageStatus,
  GasTokenDeposit,
  RetryableTicket,
  RollupNetworkInformation,
} from "../orbit/arbitrum-sdk.js";
export type { ArbitrumNetwork, EthBridge, OrbitDeployment } from "../orbit/network.js";
