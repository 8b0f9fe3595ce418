//! Rounds, sealed asks and the snapshot, with exact bond balances.

use crate::{commitment_of, mock::*, Commitments, Error, Event, RoundStatus, Rounds, Snapshots};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use provernet_primitives::jobs::OpenLot;

fn salt(n: u8) -> [u8; 32] {
	[n; 32]
}

fn commit(
	who: AccountId,
	round: u64,
	price: Balance,
	capacity: u32,
	s: u8,
) -> sp_runtime::DispatchResult {
	Toda::commit_ask(
		RuntimeOrigin::signed(who),
		round,
		CLASS,
		commitment_of(round, CLASS, &who, price, capacity, salt(s)),
	)
}

fn reveal(
	who: AccountId,
	round: u64,
	price: Balance,
	capacity: u32,
	s: u8,
) -> sp_runtime::DispatchResult {
	Toda::reveal_ask(RuntimeOrigin::signed(who), round, CLASS, price, capacity, salt(s))
}

fn bond_held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&crate::HoldReason::BidBond.into(), &who)
}

#[test]
fn rounds_open_back_to_back_with_their_windows() {
	ExtBuilder::build_and_execute(|| {
		let r0 = Rounds::<Test>::get(0).unwrap();
		assert_eq!(
			(
				r0.commit_from,
				r0.commit_until,
				r0.reveal_until,
				r0.clearing_until,
				r0.fallback_until
			),
			(1, 11, 16, 21, 26)
		);
		assert_eq!(r0.status, RoundStatus::Commit);
		run_to(11);
		// Round 1 opens as round 0's commit closes.
		assert_eq!(Rounds::<Test>::get(0).unwrap().status, RoundStatus::Reveal);
		assert_eq!(Toda::current_round(), 1);
		assert_eq!(Toda::round(1).unwrap().commit_from, 11);
		run_to(16);
		assert_eq!(Rounds::<Test>::get(0).unwrap().status, RoundStatus::Clearing);
		run_to(26);
		assert_eq!(Rounds::<Test>::get(0).unwrap().status, RoundStatus::RolledOver);
		assert!(toda_events().contains(&Event::RoundRolledOver { round: 0 }));
	});
}

#[test]
fn commits_hold_a_bond_once_and_can_be_replaced() {
	ExtBuilder::build_and_execute(|| {
		assert_ok!(commit(P1, 0, 100, 2, 1));
		assert_eq!(bond_held(P1), BOND);
		assert_ok!(commit(P1, 0, 120, 2, 2));
		assert_eq!(bond_held(P1), BOND);
		// The replacement is what must be revealed.
		run_to(11);
		assert_noop!(reveal(P1, 0, 100, 2, 1), Error::<Test>::CommitmentMismatch);
		assert_ok!(reveal(P1, 0, 120, 2, 2));
	});
}

#[test]
fn commits_are_checked() {
	ExtBuilder::build_and_execute(|| {
		assert_noop!(commit(P1, 1, 100, 1, 1), Error::<Test>::NotCommitting);
		assert_noop!(commit(P4, 0, 100, 1, 1), Error::<Test>::NotEligible);
		assert_noop!(
			Toda::commit_ask(RuntimeOrigin::signed(P1), 0, 8, [0; 32]),
			Error::<Test>::NotEligible
		);
		assert_noop!(commit(POOR, 0, 100, 1, 1), Error::<Test>::InsufficientBond);
		assert_ok!(commit(P1, 0, 100, 1, 1));
		assert_ok!(commit(P2, 0, 100, 1, 1));
		assert_ok!(commit(P3, 0, 100, 1, 1));
		// Three asks per class at most.
		provernet_primitives::mock::MockStaking::set(
			P4,
			provernet_primitives::mock::MockProver {
				active: true,
				classes: vec![(CLASS, 3)],
				stake: 1,
				..Default::default()
			},
		);
		assert_noop!(commit(P4, 0, 100, 1, 1), Error::<Test>::AsksFull);
		run_to(11);
		assert_noop!(commit(P1, 0, 100, 1, 1), Error::<Test>::NotCommitting);
	});
}

#[test]
fn reveals_must_match_be_on_time_and_within_capacity() {
	ExtBuilder::build_and_execute(|| {
		assert_ok!(commit(P1, 0, 100, 2, 1));
		assert_ok!(commit(P2, 0, 90, 5, 2));
		assert_noop!(reveal(P1, 0, 100, 2, 1), Error::<Test>::NotRevealing);
		run_to(11);
		assert_noop!(reveal(P1, 0, 101, 2, 1), Error::<Test>::CommitmentMismatch);
		assert_noop!(reveal(P1, 0, 100, 2, 9), Error::<Test>::CommitmentMismatch);
		assert_noop!(reveal(P3, 0, 100, 2, 1), Error::<Test>::NoCommitment);
		// P2 declared capacity 3 for the class: 5 is too large (and it matches its commitment).
		assert_noop!(reveal(P2, 0, 90, 5, 2), Error::<Test>::CapacityTooLarge);
		assert_ok!(reveal(P1, 0, 100, 2, 1));
		assert_noop!(reveal(P1, 0, 100, 2, 1), Error::<Test>::AlreadyRevealed);
		assert!(toda_events().contains(&Event::AskRevealed {
			round: 0,
			class: CLASS,
			prover: P1,
			unit_price: 100,
			capacity: 2
		}));
		run_to(16);
		// Late.
		assert_noop!(reveal(P2, 0, 90, 5, 2), Error::<Test>::NotRevealing);
	});
}

#[test]
fn the_snapshot_freezes_lots_revealed_asks_and_a_seed_and_unrevealed_bonds_are_forfeited() {
	ExtBuilder::build_and_execute(|| {
		MockMarket::add(OpenLot { id: 11, class: CLASS, size: 10, max_fee: 1_500, stake: 120 });
		MockMarket::add(OpenLot { id: 12, class: CLASS, size: 4, max_fee: 600, stake: 120 });
		MockMarket::add(OpenLot { id: 13, class: CLASS + 1, size: 4, max_fee: 600, stake: 120 });
		assert_ok!(commit(P1, 0, 100, 2, 1));
		assert_ok!(commit(P2, 0, 90, 1, 2));
		assert_ok!(commit(P3, 0, 80, 1, 3));
		run_to(11);
		assert_ok!(reveal(P2, 0, 90, 1, 2));
		assert_ok!(reveal(P1, 0, 100, 2, 1));
		run_to(16);
		// P3 did not reveal: its bond went to the treasury.
		assert_eq!(bond_held(P3), 0);
		assert_eq!(Balances::balance(&P3), START - BOND);
		assert_eq!(Balances::balance(&TREASURY), 1 + BOND);
		assert!(toda_events().contains(&Event::BondForfeited {
			round: 0,
			prover: P3,
			amount: BOND
		}));
		assert!(Commitments::<Test>::get((0, CLASS, P3)).is_none());
		let snapshot = Snapshots::<Test>::get(0).unwrap();
		assert_eq!(snapshot.fee_ppm, 10_000);
		assert_eq!(snapshot.classes.len(), 1);
		let class = &snapshot.classes[0];
		assert_eq!(
			class.lots.iter().map(|l| (l.id, l.max_value, l.size)).collect::<Vec<_>>(),
			vec![(11, 1_500, 10), (12, 600, 4)]
		);
		// Asks in reveal order: P2 is ask 0, P1 ask 1.
		assert_eq!(
			class.asks.iter().map(|a| (a.id, a.unit_price, a.capacity)).collect::<Vec<_>>(),
			vec![(0, 90, 1), (1, 100, 2)]
		);
		let info = Rounds::<Test>::get(0).unwrap();
		assert_eq!(info.seed, snapshot.seed);
		assert_eq!(
			info.fingerprint,
			Some(sp_io::hashing::blake2_256(&codec::Encode::encode(&snapshot)))
		);
		// The snapshot is what the library clears.
		assert!(toda::clear(&snapshot, toda::Mechanism::McAfee).is_ok());
		// No clearing this round (the submission path is in progress): it rolls over and the
		// revealed bonds come back.
		run_to(26);
		assert_eq!(bond_held(P1), 0);
		assert_eq!(bond_held(P2), 0);
		assert_eq!(Balances::balance(&P1), START);
		assert!(Snapshots::<Test>::get(0).is_none());
	});
}

#[test]
fn the_seed_depends_on_every_revealed_salt() {
	let seed_with = |s: u8| {
		let mut seed = [0u8; 32];
		ExtBuilder::build_and_execute(|| {
			assert_ok!(commit(P1, 0, 100, 1, s));
			run_to(11);
			assert_ok!(reveal(P1, 0, 100, 1, s));
			run_to(16);
			seed = Rounds::<Test>::get(0).unwrap().seed;
			run_to(26);
		});
		seed
	};
	assert_ne!(seed_with(1), seed_with(2));
	assert_eq!(seed_with(3), seed_with(3));
}
