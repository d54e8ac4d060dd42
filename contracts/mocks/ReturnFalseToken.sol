// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ReturnFalseToken
/// @notice Hostile ERC-20 for failure-mode tests only: every transfer and transferFrom returns false and moves
/// nothing, as some legacy tokens do. SafeERC20 must turn that into a revert.
contract ReturnFalseToken {
    mapping(address account => uint256) public balanceOf;
    mapping(address owner => mapping(address spender => uint256)) public allowance;

    function mint(address to, uint256 amount) external {
        balanceOf[to] += amount;
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount;
        return true;
    }

    function transfer(address, uint256) external pure returns (bool) {
        return false;
    }

    function transferFrom(address, address, uint256) external pure returns (bool) {
        return false;
    }
}
