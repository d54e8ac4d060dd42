// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAgentRegistry} from "../../../contracts/interfaces/IAgentRegistry.sol";
import {Test} from "../utils/Test.sol";
import {PaymentsDeployment} from "./PaymentsBase.sol";

/// @notice Fuzz tests of every state-changing entry point of AgentRegistry.
contract AgentRegistryFuzzTest is Test, PaymentsDeployment {
    address private _owner;
    address private _agentOperator;
    address private _sponsor;

    function setUp() public {
        _deployPayments();
        _owner = makeAddr("agentOwner");
        _agentOperator = makeAddr("agentOperator");
        _sponsor = makeAddr("sponsor");
        _fund(_sponsor, 1e26);
    }

    function _register(uint256[] memory modelIds) private returns (uint256 agentId) {
        vm.prank(_owner);
        agentId = agents.register(_agentOperator, "ipfs://agent", modelIds);
    }

    function testFuzz_register_allowsExactlyTheGivenModels(
        uint256[16] memory fuzzed,
        uint256 count,
        uint256 probe
    ) public {
        uint256[] memory modelIds = new uint256[](bound(count, 0, 16));
        for (uint256 i; i < modelIds.length; ++i) modelIds[i] = fuzzed[i];
        uint256 agentId = _register(modelIds);
        assertEq(agents.ownerOf(agentId), _owner);
        bool listed;
        for (uint256 i; i < modelIds.length; ++i) {
            assertTrue(agents.isModelAllowed(agentId, modelIds[i]));
            if (modelIds[i] == probe) listed = true;
        }
        assertEq(agents.isModelAllowed(agentId, probe), listed);
    }

    function testFuzz_setModelsAllowed_togglesEach(uint256 modelId, bool allowed) public {
        uint256 agentId = _register(new uint256[](0));
        uint256[] memory ids = new uint256[](1);
        ids[0] = modelId;
        vm.prank(_owner);
        agents.setModelsAllowed(agentId, ids, allowed);
        assertEq(agents.isModelAllowed(agentId, modelId), allowed);
    }

    function testFuzz_fundAndWithdraw_keepTheRegistryBalanceEqualToTheBudget(uint256 funded, uint256 withdrawn) public {
        funded = bound(funded, 1, 1e26);
        withdrawn = bound(withdrawn, 1, funded);
        uint256 agentId = _register(new uint256[](0));
        vm.prank(_sponsor);
        agents.fund(agentId, funded);
        vm.prank(_owner);
        agents.withdrawBudget(agentId, withdrawn, _owner);
        (, uint256 budget) = agents.agent(agentId);
        assertEq(budget, funded - withdrawn);
        assertEq(open.balanceOf(address(agents)), budget);
        assertEq(open.balanceOf(_owner), withdrawn);
    }

    function testFuzz_withdrawBudget_revertsAboveTheBudget(uint256 funded, uint256 withdrawn) public {
        funded = bound(funded, 1, 1e26);
        withdrawn = bound(withdrawn, funded + 1, type(uint256).max);
        uint256 agentId = _register(new uint256[](0));
        vm.prank(_sponsor);
        agents.fund(agentId, funded);
        vm.expectRevert(
            abi.encodeWithSelector(IAgentRegistry.AgentRegistryInsufficientBudget.selector, agentId, funded, withdrawn)
        );
        vm.prank(_owner);
        agents.withdrawBudget(agentId, withdrawn, _owner);
    }

    function testFuzz_spend_onlyByThePaymentsRoleForTheOperator(
        bool asPayments,
        address caller,
        address claimedOperator
    ) public {
        if (asPayments) caller = address(payments);
        uint256[] memory ids = new uint256[](1);
        ids[0] = 1;
        uint256 agentId = _register(ids);
        vm.prank(_sponsor);
        agents.fund(agentId, 1e18);
        vm.prank(caller);
        if (caller != address(payments)) {
            vm.expectRevert();
            agents.spend(agentId, _agentOperator, 1, 1);
            return;
        }
        if (claimedOperator != _agentOperator) {
            vm.expectRevert(
                abi.encodeWithSelector(IAgentRegistry.AgentRegistryNotOperator.selector, agentId, claimedOperator)
            );
        }
        agents.spend(agentId, claimedOperator, 1, 1);
    }

    function testFuzz_setOperatorAndMetadata_onlyByTheOwner(address caller, address newOperator) public {
        vm.assume(newOperator != address(0));
        uint256 agentId = _register(new uint256[](0));
        if (caller != _owner) {
            vm.expectRevert(
                abi.encodeWithSelector(IAgentRegistry.AgentRegistryNotAgentOwner.selector, agentId, caller)
            );
        }
        vm.prank(caller);
        agents.setOperator(agentId, newOperator);
        if (caller != _owner) {
            vm.expectRevert(
                abi.encodeWithSelector(IAgentRegistry.AgentRegistryNotAgentOwner.selector, agentId, caller)
            );
        }
        vm.prank(caller);
        agents.setMetadataURI(agentId, "ipfs://new");
        (address current, ) = agents.agent(agentId);
        assertEq(current, caller == _owner ? newOperator : _agentOperator);
    }
}
