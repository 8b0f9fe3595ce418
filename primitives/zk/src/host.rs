//! The verifier as a runtime interface (host function).
//!
//! In a wasm runtime, [`groth_16_bn_254::verify`] is an import,
//! `ext_groth_16_bn_254_verify_version_1`, that the node executes natively with
//! [`crate::groth16::verify`]; `validate_key` likewise with [`crate::groth16::validate_key`], and
//! `verify_zkvm` and `validate_zkvm_key` with [`crate::zkvm`]: one native pairing engine for every
//! Groth16 system. Natively (tests, benchmarks on the host) they are direct calls. A node must
//! register [`HostFunctions`] with its executor or it cannot instantiate a runtime that imports
//! them.
//!
//! The result crosses the boundary SCALE-encoded, so the runtime receives the same specific
//! [`Groth16Error`](crate::Groth16Error) as the pure verifier returns.

#![allow(missing_docs)] // The macro generates undocumented items.

use crate::zkvm::Wrapper;
use sp_runtime_interface::{
	pass_by::{AllocateAndReturnByCodec, PassFatPointerAndDecode, PassFatPointerAndRead},
	runtime_interface,
};

/// Groth16 verification over BN254, executed by the node.
#[runtime_interface]
pub trait Groth16Bn254 {
	/// Verifies `proof` for `inputs` against the verifying key `vk`, all in the canonical
	/// encoding. The key must have been validated (subgroup checks) when it was registered.
	fn verify(
		vk: PassFatPointerAndRead<&[u8]>,
		inputs: PassFatPointerAndRead<&[u8]>,
		proof: PassFatPointerAndRead<&[u8]>,
	) -> AllocateAndReturnByCodec<Result<(), crate::Groth16Error>> {
		crate::groth16::verify(vk, inputs, proof)
	}

	/// Validates a verifying key for registration (canonical, on the curve, in the subgroups,
	/// input count bounded); returns its number of public inputs.
	fn validate_key(
		vk: PassFatPointerAndRead<&[u8]>,
	) -> AllocateAndReturnByCodec<Result<u32, crate::Groth16Error>> {
		crate::groth16::validate_key(vk)
	}

	/// Verifies a zkVM's (or gnark's) Groth16 `proof` of `statement` against a registered key of
	/// `wrapper` ([`crate::zkvm`]): the framing, the statement's public inputs and the pairing,
	/// all natively.
	fn verify_zkvm(
		wrapper: PassFatPointerAndDecode<Wrapper>,
		key: PassFatPointerAndRead<&[u8]>,
		statement: PassFatPointerAndRead<&[u8]>,
		proof: PassFatPointerAndRead<&[u8]>,
	) -> AllocateAndReturnByCodec<Result<(), crate::Groth16Error>> {
		crate::zkvm::verify(wrapper, key, statement, proof)
	}

	/// Validates a registered key of `wrapper` (every point on the curve and in its subgroup, the
	/// ids that are circuit inputs below `r`); returns the circuit's number of public inputs.
	fn validate_zkvm_key(
		wrapper: PassFatPointerAndDecode<Wrapper>,
		key: PassFatPointerAndRead<&[u8]>,
	) -> AllocateAndReturnByCodec<Result<u32, crate::Groth16Error>> {
		crate::zkvm::validate_key(wrapper, key)
	}
}

/// The host functions `provernet-node` adds to its executor.
#[cfg(feature = "std")]
pub type HostFunctions = groth_16_bn_254::HostFunctions;
