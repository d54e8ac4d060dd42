// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title SignerDigest
/// @notice The 160-bit chained digest of an ordered signer list: `d' = bytes20(keccak256(abi.encodePacked(d, s)))`
/// from `d = 0`. AttributionOracle keeps it instead of the list (one word with the weight); AttributionDisputes checks
/// a list given from the Attested / ReportSubmitted events against it.
/// @custom:security-contact security@openledger.xyz
library SignerDigest {
    /// @dev Top 20 bytes of a word: the bytes20 of a keccak hash.
    uint256 private constant _BYTES20_MASK = 0xffffffffffffffffffffffffffffffffffffffff000000000000000000000000;

    /// @dev `bytes20(keccak256(abi.encodePacked(digest, signer)))`, hashed in scratch space.
    function chain(bytes20 digest, address signer) internal pure returns (bytes20 next) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0x00, digest)
            mstore(0x14, shl(96, signer))
            next := and(keccak256(0x00, 0x28), _BYTES20_MASK)
        }
    }

    /// @dev The digest of `signers` chained onto `digest`.
    function chainAll(bytes20 digest, address[] calldata signers) internal pure returns (bytes20) {
        for (uint256 i = 0; i < signers.length; ++i) {
            digest = chain(digest, signers[i]);
        }
        return digest;
    }
}
