// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";

/// @title VotesStandIn (tests only)
/// @notice An ERC-5805 votes token on a timestamp clock whose votes and total supply are whatever the test set, at
/// every timepoint (no checkpoints, no delegation): lets governor tests choose exact weights and quorum bars.
contract VotesStandIn is IERC5805 {
    mapping(address account => uint256) private _votes;
    uint256 private _totalSupply;

    /// @notice Delegation is not modelled.
    error VotesStandInUnsupported();

    function setVotes(address account, uint256 votes) external {
        _votes[account] = votes;
    }

    function setTotalSupply(uint256 totalSupply) external {
        _totalSupply = totalSupply;
    }

    function clock() external view returns (uint48) {
        return uint48(block.timestamp);
    }

    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() external pure returns (string memory) {
        return "mode=timestamp";
    }

    function getVotes(address account) external view returns (uint256) {
        return _votes[account];
    }

    function getPastVotes(address account, uint256) external view returns (uint256) {
        return _votes[account];
    }

    function getPastTotalSupply(uint256) external view returns (uint256) {
        return _totalSupply;
    }

    function delegates(address account) external pure returns (address) {
        return account;
    }

    function delegate(address) external pure {
        revert VotesStandInUnsupported();
    }

    function delegateBySig(address, uint256, uint256, uint8, bytes32, bytes32) external pure {
        revert VotesStandInUnsupported();
    }
}
