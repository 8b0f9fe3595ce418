//! BN254 in the EVM's encoding (EIP-196/197): the byte format of the proofs that gnark, SP1,
//! RISC Zero and Brevis Pico produce for Ethereum verifiers, and of their public inputs.
//!
//! | item | bytes | layout |
//! |---|---|---|
//! | scalar (`Fr`) | 32 | big-endian integer, strictly below `r` |
//! | G1 point | 64 | `x ‖ y`, big-endian, each below `p`; `(0, 0)` is the point at infinity |
//! | G2 point | 128 | `x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0` (imaginary part first, as EIP-197) |
//! | Groth16 proof | 256 | `A` (G1) ‖ `B` (G2) ‖ `C` (G1) |
//!
//! Points are uncompressed, so decoding costs no square root; every point is checked to be on
//! the curve, and G2 points to be in the prime-order subgroup (G1 has cofactor 1).

use crate::{
	encoding::{PointError, Proof},
	Groth16Error,
};
use alloc::vec::Vec;
use ark_bn254::{Fq, Fq2, Fr, G1Affine, G2Affine};
use ark_ec::AffineRepr;
use ark_ff::{BigInt, PrimeField, Zero};

/// Bytes of an uncompressed G1 point.
pub const G1_LEN: usize = 64;
/// Bytes of an uncompressed G2 point.
pub const G2_LEN: usize = 128;
/// Bytes of a Groth16 proof in EVM order.
pub const PROOF_LEN: usize = 2 * G1_LEN + G2_LEN;

/// A big-endian 32-byte integer as limbs.
pub(crate) fn bigint_be(bytes: &[u8]) -> BigInt<4> {
	let mut limbs = [0u64; 4];
	for (limb, chunk) in limbs.iter_mut().rev().zip(bytes.chunks_exact(8)) {
		*limb = u64::from_be_bytes(chunk.try_into().expect("chunks_exact(8) yields 8 bytes"));
	}
	BigInt::new(limbs)
}

/// A big-endian 32-byte base-field element, if 32 bytes and canonical (below `p`).
#[must_use]
pub fn fq(bytes: &[u8]) -> Option<Fq> {
	(bytes.len() == 32).then(|| Fq::from_bigint(bigint_be(bytes))).flatten()
}

/// A big-endian 32-byte scalar, if 32 bytes and canonical (below `r`): the EVM verifiers refuse
/// the rest.
#[must_use]
pub fn fr(bytes: &[u8]) -> Option<Fr> {
	(bytes.len() == 32).then(|| Fr::from_bigint(bigint_be(bytes))).flatten()
}

/// The big-endian bytes of a field element.
#[must_use]
pub fn be<F: PrimeField<BigInt = BigInt<4>>>(x: &F) -> [u8; 32] {
	let mut out = [0u8; 32];
	for (chunk, limb) in out.chunks_exact_mut(8).zip(x.into_bigint().0.iter().rev()) {
		chunk.copy_from_slice(&limb.to_be_bytes());
	}
	out
}

/// Decodes an uncompressed G1 point.
///
/// # Errors
/// `Encoding` for a coordinate at or above `p`, `NotOnCurve`.
pub fn decode_g1(bytes: &[u8; G1_LEN]) -> Result<G1Affine, PointError> {
	let x = fq(&bytes[..32]).ok_or(PointError::Encoding)?;
	let y = fq(&bytes[32..]).ok_or(PointError::Encoding)?;
	if x.is_zero() && y.is_zero() {
		return Ok(G1Affine::zero());
	}
	let point = G1Affine::new_unchecked(x, y);
	if point.is_on_curve() {
		Ok(point)
	} else {
		Err(PointError::NotOnCurve)
	}
}

/// Decodes an uncompressed G2 point and checks its subgroup.
///
/// # Errors
/// `Encoding` for a coordinate at or above `p`, `NotOnCurve`, `NotInSubgroup`.
pub fn decode_g2(bytes: &[u8; G2_LEN]) -> Result<G2Affine, PointError> {
	let c = |i: usize| fq(&bytes[32 * i..32 * (i + 1)]).ok_or(PointError::Encoding);
	let x = Fq2::new(c(1)?, c(0)?);
	let y = Fq2::new(c(3)?, c(2)?);
	if x.is_zero() && y.is_zero() {
		return Ok(G2Affine::zero());
	}
	let point = G2Affine::new_unchecked(x, y);
	if !point.is_on_curve() {
		return Err(PointError::NotOnCurve);
	}
	if !point.is_in_correct_subgroup_assuming_on_curve() {
		return Err(PointError::NotInSubgroup);
	}
	Ok(point)
}

/// The uncompressed bytes of a G1 point.
#[must_use]
pub fn encode_g1(point: &G1Affine) -> [u8; G1_LEN] {
	let mut out = [0u8; G1_LEN];
	if let Some((x, y)) = point.xy() {
		out[..32].copy_from_slice(&be(&x));
		out[32..].copy_from_slice(&be(&y));
	}
	out
}

/// The uncompressed bytes of a G2 point.
#[must_use]
pub fn encode_g2(point: &G2Affine) -> [u8; G2_LEN] {
	let mut out = [0u8; G2_LEN];
	if let Some((x, y)) = point.xy() {
		for (i, c) in [x.c1, x.c0, y.c1, y.c0].iter().enumerate() {
			out[32 * i..32 * (i + 1)].copy_from_slice(&be(c));
		}
	}
	out
}

impl Proof {
	/// Decodes a proof in EVM order (every point on the curve, `B` in its subgroup).
	///
	/// # Errors
	/// `ProofLength`, `ProofEncoding`, `ProofPointNotOnCurve`, `ProofPointNotInSubgroup`.
	pub fn decode_evm(bytes: &[u8]) -> Result<Self, Groth16Error> {
		let bytes: &[u8; PROOF_LEN] = bytes.try_into().map_err(|_| Groth16Error::ProofLength)?;
		let map = PointError::in_proof;
		let a = decode_g1(bytes[..64].try_into().expect("64 bytes")).map_err(map)?;
		let b = decode_g2(bytes[64..192].try_into().expect("128 bytes")).map_err(map)?;
		let c = decode_g1(bytes[192..].try_into().expect("64 bytes")).map_err(map)?;
		Ok(Self { a, b, c })
	}

	/// The proof in EVM order.
	#[must_use]
	pub fn encode_evm(&self) -> [u8; PROOF_LEN] {
		let mut out = [0u8; PROOF_LEN];
		out[..64].copy_from_slice(&encode_g1(&self.a));
		out[64..192].copy_from_slice(&encode_g2(&self.b));
		out[192..].copy_from_slice(&encode_g1(&self.c));
		out
	}
}

/// Decodes `expected` big-endian public inputs.
///
/// # Errors
/// `InputsLength`, `WrongInputCount`, `InputNotInField`.
pub fn decode_inputs(bytes: &[u8], expected: u32) -> Result<Vec<Fr>, Groth16Error> {
	if !bytes.len().is_multiple_of(32) {
		return Err(Groth16Error::InputsLength);
	}
	if bytes.len() / 32 != expected as usize {
		return Err(Groth16Error::WrongInputCount);
	}
	bytes
		.chunks_exact(32)
		.map(|c| fr(c).ok_or(Groth16Error::InputNotInField))
		.collect()
}
