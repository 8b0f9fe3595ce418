//! Registration, capabilities, metadata, commission.

use super::*;
use crate::Capability;

#[test]
fn register_holds_self_stake_on_the_provers_own_account() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 5_000);
		assert_eq!(held(HoldReason::ProverBond, P1), 5_000);
		assert_eq!(free(P1), START - 5_000);
		let l = ledger(P1);
		assert_eq!(l.status, ProverStatus::Active);
		assert_eq!(l.self_stake, 5_000);
		assert_eq!(l.capacity(1), 4);
		assert_eq!(l.capacity(7), 2);
		assert_eq!(l.capacity(3), 0);
		assert_eq!(l.metadata.to_vec(), b"prover".to_vec());
		assert_eq!(
			staking_events(),
			vec![Event::ProverRegistered {
				prover: P1,
				self_stake: 5_000,
				commission: Perbill::from_percent(10)
			}]
		);
	});
}

#[test]
fn registration_refuses_bad_input_and_changes_nothing() {
	ExtBuilder::build_and_execute(|| {
		let reg = |stake, caps: Vec<Capability>, meta: Vec<u8>| {
			Staking::register_prover(RuntimeOrigin::signed(P1), stake, Perbill::zero(), caps, meta)
		};
		assert_noop!(reg(999, caps(), vec![]), Error::<Test>::SelfStakeTooLow);
		assert_noop!(reg(START, caps(), vec![]), Error::<Test>::InsufficientBalance);
		assert_noop!(reg(1_000, caps(), vec![0; 33]), Error::<Test>::MetadataTooLong);
		let unsorted =
			vec![Capability { class: 7, capacity: 1 }, Capability { class: 1, capacity: 1 }];
		assert_noop!(reg(1_000, unsorted, vec![]), Error::<Test>::BadCapabilities);
		let zero = vec![Capability { class: 1, capacity: 0 }];
		assert_noop!(reg(1_000, zero, vec![]), Error::<Test>::BadCapabilities);
		let too_many = (0..5).map(|c| Capability { class: c, capacity: 1 }).collect();
		assert_noop!(reg(1_000, too_many, vec![]), Error::<Test>::BadCapabilities);
		// Review C1: a capacity the auction cannot clear would poison every round it is bid in.
		let wide = vec![Capability { class: 1, capacity: provernet_primitives::MAX_CAPACITY + 1 }];
		assert_noop!(reg(1_000, wide.clone(), vec![]), Error::<Test>::CapacityTooLarge);
		let widest = vec![Capability { class: 1, capacity: provernet_primitives::MAX_CAPACITY }];
		assert_ok!(reg(1_000, widest, vec![]));
		assert_noop!(
			Staking::update_capabilities(RuntimeOrigin::signed(P1), wide),
			Error::<Test>::CapacityTooLarge
		);
		assert_ok!(Staking::update_capabilities(RuntimeOrigin::signed(P1), caps()));
		assert_noop!(reg(1_000, caps(), vec![]), Error::<Test>::AlreadyRegistered);
	});
}

#[test]
fn capabilities_can_be_replaced() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 1_000);
		let new = vec![Capability { class: 3, capacity: 9 }];
		assert_ok!(Staking::update_capabilities(RuntimeOrigin::signed(P1), new));
		assert_eq!(ledger(P1).capacity(3), 9);
		assert_eq!(ledger(P1).capacity(1), 0);
		assert_noop!(
			Staking::update_capabilities(RuntimeOrigin::signed(P2), vec![]),
			Error::<Test>::NotProver
		);
	});
}

#[test]
fn commission_decreases_at_once_and_increases_are_spaced_by_the_unbonding_delay() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 1_000);
		let set = |p| Staking::set_commission(RuntimeOrigin::signed(P1), Perbill::from_percent(p));
		assert_ok!(set(5));
		assert_ok!(set(20)); // first increase
		assert_eq!(ledger(P1).commission_raised_at, Some(1));
		assert_noop!(set(30), Error::<Test>::CommissionIncreaseTooSoon);
		assert_ok!(set(15)); // decreases are always fine
		run_to(11);
		assert_ok!(set(30));
		assert_eq!(ledger(P1).commission, Perbill::from_percent(30));
	});
}

#[test]
fn view_functions_answer_what_wallets_ask() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 1_000);
		register(P2, 1_000);
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(D1), P1, 10));
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(D1), P2, 20));
		assert_eq!(Staking::prover_info(P1).unwrap().self_stake, 1_000);
		assert!(Staking::prover_info(D1).is_none());
		let mut d = Staking::delegations_of(D1);
		d.sort();
		assert_eq!(d, vec![(P1, 10), (P2, 20)]);
		assert_eq!(Staking::pending_rewards_of(D1, P1), 0);
	});
}
