//! A job's every path, with exact balances for requester, provers, delegator and treasury. Each
//! test ends with the escrow's, staking's and verifier's `try_state`, an issuance check and an
//! "every BREV is in an account" check (`ExtBuilder::build_and_execute`).

use crate::{
	mock::*, AssignError, Error, Event, InputData, JobMarket, Jobs, Lot, LotState, Lots,
	OpenByClass, StageSpecOf, TimerCursor, TimerKind, Timers,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
	BoundedVec,
};
use provernet_primitives::jobs::{LotId, OpenLot, TradeTerms, ViolationKind};

const M: Balance = 1_500;
const SIZE: u32 = 10;
/// Unit price: pays 1,000 of a 1,500 max fee.
const PRICE: Balance = 100;

fn stage(secret: u64) -> StageSpecOf<Test> {
	crate::StageSpec {
		key: groth_key(),
		latency_tier: 0,
		stake_tier: 0,
		size: SIZE,
		max_fee: M,
		deadline: None,
		deps: vec![],
		public_inputs: Some(proof_for(secret).0),
	}
}

fn input() -> InputData<<Test as crate::Config>::MaxDataLen> {
	InputData::Inline(BoundedVec::truncate_from(b"x0 is 2".to_vec()))
}

fn submit(who: AccountId, index: u64, stages: Vec<StageSpecOf<Test>>, deadline: u64) -> Vec<u64> {
	assert_ok!(Escrow::submit_job(RuntimeOrigin::signed(who), index, stages, deadline, input()));
	Jobs::<Test>::get(who, index).unwrap().lots.to_vec()
}

/// Assigns at one unit price on both sides with the mock's 1 % fee (the auction's terms are
/// tested in the market world, `tests/market`).
fn assign(lot: u64, prover: AccountId, price: Balance) -> sp_runtime::DispatchResult {
	let size = Lots::<Test>::get(lot).map(|l| l.size).unwrap_or(SIZE);
	<Escrow as JobMarket<_, _, _>>::assign(
		lot,
		&prover,
		TradeTerms::at_unit_price(price, size, MarketFee::get()),
	)
	.map_err(Into::into)
}

/// Whether `lot` is in its class's open queue.
fn queued(lot: u64) -> bool {
	Lots::<Test>::get(lot)
		.is_some_and(|l| OpenByClass::<Test>::contains_key(l.class, crate::QueueKey::of(lot, &l)))
}

fn prove(prover: AccountId, lot: u64, secret: u64) -> sp_runtime::DispatchResult {
	let (inputs, proof) = proof_for(secret);
	Escrow::submit_proof(RuntimeOrigin::signed(prover), lot, inputs, proof)
		.map(|_| ())
		.map_err(|e| e.error)
}

fn escrow_held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&crate::HoldReason::JobEscrow.into(), &who)
}

fn free(who: AccountId) -> Balance {
	Balances::balance(&who)
}

/// Every staker claims what it has (`NothingToClaim` is fine).
fn claim_all() {
	for (who, prover) in [(P1, P1), (D1, P1), (P2, P2)] {
		let r = Staking::claim_rewards(RuntimeOrigin::signed(who), prover);
		assert!(
			r.is_ok() || r == Err(pallet_prover_staking::Error::<Test>::NothingToClaim.into()),
			"{r:?}"
		);
	}
}

/// What conviction voting does when the requester delegates its whole balance (held escrow
/// included, as `vote`/`delegate` allow up to the total balance).
fn lock_everything(who: AccountId) {
	use frame_support::traits::{LockableCurrency, WithdrawReasons};
	Balances::set_lock(*b"pyconvot", &who, Balances::total_balance(&who), WithdrawReasons::all());
}

fn obligations(p: AccountId) -> Balance {
	Staking::prover_info(p).unwrap().obligations
}

mod life {
	use super::*;

	#[test]
	fn served_and_verified_pays_prover_stakers_and_treasury_exactly() {
		ExtBuilder::build_and_execute(|| {
			let lots = submit(R1, 7, vec![stage(1)], 100);
			assert_eq!(escrow_held(R1), M);
			assert_eq!(free(R1), START - M);
			assert_ok!(assign(lots[0], P1, PRICE));
			assert_eq!(obligations(P1), 120);
			assert_ok!(prove(P1, lots[0], 1));
			// p·w = 1,000: 1 % fee = 10 → treasury; 990 → P1: 10 % commission = 99, and 891
			// shared over 3,000 stake: P1 (2,000) 594, D1 (1,000) 297.
			claim_all();
			assert_eq!(free(R1), START - 1_000);
			assert_eq!(escrow_held(R1), 0);
			assert_eq!(free(TREASURY), 1 + 10);
			assert_eq!(free(P1), START - 2_000 + 99 + 594);
			assert_eq!(free(D1), START - 1_000 + 297);
			assert_eq!(obligations(P1), 0);
			assert!(Jobs::<Test>::get(R1, 7).is_none() && Lots::<Test>::get(lots[0]).is_none());
			let events = escrow_events();
			assert!(events.contains(&Event::LotSettled {
				lot: lots[0],
				prover: P1,
				paid: 1_000,
				to_prover: 990,
				fee: 10,
				surplus: 0,
				refunded: 500
			}));
			assert_eq!(
				events.last(),
				Some(&Event::JobFinished { requester: R1, job: 7, fulfilled: 1, refunded: 0 })
			);
		});
	}

	#[test]
	fn an_invalid_proof_is_rejected_and_changes_nothing_then_a_valid_one_is_accepted() {
		ExtBuilder::build_and_execute(|| {
			let lots = submit(R1, 1, vec![stage(1)], 100);
			assert_ok!(assign(lots[0], P1, PRICE));
			let (inputs, good) = proof_for(1);
			let (_, other) = proof_for(2);
			let call = |i: &[u8], p: &[u8]| {
				Escrow::submit_proof(RuntimeOrigin::signed(P1), lots[0], i.to_vec(), p.to_vec())
			};
			// A proof of another secret, for the lot's inputs: rejected by the pairing check.
			assert_noop!(call(&inputs, &other), Error::<Test>::ProofRejected);
			// The other secret's own inputs: not the ones the requester fixed.
			assert_noop!(call(&proof_for(2).0, &other), Error::<Test>::InputsMismatch);
			let mut bad = good.clone();
			bad[0] ^= 1;
			assert!(call(&inputs, &bad).is_err());
			assert_noop!(call(&inputs, &good[..127]), Error::<Test>::MalformedProof);
			assert_noop!(
				Escrow::submit_proof(
					RuntimeOrigin::signed(P2),
					lots[0],
					inputs.clone(),
					good.clone()
				),
				Error::<Test>::NotAssignedProver
			);
			assert_eq!(escrow_held(R1), M);
			assert_ok!(call(&inputs, &good));
			assert_eq!(free(R1), START - 1_000);
		});
	}

	#[test]
	fn a_missed_deadline_is_reported_reauctioned_and_then_served() {
		ExtBuilder::build_and_execute(|| {
			let lots = submit(R1, 1, vec![stage(1)], 100);
			assert_ok!(assign(lots[0], P1, PRICE));
			// Due at 1 + 10 = 11; the timer runs at 12.
			run_to(11);
			assert!(matches!(Lots::<Test>::get(lots[0]).unwrap().state, LotState::Assigned { .. }));
			run_to(12);
			// Reported once to the slashing policy with the lot's stake tier; what it costs is
			// the policy's (tests/market tells the whole story with pallet-slashing).
			assert!(escrow_events().contains(&Event::DeadlineMissed { lot: lots[0], prover: P1 }));
			assert_eq!(
				Violations::reported(),
				vec![(P1, R1, lots[0], ViolationKind::MissedDeadline, 120)]
			);
			assert!(escrow_events().contains(&Event::LotReopened { lot: lots[0] }));
			assert_eq!(obligations(P1), 0);
			assert_eq!(free(R1), START - M);
			assert!(queued(lots[0]));
			// The same prover's proof is now refused (no longer assigned to it).
			assert_noop!(prove(P1, lots[0], 1), Error::<Test>::NotAssignedProver);
			// Re-auctioned to P2 and served.
			assert_ok!(assign(lots[0], P2, PRICE));
			assert_ok!(prove(P2, lots[0], 1));
			claim_all();
			assert_eq!(free(R1), START - 1_000);
			// P2 alone: 99 commission + 891 shared = 990.
			assert_eq!(free(P2), START - 3_000 + 990);
			assert_eq!(free(TREASURY), 1 + 10);
			// P1 and D1 earned nothing; the escrow took nothing from them.
			assert_eq!(free(P1) + Staking::prover_info(P1).unwrap().self_stake, START);
			assert_eq!(Violations::reported().len(), 1);
		});
	}

	#[test]
	fn a_missed_deadline_with_no_time_left_refunds_in_full() {
		ExtBuilder::build_and_execute(|| {
			// Deadline 20: after a miss at 12, one more round (5) and proving (10) do not fit.
			let lots = submit(R1, 1, vec![stage(1)], 20);
			assert_ok!(assign(lots[0], P1, PRICE));
			run_to(12);
			assert!(escrow_events().contains(&Event::LotRefunded { lot: lots[0], amount: M }));
			assert_eq!(free(R1), START);
			assert_eq!(
				Violations::reported(),
				vec![(P1, R1, lots[0], ViolationKind::MissedDeadline, 120)]
			);
			assert_eq!(escrow_held(R1), 0);
			assert!(Jobs::<Test>::get(R1, 1).is_none());
			assert_eq!(
				escrow_events().last(),
				Some(&Event::JobFinished { requester: R1, job: 1, fulfilled: 0, refunded: 1 })
			);
		});
	}

	#[test]
	fn an_unassigned_lot_is_refunded_after_its_last_feasible_block() {
		ExtBuilder::build_and_execute(|| {
			let lots = submit(R1, 1, vec![stage(1)], 40);
			// Expiry at 40 − 10 + 1 = 31: assignable until 30.
			run_to(30);
			assert!(<Escrow as JobMarket<_, _, _>>::is_servable(lots[0]));
			assert_eq!(escrow_held(R1), M);
			run_to(31);
			assert_eq!(escrow_held(R1), 0);
			assert_eq!(free(R1), START);
			assert!(!queued(lots[0]));
		});
	}

	#[test]
	fn cancel_refunds_in_full_before_any_assignment_only() {
		ExtBuilder::build_and_execute(|| {
			submit(R1, 1, vec![stage(1), stage(1)], 100);
			assert_eq!(escrow_held(R1), 2 * M);
			assert_noop!(
				Escrow::cancel_job(RuntimeOrigin::signed(R2), 1),
				Error::<Test>::UnknownJob
			);
			assert_ok!(Escrow::cancel_job(RuntimeOrigin::signed(R1), 1));
			assert_eq!(free(R1), START);
			assert!(escrow_events().contains(&Event::JobCancelled { requester: R1, job: 1 }));
			let lots = submit(R1, 2, vec![stage(1), stage(1)], 100);
			assert_ok!(assign(lots[0], P1, PRICE));
			assert_noop!(
				Escrow::cancel_job(RuntimeOrigin::signed(R1), 2),
				Error::<Test>::AlreadyAssigned
			);
		});
	}
}

mod stages {
	use super::*;

	fn dag(deadlines: [Option<u64>; 3]) -> Vec<StageSpecOf<Test>> {
		let mut s = vec![stage(1), stage(1), stage(1)];
		s[1].deps = vec![0];
		s[2].deps = vec![1];
		for (st, d) in s.iter_mut().zip(deadlines) {
			st.deadline = d;
		}
		s
	}

	#[test]
	fn a_three_stage_dag_is_served_stage_by_stage() {
		ExtBuilder::build_and_execute(|| {
			let lots = submit(R1, 1, dag([None, None, None]), 200);
			assert_eq!(escrow_held(R1), 3 * M);
			let open = Escrow::open_lots_of(g16(), 10);
			assert_eq!(
				open,
				vec![OpenLot { id: lots[0], class: g16(), size: SIZE, max_fee: M, stake: 120 }]
			);
			assert_noop!(assign(lots[1], P1, PRICE), Error::<Test>::LotNotOpen);
			for (i, lot) in lots.iter().enumerate() {
				assert_ok!(assign(*lot, P2, PRICE));
				assert_ok!(prove(P2, *lot, 1));
				if i < 2 {
					assert!(escrow_events()
						.contains(&Event::LotOpened { lot: lots[i + 1], class: g16() }));
					assert_eq!(escrow_held(R1), (2 - i as u128) * M);
				}
			}
			claim_all();
			assert_eq!(free(R1), START - 3_000);
			assert_eq!(free(P2), START - 3_000 + 3 * 990);
			assert_eq!(free(TREASURY), 1 + 30);
			assert_eq!(
				escrow_events().last(),
				Some(&Event::JobFinished { requester: R1, job: 1, fulfilled: 3, refunded: 0 })
			);
		});
	}

	#[test]
	fn a_dag_whose_middle_stage_fails_refunds_it_and_what_depends_on_it() {
		ExtBuilder::build_and_execute(|| {
			// Stage 1 must finish by 40; stage 2 by 100.
			let lots = submit(R1, 1, dag([Some(20), Some(40), None]), 100);
			assert_ok!(assign(lots[0], P2, PRICE));
			assert_ok!(prove(P2, lots[0], 1));
			run_to(25);
			assert_ok!(assign(lots[1], P1, PRICE));
			// Due 35; at 36 no round + proving fit before 40: stage 1 refunded, stage 2 with it.
			run_to(36);
			let events = escrow_events();
			assert!(events.contains(&Event::LotRefunded { lot: lots[1], amount: M }));
			assert!(events.contains(&Event::LotRefunded { lot: lots[2], amount: M }));
			assert_eq!(
				events.last(),
				Some(&Event::JobFinished { requester: R1, job: 1, fulfilled: 1, refunded: 2 })
			);
			claim_all();
			assert_eq!(escrow_held(R1), 0);
			// Paid stage 0 (1,000); P1's miss was reported.
			assert_eq!(free(R1), START - 1_000);
			assert_eq!(
				Violations::reported(),
				vec![(P1, R1, lots[1], ViolationKind::MissedDeadline, 120)]
			);
			assert_eq!(free(P2), START - 3_000 + 990);
		});
	}

	#[test]
	fn the_dag_is_validated() {
		ExtBuilder::build_and_execute(|| {
			let go = |s: Vec<StageSpecOf<Test>>, d: u64| {
				Escrow::submit_job(RuntimeOrigin::signed(R1), 9, s, d, input())
			};
			let mut s = dag([None, None, None]);
			s[1].deps = vec![1];
			assert_noop!(go(s, 200), Error::<Test>::BadDependency);
			let mut s = dag([None, None, None]);
			s[1].deps = vec![2];
			assert_noop!(go(s, 200), Error::<Test>::BadDependency);
			let mut s = dag([None, None, None]);
			s[2].deps = vec![1, 1];
			assert_noop!(go(s, 200), Error::<Test>::BadDependency);
			let mut s = dag([None, None, None]);
			s[2].deps = vec![0, 1, 0];
			assert_noop!(go(s, 200), Error::<Test>::TooManyDependencies);
			let mut s = dag([None, None, None]);
			s.push(stage(1));
			s[3].deps = vec![2];
			assert_noop!(go(s, 200), Error::<Test>::TooDeep);
			assert_noop!(
				go(dag([Some(60), Some(50), None]), 200),
				Error::<Test>::StageDeadlineBeforeDependency
			);
			assert_noop!(
				go(dag([None, None, Some(300)]), 200),
				Error::<Test>::StageDeadlineAfterJob
			);
			// Three rounds of 5 + 10 need 45 blocks from block 1.
			assert_noop!(go(dag([None, None, None]), 45), Error::<Test>::DeadlineTooSoon);
			assert_ok!(go(dag([None, None, None]), 46));
		});
	}
}

mod validation {
	use super::*;

	#[test]
	fn bad_jobs_get_specific_errors_and_change_nothing() {
		ExtBuilder::build_and_execute(|| {
			let go = |who, index, s: Vec<StageSpecOf<Test>>, d: u64| {
				Escrow::submit_job(RuntimeOrigin::signed(who), index, s, d, input())
			};
			let with = |f: &dyn Fn(&mut StageSpecOf<Test>)| {
				let mut s = stage(1);
				f(&mut s);
				vec![s]
			};
			assert_noop!(go(R1, 1, vec![], 100), Error::<Test>::NoStages);
			assert_noop!(go(R1, 1, vec![stage(1); 5], 100), Error::<Test>::TooManyStages);
			assert_noop!(go(R1, 1, with(&|s| s.key = [9; 32]), 100), Error::<Test>::UnknownKey);
			assert_noop!(
				go(R1, 1, with(&|s| s.latency_tier = 2), 100),
				Error::<Test>::UnknownLatencyTier
			);
			assert_noop!(
				go(R1, 1, with(&|s| s.stake_tier = 2), 100),
				Error::<Test>::UnknownStakeTier
			);
			assert_noop!(go(R1, 1, with(&|s| s.size = 0), 100), Error::<Test>::ZeroSize);
			assert_noop!(go(R1, 1, with(&|s| s.size = 1_001), 100), Error::<Test>::SizeTooLarge);
			assert_noop!(go(R1, 1, with(&|s| s.max_fee = 9), 100), Error::<Test>::FeeTooLow);
			assert_noop!(go(R1, 1, vec![stage(1)], 15), Error::<Test>::DeadlineTooSoon);
			assert_noop!(
				go(R1, 1, with(&|s| s.latency_tier = 1), 55),
				Error::<Test>::DeadlineTooSoon
			);
			assert_noop!(go(R1, 1, vec![stage(1)], 1_002), Error::<Test>::DeadlineTooFar);
			assert_noop!(
				go(R1, 1, with(&|s| s.public_inputs = Some(vec![0; 64])), 100),
				Error::<Test>::WrongInputCount
			);
			assert_noop!(
				go(R1, 1, with(&|s| s.max_fee = START), 100),
				Error::<Test>::InsufficientBalance
			);
			MinSecurityBits::set(128);
			assert_noop!(go(R1, 1, vec![stage(1)], 100), Error::<Test>::KeySecurityTooLow);
			MinSecurityBits::set(100);
			assert_eq!(escrow_held(R1), 0);
			// Ids are per requester: R2 may use R1's index; R1 may not reuse a live one.
			submit(R1, 1, vec![stage(1)], 100);
			submit(R2, 1, vec![stage(1)], 100);
			assert_noop!(go(R1, 1, vec![stage(1)], 100), Error::<Test>::JobIndexInUse);
		});
	}

	#[test]
	fn assignment_is_checked() {
		ExtBuilder::build_and_execute(|| {
			let lots = submit(R1, 1, vec![stage(1)], 100);
			assert_noop!(assign(99, P1, PRICE), Error::<Test>::UnknownLot);
			assert_noop!(assign(lots[0], D1, PRICE), Error::<Test>::ProverNotEligible);
			assert_noop!(assign(lots[0], P1, 151), Error::<Test>::PriceAboveMaxFee);
			// Stake tier 1 (5,000) is more than P1's 3,000 of stake.
			let mut big = stage(1);
			big.stake_tier = 1;
			let big = submit(R2, 1, vec![big], 100);
			assert!(assign(big[0], P1, PRICE).is_err());
			assert_eq!(obligations(P1), 0);
			assert_ok!(assign(lots[0], P1, 150));
			assert_noop!(assign(lots[0], P2, PRICE), Error::<Test>::LotNotOpen);
			// Not servable: late in its window.
			let late = submit(R2, 2, vec![stage(1)], 100);
			frame_system::Pallet::<Test>::set_block_number(91);
			assert!(!<Escrow as JobMarket<_, _, _>>::is_servable(late[0]));
			assert_noop!(assign(late[0], P2, PRICE), Error::<Test>::NotServable);
		});
	}

	#[test]
	fn a_proof_after_the_due_block_is_late() {
		ExtBuilder::build_and_execute(|| {
			let lots = submit(R1, 1, vec![stage(1)], 100);
			assert_ok!(assign(lots[0], P1, PRICE));
			// Without the timer having run (same block as it would), the check itself refuses.
			frame_system::Pallet::<Test>::set_block_number(12);
			assert_noop!(prove(P1, lots[0], 1), Error::<Test>::DeadlinePassed);
		});
	}

	#[test]
	fn timers_beyond_the_block_limit_run_in_the_next_blocks() {
		ExtBuilder::build_and_execute(|| {
			// Nine lots with deadline 100 all expire at 91; the mock runs at most 6 timers a
			// block. Scheduling is never refused.
			for i in 0..9 {
				submit(R1, i, vec![stage(1)], 100);
			}
			assert_eq!(Timers::<Test>::iter_key_prefix(91).count(), 9);
			run_to(90);
			assert_eq!(Jobs::<Test>::iter().count(), 9);
			run_to(91);
			assert_eq!(Jobs::<Test>::iter().count(), 3);
			assert_eq!(TimerCursor::<Test>::get(), Some(91));
			run_to(92);
			assert_eq!(Jobs::<Test>::iter().count(), 0);
			assert_eq!(escrow_held(R1), 0);
			assert_eq!(TimerCursor::<Test>::get(), Some(93));
		});
	}

	#[test]
	fn a_proof_in_time_removes_the_due_timer() {
		ExtBuilder::build_and_execute(|| {
			let lots = submit(R1, 1, vec![stage(1)], 100);
			assert_ok!(assign(lots[0], P1, PRICE));
			let LotState::Assigned { due, .. } = Lots::<Test>::get(lots[0]).unwrap().state else {
				panic!("assigned")
			};
			assert!(Timers::<Test>::contains_key(due + 1, (lots[0], TimerKind::Due)));
			assert_ok!(prove(P1, lots[0], 1));
			assert_eq!(Timers::<Test>::iter_key_prefix(due + 1).count(), 0);
		});
	}
}

mod attested {
	use super::*;

	fn attested_stage() -> StageSpecOf<Test> {
		crate::StageSpec { key: attested_key(), public_inputs: None, ..stage(1) }
	}

	fn attest(lot: u64) -> sp_runtime::DispatchResult {
		Escrow::submit_proof(RuntimeOrigin::signed(P2), lot, vec![], vec![7; 32])
			.map(|_| ())
			.map_err(|e| e.error)
	}

	#[test]
	fn the_requester_accepts_a_digest() {
		ExtBuilder::build_and_execute(|| {
			let lots = submit(R1, 1, vec![attested_stage()], 100);
			assert_ok!(assign(lots[0], P2, PRICE));
			assert_noop!(
				Escrow::submit_proof(RuntimeOrigin::signed(P2), lots[0], vec![], vec![7; 31]),
				Error::<Test>::BadAttestation
			);
			assert_ok!(attest(lots[0]));
			assert!(escrow_events().contains(&Event::AttestationSubmitted {
				lot: lots[0],
				digest: [7; 32],
				accept_at: 21
			}));
			assert_eq!(escrow_held(R1), M);
			assert_noop!(
				Escrow::accept_attested(RuntimeOrigin::signed(R2), lots[0]),
				Error::<Test>::NotRequester
			);
			assert_ok!(Escrow::accept_attested(RuntimeOrigin::signed(R1), lots[0]));
			claim_all();
			assert_eq!(free(R1), START - 1_000);
			assert_eq!(free(P2), START - 3_000 + 990);
		});
	}

	#[test]
	fn silence_accepts_after_the_window() {
		ExtBuilder::build_and_execute(|| {
			let lots = submit(R1, 1, vec![attested_stage()], 100);
			assert_ok!(assign(lots[0], P2, PRICE));
			assert_ok!(attest(lots[0]));
			// Due at 11 passes without effect: the proof is in.
			run_to(20);
			assert_eq!(escrow_held(R1), M);
			run_to(21);
			assert_eq!(escrow_held(R1), 0);
			assert_eq!(free(R1), START - 1_000);
			assert_eq!(obligations(P2), 0);
		});
	}

	/// R1's one-stage attested job, assigned to P2, which attested it.
	fn attested_by_p2() -> Vec<LotId> {
		let lots = submit(R1, 1, vec![attested_stage()], 100);
		assert_ok!(assign(lots[0], P2, PRICE));
		assert_ok!(attest(lots[0]));
		lots
	}

	/// [`attested_by_p2`], disputed by R1 at once.
	fn disputed_by_r1() -> Vec<LotId> {
		let lots = attested_by_p2();
		assert_ok!(Escrow::dispute_attested(RuntimeOrigin::signed(R1), lots[0]));
		lots
	}

	fn disputed(lot: LotId) -> (u64, Balance) {
		let Some(Lot { state: LotState::Disputed { rule_by, bond, .. }, .. }) =
			Lots::<Test>::get(lot)
		else {
			panic!("not disputed")
		};
		(rule_by, bond)
	}

	fn bond_held(who: AccountId) -> Balance {
		Balances::balance_on_hold(&crate::HoldReason::DisputeBond.into(), &who)
	}

	#[test]
	fn a_dispute_holds_a_bond_and_keeps_funds_held_until_the_ruling() {
		ExtBuilder::build_and_execute(|| {
			let lots = submit(R1, 1, vec![attested_stage()], 100);
			assert_ok!(assign(lots[0], P2, PRICE));
			assert_noop!(
				Escrow::dispute_attested(RuntimeOrigin::signed(R1), lots[0]),
				Error::<Test>::NotAttested
			);
			assert_ok!(attest(lots[0]));
			assert_noop!(
				Escrow::dispute_attested(RuntimeOrigin::signed(R2), lots[0]),
				Error::<Test>::NotRequester
			);
			run_to(5);
			assert_ok!(Escrow::dispute_attested(RuntimeOrigin::signed(R1), lots[0]));
			// The ruling is due by 5 + 30.
			assert!(escrow_events().contains(&Event::AttestationDisputed {
				lot: lots[0],
				bond: 50,
				rule_by: 35
			}));
			assert_eq!(disputed(lots[0]), (35, 50));
			assert_eq!(bond_held(R1), 50);
			assert_eq!(free(R1), START - M - 50);
			// The acceptance window passes: nothing is accepted while disputed.
			run_to(34);
			assert_eq!(escrow_held(R1), M);
			assert_eq!(obligations(P2), 120);
			assert_noop!(
				Escrow::accept_attested(RuntimeOrigin::signed(R1), lots[0]),
				Error::<Test>::NotAttested
			);
			assert_noop!(
				Escrow::dispute_attested(RuntimeOrigin::signed(R1), lots[0]),
				Error::<Test>::NotAttested
			);
		});
	}

	#[test]
	fn an_upheld_dispute_refunds_the_lot_returns_the_bond_and_reports_the_prover() {
		ExtBuilder::build_and_execute(|| {
			let lots = disputed_by_r1();
			assert_noop!(
				Escrow::rule_dispute(RuntimeOrigin::signed(R1), lots[0], true),
				sp_runtime::DispatchError::BadOrigin
			);
			assert_ok!(Escrow::rule_dispute(RuntimeOrigin::root(), lots[0], true));
			assert!(escrow_events().contains(&Event::DisputeRuled {
				lot: lots[0],
				upheld: true,
				by_default: false,
				bond_to: R1
			}));
			assert!(escrow_events().contains(&Event::LotRefunded { lot: lots[0], amount: M }));
			assert_eq!(free(R1), START);
			assert_eq!(bond_held(R1), 0);
			assert_eq!(obligations(P2), 0);
			assert_eq!(
				Violations::reported(),
				vec![(P2, R1, lots[0], ViolationKind::DisputeUpheld, 120)]
			);
			// The ruling timer found nothing left to do.
			run_to(40);
			assert_eq!(free(R1), START);
			assert_noop!(
				Escrow::rule_dispute(RuntimeOrigin::root(), lots[0], true),
				Error::<Test>::UnknownLot
			);
		});
	}

	#[test]
	fn a_rejected_dispute_pays_the_prover_on_the_terms_and_gives_it_the_bond() {
		ExtBuilder::build_and_execute(|| {
			let lots = submit(R1, 1, vec![attested_stage(), stage(1)], 100);
			assert_ok!(assign(lots[0], P2, PRICE));
			assert_ok!(attest(lots[0]));
			assert_ok!(Escrow::dispute_attested(RuntimeOrigin::signed(R1), lots[0]));
			assert_noop!(
				Escrow::rule_dispute(RuntimeOrigin::root(), lots[1], false),
				Error::<Test>::NotDisputed
			);
			// A requester who spends or locks everything it has left changes nothing.
			lock_everything(R1);
			assert_ok!(Escrow::rule_dispute(RuntimeOrigin::root(), lots[0], false));
			assert!(escrow_events().contains(&Event::DisputeRuled {
				lot: lots[0],
				upheld: false,
				by_default: false,
				bond_to: P2
			}));
			claim_all();
			// R1 paid p·w = 1,000 and lost the bond; P2 earned 990 (after the 1 % fee) and it.
			assert_eq!(Balances::total_balance(&R1), START - 1_000 - 50);
			assert_eq!(free(P2), START - 3_000 + 990 + 50);
			assert_eq!(free(TREASURY), 1 + 10);
			assert_eq!(obligations(P2), 0);
			assert!(Violations::reported().is_empty());
		});
	}

	/// Review: disputes had no deadline — a dispute nobody ruled on held the escrow, the bond and
	/// the prover's stake forever. Now the attested proof stands once the ruling window passes.
	#[test]
	fn a_dispute_nobody_rules_on_ends_by_default_in_the_provers_favour() {
		ExtBuilder::build_and_execute(|| {
			let lots = disputed_by_r1();
			lock_everything(R1);
			run_to(30);
			assert_eq!(bond_held(R1), 50);
			assert_eq!(escrow_held(R1), M);
			run_to(31);
			assert!(escrow_events().contains(&Event::DisputeRuled {
				lot: lots[0],
				upheld: false,
				by_default: true,
				bond_to: P2
			}));
			claim_all();
			assert_eq!(Balances::total_balance(&R1), START - 1_000 - 50);
			assert_eq!(free(P2), START - 3_000 + 990 + 50);
			assert_eq!(free(TREASURY), 1 + 10);
			assert_eq!(obligations(P2), 0);
			assert!(Violations::reported().is_empty());
			// Too late to rule.
			assert_noop!(
				Escrow::rule_dispute(RuntimeOrigin::root(), lots[0], true),
				Error::<Test>::UnknownLot
			);
		});
	}

	/// The ruling deadline binds the judge too: once `rule_by` is reached the default outcome is
	/// the only one, even while its timer waits in a backlog.
	#[test]
	fn the_judge_cannot_rule_after_the_deadline() {
		ExtBuilder::build_and_execute(|| {
			let lots = disputed_by_r1();
			// Block 31 = rule_by, before the timer has run (as if it waited behind others).
			run_to(30);
			frame_system::Pallet::<Test>::set_block_number(31);
			assert_noop!(
				Escrow::rule_dispute(RuntimeOrigin::root(), lots[0], true),
				Error::<Test>::RulingWindowClosed
			);
			run_to(32);
			assert!(escrow_events().contains(&Event::DisputeRuled {
				lot: lots[0],
				upheld: false,
				by_default: true,
				bond_to: P2
			}));
			assert!(Violations::reported().is_empty());
		});
	}

	/// An acceptance that cannot settle (here: part of the escrow hold was taken away behind the
	/// pallet's back) moves nothing, says so and is retried every block until it settles; the
	/// retry does not reopen the requester's dispute window.
	#[test]
	fn a_failed_acceptance_is_retried_without_reopening_the_dispute_window() {
		use frame_support::traits::{fungible::MutateHold, tokens::Precision};
		ExtBuilder::build_and_execute(|| {
			let lots = attested_by_p2();
			let reason = crate::HoldReason::JobEscrow.into();
			assert_ok!(Balances::release(&reason, &R1, M, Precision::Exact));
			run_to(21);
			assert!(escrow_events().iter().any(|e| matches!(
				e,
				Event::SettlementDeferred { lot, retry_at: 22, .. } if *lot == lots[0]
			)));
			assert!(matches!(
				Lots::<Test>::get(lots[0]).unwrap().state,
				LotState::Attested { accept_at: 21, .. }
			));
			assert_noop!(
				Escrow::dispute_attested(RuntimeOrigin::signed(R1), lots[0]),
				Error::<Test>::WindowClosed
			);
			run_to(22);
			assert_eq!(free(R1), START);
			assert_ok!(Balances::hold(&reason, &R1, M));
			run_to(23);
			claim_all();
			assert_eq!(free(R1), START - 1_000);
			assert_eq!(free(P2), START - 3_000 + 990);
			assert!(Lots::<Test>::get(lots[0]).is_none(), "settled and removed");
		});
	}

	#[test]
	fn a_dispute_needs_its_bond() {
		ExtBuilder::build_and_execute(|| {
			let lots = attested_by_p2();
			DisputeBond::set(START);
			assert_noop!(
				Escrow::dispute_attested(RuntimeOrigin::signed(R1), lots[0]),
				Error::<Test>::InsufficientBond
			);
			DisputeBond::set(50);
		});
	}

	#[test]
	fn a_dispute_after_the_window_is_refused() {
		ExtBuilder::build_and_execute(|| {
			let lots = attested_by_p2();
			frame_system::Pallet::<Test>::set_block_number(21);
			assert_noop!(
				Escrow::dispute_attested(RuntimeOrigin::signed(R1), lots[0]),
				Error::<Test>::WindowClosed
			);
		});
	}
}

mod views {
	use super::*;

	#[test]
	fn jobs_lots_and_open_lots_are_readable() {
		ExtBuilder::build_and_execute(|| {
			let a = submit(R1, 1, vec![stage(1)], 100);
			let b = submit(R1, 2, vec![stage(1), stage(1)], 100);
			let mut mine = Escrow::jobs_of(R1, None, 256);
			mine.sort();
			assert_eq!(mine, vec![1, 2]);
			// A page at a time (review L4).
			let first = Escrow::jobs_of(R1, None, 1);
			let rest = Escrow::jobs_of(R1, Some(first[0]), 256);
			let mut paged = [first, rest].concat();
			paged.sort();
			assert_eq!(paged, vec![1, 2]);
			assert_eq!(Escrow::job_lots(R1, 2).iter().map(|(id, _)| *id).collect::<Vec<_>>(), b);
			assert_eq!(Escrow::lot(a[0]).unwrap().max_fee, M);
			assert_eq!(Escrow::open_lots_of(g16(), 10).len(), 3);
			assert_eq!(Escrow::open_lots_of(g16(), 2).len(), 2);
			assert!(Escrow::open_lots_of(attested(), 10).is_empty());
			assert_eq!(Escrow::job(R1, 1).unwrap().held, M);
		});
	}
}

/// The review's findings about what settlement pays and who may block it (market-review C2, C3,
/// H1, H8, M7, L2), each reproduced as the attack it describes.
mod integrity {
	use super::*;

	/// McAfee's reduced case (w 10): the lot pays ρ(k) = 150/unit, the ask receives a(k) = 101
	/// gross (fee 1 % = 10): the surplus 490 is the treasury's.
	fn reduced_case() -> TradeTerms<Balance> {
		TradeTerms {
			lot_unit_price: 150,
			ask_unit_price: 101,
			lot_pays: 1_500,
			ask_gross: 1_010,
			fee: 10,
			ask_receives: 1_000,
		}
	}

	/// Review H1: the prover side receives `ask_receives`, not the lot's price; the treasury
	/// receives the fee and the surplus, to the planck.
	#[test]
	fn the_reduced_case_pays_the_ask_its_price_and_the_treasury_the_surplus() {
		ExtBuilder::build_and_execute(|| {
			let lots = submit(R1, 1, vec![stage(1)], 100);
			assert_ok!(<Escrow as JobMarket<_, _, _>>::assign(lots[0], &P1, reduced_case()));
			assert_ok!(prove(P1, lots[0], 1));
			claim_all();
			// 1,000 to P1's side: 10 % commission 100, 900 over 3,000 stake: P1 600, D1 300.
			assert_eq!(free(R1), START - 1_500);
			assert_eq!(free(P1), START - 2_000 + 100 + 600);
			assert_eq!(free(D1), START - 1_000 + 300);
			assert_eq!(free(TREASURY), 1 + 10 + 490);
			assert!(escrow_events().contains(&Event::LotSettled {
				lot: lots[0],
				prover: P1,
				paid: 1_500,
				to_prover: 1_000,
				fee: 10,
				surplus: 490,
				refunded: 0
			}));
		});
	}

	/// Review C2: the requester's conviction-voting lock used to make settlement fail (release,
	/// then a transfer of frozen funds), so the prover was slashed and the requester compensated.
	#[test]
	fn a_requester_locked_by_conviction_voting_still_pays_for_a_valid_proof() {
		ExtBuilder::build_and_execute(|| {
			let lots = submit(R1, 1, vec![stage(1)], 100);
			lock_everything(R1);
			assert_ok!(assign(lots[0], P1, PRICE));
			assert_ok!(prove(P1, lots[0], 1));
			claim_all();
			assert_eq!(Balances::total_balance(&R1), START - 1_000);
			assert_eq!(escrow_held(R1), 0);
			assert_eq!(free(TREASURY), 1 + 10);
			assert_eq!(free(P1), START - 2_000 + 99 + 594);
			assert_eq!(free(D1), START - 1_000 + 297);
			assert_eq!(obligations(P1), 0);
		});
	}

	/// Review C2 (attested): the acceptance timer settles a locked requester's lot.
	#[test]
	fn a_locked_requesters_attested_lot_is_settled_by_the_timer() {
		ExtBuilder::build_and_execute(|| {
			let attested =
				crate::StageSpec { key: attested_key(), public_inputs: None, ..stage(1) };
			let lots = submit(R1, 1, vec![attested], 100);
			assert_ok!(assign(lots[0], P2, PRICE));
			assert_ok!(Escrow::submit_proof(
				RuntimeOrigin::signed(P2),
				lots[0],
				vec![],
				vec![7; 32]
			));
			lock_everything(R1);
			run_to(1 + 20);
			claim_all();
			assert_eq!(Balances::total_balance(&R1), START - 1_000);
			assert_eq!(free(P2), START - 3_000 + 990);
			assert_eq!(free(TREASURY), 1 + 10);
			assert!(Lots::<Test>::get(lots[0]).is_none(), "settled and removed");
		});
	}

	/// Terms that do not add up, or pay more than the max fee, are refused and change nothing.
	#[test]
	fn inconsistent_terms_are_refused() {
		ExtBuilder::build_and_execute(|| {
			let lots = submit(R1, 1, vec![stage(1)], 100);
			// Not the prover's doing: the auction keeps its bond.
			let assign_on = |t: TradeTerms<Balance>| match <Escrow as JobMarket<_, _, _>>::assign(
				lots[0], &P1, t,
			) {
				Err(AssignError::Lot(e)) => Err(e),
				other => other.map_err(Into::into),
			};
			let good = reduced_case();
			assert_noop!(
				assign_on(TradeTerms { ask_receives: 1_001, ..good }),
				Error::<Test>::InconsistentTerms
			);
			assert_noop!(
				assign_on(TradeTerms { lot_pays: 1_000, ..good }),
				Error::<Test>::InconsistentTerms
			);
			assert_noop!(
				assign_on(TradeTerms { lot_pays: M + 1, ..good }),
				Error::<Test>::PriceAboveMaxFee
			);
			assert_ok!(assign_on(good));
		});
	}

	/// Review L2: an assignment the prover's stake cannot carry used to leave a due timer behind.
	#[test]
	fn a_failed_assignment_changes_nothing() {
		ExtBuilder::build_and_execute(|| {
			// P1's 3,000 of stake already carry 2,950 of obligations: no room for 120 more.
			use provernet_primitives::{Prover, ProverStaking};
			assert_ok!(<Staking as ProverStaking<_>>::lock_obligation(&Prover(P1), 2_950));
			let lots = submit(R1, 1, vec![stage(1)], 200);
			assert_noop!(
				assign(lots[0], P1, PRICE),
				pallet_prover_staking::Error::<Test>::Overcommitted
			);
		});
	}

	/// Review C3: the key's registrant could unregister a key under assigned lots; the provers
	/// then could not submit and were slashed.
	#[test]
	fn a_key_in_use_by_a_lot_cannot_be_unregistered_until_the_lot_is_final() {
		ExtBuilder::build_and_execute(|| {
			let unregister =
				|| Verifier::unregister_verifying_key(RuntimeOrigin::signed(KEYS), groth_key());
			let in_use = || pallet_proof_verifier::Error::<Test>::KeyInUse;
			let lots = submit(R1, 1, vec![stage(1), stage(2)], 100);
			assert_noop!(unregister(), in_use());
			assert_ok!(assign(lots[0], P1, PRICE));
			assert_noop!(unregister(), in_use());
			assert_ok!(prove(P1, lots[0], 1));
			// Lot 0 is paid; lot 1 still uses the key.
			assert_noop!(unregister(), in_use());
			let cancelled = submit(R2, 1, vec![stage(1)], 100);
			assert_ok!(Escrow::cancel_job(RuntimeOrigin::signed(R2), 1));
			assert!(Lots::<Test>::get(cancelled[0]).is_none());
			run_to(100);
			// Lot 1 expired unassigned and was refunded: nothing uses the key any more.
			assert!(Jobs::<Test>::get(R1, 1).is_none());
			assert_ok!(unregister());
		});
	}

	/// Review H8: a stage whose key takes public inputs must state them; a proof of another
	/// statement (another lot's, or an old one for the same key) is refused.
	#[test]
	fn proofs_are_bound_to_the_statement_of_their_lot() {
		ExtBuilder::build_and_execute(|| {
			assert_noop!(
				Escrow::submit_job(
					RuntimeOrigin::signed(R1),
					1,
					vec![crate::StageSpec { public_inputs: None, ..stage(1) }],
					100,
					input()
				),
				Error::<Test>::InputsRequired
			);
			let lots = submit(R1, 2, vec![stage(1), stage(2)], 100);
			assert_ok!(assign(lots[0], P1, PRICE));
			assert_ok!(assign(lots[1], P2, PRICE));
			assert_ok!(prove(P1, lots[0], 1));
			// P2 replays P1's proof (public in the block) for its own lot.
			let (inputs, proof) = proof_for(1);
			assert_noop!(
				Escrow::submit_proof(RuntimeOrigin::signed(P2), lots[1], inputs, proof),
				Error::<Test>::InputsMismatch
			);
			assert_ok!(prove(P2, lots[1], 2));
		});
	}
}

/// Statements no proof can ever match: a requester who posts one gets every assigned prover
/// slashed and collects the requester's share of each slash.
mod statements {
	use super::*;

	/// A public input outside BN254's scalar field (here 2²⁵⁶ − 1) can never be a Groth16
	/// statement: refused at submission, changing nothing.
	#[test]
	fn an_input_outside_the_field_is_refused_at_submission() {
		ExtBuilder::build_and_execute(|| {
			// r itself is the first non-canonical value.
			for bad in [[0xff; 32], modulus()] {
				assert_noop!(
					Escrow::submit_job(
						RuntimeOrigin::signed(R1),
						1,
						vec![crate::StageSpec { public_inputs: Some(bad.to_vec()), ..stage(1) }],
						100,
						input()
					),
					Error::<Test>::InputNotInField
				);
			}
			// r − 1 is a field element: accepted (whether it is provable is the prover's to see).
			let mut below = modulus();
			below[0] -= 1;
			let stage = crate::StageSpec { public_inputs: Some(below.to_vec()), ..stage(1) };
			submit(R1, 1, vec![stage], 100);
		});
	}

	/// BN254's scalar field modulus r, little-endian (the encoding of public inputs).
	fn modulus() -> [u8; 32] {
		let be = [
			0x30, 0x64, 0x4e, 0x72, 0xe1, 0x31, 0xa0, 0x29, 0xb8, 0x50, 0x45, 0xb6, 0x81, 0x81,
			0x58, 0x5d, 0x28, 0x33, 0xe8, 0x48, 0x79, 0xb9, 0x70, 0x91, 0x43, 0xe1, 0xf5, 0x93,
			0xf0, 0x00, 0x00, 0x01,
		];
		let mut le = be;
		le.reverse();
		le
	}
}

/// What an auction round's snapshot does to lots (market review H7): it takes them by unit value
/// then age, only those it can serve, and binds them until the round is done with them.
mod auction {
	use super::*;
	use provernet_primitives::{
		jobs::class_id,
		proofs::{ProofSystem, Wrapper},
	};

	fn snapshot(max: u32, served_from: u64, bound_until: u64) -> Vec<LotId> {
		<Escrow as JobMarket<_, _, _>>::snapshot_lots(g16(), max, served_from, bound_until)
			.0
			.into_iter()
			.map(|l| l.id)
			.collect()
	}

	fn priced(max_fee: Balance) -> StageSpecOf<Test> {
		crate::StageSpec { max_fee, ..stage(1) }
	}

	/// Attack A: a shill lot that would cross is cancelled after the snapshot (its trade then
	/// fails), or left to expire before the clearing lands.
	#[test]
	fn a_lot_in_a_frozen_snapshot_is_binding_until_its_round_is_done() {
		ExtBuilder::build_and_execute(|| {
			let lots = submit(R1, 1, vec![stage(1)], 30);
			assert_eq!(snapshot(10, 15, 25), lots);
			assert_eq!(crate::BoundUntil::<Test>::get(lots[0]), Some(25));
			assert_noop!(
				Escrow::cancel_job(RuntimeOrigin::signed(R1), 1),
				Error::<Test>::InAuction
			);
			// Its expiry (block 21) waits for the round.
			run_to(24);
			assert!(matches!(Lots::<Test>::get(lots[0]).unwrap().state, LotState::Open { .. }));
			assert_eq!(escrow_held(R1), M);
			assert_noop!(
				Escrow::cancel_job(RuntimeOrigin::signed(R1), 1),
				Error::<Test>::InAuction
			);
			run_to(25);
			assert_eq!(escrow_held(R1), 0);
			assert_eq!(free(R1), START);
			assert!(escrow_events().contains(&Event::LotRefunded { lot: lots[0], amount: M }));
		});
	}

	#[test]
	fn a_lot_is_held_by_one_live_round_and_unbound_when_that_round_is_done_with_it() {
		ExtBuilder::build_and_execute(|| {
			let lots = submit(R1, 1, vec![stage(1)], 100);
			assert_eq!(snapshot(10, 5, 20), lots);
			// The next round's snapshot passes over it while round one holds it.
			assert!(snapshot(10, 10, 30).is_empty());
			// Only the round that holds it unbinds it.
			<Escrow as JobMarket<_, _, _>>::unbind(lots[0], 30);
			assert_noop!(
				Escrow::cancel_job(RuntimeOrigin::signed(R1), 1),
				Error::<Test>::InAuction
			);
			<Escrow as JobMarket<_, _, _>>::unbind(lots[0], 20);
			assert_eq!(crate::BoundUntil::<Test>::get(lots[0]), None);
			assert_eq!(snapshot(10, 10, 30), lots);
			<Escrow as JobMarket<_, _, _>>::unbind(lots[0], 30);
			assert_ok!(Escrow::cancel_job(RuntimeOrigin::signed(R1), 1));
			assert_eq!(free(R1), START);
			// An assigned lot is no longer bound.
			let lots = submit(R1, 2, vec![stage(1)], 100);
			assert_eq!(snapshot(10, 5, 20), lots);
			assert_ok!(assign(lots[0], P1, PRICE));
			assert_eq!(crate::BoundUntil::<Test>::get(lots[0]), None);
		});
	}

	/// Attack B: a flood of cheap lots keeps the same honest lots out of every snapshot when lots
	/// are taken in hash order.
	#[test]
	fn the_snapshot_takes_lots_by_unit_value_then_age() {
		ExtBuilder::build_and_execute(|| {
			let cheap: Vec<LotId> =
				(0..6).flat_map(|i| submit(R2, 10 + i, vec![priced(200)], 100)).collect();
			let honest: Vec<LotId> =
				(0..2).flat_map(|i| submit(R1, i, vec![priced(1_500)], 100)).collect();
			let late = submit(R2, 20, vec![priced(1_500)], 100);
			let richer = submit(R2, 21, vec![priced(1_509)], 100);
			// 150.9 and 150 per unit round to 150: the same value, so the older first.
			let view: Vec<LotId> =
				Escrow::open_lots_of(g16(), 5).into_iter().map(|l| l.id).collect();
			assert_eq!(view, vec![honest[0], honest[1], late[0], richer[0], cheap[0]]);
			assert_eq!(snapshot(3, 5, 20), vec![honest[0], honest[1], late[0]]);
			// The next round takes the next ones (the first three are held by the first).
			assert_eq!(snapshot(3, 6, 21), vec![richer[0], cheap[0], cheap[1]]);
			let bigger = submit(R2, 22, vec![priced(1_510)], 100);
			assert_eq!(snapshot(1, 7, 22), bigger);
		});
	}

	#[test]
	fn lots_the_round_could_not_serve_are_left_out() {
		ExtBuilder::build_and_execute(|| {
			let lots = submit(R1, 1, vec![stage(1)], 20);
			// Served from block 11, 10 proving blocks end after the deadline.
			assert!(snapshot(10, 11, 30).is_empty());
			assert_eq!(crate::BoundUntil::<Test>::get(lots[0]), None);
			assert_eq!(snapshot(10, 10, 30), lots);
		});
	}

	#[test]
	fn only_classes_that_exist_carry_a_stake() {
		ExtBuilder::build_and_execute(|| {
			let stake = <Escrow as JobMarket<_, _, _>>::class_stake;
			assert_eq!(stake(g16()), Some(120));
			assert_eq!(stake(class_id(ProofSystem::Attested, 1, 1)), Some(5_000));
			assert_eq!(stake(class_id(ProofSystem::Groth16Bn254, 2, 0)), None);
			assert_eq!(stake(class_id(ProofSystem::Groth16Bn254, 0, 2)), None);
			// zkVM systems (2..=6) have classes; nothing past them does.
			assert_eq!(stake(class_id(ProofSystem::Zkvm(Wrapper::Risc0V3), 0, 0)), Some(120));
			assert_eq!(stake(provernet_primitives::jobs::SYSTEM_CODES << 16), None);
			assert_eq!(stake(0xDEAD_0000), None);
		});
	}

	#[test]
	fn a_failed_assignment_says_whose_doing_it_was() {
		ExtBuilder::build_and_execute(|| {
			let lots = submit(R1, 1, vec![stage(1)], 100);
			let terms = TradeTerms::at_unit_price(PRICE, SIZE, MarketFee::get());
			let assign = |p| <Escrow as JobMarket<_, _, _>>::assign(lots[0], &p, terms);
			assert_ok!(Staking::chill(RuntimeOrigin::signed(P1)));
			assert_eq!(
				assign(P1),
				Err(AssignError::Prover(Error::<Test>::ProverNotEligible.into()))
			);
			assert_ok!(assign(P2));
			assert_eq!(assign(P2), Err(AssignError::Lot(Error::<Test>::LotNotOpen.into())));
		});
	}
}

/// zkVM proof systems trade like any other: a job naming a zkVM key opens its lot in the class of
/// that system, with the program's public values as its statement (any length up to the limit).
mod zkvm {
	use super::*;

	/// The key deposit the mock's registry holds for `key`.
	fn pallet_proof_verifier_deposit(key: &[u8]) -> Balance {
		use frame_support::traits::Get;
		let base: Balance =
			<<Test as pallet_proof_verifier::Config>::KeyDepositBase as Get<_>>::get();
		let per: Balance =
			<<Test as pallet_proof_verifier::Config>::KeyDepositPerByte as Get<_>>::get();
		base + per * key.len() as Balance
	}
	use provernet_primitives::{
		jobs::class_id,
		proofs::{ProofSystem, Wrapper},
	};

	/// The real SP1 v6 program of `../shared/fixtures/zkvm`.
	fn sp1_v6() -> provernet_zk::artifacts::Artifacts {
		let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
		let dir = provernet_zk::artifacts::fixtures_dir(here).expect("the zkVM fixtures");
		provernet_zk::artifacts::read_dir(Wrapper::Sp1V6, &dir.join("sp1-v6.0.0"))
			.expect("SP1 v6 artifacts")
	}

	/// Registers the program's key for R1: its system and key id.
	fn register(a: &provernet_zk::artifacts::Artifacts) -> (ProofSystem, [u8; 32]) {
		let system = ProofSystem::Zkvm(a.wrapper);
		assert_ok!(pallet_proof_verifier::Pallet::<Test>::register_verifying_key(
			RuntimeOrigin::signed(R1),
			system,
			a.key.clone()
		));
		(system, pallet_proof_verifier::key_id(system, &a.key))
	}

	#[test]
	fn a_job_with_a_zkvm_key_opens_in_its_systems_class() {
		let a = sp1_v6();
		ExtBuilder::build_and_execute(|| {
			let (system, key) = register(&a);
			let spec =
				crate::StageSpec { key, public_inputs: Some(a.statement.clone()), ..stage(1) };
			let lots = submit(R1, 1, vec![spec], 100);
			let lot = Lots::<Test>::get(lots[0]).expect("the lot");
			assert_eq!(lot.class, class_id(system, 0, 0));
			assert_eq!(lot.public_inputs.map(|x| x.to_vec()), Some(a.statement.clone()));
			assert!(queued(lots[0]));
			assert_eq!(escrow_held(R1), M);
			for w in
				[Wrapper::Gnark, Wrapper::Pico, Wrapper::Sp1V4, Wrapper::Sp1V6, Wrapper::Risc0V3]
			{
				let class = class_id(ProofSystem::Zkvm(w), 0, 0);
				assert!(<Escrow as JobMarket<_, _, _>>::class_stake(class).is_some(), "{w:?}");
			}
			// No system past the seven `class_id` numbers.
			let beyond = provernet_primitives::jobs::SYSTEM_CODES << 16;
			assert_eq!(<Escrow as JobMarket<_, _, _>>::class_stake(beyond), None);
		});
	}

	/// A real SP1 v6 lot served through `submit_proof`: a changed statement is refused
	/// (`InputsMismatch`), a proof with SP1 v6's nonce at or above the field modulus is the
	/// proof's fault (`MalformedProof`), another verifier's selector too; neither pays anything.
	/// The real proof settles the lot at exactly its terms and is charged its system's weight.
	#[test]
	fn a_real_sp1_lot_is_served_through_submit_proof() {
		let a = sp1_v6();
		ExtBuilder::build_and_execute(|| {
			let (system, key) = register(&a);
			let class = class_id(system, 0, 0);
			assert_ok!(Staking::update_capabilities(
				RuntimeOrigin::signed(P1),
				vec![
					pallet_prover_staking::Capability { class: g16(), capacity: 4 },
					pallet_prover_staking::Capability { class, capacity: 4 },
				]
			));
			let spec =
				crate::StageSpec { key, public_inputs: Some(a.statement.clone()), ..stage(1) };
			let lots = submit(R1, 7, vec![spec], 100);
			assert_ok!(assign(lots[0], P1, PRICE));
			let send = |statement: &[u8], proof: &[u8]| {
				Escrow::submit_proof(
					RuntimeOrigin::signed(P1),
					lots[0],
					statement.to_vec(),
					proof.to_vec(),
				)
				.map(|_| ())
				.map_err(|e| e.error)
			};
			let mut changed = a.statement.clone();
			changed[0] ^= 1;
			assert_noop!(send(&changed, &a.proof), Error::<Test>::InputsMismatch);
			// SP1 v6's nonce (bytes 68..100 of the proof) at the field's top: not a scalar.
			let mut nonce = a.proof.clone();
			nonce[68..100].copy_from_slice(&[0xff; 32]);
			assert_noop!(send(&a.statement, &nonce), Error::<Test>::MalformedProof);
			let mut selector = a.proof.clone();
			selector[0] ^= 1;
			assert_noop!(send(&a.statement, &selector), Error::<Test>::MalformedProof);
			let post = Escrow::submit_proof(
				RuntimeOrigin::signed(P1),
				lots[0],
				a.statement.clone(),
				a.proof.clone(),
			)
			.expect("the real proof settles the lot");
			assert_eq!(
				post.actual_weight,
				Some(Escrow::submit_proof_weight(Some(system), a.statement.len()))
			);
			// p·w = 1,000 of a 1,500 max fee: as in the Groth16 life test.
			assert!(escrow_events().contains(&Event::LotSettled {
				lot: lots[0],
				prover: P1,
				paid: 1_000,
				to_prover: 990,
				fee: 10,
				surplus: 0,
				refunded: 500
			}));
			assert_eq!(escrow_held(R1), 0);
			assert_eq!(free(R1), START - 1_000 - pallet_proof_verifier_deposit(&a.key));
		});
	}

	/// `submit_proof` declares the costliest system's verification and charges its key's.
	#[test]
	fn submit_proof_is_charged_its_systems_verification() {
		ExtBuilder::build_and_execute(|| {
			let lots = submit(R1, 7, vec![stage(1)], 100);
			assert_ok!(assign(lots[0], P1, PRICE));
			let (inputs, proof) = proof_for(1);
			let len = inputs.len();
			let post = Escrow::submit_proof(RuntimeOrigin::signed(P1), lots[0], inputs, proof)
				.expect("the proof verifies");
			let charged = Escrow::submit_proof_weight(Some(ProofSystem::Groth16Bn254), len);
			assert_eq!(post.actual_weight, Some(charged));
			assert!(charged.all_lte(Escrow::submit_proof_weight(None, len)));
		});
	}
}
