//! Benchmarks (v2) for every call, reporting a violation and the hook, on the real prover staking set
//! up by the runtime's `BenchmarkHelper`.

use super::*;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Hooks};

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn cancel_slash() {
		let (prover, requester, stake) = T::BenchmarkHelper::prover_and_requester();
		let id = NextSlashId::<T>::get();
		Pallet::<T>::report(prover, requester, 0, ViolationKind::MissedDeadline, stake);
		assert!(PendingSlashes::<T>::contains_key(id), "a non-zero deferral window");
		let origin = T::GovernanceOrigin::try_successful_origin().expect("governance origin");
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, vec![0; T::MaxReasonLen::get() as usize]);
		assert!(!PendingSlashes::<T>::contains_key(id));
	}

	/// Reporting a violation: queued, whatever the prover's stake.
	#[benchmark]
	fn report() {
		let (prover, requester, stake) = T::BenchmarkHelper::prover_and_requester();
		let id = NextSlashId::<T>::get();
		#[block]
		{
			Pallet::<T>::report(prover, requester, 0, ViolationKind::MissedDeadline, stake);
		}
		assert!(PendingSlashes::<T>::contains_key(id));
	}

	/// Applying `s` due slashes, each over the most delegators.
	#[benchmark]
	fn on_initialize(s: Linear<0, { T::MaxSlashesPerBlock::get() }>) {
		let (prover, requester, stake) = T::BenchmarkHelper::prover_and_requester();
		for lot in 0..s {
			Pallet::<T>::report(
				prover.clone(),
				requester.clone(),
				u64::from(lot),
				ViolationKind::MissedDeadline,
				stake,
			);
		}
		let window = T::DeferralWindow::get().max(1u32.into());
		let at = frame_system::Pallet::<T>::block_number().saturating_add(window);
		#[block]
		{
			Pallet::<T>::on_initialize(at);
		}
		assert_eq!(ApplyAt::<T>::iter_key_prefix(at).count(), 0);
		assert_eq!(PendingSlashes::<T>::iter_keys().count(), 0);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::ExtBuilder::build(), crate::mock::Test);
}
