import { formatUnits, toQuantity } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { runTask } from "../lib/errors.js";
import { emit } from "../lib/output.js";
import { parseAddress, parseAmount } from "../lib/parse.js";
import { parseAccountIndex } from "../lib/context.js";
import { localConnection } from "./common.js";

interface Args {
  balance: string;
  address: string;
  account: number | string;
  json: boolean;
}

/**
 * `dev set-balance --account N --balance X`: on a local node only, sets the account's native OPEN balance
 * (`hardhat_setBalance`), e.g. so that an oracle can stake the minimum oracle stake.
 */
export default async function devSetBalance(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const balance = parseAmount("balance", args.balance);
    const { ethers } = await localConnection(hre, "dev set-balance");
    let address: string;
    if (args.address !== "") {
      address = parseAddress("address", args.address);
    } else {
      const signers = await ethers.getSigners();
      address = signers[parseAccountIndex(args.account, signers.length)].address;
    }
    const before = await ethers.provider.getBalance(address);
    await ethers.provider.send("hardhat_setBalance", [address, toQuantity(balance)]);
    emit(args.json, { address, before, balance }, [
      `set the native balance of ${address} to ${formatUnits(balance)} OPEN (was ${formatUnits(before)})`,
    ]);
  });
}
