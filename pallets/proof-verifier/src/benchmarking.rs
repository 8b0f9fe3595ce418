//! Benchmarks (v2) for every call, on real keys and proofs: `fixtures.bin` holds, for each
//! `n = 1..=32`, a demo-circuit key with `n` public inputs, inputs and a valid proof
//! (regenerate with `cargo run -p provernet-circuits --example gen-keys`).

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::Mutate;
use frame_system::RawOrigin;

use crate::fixture;

fn funded<T: Config>(name: &'static str) -> T::AccountId
where
	T::Currency: Mutate<T::AccountId>,
{
	let who: T::AccountId = account(name, 0, 0);
	let amount = T::KeyDepositBase::get()
		.saturating_add(T::KeyDepositPerByte::get().saturating_mul(T::MaxKeyLen::get().into()))
		.saturating_mul(10u32.into());
	let _ = T::Currency::set_balance(&who, amount);
	who
}

#[benchmarks(where T::Currency: Mutate<T::AccountId>)]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_verifying_key(n: Linear<1, { provernet_zk::MAX_PUBLIC_INPUTS }>) {
		let who = funded::<T>("registrant");
		let (key, _, _) = fixture(n);
		let id = key_id(ProofSystem::Groth16Bn254, &key);
		#[extrinsic_call]
		_(RawOrigin::Signed(who), ProofSystem::Groth16Bn254, key);
		assert!(Keys::<T>::contains_key(id));
	}

	#[benchmark]
	fn unregister_verifying_key() {
		let who = funded::<T>("registrant");
		let (key, _, _) = fixture(provernet_zk::MAX_PUBLIC_INPUTS);
		let id = key_id(ProofSystem::Groth16Bn254, &key);
		Pallet::<T>::register_verifying_key(
			RawOrigin::Signed(who.clone()).into(),
			ProofSystem::Groth16Bn254,
			key,
		)
		.expect("a valid key registers");
		#[extrinsic_call]
		_(RawOrigin::Signed(who), id);
		assert!(!Keys::<T>::contains_key(id));
	}

	#[benchmark]
	fn verify_groth16(n: Linear<1, { provernet_zk::MAX_PUBLIC_INPUTS }>) {
		let who = funded::<T>("registrant");
		let (key, inputs, proof) = fixture(n);
		let id = key_id(ProofSystem::Groth16Bn254, &key);
		Pallet::<T>::register_verifying_key(
			RawOrigin::Signed(who.clone()).into(),
			ProofSystem::Groth16Bn254,
			key,
		)
		.expect("a valid key registers");
		#[extrinsic_call]
		verify(RawOrigin::Signed(who), id, inputs, proof);
	}

	/// The same proof through the pure verifier inside the runtime: the cost without the host
	/// function (not a call; for comparison).
	#[benchmark]
	fn verify_groth16_reference(n: Linear<1, { provernet_zk::MAX_PUBLIC_INPUTS }>) {
		let who = funded::<T>("registrant");
		let (key, inputs, proof) = fixture(n);
		let id = key_id(ProofSystem::Groth16Bn254, &key);
		Pallet::<T>::register_verifying_key(
			RawOrigin::Signed(who).into(),
			ProofSystem::Groth16Bn254,
			key,
		)
		.expect("a valid key registers");
		#[block]
		{
			Pallet::<T>::verify_reference(&id, &inputs, &proof).expect("the fixture verifies");
		}
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::ExtBuilder::build(), crate::mock::Test);
}
