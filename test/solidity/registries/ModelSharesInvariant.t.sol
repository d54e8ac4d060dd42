// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDatanetRegistry} from "../../../contracts/interfaces/IDatanetRegistry.sol";
import {ModelShares} from "../../../contracts/token/ModelShares.sol";
import {Test} from "../utils/Test.sol";
import {RegistriesDeployer} from "./RegistriesBase.sol";
import {ModelSharesHandler} from "./handlers/ModelSharesHandler.sol";

/// @title ModelShares invariants
/// @notice After any sequence of transfers, revenue (through payments or sent directly), syncs and claims:
/// (a) the supply is constant and held by the actors only;
/// (b) conservation: the token holds exactly what arrived minus what was claimed;
/// (c) distribution: `totalDistributed + undistributedRevenue == arrived`, and holders' claimable plus claimed never
///     exceed what was distributed, short of it by at most one unit per balance settlement (the bounded dust);
/// (d) per holder: claimable + claimed equals its exact pro-rata entitlement (from the ghost), rounded down by at
///     most one unit per settlement of that holder;
/// (e) solvency: the token holds at least what it owes.
/// @dev Running this file alone needs the handler and base too:
/// `hardhat test solidity test/solidity/registries/ModelSharesInvariant.t.sol
/// test/solidity/registries/handlers/ModelSharesHandler.sol test/solidity/registries/RegistriesBase.sol`.
contract ModelSharesInvariantTest is Test, RegistriesDeployer {
    uint256 internal constant SUPPLY = 1_000_000e18;
    ModelShares internal shares;
    ModelSharesHandler internal handler;

    function setUp() public {
        _deployRegistries();
        address[] memory actors = new address[](4);
        actors[0] = makeAddr("holder0");
        actors[1] = makeAddr("holder1");
        actors[2] = makeAddr("holder2");
        actors[3] = makeAddr("holder3");
        uint256 datanetId = _datanetWithVersion(makeAddr("dataOwner"), IDatanetRegistry.UsagePolicy.Open);
        vm.startPrank(actors[0]);
        uint256 modelId = models.registerModel(_registration(makeAddr("operator"), datanetId));
        shares = ModelShares(models.tokenize(modelId, "Shares", "SHR"));
        vm.stopPrank();
        handler = new ModelSharesHandler(shares, open, payments, actors);
        _fund(address(handler), 1e26);

        bytes4[] memory selectors = new bytes4[](7);
        selectors[0] = ModelSharesHandler.transfer.selector;
        selectors[1] = ModelSharesHandler.transferFrom.selector;
        selectors[2] = ModelSharesHandler.accrueRevenue.selector;
        selectors[3] = ModelSharesHandler.sendRevenueDirectly.selector;
        selectors[4] = ModelSharesHandler.sync.selector;
        selectors[5] = ModelSharesHandler.claim.selector;
        selectors[6] = ModelSharesHandler.claimFor.selector;
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// (a)
    function invariant_supplyIsConstantAndHeldByActors() public view {
        assertEq(shares.totalSupply(), SUPPLY, "supply constant");
        address[] memory actors = handler.actors();
        uint256 sum;
        for (uint256 i; i < actors.length; ++i) sum += shares.balanceOf(actors[i]);
        assertEq(sum, SUPPLY, "actors hold the supply");
    }

    /// (b)
    function invariant_assetIsConserved() public view {
        assertEq(
            open.balanceOf(address(shares)),
            handler.ghost_arrived() - handler.ghost_claimedTotal(),
            "held == arrived - claimed"
        );
    }

    /// (c)
    function invariant_claimsPlusClaimableMatchDistributedUpToBoundedDust() public view {
        assertEq(
            shares.totalDistributed() + shares.undistributedRevenue(),
            handler.ghost_arrived(),
            "distributed + undistributed == arrived"
        );
        address[] memory actors = handler.actors();
        uint256 owed;
        for (uint256 i; i < actors.length; ++i) owed += shares.claimable(actors[i]);
        uint256 paidOrOwed = owed + handler.ghost_claimedTotal();
        assertLe(paidOrOwed, shares.totalDistributed(), "claimable + claimed <= distributed");
        assertLe(
            shares.totalDistributed() - paidOrOwed,
            handler.ghost_settlementsTotal() + actors.length,
            "dust <= one unit per settlement"
        );
        assertEq(shares.reservedRevenue(), shares.totalDistributed() - handler.ghost_claimedTotal(), "reserved");
    }

    /// (d)
    function invariant_eachHolderGetsItsProRataShare() public view {
        address[] memory actors = handler.actors();
        for (uint256 i; i < actors.length; ++i) {
            address actor = actors[i];
            uint256 entitled = handler.ghost_entitlementNumerator(actor) / SUPPLY;
            uint256 got = shares.claimable(actor) + handler.ghost_claimed(actor);
            assertLe(got, entitled, "never more than the exact share");
            assertLe(entitled - got, handler.ghost_settlements(actor) + 1, "short by at most one unit per settlement");
        }
    }

    /// (e)
    function invariant_solvent() public view {
        assertGe(open.balanceOf(address(shares)), shares.reservedRevenue(), "holds what it owes");
    }
}
