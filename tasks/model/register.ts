import { readFile } from "node:fs/promises";

import { ZeroAddress, formatUnits, keccak256 } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { openTaskStore, verifiableUri } from "../lib/content-store.js";
import { TaskError, runTask } from "../lib/errors.js";
import { parseDatanetVersions, parseShareBps } from "../lib/list-options.js";
import { emit } from "../lib/output.js";
import { parseAddress, parseAmount, parseBytes32, parseId } from "../lib/parse.js";
import { eventsIn, mined, actorContext } from "../lib/context.js";
import { checkCard, checkPrice, percent } from "./common.js";
import { protocolContract } from "../lib/contracts.js";

interface Args {
  card: string;
  weights: string;
  weightsHash: string;
  datanetVersions: string;
  baseModel: string;
  operator: string;
  price: string;
  contributorShare: string;
  store: string;
  ipfs: string;
  account: number | string;
  json: boolean;
}

/** OperatorRole.ComputeProvider in OpenStaking. */
const COMPUTE_PROVIDER = 2n;

/**
 * `model register`: puts the model card (a JSON file) in the content store and registers the model with its URI
 * (carrying the card's keccak256), the weights hash, the Datanet versions it was trained on, its lineage, operator,
 * price and contributor share. Every condition the registry checks is checked first, with a one-line error.
 */
export default async function modelRegister(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(async () => {
    const card = await readCard(args.card);
    const weightsHash = await readWeightsHash(args);
    const trainedOn = parseDatanetVersions("datanet-versions", args.datanetVersions);
    const baseModelId = args.baseModel === "" ? 0n : parseId("base-model", args.baseModel);
    const price = parseAmount("price", args.price);
    checkPrice("price", args.price, price);
    const shareBps = parseShareBps("contributor-share", args.contributorShare);
    const store = openTaskStore(args);

    const context = await actorContext(hre, args);
    const models = await context.modelRegistry();
    const datanets = await context.datanetRegistry();
    const trainer = context.signer.address;
    const operator = args.operator === "" ? trainer : parseAddress("operator", args.operator);
    if (operator === ZeroAddress) throw new TaskError("--operator: the zero address cannot operate a model");

    const maxVersions = await models.MAX_TRAINING_VERSIONS();
    if (BigInt(trainedOn.length) > maxVersions) {
      throw new TaskError(`--datanet-versions: ${trainedOn.length} versions, at most ${maxVersions}`);
    }
    for (const { datanetId, version } of trainedOn) {
      if (datanetId === 0n || datanetId > (await datanets.datanetCount())) {
        throw new TaskError(`datanet ${datanetId} does not exist`);
      }
      if (!(await datanets.versionExists(datanetId, version))) {
        const latest = (await datanets.datanetCounts(datanetId)).versions;
        throw new TaskError(
          `datanet ${datanetId} has no version ${version} (${latest === 0n ? "none published" : `latest: ${latest}`})`,
        );
      }
      if (!(await datanets.isUsageAllowed(datanetId, trainer))) {
        throw new TaskError(
          `datanet ${datanetId} needs its owner's approval to train on it and ${trainer} is not approved`,
        );
      }
    }
    if (baseModelId !== 0n && (await models.paymentTerms(baseModelId)).status === 0n) {
      throw new TaskError(`--base-model: model ${baseModelId} does not exist`);
    }
    const minShare = await models.minContributorShareBps();
    if (BigInt(shareBps) < minShare) {
      throw new TaskError(
        `--contributor-share: ${percent(shareBps)} is below the governance minimum of ${percent(minShare)}`,
      );
    }
    const stakingAddress = await models.staking();
    if (stakingAddress !== ZeroAddress) {
      const staking = protocolContract("OpenStaking", stakingAddress, context.ethers.provider);
      if ((await staking.operatorRole(operator)) !== COMPUTE_PROVIDER) {
        const minimum = await staking.minOperatorStake(COMPUTE_PROVIDER);
        throw new TaskError(
          `operator ${operator} is not registered in OpenStaking as a compute provider ` +
            `(stake at least ${formatUnits(minimum)} OPEN, then register the compute-provider role)`,
        );
      }
    }

    const stored = await store.put(card);
    const metadataURI = verifiableUri(stored);
    const receipt = await mined(
      models.registerModel({
        metadataURI,
        weightsHash,
        trainedOn,
        baseModelId,
        operator,
        pricePerUnit: price,
        contributorShareBps: shareBps,
      }),
    );
    const [registered] = eventsIn(receipt, models, "ModelRegistered");
    const modelId = registered.args.modelId as bigint;
    emit(
      args.json,
      {
        modelId,
        owner: trainer,
        operator,
        metadataURI,
        weightsHash,
        trainedOn,
        baseModelId,
        pricePerUnit: price,
        contributorShareBps: shareBps,
        transactionHash: receipt.hash,
      },
      [
        `registered model ${modelId}, owned by ${trainer} (tx ${receipt.hash})`,
        `  model card ${metadataURI}`,
        `  weights ${weightsHash}`,
        `  trained on ${trainedOn.map((v) => `datanet ${v.datanetId} v${v.version}`).join(", ")}` +
          (baseModelId === 0n ? "" : `; derived from model ${baseModelId}`),
        `  operator ${operator}; price ${formatUnits(price)} OPEN per unit; contributors get ${percent(shareBps)}`,
      ],
    );
  });
}

/** The model card's bytes: a JSON object (its exact bytes are stored, so its hash is the file's). */
async function readCard(file: string): Promise<Uint8Array> {
  if (file === "") throw new TaskError("--card is required (the model card, a JSON file)");
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch {
    throw new TaskError(`--card: ${file} cannot be read`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new TaskError(`--card: ${file} is not valid JSON`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new TaskError(`--card: ${file} is not a JSON object`);
  }
  checkCard(bytes, file);
  return bytes;
}

/** keccak256 of the weights file, or the hash given; exactly one of the two, and never zero. */
async function readWeightsHash(args: Args): Promise<string> {
  if ((args.weights === "") === (args.weightsHash === "")) {
    throw new TaskError("give exactly one of --weights FILE and --weights-hash 0x...");
  }
  let hash: string;
  if (args.weights !== "") {
    try {
      hash = keccak256(new Uint8Array(await readFile(args.weights)));
    } catch {
      throw new TaskError(`--weights: ${args.weights} cannot be read`);
    }
  } else {
    hash = parseBytes32("weights-hash", args.weightsHash);
  }
  if (/^0x0{64}$/.test(hash)) throw new TaskError("--weights-hash: the weights hash cannot be zero");
  return hash;
}
