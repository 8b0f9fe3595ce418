//! Tests by topic. Each runs under `ExtBuilder::build_and_execute`, which checks `try_state`, total
//! issuance and that every BREV is in an account after the test.

mod delegation;
mod obligations;
mod registry;
mod rewards;
mod slashing;
mod stake;
mod status;

use crate::{mock::*, Error, Event, HoldReason, ProverLedger, ProverStatus};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use sp_runtime::Perbill;

fn held(reason: HoldReason, who: AccountId) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::Staking(reason), &who)
}

fn free(who: AccountId) -> Balance {
	Balances::balance(&who)
}

fn register(who: AccountId, stake: Balance) {
	assert_ok!(Staking::register_prover(
		RuntimeOrigin::signed(who),
		stake,
		Perbill::from_percent(10),
		caps(),
		b"prover".to_vec()
	));
}

fn ledger(who: AccountId) -> ProverLedger<Test> {
	ProverLedger::<Test>::get(&who).expect("registered")
}
