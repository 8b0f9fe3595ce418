//! gnark's binary encoding of BN254 verifying keys (gnark-crypto `ecc/bn254/marshal.go`): the
//! format SP1 ships its Groth16 key in, and what `gnark`'s `WriteTo` writes for any circuit.
//!
//! | item | bytes | layout |
//! |---|---|---|
//! | G1 point | 32 | `x`, big-endian; flags in the two top bits of byte 0 |
//! | G2 point | 64 | `x.c1 ‖ x.c0`, big-endian; flags in the two top bits of byte 0 |
//! | Groth16 key | 300 + 32·k | `α` (G1) ‖ `β` (G1) ‖ `β` ‖ `γ` (G2) ‖ `δ` (G1) ‖ `δ` (G2) ‖ `k` (u32) ‖ `K₀ … K_{k−1}` (G1) ‖ `0` (u32) ‖ `0` (u32) |
//!
//! Flags: `0b10` the smaller `y`, `0b11` the larger (`y > −y`; for `Fq2` compare `c1`, then `c0`),
//! `0b01` the point at infinity (every other bit zero). `0b00` (gnark's uncompressed marker) is
//! refused: keys here are compressed, so each has exactly one encoding. `K` are the input
//! commitments (`IC`), `k` is one more than the public inputs; the two trailing counts are
//! gnark's Pedersen commitment keys, which these keys must not have.

use crate::{
	encoding::{PointError, PreparedKey},
	evm::{be, fq},
	Groth16Error, MAX_PUBLIC_INPUTS,
};
use alloc::vec::Vec;
use ark_bn254::{Bn254, Fq2, G1Affine, G2Affine};
use ark_ec::{pairing::Pairing, AffineRepr, CurveGroup};
use ark_ff::{Field, Zero};
use core::ops::Neg;

const MASK: u8 = 0b11 << 6;
const SMALLEST: u8 = 0b10 << 6;
const LARGEST: u8 = 0b11 << 6;
const INFINITY: u8 = 0b01 << 6;

/// Bytes of a compressed G1 point.
pub const G1_LEN: usize = 32;
/// Bytes of a compressed G2 point.
pub const G2_LEN: usize = 64;
/// The fixed part of a Groth16 key: six points, the count and the two commitment counts.
const KEY_FIXED: usize = 3 * G1_LEN + 3 * G2_LEN + 4 + 8;

/// The encoded size of a gnark Groth16 key with `inputs` public inputs.
#[must_use]
pub const fn groth16_key_len(inputs: u32) -> usize {
	KEY_FIXED + G1_LEN * (inputs as usize + 1)
}

/// Splits the flags off byte 0.
///
/// # Errors
/// `Encoding` for the infinity flag with any other bit set, and for `0b00`.
fn flags(bytes: &[u8]) -> Result<(u8, Vec<u8>), PointError> {
	let flag = bytes[0] & MASK;
	let mut rest = bytes.to_vec();
	rest[0] &= !MASK;
	match flag {
		INFINITY if rest.iter().all(|b| *b == 0) => Ok((flag, rest)),
		SMALLEST | LARGEST => Ok((flag, rest)),
		_ => Err(PointError::Encoding),
	}
}

/// Decodes a compressed G1 point (BN254's G1 has cofactor 1: on the curve is in the group).
///
/// # Errors
/// `Encoding` (flags, `x ≥ p`), `NotOnCurve`.
pub fn decode_g1(bytes: &[u8; G1_LEN]) -> Result<G1Affine, PointError> {
	let (flag, x) = flags(bytes)?;
	if flag == INFINITY {
		return Ok(G1Affine::zero());
	}
	let x = fq(&x).ok_or(PointError::Encoding)?;
	G1Affine::get_point_from_x_unchecked(x, flag == LARGEST).ok_or(PointError::NotOnCurve)
}

/// Decodes a compressed G2 point; checks its subgroup if `subgroup`.
///
/// # Errors
/// `Encoding` (flags, a coordinate `≥ p`), `NotOnCurve`, `NotInSubgroup`.
pub fn decode_g2(bytes: &[u8; G2_LEN], subgroup: bool) -> Result<G2Affine, PointError> {
	let (flag, x) = flags(bytes)?;
	if flag == INFINITY {
		return Ok(G2Affine::zero());
	}
	let c1 = fq(&x[..32]).ok_or(PointError::Encoding)?;
	let c0 = fq(&x[32..]).ok_or(PointError::Encoding)?;
	let point = G2Affine::get_point_from_x_unchecked(Fq2::new(c0, c1), flag == LARGEST)
		.ok_or(PointError::NotOnCurve)?;
	if subgroup && !point.is_in_correct_subgroup_assuming_on_curve() {
		return Err(PointError::NotInSubgroup);
	}
	Ok(point)
}

/// Whether `y` is the larger of `±y` (arkworks orders `Fq2` by `c1`, then `c0`, as gnark does).
fn larger<F: Field + Ord>(y: F) -> bool {
	y > -y
}

/// The compressed bytes of a G1 point.
#[must_use]
pub fn encode_g1(point: &G1Affine) -> [u8; G1_LEN] {
	let Some((x, y)) = point.xy() else {
		let mut out = [0u8; G1_LEN];
		out[0] = INFINITY;
		return out;
	};
	let mut out = be(&x);
	out[0] |= if larger(y) { LARGEST } else { SMALLEST };
	out
}

/// The compressed bytes of a G2 point.
#[must_use]
pub fn encode_g2(point: &G2Affine) -> [u8; G2_LEN] {
	let mut out = [0u8; G2_LEN];
	let Some((x, y)) = point.xy() else {
		out[0] = INFINITY;
		return out;
	};
	out[..32].copy_from_slice(&be(&x.c1));
	out[32..].copy_from_slice(&be(&x.c0));
	out[0] |= if larger(y) { LARGEST } else { SMALLEST };
	out
}

/// The number of public inputs a gnark Groth16 key declares, from its header and length.
///
/// # Errors
/// `KeyLength`, `TooManyInputs`.
pub fn declared_inputs(bytes: &[u8]) -> Result<u32, Groth16Error> {
	const COUNT_AT: usize = 3 * G1_LEN + 3 * G2_LEN;
	let k = bytes.get(COUNT_AT..COUNT_AT + 4).ok_or(Groth16Error::KeyLength)?;
	let k = u32::from_be_bytes(k.try_into().expect("4 bytes"));
	let inputs = k.checked_sub(1).ok_or(Groth16Error::KeyLength)?;
	if inputs > MAX_PUBLIC_INPUTS {
		return Err(Groth16Error::TooManyInputs);
	}
	if bytes.len() != groth16_key_len(inputs) {
		return Err(Groth16Error::KeyLength);
	}
	Ok(inputs)
}

/// Whether `p1 ∈ G1` is the point at infinity or the twin of `p2 ∈ G2` (the same multiple of the
/// generators): `e(p1, g2) = e(g1, p2)`.
fn twin_or_none(p1: &G1Affine, p2: &G2Affine) -> bool {
	p1.is_zero()
		|| Bn254::multi_pairing(
			[*p1, G1Affine::generator().into_group().neg().into_affine()],
			[G2Affine::generator(), *p2],
		)
		.is_zero()
}

/// Decodes a gnark Groth16 key into the prepared form every engine verifies with.
///
/// With `validate` (once, at registration) G2 points are subgroup-checked, and `β` and `δ` in G1,
/// which verification does not use, must each be the point at infinity or the twin of the key's
/// `β` or `δ` in G2, so that no bit of a key can change without changing what it verifies.
///
/// # Errors
/// `KeyLength`, `TooManyInputs`, `KeyEncoding` (flags, coordinates, commitment keys, `α`, `β`,
/// `γ` or `δ` at infinity, a G1 twin that is not one), `KeyPointNotOnCurve`, `KeyPointNotInSubgroup`.
pub fn decode_groth16_key(bytes: &[u8], validate: bool) -> Result<PreparedKey, Groth16Error> {
	let inputs = declared_inputs(bytes)? as usize;
	let map = PointError::in_key;
	let g1 = |at: usize| decode_g1(bytes[at..at + 32].try_into().expect("32")).map_err(map);
	let g2 =
		|at: usize| decode_g2(bytes[at..at + 64].try_into().expect("64"), validate).map_err(map);
	let alpha = g1(0)?;
	let beta = g2(64)?;
	let gamma = g2(128)?;
	let delta = g2(224)?;
	if alpha.is_zero() || beta.is_zero() || gamma.is_zero() || delta.is_zero() {
		return Err(Groth16Error::KeyEncoding);
	}
	let ic = (0..=inputs).map(|i| g1(292 + 32 * i)).collect::<Result<Vec<_>, _>>()?;
	let tail = &bytes[292 + 32 * (inputs + 1)..];
	if tail != [0u8; 8] {
		return Err(Groth16Error::KeyEncoding);
	}
	if validate && !(twin_or_none(&g1(32)?, &beta) && twin_or_none(&g1(192)?, &delta)) {
		return Err(Groth16Error::KeyEncoding);
	}
	Ok(PreparedKey { alpha, beta, gamma, delta, ic })
}

/// The gnark bytes of a key. `β` and `δ` in G1 are not part of [`PreparedKey`] (verification
/// does not use them): pass their true values, or the point at infinity when only the verifier's
/// constants are known (an exported Solidity verifier, RISC Zero's published key).
#[must_use]
pub fn encode_groth16_key(key: &PreparedKey, beta_g1: &G1Affine, delta_g1: &G1Affine) -> Vec<u8> {
	let mut out = Vec::with_capacity(groth16_key_len(key.inputs()));
	out.extend_from_slice(&encode_g1(&key.alpha));
	out.extend_from_slice(&encode_g1(beta_g1));
	out.extend_from_slice(&encode_g2(&key.beta));
	out.extend_from_slice(&encode_g2(&key.gamma));
	out.extend_from_slice(&encode_g1(delta_g1));
	out.extend_from_slice(&encode_g2(&key.delta));
	out.extend_from_slice(&(key.ic.len() as u32).to_be_bytes());
	for p in &key.ic {
		out.extend_from_slice(&encode_g1(p));
	}
	out.extend_from_slice(&[0u8; 8]);
	out
}

/// The gnark bytes of a key known by its verifier's constants only: `β` and `δ` in G1 at
/// infinity.
#[must_use]
pub fn encode_constants_key(key: &PreparedKey) -> Vec<u8> {
	encode_groth16_key(key, &G1Affine::zero(), &G1Affine::zero())
}
