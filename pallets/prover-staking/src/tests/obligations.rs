//! Overcommit protection through the `ProverStaking` trait.

use super::*;
use provernet_primitives::{Prover, ProverStaking};

type S = crate::Pallet<Test>;

#[test]
fn obligations_fit_while_obligations_times_overcommit_cover_the_stake() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 2_000);
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(D1), P1, 8_500));
		let p = Prover(P1);
		// Effective stake 10_500, overcommit 1.05: room for 10_000.
		assert_eq!(S::effective_stake(&p), 10_500);
		assert_eq!(S::obligation_room(&p), 10_000);
		assert_ok!(S::lock_obligation(&p, 6_000));
		assert_ok!(S::lock_obligation(&p, 4_000));
		assert_eq!(S::obligation_room(&p), 0);
		assert_noop!(S::lock_obligation(&p, 1), Error::<Test>::Overcommitted);
		S::release_obligation(&p, 4_000);
		assert_eq!(ledger(P1).obligations, 6_000);
		assert_ok!(S::lock_obligation(&p, 1));
		assert!(staking_events().contains(&Event::ObligationLocked {
			prover: P1,
			amount: 1,
			total: 6_001
		}));
	});
}

#[test]
fn stake_backing_obligations_cannot_leave() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 2_000);
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(D1), P1, 8_500));
		assert_ok!(S::lock_obligation(&Prover(P1), 9_000));
		// 9_000 × 1.05 = 9_450 must stay covered.
		assert_noop!(
			Staking::undelegate(RuntimeOrigin::signed(D1), P1, 1_100),
			Error::<Test>::WouldUndercollateralize
		);
		assert_ok!(Staking::undelegate(RuntimeOrigin::signed(D1), P1, 1_000));
		assert_noop!(
			Staking::unbond(RuntimeOrigin::signed(P1), 100),
			Error::<Test>::WouldUndercollateralize
		);
	});
}

#[test]
fn only_active_provers_take_obligations_and_serve_classes() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 5_000);
		let p = Prover(P1);
		assert!(S::is_active(&p));
		assert!(S::serves(&p, 1) && S::serves(&p, 7) && !S::serves(&p, 2));
		assert_eq!(S::capacity(&p, 1), 4);
		assert_ok!(Staking::chill(RuntimeOrigin::signed(P1)));
		assert!(!S::is_active(&p));
		assert_eq!(S::obligation_room(&p), 0);
		assert_noop!(S::lock_obligation(&p, 1), Error::<Test>::NotActive);
		assert_noop!(S::lock_obligation(&Prover(P2), 1), Error::<Test>::NotProver);
	});
}

#[test]
fn a_zero_overcommit_factor_means_no_limit() {
	ExtBuilder::build_and_execute(|| {
		Overcommit::set(sp_runtime::FixedU128::from_u32(0));
		register(P1, 1_000);
		assert_ok!(S::lock_obligation(&Prover(P1), 1_000_000));
	});
}

/// Market review H4: a prover whose revealed ask waits for its clearing backs out by chilling or
/// dropping the class. A reservation is an obligation, and it pins the prover's status and class.
#[test]
fn a_reserved_ask_pins_the_prover_until_it_is_released() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 2_000);
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(D1), P1, 8_500));
		let p = Prover(P1);
		assert_ok!(S::reserve(&p, 1, 6_000));
		assert_ok!(S::reserve(&p, 1, 1_000));
		assert_eq!(crate::Reservations::<Test>::get(P1, 1), Some(7_000));
		assert_eq!(ledger(P1).obligations, 7_000);
		assert_eq!(S::obligation_room(&p), 3_000);
		// No room beyond what the stake carries, and only in served classes.
		assert_noop!(S::reserve(&p, 1, 3_001), Error::<Test>::Overcommitted);
		assert_noop!(S::reserve(&p, 2, 1), Error::<Test>::NotServing);
		// The back-outs.
		assert_noop!(Staking::chill(RuntimeOrigin::signed(P1)), Error::<Test>::InAuction);
		assert_noop!(
			Staking::update_capabilities(
				RuntimeOrigin::signed(P1),
				vec![crate::Capability { class: 7, capacity: 2 }]
			),
			Error::<Test>::InAuction
		);
		assert_noop!(
			Staking::undelegate(RuntimeOrigin::signed(D1), P1, 4_000),
			Error::<Test>::WouldUndercollateralize
		);
		// Other classes may change.
		assert_ok!(Staking::update_capabilities(
			RuntimeOrigin::signed(P1),
			vec![crate::Capability { class: 1, capacity: 1 }]
		));
		// Released (round cleared or rolled over): free again.
		S::unreserve(&p, 1, 7_000);
		assert_eq!(crate::Reservations::<Test>::get(P1, 1), None);
		assert_eq!(ledger(P1).obligations, 0);
		assert_ok!(Staking::chill(RuntimeOrigin::signed(P1)));
		assert_noop!(S::reserve(&p, 1, 1), Error::<Test>::NotActive);
	});
}

/// Review of H4: unbonding under the minimum self-stake is a chill under another name.
#[test]
fn a_reserved_ask_pins_the_self_stake_above_the_minimum() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 5_000);
		assert_ok!(S::reserve(&Prover(P1), 1, 30));
		let min = <Test as crate::Config>::MinSelfStake::get();
		assert_noop!(
			Staking::unbond(RuntimeOrigin::signed(P1), 5_000 - min + 1),
			Error::<Test>::InAuction
		);
		// Down to the minimum is fine: the prover stays active.
		assert_ok!(Staking::unbond(RuntimeOrigin::signed(P1), 5_000 - min));
		assert!(S::is_active(&Prover(P1)));
		assert_noop!(S::reserve(&Prover(P1), 1, 0), Error::<Test>::ZeroAmount);
	});
}
