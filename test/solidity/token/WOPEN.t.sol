// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {Errors} from "@openzeppelin/contracts/utils/Errors.sol";

import {IWOPEN} from "../../../contracts/interfaces/IWOPEN.sol";
import {WOPEN} from "../../../contracts/token/WOPEN.sol";
import {Test} from "../utils/Test.sol";
import {VM_ADDRESS} from "../utils/Vm.sol";

/// @dev Has no receive or fallback function: any value sent to it fails without return data.
contract RejectingReceiver {}

/// @dev Rejects value with a reason of its own, which WOPEN must pass through unchanged.
contract ReasonRejectingReceiver {
    error NoValueAccepted(uint256 value);

    receive() external payable {
        revert NoValueAccepted(msg.value);
    }
}

/// @dev On receiving value from WOPEN, tries to withdraw `amount` again. With `swallowFailure` it catches a failed
/// re-entry and keeps the value it was sent; without, a failed re-entry reverts the whole withdrawal.
contract ReentrantReceiver {
    WOPEN private immutable WOPEN_TOKEN;
    bool private immutable SWALLOW_FAILURE;
    uint256 private _amount;
    bool private _entered;

    bool public reentrySucceeded;
    uint256 public wopenBalanceSeenInCallback;

    constructor(WOPEN wopen, bool swallowFailure) {
        WOPEN_TOKEN = wopen;
        SWALLOW_FAILURE = swallowFailure;
    }

    function depositAndWithdraw(uint256 amount) external payable {
        WOPEN_TOKEN.deposit{value: msg.value}();
        _amount = amount;
        WOPEN_TOKEN.withdraw(amount);
    }

    // The complex receive is the point: it is the hostile callback under test.
    // solhint-disable-next-line no-complex-fallback
    receive() external payable {
        if (msg.sender != address(WOPEN_TOKEN) || _entered) return;
        _entered = true;
        wopenBalanceSeenInCallback = WOPEN_TOKEN.balanceOf(address(this));
        if (SWALLOW_FAILURE) {
            try WOPEN_TOKEN.withdraw(_amount) {
                reentrySucceeded = true;
            } catch {}
        } else {
            WOPEN_TOKEN.withdraw(_amount);
            reentrySucceeded = true;
        }
    }
}

/// @notice Unit and fuzz tests of WOPEN: wrapping and unwrapping native OPEN, hostile receivers, ERC-20 transfers
/// and EIP-2612 permit in the domain ("Wrapped OPEN", "1").
contract WOPENTest is Test {
    bytes32 private constant _PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );
    bytes32 private constant _DOMAIN_TYPEHASH = keccak256(
        "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    );
    /// @dev Native OPEN each named account starts with; far above any amount a test moves.
    uint256 private constant _START_BALANCE = 1e30;
    /// @dev Upper bound of fuzzed amounts, so that every deposit is affordable.
    uint256 private constant _MAX_AMOUNT = 1e29;

    WOPEN private _wopen;
    address private _alice;
    uint256 private _aliceKey;
    address private _bob;
    address private _carol;

    function setUp() public {
        _wopen = new WOPEN();
        (_alice, _aliceKey) = makeAddrAndKey("alice");
        _bob = makeAddr("bob");
        _carol = makeAddr("carol");
        vm.deal(_alice, _START_BALANCE);
        vm.deal(_bob, _START_BALANCE);
        vm.deal(_carol, _START_BALANCE);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Metadata
    // ---------------------------------------------------------------------------------------------------------------

    function test_metadata() public view {
        assertEq(_wopen.name(), "Wrapped OPEN", "name");
        assertEq(_wopen.symbol(), "WOPEN", "symbol");
        assertEq(_wopen.decimals(), 18, "decimals");
        assertEq(_wopen.totalSupply(), 0, "totalSupply");
    }

    function test_domainSeparator_isWrappedOpenVersion1OnThisChain() public view {
        bytes32 expected = keccak256(
            abi.encode(_DOMAIN_TYPEHASH, keccak256("Wrapped OPEN"), keccak256("1"), block.chainid, address(_wopen))
        );
        assertEq(_wopen.DOMAIN_SEPARATOR(), expected, "DOMAIN_SEPARATOR");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // deposit, depositFor, receive
    // ---------------------------------------------------------------------------------------------------------------

    function test_deposit_mintsOneToOneAndEmits() public {
        vm.expectEmit(address(_wopen));
        emit IERC20.Transfer(address(0), _alice, 3e18);
        vm.expectEmit(address(_wopen));
        emit IWOPEN.Deposit(_alice, 3e18);
        vm.prank(_alice);
        _wopen.deposit{value: 3e18}();

        assertEq(_wopen.balanceOf(_alice), 3e18, "WOPEN balance");
        assertEq(_wopen.totalSupply(), 3e18, "totalSupply");
        assertEq(address(_wopen).balance, 3e18, "native held");
        assertEq(_alice.balance, _START_BALANCE - 3e18, "native spent");
    }

    function test_deposit_ofZeroSucceeds() public {
        vm.expectEmit(address(_wopen));
        emit IWOPEN.Deposit(_alice, 0);
        vm.prank(_alice);
        _wopen.deposit();
        assertEq(_wopen.balanceOf(_alice), 0, "WOPEN balance");
    }

    function test_deposit_accumulates() public {
        vm.startPrank(_alice);
        _wopen.deposit{value: 1e18}();
        _wopen.deposit{value: 2e18}();
        vm.stopPrank();
        assertEq(_wopen.balanceOf(_alice), 3e18, "WOPEN balance");
    }

    function test_depositFor_creditsTheAccountNotTheSender() public {
        vm.expectEmit(address(_wopen));
        emit IWOPEN.Deposit(_bob, 5e18);
        vm.prank(_alice);
        _wopen.depositFor{value: 5e18}(_bob);

        assertEq(_wopen.balanceOf(_bob), 5e18, "account");
        assertEq(_wopen.balanceOf(_alice), 0, "sender");
        assertEq(_alice.balance, _START_BALANCE - 5e18, "sender paid");
        assertEq(address(_wopen).balance, 5e18, "native held");
    }

    function test_depositFor_revertsForTheZeroAccount() public {
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InvalidReceiver.selector, address(0)));
        vm.prank(_alice);
        _wopen.depositFor{value: 1}(address(0));
    }

    function test_receive_depositsForTheSender() public {
        vm.expectEmit(address(_wopen));
        emit IWOPEN.Deposit(_alice, 2e18);
        vm.prank(_alice);
        (bool ok, ) = address(_wopen).call{value: 2e18}("");
        assertTrue(ok, "plain send succeeds");
        assertEq(_wopen.balanceOf(_alice), 2e18, "WOPEN balance");
        assertEq(address(_wopen).balance, 2e18, "native held");
    }

    function test_unknownCalldata_isRejected() public {
        // There is no fallback: value with calldata that matches no function is not silently deposited.
        vm.prank(_alice);
        (bool ok, ) = address(_wopen).call{value: 1e18}(hex"deadbeef");
        assertFalse(ok, "call with unknown selector");
        assertEq(_wopen.totalSupply(), 0, "nothing minted");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // withdraw, withdrawTo
    // ---------------------------------------------------------------------------------------------------------------

    function test_withdraw_burnsAndSendsNativeValueAndEmits() public {
        _depositAs(_alice, 5e18);

        vm.expectEmit(address(_wopen));
        emit IERC20.Transfer(_alice, address(0), 2e18);
        vm.expectEmit(address(_wopen));
        emit IWOPEN.Withdrawal(_alice, _alice, 2e18);
        vm.prank(_alice);
        _wopen.withdraw(2e18);

        assertEq(_wopen.balanceOf(_alice), 3e18, "WOPEN balance");
        assertEq(_wopen.totalSupply(), 3e18, "totalSupply");
        assertEq(address(_wopen).balance, 3e18, "native held");
        assertEq(_alice.balance, _START_BALANCE - 3e18, "native back");
    }

    function test_withdraw_ofTheWholeBalanceEmptiesTheAccount() public {
        _depositAs(_alice, 5e18);
        vm.prank(_alice);
        _wopen.withdraw(5e18);
        assertEq(_wopen.balanceOf(_alice), 0, "WOPEN balance");
        assertEq(_alice.balance, _START_BALANCE, "native back");
        assertEq(address(_wopen).balance, 0, "native held");
    }

    function test_withdraw_ofZeroSucceeds() public {
        vm.expectEmit(address(_wopen));
        emit IWOPEN.Withdrawal(_bob, _bob, 0);
        vm.prank(_bob);
        _wopen.withdraw(0);
    }

    function test_withdraw_revertsAboveTheBalance() public {
        _depositAs(_alice, 5e18);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, _alice, 5e18, 5e18 + 1));
        vm.prank(_alice);
        _wopen.withdraw(5e18 + 1);
    }

    function test_withdraw_cannotSpendAnotherAccountsDeposit() public {
        _depositAs(_alice, 5e18);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, _bob, 0, 1));
        vm.prank(_bob);
        _wopen.withdraw(1);
    }

    function test_withdrawTo_sendsToTheRecipientAndBurnsFromTheCaller() public {
        _depositAs(_alice, 5e18);
        uint256 carolBefore = _carol.balance;

        vm.expectEmit(address(_wopen));
        emit IWOPEN.Withdrawal(_alice, _carol, 4e18);
        vm.prank(_alice);
        _wopen.withdrawTo(payable(_carol), 4e18);

        assertEq(_wopen.balanceOf(_alice), 1e18, "caller WOPEN");
        assertEq(_wopen.balanceOf(_carol), 0, "recipient WOPEN");
        assertEq(_carol.balance, carolBefore + 4e18, "recipient native");
        assertEq(_alice.balance, _START_BALANCE - 5e18, "caller native");
    }

    function test_withdrawTo_revertsForTheZeroRecipient() public {
        _depositAs(_alice, 5e18);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InvalidReceiver.selector, address(0)));
        vm.prank(_alice);
        _wopen.withdrawTo(payable(address(0)), 1);
    }

    function test_withdrawTo_revertsWithFailedCallWhenTheRecipientRejectsValue() public {
        _depositAs(_alice, 5e18);
        address rejecting = address(new RejectingReceiver());
        vm.expectRevert(Errors.FailedCall.selector);
        vm.prank(_alice);
        _wopen.withdrawTo(payable(rejecting), 1e18);
        assertEq(_wopen.balanceOf(_alice), 5e18, "burn rolled back");
        assertEq(address(_wopen).balance, 5e18, "native kept");
    }

    function test_withdrawTo_passesOnTheRecipientsRevertReason() public {
        _depositAs(_alice, 5e18);
        address rejecting = address(new ReasonRejectingReceiver());
        vm.expectRevert(abi.encodeWithSelector(ReasonRejectingReceiver.NoValueAccepted.selector, 1e18));
        vm.prank(_alice);
        _wopen.withdrawTo(payable(rejecting), 1e18);
    }

    function test_withdraw_byAContractThatRejectsValueReverts() public {
        // A contract without a receive function can still hold WOPEN (depositFor, transfer) but cannot unwrap it
        // to itself; withdrawTo an account that accepts value is its way out.
        RejectingReceiver rejecting = new RejectingReceiver();
        _depositFor(address(rejecting), 1e18);

        vm.expectRevert(Errors.FailedCall.selector);
        vm.prank(address(rejecting));
        _wopen.withdraw(1e18);

        vm.prank(address(rejecting));
        _wopen.withdrawTo(payable(_bob), 1e18);
        assertEq(_wopen.balanceOf(address(rejecting)), 0, "unwrapped elsewhere");
    }

    function test_withdraw_reentrantReceiverCannotWithdrawTwice() public {
        ReentrantReceiver attacker = new ReentrantReceiver(_wopen, true);
        _depositAs(_bob, 10e18); // other people's money the attacker would like to take

        vm.prank(_carol);
        attacker.depositAndWithdraw{value: 1e18}(1e18);

        assertFalse(attacker.reentrySucceeded(), "re-entry succeeded");
        assertEq(attacker.wopenBalanceSeenInCallback(), 0, "balance already burned during the callback");
        assertEq(address(attacker).balance, 1e18, "attacker got exactly its deposit");
        assertEq(_wopen.balanceOf(address(attacker)), 0, "attacker WOPEN");
        assertEq(address(_wopen).balance, 10e18, "bob's deposit untouched");
        assertEq(_wopen.totalSupply(), 10e18, "totalSupply");
    }

    function test_withdraw_revertsWholeWhenAReentrantWithdrawalFails() public {
        ReentrantReceiver attacker = new ReentrantReceiver(_wopen, false);
        _depositAs(_bob, 10e18);

        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, address(attacker), 0, 1e18)
        );
        vm.prank(_carol);
        attacker.depositAndWithdraw{value: 1e18}(1e18);
        assertEq(address(_wopen).balance, 10e18, "bob's deposit untouched");
    }

    function test_withdraw_reentrantWithdrawalOfItsOwnRemainingBalanceIsFine() public {
        // Holding 2, withdrawing 1 and re-entering for 1 more is legitimate: 2 in, 2 out, nothing extra.
        ReentrantReceiver receiver = new ReentrantReceiver(_wopen, true);
        _depositAs(_bob, 10e18);

        vm.prank(_carol);
        receiver.depositAndWithdraw{value: 2e18}(1e18);

        assertTrue(receiver.reentrySucceeded(), "re-entry for the remaining balance");
        assertEq(receiver.wopenBalanceSeenInCallback(), 1e18, "first burn visible in the callback");
        assertEq(address(receiver).balance, 2e18, "received exactly its deposit");
        assertEq(address(_wopen).balance, 10e18, "bob's deposit untouched");
    }

    function test_forcedValue_isNotClaimable() public {
        _depositAs(_alice, 1e18);
        vm.deal(address(_wopen), address(_wopen).balance + 7e18); // e.g. a self-destruct beneficiary
        assertLe(_wopen.totalSupply(), address(_wopen).balance, "solvent");
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, _alice, 1e18, 1e18 + 1));
        vm.prank(_alice);
        _wopen.withdraw(1e18 + 1);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // ERC-20 and permit
    // ---------------------------------------------------------------------------------------------------------------

    function test_transfer_movesWrappedBalanceThatTheRecipientCanWithdraw() public {
        _depositAs(_alice, 5e18);
        vm.prank(_alice);
        assertTrue(_wopen.transfer(_bob, 2e18), "returns true");
        assertEq(_wopen.balanceOf(_bob), 2e18, "recipient");

        vm.prank(_bob);
        _wopen.withdraw(2e18);
        assertEq(_bob.balance, _START_BALANCE + 2e18, "recipient unwrapped");
        assertEq(_wopen.totalSupply(), 3e18, "totalSupply");
        assertEq(address(_wopen).balance, 3e18, "native held");
    }

    function test_transfer_revertsAboveTheBalance() public {
        _depositAs(_alice, 1e18);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, _alice, 1e18, 1e18 + 1));
        vm.prank(_alice);
        _wopen.transfer(_bob, 1e18 + 1);
    }

    function test_transferFrom_spendsTheAllowance() public {
        _depositAs(_alice, 5e18);
        vm.prank(_alice);
        _wopen.approve(_bob, 3e18);
        vm.prank(_bob);
        _wopen.transferFrom(_alice, _carol, 2e18);
        assertEq(_wopen.balanceOf(_carol), 2e18, "recipient");
        assertEq(_wopen.allowance(_alice, _bob), 1e18, "allowance left");
    }

    function test_permit_setsTheAllowanceFromAnOwnerSignature() public {
        _depositAs(_alice, 5e18);
        uint256 deadline = block.timestamp + 1 days;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(_aliceKey, _alice, _bob, 4e18, 0, deadline);

        vm.expectEmit(address(_wopen));
        emit IERC20.Approval(_alice, _bob, 4e18);
        _wopen.permit(_alice, _bob, 4e18, deadline, v, r, s);
        assertEq(_wopen.allowance(_alice, _bob), 4e18, "allowance");
        assertEq(_wopen.nonces(_alice), 1, "nonce");

        vm.prank(_bob);
        _wopen.transferFrom(_alice, _bob, 4e18);
        assertEq(_wopen.balanceOf(_bob), 4e18, "spender");
    }

    function test_permit_revertsAfterTheDeadline() public {
        vm.warp(1_700_000_000);
        uint256 deadline = block.timestamp - 1;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(_aliceKey, _alice, _bob, 1, 0, deadline);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612ExpiredSignature.selector, deadline));
        _wopen.permit(_alice, _bob, 1, deadline, v, r, s);
    }

    function test_permit_revertsWhenSignedByAnotherKey() public {
        (address mallory, uint256 malloryKey) = makeAddrAndKey("mallory");
        uint256 deadline = block.timestamp + 1;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(malloryKey, _alice, _bob, 1, 0, deadline);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, mallory, _alice));
        _wopen.permit(_alice, _bob, 1, deadline, v, r, s);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Fuzz
    // ---------------------------------------------------------------------------------------------------------------

    function testFuzz_deposit_mintsExactlyTheValue(uint256 amount) public {
        amount = bound(amount, 0, _MAX_AMOUNT);
        vm.prank(_alice);
        _wopen.deposit{value: amount}();
        assertEq(_wopen.balanceOf(_alice), amount, "WOPEN balance");
        assertEq(_wopen.totalSupply(), amount, "totalSupply");
        assertEq(address(_wopen).balance, amount, "native held");
    }

    function testFuzz_depositFor_creditsTheAccount(address account, uint256 amount) public {
        vm.assume(account != address(0));
        amount = bound(amount, 0, _MAX_AMOUNT);
        vm.prank(_alice);
        _wopen.depositFor{value: amount}(account);
        assertEq(_wopen.balanceOf(account), amount, "account");
        assertEq(_alice.balance, _START_BALANCE - amount, "sender paid");
    }

    function testFuzz_receive_depositsForTheSender(uint256 amount) public {
        amount = bound(amount, 0, _MAX_AMOUNT);
        vm.prank(_alice);
        (bool ok, ) = address(_wopen).call{value: amount}("");
        assertTrue(ok, "plain send succeeds");
        assertEq(_wopen.balanceOf(_alice), amount, "WOPEN balance");
    }

    function testFuzz_withdraw_returnsExactlyTheAmount(uint256 deposited, uint256 amount) public {
        deposited = bound(deposited, 0, _MAX_AMOUNT);
        amount = bound(amount, 0, deposited);
        _depositAs(_alice, deposited);

        vm.prank(_alice);
        _wopen.withdraw(amount);

        assertEq(_wopen.balanceOf(_alice), deposited - amount, "WOPEN left");
        assertEq(_alice.balance, _START_BALANCE - deposited + amount, "native back");
        assertEq(address(_wopen).balance, deposited - amount, "native held");
        assertEq(_wopen.totalSupply(), deposited - amount, "totalSupply");
    }

    function testFuzz_withdraw_revertsAboveTheBalance(uint256 deposited, uint256 amount) public {
        deposited = bound(deposited, 0, _MAX_AMOUNT);
        amount = bound(amount, deposited + 1, type(uint256).max);
        _depositAs(_alice, deposited);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, _alice, deposited, amount)
        );
        vm.prank(_alice);
        _wopen.withdraw(amount);
    }

    function testFuzz_withdrawTo_paysAnyAccountWithoutCode(uint160 toSeed, uint256 deposited, uint256 amount) public {
        // Above the precompiles; accounts with code (the test, WOPEN, the cheatcodes) are skipped.
        address to = address(uint160(bound(toSeed, 0x10000, type(uint160).max)));
        vm.assume(to.code.length == 0 && to != VM_ADDRESS);
        deposited = bound(deposited, 0, _MAX_AMOUNT);
        amount = bound(amount, 0, deposited);
        _depositAs(_alice, deposited);
        uint256 toBefore = to.balance;

        vm.prank(_alice);
        _wopen.withdrawTo(payable(to), amount);

        assertEq(_wopen.balanceOf(_alice), deposited - amount, "caller WOPEN");
        if (to != _alice) assertEq(to.balance, toBefore + amount, "recipient native");
        assertEq(address(_wopen).balance, deposited - amount, "native held");
    }

    function testFuzz_transfer_movesWrappedBalance(address to, uint256 deposited, uint256 amount) public {
        vm.assume(to != address(0) && to != _alice);
        deposited = bound(deposited, 0, _MAX_AMOUNT);
        amount = bound(amount, 0, deposited);
        _depositAs(_alice, deposited);
        vm.prank(_alice);
        _wopen.transfer(to, amount);
        assertEq(_wopen.balanceOf(_alice), deposited - amount, "sender");
        assertEq(_wopen.balanceOf(to), amount, "recipient");
        assertEq(_wopen.totalSupply(), deposited, "totalSupply");
    }

    function testFuzz_permit_acceptsTheOwnerSignature(address spender, uint256 value, uint256 deadline) public {
        vm.assume(spender != address(0));
        deadline = bound(deadline, block.timestamp, type(uint256).max);
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(_aliceKey, _alice, spender, value, 0, deadline);
        _wopen.permit(_alice, spender, value, deadline, v, r, s);
        assertEq(_wopen.allowance(_alice, spender), value, "allowance");
        assertEq(_wopen.nonces(_alice), 1, "nonce");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------------------------

    function _depositAs(address account, uint256 amount) private {
        vm.prank(account);
        _wopen.deposit{value: amount}();
    }

    function _depositFor(address account, uint256 amount) private {
        vm.prank(_carol);
        _wopen.depositFor{value: amount}(account);
    }

    function _signPermit(
        uint256 key,
        address owner,
        address spender,
        uint256 value,
        uint256 nonce,
        uint256 deadline
    ) private view returns (uint8 v, bytes32 r, bytes32 s) {
        bytes32 structHash = keccak256(abi.encode(_PERMIT_TYPEHASH, owner, spender, value, nonce, deadline));
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", _wopen.DOMAIN_SEPARATOR(), structHash));
        return vm.sign(key, digest);
    }
}
