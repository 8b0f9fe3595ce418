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

fn delegate(
	who: AccountId,
	amount: Balance,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Staking::delegate(RuntimeOrigin::signed(who), P1, amount)
}

/// Whether `delegator` was displaced from P1's list with `amount` unbonding.
fn displaced(delegator: AccountId, amount: Balance) -> bool {
	staking_events().contains(&Event::Displaced { delegator, prover: P1, amount })
}

fn listed() -> Vec<AccountId> {
	crate::DelegatorsOf::<Test>::get(P1).into_inner()
}

/// Review M5: 1-planck delegations filled `DelegatorsOf` and locked real delegators out. A
/// delegation has a governed minimum, and once `MaxDelegators` stakers are listed a larger
/// delegation displaces the smallest active one, whose stake is unbonded (held and slashable for
/// the delay), not lost.
#[test]
fn small_delegations_cannot_squat_the_delegator_list() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 2_000);
		MinDelegation::set(10);
		assert_noop!(delegate(D1, 9), Error::<Test>::DelegationBelowMinimum);
		// The squatter's three accounts take every slot (the mock lists 3).
		for d in [D1, D2, D3] {
			assert_ok!(delegate(d, 10));
		}
		// Matching the smallest is not enough.
		assert_noop!(delegate(D4, 10), Error::<Test>::TooManyDelegators);
		assert_ok!(delegate(D4, 20));
		// D1 (the first of the smallest) is displaced: its 10 unbond and stay held.
		assert!(displaced(D1, 10));
		assert_eq!(crate::Delegations::<Test>::get(D1, P1), 0);
		assert_eq!(
			crate::Unbonding::<Test>::get(D1, P1).into_inner(),
			vec![crate::UnbondingChunk { amount: 10, unlock_at: 11 }]
		);
		assert_eq!(held(HoldReason::Delegation, D1), 10);
		assert_eq!(ledger(P1).delegated, 10 + 10 + 20);
		assert_eq!(listed(), vec![D1, D2, D3, D4]);
		// The displaced stake still answers for a slash: 10 % of everything at stake.
		assert_ok!(<crate::Pallet<Test> as provernet_primitives::ProverStaking<_>>::slash(
			&provernet_primitives::Prover(P1),
			205,
			None
		));
		assert_eq!(held(HoldReason::Delegation, D1), 9);
		assert_eq!(crate::Unbonding::<Test>::get(D1, P1)[0].amount, 9);
		assert_eq!(held(HoldReason::ProverBond, P1), 1_800);
		// Two more real delegators displace D2 and D3: the list holds twice `MaxDelegators`, the
		// second half for stakers on their way out.
		assert_ok!(delegate(D5, 500));
		assert_ok!(delegate(D6, 500));
		assert_eq!(listed(), vec![D1, D2, D3, D4, D5, D6]);
		assert_eq!(crate::Delegations::<Test>::get(D3, P1), 0);
		// Full, and nobody leaving has finished: the newcomer waits.
		assert_noop!(delegate(D7, 1_000), Error::<Test>::TooManyDelegators);
		// Once D1's chunk matured (it owes no pending slash), a newcomer releases it to D1 (as
		// its own `withdraw_unbonded` would) and takes the place of D4, now the smallest.
		run_to(11);
		let d1 = free(D1);
		assert_ok!(delegate(D7, 1_000));
		assert_eq!(free(D1), d1 + 9);
		assert_eq!(held(HoldReason::Delegation, D1), 0);
		assert!(staking_events().contains(&Event::Withdrawn { staker: D1, prover: P1, amount: 9 }));
		assert!(displaced(D4, 18));
		assert_eq!(listed(), vec![D2, D3, D4, D5, D6, D7]);
		assert_eq!(ledger(P1).delegated, 500 + 500 + 1_000);
	});
}

#[test]
fn an_existing_delegator_tops_up_and_a_leaver_frees_its_active_place_at_once() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 1_000);
		for d in [D1, D2, D3] {
			assert_ok!(delegate(d, 100));
		}
		// An existing delegator may add more, whatever the amount above zero.
		assert_ok!(delegate(D1, 1));
		assert_noop!(delegate(D4, 100), Error::<Test>::TooManyDelegators);
		// D3 leaves: its unbonding stake stays listed (and slashable), but only active
		// delegations count against `MaxDelegators`: D4 joins at once, displacing nobody.
		assert_ok!(Staking::undelegate(RuntimeOrigin::signed(D3), P1, 100));
		assert_ok!(delegate(D4, 100));
		assert_eq!(listed(), vec![D1, D2, D3, D4]);
		assert!(!staking_events().iter().any(|e| matches!(e, Event::Displaced { .. })));
		run_to(11);
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(D3), P1));
		assert_eq!(listed(), vec![D1, D2, D4]);
	});
}

/// Review of this fix: stakers on their way out cannot block newcomers (only active delegations
/// count), and a displaced delegator coming back must outbid like anyone else, so the list
/// cannot be refilled with the same cheap delegations.
#[test]
fn leavers_do_not_block_newcomers_and_a_displaced_delegator_competes_to_return() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 1_000);
		MinDelegation::set(10);
		// Three accounts delegate and leave without withdrawing.
		for d in [D1, D2, D3] {
			assert_ok!(delegate(d, 10));
			assert_ok!(Staking::undelegate(RuntimeOrigin::signed(d), P1, 10));
		}
		// Nobody is active: D4, D5 and D6 join freely.
		for d in [D4, D5, D6] {
			assert_ok!(delegate(d, 20));
		}
		assert_eq!(listed(), vec![D1, D2, D3, D4, D5, D6]);
		// D1 comes back: three are active, so it must outbid the smallest by the minimum.
		assert_noop!(delegate(D1, 29), Error::<Test>::TooManyDelegators);
		assert_ok!(delegate(D1, 30));
		assert!(displaced(D4, 20));
		assert_eq!(ledger(P1).delegated, 20 + 20 + 30);
		// The list is full and nobody's chunks matured: a newcomer waits, whatever it offers.
		assert_noop!(delegate(D7, 1_000), Error::<Test>::TooManyDelegators);
		run_to(11);
		// D2's chunk (10, unlocked at 11) is withdrawn for it, D5 (20) displaced.
		assert_ok!(delegate(D7, 1_000));
		assert_eq!(listed(), vec![D1, D3, D4, D5, D6, D7]);
		assert_eq!(held(HoldReason::Delegation, D2), 0);
		// The prover retires with stakers still leaving: they withdraw later.
		for d in [D1, D6, D7] {
			let active = crate::Delegations::<Test>::get(d, P1);
			assert_ok!(Staking::undelegate(RuntimeOrigin::signed(d), P1, active));
		}
		assert_ok!(Staking::retire(RuntimeOrigin::signed(P1)));
		run_to(30);
		for d in [D1, D3, D4, D5, D6, D7] {
			assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(d), P1));
		}
		assert!(listed().is_empty());
	});
}

#[test]
fn a_delegation_left_below_the_minimum_is_refused() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 1_000);
		MinDelegation::set(10);
		assert_ok!(delegate(D1, 25));
		assert_noop!(
			Staking::undelegate(RuntimeOrigin::signed(D1), P1, 20),
			Error::<Test>::DelegationBelowMinimum
		);
		assert_ok!(Staking::undelegate(RuntimeOrigin::signed(D1), P1, 15));
		// Leaving altogether is always allowed.
		assert_ok!(Staking::undelegate(RuntimeOrigin::signed(D1), P1, 10));
		assert_eq!(crate::Delegations::<Test>::get(D1, P1), 0);
		// A top-up counts towards the minimum with what is already delegated.
		assert_ok!(delegate(D2, 10));
		assert_ok!(delegate(D2, 1));
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
