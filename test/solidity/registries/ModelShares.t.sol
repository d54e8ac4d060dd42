// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDatanetRegistry} from "../../../contracts/interfaces/IDatanetRegistry.sol";
import {IModelShares} from "../../../contracts/interfaces/IModelShares.sol";
import {ModelShares} from "../../../contracts/token/ModelShares.sol";
import {Test} from "../utils/Test.sol";
import {RegistriesDeployer} from "./RegistriesBase.sol";

/// @title ModelShares fuzz tests: sync, claim, claimFor and transfers
contract ModelSharesFuzzTest is Test, RegistriesDeployer {
    uint256 internal constant SUPPLY = 1_000_000e18;
    address internal owner = makeAddr("modelOwner");
    address internal alice = makeAddr("alice");
    address internal payer = makeAddr("payer");
    ModelShares internal shares;

    function setUp() public {
        _deployRegistries();
        uint256 datanetId = _datanetWithVersion(makeAddr("dataOwner"), IDatanetRegistry.UsagePolicy.Open);
        vm.startPrank(owner);
        uint256 modelId = models.registerModel(_registration(makeAddr("operator"), datanetId));
        shares = ModelShares(models.tokenize(modelId, "Shares", "SHR"));
        vm.stopPrank();
        _fund(payer, 1e26);
        vm.prank(payer);
        open.approve(address(payments), type(uint256).max);
    }

    function testFuzz_sync_distributesEverythingThatArrived(uint96 viaPayments, uint96 direct) public {
        viaPayments = uint96(bound(viaPayments, 0, 1e25));
        direct = uint96(bound(direct, 0, 1e25));
        _revenue(viaPayments, direct);
        uint256 distributed = shares.sync();
        assertEq(distributed, uint256(viaPayments) + direct);
        assertEq(shares.claimable(owner), distributed);
        assertEq(shares.undistributedRevenue(), 0);
        assertEq(shares.reservedRevenue(), distributed);
    }

    function testFuzz_transfer_splitsLaterRevenueProRata(uint256 amount, uint96 before, uint96 afterwards) public {
        amount = bound(amount, 0, SUPPLY);
        before = uint96(bound(before, 0, 1e25));
        afterwards = uint96(bound(afterwards, 0, 1e25));
        _revenue(before, 0);
        shares.sync();
        vm.prank(owner);
        shares.transfer(alice, amount);
        _revenue(0, afterwards);
        shares.sync();
        uint256 aliceExpected = (uint256(afterwards) * amount) / SUPPLY;
        assertEq(shares.claimable(alice), aliceExpected);
        uint256 ownerClaim = shares.claimable(owner);
        uint256 total = uint256(before) + afterwards;
        assertLe(ownerClaim + aliceExpected, total, "never more than received");
        assertLe(total - ownerClaim - aliceExpected, 2, "dust of at most one unit per holder");
    }

    function testFuzz_claim_paysTheClaimable(uint96 revenue) public {
        revenue = uint96(bound(revenue, 1, 1e25));
        _revenue(revenue, 0);
        shares.sync();
        vm.prank(owner);
        assertEq(shares.claim(), revenue);
        assertEq(open.balanceOf(owner), revenue);
        assertEq(shares.claimable(owner), 0);
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IModelShares.ModelSharesNothingToClaim.selector, owner));
        shares.claim();
    }

    function testFuzz_claimFor_paysOnlyTheAccount(address caller, uint96 revenue) public {
        vm.assume(caller != owner && caller != address(shares));
        revenue = uint96(bound(revenue, 1, 1e25));
        _revenue(0, revenue);
        shares.sync();
        uint256 callerBefore = open.balanceOf(caller);
        vm.prank(caller);
        shares.claimFor(owner);
        assertEq(open.balanceOf(owner), revenue);
        assertEq(open.balanceOf(caller), callerBefore);
    }

    function _revenue(uint256 viaPayments, uint256 direct) internal {
        vm.startPrank(payer);
        if (viaPayments != 0) payments.accrue(1, viaPayments);
        if (direct != 0) open.transfer(address(shares), direct);
        vm.stopPrank();
    }
}
