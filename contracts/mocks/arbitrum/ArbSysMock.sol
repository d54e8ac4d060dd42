// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ArbSys} from "@arbitrum/nitro-contracts/src/precompiles/ArbSys.sol";

/// @title ArbSysMock
/// @notice Simulation of Arbitrum's ArbSys precompile (address 0x64) for an in-process child chain, installed with
/// `hardhat_setCode`. It implements the real `ArbSys` interface of nitro-contracts.
/// @dev What is faithful: `sendTxToL1`/`withdrawEth` compute the L2-to-L1 item hash exactly as the parent chain's
/// Outbox does (`Outbox.calculateItemHash`), append it to a send merkle accumulator that follows ArbOS's
/// `MerkleAccumulator` (leaf = keccak256(itemHash), empty subtrees are zero hashes) and emit the real `L2ToL1Tx` event
/// with `position` = leaf index, so proofs built from these events verify in the real Outbox.
/// What is simulated: the value sent with a withdrawal stays in this contract's balance (ArbOS burns it);
/// `arbBlockNumber` is the simulated chain's own `block.number`; the parent block number reported in `L2ToL1Tx` is the
/// one the test relayer last set; aliasing queries only know the senders the relayer registered.
/// Code installed with setCode runs no constructor: storage starts empty and `mockInitialize` sets the simulator.
contract ArbSysMock is ArbSys {
    /// @notice ArbOS version this simulation stands for (`arbOSVersion()` returns 55 + this, as Nitro does).
    uint256 public constant SIMULATED_ARBOS_VERSION = 32;

    uint160 private constant _ALIAS_OFFSET = uint160(0x1111000000000000000000000000000000001111);

    /// @notice Thrown when a mock-only function is called by anyone but the simulator (the test relayer).
    error ArbSysMockNotSimulator(address caller);
    /// @notice Thrown when `mockInitialize` is called twice.
    error ArbSysMockAlreadyInitialized();

    address private _simulator;
    uint256 private _parentBlockNumber;
    uint256 private _sendCount;
    bytes32[] private _partials;
    mapping(address account => bool aliased) private _aliasedSenders;

    modifier onlySimulator() {
        if (msg.sender != _simulator) revert ArbSysMockNotSimulator(msg.sender);
        _;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Mock-only controls (not part of ArbSys)
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice Sets the account allowed to drive the simulation (the relayer). Callable once.
    function mockInitialize(address simulator) external {
        if (_simulator != address(0)) revert ArbSysMockAlreadyInitialized();
        _simulator = simulator;
    }

    /// @notice Parent-chain block number that ArbOS would attach to messages sent from now on.
    function mockSetParentBlockNumber(uint256 parentBlockNumber) external onlySimulator {
        _parentBlockNumber = parentBlockNumber;
    }

    /// @notice Marks `account` as an aliased L1 sender for `wasMyCallersAddressAliased`.
    function mockSetAliasedSender(address account, bool aliased) external onlySimulator {
        _aliasedSenders[account] = aliased;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // ArbSys
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc ArbSys
    function arbBlockNumber() external view returns (uint256) {
        return block.number;
    }

    /// @inheritdoc ArbSys
    function arbBlockHash(uint256 arbBlockNum) external view returns (bytes32) {
        if (arbBlockNum + 1 > block.number || arbBlockNum + 256 < block.number) {
            revert InvalidBlockNumber(arbBlockNum, block.number);
        }
        return blockhash(arbBlockNum);
    }

    /// @inheritdoc ArbSys
    function arbChainID() external view returns (uint256) {
        return block.chainid;
    }

    /// @inheritdoc ArbSys
    function arbOSVersion() external pure returns (uint256) {
        return 55 + SIMULATED_ARBOS_VERSION;
    }

    /// @inheritdoc ArbSys
    function getStorageGasAvailable() external pure returns (uint256) {
        return 0;
    }

    /// @inheritdoc ArbSys
    /// @dev Simulation: true when the caller of ArbSys is the transaction's origin.
    function isTopLevelCall() external view returns (bool) {
        // solhint-disable-next-line avoid-tx-origin
        return msg.sender == tx.origin;
    }

    /// @inheritdoc ArbSys
    function mapL1SenderContractAddressToL2Alias(address sender, address) external pure returns (address) {
        unchecked {
            // Wrapping addition is the aliasing rule itself (AddressAliasHelper.applyL1ToL2Alias).
            return address(uint160(sender) + _ALIAS_OFFSET);
        }
    }

    /// @inheritdoc ArbSys
    /// @dev Simulation: the caller is top level and the relayer registered the origin as an aliased L1 sender.
    function wasMyCallersAddressAliased() public view returns (bool) {
        // solhint-disable-next-line avoid-tx-origin
        return msg.sender == tx.origin && _aliasedSenders[tx.origin];
    }

    /// @inheritdoc ArbSys
    function myCallersAddressWithoutAliasing() external view returns (address) {
        if (!wasMyCallersAddressAliased()) return msg.sender;
        unchecked {
            // Wrapping subtraction undoes the alias (AddressAliasHelper.undoL1ToL2Alias).
            return address(uint160(msg.sender) - _ALIAS_OFFSET);
        }
    }

    /// @inheritdoc ArbSys
    function withdrawEth(address destination) external payable returns (uint256) {
        return _sendTxToL1(destination, "");
    }

    /// @inheritdoc ArbSys
    function sendTxToL1(address destination, bytes calldata data) external payable returns (uint256) {
        return _sendTxToL1(destination, data);
    }

    /// @inheritdoc ArbSys
    function sendMerkleTreeState() external view returns (uint256 size, bytes32 root, bytes32[] memory partials) {
        return (_sendCount, _root(), _partials);
    }

    function _sendTxToL1(address destination, bytes memory data) private returns (uint256 position) {
        uint256 parentBlock = _parentBlockNumber;
        // Same packing as AbsOutbox.calculateItemHash(l2Sender, to, l2Block, l1Block, l2Timestamp, value, data).
        bytes32 itemHash = keccak256(
            abi.encodePacked(msg.sender, destination, block.number, parentBlock, block.timestamp, msg.value, data)
        );
        position = _append(itemHash);
        emit L2ToL1Tx(
            msg.sender,
            destination,
            uint256(itemHash),
            position,
            block.number,
            parentBlock,
            block.timestamp,
            msg.value,
            data
        );
    }

    /// @dev ArbOS MerkleAccumulator.Append: the leaf is keccak256(itemHash); carries up through full levels.
    function _append(bytes32 itemHash) private returns (uint256 leafIndex) {
        leafIndex = _sendCount;
        _sendCount = leafIndex + 1;
        bytes32 soFar = keccak256(abi.encodePacked(itemHash));
        uint256 level = 0;
        while (true) {
            if (level == _partials.length) {
                _partials.push(soFar);
                return leafIndex;
            }
            bytes32 thisLevel = _partials[level];
            if (thisLevel == bytes32(0)) {
                _partials[level] = soFar;
                return leafIndex;
            }
            soFar = keccak256(abi.encodePacked(thisLevel, soFar));
            _partials[level] = bytes32(0);
            ++level;
        }
    }

    /// @dev ArbOS MerkleAccumulator.Root: partial subtrees padded on the right with zero hashes.
    function _root() private view returns (bytes32 hashSoFar) {
        uint256 capacityInHash = 0;
        uint256 capacity = 1;
        uint256 levels = _partials.length;
        for (uint256 level = 0; level < levels; ++level) {
            bytes32 partialHash = _partials[level];
            if (partialHash != bytes32(0)) {
                if (capacityInHash == 0) {
                    hashSoFar = partialHash;
                    capacityInHash = capacity;
                } else {
                    while (capacityInHash < capacity) {
                        hashSoFar = keccak256(abi.encodePacked(hashSoFar, bytes32(0)));
                        capacityInHash *= 2;
                    }
                    hashSoFar = keccak256(abi.encodePacked(partialHash, hashSoFar));
                    capacityInHash = 2 * capacity;
                }
            }
            capacity *= 2;
        }
    }
}
