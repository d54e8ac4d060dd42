// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {IProtocolUpgradeable} from "../../../contracts/interfaces/IProtocolUpgradeable.sol";
import {IDatanetRegistry} from "../../../contracts/interfaces/IDatanetRegistry.sol";
import {IModelRegistry} from "../../../contracts/interfaces/IModelRegistry.sol";
import {IOpenStaking} from "../../../contracts/interfaces/IOpenStaking.sol";
import {MockOpenStaking} from "../../../contracts/mocks/MockOpenStaking.sol";
import {ModelRegistry} from "../../../contracts/ModelRegistry.sol";
import {ModelShares} from "../../../contracts/token/ModelShares.sol";
import {Test} from "../utils/Test.sol";
import {RegistriesDeployer} from "./RegistriesBase.sol";

/// @title ModelRegistry fuzz tests: one per state-changing entry point
contract ModelRegistryFuzzTest is Test, RegistriesDeployer {
    address internal dataOwner = makeAddr("dataOwner");
    address internal trainer = makeAddr("trainer");
    address internal operator = makeAddr("operator");
    uint256 internal openDatanet;
    uint256 internal gatedDatanet;
    uint256 internal modelId;

    function setUp() public {
        _deployRegistries();
        openDatanet = _datanetWithVersion(dataOwner, IDatanetRegistry.UsagePolicy.Open);
        gatedDatanet = _datanetWithVersion(dataOwner, IDatanetRegistry.UsagePolicy.ApprovalRequired);
        vm.prank(trainer);
        modelId = models.registerModel(_registration(operator, openDatanet));
    }

    function testFuzz_registerModel_storesTermsAndChecksUsage(
        address caller,
        address op,
        uint96 price,
        uint16 share,
        bool useGated,
        bool approved
    ) public {
        vm.assume(caller != address(0) && caller.code.length == 0 && op != address(0));
        share = uint16(bound(share, 1000, 10_000));
        if (approved) {
            vm.prank(dataOwner);
            datanets.setTrainerApproval(gatedDatanet, caller, true);
        }
        IModelRegistry.ModelRegistration memory reg = _registration(op, useGated ? gatedDatanet : openDatanet);
        reg.pricePerUnit = price;
        reg.contributorShareBps = share;
        reg.baseModelId = modelId;
        vm.prank(caller);
        if (useGated && !approved) {
            vm.expectRevert(
                abi.encodeWithSelector(IModelRegistry.ModelDatanetUsageNotAllowed.selector, gatedDatanet, caller)
            );
            models.registerModel(reg);
            return;
        }
        uint256 id = models.registerModel(reg);
        IModelRegistry.PaymentTerms memory terms = models.paymentTerms(id);
        assertEq(terms.operator, op);
        assertEq(terms.pricePerUnit, price);
        assertEq(terms.contributorShareBps, share);
        assertEq(uint256(terms.status), uint256(IModelRegistry.ModelStatus.Active));
        assertEq(models.baseModel(id), modelId);
        assertEq(models.revenueRecipient(id), caller);
    }

    /// @dev `paymentTerms` is on every payment's path: through the proxy from another contract it costs two cold
    /// accounts (proxy, implementation), two cold slots of the model and the implementation-slot read.
    /// Measured: 13,304 gas, of which 11,500 are the cold accesses (2 x 2,600 accounts, 3 x 2,100 slots).
    function test_paymentTerms_gas() public view {
        ModelRegistry registry = models;
        uint256 id = modelId;
        uint256 before = gasleft();
        IModelRegistry.PaymentTerms memory terms = registry.paymentTerms(id);
        uint256 used = before - gasleft();
        assertEq(terms.operator, operator);
        assertLe(used, 14_000, "paymentTerms gas");
    }

    function testFuzz_registerModel_refusesShareBelowMinimum(uint16 share) public {
        share = uint16(bound(share, 0, 999));
        IModelRegistry.ModelRegistration memory reg = _registration(operator, openDatanet);
        reg.contributorShareBps = share;
        vm.prank(trainer);
        vm.expectRevert(
            abi.encodeWithSelector(IModelRegistry.ModelInvalidContributorShare.selector, share, 1000, 10_000)
        );
        models.registerModel(reg);
    }

    function testFuzz_setPrice(address caller, uint96 price) public {
        vm.prank(caller);
        if (caller != trainer) {
            vm.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelNotOwner.selector, modelId, caller));
        }
        models.setPrice(modelId, price);
        if (caller == trainer) assertEq(models.paymentTerms(modelId).pricePerUnit, price);
    }

    function testFuzz_setOperator(address op) public {
        vm.prank(trainer);
        if (op == address(0)) vm.expectRevert(IProtocolUpgradeable.ProtocolZeroAddress.selector);
        models.setOperator(modelId, op);
        if (op != address(0)) assertEq(models.paymentTerms(modelId).operator, op);
    }

    function testFuzz_setOperator_checksStakingRoleWhenConfigured(uint8 roleSeed) public {
        MockOpenStaking staking = new MockOpenStaking();
        vm.prank(admin);
        models.setStaking(address(staking));
        IOpenStaking.OperatorRole role = IOpenStaking.OperatorRole(bound(roleSeed, 0, 2));
        staking.setOperatorRole(operator, role);
        vm.prank(trainer);
        if (role != IOpenStaking.OperatorRole.ComputeProvider) {
            vm.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelOperatorNotComputeProvider.selector, operator));
        }
        models.setOperator(modelId, operator);
    }

    function testFuzz_setMetadataURI(string calldata uri) public {
        vm.prank(trainer);
        if (bytes(uri).length == 0) vm.expectRevert(IModelRegistry.ModelInvalidMetadata.selector);
        models.setMetadataURI(modelId, uri);
        if (bytes(uri).length != 0) assertEq(models.tokenURI(modelId), uri);
    }

    function testFuzz_setContributorShare(uint16 share) public {
        uint16 before = models.paymentTerms(modelId).contributorShareBps;
        vm.prank(trainer);
        bool valid = share >= 1000 && share <= 10_000;
        if (!valid) {
            vm.expectRevert(
                abi.encodeWithSelector(IModelRegistry.ModelInvalidContributorShare.selector, share, 1000, 10_000)
            );
        }
        models.setContributorShare(modelId, share);
        if (!valid) return;
        // A decrease waits for the notice (the untokenized model's increase is immediate); then the share is in force.
        if (share < before) {
            assertEq(models.paymentTerms(modelId).contributorShareBps, before, "a decrease waits");
            (uint16 pending, uint64 effectiveAt) = models.pendingContributorShare(modelId);
            assertEq(pending, share);
            assertEq(effectiveAt, block.timestamp + models.contributorShareNotice());
            vm.warp(effectiveAt - 1);
            assertEq(models.paymentTerms(modelId).contributorShareBps, before, "not before the notice ends");
            vm.warp(effectiveAt);
        }
        assertEq(models.paymentTerms(modelId).contributorShareBps, share);
    }

    function testFuzz_setStatus_retiredIsFinal(uint8 first, uint8 second) public {
        IModelRegistry.ModelStatus a = IModelRegistry.ModelStatus(bound(first, 1, 3));
        IModelRegistry.ModelStatus b = IModelRegistry.ModelStatus(bound(second, 1, 3));
        vm.startPrank(trainer);
        models.setStatus(modelId, a);
        if (a == IModelRegistry.ModelStatus.Retired) {
            vm.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelIsRetired.selector, modelId));
        }
        models.setStatus(modelId, b);
        vm.stopPrank();
        assertEq(
            uint256(models.paymentTerms(modelId).status),
            uint256(a == IModelRegistry.ModelStatus.Retired ? a : b)
        );
    }

    function testFuzz_tokenize_mintsFixedSupplyToOwnerOnce(address newOwner) public {
        vm.assume(newOwner != address(0) && newOwner.code.length == 0);
        vm.prank(trainer);
        models.transferFrom(trainer, newOwner, modelId);
        vm.prank(newOwner);
        address shares = models.tokenize(modelId, "Shares", "SHR");
        assertEq(ModelShares(shares).balanceOf(newOwner), models.SHARES_SUPPLY());
        assertEq(ModelShares(shares).totalSupply(), 1_000_000e18);
        assertEq(models.revenueRecipient(modelId), shares);
        vm.prank(newOwner);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelAlreadyTokenized.selector, modelId, shares));
        models.tokenize(modelId, "Shares", "SHR");
    }

    function testFuzz_setMinContributorShareBps_bounded(uint16 minShare) public {
        vm.prank(admin);
        if (minShare > 5000) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IProtocolUpgradeable.ProtocolParameterOutOfBounds.selector,
                    bytes32("minContributorShareBps"),
                    minShare,
                    0,
                    5000
                )
            );
        }
        models.setMinContributorShareBps(minShare);
        if (minShare <= 5000) assertEq(models.minContributorShareBps(), minShare);
    }

    function testFuzz_setInferencePayments_onlyAdmin(address caller, address newPayments) public {
        vm.assume(newPayments != address(0));
        vm.prank(caller);
        if (caller != admin) {
            vm.expectRevert(
                abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, caller, bytes32(0))
            );
        }
        models.setInferencePayments(newPayments);
        if (caller == admin) assertEq(models.inferencePayments(), newPayments);
    }

    function testFuzz_setStaking_onlyAdmin(address caller, address staking) public {
        vm.prank(caller);
        if (caller != admin) {
            vm.expectRevert(
                abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, caller, bytes32(0))
            );
        }
        models.setStaking(staking);
        if (caller == admin) assertEq(models.staking(), staking);
    }
}
