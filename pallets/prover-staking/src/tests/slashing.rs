//! Slashing: pro rata over self-stake, delegations and unbonding chunks, with exact amounts; the
//! beneficiary's share and the rest to `OnSlash`.

use super::*;
use provernet_primitives::{Prover, ProverStaking};

type S = crate::Pallet<Test>;

#[test]
fn a_slash_takes_the_same_share_of_every_stake_including_unbonding() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 2_000);
		assert_ok!(Staking::unbond(RuntimeOrigin::signed(P1), 1_000));
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(D1), P1, 3_000));
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(D2), P1, 2_000));
		assert_ok!(Staking::undelegate(RuntimeOrigin::signed(D2), P1, 1_000));
		// At stake: P1 1_000 + 1_000 unbonding, D1 3_000, D2 1_000 + 1_000 unbonding = 7_000.
		let (treasury, requester) = (free(TREASURY), free(R1));

		let (slashed, to_requester) =
			S::slash(&Prover(P1), 700, Some((R1, Perbill::from_percent(50)))).unwrap();
		assert_eq!((slashed, to_requester), (700, 350));
		assert_eq!(free(R1), requester + 350);
		assert_eq!(free(TREASURY), treasury + 350);

		// Every stake lost 10 %.
		assert_eq!(held(HoldReason::ProverBond, P1), 1_800);
		assert_eq!(held(HoldReason::Delegation, D1), 2_700);
		assert_eq!(held(HoldReason::Delegation, D2), 1_800);
		let l = ledger(P1);
		assert_eq!((l.self_stake, l.delegated), (900, 3_600));
		assert_eq!(crate::Unbonding::<Test>::get(P1, P1)[0].amount, 900);
		assert_eq!(crate::Unbonding::<Test>::get(D2, P1)[0].amount, 900);
		// Self-stake fell under the minimum.
		assert_eq!(l.status, ProverStatus::Inactive);
		assert!(staking_events().contains(&Event::Slashed {
			prover: P1,
			requested: 700,
			slashed: 700,
			to_beneficiary: 350
		}));

		// The slashed chunk pays out what is left of it.
		run_to(11);
		let before = free(D2);
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(D2), P1));
		assert_eq!(free(D2), before + 900);
	});
}

#[test]
fn a_slash_is_capped_at_what_is_at_stake() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 1_000);
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(D1), P1, 500));
		let (slashed, paid) = S::slash(&Prover(P1), 1_000_000, None).unwrap();
		assert_eq!((slashed, paid), (1_500, 0));
		assert_eq!(held(HoldReason::ProverBond, P1), 0);
		assert_eq!(held(HoldReason::Delegation, D1), 0);
		// D1 has nothing at stake any more and leaves the list.
		assert!(crate::DelegatorsOf::<Test>::get(P1).is_empty());
		assert!(S::slash(&Prover(P2), 1, None).is_err());
	});
}

#[test]
fn rewards_earned_before_a_slash_are_kept() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 1_000);
		assert_ok!(Staking::set_commission(RuntimeOrigin::signed(P1), Perbill::zero()));
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(D1), P1, 1_000));
		assert_ok!(S::reward(&Prover(P1), &R1, 200));
		assert_ok!(S::slash(&Prover(P1), 1_000, None).map(|_| ()));
		assert_eq!(Staking::pending_rewards(&D1, &P1), 100);
		assert_eq!(Staking::pending_rewards(&P1, &P1), 100);
		// After the slash, stakes are 500 each: a new reward splits evenly on the new stakes.
		assert_ok!(S::reward(&Prover(P1), &R1, 100));
		assert_eq!(Staking::pending_rewards(&D1, &P1), 150);
	});
}

#[test]
fn three_slashes_within_the_window_jail_the_prover_until_governance_unjails() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 10_000);
		assert_ok!(S::slash(&Prover(P1), 10, None).map(|_| ()));
		run_to(50);
		assert_ok!(S::slash(&Prover(P1), 10, None).map(|_| ()));
		assert_eq!(ledger(P1).status, ProverStatus::Active);
		run_to(99);
		assert_ok!(S::slash(&Prover(P1), 10, None).map(|_| ()));
		assert_eq!(ledger(P1).status, ProverStatus::Jailed);
		assert!(!S::is_active(&Prover(P1)));
		assert_noop!(Staking::activate(RuntimeOrigin::signed(P1)), Error::<Test>::Jailed);
		assert_ok!(Staking::unjail(RuntimeOrigin::root(), P1));
		assert_ok!(Staking::activate(RuntimeOrigin::signed(P1)));
	});
}

#[test]
fn slashes_outside_the_window_do_not_add_up() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 10_000);
		for block in [1, 101, 201, 301] {
			run_to(block);
			assert_ok!(S::slash(&Prover(P1), 10, None).map(|_| ()));
		}
		assert_eq!(ledger(P1).status, ProverStatus::Active);
		assert_eq!(crate::RecentSlashes::<Test>::get(P1), (301, 1));
	});
}

/// The exposure of a violation is recorded when it is reported: the stakers then behind the
/// prover owe their pro-rata shares; a delegator who joins afterwards owes nothing; the shares are
/// paid from active stake first, then from unbonding stake; until then they cannot be withdrawn.
#[test]
fn a_recorded_exposure_is_slashed_on_the_stakers_who_backed_the_prover_then() {
	ExtBuilder::build_and_execute(|| {
		register(P1, 2_000);
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(D1), P1, 2_000));
		// 4,000 at stake: a 400 slash owes P1 200 and D1 200.
		let (id, total) = S::record_exposure(&Prover(P1), 400).unwrap();
		assert_eq!(total, 400);
		assert_eq!(crate::Exposed::<Test>::get(D1, P1), 200);
		// D1 leaves, D2 arrives.
		assert_ok!(Staking::undelegate(RuntimeOrigin::signed(D1), P1, 2_000));
		assert_ok!(Staking::delegate(RuntimeOrigin::signed(D2), P1, 6_000));
		run_to(11);
		assert_noop!(
			Staking::withdraw_unbonded(RuntimeOrigin::signed(D1), P1),
			Error::<Test>::SlashPending
		);
		let (treasury, requester) = (free(TREASURY), free(R1));
		assert_eq!(S::slash_exposure(id, Some((R1, Perbill::from_percent(50)))), Ok((400, 200)));
		assert_eq!(free(R1), requester + 200);
		assert_eq!(free(TREASURY), treasury + 200);
		assert_eq!(held(HoldReason::ProverBond, P1), 1_800);
		assert_eq!(crate::Unbonding::<Test>::get(D1, P1)[0].amount, 1_800);
		assert_eq!(held(HoldReason::Delegation, D2), 6_000);
		assert_eq!(crate::Exposed::<Test>::get(D1, P1), 0);
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(D1), P1));
		assert_eq!(free(D1), START - 200);
		assert_noop!(S::slash_exposure(id, None), Error::<Test>::UnknownExposure);
	});
}
