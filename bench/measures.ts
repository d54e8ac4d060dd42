/**
 * One measurement per figure key. Each returns the figure's value (gas or the unit in bench/figures.ts).
 */
import { measureClaimFirst, measureClaimRepeat, measureOracleAttest, measureOracleSubmit7 } from "./gas/attribution.js";
import { protocolGas } from "./gas/protocol.js";
import { measureOpenTransfer } from "./gas/tokens.js";
import { measureIndexerEvents100k } from "./speed/indexer.js";
import { measureInfluence } from "./speed/influence.js";
import { measureMerkleBuild100kLibrary, measureMerkleBuild1M } from "./speed/merkle.js";
import { measureOracleEpoch } from "./speed/oracleEpoch.js";
import { measureTestSuite } from "./speed/testSuite.js";
import { measureSpanIndexRssMB, measureSpanIndexSeconds, measureSpanQueryMs } from "./speed/spans.js";

export const MEASURES: Record<string, () => Promise<number>> = {
  "open.transfer": measureOpenTransfer,
  ...Object.fromEntries(
    [
      "datanet.create",
      "datanet.contribute",
      "datanet.reviewBatch50.perItem",
      "model.register",
      "infer.pay",
      "infer.redeemBatch50.perVoucher",
      "infer.perInference.at100PerVoucher",
      "stake.first",
      "stake.repeat",
      "gov.castVote",
    ].map((key) => [key, protocolGas(key)]),
  ),
  "oracle.attest": measureOracleAttest,
  "oracle.submit7sigs": measureOracleSubmit7,
  "rewards.claim.first": measureClaimFirst,
  "rewards.claim.repeat": measureClaimRepeat,
  "merkle.build1M.s": measureMerkleBuild1M,
  "merkle.build100k.ozLibrary.s": measureMerkleBuild100kLibrary,
  "spans.index10M.s": measureSpanIndexSeconds,
  "spans.index10M.rssMB": measureSpanIndexRssMB,
  "spans.query500.ms": measureSpanQueryMs,
  "influence.n5000p1024q100.s": measureInfluence,
  "oracle.epoch10k.s": measureOracleEpoch,
  "test.suite.s": measureTestSuite,
  "indexer.events100k.s": measureIndexerEvents100k,
};
