//! A lot's life through every pallet, with exact balances for requesters, provers, delegators and
//! the treasury: commit → reveal → snapshot → clearing → proof → paid under McAfee (both cases),
//! SBBA and MUDA; a miss → slash of the recorded exposure → re-auction → paid; a disputed
//! attestation upheld → refund → slash of the exposure.

use frame_support::assert_ok;
use pallet_job_escrow::Event as EscrowEvent;
use provernet_market_tests::*;
use provernet_primitives::jobs::TradeTerms;
use sp_runtime::Perbill;

/// A prover with 1,000 self-stake, 100 % commission (so everything the trade pays it is its own,
/// to the planck) and capacity `cap`.
fn new_prover(who: AccountId, cap: u32) {
	fund(who, 10_000);
	register_prover(who, 1_000, Perbill::one(), cap);
}

/// What a prover has been paid so far (claimed or waiting in the pot).
fn earned(who: AccountId) -> Balance {
	pallet_prover_staking::Pallet::<Test>::pending_rewards(&who, &who)
}

/// Proves every assigned Groth16 lot with `proof_for(secret)`.
fn prove(lot: u64, secret: u64) {
	let (prover, _) = assignment(lot).expect("assigned");
	let (inputs, proof) = proof_for(secret);
	assert_ok!(Escrow::submit_proof(RuntimeOrigin::signed(prover), lot, inputs, proof));
}

fn terms_of(t: &toda::Trade) -> TradeTerms<Balance> {
	TradeTerms {
		lot_unit_price: t.lot_unit_price,
		ask_unit_price: t.ask_unit_price,
		lot_pays: t.lot_pays,
		ask_gross: t.ask_gross,
		fee: t.fee,
		ask_receives: t.ask_receives,
	}
}

/// Review H1, through every pallet: McAfee's reduced case pays the prover a(k) less the fee and
/// the treasury the fee plus the surplus, to the planck.
#[test]
fn mcafee_reduced_case_pays_the_ask_its_critical_price_and_the_treasury_the_surplus() {
	ExtBuilder::build_and_execute(|| {
		let inputs = proof_for(1).0;
		for r in [51u64, 52, 53] {
			fund(r, 10_000);
		}
		// ρ = 150, 150, 50 per unit; asks 90 ×1, 100 ×2, 120 ×1 (net; 91, 102, 122 grossed up).
		let a = post(51, 1, groth_key(), 10, 1_500, Some(inputs.clone()));
		let b = post(52, 1, groth_key(), 4, 600, Some(inputs.clone()));
		let c = post(53, 1, groth_key(), 2, 100, Some(inputs.clone()));
		for p in [101, 102, 103] {
			new_prover(p, 2);
		}
		let treasury = total_balance(TREASURY);
		let (_, clearing) = clear_round(&[
			Ask { prover: 101, class: g16(), unit_price: 90, capacity: 1 },
			Ask { prover: 102, class: g16(), unit_price: 100, capacity: 2 },
			Ask { prover: 103, class: g16(), unit_price: 120, capacity: 1 },
		]);
		// k = 2, p₀ = ⌊(50 + 102)/2⌋ = 76 ∉ [102, 150]: one trade, the cheapest ask serves one of
		// the two ρ = 150 lots (the seeded pairing picks which); it pays 150/unit, the ask gets
		// a(k) = 102 gross.
		let trades = &clearing.classes[0].trades;
		assert_eq!(trades.len(), 1);
		let t = &trades[0];
		assert!(t.lot == a || t.lot == b);
		assert_eq!((t.lot_unit_price, t.ask_unit_price), (150, 102));
		let (prover, terms) = assignment(t.lot).expect("assigned");
		assert_eq!(prover, 101);
		assert_eq!(terms, terms_of(t));
		assert!(assignment(c).is_none());
		let (w, requester) = if t.lot == a { (10, 51) } else { (4, 52) };
		assert_eq!(terms.lot_pays, 150 * w);
		assert_eq!(terms.ask_gross, 102 * w);
		assert_eq!(terms.fee, 102 * w / 100);
		prove(t.lot, 1);
		// The requester paid ρ(k)·w; the prover a(k)·w less the fee; the treasury the rest.
		assert_eq!(total_balance(requester), 10_000 - 150 * w);
		assert_eq!(earned(101), 102 * w - 102 * w / 100);
		assert_eq!(total_balance(TREASURY), treasury + 150 * w - (102 * w - 102 * w / 100));
		assert!(escrow_events().contains(&EscrowEvent::LotSettled {
			lot: t.lot,
			prover: 101,
			paid: 150 * w,
			to_prover: 102 * w - 102 * w / 100,
			fee: 102 * w / 100,
			surplus: 48 * w,
			refunded: 0,
		}));
		// With w = 10: 1,500 paid, 1,010 to the prover, 490 to the treasury (the review's numbers).
		if w == 10 {
			assert_eq!(
				(terms.lot_pays, terms.ask_receives, terms.to_treasury()),
				(1_500, 1_010, 490)
			);
		}
	});
}

/// McAfee's ordinary case: the top k trade at p₀ = (ρ(k+1) + a(k+1)) / 2, no surplus.
#[test]
fn mcafee_trades_the_top_k_at_the_midpoint_of_the_first_excluded_pair() {
	ExtBuilder::build_and_execute(|| {
		let inputs = proof_for(1).0;
		let mut lots = vec![];
		for (i, m) in [1_000u128, 750, 300].into_iter().enumerate() {
			let r = 60 + i as u64;
			fund(r, 10_000);
			lots.push(post(r, 1, groth_key(), 5, m, Some(inputs.clone())));
		}
		for p in [101, 102, 103] {
			new_prover(p, 1);
		}
		let treasury = total_balance(TREASURY);
		// ρ = 200, 150, 60; asks 50, 80, 100 → 51, 81, 102 grossed up: k = 2, p₀ = (60 + 102)/2
		// = 81 ∈ [81, 150].
		let (_, clearing) = clear_round(&[
			Ask { prover: 101, class: g16(), unit_price: 50, capacity: 1 },
			Ask { prover: 102, class: g16(), unit_price: 80, capacity: 1 },
			Ask { prover: 103, class: g16(), unit_price: 100, capacity: 1 },
		]);
		let trades = &clearing.classes[0].trades;
		assert_eq!(trades.len(), 2);
		for t in trades {
			assert_eq!((t.lot_unit_price, t.ask_unit_price), (81, 81));
			assert_eq!(assignment(t.lot).map(|(_, terms)| terms), Some(terms_of(t)));
			prove(t.lot, 1);
		}
		// Each lot pays 405; each prover gets 405 − ⌊4.05⌋ = 401; the treasury the two fees.
		assert_eq!(total_balance(60), 10_000 - 405);
		assert_eq!(total_balance(61), 10_000 - 405);
		assert_eq!(total_balance(62), 10_000);
		assert_eq!(earned(101) + earned(102) + earned(103), 2 * 401);
		assert_eq!(earned(103), 0);
		assert_eq!(total_balance(TREASURY), treasury + 2 * 4);
	});
}

/// SBBA and MUDA through the chain: every settled lot pays exactly its trade's terms as the
/// library computed them from the chain's snapshot, and the books balance (strong budget
/// balance: the treasury gets the fees only).
#[test]
fn sbba_and_muda_settle_exactly_the_library_clearing() {
	for mechanism in [toda::Mechanism::Sbba, toda::Mechanism::Muda] {
		// The round pins its mechanism when it opens, at the world's first block.
		Mechanism::set(mechanism);
		ExtBuilder::build_and_execute(|| {
			let inputs = proof_for(1).0;
			let values = [300u128, 260, 200, 180, 90, 40];
			let mut requesters = vec![];
			for (i, v) in values.into_iter().enumerate() {
				let r = 40 + i as u64;
				fund(r, 100_000);
				post(r, 1, groth_key(), 1 + i as u32, v * (1 + i as u128), Some(inputs.clone()));
				requesters.push(r);
			}
			let asks: Vec<Ask> = [20u128, 60, 95, 150, 170, 250]
				.into_iter()
				.enumerate()
				.map(|(i, price)| {
					let p = 110 + i as u64;
					new_prover(p, 2);
					Ask { prover: p, class: g16(), unit_price: price, capacity: 1 }
				})
				.collect();
			let treasury = total_balance(TREASURY);
			let (_, clearing) = clear_round(&asks);
			let trades = &clearing.classes[0].trades;
			assert!(!trades.is_empty(), "{mechanism:?} trades");
			let mut fees = 0;
			for t in trades {
				let (prover, terms) = assignment(t.lot).expect("assigned");
				assert_eq!(terms, terms_of(t));
				assert_eq!(t.lot_pays, t.ask_gross, "strongly budget balanced");
				let before = earned(prover);
				prove(t.lot, 1);
				assert_eq!(earned(prover) - before, t.ask_receives);
				fees += t.fee;
			}
			assert_eq!(total_balance(TREASURY), treasury + fees);
			let paid: Balance = trades.iter().map(|t| t.lot_pays).sum();
			let spent: Balance = requesters.iter().map(|r| 100_000 - total_balance(*r)).sum();
			assert_eq!(spent, paid);
		});
	}
	Mechanism::set(toda::Mechanism::McAfee);
}

/// A miss: the obligation's exposure (P1 and its delegator D1) is recorded when the miss is
/// reported; a delegator who joins afterwards (D2) pays nothing; the lot is re-auctioned, served by
/// P2 and paid.
#[test]
fn a_miss_is_slashed_on_its_exposure_and_the_lot_is_reauctioned_and_paid() {
	ExtBuilder::build_and_execute(|| {
		let inputs = proof_for(1).0;
		// ρ = 150 and 40 per unit (w 10).
		let lot = post(R1, 1, groth_key(), 10, 1_500, Some(inputs.clone()));
		post(R2, 1, groth_key(), 10, 400, Some(inputs));
		// Asks 10 and 100 (11 and 102 grossed up): k = 1, p₀ = ⌊(40 + 102)/2⌋ = 71.
		clear_round(&[
			Ask { prover: P1, class: g16(), unit_price: 10, capacity: 1 },
			Ask { prover: P2, class: g16(), unit_price: 100, capacity: 1 },
		]);
		let (prover, terms) = assignment(lot).expect("assigned");
		assert_eq!((prover, terms.lot_pays, terms.ask_receives), (P1, 710, 703));
		assert_eq!(System::block_number(), 16);
		// P1 never proves. Due at 26; at 27 the miss is reported with its exposure: 50 % of the
		// 120 stake tier over P1's 2,000 and D1's 1,000 → 40 and 20.
		run_to(27);
		assert!(pallet_prover_staking::Exposures::<Test>::iter()
			.any(|(_, e)| e.prover == P1 && e.shares.to_vec() == vec![(P1, 40), (D1, 20)]));
		assert!(escrow_events().contains(&EscrowEvent::LotReopened { lot }));
		// D2 joins P1 after the miss.
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(D2), P1, 500));
		run_to(30);
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Slashing(pallet_slashing::Event::Slashed {
				prover: P1,
				lot,
				kind: pallet_slashing::ViolationKind::MissedDeadline,
				slashed: 60,
				to_requester: 30,
			})));
		// Round 2 re-auctions it: P2 at 20 (21 grossed up) against a new prover at 100.
		new_prover(103, 1);
		let treasury = total_balance(TREASURY);
		clear_round(&[
			Ask { prover: P2, class: g16(), unit_price: 20, capacity: 1 },
			Ask { prover: 103, class: g16(), unit_price: 100, capacity: 1 },
		]);
		let (prover, terms) = assignment(lot).expect("re-assigned");
		assert_eq!((prover, terms.lot_pays, terms.ask_receives, terms.fee), (P2, 710, 703, 7));
		prove(lot, 1);
		// The books: R1 paid 710 once and got 30; P1 and D1 lost 40 and 20; D2 nothing; P2
		// earned 703 (10 % commission 70, 633 on its own stake); the treasury 7 and 30 earlier.
		assert_eq!(total_balance(R1), START - 710 + 30);
		assert_eq!(total_balance(P1), START - 40);
		assert_eq!(total_balance(D1), START - 20);
		assert_eq!(total_balance(D2), START);
		assert_eq!(earned(P2), 703);
		assert_eq!(total_balance(TREASURY), treasury + 7);
		assert_eq!(total_balance(R2), START);
	});
}

/// Review M7: the fee is the round's, fixed when it opened; governance raising it before the
/// clearing (or before settlement) changes nothing for that round's trades — the prover still
/// receives at least its ask.
#[test]
fn the_fee_is_the_rounds_whatever_governance_sets_later() {
	ExtBuilder::build_and_execute(|| {
		let inputs = proof_for(1).0;
		for r in [71u64, 72] {
			fund(r, 10_000);
		}
		let lot = post(71, 1, groth_key(), 10, 2_000, Some(inputs.clone()));
		post(72, 1, groth_key(), 10, 400, Some(inputs));
		new_prover(101, 1);
		new_prover(102, 1);
		// Round 0 opened at 1 % (block 1); governance moves to 10 % before it clears.
		MarketFee::set(Perbill::from_percent(10));
		// ρ = 200 and 40; asks 10 → 11 and 100 → 102 at the round's 1 %: p₀ = ⌊(40 + 102)/2⌋ = 71.
		clear_round(&[
			Ask { prover: 101, class: g16(), unit_price: 10, capacity: 1 },
			Ask { prover: 102, class: g16(), unit_price: 100, capacity: 1 },
		]);
		let (_, terms) = assignment(lot).expect("assigned");
		assert_eq!((terms.lot_pays, terms.fee, terms.ask_receives), (710, 7, 703));
		prove(lot, 1);
		assert_eq!(earned(101), 703);
		MarketFee::set(Perbill::from_percent(1));
	});
}

/// A dispute flows one way: the escrow holds the bond and ends the lot, the slashing policy
/// records the exposure and slashes it, prover staking takes it pro rata. The requester gets its
/// escrow and bond back and the slash's requester share; nothing else moves.
#[test]
fn an_upheld_dispute_refunds_the_requester_and_slashes_the_exposure() {
	ExtBuilder::build_and_execute(|| {
		let lot = post(R1, 1, attested_key(), 10, 1_500, None);
		post(R2, 1, attested_key(), 10, 400, None);
		clear_round(&[
			Ask { prover: P1, class: attested(), unit_price: 10, capacity: 1 },
			Ask { prover: P2, class: attested(), unit_price: 100, capacity: 1 },
		]);
		let (prover, terms) = assignment(lot).expect("assigned");
		assert_eq!((prover, terms.lot_pays), (P1, 710));
		assert_ok!(Escrow::submit_proof(RuntimeOrigin::signed(P1), lot, vec![], vec![9; 32]));
		assert_ok!(Escrow::dispute_attested(RuntimeOrigin::signed(R1), lot));
		assert_eq!(total_balance(R1), START);
		assert_ok!(Escrow::rule_dispute(RuntimeOrigin::root(), lot, true));
		let now = System::block_number();
		assert!(escrow_events().contains(&EscrowEvent::DisputeRuled {
			lot,
			upheld: true,
			by_default: false,
			bond_to: R1
		}));
		// Reported now with P1's 2,000 and D1's 1,000 behind the 120 obligation: 40 and 20.
		assert!(pallet_prover_staking::Exposures::<Test>::iter()
			.any(|(_, e)| e.prover == P1 && e.shares.to_vec() == vec![(P1, 40), (D1, 20)]));
		run_to(now + 3);
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Slashing(pallet_slashing::Event::Slashed {
				prover: P1,
				lot,
				kind: pallet_slashing::ViolationKind::DisputeUpheld,
				slashed: 60,
				to_requester: 30,
			})));
		// R1: its escrow and bond back, plus half the slash; P1 and D1 lost 40 and 20.
		assert_eq!(pallet_balances::Pallet::<Test>::free_balance(R1), START + 30);
		assert_eq!(total_balance(P1), START - 40);
		assert_eq!(total_balance(D1), START - 20);
		assert_eq!(total_balance(R2), START);
	});
}
