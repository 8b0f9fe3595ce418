//! Deferred, cancelled and spilled slashes, jailing, and who pays (the exposure recorded at the
//! report), with exact balances, on the real prover staking pallet. Violations are reported as
//! the job escrow reports them; disputes and the whole market's stories are in `tests/market`.
//! Every test ends with both pallets' books, an issuance check and an "every BREV is in an
//! account" check.

use crate::{mock::*, ApplyAt, Error, Event, PendingSlashes, QueueCursor, ViolationKind};
use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect, BoundedVec};
use pallet_prover_staking::ProverStatus;

const MISS: ViolationKind = ViolationKind::MissedDeadline;

fn free(who: AccountId) -> Balance {
	Balances::balance(&who)
}

fn self_stake(p: AccountId) -> Balance {
	Staking::prover_info(p).unwrap().self_stake
}

#[test]
fn a_missed_deadline_is_slashed_after_the_window_with_exact_balances() {
	ExtBuilder::build_and_execute(|| {
		run_to(12);
		report(P1, 7, MISS);
		// Recorded, not yet taken: 50 % of the 120 stake tier.
		assert_eq!(
			slashing_events(),
			vec![Event::SlashDeferred {
				id: 0,
				prover: P1,
				lot: 7,
				kind: MISS,
				amount: 60,
				apply_at: 22
			}]
		);
		run_to(21);
		assert_eq!(self_stake(P1), 2_000);
		run_to(22);
		assert_eq!(
			slashing_events().last(),
			Some(&Event::Slashed { prover: P1, lot: 7, kind: MISS, slashed: 60, to_requester: 30 })
		);
		// Pro rata: P1's 2,000 loses 40, D1's 1,000 loses 20; half to R1, half to the treasury.
		assert_eq!(self_stake(P1), 1_960);
		assert_eq!(pallet_prover_staking::DelegationLedger::get::<Test>(&D1, &P1), 980);
		assert_eq!(free(R1), START + 30);
		assert_eq!(free(TREASURY), 1 + 30);
		assert!(PendingSlashes::<Test>::iter().next().is_none());
	});
}

#[test]
fn an_upheld_dispute_is_slashed_like_a_miss_and_says_so() {
	ExtBuilder::build_and_execute(|| {
		report(P2, 3, ViolationKind::DisputeUpheld);
		run_to(11);
		// P2 alone: 60 from its self-stake, 30 to R1.
		assert_eq!(
			slashing_events().last(),
			Some(&Event::Slashed {
				prover: P2,
				lot: 3,
				kind: ViolationKind::DisputeUpheld,
				slashed: 60,
				to_requester: 30
			})
		);
		assert_eq!(self_stake(P2), 2_940);
		assert_eq!(free(R1), START + 30);
	});
}

#[test]
fn governance_cancels_a_pending_slash_with_a_reason() {
	ExtBuilder::build_and_execute(|| {
		run_to(12);
		report(P1, 7, MISS);
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
		assert_eq!(free(R1), START);
		assert_noop!(
			Slashing::cancel_slash(RuntimeOrigin::root(), 0, b"again".to_vec()),
			Error::<Test>::UnknownSlash
		);
	});
}

#[test]
fn a_zero_window_slashes_in_the_next_block() {
	ExtBuilder::build_and_execute(|| {
		DeferralWindow::set(0);
		run_to(12);
		report(P1, 7, MISS);
		// Reporting never slashes (it is O(1) for the escrow's timers): queued for block 13.
		assert!(slashing_events().contains(&Event::SlashDeferred {
			id: 0,
			prover: P1,
			lot: 7,
			kind: MISS,
			amount: 60,
			apply_at: 13
		}));
		assert_eq!(self_stake(P1), 2_000);
		run_to(13);
		assert_eq!(self_stake(P1), 1_960);
		assert_eq!(free(R1), START + 30);
		assert!(PendingSlashes::<Test>::iter().next().is_none());
		DeferralWindow::set(10);
	});
}

#[test]
fn slashes_due_together_beyond_the_block_limit_spill_into_the_next_blocks() {
	ExtBuilder::build_and_execute(|| {
		// Six violations in the same block; at most 4 (the mock's MaxSlashesPerBlock) slashes
		// apply per block.
		run_to(12);
		for lot in 1..=6 {
			report(if lot % 2 == 1 { P1 } else { P2 }, lot, MISS);
		}
		assert_eq!(PendingSlashes::<Test>::iter().count(), 6);
		assert!(PendingSlashes::<Test>::iter().all(|(_, p)| p.apply_at == 22));
		let slashed =
			|evs: &[Event<Test>]| evs.iter().filter(|e| matches!(e, Event::Slashed { .. })).count();
		run_to(22);
		assert_eq!(slashed(&slashing_events()), 4);
		assert_eq!(PendingSlashes::<Test>::iter().count(), 2);
		// One spilled slash can still be cancelled while it waits.
		let (waiting, _) = PendingSlashes::<Test>::iter().next().unwrap();
		assert_ok!(Slashing::cancel_slash(RuntimeOrigin::root(), waiting, b"late".to_vec()));
		run_to(23);
		assert_eq!(slashed(&slashing_events()), 5);
		assert!(PendingSlashes::<Test>::iter().next().is_none());
		assert_eq!(QueueCursor::<Test>::get(), Some(24));
		// 5 slashes of 60, pro rata over each prover's stake; 30 of each to R1.
		assert_eq!(free(R1), START + 5 * 30);
	});
}

#[test]
fn repeated_violations_jail_the_prover() {
	ExtBuilder::build_and_execute(|| {
		DeferralWindow::set(0);
		report(P1, 1, MISS);
		report(P1, 2, ViolationKind::DisputeUpheld);
		run_to(2);
		// Two slashes within staking's window (JailAfterSlashes = 2): jailed, no new work.
		assert_eq!(Staking::prover_info(P1).unwrap().status, ProverStatus::Jailed);
		assert_eq!(Staking::prover_info(P2).unwrap().status, ProverStatus::Active);
		DeferralWindow::set(10);
	});
}

/// Review M6: who pays a slash is decided when the violation is reported. A delegator who joins
/// during the deferral pays nothing; the stakers who backed the obligation pay their recorded
/// shares.
#[test]
fn a_delegator_who_joins_after_the_violation_pays_nothing() {
	ExtBuilder::build_and_execute(|| {
		run_to(12);
		// Reported at 12 with P1's 2,000 and D1's 1,000 behind the obligation: 40 and 20.
		report(P1, 7, MISS);
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(R2), P1, 3_000));
		run_to(22);
		assert_eq!(
			slashing_events().last(),
			Some(&Event::Slashed { prover: P1, lot: 7, kind: MISS, slashed: 60, to_requester: 30 })
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
		run_to(12);
		report(P1, 7, MISS);
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
		run_to(12);
		report(P1, 7, MISS);
		assert_ok!(Staking::undelegate(RuntimeOrigin::signed(D1), P1, 1_000));
		assert_ok!(Slashing::cancel_slash(RuntimeOrigin::root(), 0, b"node outage".to_vec()));
		run_to(22);
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(D1), P1));
		assert_eq!(free(D1), START);
		DeferralWindow::set(10);
	});
}

/// Review L1: slash ids were a `u32` that wrapped onto pending slashes. They are a `u64`; past
/// `u32::MAX` each slash keeps its own id and record.
#[test]
fn slash_ids_do_not_wrap_onto_pending_slashes() {
	ExtBuilder::build_and_execute(|| {
		report(P1, 1, MISS);
		crate::NextSlashId::<Test>::put(u64::from(u32::MAX));
		report(P1, 2, MISS);
		report(P2, 3, MISS);
		let mut ids: Vec<_> = PendingSlashes::<Test>::iter_keys().collect();
		ids.sort();
		assert_eq!(ids, vec![0, u64::from(u32::MAX), u64::from(u32::MAX) + 1]);
		assert_eq!(PendingSlashes::<Test>::get(0).unwrap().lot, 1);
		run_to(20);
		assert_eq!(PendingSlashes::<Test>::iter().count(), 0);
	});
}

/// Review L4: the pending slashes are read a page at a time.
#[test]
fn pending_slashes_page() {
	ExtBuilder::build_and_execute(|| {
		for lot in 1..=5 {
			report(P1, lot, MISS);
		}
		let mut seen = Vec::new();
		let mut after = None;
		loop {
			let page = Slashing::pending_slashes(after, 2);
			seen.extend(page.iter().map(|(id, _)| *id));
			if page.len() < 2 {
				break;
			}
			after = page.last().map(|(id, _)| *id);
		}
		seen.sort();
		assert_eq!(seen, vec![0, 1, 2, 3, 4]);
		assert_eq!(Slashing::pending_slashes(None, u32::MAX).len(), 5);
		run_to(20);
	});
}
