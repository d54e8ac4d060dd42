// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {OpenStaking} from "../../../contracts/OpenStaking.sol";
import {MockFeeSource} from "../../../contracts/mocks/MockFeeSource.sol";
import {OpenToken} from "../../../contracts/token/OpenToken.sol";

/// @title StakingSetup
/// @notice Deploys OPEN (whole supply to `holder`), a fee source mock and OpenStaking behind an ERC1967 proxy with
/// `admin` as admin and slasher.
library StakingSetup {
    function deploy(
        address holder,
        address admin
    ) internal returns (OpenToken open, MockFeeSource feeSource, OpenStaking staking) {
        open = new OpenToken(holder);
        feeSource = new MockFeeSource(IERC20(address(open)));
        OpenStaking implementation = new OpenStaking(IERC20(address(open)));
        bytes memory init = abi.encodeCall(OpenStaking.initialize, (admin, address(feeSource), admin));
        staking = OpenStaking(address(new ERC1967Proxy(address(implementation), init)));
    }
}
