//! Self-stake: bond, unbond into held chunks, withdraw after the delay.

use super::*;

#[test]
fn bond_more_adds_to_the_hold() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 1_000);
		assert_ok!(Staking::bond_more(RuntimeOrigin::signed(P1), 500));
		assert_eq!(ledger(P1).self_stake, 1_500);
		assert_eq!(held(HoldReason::ProverBond, P1), 1_500);
		assert_noop!(Staking::bond_more(RuntimeOrigin::signed(P1), 0), Error::<Test>::ZeroAmount);
		assert_noop!(Staking::bond_more(RuntimeOrigin::signed(P2), 1), Error::<Test>::NotProver);
		assert_noop!(
			Staking::bond_more(RuntimeOrigin::signed(P1), START),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn unbonded_stake_stays_held_until_the_delay_then_withdraws() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 3_000);
		assert_ok!(Staking::unbond(RuntimeOrigin::signed(P1), 1_000));
		assert_eq!(ledger(P1).self_stake, 2_000);
		// Still held: unbonding stake remains slashable.
		assert_eq!(held(HoldReason::ProverBond, P1), 3_000);
		assert_noop!(
			Staking::withdraw_unbonded(RuntimeOrigin::signed(P1), P1),
			Error::<Test>::NothingToWithdraw
		);
		run_to(5);
		assert_ok!(Staking::unbond(RuntimeOrigin::signed(P1), 500));
		// The chunk limit is 2.
		assert_noop!(Staking::unbond(RuntimeOrigin::signed(P1), 1), Error::<Test>::TooManyChunks);
		run_to(11);
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(P1), P1));
		// Only the first chunk matured: 1_500 active + 500 unbonding stay held.
		assert_eq!(held(HoldReason::ProverBond, P1), 2_000);
		assert_eq!(free(P1), START - 2_000);
		run_to(15);
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(P1), P1));
		assert_eq!(held(HoldReason::ProverBond, P1), 1_500);
		assert!(staking_events().contains(&Event::Withdrawn {
			staker: P1,
			prover: P1,
			amount: 500
		}));
	});
}

#[test]
fn unbonding_more_than_the_stake_is_refused() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 1_000);
		assert_noop!(
			Staking::unbond(RuntimeOrigin::signed(P1), 1_001),
			Error::<Test>::NotEnoughStake
		);
		assert_noop!(Staking::unbond(RuntimeOrigin::signed(P1), 0), Error::<Test>::ZeroAmount);
	});
}

#[test]
fn falling_under_the_minimum_self_stake_makes_the_prover_inactive() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 1_500);
		assert_ok!(Staking::unbond(RuntimeOrigin::signed(P1), 600));
		assert_eq!(ledger(P1).status, ProverStatus::Inactive);
		assert_noop!(Staking::activate(RuntimeOrigin::signed(P1)), Error::<Test>::SelfStakeTooLow);
		assert_ok!(Staking::bond_more(RuntimeOrigin::signed(P1), 100));
		assert_ok!(Staking::activate(RuntimeOrigin::signed(P1)));
		assert_eq!(ledger(P1).status, ProverStatus::Active);
	});
}
