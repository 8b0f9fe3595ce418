//! Status transitions: chill/activate, jail/unjail, retire.

use super::*;
use provernet_primitives::{Prover, ProverStaking};

#[test]
fn chill_and_activate() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 1_000);
		assert_ok!(Staking::chill(RuntimeOrigin::signed(P1)));
		assert_eq!(ledger(P1).status, ProverStatus::Inactive);
		assert_noop!(Staking::chill(RuntimeOrigin::signed(P1)), Error::<Test>::NotActive);
		assert_ok!(Staking::activate(RuntimeOrigin::signed(P1)));
		assert_eq!(ledger(P1).status, ProverStatus::Active);
		assert!(staking_events()
			.contains(&Event::StatusChanged { prover: P1, status: ProverStatus::Inactive }));
	});
}

#[test]
fn only_governance_jails_and_unjails() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 1_000);
		assert_noop!(
			Staking::jail(RuntimeOrigin::signed(D1), P1),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_ok!(Staking::jail(RuntimeOrigin::root(), P1));
		assert_eq!(ledger(P1).status, ProverStatus::Jailed);
		assert_noop!(Staking::activate(RuntimeOrigin::signed(P1)), Error::<Test>::Jailed);
		assert_noop!(Staking::delegate(RuntimeOrigin::signed(D1), P1, 5), Error::<Test>::NotActive);
		assert_ok!(Staking::unjail(RuntimeOrigin::root(), P1));
		assert_eq!(ledger(P1).status, ProverStatus::Inactive);
		assert_noop!(Staking::unjail(RuntimeOrigin::root(), P1), Error::<Test>::NotJailed);
		assert_ok!(Staking::activate(RuntimeOrigin::signed(P1)));
	});
}

#[test]
fn retire_needs_a_clean_slate_and_returns_the_stake_after_the_unbonding_delay() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 2_000);
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(D1), P1, 100));
		assert_noop!(Staking::retire(RuntimeOrigin::signed(P1)), Error::<Test>::CannotRetire);
		assert_ok!(Staking::undelegate(RuntimeOrigin::signed(D1), P1, 100));
		assert_ok!(Staking::unbond(RuntimeOrigin::signed(P1), 500));
		// Stakers on their way out (D1's chunk) would not stop it; this test waits for them.
		run_to(11);
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(P1), P1));
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(D1), P1));
		assert_ok!(Staking::retire(RuntimeOrigin::signed(P1)));
		assert_eq!(ledger(P1).status, ProverStatus::Retired);
		// The self-stake unbonds like any other stake: still held for the delay.
		assert_eq!(held(HoldReason::ProverBond, P1), 1_500);
		assert!(staking_events().contains(&Event::Unbonding {
			staker: P1,
			prover: P1,
			amount: 1_500,
			unlock_at: 21
		}));
		assert_noop!(
			Staking::withdraw_unbonded(RuntimeOrigin::signed(P1), P1),
			Error::<Test>::NothingToWithdraw
		);
		run_to(21);
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(P1), P1));
		assert_eq!(held(HoldReason::ProverBond, P1), 0);
		assert_eq!(free(P1), START);
		assert_noop!(Staking::retire(RuntimeOrigin::signed(P1)), Error::<Test>::Retired);
		assert_noop!(Staking::activate(RuntimeOrigin::signed(P1)), Error::<Test>::Retired);
		// The id is never reused.
		assert_noop!(
			Staking::register_prover(
				RuntimeOrigin::signed(P1),
				1_000,
				Perbill::zero(),
				caps(),
				vec![]
			),
			Error::<Test>::AlreadyRegistered
		);
	});
}

/// Review H2: a prover that retires right after a miss (before the deferred slash applies) used
/// to get its whole self-stake back at once; the slash then found nothing. Now the stake unbonds
/// and the slash takes its share of it.
#[test]
fn retiring_does_not_escape_a_slash_that_applies_during_the_unbonding_delay() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 2_000);
		assert_ok!(Staking::retire(RuntimeOrigin::signed(P1)));
		assert_eq!(free(P1), START - 2_000);
		// The deferred slash of the miss applies a few blocks later.
		run_to(5);
		assert_eq!(
			<Staking as ProverStaking<_>>::slash(
				&Prover(P1),
				300,
				Some((R1, Perbill::from_percent(50)))
			),
			Ok((300, 150))
		);
		assert_eq!(held(HoldReason::ProverBond, P1), 1_700);
		assert_eq!(free(R1), START + 150);
		run_to(11);
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(P1), P1));
		assert_eq!(free(P1), START - 300);
	});
}

#[test]
fn a_jailed_prover_cannot_retire() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 2_000);
		assert_ok!(Staking::jail(RuntimeOrigin::root(), P1));
		assert_noop!(Staking::retire(RuntimeOrigin::signed(P1)), Error::<Test>::Jailed);
	});
}

/// Retiring after a reported violation: the exposure recorded at the report keeps the retired
/// self-stake from being withdrawn until its slash applies, and the slash takes it from the
/// unbonding stake.
#[test]
fn a_retired_prover_cannot_withdraw_what_a_pending_slash_needs() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 2_000);
		let (id, owed) = <Staking as ProverStaking<_>>::record_exposure(&Prover(P1), 300).unwrap();
		assert_eq!(owed, 300);
		assert_ok!(Staking::retire(RuntimeOrigin::signed(P1)));
		run_to(11);
		assert_noop!(
			Staking::withdraw_unbonded(RuntimeOrigin::signed(P1), P1),
			Error::<Test>::SlashPending
		);
		assert_eq!(
			<Staking as ProverStaking<_>>::slash_exposure(
				id,
				Some((R1, Perbill::from_percent(50)))
			),
			Ok((300, 150))
		);
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(P1), P1));
		assert_eq!(free(P1), START - 300);
		assert_eq!(free(R1), START + 150);
	});
}
