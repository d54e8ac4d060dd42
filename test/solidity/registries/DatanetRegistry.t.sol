// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {IDatanetRegistry} from "../../../contracts/interfaces/IDatanetRegistry.sol";
import {Test} from "../utils/Test.sol";
import {RegistriesDeployer} from "./RegistriesBase.sol";

/// @title DatanetRegistry fuzz tests: one per state-changing entry point
contract DatanetRegistryFuzzTest is Test, RegistriesDeployer {
    address internal owner = makeAddr("owner");
    address internal curator = makeAddr("curator");
    address internal contributor = makeAddr("contributor");
    uint256 internal bonded; // Datanet 1: bond 1e18, rejected bonds to the treasury
    uint256 internal free; // Datanet 2: no bond

    function setUp() public {
        _deployRegistries();
        vm.startPrank(owner);
        bonded = datanets.createDatanet(_config(1e18, IDatanetRegistry.RejectedBondPolicy.ToTreasury));
        free = datanets.createDatanet(_config(0, IDatanetRegistry.RejectedBondPolicy.RefundContributor));
        datanets.setCurator(bonded, curator, true);
        datanets.setCurator(free, curator, true);
        vm.stopPrank();
        _fund(contributor, 1e24);
        vm.prank(contributor);
        open.approve(address(datanets), type(uint256).max);
    }

    function testFuzz_createDatanet_mintsToCallerAndStoresConfig(address creator, uint80 bond, uint8 policy) public {
        vm.assume(creator != address(0) && creator.code.length == 0);
        IDatanetRegistry.DatanetConfig memory config = _config(
            bond,
            IDatanetRegistry.RejectedBondPolicy(bound(policy, 0, 2))
        );
        vm.prank(creator);
        uint256 id = datanets.createDatanet(config);
        assertEq(id, 3);
        assertEq(datanets.ownerOf(id), creator);
        IDatanetRegistry.DatanetConfig memory stored = datanets.datanetConfig(id);
        assertEq(stored.contributionBond, bond);
        assertEq(uint256(stored.rejectedBondPolicy), bound(policy, 0, 2));
    }

    function testFuzz_updateDatanet_onlyOwner(address caller, uint80 bond) public {
        vm.prank(caller);
        if (caller != owner) {
            vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.DatanetNotOwner.selector, bonded, caller));
            datanets.updateDatanet(bonded, _config(bond, IDatanetRegistry.RejectedBondPolicy.RefundContributor));
        } else {
            datanets.updateDatanet(bonded, _config(bond, IDatanetRegistry.RejectedBondPolicy.RefundContributor));
            assertEq(datanets.datanetConfig(bonded).contributionBond, bond);
        }
    }

    function testFuzz_setCurator_grantsReviewRights(address account) public {
        vm.assume(account != address(0) && account != owner && account != curator);
        uint256 id = _contribute(free, 1);
        vm.prank(owner);
        datanets.setCurator(free, account, true);
        assertTrue(datanets.isCurator(free, account));
        vm.prank(account);
        datanets.review(id, true);
        assertEq(datanets.datanetCounts(free).accepted, 1);
    }

    function testFuzz_setContributorAllowed_gatesContributions(address account, bool allowed) public {
        vm.assume(account != address(0));
        IDatanetRegistry.DatanetConfig memory config = _config(
            0,
            IDatanetRegistry.RejectedBondPolicy.RefundContributor
        );
        config.contributionPolicy = IDatanetRegistry.ContributionPolicy.AllowListed;
        vm.startPrank(owner);
        datanets.updateDatanet(free, config);
        datanets.setContributorAllowed(free, account, allowed);
        vm.stopPrank();
        assertEq(datanets.isContributorAllowed(free, account), allowed);
        vm.prank(account);
        if (!allowed) {
            vm.expectRevert(
                abi.encodeWithSelector(IDatanetRegistry.DatanetContributorNotAllowed.selector, free, account)
            );
        }
        datanets.contribute(free, keccak256("c"), "u");
    }

    function testFuzz_setTrainerApproval_gatesUsage(address trainer, bool approved) public {
        vm.assume(trainer != address(0));
        IDatanetRegistry.DatanetConfig memory config = _config(
            0,
            IDatanetRegistry.RejectedBondPolicy.RefundContributor
        );
        config.usagePolicy = IDatanetRegistry.UsagePolicy.ApprovalRequired;
        vm.startPrank(owner);
        datanets.updateDatanet(free, config);
        datanets.setTrainerApproval(free, trainer, approved);
        vm.stopPrank();
        assertEq(datanets.isUsageAllowed(free, trainer), approved);
    }

    function testFuzz_contribute_recordsAndRefusesDuplicates(bytes32 hash, string calldata uri) public {
        vm.assume(hash != bytes32(0));
        uint256 balanceBefore = open.balanceOf(contributor);
        vm.prank(contributor);
        uint256 id = datanets.contribute(bonded, hash, uri);
        assertEq(id, (bonded << 32) | 1);
        assertEq(datanets.contributionIdOf(bonded, hash), id);
        assertEq(open.balanceOf(contributor), balanceBefore - 1e18);
        assertEq(open.balanceOf(address(datanets)), 1e18);
        vm.prank(contributor);
        vm.expectRevert(
            abi.encodeWithSelector(IDatanetRegistry.DatanetDuplicateContribution.selector, bonded, hash, id)
        );
        datanets.contribute(bonded, hash, uri);
    }

    function testFuzz_review_routesTheBond(bool accept, uint8 policySeed) public {
        IDatanetRegistry.RejectedBondPolicy policy = IDatanetRegistry.RejectedBondPolicy(bound(policySeed, 0, 2));
        vm.prank(owner);
        datanets.updateDatanet(bonded, _config(1e18, policy));
        uint256 id = _contribute(bonded, 1);
        vm.prank(curator);
        datanets.review(id, accept);
        address expected =
            accept || policy == IDatanetRegistry.RejectedBondPolicy.RefundContributor
                ? contributor
                : policy == IDatanetRegistry.RejectedBondPolicy.ToDatanetOwner
                    ? owner
                    : treasury;
        assertEq(datanets.withdrawableBonds(expected), 1e18);
        assertEq(datanets.contribution(id).bond, 0);
    }

    function testFuzz_reviewBatch_countsMatchDecisions(uint256 seed, uint8 countSeed) public {
        uint256 count = bound(countSeed, 1, 20);
        uint256[] memory ids = new uint256[](count);
        bool[] memory accepts = new bool[](count);
        uint256 accepted;
        for (uint256 i; i < count; ++i) {
            ids[i] = _contribute(bonded, i);
            accepts[i] = (seed >> i) & 1 == 1;
            if (accepts[i]) ++accepted;
        }
        vm.prank(curator);
        datanets.reviewBatch(ids, accepts);
        IDatanetRegistry.DatanetCounts memory counts = datanets.datanetCounts(bonded);
        assertEq(counts.accepted, accepted);
        assertEq(counts.pending, 0);
        assertEq(datanets.withdrawableBonds(contributor), accepted * 1e18);
        assertEq(datanets.withdrawableBonds(treasury), (count - accepted) * 1e18);
    }

    /// Decision 0263: the contributor of a pending contribution gets exactly its bond back once the review timeout
    /// after submission is over, and is refused (with the time) before; nothing else moves.
    function testFuzz_withdrawContribution_afterTheReviewTimeoutOnly(uint256 wait, uint32 timeoutSeed) public {
        uint32 timeout = uint32(bound(timeoutSeed, 1 days, 60 days));
        vm.prank(admin);
        datanets.setReviewTimeout(timeout);
        wait = bound(wait, 0, 90 days);
        bytes32 hash = keccak256("pending");
        vm.prank(contributor);
        uint256 id = datanets.contribute(bonded, hash, "ipfs://p");
        uint256 submittedAt = block.timestamp;
        uint256 held = open.balanceOf(address(datanets));
        vm.warp(submittedAt + wait);
        vm.prank(contributor);
        if (wait < timeout) {
            vm.expectRevert(
                abi.encodeWithSelector(IDatanetRegistry.DatanetReviewTimeoutNotOver.selector, id, submittedAt + timeout)
            );
            datanets.withdrawContribution(id);
            assertEq(uint256(datanets.contribution(id).status), uint256(IDatanetRegistry.ContributionStatus.Pending));
            return;
        }
        assertEq(datanets.withdrawContribution(id), 1e18, "the whole bond");
        assertEq(datanets.withdrawableBonds(contributor), 1e18);
        assertEq(datanets.contributionIdOf(bonded, hash), 0, "hash freed");
        assertEq(datanets.datanetCounts(bonded).pending, 0);
        assertEq(open.balanceOf(address(datanets)), held, "credited, not yet paid");
    }

    function testFuzz_withdrawBonds_paysExactlyTheBalance(uint8 countSeed) public {
        uint256 count = bound(countSeed, 1, 10);
        for (uint256 i; i < count; ++i) {
            uint256 id = _contribute(bonded, i);
            vm.prank(curator);
            datanets.review(id, true);
        }
        uint256 before = open.balanceOf(contributor);
        vm.prank(contributor);
        assertEq(datanets.withdrawBonds(), count * 1e18);
        assertEq(open.balanceOf(contributor), before + count * 1e18);
        assertEq(open.balanceOf(address(datanets)), 0);
        vm.prank(contributor);
        vm.expectRevert(abi.encodeWithSelector(IDatanetRegistry.DatanetNothingToWithdraw.selector, contributor));
        datanets.withdrawBonds();
    }

    function testFuzz_withdrawBondsFor_paysTheAccountNotTheCaller(address caller) public {
        vm.assume(caller != treasury && caller != address(datanets));
        uint256 id = _contribute(bonded, 1);
        vm.prank(curator);
        datanets.review(id, false);
        uint256 callerBefore = open.balanceOf(caller);
        vm.prank(caller);
        datanets.withdrawBondsFor(treasury);
        assertEq(open.balanceOf(treasury), 1e18);
        assertEq(open.balanceOf(caller), callerBefore);
    }

    function testFuzz_publishVersion_countWithinAccepted(uint32 count, bytes32 root) public {
        vm.assume(root != bytes32(0));
        for (uint256 i; i < 3; ++i) {
            uint256 id = _contribute(free, i);
            vm.prank(curator);
            datanets.review(id, true);
        }
        vm.prank(curator);
        if (count == 0 || count > 3) {
            vm.expectRevert(
                abi.encodeWithSelector(IDatanetRegistry.DatanetInvalidVersionCount.selector, free, count, 3)
            );
            datanets.publishVersion(free, root, count, "v");
        } else {
            assertEq(datanets.publishVersion(free, root, count, "v"), 1);
            assertTrue(datanets.versionExists(free, 1));
            assertEq(datanets.version(free, 1).count, count);
        }
    }

    function testFuzz_setTreasury_onlyAdmin(address caller, address newTreasury) public {
        vm.assume(newTreasury != address(0));
        vm.prank(caller);
        if (caller != admin) {
            vm.expectRevert(
                abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, caller, bytes32(0))
            );
        }
        datanets.setTreasury(newTreasury);
        if (caller == admin) assertEq(datanets.treasury(), newTreasury);
    }

    function _contribute(uint256 datanetId, uint256 n) internal returns (uint256 id) {
        vm.prank(contributor);
        id = datanets.contribute(datanetId, keccak256(abi.encode("content", n)), "ipfs://c");
    }
}
