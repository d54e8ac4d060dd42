// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDatanetRegistry} from "../../../contracts/interfaces/IDatanetRegistry.sol";
import {Test} from "../utils/Test.sol";
import {RegistriesDeployer} from "./RegistriesBase.sol";
import {DatanetRegistryHandler} from "./handlers/DatanetRegistryHandler.sol";

/// @title DatanetRegistry invariants
/// @notice After any sequence of contributions, single and batch reviews, bond and policy changes, Datanet
/// transfers and withdrawals:
/// (a) the asset held equals the bonds of pending contributions plus every withdrawable balance;
/// (b) the pending bonds read from the contract equal the handler's ghost;
/// (c) every account's withdrawable balance equals what the ghost credited it minus what it withdrew;
/// (d) per Datanet, pending + reviewed == submitted, and accepted <= submitted.
/// @dev Running this file alone needs the handler and base too:
/// `hardhat test solidity test/solidity/registries/DatanetRegistryInvariant.t.sol
/// test/solidity/registries/handlers/DatanetRegistryHandler.sol test/solidity/registries/RegistriesBase.sol`.
contract DatanetRegistryInvariantTest is Test, RegistriesDeployer {
    DatanetRegistryHandler internal handler;

    function setUp() public {
        _deployRegistries();
        address curator = makeAddr("curator");
        address[] memory contributors = new address[](3);
        contributors[0] = makeAddr("contributor0");
        contributors[1] = makeAddr("contributor1");
        contributors[2] = makeAddr("contributor2");
        address[] memory owners = new address[](2);
        owners[0] = makeAddr("owner0");
        owners[1] = makeAddr("owner1");
        uint256[] memory ids = new uint256[](3);
        for (uint256 i; i < 3; ++i) {
            vm.startPrank(owners[i % 2]);
            ids[i] = datanets.createDatanet(_config(uint80((i + 1) * 1e18), IDatanetRegistry.RejectedBondPolicy(i)));
            datanets.setCurator(ids[i], curator, true);
            vm.stopPrank();
        }
        for (uint256 i; i < contributors.length; ++i) {
            _fund(contributors[i], 1e26);
            vm.prank(contributors[i]);
            open.approve(address(datanets), type(uint256).max);
        }
        handler = new DatanetRegistryHandler(datanets, open, curator, treasury, contributors, owners, ids);

        bytes4[] memory selectors = new bytes4[](6);
        selectors[0] = DatanetRegistryHandler.contribute.selector;
        selectors[1] = DatanetRegistryHandler.review.selector;
        selectors[2] = DatanetRegistryHandler.reviewBatch.selector;
        selectors[3] = DatanetRegistryHandler.updateDatanet.selector;
        selectors[4] = DatanetRegistryHandler.transferDatanet.selector;
        selectors[5] = DatanetRegistryHandler.withdrawBonds.selector;
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// (a)
    function invariant_assetHeldEqualsPendingBondsPlusWithdrawable() public view {
        address[] memory accounts = handler.accounts();
        uint256 withdrawable;
        for (uint256 i; i < accounts.length; ++i) withdrawable += datanets.withdrawableBonds(accounts[i]);
        assertEq(open.balanceOf(address(datanets)), handler.ghost_pendingBonds() + withdrawable, "held == owed");
        assertEq(
            open.balanceOf(address(datanets)),
            handler.ghost_bondsIn() - handler.ghost_withdrawnTotal(),
            "held == in - out"
        );
    }

    /// (b)
    function invariant_pendingBondsMatchTheContract() public view {
        uint256[] memory ids = handler.contributionIds();
        uint256 pending;
        for (uint256 i; i < ids.length; ++i) {
            IDatanetRegistry.Contribution memory c = datanets.contribution(ids[i]);
            if (c.status == IDatanetRegistry.ContributionStatus.Pending) pending += c.bond;
            else assertEq(c.bond, 0, "reviewed contributions hold no bond");
        }
        assertEq(pending, handler.ghost_pendingBonds(), "pending bonds");
    }

    /// (c)
    function invariant_withdrawableMatchesGhostCredits() public view {
        address[] memory accounts = handler.accounts();
        for (uint256 i; i < accounts.length; ++i) {
            address a = accounts[i];
            assertEq(
                datanets.withdrawableBonds(a),
                handler.ghost_credited(a) - handler.ghost_withdrawn(a),
                "withdrawable == credited - withdrawn"
            );
        }
    }

    /// (d)
    function invariant_countsAreConsistent() public view {
        uint256[] memory ids = handler.datanetIds();
        uint256[] memory all = handler.contributionIds();
        for (uint256 d; d < ids.length; ++d) {
            IDatanetRegistry.DatanetCounts memory counts = datanets.datanetCounts(ids[d]);
            uint256 submitted;
            uint256 pending;
            uint256 accepted;
            for (uint256 i; i < all.length; ++i) {
                if (all[i] >> 32 != ids[d]) continue;
                ++submitted;
                IDatanetRegistry.ContributionStatus s = datanets.contribution(all[i]).status;
                if (s == IDatanetRegistry.ContributionStatus.Pending) ++pending;
                if (s == IDatanetRegistry.ContributionStatus.Accepted) ++accepted;
            }
            assertEq(counts.contributions, submitted, "submitted");
            assertEq(counts.pending, pending, "pending");
            assertEq(counts.accepted, accepted, "accepted");
        }
    }
}
