// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";

/// @title ConstantDomainEIP712
/// @notice EIP-712 with a constant domain, for the core contracts that verify signatures (InferencePayments'
/// vouchers, RewardDistributor's authorizations, AttributionOracle's reports).
/// @dev The implementation overrides `_EIP712Name()` and `_EIP712Version()` with constant strings (they also serve
/// ERC-5267's `eip712Domain()`); this base hashes both once, in the implementation's constructor, into immutables, so
/// that signing hashes read no storage and hash no string (OpenZeppelin's EIP712Upgradeable hashes the name and version
/// on every call and falls back to storage). The separator is rebuilt from `block.chainid` and `address(this)` on each
/// use, so it stays right on a fork and behind the proxy (whose address it names). Same value as
/// `_domainSeparatorV4()`. Solady's EIP712 does the same, but its own constructor and immutables cannot carry
/// OpenZeppelin's upgrade-safety annotations (docs/decisions/0244, 0271).
/// @custom:security-contact security@openledger.xyz
abstract contract ConstantDomainEIP712 is EIP712Upgradeable {
    bytes32 private constant _DOMAIN_TYPEHASH = keccak256(
        "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    );

    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    bytes32 private immutable _NAME_HASH;
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    bytes32 private immutable _VERSION_HASH;

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _NAME_HASH = keccak256(bytes(_EIP712Name()));
        _VERSION_HASH = keccak256(bytes(_EIP712Version()));
    }

    /// @dev The EIP-712 domain separator of this contract (behind its proxy) on this chain.
    function _constantDomainSeparator() internal view returns (bytes32) {
        return keccak256(abi.encode(_DOMAIN_TYPEHASH, _NAME_HASH, _VERSION_HASH, block.chainid, address(this)));
    }

    /// @dev The EIP-712 digest of `structHash` under the constant domain.
    function _hashTypedDataV4(bytes32 structHash) internal view virtual override returns (bytes32) {
        return MessageHashUtils.toTypedDataHash(_constantDomainSeparator(), structHash);
    }
}
