/**
 * The three per-Datanet account lists the owner keeps: curators, the contributor allow list and approved trainers.
 * `datanet curators`, `datanet contributors` and `datanet trainers` share this code: with `--add`/`--remove` they
 * change the list (one transaction per account whose state changes), without them they print it (rebuilt from the
 * events, then checked against the current state, since the contract cannot enumerate a mapping).
 */
import type { ContractTransactionResponse } from "ethers";
import { ZeroAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import type { ProtocolContract } from "../lib/contracts.js";
import { mined, actorContext } from "../lib/context.js";
import { TaskError, runTask } from "../lib/errors.js";
import { parseAddressList } from "../lib/list-options.js";
import { emit } from "../lib/output.js";
import { parseId } from "../lib/parse.js";
import { requireDatanet, requireOwner } from "./common.js";

export interface MemberArgs {
  datanet: string;
  add: string;
  remove: string;
  account: number | string;
  json: boolean;
}

export interface MemberList {
  /** What one member is called ("curator"). */
  noun: string;
  /** How the list is named in output ("curators"). */
  plural: string;
  /** Its key in JSON output ("curators"). */
  key: string;
  isMember(registry: ProtocolContract, datanetId: bigint, account: string): Promise<boolean>;
  set(
    registry: ProtocolContract,
    datanetId: bigint,
    account: string,
    member: boolean,
  ): Promise<ContractTransactionResponse>;
  /** Accounts named in the list's events for `datanetId` (any state), searched from `fromBlock`. */
  everNamed(registry: ProtocolContract, datanetId: bigint, fromBlock: number): Promise<string[]>;
  /** A note printed under the list (for example when the list has no effect under the Datanet's policy). */
  note?(registry: ProtocolContract, datanetId: bigint): Promise<string | undefined>;
}

export async function runMembers(args: MemberArgs, hre: HardhatRuntimeEnvironment, list: MemberList): Promise<void> {
  await runTask(async () => {
    const datanetId = parseId("datanet", args.datanet);
    const add = parseAddressList("add", args.add);
    const remove = parseAddressList("remove", args.remove);
    for (const account of [...add, ...remove]) {
      if (account === ZeroAddress) throw new TaskError(`the zero address cannot be a ${list.noun}`);
    }
    const both = add.find((account) => remove.includes(account));
    if (both !== undefined) throw new TaskError(`${both} is both in --add and in --remove`);

    const context = await actorContext(hre, args);
    const registry = await context.datanetRegistry();

    if (add.length === 0 && remove.length === 0) {
      await requireDatanet(registry, datanetId);
      const members: string[] = [];
      for (const account of await list.everNamed(registry, datanetId, context.fromBlock)) {
        if (await list.isMember(registry, datanetId, account)) members.push(account);
      }
      const note = list.note === undefined ? undefined : await list.note(registry, datanetId);
      emit(args.json, { datanetId, [list.key]: members, ...(note === undefined ? {} : { note }) }, [
        `datanet ${datanetId}: ${members.length} ${list.plural}`,
        ...members.map((account) => `  ${account}`),
        ...(note === undefined ? [] : [note]),
      ]);
      return;
    }

    await requireOwner(registry, datanetId, context.signer.address);
    const changes: { account: string; member: boolean; changed: boolean; transactionHash?: string }[] = [];
    for (const [accounts, member] of [
      [add, true],
      [remove, false],
    ] as const) {
      for (const account of accounts) {
        const current = await list.isMember(registry, datanetId, account);
        changes.push({ account, member, changed: current !== member });
      }
    }
    for (const change of changes) {
      if (!change.changed) continue;
      change.transactionHash = (await mined(list.set(registry, datanetId, change.account, change.member))).hash;
    }
    emit(
      args.json,
      { datanetId, changes },
      changes.map((change) =>
        change.changed
          ? `datanet ${datanetId}: ${change.member ? "added" : "removed"} ${list.noun} ${change.account} ` +
            `(tx ${change.transactionHash})`
          : `datanet ${datanetId}: ${change.account} ${change.member ? "already is" : "is not"} a ${list.noun} ` +
            "(nothing sent)",
      ),
    );
  });
}

/** Distinct accounts, in the order their first event names them. */
export function distinct(accounts: readonly string[]): string[] {
  return [...new Set(accounts)];
}
