// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

import {OpenToken} from "../../../contracts/token/OpenToken.sol";
import {Test} from "../utils/Test.sol";

/// @notice Unit and fuzz tests of OPEN: fixed supply, ERC-20 transfers and allowances with EIP-6093 errors, and
/// EIP-2612 permit in the domain ("OpenLedger", "1").
contract OpenTokenTest is Test {
    bytes32 private constant _PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );
    bytes32 private constant _DOMAIN_TYPEHASH = keccak256(
        "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    );
    uint256 private constant _SUPPLY = 1_000_000_000e18;

    OpenToken private _open;
    address private _treasury;
    address private _alice;
    uint256 private _aliceKey;
    address private _bob;
    address private _carol;

    function setUp() public {
        _treasury = makeAddr("treasury");
        (_alice, _aliceKey) = makeAddrAndKey("alice");
        _bob = makeAddr("bob");
        _carol = makeAddr("carol");
        _open = new OpenToken(_treasury);
        vm.prank(_treasury);
        _open.transfer(_alice, 1_000e18);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Construction and metadata
    // ---------------------------------------------------------------------------------------------------------------

    function test_constructor_mintsTheWholeSupplyToTheRecipient() public {
        OpenToken fresh = new OpenToken(_bob);
        assertEq(fresh.totalSupply(), _SUPPLY, "totalSupply");
        assertEq(fresh.TOTAL_SUPPLY(), _SUPPLY, "TOTAL_SUPPLY");
        assertEq(fresh.balanceOf(_bob), _SUPPLY, "recipient balance");
    }

    function test_constructor_emitsTransferFromZero() public {
        vm.expectEmit();
        emit IERC20.Transfer(address(0), _bob, _SUPPLY);
        new OpenToken(_bob);
    }

    function test_constructor_revertsForTheZeroRecipient() public {
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InvalidReceiver.selector, address(0)));
        new OpenToken(address(0));
    }

    function test_metadata() public view {
        assertEq(_open.name(), "OpenLedger", "name");
        assertEq(_open.symbol(), "OPEN", "symbol");
        assertEq(_open.decimals(), 18, "decimals");
    }

    function test_domainSeparator_isOpenLedgerVersion1OnThisChain() public view {
        bytes32 expected = keccak256(
            abi.encode(_DOMAIN_TYPEHASH, keccak256("OpenLedger"), keccak256("1"), block.chainid, address(_open))
        );
        assertEq(_open.DOMAIN_SEPARATOR(), expected, "DOMAIN_SEPARATOR");
        (, string memory name, string memory version, uint256 chainId, address verifyingContract, , ) = _open
            .eip712Domain();
        assertEq(name, "OpenLedger", "eip712Domain name");
        assertEq(version, "1", "eip712Domain version");
        assertEq(chainId, block.chainid, "eip712Domain chainId");
        assertEq(verifyingContract, address(_open), "eip712Domain verifyingContract");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // transfer
    // ---------------------------------------------------------------------------------------------------------------

    function test_transfer_movesBalanceAndEmits() public {
        vm.expectEmit(address(_open));
        emit IERC20.Transfer(_alice, _bob, 300e18);
        vm.prank(_alice);
        assertTrue(_open.transfer(_bob, 300e18), "returns true");
        assertEq(_open.balanceOf(_alice), 700e18, "sender");
        assertEq(_open.balanceOf(_bob), 300e18, "recipient");
        assertEq(_open.totalSupply(), _SUPPLY, "supply unchanged");
    }

    function test_transfer_ofTheWholeBalanceSucceeds() public {
        vm.prank(_alice);
        _open.transfer(_bob, 1_000e18);
        assertEq(_open.balanceOf(_alice), 0, "sender");
        assertEq(_open.balanceOf(_bob), 1_000e18, "recipient");
    }

    function test_transfer_ofZeroSucceedsAndEmits() public {
        vm.expectEmit(address(_open));
        emit IERC20.Transfer(_bob, _carol, 0);
        vm.prank(_bob); // holds nothing
        assertTrue(_open.transfer(_carol, 0), "returns true");
        assertEq(_open.balanceOf(_carol), 0, "recipient");
    }

    function test_transfer_toSelfSucceedsAndKeepsTheBalance() public {
        vm.expectEmit(address(_open));
        emit IERC20.Transfer(_alice, _alice, 400e18);
        vm.prank(_alice);
        assertTrue(_open.transfer(_alice, 400e18), "returns true");
        assertEq(_open.balanceOf(_alice), 1_000e18, "balance");
    }

    function test_transfer_revertsWhenTheBalanceIsTooLow() public {
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, _alice, 1_000e18, 1_000e18 + 1)
        );
        vm.prank(_alice);
        _open.transfer(_bob, 1_000e18 + 1);
    }

    function test_transfer_revertsToTheZeroAddress() public {
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InvalidReceiver.selector, address(0)));
        vm.prank(_alice);
        _open.transfer(address(0), 1);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // approve and allowance
    // ---------------------------------------------------------------------------------------------------------------

    function test_approve_setsTheAllowanceAndEmits() public {
        vm.expectEmit(address(_open));
        emit IERC20.Approval(_alice, _bob, 123);
        vm.prank(_alice);
        assertTrue(_open.approve(_bob, 123), "returns true");
        assertEq(_open.allowance(_alice, _bob), 123, "allowance");
    }

    function test_approve_overwritesRatherThanAdds() public {
        vm.startPrank(_alice);
        _open.approve(_bob, 500);
        _open.approve(_bob, 7);
        vm.stopPrank();
        assertEq(_open.allowance(_alice, _bob), 7, "allowance");
    }

    function test_approve_ofZeroRevokes() public {
        vm.startPrank(_alice);
        _open.approve(_bob, 500);
        _open.approve(_bob, 0);
        vm.stopPrank();
        assertEq(_open.allowance(_alice, _bob), 0, "allowance");
    }

    function test_approve_mayExceedTheBalance() public {
        vm.prank(_bob); // holds nothing
        _open.approve(_carol, 1e30);
        assertEq(_open.allowance(_bob, _carol), 1e30, "allowance");
    }

    function test_approve_revertsForTheZeroSpender() public {
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InvalidSpender.selector, address(0)));
        vm.prank(_alice);
        _open.approve(address(0), 1);
    }

    function test_allowance_isZeroByDefault() public view {
        assertEq(_open.allowance(_alice, _bob), 0, "allowance");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // transferFrom
    // ---------------------------------------------------------------------------------------------------------------

    function test_transferFrom_movesBalanceAndSpendsTheAllowance() public {
        vm.prank(_alice);
        _open.approve(_bob, 500e18);

        vm.expectEmit(address(_open));
        emit IERC20.Transfer(_alice, _carol, 200e18);
        vm.prank(_bob);
        assertTrue(_open.transferFrom(_alice, _carol, 200e18), "returns true");

        assertEq(_open.balanceOf(_alice), 800e18, "owner");
        assertEq(_open.balanceOf(_carol), 200e18, "recipient");
        assertEq(_open.balanceOf(_bob), 0, "spender");
        assertEq(_open.allowance(_alice, _bob), 300e18, "allowance left");
    }

    function test_transferFrom_ofTheExactAllowanceLeavesZero() public {
        vm.prank(_alice);
        _open.approve(_bob, 500e18);
        vm.prank(_bob);
        _open.transferFrom(_alice, _bob, 500e18);
        assertEq(_open.allowance(_alice, _bob), 0, "allowance left");
    }

    function test_transferFrom_withAnInfiniteAllowanceDoesNotSpendIt() public {
        vm.prank(_alice);
        _open.approve(_bob, type(uint256).max);
        vm.prank(_bob);
        _open.transferFrom(_alice, _carol, 1_000e18);
        assertEq(_open.allowance(_alice, _bob), type(uint256).max, "allowance left");
    }

    function test_transferFrom_ofZeroNeedsNoAllowance() public {
        vm.prank(_bob);
        assertTrue(_open.transferFrom(_alice, _carol, 0), "returns true");
        assertEq(_open.balanceOf(_alice), 1_000e18, "owner");
    }

    function test_transferFrom_toTheOwnerItselfSucceeds() public {
        vm.prank(_alice);
        _open.approve(_bob, 100);
        vm.prank(_bob);
        _open.transferFrom(_alice, _alice, 100);
        assertEq(_open.balanceOf(_alice), 1_000e18, "owner");
        assertEq(_open.allowance(_alice, _bob), 0, "allowance spent");
    }

    function test_transferFrom_revertsWhenTheAllowanceIsTooLow() public {
        vm.prank(_alice);
        _open.approve(_bob, 99);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, _bob, 99, 100));
        vm.prank(_bob);
        _open.transferFrom(_alice, _carol, 100);
    }

    function test_transferFrom_revertsWithoutAnyAllowance() public {
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, _bob, 0, 1));
        vm.prank(_bob);
        _open.transferFrom(_alice, _carol, 1);
    }

    function test_transferFrom_revertsWhenTheOwnerBalanceIsTooLow() public {
        vm.prank(_alice);
        _open.approve(_bob, type(uint256).max);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, _alice, 1_000e18, 1_001e18)
        );
        vm.prank(_bob);
        _open.transferFrom(_alice, _carol, 1_001e18);
    }

    function test_transferFrom_doesNotLetTheOwnerSkipTheAllowance() public {
        // Spending one's own tokens through transferFrom still needs an allowance to oneself.
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, _alice, 0, 1));
        vm.prank(_alice);
        _open.transferFrom(_alice, _bob, 1);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // permit (EIP-2612)
    // ---------------------------------------------------------------------------------------------------------------

    function test_permit_setsTheAllowanceFromAnOwnerSignature() public {
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(_aliceKey, _alice, _bob, 250e18, 0, deadline);

        vm.expectEmit(address(_open));
        emit IERC20.Approval(_alice, _bob, 250e18);
        vm.prank(_carol); // anyone may submit the signature
        _open.permit(_alice, _bob, 250e18, deadline, v, r, s);

        assertEq(_open.allowance(_alice, _bob), 250e18, "allowance");
        assertEq(_open.nonces(_alice), 1, "nonce");
    }

    function test_permit_thenTransferFrom() public {
        uint256 deadline = block.timestamp;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(_aliceKey, _alice, _bob, 250e18, 0, deadline);
        _open.permit(_alice, _bob, 250e18, deadline, v, r, s); // a deadline equal to now is still valid
        vm.prank(_bob);
        _open.transferFrom(_alice, _bob, 250e18);
        assertEq(_open.balanceOf(_bob), 250e18, "spender");
    }

    function test_permit_revertsAfterTheDeadline() public {
        vm.warp(1_700_000_000);
        uint256 deadline = block.timestamp - 1;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(_aliceKey, _alice, _bob, 1, 0, deadline);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612ExpiredSignature.selector, deadline));
        _open.permit(_alice, _bob, 1, deadline, v, r, s);
    }

    function test_permit_revertsWhenSignedByAnotherKey() public {
        (address mallory, uint256 malloryKey) = makeAddrAndKey("mallory");
        uint256 deadline = block.timestamp + 1;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(malloryKey, _alice, _bob, 1, 0, deadline);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, mallory, _alice));
        _open.permit(_alice, _bob, 1, deadline, v, r, s);
    }

    function test_permit_revertsWhenAnyFieldDiffersFromTheSignedOne() public {
        uint256 deadline = block.timestamp + 1;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(_aliceKey, _alice, _bob, 100, 0, deadline);
        // A different value recovers some other signer.
        vm.expectPartialRevert(ERC20Permit.ERC2612InvalidSigner.selector);
        _open.permit(_alice, _bob, 101, deadline, v, r, s);
        vm.expectPartialRevert(ERC20Permit.ERC2612InvalidSigner.selector);
        _open.permit(_alice, _carol, 100, deadline, v, r, s);
        vm.expectPartialRevert(ERC20Permit.ERC2612InvalidSigner.selector);
        _open.permit(_alice, _bob, 100, deadline + 1, v, r, s);
    }

    function test_permit_cannotBeReplayed() public {
        uint256 deadline = block.timestamp + 1;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(_aliceKey, _alice, _bob, 100, 0, deadline);
        _open.permit(_alice, _bob, 100, deadline, v, r, s);
        // The nonce is now 1, so the same signature recovers a different address.
        vm.expectPartialRevert(ERC20Permit.ERC2612InvalidSigner.selector);
        _open.permit(_alice, _bob, 100, deadline, v, r, s);
    }

    function test_permit_forAnotherTokenDomainIsRejected() public {
        OpenToken other = new OpenToken(_treasury);
        uint256 deadline = block.timestamp + 1;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(_aliceKey, _alice, _bob, 100, 0, deadline);
        vm.expectPartialRevert(ERC20Permit.ERC2612InvalidSigner.selector);
        other.permit(_alice, _bob, 100, deadline, v, r, s);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Fuzz
    // ---------------------------------------------------------------------------------------------------------------

    function testFuzz_transfer_conservesBalances(address to, uint256 amount) public {
        vm.assume(to != address(0));
        amount = bound(amount, 0, _open.balanceOf(_alice));
        uint256 senderBefore = _open.balanceOf(_alice);
        uint256 recipientBefore = _open.balanceOf(to);

        vm.prank(_alice);
        assertTrue(_open.transfer(to, amount), "returns true");

        if (to == _alice) {
            assertEq(_open.balanceOf(_alice), senderBefore, "self transfer");
        } else {
            assertEq(_open.balanceOf(_alice), senderBefore - amount, "sender");
            assertEq(_open.balanceOf(to), recipientBefore + amount, "recipient");
        }
        assertEq(_open.totalSupply(), _SUPPLY, "supply");
    }

    function testFuzz_transfer_revertsAboveTheBalance(uint256 amount) public {
        uint256 balance = _open.balanceOf(_alice);
        amount = bound(amount, balance + 1, type(uint256).max);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, _alice, balance, amount)
        );
        vm.prank(_alice);
        _open.transfer(_bob, amount);
    }

    function testFuzz_approve_setsAnyAllowance(address spender, uint256 amount) public {
        vm.assume(spender != address(0));
        vm.prank(_alice);
        assertTrue(_open.approve(spender, amount), "returns true");
        assertEq(_open.allowance(_alice, spender), amount, "allowance");
    }

    function testFuzz_transferFrom_spendsExactlyTheAmount(uint256 allowance, uint256 amount, address to) public {
        vm.assume(to != address(0) && to != _alice);
        allowance = bound(allowance, 0, type(uint256).max - 1); // the maximum is the infinite allowance
        amount = bound(amount, 0, _min(allowance, _open.balanceOf(_alice)));
        vm.prank(_alice);
        _open.approve(_bob, allowance);
        uint256 recipientBefore = _open.balanceOf(to);

        vm.prank(_bob);
        _open.transferFrom(_alice, to, amount);

        assertEq(_open.allowance(_alice, _bob), allowance - amount, "allowance left");
        assertEq(_open.balanceOf(_alice), 1_000e18 - amount, "owner");
        assertEq(_open.balanceOf(to), recipientBefore + amount, "recipient");
    }

    function testFuzz_transferFrom_revertsAboveTheAllowance(uint256 allowance, uint256 amount) public {
        allowance = bound(allowance, 0, _open.balanceOf(_alice) - 1);
        amount = bound(amount, allowance + 1, _open.balanceOf(_alice));
        vm.prank(_alice);
        _open.approve(_bob, allowance);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, _bob, allowance, amount)
        );
        vm.prank(_bob);
        _open.transferFrom(_alice, _carol, amount);
    }

    function testFuzz_permit_acceptsTheOwnerSignature(
        uint256 ownerKey,
        address spender,
        uint256 value,
        uint256 deadline
    ) public {
        // Valid secp256k1 private keys are 1 .. n - 1.
        ownerKey = bound(ownerKey, 1, 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364140);
        vm.assume(spender != address(0));
        deadline = bound(deadline, block.timestamp, type(uint256).max);
        address owner = vm.addr(ownerKey);

        (uint8 v, bytes32 r, bytes32 s) = _signPermit(ownerKey, owner, spender, value, 0, deadline);
        _open.permit(owner, spender, value, deadline, v, r, s);

        assertEq(_open.allowance(owner, spender), value, "allowance");
        assertEq(_open.nonces(owner), 1, "nonce");
    }

    function testFuzz_permit_rejectsAnyOtherSigner(uint256 signerKey, uint256 value) public {
        signerKey = bound(signerKey, 1, 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364140);
        vm.assume(signerKey != _aliceKey);
        uint256 deadline = block.timestamp + 1;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(signerKey, _alice, _bob, value, 0, deadline);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, vm.addr(signerKey), _alice));
        _open.permit(_alice, _bob, value, deadline, v, r, s);
    }

    function testFuzz_permit_rejectsAnyPastDeadline(uint256 deadline) public {
        vm.warp(1_700_000_000);
        deadline = bound(deadline, 0, block.timestamp - 1);
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(_aliceKey, _alice, _bob, 1, 0, deadline);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612ExpiredSignature.selector, deadline));
        _open.permit(_alice, _bob, 1, deadline, v, r, s);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------------------------

    function _signPermit(
        uint256 key,
        address owner,
        address spender,
        uint256 value,
        uint256 nonce,
        uint256 deadline
    ) private view returns (uint8 v, bytes32 r, bytes32 s) {
        bytes32 structHash = keccak256(abi.encode(_PERMIT_TYPEHASH, owner, spender, value, nonce, deadline));
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", _open.DOMAIN_SEPARATOR(), structHash));
        return vm.sign(key, digest);
    }

    function _min(uint256 a, uint256 b) private pure returns (uint256) {
        return a < b ? a : b;
    }
}
