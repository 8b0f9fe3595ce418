//! Delegations: held on the delegator's own account, bounded, unbonded through chunks, and still
//! usable for a governance freeze.

use super::*;
use frame_support::traits::fungible::{InspectFreeze, MutateFreeze};

#[test]
fn delegation_is_held_on_the_delegators_account_and_counts_as_stake() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 1_000);
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(D1), P1, 4_000));
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(D1), P1, 1_000));
		assert_eq!(held(HoldReason::Delegation, D1), 5_000);
		assert_eq!(free(D1), START - 5_000);
		let l = ledger(P1);
		assert_eq!((l.delegated, l.effective_stake()), (5_000, 6_000));
		assert_eq!(crate::DelegatorsOf::<Test>::get(P1).to_vec(), vec![D1]);
		assert_eq!(crate::Delegations::<Test>::get(D1, P1), 5_000);
	});
}

#[test]
fn one_delegator_can_back_several_provers_under_one_hold() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 1_000);
		register(P2, 1_000);
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(D1), P1, 300));
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(D1), P2, 700));
		assert_eq!(held(HoldReason::Delegation, D1), 1_000);
		assert_ok!(Staking::undelegate(RuntimeOrigin::signed(D1), P2, 700));
		// Still a staker of P2 while its chunk is unbonding (and slashable).
		assert_eq!(crate::DelegatorsOf::<Test>::get(P2).len(), 1);
		run_to(11);
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(D1), P2));
		assert_eq!(crate::DelegatorsOf::<Test>::get(P2).len(), 0);
		assert_eq!(held(HoldReason::Delegation, D1), 300);
	});
}

#[test]
fn delegation_refusals() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 1_000);
		assert_noop!(
			Staking::delegate(RuntimeOrigin::signed(D1), P2, 10),
			Error::<Test>::NotProver
		);
		assert_noop!(
			Staking::delegate(RuntimeOrigin::signed(P1), P1, 10),
			Error::<Test>::SelfDelegation
		);
		assert_noop!(
			Staking::delegate(RuntimeOrigin::signed(D1), P1, 0),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			Staking::delegate(RuntimeOrigin::signed(D1), P1, START),
			Error::<Test>::InsufficientBalance
		);
		assert_ok!(Staking::chill(RuntimeOrigin::signed(P1)));
		assert_noop!(
			Staking::delegate(RuntimeOrigin::signed(D1), P1, 10),
			Error::<Test>::NotActive
		);
	});
}

#[test]
fn the_delegator_limit_is_enforced_and_freed_by_leaving() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 1_000);
		for d in [D1, D2, D3] {
			assert_ok!(Staking::delegate(RuntimeOrigin::signed(d), P1, 100));
		}
		assert_noop!(
			Staking::delegate(RuntimeOrigin::signed(D4), P1, 100),
			Error::<Test>::TooManyDelegators
		);
		// An existing delegator may add more.
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(D1), P1, 100));
		assert_ok!(Staking::undelegate(RuntimeOrigin::signed(D3), P1, 100));
		// D3's unbonding stake is still at stake: the slot frees when it is withdrawn.
		assert_noop!(
			Staking::delegate(RuntimeOrigin::signed(D4), P1, 100),
			Error::<Test>::TooManyDelegators
		);
		run_to(11);
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(D3), P1));
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(D4), P1, 100));
		assert_eq!(crate::DelegatorsOf::<Test>::get(P1).len(), 3);
	});
}

#[test]
fn undelegated_stake_stays_held_for_the_delay() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 1_000);
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(D1), P1, 1_000));
		assert_noop!(
			Staking::undelegate(RuntimeOrigin::signed(D1), P1, 1_001),
			Error::<Test>::NotEnoughStake
		);
		assert_ok!(Staking::undelegate(RuntimeOrigin::signed(D1), P1, 400));
		assert_eq!(ledger(P1).delegated, 600);
		assert_eq!(held(HoldReason::Delegation, D1), 1_000);
		run_to(10);
		assert_noop!(
			Staking::withdraw_unbonded(RuntimeOrigin::signed(D1), P1),
			Error::<Test>::NothingToWithdraw
		);
		run_to(11);
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(D1), P1));
		assert_eq!(held(HoldReason::Delegation, D1), 600);
		assert_eq!(free(D1), START - 600);
	});
}

#[test]
fn delegated_brev_can_still_back_a_governance_freeze() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 1_000);
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(D1), P1, 90_000));
		// A conviction-voting style freeze over the whole balance, held part included.
		assert_ok!(Balances::set_freeze(&(), &D1, START));
		assert_eq!(Balances::balance_frozen(&(), &D1), START);
		// The freeze did not disturb the stake, and undelegating still works under it.
		assert_eq!(held(HoldReason::Delegation, D1), 90_000);
		assert_ok!(Staking::undelegate(RuntimeOrigin::signed(D1), P1, 90_000));
		run_to(11);
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(D1), P1));
		assert_eq!(held(HoldReason::Delegation, D1), 0);
		// Back in free balance but still frozen: it cannot be transferred away while voting.
		assert!(<Balances as frame_support::traits::fungible::Mutate<_>>::transfer(
			&D1,
			&D2,
			1_000,
			frame_support::traits::tokens::Preservation::Expendable
		)
		.is_err());
	});
}
