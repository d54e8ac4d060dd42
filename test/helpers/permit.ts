import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { Signature, type TypedDataDomain } from "ethers";

/**
 * EIP-2612 `Permit` as OpenZeppelin's ERC20Permit hashes it:
 * keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)").
 */
export const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** The smallest surface of an ERC20Permit token that signing a permit needs. */
export interface PermitToken {
  getAddress(): Promise<string>;
  name(): Promise<string>;
  nonces(owner: string): Promise<bigint>;
}

export interface PermitRequest {
  /** Defaults to the signer; set it to another account to forge a signature for that owner. */
  owner?: string;
  spender: string;
  value: bigint;
  deadline: bigint;
  /** Defaults to the owner's current nonce on the token. */
  nonce?: bigint;
  /** Defaults to the token's name; OPEN and WOPEN both use version "1". */
  domainName?: string;
}

/** Signs an EIP-2612 permit for `token` with `signer`'s key (as owner by default), returning the split signature. */
export async function signPermit(signer: HardhatEthersSigner, token: PermitToken, request: PermitRequest) {
  if (signer.provider === null) throw new Error("signPermit: the signer has no provider to read the chain id from");
  const { chainId } = await signer.provider.getNetwork();
  const domain: TypedDataDomain = {
    name: request.domainName ?? (await token.name()),
    version: "1",
    chainId,
    verifyingContract: await token.getAddress(),
  };
  const owner = request.owner ?? signer.address;
  const message = {
    owner,
    spender: request.spender,
    value: request.value,
    nonce: request.nonce ?? (await token.nonces(owner)),
    deadline: request.deadline,
  };
  const { v, r, s } = Signature.from(await signer.signTypedData(domain, PERMIT_TYPES, message));
  return { v, r, s };
}
