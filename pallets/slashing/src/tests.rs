//! Deferred, cancelled and immediate slashes, jailing, and disputes ruled both ways, with exact
//! balances, on the real staking, verifier and escrow pallets. Every test ends with all four
//! pallets' books, an issuance check and an "every BREV is in an account" check.

use crate::{mock::*, ApplyAt, Error, Event, PendingSlashes, QueueCursor, ViolationKind};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
	BoundedVec,
};
use pallet_job_escrow::{InputData, Jobs, StageSpec};
use pallet_prover_staking::ProverStatus;
use provernet_primitives::jobs::JobMarket;
use provernet_primitives::jobs::LotId;

const M: Balance = 1_500;
const PRICE: Balance = 100;

fn stage(attested: bool) -> pallet_job_escrow::StageSpecOf<Test> {
	StageSpec {
		key: if attested { attested_key() } else { groth_key() },
		latency_tier: 0,
		stake_tier: 0,
		size: 10,
		max_fee: M,
		deadline: None,
		deps: vec![],
		public_inputs: if attested { None } else { Some(proof_for(1).0) },
	}
}

fn job(index: u64, attested: bool, deadline: u64) -> LotId {
	assert_ok!(Escrow::submit_job(
		RuntimeOrigin::signed(R1),
		index,
		vec![stage(attested)],
		deadline,
		InputData::Inline(BoundedVec::truncate_from(vec![1]))
	));
	Jobs::<Test>::get(R1, index).unwrap().lots[0]
}

fn assign(lot: LotId, prover: AccountId) {
	let size = pallet_job_escrow::Lots::<Test>::get(lot).expect("a lot").size;
	let terms =
		provernet_primitives::jobs::TradeTerms::at_unit_price(PRICE, size, MarketFee::get());
	assert_ok!(<Escrow as JobMarket<_, _>>::assign(lot, &prover, terms));
}

fn free(who: AccountId) -> Balance {
	Balances::balance(&who)
}

fn self_stake(p: AccountId) -> Balance {
	Staking::prover_info(p).unwrap().self_stake
}

fn bond_held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&crate::HoldReason::DisputeBond.into(), &who)
}

#[test]
fn a_missed_deadline_is_slashed_after_the_window_with_exact_balances() {
	ExtBuilder::build_and_execute(|| {
		let lot = job(1, false, 100);
		assign(lot, P1);
		run_to(12);
		// Recorded, not yet taken: 50 % of the 120 stake tier.
		assert_eq!(
			slashing_events(),
			vec![Event::SlashDeferred {
				id: 0,
				prover: P1,
				lot,
				kind: ViolationKind::MissedDeadline,
				amount: 60,
				apply_at: 22
			}]
		);
		assert!(escrow_events().contains(&pallet_job_escrow::Event::DeadlineMissed {
			lot,
			prover: P1,
			slashed: 0,
			compensation: 0
		}));
		run_to(21);
		assert_eq!(self_stake(P1), 2_000);
		run_to(22);
		assert_eq!(
			slashing_events().last(),
			Some(&Event::Slashed {
				prover: P1,
				lot,
				kind: ViolationKind::MissedDeadline,
				slashed: 60,
				to_requester: 30
			})
		);
		// Pro rata: P1's 2,000 loses 40, D1's 1,000 loses 20; half to R1, half to the treasury.
		assert_eq!(self_stake(P1), 1_960);
		assert_eq!(free(R1), START - M + 30);
		assert_eq!(free(TREASURY), 1 + 30);
		assert!(PendingSlashes::<Test>::iter().next().is_none());
	});
}

#[test]
fn governance_cancels_a_pending_slash_with_a_reason() {
	ExtBuilder::build_and_execute(|| {
		let lot = job(1, false, 100);
		assign(lot, P1);
		run_to(12);
		let reason = b"chain halted at the deadline".to_vec();
		assert_noop!(
			Slashing::cancel_slash(RuntimeOrigin::signed(R1), 0, reason.clone()),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(
			Slashing::cancel_slash(RuntimeOrigin::root(), 1, reason.clone()),
			Error::<Test>::UnknownSlash
		);
		assert_noop!(
			Slashing::cancel_slash(RuntimeOrigin::root(), 0, vec![0; 33]),
			Error::<Test>::ReasonTooLong
		);
		assert_ok!(Slashing::cancel_slash(RuntimeOrigin::root(), 0, reason.clone()));
		assert_eq!(
			slashing_events().last(),
			Some(&Event::SlashCancelled { id: 0, reason: BoundedVec::truncate_from(reason) })
		);
		assert_eq!(ApplyAt::<Test>::iter_key_prefix(22).count(), 0);
		run_to(30);
		assert_eq!(self_stake(P1), 2_000);
		assert_eq!(free(R1), START - M);
	});
}

#[test]
fn a_zero_window_slashes_in_the_next_block() {
	ExtBuilder::build_and_execute(|| {
		DeferralWindow::set(0);
		let lot = job(1, false, 100);
		assign(lot, P1);
		run_to(12);
		// Reporting never slashes (it is O(1) for the escrow's timers): queued for block 13.
		assert!(slashing_events().contains(&Event::SlashDeferred {
			id: 0,
			prover: P1,
			lot,
			kind: ViolationKind::MissedDeadline,
			amount: 60,
			apply_at: 13
		}));
		assert_eq!(self_stake(P1), 2_000);
		run_to(13);
		assert_eq!(self_stake(P1), 1_960);
		assert_eq!(free(R1), START - M + 30);
		assert!(PendingSlashes::<Test>::iter().next().is_none());
		DeferralWindow::set(10);
	});
}

#[test]
fn slashes_due_together_beyond_the_block_limit_spill_into_the_next_blocks() {
	ExtBuilder::build_and_execute(|| {
		// Six lots miss their deadline in the same block; at most 4 (the mock's
		// MaxSlashesPerBlock) slashes apply per block.
		let lots: Vec<LotId> = (1..=6).map(|i| job(i, false, 200)).collect();
		for (i, lot) in lots.iter().enumerate() {
			assign(*lot, if i % 2 == 0 { P1 } else { P2 });
		}
		run_to(12);
		assert_eq!(PendingSlashes::<Test>::iter().count(), 6);
		assert!(PendingSlashes::<Test>::iter().all(|(_, p)| p.apply_at == 22));
		// One spilled slash can still be cancelled while it waits.
		let slashed =
			|evs: &[Event<Test>]| evs.iter().filter(|e| matches!(e, Event::Slashed { .. })).count();
		run_to(22);
		assert_eq!(slashed(&slashing_events()), 4);
		assert_eq!(PendingSlashes::<Test>::iter().count(), 2);
		let (waiting, _) = PendingSlashes::<Test>::iter().next().unwrap();
		assert_ok!(Slashing::cancel_slash(RuntimeOrigin::root(), waiting, b"late".to_vec()));
		run_to(23);
		assert_eq!(slashed(&slashing_events()), 5);
		assert!(PendingSlashes::<Test>::iter().next().is_none());
		assert_eq!(QueueCursor::<Test>::get(), Some(24));
		// 5 slashes of 60, pro rata over each prover's stake; 30 of each to R1.
		assert_eq!(free(R1), START - 6 * M + 5 * 30);
	});
}

#[test]
fn repeated_violations_jail_the_prover() {
	ExtBuilder::build_and_execute(|| {
		DeferralWindow::set(0);
		let (a, b) = (job(1, false, 200), job(2, false, 200));
		assign(a, P1);
		assign(b, P1);
		run_to(13);
		// Two slashes within staking's window (JailAfterSlashes = 2): jailed, no new work.
		assert_eq!(Staking::prover_info(P1).unwrap().status, ProverStatus::Jailed);
		let terms =
			provernet_primitives::jobs::TradeTerms::at_unit_price(PRICE, 10, MarketFee::get());
		assert!(<Escrow as JobMarket<_, _>>::assign(a, &P1, terms).is_err());
		assign(a, P2);
		DeferralWindow::set(10);
	});
}

#[test]
fn an_upheld_dispute_refunds_the_requester_returns_the_bond_and_slashes_the_prover() {
	ExtBuilder::build_and_execute(|| {
		let lot = job(1, true, 100);
		assign(lot, P2);
		assert_ok!(Escrow::submit_proof(RuntimeOrigin::signed(P2), lot, vec![], vec![9; 32]));
		assert_ok!(Escrow::dispute_attested(RuntimeOrigin::signed(R1), lot));
		assert_eq!(bond_held(R1), 50);
		assert_eq!(slashing_events(), vec![Event::DisputeOpened { lot, requester: R1, bond: 50 }]);
		// Funds stay held until the ruling, however long it takes.
		run_to(150);
		assert_eq!(free(R1), START - M - 50);
		assert_noop!(
			Slashing::rule_dispute(RuntimeOrigin::signed(R1), lot, true),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_ok!(Slashing::rule_dispute(RuntimeOrigin::root(), lot, true));
		assert_eq!(free(R1), START);
		assert_eq!(bond_held(R1), 0);
		assert_eq!(Staking::prover_info(P2).unwrap().obligations, 0);
		assert!(slashing_events().contains(&Event::DisputeRuled {
			lot,
			upheld: true,
			bond_to: R1
		}));
		run_to(160);
		// P2 alone: 60 from its self-stake, 30 to R1.
		assert_eq!(self_stake(P2), 2_940);
		assert_eq!(free(R1), START + 30);
		assert_noop!(
			Slashing::rule_dispute(RuntimeOrigin::root(), lot, true),
			Error::<Test>::UnknownDispute
		);
	});
}

#[test]
fn a_rejected_dispute_pays_the_prover_and_gives_it_the_bond() {
	ExtBuilder::build_and_execute(|| {
		let lot = job(1, true, 100);
		assign(lot, P2);
		assert_ok!(Escrow::submit_proof(RuntimeOrigin::signed(P2), lot, vec![], vec![9; 32]));
		assert_ok!(Escrow::dispute_attested(RuntimeOrigin::signed(R1), lot));
		assert_ok!(Slashing::rule_dispute(RuntimeOrigin::root(), lot, false));
		assert_ok!(Staking::claim_rewards(RuntimeOrigin::signed(P2), P2));
		// R1 paid p·w = 1,000 and lost the bond; P2 earned 990 (after the 1 % fee) plus the bond.
		assert_eq!(free(R1), START - 1_000 - 50);
		assert_eq!(free(P2), START - 3_000 + 990 + 50);
		assert_eq!(free(TREASURY), 1 + 10);
		assert_eq!(self_stake(P2), 3_000);
		assert!(slashing_events().contains(&Event::DisputeRuled {
			lot,
			upheld: false,
			bond_to: P2
		}));
	});
}

#[test]
fn a_dispute_needs_its_bond() {
	ExtBuilder::build_and_execute(|| {
		let lot = job(1, true, 100);
		assign(lot, P2);
		assert_ok!(Escrow::submit_proof(RuntimeOrigin::signed(P2), lot, vec![], vec![9; 32]));
		DisputeBond::set(START);
		assert_noop!(
			Escrow::dispute_attested(RuntimeOrigin::signed(R1), lot),
			Error::<Test>::InsufficientBond
		);
		DisputeBond::set(50);
	});
}

/// Review M6: who pays a slash is decided when the violation is reported. A delegator who joins
/// during the deferral pays nothing; the stakers who backed the obligation pay their recorded
/// shares.
#[test]
fn a_delegator_who_joins_after_the_violation_pays_nothing() {
	ExtBuilder::build_and_execute(|| {
		let lot = job(1, false, 100);
		assign(lot, P1);
		run_to(12);
		// Reported at 12 with P1's 2,000 and D1's 1,000 behind the obligation: 40 and 20.
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(R2), P1, 3_000));
		run_to(22);
		assert_eq!(
			slashing_events().last(),
			Some(&Event::Slashed {
				prover: P1,
				lot,
				kind: ViolationKind::MissedDeadline,
				slashed: 60,
				to_requester: 30
			})
		);
		assert_eq!(self_stake(P1), 1_960);
		assert_eq!(pallet_prover_staking::DelegationLedger::get::<Test>(&D1, &P1), 980);
		assert_eq!(pallet_prover_staking::DelegationLedger::get::<Test>(&R2, &P1), 3_000);
		assert_eq!(Balances::total_balance(&R2), START);
	});
}

/// Review M6: a staker who backed the obligation cannot leave before the slash applies; its
/// unbonding stake pays its share, then the rest is withdrawn.
#[test]
fn a_staker_who_unbonds_after_the_violation_still_pays_its_share() {
	ExtBuilder::build_and_execute(|| {
		DeferralWindow::set(20);
		let lot = job(1, false, 100);
		assign(lot, P1);
		run_to(12);
		assert_ok!(Staking::undelegate(RuntimeOrigin::signed(D1), P1, 1_000));
		run_to(22);
		// Its chunk is unlocked, but 20 of it is owed to the slash applying at 32.
		assert_noop!(
			Staking::withdraw_unbonded(RuntimeOrigin::signed(D1), P1),
			pallet_prover_staking::Error::<Test>::SlashPending
		);
		run_to(32);
		assert!(slashing_events()
			.iter()
			.any(|e| matches!(e, Event::Slashed { slashed: 60, to_requester: 30, .. })));
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(D1), P1));
		assert_eq!(free(D1), START - 20);
		assert_eq!(self_stake(P1), 1_960);
		DeferralWindow::set(10);
	});
}

/// A cancelled slash frees what its exposure held back.
#[test]
fn a_cancelled_slash_frees_its_exposure() {
	ExtBuilder::build_and_execute(|| {
		DeferralWindow::set(20);
		let lot = job(1, false, 100);
		assign(lot, P1);
		run_to(12);
		assert_ok!(Staking::undelegate(RuntimeOrigin::signed(D1), P1, 1_000));
		assert_ok!(Slashing::cancel_slash(RuntimeOrigin::root(), 0, b"node outage".to_vec()));
		run_to(22);
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(D1), P1));
		assert_eq!(free(D1), START);
		DeferralWindow::set(10);
	});
}
