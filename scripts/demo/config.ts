/**
 * What the demo runs: who contributes which data, how the models are set up, who pays for which inferences. Every
 * choice is fixed here, so a run is reproducible: no Math.random anywhere in the demo. The whole run takes well
 * under a minute, so the integration test runs this same configuration.
 */
export const OPEN = 10n ** 18n;

/** One contributor of labelled e-mails: how many ham and spam messages, and how many of them carry a wrong label. */
export interface EmailContributor {
  name: string;
  ham: number;
  spam: number;
  /** Contributions (from the first) whose label is flipped: a careless labeller the curator cannot spot. */
  mislabelled?: number;
}

/** One contributor of State of the Union addresses, by year. */
export interface SpeechContributor {
  name: string;
  years: number[];
}

/** Paid inferences of one model in one epoch, by payment method. */
export interface InferencePlan {
  /** `InferencePayments.pay` by the direct payer. */
  direct: number;
  /** `NativeGateway.pay` with native OPEN. */
  gateway: number;
  /** EIP-712 vouchers per voucher payer (redeemed in one batch by the operator). */
  vouchers: number[];
  /** `payFromAgent` by the agent's operator, from the agent's budget. */
  agent: number;
}

export interface DemoConfig {
  name: string;
  emails: {
    /** Characters of each message body kept (SpamAssassin bodies can be very long). */
    maxChars: number;
    contributors: EmailContributor[];
    /** Held-out messages for the accuracy figure (never contributed). */
    heldOut: { ham: number; spam: number };
    /** Contribution bond in OPEN wei (rejected bonds go to the treasury). */
    bond: bigint;
  };
  speeches: {
    contributors: SpeechContributor[];
    /** Contribution bond (rejected bonds go to the Datanet owner). */
    bond: bigint;
  };
  classifier: { buckets: number; l2: number; price: bigint; contributorShareBps: number };
  generator: { order: number; words: number; minSpanLength: number; price: bigint; contributorShareBps: number };
  /** Paid inferences per epoch (epochs 0 and 1). */
  inferences: { classifier: InferencePlan; generator: InferencePlan }[];
}

export const FULL_CONFIG: DemoConfig = {
  name: "full",
  emails: {
    maxChars: 2_000,
    contributors: [
      { name: "alice", ham: 12, spam: 12 },
      { name: "bob", ham: 20, spam: 5 },
      { name: "carol", ham: 6, spam: 20 },
      { name: "dave", ham: 14, spam: 10 },
      { name: "erin", ham: 10, spam: 12 },
      { name: "frank", ham: 16, spam: 12 },
      { name: "grace", ham: 9, spam: 14 },
      { name: "heidi", ham: 12, spam: 10, mislabelled: 8 },
    ],
    heldOut: { ham: 100, spam: 100 },
    bond: OPEN,
  },
  speeches: {
    contributors: [
      { name: "ivan", years: [2010, 2011, 2012] },
      { name: "judy", years: [2013, 2014, 2015, 2016] },
      { name: "mike", years: [2017, 2018, 2019, 2020] },
      { name: "nina", years: [2021, 2001, 2002] },
    ],
    bond: 5n * OPEN,
  },
  classifier: { buckets: 512, l2: 0.001, price: OPEN / 2n, contributorShareBps: 3_000 },
  generator: { order: 4, words: 60, minSpanLength: 8, price: 3n * OPEN, contributorShareBps: 4_000 },
  inferences: [
    {
      classifier: { direct: 5, gateway: 3, vouchers: [4, 2], agent: 3 },
      generator: { direct: 2, gateway: 1, vouchers: [], agent: 2 },
    },
    {
      classifier: { direct: 4, gateway: 2, vouchers: [3, 3], agent: 4 },
      generator: { direct: 1, gateway: 2, vouchers: [], agent: 2 },
    },
  ],
};
