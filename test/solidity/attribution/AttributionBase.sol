// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";

import {AgentRegistry} from "../../../contracts/AgentRegistry.sol";
import {AttributionDisputes} from "../../../contracts/AttributionDisputes.sol";
import {AttributionOracle} from "../../../contracts/AttributionOracle.sol";
import {InferenceLogs} from "../../../contracts/InferenceLogs.sol";
import {DatanetRegistry} from "../../../contracts/DatanetRegistry.sol";
import {InferencePayments} from "../../../contracts/InferencePayments.sol";
import {ModelRegistry} from "../../../contracts/ModelRegistry.sol";
import {OpenStaking} from "../../../contracts/OpenStaking.sol";
import {RewardDistributor} from "../../../contracts/RewardDistributor.sol";
import {IAgentRegistry} from "../../../contracts/interfaces/IAgentRegistry.sol";
import {IAttributionOracle} from "../../../contracts/interfaces/IAttributionOracle.sol";
import {IDatanetRegistry} from "../../../contracts/interfaces/IDatanetRegistry.sol";
import {IInferencePayments} from "../../../contracts/interfaces/IInferencePayments.sol";
import {IModelRegistry} from "../../../contracts/interfaces/IModelRegistry.sol";
import {IOpenStaking} from "../../../contracts/interfaces/IOpenStaking.sol";
import {IRewardDistributor} from "../../../contracts/interfaces/IRewardDistributor.sol";
import {ModelShares} from "../../../contracts/token/ModelShares.sol";
import {OpenToken} from "../../../contracts/token/OpenToken.sol";
import {TestBase} from "../utils/TestBase.sol";

/// @title AttributionDeployment
/// @notice Deploys Proof of Attribution for Solidity tests exactly as production wires it, every contract real and
/// behind its UUPS proxy: OPEN, DatanetRegistry, ModelRegistry, AgentRegistry, InferencePayments (epochs of one day),
/// OpenStaking (fee source: payments; the court holds SLASHER_ROLE; the oracle is its stake guard),
/// RewardDistributor (ORACLE_ROLE: the oracle; REWARD_DISTRIBUTOR_ROLE at payments), AttributionOracle,
/// AttributionDisputes (its court) and InferenceLogs. The test contract is the admin of everything (it
/// stands for the timelock) and holds the whole OPEN supply. Model 1 costs 1 wei per unit with a 20% contributor
/// share, so `_fundPools` can grow the attribution pools by an exact amount. Also: oracle keys, report signing and
/// small merkle trees laid out as the OpenZeppelin merkle-tree library's StandardMerkleTree (sorted pairs,
/// double-hashed leaves).
abstract contract AttributionDeployment is TestBase {
    uint64 internal constant EPOCH = 1 days;
    uint256 internal constant LOG_DEADLINE = 6 hours;
    uint256 internal constant WINDOW = 1 days;
    uint256 internal constant MIN_ORACLE_STAKE = 10_000 ether;
    uint256 internal constant MODEL_ID = 1;
    bytes32 private constant _DOMAIN_TYPEHASH = keccak256(
        "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    );

    OpenToken internal open;
    ModelRegistry internal models;
    InferencePayments internal payments;
    OpenStaking internal staking;
    RewardDistributor internal distributor;
    AttributionOracle internal oracle;
    AttributionDisputes internal disputes;
    InferenceLogs internal logs;
    address internal treasury;
    uint256 internal genesis;

    function _deployAttribution() internal {
        treasury = makeAddr("treasury");
        vm.warp(1_800_000_000);
        genesis = block.timestamp;
        open = new OpenToken(address(this));
        IERC20 asset = IERC20(address(open));

        DatanetRegistry datanets = _deployRegistries(asset);
        AgentRegistry agents = AgentRegistry(
            _proxy(address(new AgentRegistry(asset)), abi.encodeCall(AgentRegistry.initialize, (address(this))))
        );
        payments = InferencePayments(
            _proxy(
                address(new InferencePayments(asset, IModelRegistry(address(models)), IAgentRegistry(address(agents)))),
                abi.encodeCall(InferencePayments.initialize, (address(this), uint64(genesis), EPOCH))
            )
        );
        staking = OpenStaking(
            _proxy(
                address(new OpenStaking(asset)),
                abi.encodeCall(OpenStaking.initialize, (address(this), address(payments), address(0)))
            )
        );
        distributor = RewardDistributor(
            _proxy(
                address(new RewardDistributor(asset, IInferencePayments(address(payments)))),
                abi.encodeCall(RewardDistributor.initialize, (address(this), address(this)))
            )
        );
        oracle = AttributionOracle(
            _proxy(
                address(
                    new AttributionOracle(
                        IOpenStaking(address(staking)),
                        IInferencePayments(address(payments)),
                        IRewardDistributor(address(distributor))
                    )
                ),
                abi.encodeCall(AttributionOracle.initialize, (address(this)))
            )
        );
        disputes = AttributionDisputes(
            _proxy(
                address(new AttributionDisputes(asset, oracle, IOpenStaking(address(staking)))),
                abi.encodeCall(AttributionDisputes.initialize, (address(this), treasury))
            )
        );
        logs = new InferenceLogs(oracle, IModelRegistry(address(models)));

        _wire(agents);
        _registerModel(datanets);
    }

    /// @dev DatanetRegistry and ModelRegistry.
    function _deployRegistries(IERC20 asset) private returns (DatanetRegistry datanets) {
        datanets = DatanetRegistry(
            _proxy(
                address(new DatanetRegistry()),
                abi.encodeCall(DatanetRegistry.initialize, (address(this), asset, treasury))
            )
        );
        models = ModelRegistry(
            _proxy(
                address(new ModelRegistry()),
                abi.encodeCall(
                    ModelRegistry.initialize,
                    (address(this), datanets, address(new ModelShares()), address(open))
                )
            )
        );
    }

    /// @dev The roles and links production sets (deploy/modules/Protocol.ts), the test contract as the admin.
    function _wire(AgentRegistry agents) private {
        models.setInferencePayments(address(payments));
        models.setStaking(address(staking));
        agents.grantRole(agents.PAYMENTS_ROLE(), address(payments));
        payments.setTreasury(treasury);
        payments.setStakingContract(address(staking));
        payments.grantRole(payments.REWARD_DISTRIBUTOR_ROLE(), address(distributor));
        distributor.grantRole(distributor.ORACLE_ROLE(), address(oracle));
        distributor.revokeRole(distributor.ORACLE_ROLE(), address(this));
        staking.grantRole(staking.SLASHER_ROLE(), address(disputes));
        oracle.setCourt(address(disputes));
        staking.setStakeGuard(address(oracle));
        open.approve(address(payments), type(uint256).max);
    }

    function _proxy(address implementation, bytes memory init) private returns (address) {
        return address(new ERC1967Proxy(implementation, init));
    }

    /// @dev Model 1: trained on version 1 of a Datanet, operated by a registered compute provider.
    function _registerModel(DatanetRegistry datanets) private {
        address owner = makeAddr("modelOwner");
        address operator = makeAddr("modelOperator");
        open.transfer(operator, 1_000 ether);
        vm.startPrank(operator);
        open.approve(address(staking), type(uint256).max);
        staking.stake(1_000 ether);
        staking.registerOperator(IOpenStaking.OperatorRole.ComputeProvider);
        vm.stopPrank();
        vm.startPrank(owner);
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
        ids[0] = datanets.contribute(datanetId, keccak256("attribution-1"), "ipfs://c1");
        bool[] memory accepts = new bool[](1);
        accepts[0] = true;
        datanets.reviewBatch(ids, accepts);
        datanets.publishVersion(datanetId, keccak256("root"), 1, "ipfs://v1");
        IModelRegistry.DatanetVersion[] memory trainedOn = new IModelRegistry.DatanetVersion[](1);
        trainedOn[0] = IModelRegistry.DatanetVersion({datanetId: uint64(datanetId), version: 1});
        models.registerModel(
            IModelRegistry.ModelRegistration({
                metadataURI: "ipfs://model",
                weightsHash: keccak256("weights"),
                trainedOn: trainedOn,
                baseModelId: 0,
                operator: operator,
                pricePerUnit: 1,
                contributorShareBps: 2_000
            })
        );
        vm.stopPrank();
    }

    /// @dev Pays inferences of model 1 so that the attribution pools grow by exactly `amount`: with 5% + 5% fees and
    /// a 20% share, paying `x` adds floor((x - 2 floor(x / 20)) / 5); `x = 20k + r` with `18k + r = 5 * amount`.
    function _fundPools(uint256 amount) internal {
        if (amount == 0) return;
        uint256 rest = 5 * amount;
        uint256 units = 20 * (rest / 18) + (rest % 18);
        payments.pay(MODEL_ID, units, units, keccak256(abi.encode(payments.totalAttributionFunded())));
    }

    /// @dev Stakes `amount` for `account` (funded from this contract) and registers it as an attribution oracle.
    function _addOracle(address account, uint256 amount) internal {
        open.transfer(account, amount);
        vm.startPrank(account);
        open.approve(address(staking), type(uint256).max);
        staking.stake(amount);
        staking.registerOperator(IOpenStaking.OperatorRole.AttributionOracle);
        vm.stopPrank();
    }

    /// @dev `n` oracle keys whose addresses are strictly increasing (the order `submit` needs).
    function _sortedKeys(uint256 n, string memory prefix) internal returns (uint256[] memory keys) {
        keys = new uint256[](n);
        for (uint256 i; i < n; ++i) (, keys[i]) = makeAddrAndKey(string.concat(prefix, vm.toString(i)));
        for (uint256 i = 1; i < n; ++i) {
            for (uint256 j = i; j > 0 && vm.addr(keys[j - 1]) > vm.addr(keys[j]); --j) {
                (keys[j - 1], keys[j]) = (keys[j], keys[j - 1]);
            }
        }
    }

    function _report(
        uint64 epoch,
        bytes32 root,
        uint256 total
    ) internal pure returns (IAttributionOracle.Report memory) {
        return
            IAttributionOracle.Report({
                epoch: epoch,
                cumulativeRewardsRoot: root,
                cumulativeTotal: total,
                attributionRoot: keccak256("attribution"),
                dataURI: "ipfs://report"
            });
    }

    /// @dev The 65-byte signature (r, s, v) of `report` by `key`, under the oracle's EIP-712 domain.
    function _sign(uint256 key, IAttributionOracle.Report memory report) internal view returns (bytes memory) {
        bytes32 separator = keccak256(
            abi.encode(
                _DOMAIN_TYPEHASH,
                keccak256("OpenLedger AttributionOracle"),
                keccak256("1"),
                block.chainid,
                address(oracle)
            )
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(
            key,
            MessageHashUtils.toTypedDataHash(separator, oracle.reportHash(report))
        );
        return abi.encodePacked(r, s, v);
    }

    /// @dev Signatures of `report` by the keys whose bit is set in `mask` (keys sorted by address).
    function _signatures(
        uint256[] memory keys,
        uint256 mask,
        IAttributionOracle.Report memory report
    ) internal view returns (bytes[] memory sigs) {
        uint256 n;
        for (uint256 i; i < keys.length; ++i) if (mask & (1 << i) != 0) ++n;
        sigs = new bytes[](n);
        n = 0;
        for (uint256 i; i < keys.length; ++i) if (mask & (1 << i) != 0) sigs[n++] = _sign(keys[i], report);
    }

    /// @dev Moves time to when reports for `epoch` open (its end + the log deadline), if not there yet.
    function _openReports(uint64 epoch) internal {
        uint256 t = _epochEnd(epoch) + LOG_DEADLINE;
        if (block.timestamp < t) vm.warp(t);
    }

    function _epochEnd(uint64 epoch) internal view returns (uint256) {
        return genesis + (uint256(epoch) + 1) * EPOCH;
    }

    // ------------------------------------------------------------------ StandardMerkleTree of four leaves

    function _leaf(address account, uint256 amount) internal pure returns (bytes32) {
        return FourLeafTree.leaf(account, amount);
    }

    function _root4(bytes32[4] memory leaves) internal pure returns (bytes32) {
        return FourLeafTree.root(leaves);
    }

    function _proof4(bytes32[4] memory leaves, uint256 i) internal pure returns (bytes32[] memory) {
        return FourLeafTree.proof(leaves, i);
    }
}

/// @title FourLeafTree
/// @notice Rewards trees of four accounts, laid out as the OpenZeppelin merkle-tree library's StandardMerkleTree
/// lays out any tree: double-hashed leaves of (address, uint256), nodes hashed as sorted pairs.
library FourLeafTree {
    function leaf(address account, uint256 amount) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(account, amount))));
    }

    /// @dev Root of leaves (a, b, c, d) paired as (a, b) and (c, d).
    function root(bytes32[4] memory leaves) internal pure returns (bytes32) {
        return
            Hashes.commutativeKeccak256(
                Hashes.commutativeKeccak256(leaves[0], leaves[1]),
                Hashes.commutativeKeccak256(leaves[2], leaves[3])
            );
    }

    /// @dev Proof of leaf `i` of `root(leaves)`.
    function proof(bytes32[4] memory leaves, uint256 i) internal pure returns (bytes32[] memory siblings) {
        siblings = new bytes32[](2);
        siblings[0] = leaves[i ^ 1];
        siblings[1] =
            i < 2
                ? Hashes.commutativeKeccak256(leaves[2], leaves[3])
                : Hashes.commutativeKeccak256(leaves[0], leaves[1]);
    }
}
