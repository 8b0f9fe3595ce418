//! Rewards: commission to the prover, the rest pro rata through the accumulator; stake changes
//! between rewards settle first, so no one gains or loses by timing.

use super::*;
use provernet_primitives::{Prover, ProverStaking};

type S = crate::Pallet<Test>;

fn claim(who: AccountId, prover: AccountId) -> Balance {
	let before = free(who);
	assert_ok!(Staking::claim_rewards(RuntimeOrigin::signed(who), prover));
	free(who) - before
}

#[test]
fn rewards_are_shared_by_commission_then_stake_with_changes_between_rewards() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 1_000); // commission 10 %
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(D1), P1, 3_000));
		let r1 = free(R1);

		// Reward 1: 100 commission; 900 over 4_000 stake → P1 225, D1 675.
		assert_ok!(S::reward(&Prover(P1), &R1, 1_000));
		assert_eq!(free(R1), r1 - 1_000);
		assert_eq!(Staking::pending_rewards(&P1, &P1), 325);
		assert_eq!(Staking::pending_rewards(&D1, &P1), 675);

		// Between rewards: D1 leaves with 1_000, D2 arrives with 4_000 (earns nothing of reward 1).
		assert_ok!(Staking::undelegate(RuntimeOrigin::signed(D1), P1, 1_000));
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(D2), P1, 4_000));
		assert_eq!(Staking::pending_rewards(&D1, &P1), 675);
		assert_eq!(Staking::pending_rewards(&D2, &P1), 0);

		// Reward 2: 70 commission; 630 over 7_000 → P1 90, D1 180, D2 360.
		assert_ok!(S::reward(&Prover(P1), &R1, 700));
		assert_eq!(claim(P1, P1), 100 + 225 + 70 + 90);
		assert_eq!(claim(D1, P1), 675 + 180);
		assert_eq!(claim(D2, P1), 360);
		assert_noop!(
			Staking::claim_rewards(RuntimeOrigin::signed(D2), P1),
			Error::<Test>::NothingToClaim
		);
		assert!(staking_events().contains(&Event::Rewarded {
			prover: P1,
			payer: R1,
			amount: 700,
			commission: 70
		}));
		// Only the pot's existential deposit is left.
		assert_eq!(free(Staking::pot()), 1);
	});
}

#[test]
fn a_reward_the_payer_cannot_pay_changes_nothing() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 1_000);
		assert_noop!(S::reward(&Prover(P1), &R1, START), Error::<Test>::CannotPayReward);
		assert_noop!(S::reward(&Prover(P2), &R1, 10), Error::<Test>::NotProver);
		assert_noop!(S::reward(&Prover(P1), &R1, 0), Error::<Test>::ZeroAmount);
	});
}

#[test]
fn rounding_dust_stays_in_the_pot_and_never_overpays() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 1_000);
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(D1), P1, 1_001));
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(D2), P1, 1_003));
		for _ in 0..7 {
			assert_ok!(S::reward(&Prover(P1), &R1, 333));
		}
		let paid = claim(P1, P1) + claim(D1, P1) + claim(D2, P1);
		assert!((7 * 333 - 6..=7 * 333).contains(&paid), "paid {paid}");
		// try_state (run after the test) checks the pot still covers every pending reward.
	});
}

/// Review L7: at a tiny effective stake the accumulator (reward per planck of stake, to 10⁻¹⁸)
/// overflowed and later rewards were credited to nobody. Now a share that would overflow goes to
/// the prover, and every planck paid is claimable.
#[test]
fn rewards_at_a_tiny_stake_never_fall_to_nobody() {
	R1Start::set(10u128.pow(22));
	ExtBuilder::build_and_execute(|| {
		register(P1, 1_000); // commission 10 %, the only staker
		assert_eq!(S::slash(&Prover(P1), 999, None).unwrap(), (999, 0));
		assert_eq!(ledger(P1).self_stake, 1);
		// Shared over a planck of stake, the fourth reward would pass FixedU128's 3.4·10²⁰ per
		// planck: below the least self-stake the prover takes it all.
		let reward = 10u128.pow(20);
		for _ in 0..5 {
			assert_ok!(S::reward(&Prover(P1), &R1, reward));
		}
		assert_eq!(Staking::pending_rewards(&P1, &P1), 5 * reward);
		assert!(staking_events().contains(&Event::Rewarded {
			prover: P1,
			payer: R1,
			amount: reward,
			commission: reward
		}));
		assert_eq!(claim(P1, P1), 5 * reward);
		assert_eq!(free(Staking::pot()), 1);
	});
}

/// Review L1: a staker that left and claimed leaves no reward position behind; a retired prover
/// leaves no slash count.
#[test]
fn emptied_reward_positions_and_a_retired_provers_slash_count_are_removed() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 1_000);
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(D1), P1, 1_000));
		assert_ok!(S::reward(&Prover(P1), &R1, 1_000));
		assert_ok!(Staking::undelegate(RuntimeOrigin::signed(D1), P1, 1_000));
		// Unclaimed rewards keep the position.
		assert!(crate::RewardPositions::<Test>::contains_key(D1, P1));
		assert_eq!(claim(D1, P1), 450);
		assert!(!crate::RewardPositions::<Test>::contains_key(D1, P1));
		run_to(11);
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(D1), P1));
		assert!(!crate::RewardPositions::<Test>::contains_key(D1, P1));
		assert_ok!(S::slash(&Prover(P1), 1, None));
		assert!(crate::RecentSlashes::<Test>::contains_key(P1));
		assert_eq!(claim(P1, P1), 100 + 450);
		assert_ok!(Staking::retire(RuntimeOrigin::signed(P1)));
		assert!(!crate::RecentSlashes::<Test>::contains_key(P1));
		assert!(!crate::RewardPositions::<Test>::contains_key(P1, P1));
	});
}

#[test]
fn delegations_of_pages() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 1_000);
		register(P2, 1_000);
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(D1), P1, 10));
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(D1), P2, 20));
		let first = Staking::delegations_of(D1, None, 1);
		assert_eq!(first.len(), 1);
		let rest = Staking::delegations_of(D1, Some(first[0].0), 10);
		assert_eq!(rest.len(), 1);
		let mut all = [first, rest].concat();
		all.sort();
		assert_eq!(all, vec![(P1, 10), (P2, 20)]);
		assert_eq!(Staking::delegations_of(D1, None, 10).len(), 2);
	});
}

/// Review of the first fix: a prover that slashed itself down to a planck and took rewards then
/// could push the accumulator near its maximum, so that later every delegator's share would
/// overflow to it. Below the least self-stake nothing goes through the accumulator.
#[test]
fn a_prover_cannot_poison_the_accumulator_at_a_tiny_stake() {
	R1Start::set(10u128.pow(22));
	ExtBuilder::build_and_execute(|| {
		register(P1, 1_000);
		assert_ok!(S::slash(&Prover(P1), 999, None));
		for _ in 0..4 {
			assert_ok!(S::reward(&Prover(P1), &R1, 10u128.pow(20)));
		}
		assert_eq!(crate::RewardPerStake::<Test>::get(P1), sp_runtime::FixedU128::from_inner(0));
		assert_ok!(Staking::bond_more(RuntimeOrigin::signed(P1), 1_000));
		assert_ok!(Staking::activate(RuntimeOrigin::signed(P1)));
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(D1), P1, 1_000));
		// 100 commission; 900 over 2,001 stake: D1's 1,000 earns 449 (rounded down).
		assert_ok!(S::reward(&Prover(P1), &R1, 1_000));
		assert_eq!(Staking::pending_rewards(&D1, &P1), 449);
		assert_eq!(claim(D1, P1), 449);
		// P1's 1,001 earns 450.2…: 450.
		assert_eq!(claim(P1, P1), 4 * 10u128.pow(20) + 100 + 450);
		// The rounding dust (900 − 449 − 450 = 1) stays in the pot, with its existential deposit.
		assert_eq!(free(Staking::pot()), 1 + 1);
	});
}
