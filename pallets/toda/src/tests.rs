//! Rounds, sealed asks and the snapshot, with exact bond balances.

use crate::{
	commitment_of, mock::*, Commitments, Error, Event, ForfeitReason, RoundStatus, Rounds,
	Snapshots,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use provernet_primitives::{
	jobs::{OpenLot, TradeTerms},
	mock::{MockProver, MockStaking},
};

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

/// An account's ask id in a round (as the snapshot derives it, when nothing collides).
fn ask_id(round: u64, who: AccountId) -> u64 {
	let hash = sp_io::hashing::blake2_256(&codec::Encode::encode(&(b"toda-ask", round, who)));
	u64::from_le_bytes(hash[..8].try_into().unwrap())
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
		// The hook and the worker now start from round 1; a rolled-over round keeps no snapshot.
		assert_eq!(crate::OldestLive::<Test>::get(), 1);
		assert_eq!(Snapshots::<Test>::get(0), None);
		run_to(200);
		// Round r opens at 1 + 10r and rolls over at its fallback end, 25 blocks later.
		assert!((0..18).all(|r| Rounds::<Test>::get(r).unwrap().status == RoundStatus::RolledOver));
		assert_eq!(crate::OldestLive::<Test>::get(), 18);
	});
}

/// Review L1: finished rounds are pruned `RETAINED_ROUNDS` behind the oldest live one, a few a
/// block, so `Rounds` holds a bounded number of entries however long the chain runs.
#[test]
fn finished_rounds_are_pruned_behind_the_oldest_live_one() {
	ExtBuilder::build_and_execute(|| {
		// Round r rolls over at 26 + 10r: at block 10_135 round 1_010 has, 1_011 not yet.
		run_to(10_135);
		assert_eq!(crate::OldestLive::<Test>::get(), 1_011);
		assert_eq!(crate::PrunedBefore::<Test>::get(), 11);
		assert_eq!(Rounds::<Test>::get(10), None);
		assert!(Rounds::<Test>::get(11).is_some());
		// Every round from the pruned mark on is kept: the retained finished ones and the live.
		let kept = Rounds::<Test>::iter_keys().count() as u64;
		assert_eq!(kept, Toda::current_round() + 1 - 11);
		assert!(kept <= crate::RETAINED_ROUNDS + crate::MAX_LIVE_ROUNDS);
		run_to(10_136);
		assert_eq!(crate::PrunedBefore::<Test>::get(), 12);
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
		assert_eq!(Toda::asks_of(0, P1), vec![(CLASS, None)]);
		assert_ok!(reveal(P1, 0, 100, 2, 1));
		assert_eq!(
			Toda::asks_of(0, P1),
			vec![(
				CLASS,
				Some(crate::RevealedAsk {
					prover: P1,
					unit_price: 100,
					capacity: 2,
					reserved: 2 * LOT_STAKE
				})
			)]
		);
		assert!(Toda::asks_of(0, P3).is_empty());
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
		assert_eq!(Balances::balance(&TREASURY), 1_000 + BOND);
		assert!(toda_events().contains(&Event::BondForfeited {
			round: 0,
			prover: P3,
			amount: BOND,
			reason: ForfeitReason::Unrevealed
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
		// Asks in account order, their ids from the round and the account (review H6).
		assert_eq!(
			class.asks.iter().map(|a| (a.id, a.unit_price, a.capacity)).collect::<Vec<_>>(),
			vec![(ask_id(0, P1), 100, 2), (ask_id(0, P2), 90, 1)]
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

/// Review of issue 20: the clearing (and the roll-over) release every committer's bond and
/// reservation, not only the asks the snapshot kept, and touch every class: the declared weight
/// counts committers and classes.
#[test]
fn the_clearing_weight_counts_every_committer_and_class() {
	ExtBuilder::build_and_execute(|| {
		MockMarket::add(OpenLot { id: 11, class: CLASS, size: 10, max_fee: 1_500, stake: 120 });
		assert_ok!(commit(P1, 0, 100, 2, 1));
		assert_ok!(commit(P2, 0, 90, 1, 2));
		assert_ok!(commit(P3, 0, 80, 1, 3));
		run_to(11);
		assert_ok!(reveal(P1, 0, 100, 2, 1));
		assert_ok!(reveal(P2, 0, 90, 1, 2));
		run_to(16);
		let info = crate::Rounds::<Test>::get(0).unwrap();
		assert_eq!((info.asks, info.lots), (2, 1));
		// P3 withheld its reveal: not an ask of the snapshot, still a committer.
		assert_eq!(
			Toda::clearing_weight(0),
			Toda::clearing_weight_of(3, 1, 1),
			"three committers released over one class"
		);
		assert!(Toda::clearing_weight(0).any_gt(Toda::clearing_weight_of(2, 1, 1)));
		// Each further class adds its storage.
		use frame_support::traits::Get;
		let db: frame_support::weights::RuntimeDbWeight =
			<<Test as frame_system::Config>::DbWeight as Get<_>>::get();
		assert_eq!(
			Toda::clearing_weight_of(3, 1, 2),
			Toda::clearing_weight_of(3, 1, 1).saturating_add(db.reads_writes(4, 4))
		);
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

/// Review C1: one revealed ask priced above the library's limit, or with a capacity above it,
/// made the whole snapshot unclearable (every class, every round) and its bond came back. Now
/// such a reveal is refused with a named error; the ask stays unrevealed and its bond is
/// forfeited; the round clears.
#[test]
fn an_ask_outside_the_librarys_limits_cannot_poison_a_round() {
	ExtBuilder::build_and_execute(|| {
		MockMarket::add(OpenLot { id: 11, class: CLASS, size: 10, max_fee: 1_500, stake: 120 });
		MockMarket::add(OpenLot { id: 12, class: CLASS, size: 4, max_fee: 600, stake: 120 });
		MockStaking::set(
			P4,
			MockProver {
				active: true,
				classes: vec![(CLASS, u32::MAX)],
				stake: 10_000,
				..Default::default()
			},
		);
		let huge = toda::MAX_VALUE + 1;
		let wide = toda::MAX_CAPACITY + 1;
		assert_ok!(commit(P1, 0, 100, 1, 1));
		assert_ok!(commit(P3, 0, huge, 1, 3));
		assert_ok!(commit(P4, 0, 50, wide, 4));
		run_to(11);
		assert_ok!(reveal(P1, 0, 100, 1, 1));
		assert_noop!(reveal(P3, 0, huge, 1, 3), Error::<Test>::PriceTooLarge);
		assert_noop!(reveal(P4, 0, 50, wide, 4), Error::<Test>::CapacityTooLarge);
		run_to(16);
		let snapshot = Snapshots::<Test>::get(0).unwrap();
		assert_eq!(snapshot.classes[0].asks.len(), 1);
		assert!(toda::clear(&snapshot, toda::Mechanism::McAfee).is_ok());
		for p in [P3, P4] {
			assert_eq!(bond_held(p), 0);
			assert_eq!(Balances::balance(&p), START - BOND);
		}
	});
}

/// Whatever reached the asks of a round (a reveal accepted under older rules, say), the snapshot
/// keeps only orders within the library's limits, forfeits the bonds of the others, and stays
/// clearable.
#[test]
fn the_snapshot_drops_and_forfeits_asks_outside_the_librarys_limits() {
	ExtBuilder::build_and_execute(|| {
		MockMarket::add(OpenLot { id: 11, class: CLASS, size: 10, max_fee: 1_500, stake: 120 });
		MockMarket::add(OpenLot { id: 12, class: CLASS, size: 4, max_fee: 600, stake: 120 });
		for (p, s) in [(P1, 1), (P2, 2), (P3, 3)] {
			assert_ok!(commit(p, 0, 100, 1, s));
		}
		run_to(11);
		assert_ok!(reveal(P1, 0, 100, 1, 1));
		assert_ok!(reveal(P2, 0, 100, 1, 2));
		crate::Asks::<Test>::mutate(0, CLASS, |asks| {
			asks.try_push(crate::RevealedAsk {
				prover: P3,
				unit_price: toda::MAX_VALUE + 1,
				capacity: 1,
				reserved: 0,
			})
			.unwrap()
		});
		run_to(16);
		let snapshot = Snapshots::<Test>::get(0).unwrap();
		assert_eq!(snapshot.classes[0].asks.len(), 2);
		assert!(toda::clear(&snapshot, toda::Mechanism::McAfee).is_ok());
		assert!(toda_events().contains(&Event::BondForfeited {
			round: 0,
			prover: P3,
			amount: BOND,
			reason: ForfeitReason::Unclearable
		}));
		assert_eq!(Balances::balance(&P3), START - BOND);
	});
}

mod clearing {
	use super::*;
	use crate::{PriceHistory, PricePoint};
	use frame_support::BoundedVec;

	/// Round 0 with lots 11 (w 10, M 1,500), 12 (w 4, M 600), 14 (w 2, M 100) and asks from P1
	/// (100/unit, 2 lots), P2 (90, 1), P3 (120, 1); returns the snapshot at block 16.
	pub(super) fn market() -> toda::Snapshot {
		MockMarket::add(OpenLot { id: 11, class: CLASS, size: 10, max_fee: 1_500, stake: 120 });
		MockMarket::add(OpenLot { id: 12, class: CLASS, size: 4, max_fee: 600, stake: 120 });
		MockMarket::add(OpenLot { id: 14, class: CLASS, size: 2, max_fee: 100, stake: 120 });
		for (p, price, cap, s) in [(P1, 100, 2, 1), (P2, 90, 1, 2), (P3, 120, 1, 3)] {
			assert_ok!(commit(p, 0, price, cap, s));
		}
		run_to(11);
		for (p, price, cap, s) in [(P1, 100, 2, 1), (P2, 90, 1, 2), (P3, 120, 1, 3)] {
			assert_ok!(reveal(p, 0, price, cap, s));
		}
		run_to(16);
		Snapshots::<Test>::get(0).unwrap()
	}

	fn submit(who: AccountId, c: toda::Clearing) -> sp_runtime::DispatchResult {
		Toda::submit_clearing(RuntimeOrigin::signed(who), 0, c)
			.map(|_| ())
			.map_err(|e| e.error)
	}

	#[test]
	fn the_library_clearing_is_verified_and_assigns_every_winning_lot_at_its_price() {
		ExtBuilder::build_and_execute(|| {
			let snapshot = market();
			let clearing = toda::clear(&snapshot, toda::Mechanism::McAfee).unwrap();
			// Only in the fallback window for a signed account.
			assert_noop!(submit(P4, clearing.clone()), Error::<Test>::TooEarly);
			run_to(21);
			assert_ok!(submit(P4, clearing.clone()));
			let trades = &clearing.classes[0].trades;
			assert!(!trades.is_empty());
			let prover_of = |id| [P1, P2, P3].into_iter().find(|p| ask_id(0, *p) == id).unwrap();
			// Each lot is assigned on exactly the mechanism's terms, money field by money field.
			let expected: Vec<_> = trades
				.iter()
				.map(|t| {
					let terms = TradeTerms {
						lot_unit_price: t.lot_unit_price,
						ask_unit_price: t.ask_unit_price,
						lot_pays: t.lot_pays,
						ask_gross: t.ask_gross,
						fee: t.fee,
						ask_receives: t.ask_receives,
					};
					(t.lot, prover_of(t.ask), terms)
				})
				.collect();
			assert_eq!(MockMarket::assigned(), expected);
			// Recorded with the snapshot they came from (try_state checks one against the other).
			let recorded: Vec<_> = expected
				.iter()
				.map(|(lot, p, terms)| (*lot, CLASS, *p, terms.lot_unit_price))
				.collect();
			assert_eq!(Toda::assignments(0), recorded);
			assert_eq!(Snapshots::<Test>::get(0), Some(snapshot));
			let info = Rounds::<Test>::get(0).unwrap();
			assert_eq!((info.asks, info.lots), (3, 3));
			assert!(toda_events().contains(&Event::RoundCleared {
				round: 0,
				assigned: trades.len() as u32,
				submitter: Some(P4)
			}));
			// Bonds released, the submitter rewarded from the treasury.
			for p in [P1, P2, P3] {
				assert_eq!(bond_held(p), 0);
				assert_eq!(Balances::balance(&p), START);
			}
			assert_eq!(Balances::balance(&P4), START + REWARD);
			assert_eq!(Balances::balance(&TREASURY), 1_000 - REWARD);
			let prices = clearing.classes[0].prices[0];
			assert_eq!(
				PriceHistory::<Test>::get(CLASS).into_inner(),
				vec![PricePoint {
					round: 0,
					lot_unit_price: prices.lot,
					ask_unit_price: prices.ask,
					volume: trades.len() as u32,
					lots: 3,
					asks: 3,
					reference_price: clearing.classes[0].reference_price,
				}]
			);
			assert_eq!(Rounds::<Test>::get(0).unwrap().status, RoundStatus::Cleared);
			assert_noop!(submit(P4, clearing), Error::<Test>::NotClearing);
		});
	}

	fn point(round: u64, reference_price: Option<u128>) -> PricePoint {
		let price = reference_price.unwrap_or(0);
		PricePoint {
			round,
			lot_unit_price: price,
			ask_unit_price: price,
			volume: 0,
			lots: 1,
			asks: 1,
			reference_price,
		}
	}

	/// Issue 18: the posted price is the lower median of the reference prices of the class's
	/// recorded rounds; rounds whose reports did not cross do not count; fewer than three
	/// recorded prices, no price.
	#[test]
	fn the_posted_price_is_the_median_of_the_recorded_reference_prices() {
		ExtBuilder::build_and_execute(|| {
			assert_eq!(Toda::posted_price(CLASS), None);
			let two = vec![point(1, Some(50)), point(2, None), point(3, Some(70))];
			PriceHistory::<Test>::insert(CLASS, BoundedVec::truncate_from(two));
			assert_eq!(Toda::posted_price(CLASS), None);
			let history =
				vec![point(1, Some(50)), point(2, None), point(3, Some(70)), point(4, Some(60))];
			PriceHistory::<Test>::insert(CLASS, BoundedVec::truncate_from(history));
			assert_eq!(Toda::posted_price(CLASS), Some(60));
			PriceHistory::<Test>::mutate(CLASS, |h| h.try_push(point(5, Some(10))).unwrap());
			assert_eq!(Toda::posted_price(CLASS), Some(50));
		});
	}

	/// Issue 18, one lot and one ask under the adaptive default, in a class with two recorded
	/// rounds (120, 130): one short of a posted price. Round 0: nothing trades, but the round
	/// records its reference price as its reports give it (no price in force to step from) — the
	/// midpoint of the ask's grossed-up price and the lot's value, ⌊(102 + 150) / 2⌋ = 126. Round
	/// 1: the same two traders (the lot rolled over) trade at the median of the three, 126, frozen
	/// into the round's snapshot from earlier rounds only.
	#[test]
	fn one_lot_and_one_ask_trade_at_the_posted_price_of_the_earlier_rounds() {
		// The round pins the mechanism in force when it opens (block 1); the mock's is per thread.
		MockMechanism::set(toda::Mechanism::Adaptive);
		ExtBuilder::build_and_execute(|| {
			let history = vec![point(1, Some(120)), point(2, Some(130))];
			PriceHistory::<Test>::insert(CLASS, BoundedVec::truncate_from(history));
			MockMarket::add(OpenLot { id: 11, class: CLASS, size: 10, max_fee: 1_500, stake: 120 });
			assert_ok!(commit(P1, 0, 100, 2, 1));
			run_to(11);
			assert_ok!(commit(P1, 1, 100, 2, 2));
			assert_ok!(reveal(P1, 0, 100, 2, 1));
			run_to(16);
			let snapshot = Snapshots::<Test>::get(0).unwrap();
			assert_eq!(snapshot.classes[0].posted_price, None);
			let clearing = toda::clear(&snapshot, toda::Mechanism::Adaptive).unwrap();
			assert!(clearing.classes[0].trades.is_empty());
			// 100 grossed up by the 1 % fee is ⌈101.01⌉ = 102; the lot is worth 150 per unit.
			assert_eq!(clearing.classes[0].reference_price, Some(126));
			run_to(21);
			assert_ok!(submit(P4, clearing));
			assert!(MockMarket::assigned().is_empty());
			assert_eq!(Toda::posted_price(CLASS), Some(126));
			assert_ok!(reveal(P1, 1, 100, 2, 2));
			run_to(26);
			let snapshot = Snapshots::<Test>::get(1).unwrap();
			assert_eq!(snapshot.classes[0].posted_price, Some(126));
			let clearing = toda::clear(&snapshot, toda::Mechanism::Adaptive).unwrap();
			run_to(31);
			assert_ok!(Toda::submit_clearing(RuntimeOrigin::signed(P4), 1, clearing));
			let (lot, prover, terms) = MockMarket::assigned()[0].clone();
			assert_eq!((lot, prover), (11, P1));
			assert_eq!((terms.lot_pays, terms.ask_gross, terms.fee), (1_260, 1_260, 12));
			assert_eq!(terms.ask_receives, 1_248);
		});
	}

	/// Issue 18 (review of the change): one round moves the history at most an eighth of the
	/// posted price in force, at least one base unit; a class with none takes the round as it is.
	#[test]
	fn a_round_moves_the_history_at_most_an_eighth_of_the_posted_price() {
		assert_eq!(crate::bounded_step(Some(200), Some(100)), Some(112));
		assert_eq!(crate::bounded_step(Some(10), Some(100)), Some(88));
		assert_eq!(crate::bounded_step(Some(105), Some(100)), Some(105));
		assert_eq!(crate::bounded_step(Some(5), Some(3)), Some(4));
		assert_eq!(crate::bounded_step(Some(7), None), Some(7));
		assert_eq!(crate::bounded_step(None, Some(100)), None);
	}

	/// Issue 18, the review's attack: a lone prover (cost 10, capacity 3) facing a lot worth 100
	/// per unit asks 39 — 40 with the 1 % fee, the posted price — instead of its cost: it still
	/// sells at 40, so the misreport costs it nothing this round, to push the class's price up.
	/// The round's reference price (only lot 11 crosses its ask; its own spare units are no
	/// competition: the midpoint of 40 and 100) is 70; the history records it at most an eighth
	/// above 40, 45, and the posted price (the lower median of 40, 40, 40 and 45) does not move. Told the
	/// truth (10, grossed up 11), both lots cross and the reference is ⌊(11 + 30) / 2⌋ = 20.
	#[test]
	fn one_round_of_a_pushed_ask_moves_the_posted_price_by_at_most_an_eighth() {
		// The round pins the mechanism in force when it opens (block 1); the mock's is per thread.
		MockMechanism::set(toda::Mechanism::Adaptive);
		ExtBuilder::build_and_execute(|| {
			let history = vec![point(1, Some(40)), point(2, Some(40)), point(3, Some(40))];
			PriceHistory::<Test>::insert(CLASS, BoundedVec::truncate_from(history));
			MockMarket::add(OpenLot { id: 11, class: CLASS, size: 1, max_fee: 100, stake: 10 });
			MockMarket::add(OpenLot { id: 12, class: CLASS, size: 1, max_fee: 30, stake: 10 });
			assert_ok!(commit(P1, 0, 39, 3, 1));
			run_to(11);
			assert_ok!(reveal(P1, 0, 39, 3, 1));
			run_to(16);
			let snapshot = Snapshots::<Test>::get(0).unwrap();
			assert_eq!(snapshot.classes[0].posted_price, Some(40));
			let clearing = toda::clear(&snapshot, toda::Mechanism::Adaptive).unwrap();
			assert_eq!(clearing.classes[0].reference_price, Some(70));
			let mut truthful = snapshot.clone();
			truthful.classes[0].asks[0].unit_price = 10;
			let honest = toda::clear(&truthful, toda::Mechanism::Adaptive).unwrap();
			assert_eq!(honest.classes[0].reference_price, Some(20));
			assert_eq!(honest.classes[0].trades, clearing.classes[0].trades, "the same trade");
			run_to(21);
			assert_ok!(submit(P4, clearing));
			let (lot, _, terms) = MockMarket::assigned()[0].clone();
			assert_eq!((lot, terms.ask_unit_price), (11, 40));
			let recorded = PriceHistory::<Test>::get(CLASS);
			assert_eq!(recorded.last().and_then(|p| p.reference_price), Some(45));
			assert_eq!(Toda::posted_price(CLASS), Some(40));
		});
	}

	/// A round whose reports do not cross and that trades nothing records nothing: it cannot
	/// push a real point out of the class's history.
	#[test]
	fn a_round_that_neither_crosses_nor_trades_keeps_the_history() {
		// The round pins the mechanism in force when it opens (block 1); the mock's is per thread.
		MockMechanism::set(toda::Mechanism::Adaptive);
		ExtBuilder::build_and_execute(|| {
			PriceHistory::<Test>::insert(
				CLASS,
				BoundedVec::truncate_from(vec![point(1, Some(40))]),
			);
			MockMarket::add(OpenLot { id: 11, class: CLASS, size: 1, max_fee: 30, stake: 10 });
			assert_ok!(commit(P1, 0, 50, 1, 1));
			run_to(11);
			assert_ok!(reveal(P1, 0, 50, 1, 1));
			run_to(16);
			let clearing =
				toda::clear(&Snapshots::<Test>::get(0).unwrap(), toda::Mechanism::Adaptive)
					.unwrap();
			assert_eq!(clearing.classes[0].reference_price, None);
			run_to(21);
			assert_ok!(submit(P4, clearing));
			assert_eq!(PriceHistory::<Test>::get(CLASS).into_inner(), vec![point(1, Some(40))]);
		});
	}

	/// Issue 18: the posted price reaches the chain's settlement: a class with history and one
	/// ask clears at it, and the escrow is told exactly those terms.
	#[test]
	fn a_lone_ask_is_assigned_at_the_posted_price() {
		// The round pins the mechanism in force when it opens (block 1); the mock's is per thread.
		MockMechanism::set(toda::Mechanism::Adaptive);
		ExtBuilder::build_and_execute(|| {
			let history = vec![point(1, Some(95)), point(2, Some(110)), point(3, Some(105))];
			PriceHistory::<Test>::insert(CLASS, BoundedVec::truncate_from(history));
			MockMarket::add(OpenLot { id: 11, class: CLASS, size: 10, max_fee: 1_500, stake: 120 });
			assert_ok!(commit(P1, 0, 100, 2, 1));
			run_to(11);
			assert_ok!(reveal(P1, 0, 100, 2, 1));
			run_to(16);
			let snapshot = Snapshots::<Test>::get(0).unwrap();
			assert_eq!(snapshot.classes[0].posted_price, Some(105));
			let clearing = toda::clear(&snapshot, toda::Mechanism::Adaptive).unwrap();
			run_to(21);
			assert_ok!(submit(P4, clearing));
			// Grossed up by the 1 % fee, 100 is ⌈101.01⌉ = 102 ≤ 105: the lot pays 105 × 10.
			let (lot, prover, terms) = MockMarket::assigned()[0].clone();
			assert_eq!((lot, prover), (11, P1));
			assert_eq!((terms.lot_pays, terms.ask_gross, terms.fee), (1_050, 1_050, 10));
			assert_eq!(terms.ask_receives, 1_040);
			let recorded = PriceHistory::<Test>::get(CLASS);
			assert_eq!(recorded.last().map(|p| (p.round, p.volume)), Some((0, 1)));
		});
	}

	#[test]
	fn the_next_clearing_replaces_the_kept_snapshot_and_assignments() {
		ExtBuilder::build_and_execute(|| {
			let snapshot = market();
			let clearing = toda::clear(&snapshot, toda::Mechanism::McAfee).unwrap();
			run_to(21);
			assert_ok!(submit(P4, clearing));
			assert!(!Toda::assignments(0).is_empty());
			// Round 1 (commit 11..21, reveal ..26) had no asks: an empty market, cleared empty.
			run_to(31);
			let empty = Snapshots::<Test>::get(1).unwrap();
			assert!(empty.classes.is_empty());
			let none = toda::clear(&empty, toda::Mechanism::McAfee).unwrap();
			assert_ok!(Toda::submit_clearing(RuntimeOrigin::signed(P4), 1, none));
			assert_eq!(crate::LastCleared::<Test>::get(), Some(1));
			assert!(Toda::assignments(0).is_empty());
			assert_eq!(Snapshots::<Test>::get(0), None);
			assert!(Snapshots::<Test>::get(1).is_some());
		});
	}

	#[test]
	fn a_tampered_clearing_never_lands() {
		ExtBuilder::build_and_execute(|| {
			let snapshot = market();
			let good = toda::clear(&snapshot, toda::Mechanism::McAfee).unwrap();
			run_to(21);
			let mut bad = good.clone();
			bad.classes[0].trades[0].lot_unit_price += 1;
			assert_noop!(submit(P4, bad), Error::<Test>::InvalidClearing);
			let mut bad = good.clone();
			bad.classes[0].trades.pop();
			assert_noop!(submit(P4, bad), Error::<Test>::InvalidClearing);
			let mut bad = good.clone();
			bad.classes[0].trades[0].ask = (bad.classes[0].trades[0].ask + 1) % 3;
			assert_noop!(submit(P4, bad), Error::<Test>::InvalidClearing);
			let mut bad = good.clone();
			bad.round = 1;
			assert_noop!(submit(P4, bad), Error::<Test>::InvalidClearing);
			// Another mechanism's output is not this round's.
			let sbba = toda::clear(&snapshot, toda::Mechanism::Sbba).unwrap();
			assert_noop!(submit(P4, sbba), Error::<Test>::InvalidClearing);
			assert!(MockMarket::assigned().is_empty());
			assert_ok!(submit(P4, good));
		});
	}

	#[test]
	fn a_failed_assignment_is_skipped_and_reported() {
		ExtBuilder::build_and_execute(|| {
			let snapshot = market();
			let clearing = toda::clear(&snapshot, toda::Mechanism::McAfee).unwrap();
			let first = clearing.classes[0].trades[0].lot;
			MockMarket::refuse(first);
			run_to(21);
			assert_ok!(submit(P4, clearing.clone()));
			assert!(toda_events()
				.iter()
				.any(|e| matches!(e, Event::AssignmentSkipped { lot, .. } if *lot == first)));
			assert_eq!(MockMarket::assigned().len(), clearing.classes[0].trades.len() - 1);
		});
	}

	#[test]
	fn without_a_clearing_the_round_rolls_over_and_the_lots_stay_for_the_next() {
		ExtBuilder::build_and_execute(|| {
			let snapshot = market();
			let late = toda::clear(&snapshot, toda::Mechanism::McAfee).unwrap();
			run_to(26);
			assert_eq!(Rounds::<Test>::get(0).unwrap().status, RoundStatus::RolledOver);
			assert_noop!(submit(P4, late), Error::<Test>::NotClearing);
			assert_eq!(MockMarket::assigned(), vec![]);
			assert_eq!(MockMarket::open().len(), 3);
		});
	}
}

mod offchain {
	use super::*;
	use crate::Call as TodaCall;
	use codec::Decode;
	use frame_support::{pallet_prelude::Authorize, traits::Hooks};
	use sp_runtime::{traits::Dispatchable, transaction_validity::TransactionSource};

	fn pooled(
		pool: &parking_lot::RwLock<sp_core::offchain::testing::PoolState>,
	) -> Vec<RuntimeCall> {
		pool.read()
			.transactions
			.iter()
			.map(|tx| {
				frame_system::mocking::MockUncheckedExtrinsic::<Test>::decode(&mut &tx[..])
					.unwrap()
					.function
			})
			.collect()
	}

	#[test]
	fn the_worker_submits_the_library_clearing_once_and_the_chain_authorizes_and_applies_it() {
		ExtBuilder::build_and_execute_offchain(|pool| {
			MockMarket::add(OpenLot { id: 11, class: CLASS, size: 10, max_fee: 1_500, stake: 120 });
			MockMarket::add(OpenLot { id: 12, class: CLASS, size: 4, max_fee: 600, stake: 120 });
			assert_ok!(commit(P1, 0, 100, 2, 1));
			assert_ok!(commit(P2, 0, 90, 1, 2));
			// Nothing to do before the snapshot.
			Toda::offchain_worker(5);
			assert!(pool.read().transactions.is_empty());
			run_to(11);
			assert_ok!(reveal(P1, 0, 100, 2, 1));
			assert_ok!(reveal(P2, 0, 90, 1, 2));
			run_to(17);
			Toda::offchain_worker(17);
			let calls = pooled(&pool);
			assert_eq!(calls.len(), 1);
			let expected =
				toda::clear(&Snapshots::<Test>::get(0).unwrap(), toda::Mechanism::McAfee).unwrap();
			let RuntimeCall::Toda(
				call @ TodaCall::submit_clearing_authorized { round: 0, clearing },
			) = &calls[0]
			else {
				panic!("unexpected call {:?}", calls[0]);
			};
			assert_eq!(*clearing, expected);
			// Cached: the next blocks do not recompute or resubmit.
			Toda::offchain_worker(18);
			assert_eq!(pool.read().transactions.len(), 1);
			// Only local or in-block sources are authorized; a tampered clearing never is.
			assert!(call.authorize(TransactionSource::Local).unwrap().is_ok());
			assert!(call.authorize(TransactionSource::InBlock).unwrap().is_ok());
			assert!(call.authorize(TransactionSource::External).unwrap().is_err());
			let mut bad = expected.clone();
			bad.classes[0].trades[0].lot_unit_price -= 1;
			let tampered = TodaCall::<Test>::submit_clearing_authorized { round: 0, clearing: bad };
			assert!(tampered.authorize(TransactionSource::Local).unwrap().is_err());
			// A signed origin cannot use the authorized call.
			assert!(RuntimeCall::Toda(call.clone()).dispatch(RuntimeOrigin::signed(P4)).is_err());
			assert_ok!(RuntimeCall::Toda(call.clone())
				.dispatch(frame_system::RawOrigin::Authorized.into()));
			assert_eq!(MockMarket::assigned().len(), expected.classes[0].trades.len());
			assert!(toda_events().contains(&Event::RoundCleared {
				round: 0,
				assigned: expected.classes[0].trades.len() as u32,
				submitter: None
			}));
			assert_eq!(bond_held(P1) + bond_held(P2), 0);
		});
	}

	#[test]
	fn after_the_clearing_window_the_worker_stays_silent_and_authorization_is_stale() {
		ExtBuilder::build_and_execute_offchain(|pool| {
			assert_ok!(commit(P1, 0, 100, 2, 1));
			run_to(11);
			assert_ok!(reveal(P1, 0, 100, 2, 1));
			run_to(21);
			Toda::offchain_worker(21);
			assert!(pool.read().transactions.is_empty());
			let clearing =
				toda::clear(&Snapshots::<Test>::get(0).unwrap(), toda::Mechanism::McAfee).unwrap();
			let call = TodaCall::<Test>::submit_clearing_authorized { round: 0, clearing };
			assert!(call.authorize(TransactionSource::Local).unwrap().is_err());
		});
	}
}

/// The attacks of market review H4–H7 on a round, each shown to no longer work.
mod integrity {
	use super::*;
	use crate::{Asks, Withheld};

	fn prover(stake: Balance, active: bool) -> MockProver {
		MockProver { active, classes: vec![(CLASS, 3), (OTHER, 3)], stake, ..Default::default() }
	}

	fn lot(id: u64, class: u32, max_fee: Balance) -> OpenLot<Balance> {
		OpenLot { id, class, size: 10, max_fee, stake: LOT_STAKE }
	}

	/// H4: an ask is a commitment. Its capacity is capped by the room the prover's stake carries,
	/// that room is reserved until the round is done, and a trade the prover then cannot take
	/// costs it its bond, while the honest asks' trades are assigned.
	#[test]
	fn a_prover_cannot_win_lots_and_back_out_for_free() {
		ExtBuilder::build_and_execute(|| {
			for id in 11..15 {
				MockMarket::add(lot(id, CLASS, 1_500));
			}
			// P1 carries 1 lot only (room 150 for 100 a lot); P2 none.
			MockStaking::set(P1, prover(150, true));
			MockStaking::set(P2, prover(50, true));
			assert_ok!(commit(P1, 0, 0, 3, 1));
			assert_ok!(commit(P2, 0, 0, 3, 2));
			assert_ok!(commit(P3, 0, 80, 3, 3));
			run_to(11);
			// P2 has no room for one lot: its reveal offers nothing, reserves nothing, and its
			// bond comes back (an honest prover whose earlier work fills its room).
			assert_ok!(reveal(P2, 0, 0, 3, 2));
			assert!(MockStaking::get(P2).unwrap().reserved.is_empty());
			assert_ok!(reveal(P1, 0, 0, 3, 1));
			assert_ok!(reveal(P3, 0, 80, 3, 3));
			// Capped to what its stake carries, and that much reserved.
			assert!(toda_events().contains(&Event::AskRevealed {
				round: 0,
				class: CLASS,
				prover: P1,
				unit_price: 0,
				capacity: 1
			}));
			assert_eq!(MockStaking::get(P1).unwrap().reserved, vec![(CLASS, LOT_STAKE)]);
			assert_eq!(MockStaking::get(P1).unwrap().obligations, LOT_STAKE);
			assert_eq!(MockStaking::get(P3).unwrap().obligations, 3 * LOT_STAKE);
			run_to(16);
			let snapshot = Snapshots::<Test>::get(0).unwrap();
			let clearing = toda::clear(&snapshot, toda::Mechanism::McAfee).unwrap();
			let won_by_p1: Vec<u64> = clearing.classes[0]
				.trades
				.iter()
				.filter(|t| t.ask == ask_id(0, P1))
				.map(|t| t.lot)
				.collect();
			assert_eq!(won_by_p1.len(), 1);
			// P1 backs out after seeing the snapshot (jailed, say: it cannot chill while its ask
			// is reserved, see prover staking).
			MockStaking::set(P1, MockProver { active: false, ..MockStaking::get(P1).unwrap() });
			run_to(21);
			assert_ok!(Toda::submit_clearing(RuntimeOrigin::signed(P4), 0, clearing.clone()));
			assert!(toda_events().contains(&Event::BondForfeited {
				round: 0,
				prover: P1,
				amount: BOND,
				reason: ForfeitReason::AssignmentFailed
			}));
			assert_eq!(Balances::balance(&P1), START - BOND);
			// P2 offered nothing and P3 served every trade it won: their bonds are back.
			assert_eq!(Balances::balance(&P2), START);
			assert_eq!(Balances::balance(&P3), START);
			assert_eq!(Balances::balance(&TREASURY), 1_000 + BOND - REWARD);
			let p3_trades =
				clearing.classes[0].trades.iter().filter(|t| t.ask == ask_id(0, P3)).count();
			assert!(p3_trades > 0);
			assert_eq!(
				MockMarket::assigned().iter().map(|a| a.1).collect::<Vec<_>>(),
				vec![P3; p3_trades]
			);
			// Reservations became the assignments' obligations, nothing more.
			assert!(MockStaking::get(P3).unwrap().reserved.is_empty());
			assert_eq!(MockStaking::get(P3).unwrap().obligations, p3_trades as u128 * LOT_STAKE);
			assert_eq!(MockStaking::get(P1).unwrap().obligations, 0);
		});
	}

	#[test]
	fn a_round_that_rolls_over_releases_the_reservations() {
		ExtBuilder::build_and_execute(|| {
			assert_ok!(commit(P1, 0, 100, 2, 1));
			run_to(11);
			assert_ok!(reveal(P1, 0, 100, 2, 1));
			assert_eq!(MockStaking::get(P1).unwrap().obligations, 2 * LOT_STAKE);
			run_to(26);
			assert_eq!(MockStaking::get(P1).unwrap().obligations, 0);
			assert!(MockStaking::get(P1).unwrap().reserved.is_empty());
		});
	}

	/// H5: class ids are arbitrary and slots first-come; sybils at the minimum stake own a class.
	#[test]
	fn only_classes_that_exist_take_commitments_and_stake_outranks_arrival() {
		ExtBuilder::build_and_execute(|| {
			let junk = 0xDEAD_0000;
			MockStaking::set(P1, MockProver { classes: vec![(junk, 3)], ..prover(10_000, true) });
			assert_noop!(
				Toda::commit_ask(RuntimeOrigin::signed(P1), 0, junk, [0; 32]),
				Error::<Test>::UnknownClass
			);
			// Three sybils at a tiny stake fill the class's slots first.
			let sybils = [21, 22, 23];
			for s in sybils {
				assert_ok!(<Balances as frame_support::traits::fungible::Mutate<_>>::transfer(
					&P4,
					&s,
					1_000,
					frame_support::traits::tokens::Preservation::Preserve
				));
				MockStaking::set(s, prover(1, true));
				assert_ok!(commit(s, 0, 100, 1, 1));
			}
			// An equal stake does not displace anyone; a larger one takes the weakest's place
			// (the later account among equals), whose bond comes back.
			MockStaking::set(P2, prover(1, true));
			assert_noop!(commit(P2, 0, 100, 1, 2), Error::<Test>::AsksFull);
			MockStaking::set(P2, prover(10_000, true));
			assert_ok!(commit(P2, 0, 100, 1, 2));
			assert!(toda_events().contains(&Event::AskEvicted {
				round: 0,
				class: CLASS,
				prover: 23
			}));
			assert_eq!(bond_held(23), 0);
			assert_eq!(Balances::balance(&23), 1_000);
			assert_eq!(crate::Committers::<Test>::get(0, CLASS).into_inner(), vec![21, 22, P2]);
			assert!(Commitments::<Test>::get((0, CLASS, 23)).is_none());
		});
	}

	/// H5: the snapshot's lot room went to classes in commit order; now every class with asks
	/// gets an equal share of what is left, in class order.
	#[test]
	fn every_class_gets_its_share_of_the_lot_room() {
		ExtBuilder::build_and_execute(|| {
			for id in 0..12 {
				MockMarket::add(lot(100 + id, OTHER, 1_500));
				MockMarket::add(lot(200 + id, CLASS, 1_500));
			}
			MockStaking::set(P1, prover(10_000, true));
			// OTHER's ask commits first; round room 16, class room 10.
			for (class, who, s) in [(OTHER, P1, 1u8), (CLASS, P2, 2)] {
				let c = commitment_of(0, class, &who, 100, 3, salt(s));
				assert_ok!(Toda::commit_ask(RuntimeOrigin::signed(who), 0, class, c));
			}
			run_to(11);
			for (class, who, s) in [(OTHER, P1, 1u8), (CLASS, P2, 2)] {
				assert_ok!(Toda::reveal_ask(RuntimeOrigin::signed(who), 0, class, 100, 3, salt(s)));
			}
			run_to(16);
			let snapshot = Snapshots::<Test>::get(0).unwrap();
			let sizes: Vec<(u32, usize)> =
				snapshot.classes.iter().map(|c| (c.class, c.lots.len())).collect();
			assert_eq!(sizes, vec![(CLASS, 8), (OTHER, 8)]);
		});
	}

	/// H6: the seed was a hash chain in reveal order and ask ids were reveal positions, so the
	/// last revealer (or the block author) chose among orders. Now neither depends on the order.
	#[test]
	fn the_seed_and_the_ask_ids_do_not_depend_on_the_reveal_order() {
		let run = |order: [AccountId; 3]| {
			let mut out = None;
			ExtBuilder::build_and_execute(|| {
				MockMarket::add(lot(11, CLASS, 1_500));
				for (p, s) in [(P1, 1), (P2, 2), (P3, 3)] {
					assert_ok!(commit(p, 0, 100, 1, s));
				}
				run_to(11);
				for p in order {
					assert_ok!(reveal(p, 0, 100, 1, p as u8));
				}
				run_to(16);
				out = Snapshots::<Test>::get(0);
			});
			out.unwrap()
		};
		let a = run([P1, P2, P3]);
		let b = run([P3, P1, P2]);
		assert_eq!(a, b);
		let ids: Vec<u64> = a.classes[0].asks.iter().map(|x| x.id).collect();
		assert_eq!(ids, vec![ask_id(0, P1), ask_id(0, P2), ask_id(0, P3)]);
		// And every salt still counts.
		let c = {
			let mut out = None;
			ExtBuilder::build_and_execute(|| {
				MockMarket::add(lot(11, CLASS, 1_500));
				for (p, s) in [(P1, 1), (P2, 2), (P3, 9)] {
					assert_ok!(commit(p, 0, 100, 1, s));
				}
				run_to(11);
				for (p, s) in [(P1, 1), (P2, 2), (P3, 9)] {
					assert_ok!(reveal(p, 0, 100, 1, s));
				}
				run_to(16);
				out = Snapshots::<Test>::get(0);
			});
			out.unwrap()
		};
		assert_ne!(a.seed, c.seed);
	}

	/// Two asks whose ids collide still enter the snapshot with distinct ids (a collision must
	/// not make the snapshot unclearable), and each trade finds its own prover.
	#[test]
	fn colliding_ask_ids_are_separated() {
		let asks = vec![
			crate::RevealedAsk { prover: P2, unit_price: 1u128, capacity: 1, reserved: 0 },
			crate::RevealedAsk { prover: P1, unit_price: 2u128, capacity: 1, reserved: 0 },
		];
		let ids = crate::ask_ids(0, &asks, |_| true);
		assert_eq!(ids, vec![(ask_id(0, P1), 1), (ask_id(0, P2), 0)]);
		// Force a collision: the same prover twice stands for two colliding accounts.
		let twins = vec![asks[0].clone(), asks[0].clone()];
		let ids = crate::ask_ids(0, &twins, |_| true);
		assert_eq!(ids, vec![(ask_id(0, P2), 0), (ask_id(0, P2).wrapping_add(1), 1)]);
	}

	/// H6: withholding a reveal costs the bond and is counted; repeat withholders are reported.
	#[test]
	fn withholders_are_counted_and_reported() {
		ExtBuilder::build_and_execute(|| {
			assert_ok!(commit(P3, 0, 100, 1, 3));
			run_to(11);
			assert_ok!(commit(P3, 1, 100, 1, 3));
			run_to(26);
			assert_eq!(Withheld::<Test>::get(P3), 2);
			assert_eq!(Balances::balance(&P3), START - 2 * BOND);
			let reports: Vec<_> = toda_events()
				.into_iter()
				.filter(|e| matches!(e, Event::WithholderReported { .. }))
				.collect();
			assert_eq!(reports, vec![Event::WithholderReported { prover: P3, withheld: 2 }]);
		});
	}

	/// H7: the lots of a frozen snapshot are bound to the round until its fallback window ends;
	/// the clearing unbinds those it did not trade.
	#[test]
	fn the_snapshot_binds_its_lots_until_the_round_is_done_with_them() {
		ExtBuilder::build_and_execute(|| {
			MockMarket::add(lot(11, CLASS, 1_500));
			MockMarket::add(lot(12, CLASS, 1_500));
			MockMarket::add(lot(13, CLASS, 10));
			for (p, s) in [(P1, 1), (P2, 2)] {
				assert_ok!(commit(p, 0, 50, 1, s));
			}
			run_to(11);
			for (p, s) in [(P1, 1), (P2, 2)] {
				assert_ok!(reveal(p, 0, 50, 1, s));
			}
			run_to(16);
			// Bound until round 0's fallback window ends (block 26).
			assert_eq!(MockMarket::bound(), vec![(11, 26), (12, 26), (13, 26)]);
			let clearing =
				toda::clear(&Snapshots::<Test>::get(0).unwrap(), toda::Mechanism::McAfee).unwrap();
			let traded: Vec<u64> = clearing.classes[0].trades.iter().map(|t| t.lot).collect();
			assert!(!traded.contains(&13));
			run_to(21);
			assert_ok!(Toda::submit_clearing(RuntimeOrigin::signed(P4), 0, clearing));
			assert_eq!(MockMarket::bound(), vec![]);
			assert_eq!(Asks::<Test>::get(0, CLASS).len(), 0);
		});
	}

	/// A prover jailed between its reveal and the snapshot: its ask is left out (it cannot win
	/// lots it cannot take, crowding out honest asks) and its bond forfeited.
	#[test]
	fn an_ask_whose_prover_is_gone_at_the_snapshot_is_left_out_and_forfeited() {
		ExtBuilder::build_and_execute(|| {
			for id in 11..14 {
				MockMarket::add(lot(id, CLASS, 1_500));
			}
			for (p, price, s) in [(P1, 0, 1), (P2, 50, 2), (P3, 60, 3)] {
				assert_ok!(commit(p, 0, price, 3, s));
			}
			run_to(11);
			for (p, price, s) in [(P1, 0, 1), (P2, 50, 2), (P3, 60, 3)] {
				assert_ok!(reveal(p, 0, price, 3, s));
			}
			MockStaking::set(P1, MockProver { active: false, ..MockStaking::get(P1).unwrap() });
			run_to(16);
			let snapshot = Snapshots::<Test>::get(0).unwrap();
			let ids: Vec<u64> = snapshot.classes[0].asks.iter().map(|a| a.id).collect();
			assert!(!ids.contains(&ask_id(0, P1)));
			assert_eq!(ids.len(), 2);
			assert!(toda_events().contains(&Event::BondForfeited {
				round: 0,
				prover: P1,
				amount: BOND,
				reason: ForfeitReason::ProverGone
			}));
			let clearing = toda::clear(&snapshot, toda::Mechanism::McAfee).unwrap();
			run_to(21);
			assert_ok!(Toda::submit_clearing(RuntimeOrigin::signed(P4), 0, clearing.clone()));
			assert!(!toda_events().iter().any(|e| matches!(e, Event::AssignmentSkipped { .. })));
			assert_eq!(MockMarket::assigned().len(), clearing.classes[0].trades.len());
			// Every reservation is released, P1's too.
			for p in [P1, P2, P3] {
				assert!(MockStaking::get(p).unwrap().reserved.is_empty());
			}
			assert_eq!(Balances::balance(&P1), START - BOND);
		});
	}

	#[test]
	fn a_reveal_resets_the_count_of_withheld_reveals() {
		ExtBuilder::build_and_execute(|| {
			assert_ok!(commit(P3, 0, 100, 1, 3));
			run_to(11);
			assert_ok!(commit(P3, 1, 100, 1, 3));
			run_to(16);
			assert_eq!(Withheld::<Test>::get(P3), 1);
			run_to(21);
			assert_ok!(reveal(P3, 1, 100, 1, 3));
			assert_eq!(Withheld::<Test>::get(P3), 0);
		});
	}
}

/// Review M1 and L5: the fallback must be worth sending and the worker must not give up.
mod liveness {
	use super::clearing::market;
	use super::*;
	use codec::Encode;
	use frame_support::{
		dispatch::{GetDispatchInfo, Pays},
		traits::Hooks,
	};
	use sp_runtime::{
		traits::{DispatchTransaction, TransactionExtension},
		transaction_validity::{
			InvalidTransaction, TransactionSource, TransactionValidityError, ValidTransaction,
		},
		Weight,
	};

	/// M1: the fallback paid 0.1 BREV for ≈ 23–45 BREV of fees, and every submitter paid in full.
	#[test]
	fn the_first_valid_fallback_is_free_and_paid_for_its_weight() {
		ExtBuilder::build_and_execute(|| {
			FeePerMs::set(2);
			let clearing = toda::clear(&market(), toda::Mechanism::McAfee).unwrap();
			let reward = Toda::fallback_reward(0);
			let weight_fee = Toda::clearing_weight(0).ref_time() / 1_000_000_000 * 2;
			assert!(weight_fee > 0);
			assert_eq!(reward, REWARD + weight_fee as u128);
			// Early (the worker's clearing window): declared at one read, refused at once.
			let read = <<Test as frame_system::Config>::DbWeight as frame_support::traits::Get<
				frame_support::weights::RuntimeDbWeight,
			>>::get()
			.reads(1);
			assert_eq!(Toda::fallback_weight(0), read);
			run_to(21);
			assert_eq!(Toda::fallback_weight(0), Toda::clearing_weight(0));
			let post =
				Toda::submit_clearing(RuntimeOrigin::signed(P4), 0, clearing.clone()).unwrap();
			assert_eq!(post.pays_fee, Pays::No);
			assert_eq!(Balances::balance(&P4), START + reward);
			assert_eq!(Balances::balance(&TREASURY), 1_000 - reward);
			// A later one (it lost the race) declares one read, so the fee taken before dispatch
			// is that small, and is refused before any verification.
			assert_eq!(Toda::fallback_weight(0), read);
			let late = Toda::submit_clearing(RuntimeOrigin::signed(P2), 0, clearing).unwrap_err();
			assert_eq!(late.error, Error::<Test>::NotClearing.into());
			assert_eq!(
				late.post_info.actual_weight,
				Some(
					<<Test as frame_system::Config>::DbWeight as frame_support::traits::Get<
						frame_support::weights::RuntimeDbWeight,
					>>::get()
					.reads(1)
				)
			);
			FeePerMs::set(0);
		});
	}

	/// What the pool (and a block's import) says of a signed fallback clearing, through the
	/// runtime's [`crate::CheckFallbackClearing`] extension.
	fn pool_check(
		who: AccountId,
		round: crate::RoundIndex,
		clearing: toda::Clearing,
	) -> Result<ValidTransaction, TransactionValidityError> {
		let call: RuntimeCall = crate::Call::<Test>::submit_clearing { round, clearing }.into();
		let info = call.get_dispatch_info();
		crate::CheckFallbackClearing::<Test>::new()
			.validate_only(
				RuntimeOrigin::signed(who),
				&call,
				&info,
				0,
				TransactionSource::External,
				0,
			)
			.map(|(validity, _, _)| validity)
	}

	/// M1, what was left: an early, late (one that lost the race) or wrong fallback was included
	/// and paid a fee — one read's, or the whole clearing's for a wrong clearing of the right
	/// mechanism. The pool now refuses each before inclusion, so it costs its sender nothing, and
	/// keeps one valid fallback per round.
	#[test]
	fn the_pool_refuses_early_late_and_wrong_fallbacks() {
		ExtBuilder::build_and_execute(|| {
			let snapshot = market();
			let clearing = toda::clear(&snapshot, toda::Mechanism::McAfee).unwrap();
			// The worker's clearing window: too early for a signed fallback.
			assert_eq!(pool_check(P4, 0, clearing.clone()), Err(InvalidTransaction::Future.into()));
			// A round that is still taking commitments is early too; one that never opened is
			// not waiting for anything.
			assert_eq!(pool_check(P4, 1, clearing.clone()), Err(InvalidTransaction::Future.into()));
			assert_eq!(pool_check(P4, 9, clearing.clone()), Err(InvalidTransaction::Stale.into()));
			run_to(21);
			// Another mechanism's clearing, and the right one's with one price moved.
			let sbba = toda::clear(&snapshot, toda::Mechanism::Sbba).unwrap();
			assert_eq!(pool_check(P4, 0, sbba), Err(InvalidTransaction::Call.into()));
			let mut tampered = clearing.clone();
			tampered.classes[0].trades[0].lot_pays += 1;
			assert_eq!(pool_check(P4, 0, tampered), Err(InvalidTransaction::Call.into()));
			// The valid one: one per round in the pool, for the rest of the fallback window.
			let valid = pool_check(P4, 0, clearing.clone()).expect("valid fallback");
			let tag = ("ProverNetTodaFallback", 0u64).encode();
			assert_eq!(valid.provides, vec![tag]);
			assert_eq!(valid.longevity, 5);
			assert_eq!(pool_check(P2, 0, clearing.clone()).unwrap().provides, valid.provides);
			// Its weight is the verification's; other calls' is nothing.
			let call: RuntimeCall =
				crate::Call::<Test>::submit_clearing { round: 0, clearing: clearing.clone() }
					.into();
			assert_eq!(
				crate::CheckFallbackClearing::<Test>::new().weight(&call),
				Toda::authorize_weight(0)
			);
			let other: RuntimeCall = frame_system::Call::<Test>::remark { remark: vec![] }.into();
			assert_eq!(crate::CheckFallbackClearing::<Test>::new().weight(&other), Weight::zero());
			assert!(crate::CheckFallbackClearing::<Test>::new()
				.validate_only(
					RuntimeOrigin::signed(P4),
					&other,
					&other.get_dispatch_info(),
					0,
					TransactionSource::External,
					0
				)
				.is_ok());
			// The first lands; the copy that lost the race is now refused by the pool.
			assert_ok!(Toda::submit_clearing(RuntimeOrigin::signed(P4), 0, clearing.clone()));
			assert_eq!(pool_check(P2, 0, clearing), Err(InvalidTransaction::Stale.into()));
		});
	}

	/// A round that rolled over takes no fallback either.
	#[test]
	fn the_pool_refuses_a_fallback_after_the_round_rolled_over() {
		ExtBuilder::build_and_execute(|| {
			let clearing = toda::clear(&market(), toda::Mechanism::McAfee).unwrap();
			run_to(25);
			assert!(pool_check(P4, 0, clearing.clone()).is_ok());
			run_to(26);
			assert_eq!(Rounds::<Test>::get(0).unwrap().status, RoundStatus::RolledOver);
			assert_eq!(pool_check(P4, 0, clearing), Err(InvalidTransaction::Stale.into()));
		});
	}

	/// M1: an author could leave out its own free clearing of an empty round and take the reward.
	#[test]
	fn an_empty_round_pays_no_reward() {
		ExtBuilder::build_and_execute(|| {
			run_to(16);
			let empty =
				toda::clear(&Snapshots::<Test>::get(0).unwrap(), toda::Mechanism::McAfee).unwrap();
			run_to(21);
			let post = Toda::submit_clearing(RuntimeOrigin::signed(P4), 0, empty).unwrap();
			assert_eq!(post.pays_fee, Pays::No);
			assert_eq!(Balances::balance(&P4), START);
			assert_eq!(Balances::balance(&TREASURY), 1_000);
		});
	}

	/// A round with lots and asks whose clearing trades nothing pays no reward either (an author
	/// that leaves out its own worker's clearing gains nothing).
	#[test]
	fn a_clearing_that_assigns_nothing_pays_no_reward() {
		ExtBuilder::build_and_execute(|| {
			FeePerMs::set(2);
			MockMarket::add(OpenLot { id: 11, class: CLASS, size: 10, max_fee: 1_500, stake: 120 });
			assert_ok!(commit(P1, 0, 100, 1, 1));
			run_to(11);
			assert_ok!(reveal(P1, 0, 100, 1, 1));
			run_to(16);
			// One lot and one ask: McAfee cannot price them.
			let none =
				toda::clear(&Snapshots::<Test>::get(0).unwrap(), toda::Mechanism::McAfee).unwrap();
			assert!(none.classes[0].trades.is_empty());
			run_to(21);
			let post = Toda::submit_clearing(RuntimeOrigin::signed(P4), 0, none).unwrap();
			assert_eq!(post.pays_fee, Pays::No);
			assert_eq!(Balances::balance(&P4), START);
			assert_eq!(Balances::balance(&TREASURY), 1_000);
			FeePerMs::set(0);
		});
	}

	/// L5: the worker marked a round done once its transaction entered the local pool, and never
	/// tried again if it was dropped.
	#[test]
	fn the_worker_submits_again_while_its_clearing_has_not_landed() {
		ExtBuilder::build_and_execute_offchain(|pool| {
			market();
			Toda::offchain_worker(16);
			assert_eq!(pool.read().transactions.len(), 1);
			// Dropped from the pool.
			pool.write().transactions.clear();
			Toda::offchain_worker(17);
			assert!(pool.read().transactions.is_empty(), "waits RESUBMIT_AFTER blocks");
			Toda::offchain_worker(16 + crate::RESUBMIT_AFTER as u64);
			assert_eq!(pool.read().transactions.len(), 1, "submitted again");
			// Once on-chain, nothing more.
			pool.write().transactions.clear();
			let clearing =
				toda::clear(&Snapshots::<Test>::get(0).unwrap(), toda::Mechanism::McAfee).unwrap();
			run_to(19);
			assert_ok!(Toda::submit_clearing_authorized(
				frame_system::RawOrigin::Authorized.into(),
				0,
				clearing
			));
			Toda::offchain_worker(30);
			assert!(pool.read().transactions.is_empty());
		});
	}
}
