// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {DatanetRegistry} from "../../../contracts/DatanetRegistry.sol";
import {ModelRegistry} from "../../../contracts/ModelRegistry.sol";
import {IDatanetRegistry} from "../../../contracts/interfaces/IDatanetRegistry.sol";
import {IModelRegistry} from "../../../contracts/interfaces/IModelRegistry.sol";
import {MockInferencePayments} from "../../../contracts/mocks/MockInferencePayments.sol";
import {ModelShares} from "../../../contracts/token/ModelShares.sol";
import {OpenToken} from "../../../contracts/token/OpenToken.sol";
import {TestBase} from "../utils/TestBase.sol";

/// @title RegistriesDeployer: the registries behind UUPS proxies, wired as a deployment wires them
/// @notice Shared by the registry fuzz tests, invariant suites and handlers. The deploying contract holds the whole
/// OPEN supply and hands it out with `_fund`.
abstract contract RegistriesDeployer is TestBase {
    OpenToken internal open;
    DatanetRegistry internal datanets;
    ModelRegistry internal models;
    ModelShares internal sharesImplementation;
    MockInferencePayments internal payments;

    address internal admin = makeAddr("admin");
    address internal treasury = makeAddr("treasury");

    function _deployRegistries() internal {
        open = new OpenToken(address(this));
        DatanetRegistry datanetImplementation = new DatanetRegistry();
        datanets = DatanetRegistry(
            address(
                new ERC1967Proxy(
                    address(datanetImplementation),
                    abi.encodeCall(DatanetRegistry.initialize, (admin, IERC20(address(open)), treasury))
                )
            )
        );
        sharesImplementation = new ModelShares();
        ModelRegistry modelImplementation = new ModelRegistry();
        models = ModelRegistry(
            address(
                new ERC1967Proxy(
                    address(modelImplementation),
                    abi.encodeCall(
                        ModelRegistry.initialize,
                        (admin, IDatanetRegistry(address(datanets)), address(sharesImplementation), address(open))
                    )
                )
            )
        );
        payments = new MockInferencePayments(IERC20(address(open)), IModelRegistry(address(models)));
        vm.prank(admin);
        models.setInferencePayments(address(payments));
    }

    function _fund(address account, uint256 amount) internal {
        open.transfer(account, amount);
    }

    function _config(
        uint80 bond,
        IDatanetRegistry.RejectedBondPolicy policy
    ) internal pure returns (IDatanetRegistry.DatanetConfig memory) {
        return
            IDatanetRegistry.DatanetConfig({
                metadataURI: "ipfs://datanet",
                licenseURI: "ipfs://license",
                contributionPolicy: IDatanetRegistry.ContributionPolicy.Open,
                usagePolicy: IDatanetRegistry.UsagePolicy.Open,
                rejectedBondPolicy: policy,
                contributionBond: bond
            });
    }

    /// @dev A Datanet owned by `owner` with one accepted contribution and version 1 published.
    function _datanetWithVersion(address owner, IDatanetRegistry.UsagePolicy usage) internal returns (uint256 id) {
        IDatanetRegistry.DatanetConfig memory config = _config(
            0,
            IDatanetRegistry.RejectedBondPolicy.RefundContributor
        );
        config.usagePolicy = usage;
        vm.startPrank(owner);
        id = datanets.createDatanet(config);
        uint256 contributionId = datanets.contribute(id, keccak256(abi.encode("content", id)), "ipfs://c");
        datanets.review(contributionId, true);
        datanets.publishVersion(id, keccak256(abi.encode("root", id)), 1, "ipfs://v1");
        vm.stopPrank();
    }

    function _registration(
        address operator,
        uint256 datanetId
    ) internal pure returns (IModelRegistry.ModelRegistration memory registration) {
        IModelRegistry.DatanetVersion[] memory trainedOn = new IModelRegistry.DatanetVersion[](1);
        trainedOn[0] = IModelRegistry.DatanetVersion({datanetId: uint64(datanetId), version: 1});
        registration = IModelRegistry.ModelRegistration({
            metadataURI: "ipfs://card",
            weightsHash: keccak256("weights"),
            trainedOn: trainedOn,
            baseModelId: 0,
            operator: operator,
            pricePerUnit: 1e15,
            contributorShareBps: 2000
        });
    }
}
