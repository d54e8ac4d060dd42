// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

import {AgentRegistry} from "../../../contracts/AgentRegistry.sol";
import {InferencePayments} from "../../../contracts/InferencePayments.sol";
import {IAgentRegistry} from "../../../contracts/interfaces/IAgentRegistry.sol";
import {IInferencePayments} from "../../../contracts/interfaces/IInferencePayments.sol";
import {IModelRegistry} from "../../../contracts/interfaces/IModelRegistry.sol";
import {IOpenStaking} from "../../../contracts/interfaces/IOpenStaking.sol";
import {IWOPEN} from "../../../contracts/interfaces/IWOPEN.sol";
import {PaymentsModelRegistryStandIn} from "../../../contracts/mocks/PaymentsModelRegistryStandIn.sol";
import {PaymentsStakingStandIn} from "../../../contracts/mocks/PaymentsStakingStandIn.sol";
import {NativeGateway} from "../../../contracts/periphery/NativeGateway.sol";
import {WOPEN} from "../../../contracts/token/WOPEN.sol";
import {Test} from "../utils/Test.sol";

/// @notice Fuzz tests of every NativeGateway entry point, on the Orbit configuration (asset = WOPEN). After every
/// call the gateway holds neither native OPEN nor WOPEN.
contract NativeGatewayFuzzTest is Test {
    WOPEN private _wopen;
    InferencePayments private _payments;
    AgentRegistry private _agents;
    PaymentsStakingStandIn private _staking;
    NativeGateway private _gateway;
    address private _user;
    uint256 private constant _PRICE = 1e15;

    function setUp() public {
        vm.warp(1_800_000_000);
        address admin = makeAddr("admin");
        _user = makeAddr("user");
        vm.deal(_user, 1e30);
        _wopen = new WOPEN();
        PaymentsModelRegistryStandIn models = new PaymentsModelRegistryStandIn();
        models.setTerms(1, makeAddr("operator"), uint96(_PRICE), 3_000, IModelRegistry.ModelStatus.Active);
        _agents = AgentRegistry(
            address(
                new ERC1967Proxy(
                    address(new AgentRegistry(IERC20(address(_wopen)))),
                    abi.encodeCall(AgentRegistry.initialize, (admin))
                )
            )
        );
        _payments = InferencePayments(
            address(
                new ERC1967Proxy(
                    address(
                        new InferencePayments(
                            IERC20(address(_wopen)),
                            IModelRegistry(address(models)),
                            IAgentRegistry(address(_agents))
                        )
                    ),
                    abi.encodeCall(InferencePayments.initialize, (admin, uint64(block.timestamp), 1 days))
                )
            )
        );
        _staking = new PaymentsStakingStandIn(IERC20(address(_wopen)));
        _gateway = new NativeGateway(
            IWOPEN(address(_wopen)),
            IInferencePayments(address(_payments)),
            IAgentRegistry(address(_agents)),
            IOpenStaking(address(_staking))
        );
    }

    function _assertEmpty() private view {
        assertEq(address(_gateway).balance, 0, "no native left");
        assertEq(_wopen.balanceOf(address(_gateway)), 0, "no WOPEN left");
    }

    function testFuzz_pay_chargesThePriceAndRefundsTheRest(uint256 units, uint256 extra) public {
        units = bound(units, 1, 1e9);
        extra = bound(extra, 0, 1e24);
        uint256 amount = units * _PRICE;
        uint256 before = _user.balance;
        vm.prank(_user);
        assertEq(_gateway.pay{value: amount + extra}(1, units, bytes32(0)), amount);
        assertEq(_user.balance, before - amount, "refund of the excess");
        assertEq(_wopen.balanceOf(address(_payments)), amount);
        _assertEmpty();
    }

    function testFuzz_fundAgent_addsTheValueToTheBudget(uint256 value) public {
        value = bound(value, 1, 1e27);
        vm.prank(_user);
        uint256 agentId = _agents.register(_user, "", new uint256[](0));
        vm.prank(_user);
        _gateway.fundAgent{value: value}(agentId);
        (, uint256 budget) = _agents.agent(agentId);
        assertEq(budget, value);
        _assertEmpty();
    }

    function testFuzz_depositEscrow_creditsTheCaller(uint256 value) public {
        value = bound(value, 1, 1e27);
        vm.prank(_user);
        _gateway.depositEscrow{value: value}(1);
        (uint128 balance, , , ) = _payments.escrowAccount(_user, 1);
        assertEq(balance, value);
        _assertEmpty();
    }

    function testFuzz_stake_stakesForTheCaller(uint256 value) public {
        value = bound(value, 1, 1e27);
        vm.prank(_user);
        _gateway.stake{value: value}();
        assertEq(_staking.staked(_user), value);
        _assertEmpty();
    }
}
