// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DatanetRegistry} from "../../../../contracts/DatanetRegistry.sol";
import {IDatanetRegistry} from "../../../../contracts/interfaces/IDatanetRegistry.sol";
import {OpenToken} from "../../../../contracts/token/OpenToken.sol";
import {TestBase} from "../../utils/TestBase.sol";

/// @title DatanetRegistryHandler: what the invariant fuzzer does to the DatanetRegistry
/// @notice Three Datanets, one per rejected-bond policy, owned by the `owners`; contributors contribute (bond
/// pulled), the curator reviews singly and in batches, owners change bonds and policies and hand Datanets over,
/// and anyone withdraws bonds for anyone.
/// @dev Ghosts, in asset units: `ghost_pendingBonds` (bonds of contributions not yet reviewed, as the handler
/// computes them from the bond it configured), `ghost_credited[a]` (bonds credited to `a` on review, by the policy
/// the handler expects), `ghost_withdrawn[a]`, and the contribution ids created (to enumerate pending ones).
contract DatanetRegistryHandler is TestBase {
    DatanetRegistry public immutable REGISTRY;
    OpenToken public immutable OPEN;
    address public immutable CURATOR;
    address public immutable TREASURY;

    address[] private _contributors;
    address[] private _owners;
    uint256[] private _datanetIds;
    uint256[] private _contributionIds;
    mapping(uint256 contributionId => bool) private _reviewed;
    mapping(uint256 contributionId => uint256) private _bondOf;
    mapping(uint256 contributionId => IDatanetRegistry.RejectedBondPolicy) private _policyOf;
    mapping(uint256 contributionId => address) private _contributorOf;
    uint256 private _nonce;

    uint256 public ghost_pendingBonds;
    uint256 public ghost_bondsIn;
    uint256 public ghost_withdrawnTotal;
    mapping(address account => uint256) public ghost_credited;
    mapping(address account => uint256) public ghost_withdrawn;

    constructor(
        DatanetRegistry registry,
        OpenToken open,
        address curator,
        address treasury,
        address[] memory contributors_,
        address[] memory owners_,
        uint256[] memory datanetIds_
    ) {
        REGISTRY = registry;
        OPEN = open;
        CURATOR = curator;
        TREASURY = treasury;
        _contributors = contributors_;
        _owners = owners_;
        _datanetIds = datanetIds_;
    }

    /// @notice Every account that can ever hold a withdrawable balance.
    function accounts() external view returns (address[] memory all) {
        all = new address[](_contributors.length + _owners.length + 1);
        for (uint256 i; i < _contributors.length; ++i) all[i] = _contributors[i];
        for (uint256 i; i < _owners.length; ++i) all[_contributors.length + i] = _owners[i];
        all[all.length - 1] = TREASURY;
    }

    function contributionIds() external view returns (uint256[] memory) {
        return _contributionIds;
    }

    function datanetIds() external view returns (uint256[] memory) {
        return _datanetIds;
    }

    function contribute(uint256 contributorSeed, uint256 datanetSeed) external {
        address contributor = _contributors[boundIndex(contributorSeed, _contributors.length)];
        uint256 datanetId = _datanetIds[boundIndex(datanetSeed, _datanetIds.length)];
        IDatanetRegistry.DatanetConfig memory config = REGISTRY.datanetConfig(datanetId);
        vm.prank(contributor);
        uint256 id = REGISTRY.contribute(datanetId, keccak256(abi.encode("content", ++_nonce)), "ipfs://c");
        _contributionIds.push(id);
        _bondOf[id] = config.contributionBond;
        _policyOf[id] = config.rejectedBondPolicy;
        _contributorOf[id] = contributor;
        ghost_pendingBonds += config.contributionBond;
        ghost_bondsIn += config.contributionBond;
    }

    function review(uint256 idSeed, bool accept) external {
        if (_contributionIds.length == 0) return;
        uint256 id = _contributionIds[boundIndex(idSeed, _contributionIds.length)];
        if (_reviewed[id]) return;
        address recipient = _expectedRecipient(id, accept);
        vm.prank(CURATOR);
        REGISTRY.review(id, accept);
        _recordReview(id, recipient);
    }

    function reviewBatch(uint256 startSeed, uint256 countSeed, uint256 acceptBits) external {
        uint256 length = _contributionIds.length;
        if (length == 0) return;
        uint256 start = boundIndex(startSeed, length);
        uint256 count = bound(countSeed, 1, 10);
        // Up to `count` pending ids from `start` on.
        uint256 n;
        for (uint256 i = start; i < length && n < count; ++i) {
            if (!_reviewed[_contributionIds[i]]) ++n;
        }
        uint256[] memory ids = new uint256[](n);
        bool[] memory accepts = new bool[](n);
        address[] memory recipients = new address[](n);
        uint256 k;
        for (uint256 i = start; k < n; ++i) {
            uint256 id = _contributionIds[i];
            if (_reviewed[id]) continue;
            ids[k] = id;
            accepts[k] = (acceptBits >> k) & 1 == 1;
            recipients[k] = _expectedRecipient(id, accepts[k]);
            ++k;
        }
        vm.prank(CURATOR);
        REGISTRY.reviewBatch(ids, accepts);
        for (uint256 i; i < n; ++i) _recordReview(ids[i], recipients[i]);
    }

    function updateDatanet(uint256 datanetSeed, uint80 bond, uint8 policySeed) external {
        uint256 datanetId = _datanetIds[boundIndex(datanetSeed, _datanetIds.length)];
        IDatanetRegistry.DatanetConfig memory config = REGISTRY.datanetConfig(datanetId);
        config.contributionBond = uint80(bound(bond, 0, 100e18));
        config.rejectedBondPolicy = IDatanetRegistry.RejectedBondPolicy(bound(policySeed, 0, 2));
        vm.prank(REGISTRY.ownerOf(datanetId));
        REGISTRY.updateDatanet(datanetId, config);
    }

    function transferDatanet(uint256 datanetSeed, uint256 ownerSeed) external {
        uint256 datanetId = _datanetIds[boundIndex(datanetSeed, _datanetIds.length)];
        address from = REGISTRY.ownerOf(datanetId);
        address to = _owners[boundIndex(ownerSeed, _owners.length)];
        vm.prank(from);
        REGISTRY.transferFrom(from, to, datanetId);
    }

    function withdrawBonds(uint256 accountSeed, bool forSomeoneElse) external {
        address[] memory all = this.accounts();
        address account = all[boundIndex(accountSeed, all.length)];
        uint256 amount = REGISTRY.withdrawableBonds(account);
        if (amount == 0) return;
        if (forSomeoneElse) {
            vm.prank(CURATOR);
            REGISTRY.withdrawBondsFor(account);
        } else {
            vm.prank(account);
            REGISTRY.withdrawBonds();
        }
        ghost_withdrawn[account] += amount;
        ghost_withdrawnTotal += amount;
    }

    function _expectedRecipient(uint256 id, bool accept) private view returns (address) {
        if (accept || _policyOf[id] == IDatanetRegistry.RejectedBondPolicy.RefundContributor) {
            return _contributorOf[id];
        }
        if (_policyOf[id] == IDatanetRegistry.RejectedBondPolicy.ToDatanetOwner) return REGISTRY.ownerOf(id >> 32);
        return TREASURY;
    }

    function _recordReview(uint256 id, address recipient) private {
        _reviewed[id] = true;
        ghost_pendingBonds -= _bondOf[id];
        ghost_credited[recipient] += _bondOf[id];
    }
}
