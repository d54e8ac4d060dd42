// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

import {AgentRegistry} from "../../../contracts/AgentRegistry.sol";
import {InferencePayments} from "../../../contracts/InferencePayments.sol";
import {IAgentRegistry} from "../../../contracts/interfaces/IAgentRegistry.sol";
import {IInferencePayments} from "../../../contracts/interfaces/IInferencePayments.sol";
import {IModelRegistry} from "../../../contracts/interfaces/IModelRegistry.sol";
import {DatanetRegistry} from "../../../contracts/DatanetRegistry.sol";
import {ModelRegistry} from "../../../contracts/ModelRegistry.sol";
import {IDatanetRegistry} from "../../../contracts/interfaces/IDatanetRegistry.sol";
import {ModelShares} from "../../../contracts/token/ModelShares.sol";
import {PaymentsStakingStandIn} from "../../../contracts/mocks/PaymentsStakingStandIn.sol";
import {OpenToken} from "../../../contracts/token/OpenToken.sol";
import {TestBase} from "../utils/TestBase.sol";

/// @title PaymentsDeployment
/// @notice Deploys and wires the payments system for Solidity tests: OPEN, the real DatanetRegistry and ModelRegistry,
/// AgentRegistry and InferencePayments behind UUPS proxies, and a staking stand-in. `_deployModelRegistry` and
/// `_setModel` are the one place that knows how models are registered.
abstract contract PaymentsDeployment is TestBase {
    uint64 internal constant EPOCH_LENGTH = 1 days;
    uint256 internal constant MODEL_COUNT = 3;

    OpenToken internal open;
    ModelRegistry internal models;
    AgentRegistry internal agents;
    InferencePayments internal payments;
    PaymentsStakingStandIn internal staking;

    address internal admin;
    address internal guardian;
    address internal treasury;
    address internal distributor;
    address internal modelOwner;
    address internal operator;

    function _deployPayments() internal {
        admin = makeAddr("admin");
        guardian = makeAddr("guardian");
        treasury = makeAddr("treasury");
        distributor = makeAddr("distributor");
        modelOwner = makeAddr("modelOwner");
        operator = makeAddr("operator");
        vm.warp(1_800_000_000);

        open = new OpenToken(address(this));
        models = _deployModelRegistry();
        agents = AgentRegistry(
            address(
                new ERC1967Proxy(
                    address(new AgentRegistry(IERC20(address(open)))),
                    abi.encodeCall(AgentRegistry.initialize, (admin))
                )
            )
        );
        payments = InferencePayments(
            address(
                new ERC1967Proxy(
                    address(
                        new InferencePayments(
                            IERC20(address(open)),
                            IModelRegistry(address(models)),
                            IAgentRegistry(address(agents))
                        )
                    ),
                    abi.encodeCall(InferencePayments.initialize, (admin, uint64(block.timestamp), EPOCH_LENGTH))
                )
            )
        );
        staking = new PaymentsStakingStandIn(IERC20(address(open)));

        vm.startPrank(admin);
        payments.grantRole(payments.GUARDIAN_ROLE(), guardian);
        payments.grantRole(payments.REWARD_DISTRIBUTOR_ROLE(), distributor);
        payments.setTreasury(treasury);
        payments.setStakingContract(address(staking));
        agents.grantRole(agents.PAYMENTS_ROLE(), address(payments));
        models.setInferencePayments(address(payments));
        // Down to 0% so that the suites also cover a model whose contributors get nothing.
        models.setMinContributorShareBps(0);
        vm.stopPrank();

        // Models 1..MODEL_COUNT, with different prices and contributor shares (one at 0%, one at 100%).
        _setModel(1, operator, 1e15, 3_000, IModelRegistry.ModelStatus.Active);
        _setModel(2, operator, 7, 0, IModelRegistry.ModelStatus.Active);
        _setModel(3, operator, 123_456_789, 10_000, IModelRegistry.ModelStatus.Active);
    }

    /// @dev ModelRegistry (and the DatanetRegistry it checks) behind UUPS proxies, with version 1 of one Datanet
    /// owned by `modelOwner` for every model to train on.
    function _deployModelRegistry() internal returns (ModelRegistry registry) {
        DatanetRegistry datanets = DatanetRegistry(
            address(
                new ERC1967Proxy(
                    address(new DatanetRegistry()),
                    abi.encodeCall(DatanetRegistry.initialize, (admin, IERC20(address(open)), treasury))
                )
            )
        );
        registry = ModelRegistry(
            address(
                new ERC1967Proxy(
                    address(new ModelRegistry()),
                    abi.encodeCall(
                        ModelRegistry.initialize,
                        (admin, datanets, address(new ModelShares()), address(open))
                    )
                )
            )
        );
        vm.startPrank(modelOwner);
        uint256 datanetId = datanets.createDatanet(
            IDatanetRegistry.DatanetConfig({
                metadataURI: "ipfs://datanet",
                licenseURI: "https://spdx.org/licenses/CC-BY-4.0",
                contributionPolicy: IDatanetRegistry.ContributionPolicy.Open,
                usagePolicy: IDatanetRegistry.UsagePolicy.Open,
                rejectedBondPolicy: IDatanetRegistry.RejectedBondPolicy.RefundContributor,
                contributionBond: 0
            })
        );
        uint256[] memory ids = new uint256[](1);
        ids[0] = datanets.contribute(datanetId, keccak256("payments-1"), "ipfs://c1");
        bool[] memory accepts = new bool[](1);
        accepts[0] = true;
        datanets.reviewBatch(ids, accepts);
        datanets.publishVersion(datanetId, keccak256("root"), 1, "ipfs://v1");
        vm.stopPrank();
    }

    /// @dev Registers models (owned by `modelOwner`) up to `modelId`, then sets its terms as its owner.
    function _setModel(
        uint256 modelId,
        address operator_,
        uint96 price,
        uint16 shareBps,
        IModelRegistry.ModelStatus status
    ) internal {
        vm.startPrank(modelOwner);
        while (models.modelCount() < modelId) {
            IModelRegistry.DatanetVersion[] memory trainedOn = new IModelRegistry.DatanetVersion[](1);
            trainedOn[0] = IModelRegistry.DatanetVersion({datanetId: 1, version: 1});
            models.registerModel(
                IModelRegistry.ModelRegistration({
                    metadataURI: "ipfs://model",
                    weightsHash: keccak256("weights"),
                    trainedOn: trainedOn,
                    baseModelId: 0,
                    operator: operator_,
                    pricePerUnit: price,
                    contributorShareBps: shareBps
                })
            );
        }
        models.setOperator(modelId, operator_);
        models.setPrice(modelId, price);
        models.setContributorShare(modelId, shareBps);
        if (models.paymentTerms(modelId).status != status) models.setStatus(modelId, status);
        vm.stopPrank();
    }

    /// @dev Gives `account` OPEN and approves both payment contracts.
    function _fund(address account, uint256 amount) internal {
        open.transfer(account, amount);
        vm.startPrank(account);
        open.approve(address(payments), type(uint256).max);
        open.approve(address(agents), type(uint256).max);
        vm.stopPrank();
    }

    /// @dev A voucher signed with `key` (EIP-2098 compact form).
    function _voucher(
        uint256 key,
        uint256 modelId,
        uint128 cumulativeAmount
    ) internal view returns (IInferencePayments.Voucher memory voucher) {
        address payer = vm.addr(key);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, payments.voucherDigest(payer, modelId, cumulativeAmount));
        bytes32 vs = bytes32(uint256(s) | (uint256(v - 27) << 255));
        voucher = IInferencePayments.Voucher({payer: payer, cumulativeAmount: cumulativeAmount, r: r, vs: vs});
    }
}
