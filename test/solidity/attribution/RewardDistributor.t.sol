// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";

import {IRewardDistributor} from "../../../contracts/interfaces/IRewardDistributor.sol";
import {Test} from "../utils/Test.sol";
import {AttributionDeployment} from "./AttributionBase.sol";

/// @title RewardDistributor fuzz tests, one per claim entry point, and the proof check against OpenZeppelin's
/// @notice Roots are set directly (the test holds ORACLE_ROLE next to the oracle) over pools funded by real paid
/// inferences. Trees of four accounts are built here; the 20-level proofs are random.
/// @dev Run alone with the base: `hardhat test solidity test/solidity/attribution/RewardDistributor.t.sol
/// test/solidity/attribution/AttributionBase.sol`.
contract RewardDistributorFuzzTest is Test, AttributionDeployment {
    bytes32 private constant _CLAIM_TYPEHASH = keccak256(
        "ClaimAuthorization(address account,address to,uint256 cumulativeAmount,uint256 nonce,uint256 deadline)"
    );
    uint256 internal constant FUNDED = 100_000_000 ether;

    address[4] internal accounts;

    function setUp() public {
        _deployAttribution();
        distributor.grantRole(distributor.ORACLE_ROLE(), address(this));
        _fundPools(FUNDED);
        for (uint256 i; i < 4; ++i) accounts[i] = makeAddr(string.concat("account", vm.toString(i)));
    }

    function _leaves(uint256[4] memory amounts) internal view returns (bytes32[4] memory leaves) {
        for (uint256 i; i < 4; ++i) leaves[i] = _leaf(accounts[i], amounts[i]);
    }

    function _sum(uint256[4] memory amounts) internal pure returns (uint256 s) {
        for (uint256 i; i < 4; ++i) s += amounts[i];
    }

    function _bounded(uint256[4] memory seeds, uint256 max) internal pure returns (uint256[4] memory amounts) {
        for (uint256 i; i < 4; ++i) amounts[i] = bound(seeds[i], 1, max);
    }

    function testFuzz_claim_paysExactlyTheIncreaseAcrossRoots(uint256[4] memory seeds0, uint256[4] memory incs) public {
        uint256[4] memory a0 = _bounded(seeds0, FUNDED / 8);
        uint256[4] memory a1;
        for (uint256 i; i < 4; ++i) a1[i] = a0[i] + bound(incs[i], 0, FUNDED / 8);
        bytes32[4] memory l0 = _leaves(a0);
        bytes32[4] memory l1 = _leaves(a1);
        distributor.updateRoot(0, _root4(l0), _sum(a0));
        // Accounts 0 and 1 claim under the first root, all four under the second.
        for (uint256 i; i < 2; ++i) {
            assertEq(distributor.claim(accounts[i], a0[i], _proof4(l0, i)), a0[i], "first root pays the leaf");
        }
        distributor.updateRoot(1, _root4(l1), _sum(a1));
        for (uint256 i; i < 4; ++i) {
            uint256 already = i < 2 ? a0[i] : 0;
            if (a1[i] == already) {
                vm.expectRevert(
                    abi.encodeWithSelector(
                        IRewardDistributor.DistributorNothingToClaim.selector,
                        accounts[i],
                        a1[i],
                        already
                    )
                );
                distributor.claim(accounts[i], a1[i], _proof4(l1, i));
            } else {
                assertEq(distributor.claim(accounts[i], a1[i], _proof4(l1, i)), a1[i] - already, "the increase");
            }
            assertEq(open.balanceOf(accounts[i]), a1[i], "holds its cumulative amount");
            assertEq(distributor.claimed(accounts[i]), a1[i], "claimed");
        }
        assertEq(distributor.totalClaimed(), _sum(a1), "total claimed");
        assertEq(distributor.unclaimed(), 0, "nothing left");
        assertEq(open.balanceOf(address(distributor)), 0, "distributor empty");
    }

    function testFuzz_claimTo_paysTheRecipientOnAValidAuthorizationOnly(
        uint256 key,
        address to,
        uint256 amount,
        uint256 deadlineOffset,
        uint256 wait,
        bool forge
    ) public {
        key = bound(key, 1, 2 ** 128);
        vm.assume(to != address(0) && to != address(distributor) && to.code.length == 0);
        address account = vm.addr(key);
        vm.assume(open.balanceOf(to) == 0 && account != to);
        amount = bound(amount, 1, FUNDED - 6);
        bytes32[] memory proof = _singleAccountRoot(account, amount);
        uint256 deadline = block.timestamp + bound(deadlineOffset, 0, 30 days);
        bytes memory signature = _authorization(forge ? key + 1 : key, account, to, amount, deadline);
        vm.warp(block.timestamp + bound(wait, 0, 31 days));
        bool expired = block.timestamp > deadline;
        if (expired) {
            vm.expectRevert(
                abi.encodeWithSelector(IRewardDistributor.DistributorAuthorizationExpired.selector, deadline)
            );
        } else if (forge) {
            vm.expectRevert(
                abi.encodeWithSelector(IRewardDistributor.DistributorInvalidAuthorization.selector, account)
            );
        }
        distributor.claimTo(account, to, amount, proof, deadline, signature);
        if (expired || forge) {
            assertEq(distributor.nonces(account), 0, "nonce kept");
            return;
        }
        assertEq(open.balanceOf(to), amount, "recipient paid");
        assertEq(open.balanceOf(account), 0, "account not paid");
        assertEq(distributor.nonces(account), 1, "nonce used");
        vm.expectRevert(abi.encodeWithSelector(IRewardDistributor.DistributorInvalidAuthorization.selector, account));
        distributor.claimTo(account, to, amount, proof, deadline, signature);
    }

    /// @dev Sets a root with `account`'s leaf and three others; returns the account's proof.
    function _singleAccountRoot(address account, uint256 amount) internal returns (bytes32[] memory) {
        bytes32[4] memory leaves = [
            _leaf(account, amount),
            _leaf(accounts[1], 1),
            _leaf(accounts[2], 2),
            _leaf(accounts[3], 3)
        ];
        distributor.updateRoot(0, _root4(leaves), amount + 6);
        return _proof4(leaves, 0);
    }

    /// @dev `key`'s signature of ClaimAuthorization(account, to, amount, nonce 0, deadline).
    function _authorization(
        uint256 key,
        address account,
        address to,
        uint256 amount,
        uint256 deadline
    ) internal view returns (bytes memory) {
        bytes32 digest = MessageHashUtils.toTypedDataHash(
            _separator(),
            keccak256(abi.encode(_CLAIM_TYPEHASH, account, to, amount, uint256(0), deadline))
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    function testFuzz_claimBatch_paysTheValidEntriesAndSkipsTheRest(uint256[4] memory seeds, uint256 badMask) public {
        uint256[4] memory amounts = _bounded(seeds, FUNDED / 4);
        bytes32[4] memory leaves = _leaves(amounts);
        distributor.updateRoot(0, _root4(leaves), _sum(amounts));
        badMask = bound(badMask, 0, 15);
        address[] memory batch = new address[](4);
        uint256[] memory cumulative = new uint256[](4);
        bytes32[][] memory proofs = new bytes32[][](4);
        uint256 expected;
        for (uint256 i; i < 4; ++i) {
            batch[i] = accounts[i];
            bool bad = badMask & (1 << i) != 0;
            cumulative[i] = bad ? amounts[i] + 1 : amounts[i];
            proofs[i] = _proof4(leaves, i);
            if (!bad) expected += amounts[i];
        }
        assertEq(distributor.claimBatch(batch, cumulative, proofs), expected, "total paid");
        for (uint256 i; i < 4; ++i) {
            assertEq(open.balanceOf(accounts[i]), badMask & (1 << i) != 0 ? 0 : amounts[i], "paid or skipped");
        }
        // Replaying the batch pays nothing: every entry is skipped.
        assertEq(distributor.claimBatch(batch, cumulative, proofs), 0, "replay pays nothing");
        assertEq(distributor.totalClaimed(), expected, "total claimed");
    }

    /// The assembly proof check accepts exactly what OpenZeppelin's MerkleProof accepts, on proofs of up to 24
    /// levels (the 20 of a 2^20-leaf tree and more), and rejects a proof with any one sibling changed.
    function testFuzz_proofCheck_matchesOpenZeppelin(
        bytes32[] memory siblings,
        uint256 amount,
        uint256 flip,
        bytes32 other
    ) public {
        vm.assume(siblings.length <= 24);
        amount = bound(amount, 1, FUNDED);
        bytes32 leaf = _leaf(accounts[0], amount);
        bytes32 root = MerkleProof.processProof(siblings, leaf);
        distributor.updateRoot(0, root, amount);
        if (siblings.length != 0) {
            uint256 i = bound(flip, 0, siblings.length - 1);
            bytes32 saved = siblings[i];
            vm.assume(other != saved);
            siblings[i] = other;
            bool stillValid = MerkleProof.verify(siblings, root, leaf);
            if (!stillValid) {
                vm.expectRevert(
                    abi.encodeWithSelector(IRewardDistributor.DistributorInvalidProof.selector, accounts[0], amount)
                );
                distributor.claim(accounts[0], amount, siblings);
            }
            siblings[i] = saved;
        }
        assertEq(distributor.claim(accounts[0], amount, siblings), amount, "OpenZeppelin-valid proof accepted");
    }

    function _separator() internal view returns (bytes32) {
        return
            keccak256(
                abi.encode(
                    keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                    keccak256("OpenLedger RewardDistributor"),
                    keccak256("1"),
                    block.chainid,
                    address(distributor)
                )
            );
    }
}
