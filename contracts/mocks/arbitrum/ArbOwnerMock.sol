// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ArbOwner} from "@arbitrum/nitro-contracts/src/precompiles/ArbOwner.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";

/// @title ArbOwnerMock
/// @notice Simulation of Arbitrum's ArbOwner precompile (address 0x70) for an in-process child chain, installed with
/// `hardhat_setCode`. It implements the real `ArbOwner` interface of nitro-contracts.
/// @dev Faithful: every method is restricted to chain owners (ArbOS's OwnerPrecompile wrapper, views included) and
/// every state-changing call emits the real `OwnerActs(method, owner, data)` event. Modelled state: the chain owner
/// set, native-token owners, the minimum and current L2 base fee, fee accounts, gas limits and the chain config. Every
/// other setter is accepted (owner-checked, `OwnerActs` emitted) without a modelled effect on the simulated chain;
/// none of the values change how the simulated EVM prices gas. The sibling mocks (ArbOwnerPublicMock, ArbGasInfoMock)
/// read the modelled state through the unrestricted `mock*` getters, which are not part of ArbOwner.
contract ArbOwnerMock is ArbOwner {
    using EnumerableSet for EnumerableSet.AddressSet;

    /// @notice Thrown when a non-owner calls an owner method (ArbOS reverts "unauthorized caller").
    error ArbOwnerMockNotChainOwner(address caller);
    /// @notice Thrown when `mockInitialize` is called twice.
    error ArbOwnerMockAlreadyInitialized();
    /// @notice Thrown when removing an address that is not an owner (ArbOS: "tried to remove non-owner").
    error ArbOwnerMockNotAnOwner(address account);
    /// @notice Thrown when the minimum L2 base fee is set to zero (ArbOS refuses a zero minimum).
    error ArbOwnerMockZeroMinimumBaseFee();

    /// @notice Nitro's default minimum L2 base fee for Orbit chains: 0.1 gwei.
    uint256 public constant DEFAULT_MINIMUM_L2_BASE_FEE = 0.1 gwei;
    /// @notice Nitro's default per-transaction and per-block gas limit: 32 million.
    uint64 public constant DEFAULT_GAS_LIMIT = 32_000_000;

    bool private _initialized;
    EnumerableSet.AddressSet private _chainOwners;
    EnumerableSet.AddressSet private _nativeTokenOwners;
    uint64 private _nativeTokenManagementFrom;
    uint256 private _minimumL2BaseFee;
    uint256 private _l2BaseFee;
    uint64 private _maxTxGasLimit;
    uint64 private _maxBlockGasLimit;
    address private _networkFeeAccount;
    address private _infraFeeAccount;
    string private _chainConfig;

    modifier onlyChainOwner() {
        if (!_chainOwners.contains(msg.sender)) revert ArbOwnerMockNotChainOwner(msg.sender);
        _;
    }

    /// @dev Owner check plus the OwnerActs event that ArbOS emits for state-changing owner calls.
    modifier ownerActs() {
        if (!_chainOwners.contains(msg.sender)) revert ArbOwnerMockNotChainOwner(msg.sender);
        emit OwnerActs(msg.sig, msg.sender, msg.data);
        _;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Mock-only: genesis state and unrestricted reads for the sibling mocks (not part of ArbOwner)
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice Genesis: `initialChainOwner` is the chain config's `InitialChainOwner`, also the fee accounts.
    function mockInitialize(address initialChainOwner, string calldata chainConfig) external {
        if (_initialized) revert ArbOwnerMockAlreadyInitialized();
        _initialized = true;
        _chainOwners.add(initialChainOwner);
        _networkFeeAccount = initialChainOwner;
        _infraFeeAccount = initialChainOwner;
        _minimumL2BaseFee = DEFAULT_MINIMUM_L2_BASE_FEE;
        _l2BaseFee = DEFAULT_MINIMUM_L2_BASE_FEE;
        _maxTxGasLimit = DEFAULT_GAS_LIMIT;
        _maxBlockGasLimit = DEFAULT_GAS_LIMIT;
        _chainConfig = chainConfig;
    }

    function mockIsChainOwner(address account) external view returns (bool) {
        return _chainOwners.contains(account);
    }

    function mockChainOwners() external view returns (address[] memory) {
        return _chainOwners.values();
    }

    function mockIsNativeTokenOwner(address account) external view returns (bool) {
        return _nativeTokenOwners.contains(account);
    }

    function mockNativeTokenOwners() external view returns (address[] memory) {
        return _nativeTokenOwners.values();
    }

    function mockNativeTokenManagementFrom() external view returns (uint64) {
        return _nativeTokenManagementFrom;
    }

    function mockFeeAccounts() external view returns (address networkFeeAccount, address infraFeeAccount) {
        return (_networkFeeAccount, _infraFeeAccount);
    }

    function mockGasPricing()
        external
        view
        returns (uint256 minimumL2BaseFee, uint256 l2BaseFee, uint64 maxTxGasLimit, uint64 maxBlockGasLimit)
    {
        return (_minimumL2BaseFee, _l2BaseFee, _maxTxGasLimit, _maxBlockGasLimit);
    }

    function mockChainConfig() external view returns (string memory) {
        return _chainConfig;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // ArbOwner: modelled methods
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc ArbOwner
    function addChainOwner(address newOwner) external ownerActs {
        _chainOwners.add(newOwner);
    }

    /// @inheritdoc ArbOwner
    function removeChainOwner(address ownerToRemove) external ownerActs {
        if (!_chainOwners.remove(ownerToRemove)) revert ArbOwnerMockNotAnOwner(ownerToRemove);
    }

    /// @inheritdoc ArbOwner
    function isChainOwner(address addr) external view onlyChainOwner returns (bool) {
        return _chainOwners.contains(addr);
    }

    /// @inheritdoc ArbOwner
    function getAllChainOwners() external view onlyChainOwner returns (address[] memory) {
        return _chainOwners.values();
    }

    /// @inheritdoc ArbOwner
    function setNativeTokenManagementFrom(uint64 timestamp) external ownerActs {
        _nativeTokenManagementFrom = timestamp;
    }

    /// @inheritdoc ArbOwner
    function addNativeTokenOwner(address newOwner) external ownerActs {
        _nativeTokenOwners.add(newOwner);
    }

    /// @inheritdoc ArbOwner
    function removeNativeTokenOwner(address ownerToRemove) external ownerActs {
        if (!_nativeTokenOwners.remove(ownerToRemove)) revert ArbOwnerMockNotAnOwner(ownerToRemove);
    }

    /// @inheritdoc ArbOwner
    function isNativeTokenOwner(address addr) external view onlyChainOwner returns (bool) {
        return _nativeTokenOwners.contains(addr);
    }

    /// @inheritdoc ArbOwner
    function getAllNativeTokenOwners() external view onlyChainOwner returns (address[] memory) {
        return _nativeTokenOwners.values();
    }

    /// @inheritdoc ArbOwner
    function setL2BaseFee(uint256 priceInWei) external ownerActs {
        _l2BaseFee = priceInWei;
    }

    /// @inheritdoc ArbOwner
    function setMinimumL2BaseFee(uint256 priceInWei) external ownerActs {
        if (priceInWei == 0) revert ArbOwnerMockZeroMinimumBaseFee();
        _minimumL2BaseFee = priceInWei;
    }

    /// @inheritdoc ArbOwner
    function setMaxTxGasLimit(uint64 limit) external ownerActs {
        _maxTxGasLimit = limit;
    }

    /// @inheritdoc ArbOwner
    function setMaxBlockGasLimit(uint64 limit) external ownerActs {
        _maxBlockGasLimit = limit;
    }

    /// @inheritdoc ArbOwner
    function getNetworkFeeAccount() external view onlyChainOwner returns (address) {
        return _networkFeeAccount;
    }

    /// @inheritdoc ArbOwner
    function getInfraFeeAccount() external view onlyChainOwner returns (address) {
        return _infraFeeAccount;
    }

    /// @inheritdoc ArbOwner
    function setNetworkFeeAccount(address newNetworkFeeAccount) external ownerActs {
        _networkFeeAccount = newNetworkFeeAccount;
    }

    /// @inheritdoc ArbOwner
    function setInfraFeeAccount(address newInfraFeeAccount) external ownerActs {
        _infraFeeAccount = newInfraFeeAccount;
    }

    /// @inheritdoc ArbOwner
    function setChainConfig(string calldata chainConfig) external ownerActs {
        _chainConfig = chainConfig;
    }

    /// @inheritdoc ArbOwner
    function releaseL1PricerSurplusFunds(uint256) external ownerActs returns (uint256) {
        return 0;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // ArbOwner: accepted without a modelled effect (owner-checked, OwnerActs emitted)
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc ArbOwner
    function setL1BaseFeeEstimateInertia(uint64) external ownerActs {}

    /// @inheritdoc ArbOwner
    function setSpeedLimit(uint64) external ownerActs {}

    /// @inheritdoc ArbOwner
    function setL2GasPricingInertia(uint64) external ownerActs {}

    /// @inheritdoc ArbOwner
    function setL2GasBacklogTolerance(uint64) external ownerActs {}

    /// @inheritdoc ArbOwner
    function scheduleArbOSUpgrade(uint64, uint64) external ownerActs {}

    /// @inheritdoc ArbOwner
    function setL1PricingEquilibrationUnits(uint256) external ownerActs {}

    /// @inheritdoc ArbOwner
    function setL1PricingInertia(uint64) external ownerActs {}

    /// @inheritdoc ArbOwner
    function setL1PricingRewardRecipient(address) external ownerActs {}

    /// @inheritdoc ArbOwner
    function setL1PricingRewardRate(uint64) external ownerActs {}

    /// @inheritdoc ArbOwner
    function setL1PricePerUnit(uint256) external ownerActs {}

    /// @inheritdoc ArbOwner
    function setParentGasFloorPerToken(uint64) external ownerActs {}

    /// @inheritdoc ArbOwner
    function setPerBatchGasCharge(int64) external ownerActs {}

    /// @inheritdoc ArbOwner
    function setBrotliCompressionLevel(uint64) external ownerActs {}

    /// @inheritdoc ArbOwner
    function setAmortizedCostCapBips(uint64) external ownerActs {}

    /// @inheritdoc ArbOwner
    function setInkPrice(uint32) external ownerActs {}

    /// @inheritdoc ArbOwner
    function setWasmMaxStackDepth(uint32) external ownerActs {}

    /// @inheritdoc ArbOwner
    function setWasmFreePages(uint16) external ownerActs {}

    /// @inheritdoc ArbOwner
    function setWasmPageGas(uint16) external ownerActs {}

    /// @inheritdoc ArbOwner
    function setWasmPageLimit(uint16) external ownerActs {}

    /// @inheritdoc ArbOwner
    function setWasmMaxSize(uint32) external ownerActs {}

    /// @inheritdoc ArbOwner
    function setWasmMinInitGas(uint8, uint16) external ownerActs {}

    /// @inheritdoc ArbOwner
    function setWasmInitCostScalar(uint64) external ownerActs {}

    /// @inheritdoc ArbOwner
    function setWasmExpiryDays(uint16) external ownerActs {}

    /// @inheritdoc ArbOwner
    function setWasmKeepaliveDays(uint16) external ownerActs {}

    /// @inheritdoc ArbOwner
    function setWasmBlockCacheSize(uint16) external ownerActs {}

    /// @inheritdoc ArbOwner
    function addWasmCacheManager(address) external ownerActs {}

    /// @inheritdoc ArbOwner
    function removeWasmCacheManager(address) external ownerActs {}

    /// @inheritdoc ArbOwner
    function setCalldataPriceIncrease(bool) external ownerActs {}

    /// @inheritdoc ArbOwner
    function setGasBacklog(uint64) external ownerActs {}

    /// @inheritdoc ArbOwner
    function setGasPricingConstraints(uint64[3][] calldata) external ownerActs {}
}
