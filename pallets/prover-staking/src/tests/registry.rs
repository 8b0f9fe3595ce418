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

/// Review M4: a prover that drew delegations at 0 % could raise its commission to 100 % in the
/// same block. An increase is announced, applies after the unbonding delay (delegators who
/// disagree leave first), and each step is capped.
#[test]
fn a_commission_increase_is_announced_and_applies_after_the_unbonding_delay() {
	ExtBuilder::build_and_execute(|| {
		assert_ok!(Staking::register_prover(
			RuntimeOrigin::signed(P1),
			1_000,
			Perbill::zero(),
			caps(),
			vec![]
		));
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(D1), P1, 3_000));
		let set = |p| Staking::set_commission(RuntimeOrigin::signed(P1), Perbill::from_percent(p));
		assert_ok!(set(5));
		// Announced, not in force: a reward now is shared at 0 %.
		assert_eq!(ledger(P1).commission, Perbill::zero());
		assert_ok!(<crate::Pallet<Test> as provernet_primitives::ProverStaking<_>>::reward(
			&provernet_primitives::Prover(P1),
			&R1,
			4_000
		));
		assert_eq!(Staking::pending_rewards(&P1, &P1), 1_000);
		assert_eq!(Staking::pending_rewards(&D1, &P1), 3_000);
		// Ten blocks (the mock's unbonding delay) later it is in force.
		run_to(10);
		assert_eq!(Staking::commission_of(&P1), Perbill::zero());
		run_to(11);
		assert_eq!(Staking::commission_of(&P1), Perbill::from_percent(5));
		assert_ok!(<crate::Pallet<Test> as provernet_primitives::ProverStaking<_>>::reward(
			&provernet_primitives::Prover(P1),
			&R1,
			4_000
		));
		// 200 commission; 3,800 over 4,000 stake → P1 950, D1 2,850.
		assert_eq!(Staking::pending_rewards(&P1, &P1), 1_000 + 200 + 950);
		assert_eq!(Staking::pending_rewards(&D1, &P1), 3_000 + 2_850);
	});
}

#[test]
fn a_commission_step_above_the_governed_cap_is_refused() {
	ExtBuilder::build_and_execute(|| {
		assert_ok!(Staking::register_prover(
			RuntimeOrigin::signed(P1),
			1_000,
			Perbill::zero(),
			caps(),
			vec![]
		));
		let set = |p| Staking::set_commission(RuntimeOrigin::signed(P1), Perbill::from_percent(p));
		// The mock caps a step at 10 points.
		assert_noop!(set(100), Error::<Test>::CommissionStepTooLarge);
		assert_noop!(set(11), Error::<Test>::CommissionStepTooLarge);
		assert_ok!(set(10));
		assert_eq!(
			ledger(P1).pending_commission,
			Some(crate::CommissionChange {
				commission: Perbill::from_percent(10),
				effective_at: 11
			})
		);
		assert!(staking_events().contains(&Event::CommissionAnnounced {
			prover: P1,
			commission: Perbill::from_percent(10),
			effective_at: 11
		}));
		// The cap is measured from the commission in force, not the announced one: a second
		// announcement replaces the first and restarts the delay.
		assert_noop!(set(20), Error::<Test>::CommissionStepTooLarge);
		run_to(5);
		assert_ok!(set(8));
		assert_eq!(
			ledger(P1).pending_commission,
			Some(crate::CommissionChange {
				commission: Perbill::from_percent(8),
				effective_at: 15
			})
		);
		run_to(15);
		assert_eq!(Staking::commission_of(&P1), Perbill::from_percent(8));
		// Once in force, the next step is measured from it.
		assert_ok!(set(18));
		run_to(25);
		assert_eq!(Staking::commission_of(&P1), Perbill::from_percent(18));
		// Wallets read it with the announcement applied once due.
		let info = Staking::prover_info(P1).unwrap();
		assert_eq!((info.commission, info.pending_commission), (Perbill::from_percent(18), None));
	});
}

#[test]
fn a_commission_decrease_applies_at_once_and_drops_an_announced_increase() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 1_000); // 10 %
		let set = |p| Staking::set_commission(RuntimeOrigin::signed(P1), Perbill::from_percent(p));
		assert_ok!(set(15));
		assert_ok!(set(4));
		assert_eq!(ledger(P1).commission, Perbill::from_percent(4));
		assert_eq!(ledger(P1).pending_commission, None);
		assert!(staking_events()
			.contains(&Event::CommissionSet { prover: P1, commission: Perbill::from_percent(4) }));
		run_to(100);
		assert_eq!(Staking::commission_of(&P1), Perbill::from_percent(4));
		// A retired prover sets nothing.
		assert_ok!(Staking::retire(RuntimeOrigin::signed(P1)));
		assert_noop!(set(1), Error::<Test>::Retired);
		assert_noop!(
			Staking::set_commission(RuntimeOrigin::signed(P2), Perbill::zero()),
			Error::<Test>::NotProver
		);
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
		let mut d = Staking::delegations_of(D1, None, 256);
		d.sort();
		assert_eq!(d, vec![(P1, 10), (P2, 20)]);
		assert_eq!(Staking::pending_rewards_of(D1, P1), 0);
	});
}
