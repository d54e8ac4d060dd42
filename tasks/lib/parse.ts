import { getAddress, isAddress, parseUnits } from "ethers";

import { TaskError } from "./errors.js";

/** A checksummed address, or a TaskError naming the option. */
export function parseAddress(option: string, value: string | undefined): string {
  if (value === undefined || value === "") throw new TaskError(`--${option} is required`);
  if (!isAddress(value)) throw new TaskError(`--${option}: "${value}" is not an address`);
  return getAddress(value);
}

/**
 * A decimal token amount ("12.5") in the smallest unit. Refuses negative numbers, garbage and more fractional
 * digits than the token has.
 */
export function parseAmount(option: string, value: string | undefined, decimals = 18): bigint {
  if (value === undefined || value === "") throw new TaskError(`--${option} is required`);
  if (!/^\d+(\.\d+)?$/.test(value)) throw new TaskError(`--${option}: "${value}" is not a positive decimal amount`);
  const fraction = value.split(".")[1] ?? "";
  if (fraction.length > decimals) {
    throw new TaskError(`--${option}: "${value}" has more than ${decimals} decimals`);
  }
  return parseUnits(value, decimals);
}

/** Like `parseAmount`, and refuses zero (a transfer of nothing is a mistake, not a no-op). */
export function parsePositiveAmount(option: string, value: string | undefined, decimals = 18): bigint {
  const amount = parseAmount(option, value, decimals);
  if (amount === 0n) throw new TaskError(`--${option} must be greater than zero`);
  return amount;
}

/** A checksummed address other than the zero address (a recipient: value sent there is lost). */
export function parseRecipient(option: string, value: string | undefined): string {
  const address = parseAddress(option, value);
  if (BigInt(address) === 0n) throw new TaskError(`--${option} must not be the zero address`);
  return address;
}

/** A non-negative integer id. */
export function parseId(option: string, value: string | undefined): bigint {
  if (value === undefined || value === "") throw new TaskError(`--${option} is required`);
  if (!/^\d+$/.test(value)) throw new TaskError(`--${option}: "${value}" is not a non-negative integer`);
  return BigInt(value);
}

/** A 32-byte hex value. */
export function parseBytes32(option: string, value: string | undefined): string {
  if (value === undefined || value === "") throw new TaskError(`--${option} is required`);
  if (!/^0x[0-9a-fA-F]{64}$/.test(value)) throw new TaskError(`--${option}: "${value}" is not a 32-byte hex value`);
  return value.toLowerCase();
}
