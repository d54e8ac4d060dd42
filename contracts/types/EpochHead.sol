// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAttributionOracle} from "../interfaces/IAttributionOracle.sol";

/// @dev The first word of an epoch's record in AttributionOracle's ring: read and written once per report call.
///
/// Layout (most significant bit first):
/// [255] attestedThisRound: an on-chain attestation was made in the current round (submit then skips signers that
///       attested this round, so that no oracle backs two reports of one round through the two quorum paths)
/// [254..240] quorumBps: quorum fixed at the epoch's first report activity (0 before; never below 5,001 after)
/// [239..144] totalOracleStake: total oracle stake at the epoch's snapshot, fixed with the quorum
/// [143..104] since: when the status was entered
/// [103..72] round: incremented each time the epoch reopens (upheld dispute, rejection, voiding, discard, expiry)
/// [71..64] status: an IAttributionOracle.EpochStatus
/// [63..0] epoch: the epoch the record holds (a record whose epoch differs is stale and is reset on first use)
type EpochHead is uint256;

using EpochHeadLib for EpochHead global;

/// @title EpochHeadLib
/// @notice Getters and setters of the packed EpochHead word (Uniswap v4-core `Slot0` style).
/// @custom:security-contact security@openledger.xyz
library EpochHeadLib {
    uint256 internal constant STATUS_OFFSET = 64;
    uint256 internal constant ROUND_OFFSET = 72;
    uint256 internal constant SINCE_OFFSET = 104;
    uint256 internal constant STAKE_OFFSET = 144;
    uint256 internal constant QUORUM_OFFSET = 240;
    uint256 internal constant ATTESTED_OFFSET = 255;

    uint256 internal constant MASK_8 = 0xff;
    uint256 internal constant MASK_15 = 0x7fff;
    uint256 internal constant MASK_32 = 0xffffffff;
    uint256 internal constant MASK_40 = 0xffffffffff;
    uint256 internal constant MASK_64 = 0xffffffffffffffff;
    uint256 internal constant MASK_96 = 0xffffffffffffffffffffffff;

    /// @dev A fresh, open record of `epoch` (round 0, nothing fixed).
    function fresh(uint64 e) internal pure returns (EpochHead) {
        return EpochHead.wrap(e);
    }

    function epoch(EpochHead h) internal pure returns (uint64) {
        return uint64(EpochHead.unwrap(h));
    }

    function status(EpochHead h) internal pure returns (IAttributionOracle.EpochStatus) {
        return IAttributionOracle.EpochStatus(uint8(EpochHead.unwrap(h) >> STATUS_OFFSET));
    }

    function round(EpochHead h) internal pure returns (uint32) {
        return uint32(EpochHead.unwrap(h) >> ROUND_OFFSET);
    }

    function since(EpochHead h) internal pure returns (uint40) {
        return uint40(EpochHead.unwrap(h) >> SINCE_OFFSET);
    }

    function totalOracleStake(EpochHead h) internal pure returns (uint96) {
        return uint96(EpochHead.unwrap(h) >> STAKE_OFFSET);
    }

    function quorumBps(EpochHead h) internal pure returns (uint16) {
        return uint16((EpochHead.unwrap(h) >> QUORUM_OFFSET) & MASK_15);
    }

    function attestedThisRound(EpochHead h) internal pure returns (bool) {
        return EpochHead.unwrap(h) >> ATTESTED_OFFSET != 0;
    }

    /// @dev Sets the status and the time it was entered.
    function withStatus(EpochHead h, IAttributionOracle.EpochStatus s, uint256 at) internal pure returns (EpochHead) {
        uint256 w = EpochHead.unwrap(h);
        w &= ~((MASK_8 << STATUS_OFFSET) | (MASK_40 << SINCE_OFFSET));
        w |= (uint256(uint8(s)) << STATUS_OFFSET) | (uint256(uint40(at)) << SINCE_OFFSET);
        return EpochHead.wrap(w);
    }

    /// @dev Reopens the epoch in the next round at `at`: status Open, round + 1, the attestation flag cleared (the
    /// fixed stake and quorum are kept).
    function reopened(EpochHead h, uint256 at) internal pure returns (EpochHead) {
        uint256 w = EpochHead.unwrap(h);
        uint256 nextRound = uint256(uint32(w >> ROUND_OFFSET)) + 1;
        w &=
            ~((MASK_8 << STATUS_OFFSET) |
                (MASK_32 << ROUND_OFFSET) |
                (MASK_40 << SINCE_OFFSET) |
                (1 << ATTESTED_OFFSET));
        w |= (uint256(uint32(nextRound)) << ROUND_OFFSET) | (uint256(uint40(at)) << SINCE_OFFSET);
        return EpochHead.wrap(w);
    }

    /// @dev Fixes the epoch's total oracle stake and quorum (`quorum` < 2^15, `stake` < 2^96: checked by callers).
    function withQuorum(EpochHead h, uint256 stake, uint256 quorum) internal pure returns (EpochHead) {
        uint256 w = EpochHead.unwrap(h);
        w &= ~((MASK_96 << STAKE_OFFSET) | (MASK_15 << QUORUM_OFFSET));
        w |= (stake << STAKE_OFFSET) | (quorum << QUORUM_OFFSET);
        return EpochHead.wrap(w);
    }

    function withAttested(EpochHead h) internal pure returns (EpochHead) {
        return EpochHead.wrap(EpochHead.unwrap(h) | (1 << ATTESTED_OFFSET));
    }
}
