//! Benchmarks (v2) for every call, each in its worst case within the pallet's bounds.

use super::*;
use crate::Pallet as Staking;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, EnsureOrigin, Get};
use frame_system::RawOrigin;
use provernet_primitives::{Prover, ProverStaking};
use sp_runtime::{traits::Saturating, Perbill};

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let amount = T::MinSelfStake::get().saturating_mul(1_000u32.into());
	T::Currency::set_balance(&who, amount);
	who
}

fn full_capabilities<T: Config>() -> Vec<Capability> {
	(0..T::MaxClasses::get())
		.map(|class| Capability { class, capacity: 8 })
		.collect()
}

fn registered<T: Config>(index: u32) -> T::AccountId {
	let who = funded::<T>("prover", index);
	let stake = T::MinSelfStake::get().saturating_mul(10u32.into());
	Staking::<T>::register_prover(
		RawOrigin::Signed(who.clone()).into(),
		stake,
		Perbill::from_percent(5),
		full_capabilities::<T>(),
		vec![7; T::MaxMetadataLen::get() as usize],
	)
	.expect("benchmark setup registers a prover");
	who
}

/// Fills the prover's delegator list up to `n` delegators.
fn with_delegators<T: Config>(prover: &T::AccountId, n: u32) {
	for i in 0..n {
		let d = funded::<T>("delegator", i);
		Staking::<T>::delegate(RawOrigin::Signed(d).into(), prover.clone(), T::MinSelfStake::get())
			.expect("room for the delegator");
	}
}

fn run_to<T: Config>(n: frame_system::pallet_prelude::BlockNumberFor<T>) {
	frame_system::Pallet::<T>::set_block_number(n);
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_prover() {
		let who = funded::<T>("prover", 0);
		let stake = T::MinSelfStake::get();
		#[extrinsic_call]
		_(
			RawOrigin::Signed(who.clone()),
			stake,
			Perbill::from_percent(5),
			full_capabilities::<T>(),
			vec![7; T::MaxMetadataLen::get() as usize],
		);
		assert!(Provers::<T>::contains_key(&who));
	}

	#[benchmark]
	fn bond_more() {
		let who = registered::<T>(0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), T::MinSelfStake::get());
	}

	#[benchmark]
	fn unbond() {
		let who = registered::<T>(0);
		for _ in 1..T::MaxUnbondingChunks::get() {
			Staking::<T>::unbond(RawOrigin::Signed(who.clone()).into(), 1u32.into()).unwrap();
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 1u32.into());
		assert_eq!(Unbonding::<T>::get(&who, &who).len() as u32, T::MaxUnbondingChunks::get());
	}

	#[benchmark]
	fn delegate() {
		let prover = registered::<T>(0);
		with_delegators::<T>(&prover, T::MaxDelegators::get() - 1);
		let who = funded::<T>("new-delegator", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), prover.clone(), T::MinSelfStake::get());
		assert_eq!(DelegatorsOf::<T>::get(&prover).len() as u32, T::MaxDelegators::get());
	}

	#[benchmark]
	fn undelegate() {
		let prover = registered::<T>(0);
		with_delegators::<T>(&prover, 1);
		let who: T::AccountId = account("delegator", 0, 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who), prover, 1u32.into());
	}

	#[benchmark]
	fn withdraw_unbonded() {
		let who = registered::<T>(0);
		for _ in 0..T::MaxUnbondingChunks::get() {
			Staking::<T>::unbond(RawOrigin::Signed(who.clone()).into(), 1u32.into()).unwrap();
		}
		run_to::<T>(T::UnbondingDelay::get().saturating_add(10u32.into()));
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), who.clone());
		assert!(Unbonding::<T>::get(&who, &who).is_empty());
	}

	#[benchmark]
	fn set_commission() {
		let who = registered::<T>(0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who), Perbill::from_percent(9));
	}

	#[benchmark]
	fn update_capabilities() {
		let who = registered::<T>(0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who), full_capabilities::<T>());
	}

	#[benchmark]
	fn chill() {
		let who = registered::<T>(0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who));
	}

	#[benchmark]
	fn activate() {
		let who = registered::<T>(0);
		Staking::<T>::chill(RawOrigin::Signed(who.clone()).into()).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(who));
	}

	#[benchmark]
	fn retire() {
		let who = registered::<T>(0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert_eq!(Provers::<T>::get(&who).unwrap().status, ProverStatus::Retired);
	}

	#[benchmark]
	fn jail() -> Result<(), BenchmarkError> {
		let who = registered::<T>(0);
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who);
		Ok(())
	}

	#[benchmark]
	fn unjail() -> Result<(), BenchmarkError> {
		let who = registered::<T>(0);
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		Staking::<T>::jail(origin.clone(), who.clone()).map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who);
		Ok(())
	}

	#[benchmark]
	fn claim_rewards() {
		let prover = registered::<T>(0);
		with_delegators::<T>(&prover, 1);
		let payer = funded::<T>("payer", 0);
		T::Currency::set_balance(&Staking::<T>::pot(), T::MinSelfStake::get());
		Staking::<T>::reward(&Prover(prover.clone()), &payer, T::MinSelfStake::get()).unwrap();
		let who: T::AccountId = account("delegator", 0, 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who), prover);
	}

	/// The real worst case (market review M2): `d` listed stakers, beyond `MaxDelegators` through
	/// displacement, and every staker, the prover too, with the most unbonding chunks, each of a
	/// real amount, so every chunk takes its share of the slash.
	#[benchmark]
	fn slash(d: Linear<0, { MaxListed::<T>::get() }>) {
		let prover = registered::<T>(0);
		let unit = T::MinDelegation::get().max(1u32.into());
		let chunks = T::MaxUnbondingChunks::get();
		for i in 0..d {
			let who = funded::<T>("delegator", i);
			// Each delegation larger than the ones before (after their unbonding): beyond
			// `MaxDelegators` each displaces the smallest active one, whose stake unbonds into
			// its last chunk and stays listed.
			let amount = unit.saturating_mul((2 * chunks + 1).into()).saturating_add(i.into());
			Staking::<T>::delegate(RawOrigin::Signed(who.clone()).into(), prover.clone(), amount)
				.expect("room for the delegator, by displacement past MaxDelegators");
			for _ in 0..chunks {
				Staking::<T>::undelegate(
					RawOrigin::Signed(who.clone()).into(),
					prover.clone(),
					unit,
				)
				.unwrap();
			}
		}
		for _ in 0..chunks {
			Staking::<T>::unbond(RawOrigin::Signed(prover.clone()).into(), unit).unwrap();
		}
		let listed = DelegatorsOf::<T>::get(&prover);
		assert_eq!(listed.len() as u32, d);
		for s in listed.iter().chain(core::iter::once(&prover)) {
			assert_eq!(Unbonding::<T>::get(s, &prover).len() as u32, chunks);
		}
		let beneficiary = funded::<T>("requester", 0);
		// A tenth of everything at stake: every chunk's share is non-zero.
		let amount = listed.iter().chain(core::iter::once(&prover)).fold(
			ProverLedger::<T>::get(&prover).unwrap().self_stake,
			|a, s| {
				a.saturating_add(UnbondingLedger::total::<T>(&Unbonding::<T>::get(s, &prover)))
					.saturating_add(Delegations::<T>::get(s, &prover))
			},
		) / 10u32.into();
		#[block]
		{
			Staking::<T>::do_slash(&prover, amount, Some((beneficiary, Perbill::from_percent(50))))
				.unwrap();
		}
	}

	impl_benchmark_test_suite!(Staking, crate::mock::ExtBuilder::build(), crate::mock::Test);
}
