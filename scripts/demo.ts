/**
 * `npm run demo`: the protocol's life cycle on an in-process chain.
 *
 * This first version deploys OPEN and WOPEN through the Ignition module and wraps and unwraps native currency.
 * Later stages (Datanets, models, payments, attribution, claims, governance) are added as the protocol grows.
 */
import { network } from "hardhat";

import TokensModule from "../deploy/modules/Tokens.js";

const { ethers, ignition } = await network.create();
const fmt = (wei: bigint) => `${ethers.formatEther(wei)} OPEN`;
const log = (message: string) => console.log(message);

const [deployer, alice] = await ethers.getSigners();
const chainId = (await ethers.provider.getNetwork()).chainId;
log(`OpenLedger demo on an in-process chain (chain id ${chainId})`);

log("\n[1/3] Deploying OPEN and WOPEN through the Ignition module 'Tokens'");
const deployed = await ignition.deploy(TokensModule, { parameters: { Tokens: { openRecipient: deployer.address } } });
const open = await ethers.getContractAt("OpenToken", await deployed.open.getAddress());
const wopen = await ethers.getContractAt("WOPEN", await deployed.wopen.getAddress());
log(
  `  OpenToken ${await open.getAddress()}: ${await open.name()} (${await open.symbol()}), supply ${fmt(await open.totalSupply())}`,
);
log(`  WOPEN     ${await wopen.getAddress()}: ${await wopen.name()} (${await wopen.symbol()})`);

log("\n[2/3] Alice wraps 25 native OPEN (plain value transfer) and 5 more with deposit()");
await (await alice.sendTransaction({ to: await wopen.getAddress(), value: ethers.parseEther("25") })).wait();
await (await wopen.connect(alice).deposit({ value: ethers.parseEther("5") })).wait();
log(`  Alice holds ${fmt(await wopen.balanceOf(alice.address))} as WOPEN`);
log(`  WOPEN supply ${fmt(await wopen.totalSupply())}, native held ${fmt(await ethers.provider.getBalance(wopen))}`);

log("\n[3/3] Alice unwraps 12 WOPEN");
const before = await ethers.provider.getBalance(alice.address);
const receipt = await (await wopen.connect(alice).withdraw(ethers.parseEther("12"))).wait();
const gasCost = receipt!.gasUsed * receipt!.gasPrice;
const after = await ethers.provider.getBalance(alice.address);
log(`  Alice received ${fmt(after - before + gasCost)} native (gas paid: ${fmt(gasCost)})`);
log(`  Alice holds ${fmt(await wopen.balanceOf(alice.address))} as WOPEN`);

const supply = await wopen.totalSupply();
const held = await ethers.provider.getBalance(wopen);
log(`\nCheck: WOPEN supply ${fmt(supply)} <= native held ${fmt(held)}: ${supply <= held}`);
if (supply > held) process.exitCode = 1;
