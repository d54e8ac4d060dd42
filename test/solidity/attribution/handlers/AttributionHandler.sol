// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";

import {AttributionDisputes} from "../../../../contracts/AttributionDisputes.sol";
import {AttributionOracle} from "../../../../contracts/AttributionOracle.sol";
import {InferencePayments} from "../../../../contracts/InferencePayments.sol";
import {OpenStaking} from "../../../../contracts/OpenStaking.sol";
import {RewardDistributor} from "../../../../contracts/RewardDistributor.sol";
import {IAttributionOracle} from "../../../../contracts/interfaces/IAttributionOracle.sol";
import {IOpenStaking} from "../../../../contracts/interfaces/IOpenStaking.sol";
import {OpenToken} from "../../../../contracts/token/OpenToken.sol";
import {TestBase} from "../../utils/TestBase.sol";
import {FourLeafTree} from "../AttributionBase.sol";

/// @title AttributionHandler
/// @notice Drives Proof of Attribution with bounded actions: pay inferences into the pools, submit or attest reports
/// for the next epochs (honest, faulty trees whose leaves exceed their total, totals above what was funded), dispute
/// and rule (upheld or rejected), finalize, skip, report equivocations, claim (claim, claimTo, claimBatch), withdraw
/// credits, move oracle stake (unstake, withdraw, restake), donate to the distributor, warp.
/// It is the disputer, the equivocation reporter, the resolver and the admin (roles granted by the test), and keeps
/// ghost totals, each measured from balances around the action that moved them:
/// - stake: `ghost_stakedIn` (active + unbonding at start + restaked), `ghost_stakeWithdrawn`, `ghost_slashed` (the
///   drop of the oracles' slashable stake across slashing actions);
/// - where slashed stake went: `ghost_slashRewards` (credit beyond returned bonds) and `ghost_slashToTreasury`;
/// - bonds: `ghost_bondsHeld` (disputes in flight), `ghost_bondsForfeited` (to the treasury);
/// - claims: `ghost_claimed` (what claims returned), `ghost_donated` (sent to the distributor directly).
// solhint-disable-next-line max-states-count
contract AttributionHandler is TestBase {
    uint64 internal constant EPOCH = 1 days;
    uint256 internal constant LOG_DEADLINE = 6 hours;
    uint256 internal constant WINDOW = 1 days;
    bytes32 private constant _CLAIM_TYPEHASH = keccak256(
        "ClaimAuthorization(address account,address to,uint256 cumulativeAmount,uint256 nonce,uint256 deadline)"
    );

    /// The default outcome of a dispute slashed someone (it must move no funds).
    error HandlerExpirySlashed(uint256 before, uint256 after_);
    /// A stake withdrawal failed for another reason than the stake guard.
    error HandlerUnexpectedWithdrawFailure(bytes reason);

    AttributionOracle public immutable ORACLE;
    AttributionDisputes public immutable COURT;
    RewardDistributor public immutable DISTRIBUTOR;
    OpenStaking public immutable STAKING;
    InferencePayments public immutable PAYMENTS;
    OpenToken public immutable OPEN;
    address public immutable TREASURY;
    uint256 public immutable GENESIS;

    uint256[] internal _oracleKeys; // sorted by address
    uint256[4] internal _claimantKeys;
    address[4] internal _claimants;

    /// @dev Cumulative amounts of each root's four leaves (claimant i at leaf i).
    mapping(bytes32 root => uint256[4]) internal _amountsOf;
    /// @dev The live root's amounts are what honest reports build on.
    uint256[4] internal _lastHonest;
    /// @dev Signers of the accepted report of an epoch (the list resolveDispute needs), and on-chain attesters of a
    /// report hash in a round.
    mapping(uint64 epoch => address[]) internal _acceptedSigners;
    mapping(bytes32 hash => mapping(uint32 round => address[])) internal _attesters;
    /// @dev The report oracles attest on chain for an epoch, until a fresh one replaces it.
    mapping(uint64 epoch => IAttributionOracle.Report) internal _candidate;

    uint256 public ghost_stakedIn;
    uint256 public ghost_stakeWithdrawn;
    uint256 public ghost_slashed;
    uint256 public ghost_slashRewards;
    uint256 public ghost_slashToTreasury;
    uint256 public ghost_bondsHeld;
    uint256 public ghost_bondsForfeited;
    uint256 public ghost_claimed;
    uint256 public ghost_donated;
    uint256 public ghost_finalized;
    uint256 public ghost_upheld;
    uint256 public ghost_equivocations;
    uint256 public ghost_expired;
    /// Withdrawals of stake by an oracle that counted in a report still open to dispute (must stay zero).
    uint256 public ghost_lockedStakeLeft;
    uint256 public ghost_lockedRefusals;

    constructor(
        AttributionOracle oracle_,
        AttributionDisputes court_,
        RewardDistributor distributor_,
        OpenStaking staking_,
        InferencePayments payments_,
        OpenToken open_,
        address treasury_,
        uint256 genesis_,
        uint256[] memory oracleKeys
    ) {
        ORACLE = oracle_;
        COURT = court_;
        DISTRIBUTOR = distributor_;
        STAKING = staking_;
        PAYMENTS = payments_;
        OPEN = open_;
        TREASURY = treasury_;
        GENESIS = genesis_;
        _oracleKeys = oracleKeys;
        for (uint256 i; i < 4; ++i) {
            (_claimants[i], _claimantKeys[i]) = makeAddrAndKey(string.concat("claimant", vm.toString(i)));
        }
    }

    /// @notice Approvals and the stake baseline; called once by setUp after the handler was funded.
    function start() external {
        OPEN.approve(address(PAYMENTS), type(uint256).max);
        OPEN.approve(address(COURT), type(uint256).max);
        ghost_stakedIn = STAKING.totalActiveStake() + STAKING.totalUnbondingStake();
    }

    function oracles() public view returns (address[] memory list) {
        list = new address[](_oracleKeys.length);
        for (uint256 i; i < list.length; ++i) list[i] = vm.addr(_oracleKeys[i]);
    }

    function claimants() external view returns (address[4] memory) {
        return _claimants;
    }

    // ------------------------------------------------------------------ pools and time

    function fundPools(uint256 amount) public {
        amount = bound(amount, 1, 1_000_000 ether);
        uint256 rest = 5 * amount;
        uint256 units = 20 * (rest / 18) + (rest % 18);
        PAYMENTS.pay(
            1,
            units,
            units,
            keccak256(abi.encode(block.timestamp, amount, PAYMENTS.totalAttributionFunded()))
        );
    }

    /// @notice The common path in one step: pools funded, a report (mostly honest) signed by every oracle, the
    /// window passed, finalized.
    function advance(uint256 fundSeed, uint256 kindSeed, uint256 amountSeed) external {
        fundPools(fundSeed);
        submit(kindSeed, amountSeed, type(uint256).max, false);
        finalize(0);
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 2 days));
    }

    function donate(uint256 amount) external {
        amount = bound(amount, 0, 1_000 ether);
        ghost_donated += amount;
        OPEN.transfer(address(DISTRIBUTOR), amount);
    }

    // ------------------------------------------------------------------ reports

    /// @notice Seven oracles' signatures (those in `mask`) on a report for the next (or the one after) epoch.
    function submit(uint256 kindSeed, uint256 amountSeed, uint256 mask, bool later) public {
        (uint64 epoch, bool open) = _openEpoch(later);
        if (!open) return;
        IAttributionOracle.Report memory report = _newReport(epoch, kindSeed, amountSeed);
        mask = bound(mask, 1, (1 << _oracleKeys.length) - 1);
        bytes[] memory sigs = new bytes[](_popcount(mask));
        address[] memory signers = new address[](sigs.length);
        uint256 n;
        for (uint256 i; i < _oracleKeys.length; ++i) {
            if (mask & (1 << i) == 0) continue;
            sigs[n] = _sign(_oracleKeys[i], report);
            signers[n++] = vm.addr(_oracleKeys[i]);
        }
        try ORACLE.submit(report, sigs) {
            // The counted signers: those with weight at the snapshot, in address order (as the event lists them).
            uint256 snapshot = ORACLE.snapshotTimestamp(epoch);
            delete _acceptedSigners[epoch];
            for (uint256 i; i < signers.length; ++i) {
                if (STAKING.getPastOracleStake(signers[i], snapshot) != 0) _acceptedSigners[epoch].push(signers[i]);
            }
        } catch {}
    }

    /// @notice One oracle attests the epoch's candidate report (a new one when `fresh`).
    function attest(uint256 oracleSeed, uint256 kindSeed, uint256 amountSeed, bool fresh) external {
        (uint64 epoch, bool open) = _openEpoch(false);
        if (!open) return;
        if (fresh || _candidate[epoch].cumulativeRewardsRoot == bytes32(0)) {
            _candidate[epoch] = _newReport(epoch, kindSeed, amountSeed);
        }
        IAttributionOracle.Report memory report = _candidate[epoch];
        address attester = vm.addr(_oracleKeys[boundIndex(oracleSeed, _oracleKeys.length)]);
        bytes32 hash = ORACLE.reportHash(report);
        (, uint32 round, ) = ORACLE.epochStatus(epoch);
        vm.prank(attester);
        try ORACLE.attest(report) {
            _attesters[hash][round].push(attester);
            (IAttributionOracle.EpochStatus status, , ) = ORACLE.epochStatus(epoch);
            if (status == IAttributionOracle.EpochStatus.Accepted) _acceptedSigners[epoch] = _attesters[hash][round];
        } catch {}
    }

    /// @notice Disputes the next epoch's accepted report (one signed by every oracle is accepted first if the epoch
    /// is open), inside its window.
    function dispute(uint256 kindSeed, uint256 amountSeed) public {
        uint64 epoch = ORACLE.nextEpoch();
        (IAttributionOracle.EpochStatus status, , ) = ORACLE.epochStatus(epoch);
        if (status == IAttributionOracle.EpochStatus.Open) submit(kindSeed, amountSeed, type(uint256).max, false);
        uint256 since;
        (status, , since) = ORACLE.epochStatus(epoch);
        if (status != IAttributionOracle.EpochStatus.Accepted || block.timestamp >= since + WINDOW) return;
        uint256 bond = COURT.bondFor(epoch);
        COURT.dispute(epoch);
        ghost_bondsHeld += bond;
    }

    /// @notice Rules on the next epoch's dispute (disputing it first if it is not disputed yet).
    function resolve(bool upheld, uint256 kindSeed, uint256 amountSeed) external {
        uint64 epoch = ORACLE.nextEpoch();
        (IAttributionOracle.EpochStatus status, , ) = ORACLE.epochStatus(epoch);
        if (status != IAttributionOracle.EpochStatus.Disputed) dispute(kindSeed, amountSeed);
        (status, , ) = ORACLE.epochStatus(epoch);
        if (status != IAttributionOracle.EpochStatus.Disputed) return;
        uint256 bond = COURT.disputeOf(epoch).bond;
        (uint256 slashable, uint256 treasury, uint256 credit) = _balances();
        COURT.rule(epoch, upheld, _acceptedSigners[epoch]);
        ghost_bondsHeld -= bond;
        if (upheld) {
            ++ghost_upheld;
            _accountSlash(slashable, treasury, credit, bond);
        } else {
            ghost_bondsForfeited += OPEN.balanceOf(TREASURY) - treasury;
        }
    }

    /// @notice Nobody rules the next epoch's dispute: its ruling period passes and anyone expires it (the bond comes
    /// back, nothing is slashed, the epoch reopens).
    function expire(uint256 wait) external {
        uint64 epoch = ORACLE.nextEpoch();
        AttributionDisputes.Dispute memory d = COURT.disputeOf(epoch);
        if (!d.open) return;
        uint256 deadline = uint256(d.openedAt) + COURT.rulingPeriod();
        if (block.timestamp < deadline) vm.warp(deadline + bound(wait, 0, 1 hours));
        (uint256 slashable, , ) = _balances();
        COURT.expire(epoch);
        ghost_bondsHeld -= d.bond;
        ++ghost_expired;
        (uint256 slashableAfter, , ) = _balances();
        if (slashableAfter != slashable) revert HandlerExpirySlashed(slashable, slashableAfter);
    }

    function finalize(uint256 wait) public {
        uint64 epoch = ORACLE.nextEpoch();
        (IAttributionOracle.EpochStatus status, , uint256 since) = ORACLE.epochStatus(epoch);
        if (status == IAttributionOracle.EpochStatus.Accepted && block.timestamp < since + WINDOW) {
            vm.warp(since + WINDOW + bound(wait, 0, 1 hours));
        }
        // Every report of this handler has the same attribution root and data URI: the accepted one is rebuilt from
        // the recorded root and total (a forced epoch's too).
        (, , , bytes32 accepted, uint256 acceptedTotal) = ORACLE.epochReport(epoch);
        try ORACLE.finalize(_report(epoch, accepted, acceptedTotal)) {
            (IAttributionOracle.EpochStatus after_, , ) = ORACLE.epochStatus(epoch);
            if (after_ == IAttributionOracle.EpochStatus.Finalized) {
                ++ghost_finalized;
                bytes32 root = DISTRIBUTOR.merkleRoot();
                if (_isHonest(root)) _lastHonest = _amountsOf[root];
            }
        } catch {}
    }

    /// @notice Governance skips the next epoch once its liveness deadline passed (warping there).
    function skip() external {
        uint64 epoch = ORACLE.nextEpoch();
        (IAttributionOracle.EpochStatus status, , ) = ORACLE.epochStatus(epoch);
        if (status != IAttributionOracle.EpochStatus.Open) return;
        uint256 at = GENESIS + (uint256(epoch) + 1 + 3) * EPOCH;
        if (block.timestamp < at) vm.warp(at);
        ORACLE.skipEpoch(epoch);
    }

    /// @notice An oracle signs two different reports for one epoch; the handler reports it.
    function equivocate(uint256 oracleSeed, uint256 epochSeed) external {
        uint256 key = _oracleKeys[boundIndex(oracleSeed, _oracleKeys.length)];
        // An epoch that is over (weights are known), reports that are still acceptable (total >= last finalized).
        uint64 current = PAYMENTS.currentEpoch();
        if (current == 0) return;
        uint64 epoch = uint64(bound(epochSeed, 0, current - 1));
        uint256 last = ORACLE.lastFinalizedTotal();
        IAttributionOracle.Report memory a = _report(epoch, keccak256(abi.encode("a", epochSeed)), last);
        IAttributionOracle.Report memory b = _report(epoch, keccak256(abi.encode("b", epochSeed)), last + 1);
        bytes memory sigA = _sign(key, a);
        bytes memory sigB = _sign(key, b);
        (uint256 slashable, uint256 treasury, uint256 credit) = _balances();
        try COURT.reportEquivocation(a, sigA, b, sigB) {
            ++ghost_equivocations;
            _accountSlash(slashable, treasury, credit, 0);
        } catch {}
    }

    function withdrawCredit() external {
        if (COURT.withdrawable(address(this)) == 0) return;
        COURT.withdraw();
    }

    // ------------------------------------------------------------------ oracle stake

    function unstake(uint256 oracleSeed, uint256 amount) external {
        address o = oracles()[boundIndex(oracleSeed, _oracleKeys.length)];
        uint256 active = STAKING.activeStake(o);
        if (active == 0) return;
        amount = bound(amount, 1, active);
        vm.startPrank(o);
        if (STAKING.operatorRole(o) != IOpenStaking.OperatorRole.None) STAKING.deregisterOperator();
        STAKING.requestUnstake(amount);
        vm.stopPrank();
    }

    function withdrawStake(uint256 oracleSeed) external {
        address o = oracles()[boundIndex(oracleSeed, _oracleKeys.length)];
        (uint256 amount, uint256 releaseTime) = STAKING.unbonding(o);
        if (amount == 0) return;
        if (block.timestamp < releaseTime) vm.warp(releaseTime);
        bool signedOpenReport = _signedOpenReport(o);
        vm.prank(o);
        try STAKING.withdraw() returns (uint256 withdrawn) {
            ghost_stakeWithdrawn += withdrawn;
            if (signedOpenReport) ++ghost_lockedStakeLeft;
        } catch (bytes memory reason) {
            if (bytes4(reason) != IOpenStaking.StakingStakeLocked.selector)
                revert HandlerUnexpectedWithdrawFailure(reason);
            ++ghost_lockedRefusals;
        }
    }

    /// @dev Whether `o` counted in a report that is accepted, disputed or confirmed and not finalized.
    function _signedOpenReport(address o) internal view returns (bool) {
        uint64 next = ORACLE.nextEpoch();
        for (uint64 e = next; e < next + 3; ++e) {
            (IAttributionOracle.EpochStatus status, , ) = ORACLE.epochStatus(e);
            if (
                status != IAttributionOracle.EpochStatus.Accepted &&
                status != IAttributionOracle.EpochStatus.Disputed &&
                status != IAttributionOracle.EpochStatus.Confirmed
            ) continue;
            address[] storage signers = _acceptedSigners[e];
            for (uint256 i; i < signers.length; ++i) if (signers[i] == o) return true;
        }
        return false;
    }

    function restake(uint256 oracleSeed, uint256 amount) external {
        address o = oracles()[boundIndex(oracleSeed, _oracleKeys.length)];
        amount = bound(amount, 10_000 ether, 200_000 ether);
        ghost_stakedIn += amount;
        OPEN.transfer(o, amount);
        vm.startPrank(o);
        OPEN.approve(address(STAKING), amount);
        STAKING.stake(amount);
        if (STAKING.operatorRole(o) == IOpenStaking.OperatorRole.None) {
            STAKING.registerOperator(IOpenStaking.OperatorRole.AttributionOracle);
        }
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ claims

    function claim(uint256 claimantSeed) external {
        uint256 i = boundIndex(claimantSeed, 4);
        (uint256 amount, bytes32[] memory proof) = _leafOf(i);
        try DISTRIBUTOR.claim(_claimants[i], amount, proof) returns (uint256 paid) {
            ghost_claimed += paid;
        } catch {}
    }

    function claimTo(uint256 claimantSeed) external {
        uint256 i = boundIndex(claimantSeed, 4);
        (uint256 amount, bytes32[] memory proof) = _leafOf(i);
        address account = _claimants[i];
        address to = _claimants[(i + 1) % 4];
        uint256 deadline = block.timestamp;
        bytes memory signature = _authorize(_claimantKeys[i], account, to, amount, deadline);
        try DISTRIBUTOR.claimTo(account, to, amount, proof, deadline, signature) returns (uint256 paid) {
            ghost_claimed += paid;
        } catch {}
    }

    function claimBatch() external {
        address[] memory accounts = new address[](4);
        uint256[] memory amounts = new uint256[](4);
        bytes32[][] memory proofs = new bytes32[][](4);
        for (uint256 i; i < 4; ++i) {
            accounts[i] = _claimants[i];
            (amounts[i], proofs[i]) = _leafOf(i);
        }
        try DISTRIBUTOR.claimBatch(accounts, amounts, proofs) returns (uint256 paid) {
            ghost_claimed += paid;
        } catch {}
    }

    // ------------------------------------------------------------------ internals

    /// @dev The next epoch (or the one after), with time moved to when its reports open; `open` is false when it
    /// cannot take reports (not Open).
    function _openEpoch(bool later) internal returns (uint64 epoch, bool open) {
        epoch = ORACLE.nextEpoch() + (later ? 1 : 0);
        uint256 opensAt = GENESIS + (uint256(epoch) + 1) * EPOCH + LOG_DEADLINE;
        if (block.timestamp < opensAt) vm.warp(opensAt);
        (IAttributionOracle.EpochStatus status, , ) = ORACLE.epochStatus(epoch);
        open = status == IAttributionOracle.EpochStatus.Open;
    }

    /// @dev A report for `epoch`: honest (leaves extend the last honest tree, total = their sum <= funded), faulty
    /// (leaves sum to twice its total), or above funded.
    function _newReport(
        uint64 epoch,
        uint256 kindSeed,
        uint256 amountSeed
    ) internal returns (IAttributionOracle.Report memory) {
        uint256 kind = bound(kindSeed, 0, 9);
        uint256 funded = PAYMENTS.totalAttributionFunded();
        uint256 base;
        for (uint256 i; i < 4; ++i) base += _lastHonest[i];
        uint256[4] memory amounts = _lastHonest;
        uint256 total;
        if (kind < 7) {
            // Honest: spread an increase (up to what is funded) over the four claimants.
            uint256 increase = funded > base ? bound(amountSeed, 0, funded - base) : 0;
            for (uint256 i; i < 4; ++i) amounts[i] += increase / 4;
            amounts[0] += increase % 4;
            total = base + increase;
        } else if (kind < 9) {
            // Faulty tree: the leaves promise twice the total.
            total = funded > base ? bound(amountSeed, base, funded) : base;
            for (uint256 i; i < 4; ++i) amounts[i] = total / 2;
        } else {
            // Above everything funded.
            total = funded + bound(amountSeed, 1, 1_000_000 ether);
            for (uint256 i; i < 4; ++i) amounts[i] = total / 4;
        }
        bytes32[4] memory leaves;
        for (uint256 i; i < 4; ++i) leaves[i] = FourLeafTree.leaf(_claimants[i], amounts[i]);
        bytes32 root = FourLeafTree.root(leaves);
        _amountsOf[root] = amounts;
        return _report(epoch, root, total);
    }

    function _isHonest(bytes32 root) internal view returns (bool) {
        uint256 sum;
        for (uint256 i; i < 4; ++i) sum += _amountsOf[root][i];
        return sum == DISTRIBUTOR.cumulativeTotal();
    }

    /// @dev Claimant `i`'s leaf under the live root.
    function _leafOf(uint256 i) internal view returns (uint256 amount, bytes32[] memory proof) {
        uint256[4] memory amounts = _amountsOf[DISTRIBUTOR.merkleRoot()];
        bytes32[4] memory leaves;
        for (uint256 k; k < 4; ++k) leaves[k] = FourLeafTree.leaf(_claimants[k], amounts[k]);
        return (amounts[i], FourLeafTree.proof(leaves, i));
    }

    function _balances() internal view returns (uint256 slashable, uint256 treasury, uint256 credit) {
        address[] memory list = oracles();
        for (uint256 i; i < list.length; ++i) slashable += STAKING.slashableStake(list[i]);
        treasury = OPEN.balanceOf(TREASURY);
        credit = COURT.withdrawable(address(this));
    }

    /// @dev Books a slashing action from the balances before it; `bond` came back to the handler as credit.
    function _accountSlash(
        uint256 slashableBefore,
        uint256 treasuryBefore,
        uint256 creditBefore,
        uint256 bond
    ) internal {
        (uint256 slashable, uint256 treasury, uint256 credit) = _balances();
        ghost_slashed += slashableBefore - slashable;
        ghost_slashToTreasury += treasury - treasuryBefore;
        ghost_slashRewards += credit - creditBefore - bond;
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

    function _sign(uint256 key, IAttributionOracle.Report memory report) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(
            key,
            MessageHashUtils.toTypedDataHash(
                _separator("OpenLedger AttributionOracle", address(ORACLE)),
                ORACLE.reportHash(report)
            )
        );
        return abi.encodePacked(r, s, v);
    }

    function _authorize(
        uint256 key,
        address account,
        address to,
        uint256 amount,
        uint256 deadline
    ) internal view returns (bytes memory) {
        bytes32 structHash = keccak256(
            abi.encode(_CLAIM_TYPEHASH, account, to, amount, DISTRIBUTOR.nonces(account), deadline)
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(
            key,
            MessageHashUtils.toTypedDataHash(
                _separator("OpenLedger RewardDistributor", address(DISTRIBUTOR)),
                structHash
            )
        );
        return abi.encodePacked(r, s, v);
    }

    function _separator(string memory name, address verifyingContract) internal view returns (bytes32) {
        return
            keccak256(
                abi.encode(
                    keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                    keccak256(bytes(name)),
                    keccak256("1"),
                    block.chainid,
                    verifyingContract
                )
            );
    }

    function _popcount(uint256 x) internal pure returns (uint256 n) {
        for (; x != 0; x >>= 1) n += x & 1;
    }
}
