//! Benchmarks (v2) for every call, on real keys and proofs: `fixtures.bin` holds, for each
//! `n = 1..=32`, a demo-circuit key with `n` public inputs, inputs and a valid proof
//! (regenerate with `cargo run -p provernet-circuits --example gen-keys`).

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::Mutate;
use frame_system::RawOrigin;

use crate::{fixture, gnark_fixture};

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

/// Registers `key` for `system` from `who`; its id.
fn registered<T: Config>(who: T::AccountId, system: ProofSystem, key: Vec<u8>) -> KeyId {
	let id = key_id(system, &key);
	Pallet::<T>::register_verifying_key(RawOrigin::Signed(who).into(), system, key)
		.expect("a valid key registers");
	id
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

	/// A gnark key (plain gnark, Brevis Pico or a zkVM's, whose ids add nothing to validate but
	/// their range) with `n` inputs.
	#[benchmark]
	fn register_zkvm_key(n: Linear<1, { provernet_zk::MAX_PUBLIC_INPUTS }>) {
		let who = funded::<T>("registrant");
		let (key, _, _) = gnark_fixture(n);
		let system = ProofSystem::Zkvm(Wrapper::Gnark);
		let id = key_id(system, &key);
		#[extrinsic_call]
		register_verifying_key(RawOrigin::Signed(who), system, key);
		assert!(Keys::<T>::contains_key(id));
	}

	/// A plain gnark Groth16 proof with `n` big-endian inputs.
	#[benchmark]
	fn verify_gnark(n: Linear<1, { provernet_zk::MAX_PUBLIC_INPUTS }>) {
		let who = funded::<T>("registrant");
		let (key, inputs, proof) = gnark_fixture(n);
		let system = ProofSystem::Zkvm(Wrapper::Gnark);
		let id = key_id(system, &key);
		Pallet::<T>::register_verifying_key(RawOrigin::Signed(who.clone()).into(), system, key)
			.expect("a valid key registers");
		#[extrinsic_call]
		verify(RawOrigin::Signed(who), id, inputs, proof);
	}

	/// An SP1 v6 proof of `b` bytes of public values (the costliest SP1 framing: the key's
	/// selector hash, the public values' digest, five inputs). The proof is well formed and runs
	/// the whole pairing check but is not of these public values, so it is refused at the end.
	#[benchmark]
	fn verify_sp1(b: Linear<0, { provernet_zk::MAX_PUBLIC_INPUTS * 32 }>) {
		let who = funded::<T>("registrant");
		let (circuit, _, raw) = gnark_fixture(5);
		let (program, vk_root) = ([1u8; 32], [2u8; 32]);
		let key = [&program[..], &vk_root[..], &circuit[..]].concat();
		let selector = &provernet_zk::zkvm::sha256(&[&circuit])[..4];
		let proof = [selector, &[0u8; 32][..], &vk_root[..], &[3u8; 32][..], &raw[..]].concat();
		let id = registered::<T>(who, ProofSystem::Zkvm(Wrapper::Sp1V6), key);
		let statement = alloc::vec![7u8; b as usize];
		let result;
		#[block]
		{
			result = Pallet::<T>::do_verify(&id, &statement, &proof);
		}
		assert!(matches!(result, Err(Error::<T>::ProofRejected)));
	}

	/// A RISC Zero 3.0 receipt of a `b`-byte journal (the claim's hashes, the key's parameters
	/// digest, five inputs); refused at the end of the pairing check, as `verify_sp1`.
	#[benchmark]
	fn verify_risc0(b: Linear<0, { provernet_zk::MAX_PUBLIC_INPUTS * 32 }>) {
		let who = funded::<T>("registrant");
		let (circuit, _, raw) = gnark_fixture(5);
		let key = [&[1u8; 32][..], &[2u8; 32][..], &[3u8; 32][..], &circuit[..]].concat();
		let wrapped = provernet_zk::zkvm::WrappedKey::decode(Wrapper::Risc0V3, &key, true)
			.expect("a valid key");
		let selector = wrapped.selector().expect("RISC Zero proofs carry a selector");
		let proof = [&selector[..], &raw[..]].concat();
		let id = registered::<T>(who, ProofSystem::Zkvm(Wrapper::Risc0V3), key);
		let statement = alloc::vec![7u8; b as usize];
		let result;
		#[block]
		{
			result = Pallet::<T>::do_verify(&id, &statement, &proof);
		}
		assert!(matches!(result, Err(Error::<T>::ProofRejected)));
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
