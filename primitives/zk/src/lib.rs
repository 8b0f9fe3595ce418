//! Groth16 over BN254 for ProverNet.
//!
//! This crate is what the runtime, the node, the prover agent and the CLI share about proofs:
//!
//! - [`encoding`]: the one canonical byte encoding of verifying keys, proofs and public inputs;
//! - [`evm`], [`gnark`], [`zkvm`]: the encodings real provers emit (EVM-order proofs, gnark's
//!   keys) and the statements of the zkVMs' Groth16 wrappers (SP1, RISC Zero, Brevis Pico);
//! - [`groth16`]: a pure, `no_std` verifier on arkworks 0.6 — the reference implementation;
//! - [`host`]: the same verifier as a runtime interface (host function). The runtime calls it and
//!   `provernet-node` executes it natively, which is an order of magnitude faster than pairings
//!   compiled to wasm.
//!
//! # Canonical encoding
//!
//! All integers are little-endian. This is arkworks' compressed `CanonicalSerialize` format, so
//! `ark_groth16::{VerifyingKey, Proof}::serialize_compressed` produce it, and it is written down
//! here so that tools in other languages can too.
//!
//! | item | bytes | layout |
//! |---|---|---|
//! | field element (`Fq`, `Fr`) | 32 | little-endian integer, strictly below the modulus |
//! | G1 point | 32 | `x` (`Fq`); flags in the two top bits of byte 31 |
//! | G2 point | 64 | `x = c0 + c1·u` as `c0` ‖ `c1`; flags in the two top bits of byte 63 |
//! | proof | 128 | `A` (G1) ‖ `B` (G2) ‖ `C` (G1) |
//! | verifying key | 264 + 32·n | `α` (G1) ‖ `β` ‖ `γ` ‖ `δ` (G2) ‖ `n + 1` (u64) ‖ `IC₀ … ICₙ` (G1) |
//! | public inputs | 32·n | `n` field elements of `Fr` |
//!
//! Flags: bit 7 set means `y` is the larger of `±y` (as integers; for `Fq2` compare `c1`, then
//! `c0`); bit 6 set means the point at infinity, and then every other bit must be zero. Both set
//! is invalid. Every item has exactly one encoding, so a key's hash identifies it.
//!
//! # Security level
//!
//! BN254 gives about **100 bits** of security since the exTNFS attacks on its pairing target
//! field (Kim & Barbulescu, CRYPTO 2016; estimate by Barbulescu & Duquesne, "Updating key size
//! estimations for pairings", J. Cryptology 32, 2019). [`BN254_SECURITY_BITS`] records it.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "std")]
pub mod artifacts;
pub mod encoding;
pub mod evm;
pub mod gnark;
pub mod groth16;
pub mod host;
pub mod zkvm;

use codec::{Decode, DecodeWithMemTracking, Encode};
use scale_info::TypeInfo;

pub use encoding::{PreparedKey, G1_LEN, G2_LEN, PROOF_LEN, SCALAR_LEN};

/// The security level of BN254 in bits (see the crate docs for the source).
pub const BN254_SECURITY_BITS: u32 = 100;

/// The most public inputs a verifying key may declare; bounds the weight of `verify`.
pub const MAX_PUBLIC_INPUTS: u32 = 32;

/// The encoded size of a verifying key with `inputs` public inputs.
#[must_use]
pub const fn vk_len(inputs: u32) -> usize {
	G1_LEN + 3 * G2_LEN + 8 + G1_LEN * (inputs as usize + 1)
}

/// The longest registered key of any system whose circuit takes `inputs` public inputs (an
/// arkworks Groth16 key, or a zkVM's ids and gnark key).
#[must_use]
pub const fn max_key_len(inputs: u32) -> usize {
	let (groth16, zkvm) = (vk_len(inputs), zkvm::max_key_len(inputs));
	if groth16 > zkvm {
		groth16
	} else {
		zkvm
	}
}

/// Why a key, a proof or its inputs were refused. Every case is specific; nothing panics.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub enum Groth16Error {
	/// The key's bytes are not `264 + 32·n` long for the `n` it declares, or too short to say.
	KeyLength,
	/// A coordinate of a key point is not canonical (at or above the modulus) or its flags are
	/// invalid.
	KeyEncoding,
	/// A key point is not on the curve.
	KeyPointNotOnCurve,
	/// A key point is on the curve but outside the prime-order subgroup.
	KeyPointNotInSubgroup,
	/// The key declares more than [`MAX_PUBLIC_INPUTS`] public inputs.
	TooManyInputs,
	/// The proof is not exactly [`PROOF_LEN`] bytes.
	ProofLength,
	/// A coordinate of a proof point is not canonical or its flags are invalid.
	ProofEncoding,
	/// A proof point is not on the curve.
	ProofPointNotOnCurve,
	/// A proof point is on the curve but outside the prime-order subgroup.
	ProofPointNotInSubgroup,
	/// The public inputs are not a whole number of 32-byte field elements.
	InputsLength,
	/// The number of public inputs differs from what the key declares.
	WrongInputCount,
	/// A public input is not below the scalar field modulus.
	InputNotInField,
	/// Everything decodes, but the pairing check fails: the proof is not valid for this key and
	/// these inputs.
	ProofRejected,
	/// A zkVM proof's selector does not name the registered key's verifier (another version or
	/// another circuit).
	SelectorMismatch,
	/// An SP1 v6 proof reports a non-zero exit code.
	NonZeroExitCode,
	/// An SP1 v6 proof's vk root is not the registered key's.
	VkRootMismatch,
}

/// Where a runtime verifies Groth16 proofs: [`Host`] in production, [`Pure`] as the reference.
pub trait Engine {
	/// Verifies `proof` for `inputs` against a registered (validated) key, all canonical bytes.
	///
	/// # Errors
	/// The specific [`Groth16Error`].
	fn verify(vk: &[u8], inputs: &[u8], proof: &[u8]) -> Result<(), Groth16Error>;

	/// Validates a key for registration; returns its number of public inputs.
	///
	/// # Errors
	/// The specific [`Groth16Error`] of a malformed or invalid key.
	fn validate_key(vk: &[u8]) -> Result<u32, Groth16Error>;

	/// Verifies a zkVM's (or gnark's) Groth16 `proof` of `statement` against a registered key of
	/// `wrapper` ([`zkvm`]).
	///
	/// # Errors
	/// The specific [`Groth16Error`].
	fn verify_zkvm(
		wrapper: zkvm::Wrapper,
		key: &[u8],
		statement: &[u8],
		proof: &[u8],
	) -> Result<(), Groth16Error>;

	/// Validates a key of `wrapper` for registration; returns its circuit's public inputs.
	///
	/// # Errors
	/// The specific [`Groth16Error`] of a malformed or invalid key.
	fn validate_zkvm_key(wrapper: zkvm::Wrapper, key: &[u8]) -> Result<u32, Groth16Error>;
}

/// Verification through the node's host function (native speed).
pub struct Host;

impl Engine for Host {
	fn verify(vk: &[u8], inputs: &[u8], proof: &[u8]) -> Result<(), Groth16Error> {
		host::groth_16_bn_254::verify(vk, inputs, proof)
	}

	fn validate_key(vk: &[u8]) -> Result<u32, Groth16Error> {
		host::groth_16_bn_254::validate_key(vk)
	}

	fn verify_zkvm(
		wrapper: zkvm::Wrapper,
		key: &[u8],
		statement: &[u8],
		proof: &[u8],
	) -> Result<(), Groth16Error> {
		host::groth_16_bn_254::verify_zkvm(wrapper, key, statement, proof)
	}

	fn validate_zkvm_key(wrapper: zkvm::Wrapper, key: &[u8]) -> Result<u32, Groth16Error> {
		host::groth_16_bn_254::validate_zkvm_key(wrapper, key)
	}
}

/// Verification by the pure implementation, inside whatever executes the caller (in a wasm
/// runtime: pairings in wasm).
pub struct Pure;

impl Engine for Pure {
	fn verify(vk: &[u8], inputs: &[u8], proof: &[u8]) -> Result<(), Groth16Error> {
		groth16::verify(vk, inputs, proof)
	}

	fn validate_key(vk: &[u8]) -> Result<u32, Groth16Error> {
		groth16::validate_key(vk)
	}

	fn verify_zkvm(
		wrapper: zkvm::Wrapper,
		key: &[u8],
		statement: &[u8],
		proof: &[u8],
	) -> Result<(), Groth16Error> {
		zkvm::verify(wrapper, key, statement, proof)
	}

	fn validate_zkvm_key(wrapper: zkvm::Wrapper, key: &[u8]) -> Result<u32, Groth16Error> {
		zkvm::validate_key(wrapper, key)
	}
}
