/**
 * What the pipeline consumes, read at the view: per-model pools, models with their cards and training versions,
 * Datanet versions and contributions (the URIs live in events only), committed inference logs (InferenceLogs) and the
 * treasury. All of it is fixed once an epoch's log deadline passed (pools, logs, versions, contributions and the model
 * card in force at the epoch's end), so oracles reading at different times read the same inputs.
 */
import { ZeroHash, getAddress } from "ethers";

import { ChainView } from "./view.js";

export interface PoolOfModel {
  modelId: bigint;
  pool: bigint;
}

export interface ModelAtEpoch {
  modelId: bigint;
  operator: string;
  trainedOn: { datanetId: bigint; version: number }[];
  /** The metadata URI in force at the epoch's end. */
  metadataURI: string;
}

export interface DatanetVersionInfo {
  datanetId: bigint;
  version: number;
  merkleRoot: string;
  count: number;
  uri: string;
}

export interface ContributionRecord {
  contributionId: bigint;
  datanetId: bigint;
  contributor: string;
  contentHash: string;
  uri: string;
  /** Submission order: block number and log index of the ContributionSubmitted event. */
  block: number;
  logIndex: number;
}

export interface CommittedLog {
  root: string;
  uri: string;
}

/** Reads the inputs of an epoch. */
export class ChainInputs extends ChainView {
  /** Models with a positive attribution pool in `epoch`, by model id, with the pool from the view. */
  async poolsForEpoch(epoch: bigint): Promise<PoolOfModel[]> {
    const ids = new Set<bigint>();
    for (const name of ["InferencePaid", "VouchersRedeemed"]) {
      for (const log of await this.events(this.payments, name)) {
        if (BigInt(log.args.epoch) === epoch) ids.add(BigInt(log.args.modelId));
      }
    }
    const out: PoolOfModel[] = [];
    for (const modelId of [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      const pool = BigInt(await this.payments.attributionPool(modelId, epoch, await this.at()));
      if (pool > 0n) out.push({ modelId, pool });
    }
    return out;
  }

  /** A model's training versions, operator and the metadata URI in force at `timestamp` (exclusive). */
  async modelAt(modelId: bigint, before: bigint): Promise<ModelAtEpoch> {
    const info = await this.models.model(modelId, await this.at());
    let metadataURI: string | undefined;
    const registered = await this.events(this.models, "ModelRegistered", modelId);
    if (registered.length > 0) metadataURI = registered[0].args.metadataURI as string;
    for (const log of await this.events(this.models, "ModelMetadataSet", modelId)) {
      if ((await this.blockTime(log.blockNumber)) < before) metadataURI = log.args.metadataURI as string;
    }
    return {
      modelId,
      operator: getAddress(info.operator as string),
      trainedOn: (info.trainedOn as { datanetId: bigint; version: bigint }[]).map((v) => ({
        datanetId: BigInt(v.datanetId),
        version: Number(v.version),
      })),
      metadataURI: metadataURI ?? (info.metadataURI as string),
    };
  }

  async datanetVersion(datanetId: bigint, version: number): Promise<DatanetVersionInfo> {
    const v = await this.datanets.version(datanetId, version, await this.at());
    return {
      datanetId,
      version,
      merkleRoot: (v.merkleRoot as string).toLowerCase(),
      count: Number(v.count),
      uri: v.uri as string,
    };
  }

  /** Every contribution ever submitted to `datanetId`, by contribution id. */
  async contributions(datanetId: bigint): Promise<Map<bigint, ContributionRecord>> {
    const out = new Map<bigint, ContributionRecord>();
    for (const log of await this.events(this.datanets, "ContributionSubmitted", null, datanetId)) {
      const id = BigInt(log.args.contributionId);
      out.set(id, {
        contributionId: id,
        datanetId,
        contributor: getAddress(log.args.contributor as string),
        contentHash: (log.args.contentHash as string).toLowerCase(),
        uri: log.args.uri as string,
        block: log.blockNumber,
        logIndex: log.index,
      });
    }
    return out;
  }

  /** The committed log of (`modelId`, `epoch`), or null if none was committed. */
  async inferenceLog(modelId: bigint, epoch: bigint): Promise<CommittedLog | null> {
    const root = ((await this.logs.inferenceLog(modelId, epoch, await this.at())) as string).toLowerCase();
    if (root === ZeroHash) return null;
    const logs = await this.events(this.logs, "InferenceLogCommitted", modelId, epoch);
    if (logs.length === 0) throw new Error(`log of model ${modelId} epoch ${epoch} has a root but no event`);
    return { root, uri: logs[0].args.uri as string };
  }

  /** The treasury, which receives pools nobody can be credited with (InferencePayments.treasury, else the map's). */
  async treasury(): Promise<string> {
    const t = (await this.payments.treasury(await this.at())) as string;
    if (t !== "0x0000000000000000000000000000000000000000") return getAddress(t);
    const fromMap = this.deployment.contracts.Treasury;
    if (fromMap === undefined) throw new Error("no treasury: InferencePayments.treasury() is unset and no Treasury");
    return getAddress(fromMap);
  }

  async totalAttributionFunded(): Promise<bigint> {
    return BigInt(await this.payments.totalAttributionFunded(await this.at()));
  }
}
