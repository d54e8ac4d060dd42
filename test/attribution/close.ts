import { expect } from "chai";

/**
 * `|actual - expected| <= tolerance` for plain numbers. Chai's `closeTo` is replaced by Hardhat's chai matchers with a
 * bigint-only version once any test loads them, so floating-point tests use this instead.
 */
export function expectClose(actual: number | undefined, expected: number, tolerance: number): void {
  expect(actual, "value").to.be.a("number");
  const difference = Math.abs((actual as number) - expected);
  expect(difference <= tolerance, `${actual} is not within ${tolerance} of ${expected}`).to.equal(true);
}
