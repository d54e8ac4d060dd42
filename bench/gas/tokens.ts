import { network } from "hardhat";

import TokensModule from "../../deploy/modules/Tokens.js";

/** OPEN transfer from a holder to an account that never held OPEN: the reference figure. */
export async function measureOpenTransfer(): Promise<number> {
  const { ethers, ignition } = await network.create();
  const [deployer, recipient] = await ethers.getSigners();
  const { open } = await ignition.deploy(TokensModule, { parameters: { Tokens: { openRecipient: deployer.address } } });
  const token = await ethers.getContractAt("OpenToken", await open.getAddress());
  const receipt = await (await token.transfer(recipient.address, 10n ** 18n)).wait();
  return Number(receipt!.gasUsed);
}
