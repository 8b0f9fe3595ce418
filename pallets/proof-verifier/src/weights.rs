//! Weights for `pallet-proof-verifier`.
//!
//! The compute parts were measured on the build machine (2 cores; see the pallet README):
//! `verify_groth16(n)` and `register_verifying_key(n)` by `runtime/examples/verify-bench.rs`, which
//! executes the runtime's wasm with the node's host functions; storage costs are the runtime's
//! `DbWeight` per access. The v2 benchmarks in `benchmarking.rs` exercise the same worst cases;
//! generating this file from them with the benchmark CLI is the weights issue's job.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed for `pallet_proof_verifier`.
pub trait WeightInfo {
	/// Register a Groth16 key with `n` public inputs (validation is linear in `n`).
	fn register_verifying_key(n: u32) -> Weight;
	/// Unregister a key.
	fn unregister_verifying_key() -> Weight;
	/// Verify a Groth16 proof with `n` public inputs through the host function.
	fn verify_groth16(n: u32) -> Weight;
}

/// Measured compute, in picoseconds of ref time. `verify-bench` fits, over 1–32 inputs, in the
/// node's build (arkworks at opt-level 3 without debug assertions): host-function verify
/// 1.70 ms + 0.128 ms per input (the runtime call around it subtracted); native key validation
/// 0.44 ms + 0.015 ms per input. The constants round up by about 15 %.
pub mod measured {
	/// Verify base (decode key and proof, 4 Miller loops, final exponentiation, host call).
	pub const VERIFY_BASE: u64 = 2_000_000_000;
	/// Verify per public input (decode one IC point and input, one G1 scalar multiplication).
	pub const VERIFY_PER_INPUT: u64 = 150_000_000;
	/// Register base (the `validate_key` host call: α, β, γ, δ with subgroup checks; hashing).
	pub const REGISTER_BASE: u64 = 600_000_000;
	/// Register per public input (one more IC point to validate and hash).
	pub const REGISTER_PER_INPUT: u64 = 20_000_000;
	/// A storage-only call.
	pub const CALL_BASE: u64 = 30_000_000;
}

/// Weights for the ProverNet runtime.
pub struct SubstrateWeight<T>(PhantomData<T>);

impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register_verifying_key(n: u32) -> Weight {
		// Reads: Keys (exists), Balances account, Holds. Writes: Keys, KeyBytes, account, Holds.
		Weight::from_parts(measured::REGISTER_BASE, 1_400)
			.saturating_add(
				Weight::from_parts(measured::REGISTER_PER_INPUT, 32).saturating_mul(n.into()),
			)
			.saturating_add(T::DbWeight::get().reads_writes(3, 4))
	}
	fn unregister_verifying_key() -> Weight {
		// Reads: Keys, account, Holds. Writes: Keys, KeyBytes, account, Holds.
		Weight::from_parts(measured::CALL_BASE, 1_400)
			.saturating_add(T::DbWeight::get().reads_writes(3, 4))
	}
	fn verify_groth16(n: u32) -> Weight {
		// Reads: Keys, KeyBytes.
		Weight::from_parts(measured::VERIFY_BASE, 1_400)
			.saturating_add(
				Weight::from_parts(measured::VERIFY_PER_INPUT, 32).saturating_mul(n.into()),
			)
			.saturating_add(T::DbWeight::get().reads(2))
	}
}

impl WeightInfo for () {
	fn register_verifying_key(n: u32) -> Weight {
		Weight::from_parts(measured::REGISTER_BASE, 1_400)
			.saturating_add(
				Weight::from_parts(measured::REGISTER_PER_INPUT, 32).saturating_mul(n.into()),
			)
			.saturating_add(RocksDbWeight::get().reads_writes(3, 4))
	}
	fn unregister_verifying_key() -> Weight {
		Weight::from_parts(measured::CALL_BASE, 1_400)
			.saturating_add(RocksDbWeight::get().reads_writes(3, 4))
	}
	fn verify_groth16(n: u32) -> Weight {
		Weight::from_parts(measured::VERIFY_BASE, 1_400)
			.saturating_add(
				Weight::from_parts(measured::VERIFY_PER_INPUT, 32).saturating_mul(n.into()),
			)
			.saturating_add(RocksDbWeight::get().reads(2))
	}
}
