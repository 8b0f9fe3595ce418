//! Decoding and encoding of the canonical byte format (see the crate docs for the layout).

use crate::{Groth16Error, MAX_PUBLIC_INPUTS};
use alloc::vec::Vec;
use ark_bn254::{Fq, Fr, G1Affine, G2Affine};
use ark_ec::short_weierstrass::{Affine, SWCurveConfig};
use ark_ff::{BigInt, PrimeField};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};

/// Bytes of a compressed G1 point.
pub const G1_LEN: usize = 32;
/// Bytes of a compressed G2 point.
pub const G2_LEN: usize = 64;
/// Bytes of a field element.
pub const SCALAR_LEN: usize = 32;
/// Bytes of a proof: `A`, `B`, `C`.
pub const PROOF_LEN: usize = 2 * G1_LEN + G2_LEN;

const FLAG_LARGEST_Y: u8 = 1 << 7;
const FLAG_INFINITY: u8 = 1 << 6;
const FLAGS: u8 = FLAG_LARGEST_Y | FLAG_INFINITY;

/// What can be wrong with an encoded point.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PointError {
	/// A coordinate at or above the modulus, invalid flags, or a non-zero infinity.
	Encoding,
	/// No point of the curve has this `x`.
	NotOnCurve,
	/// The point is outside the prime-order subgroup.
	NotInSubgroup,
}

impl PointError {
	/// The error of a proof point.
	#[must_use]
	pub fn in_proof(self) -> Groth16Error {
		match self {
			Self::Encoding => Groth16Error::ProofEncoding,
			Self::NotOnCurve => Groth16Error::ProofPointNotOnCurve,
			Self::NotInSubgroup => Groth16Error::ProofPointNotInSubgroup,
		}
	}

	/// The error of a key point.
	#[must_use]
	pub fn in_key(self) -> Groth16Error {
		match self {
			Self::Encoding => Groth16Error::KeyEncoding,
			Self::NotOnCurve => Groth16Error::KeyPointNotOnCurve,
			Self::NotInSubgroup => Groth16Error::KeyPointNotInSubgroup,
		}
	}
}

/// A little-endian 32-byte integer as a canonical base-field element, or `None`.
fn canonical_fq(bytes: &[u8]) -> Option<Fq> {
	Fq::from_bigint(bigint(bytes))
}

fn bigint(bytes: &[u8]) -> BigInt<4> {
	let mut limbs = [0u64; 4];
	for (limb, chunk) in limbs.iter_mut().zip(bytes.chunks_exact(8)) {
		*limb = u64::from_le_bytes(chunk.try_into().expect("chunks_exact(8) yields 8 bytes"));
	}
	BigInt::new(limbs)
}

/// Checks the flags and the canonical form of the coordinate bytes of one point, with the flags
/// in the top bits of the last byte. `fields` is 1 for G1, 2 for G2.
fn check_point_bytes(bytes: &[u8], fields: usize) -> Result<(), PointError> {
	let flags = bytes[bytes.len() - 1] & FLAGS;
	if flags == FLAGS {
		return Err(PointError::Encoding);
	}
	let mut cleared = [0u8; G2_LEN];
	cleared[..bytes.len()].copy_from_slice(bytes);
	cleared[bytes.len() - 1] &= !FLAGS;
	if flags == FLAG_INFINITY {
		return if cleared.iter().all(|b| *b == 0) { Ok(()) } else { Err(PointError::Encoding) };
	}
	for i in 0..fields {
		if canonical_fq(&cleared[i * 32..(i + 1) * 32]).is_none() {
			return Err(PointError::Encoding);
		}
	}
	Ok(())
}

fn finish<P: SWCurveConfig>(point: Affine<P>, subgroup: bool) -> Result<Affine<P>, PointError> {
	if subgroup && !point.is_in_correct_subgroup_assuming_on_curve() {
		return Err(PointError::NotInSubgroup);
	}
	Ok(point)
}

/// Decodes a compressed G1 point; checks the subgroup if `subgroup` (BN254's G1 has cofactor 1,
/// so every curve point is in it).
///
/// # Errors
/// [`PointError`] for each way the bytes can be wrong.
pub fn decode_g1(bytes: &[u8; G1_LEN], subgroup: bool) -> Result<G1Affine, PointError> {
	check_point_bytes(bytes, 1)?;
	let point = G1Affine::deserialize_with_mode(&bytes[..], Compress::Yes, Validate::No)
		.map_err(|_| PointError::NotOnCurve)?;
	finish(point, subgroup)
}

/// Decodes a compressed G2 point; checks the subgroup if `subgroup`.
///
/// # Errors
/// [`PointError`] for each way the bytes can be wrong.
pub fn decode_g2(bytes: &[u8; G2_LEN], subgroup: bool) -> Result<G2Affine, PointError> {
	check_point_bytes(bytes, 2)?;
	let point = G2Affine::deserialize_with_mode(&bytes[..], Compress::Yes, Validate::No)
		.map_err(|_| PointError::NotOnCurve)?;
	finish(point, subgroup)
}

/// Encodes a G1 point.
#[must_use]
pub fn encode_g1(point: &G1Affine) -> [u8; G1_LEN] {
	let mut out = [0u8; G1_LEN];
	point.serialize_compressed(&mut out[..]).expect("a G1 point is 32 bytes");
	out
}

/// Encodes a G2 point.
#[must_use]
pub fn encode_g2(point: &G2Affine) -> [u8; G2_LEN] {
	let mut out = [0u8; G2_LEN];
	point.serialize_compressed(&mut out[..]).expect("a G2 point is 64 bytes");
	out
}

/// Encodes a scalar.
#[must_use]
pub fn encode_scalar(x: &Fr) -> [u8; SCALAR_LEN] {
	let mut out = [0u8; SCALAR_LEN];
	x.serialize_compressed(&mut out[..]).expect("a scalar is 32 bytes");
	out
}

/// Encodes public inputs.
#[must_use]
pub fn encode_inputs(inputs: &[Fr]) -> Vec<u8> {
	inputs.iter().flat_map(encode_scalar).collect()
}

/// A decoded Groth16 proof.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proof {
	/// `A ∈ G1`.
	pub a: G1Affine,
	/// `B ∈ G2`.
	pub b: G2Affine,
	/// `C ∈ G1`.
	pub c: G1Affine,
}

impl Proof {
	/// Decodes and validates a proof (every point on the curve and in its subgroup).
	///
	/// # Errors
	/// `ProofLength`, `ProofEncoding`, `ProofPointNotOnCurve`, `ProofPointNotInSubgroup`.
	pub fn decode(bytes: &[u8]) -> Result<Self, Groth16Error> {
		let bytes: &[u8; PROOF_LEN] = bytes.try_into().map_err(|_| Groth16Error::ProofLength)?;
		let map = PointError::in_proof;
		let a = decode_g1(bytes[..32].try_into().expect("32 bytes"), true).map_err(map)?;
		let b = decode_g2(bytes[32..96].try_into().expect("64 bytes"), true).map_err(map)?;
		let c = decode_g1(bytes[96..].try_into().expect("32 bytes"), true).map_err(map)?;
		Ok(Self { a, b, c })
	}

	/// The canonical bytes.
	#[must_use]
	pub fn encode(&self) -> [u8; PROOF_LEN] {
		let mut out = [0u8; PROOF_LEN];
		out[..32].copy_from_slice(&encode_g1(&self.a));
		out[32..96].copy_from_slice(&encode_g2(&self.b));
		out[96..].copy_from_slice(&encode_g1(&self.c));
		out
	}
}

/// A decoded verifying key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreparedKey {
	/// `α ∈ G1`.
	pub alpha: G1Affine,
	/// `β ∈ G2`.
	pub beta: G2Affine,
	/// `γ ∈ G2`.
	pub gamma: G2Affine,
	/// `δ ∈ G2`.
	pub delta: G2Affine,
	/// `IC₀ … ICₙ ∈ G1`, one more than the public inputs.
	pub ic: Vec<G1Affine>,
}

impl PreparedKey {
	/// The number of public inputs the key declares, read from its header without decoding any
	/// point.
	///
	/// # Errors
	/// `KeyLength` if the bytes are too short or disagree with the count, `TooManyInputs`.
	pub fn declared_inputs(bytes: &[u8]) -> Result<u32, Groth16Error> {
		const HEADER: usize = G1_LEN + 3 * G2_LEN;
		let count = bytes.get(HEADER..HEADER + 8).ok_or(Groth16Error::KeyLength)?;
		let count = u64::from_le_bytes(count.try_into().expect("8 bytes"));
		let inputs = count.checked_sub(1).ok_or(Groth16Error::KeyLength)?;
		if inputs > u64::from(MAX_PUBLIC_INPUTS) {
			return Err(Groth16Error::TooManyInputs);
		}
		let inputs = u32::try_from(inputs).expect("at most MAX_PUBLIC_INPUTS");
		if bytes.len() != crate::vk_len(inputs) {
			return Err(Groth16Error::KeyLength);
		}
		Ok(inputs)
	}

	/// Decodes a key. With `validate`, every point is checked to be in its prime-order subgroup
	/// (done once, when a key is registered); without it, points are still decompressed, which
	/// proves them on the curve.
	///
	/// # Errors
	/// `KeyLength`, `TooManyInputs`, `KeyEncoding`, `KeyPointNotOnCurve`, `KeyPointNotInSubgroup`.
	pub fn decode(bytes: &[u8], validate: bool) -> Result<Self, Groth16Error> {
		let inputs = Self::declared_inputs(bytes)? as usize;
		let map = PointError::in_key;
		let g1 = |at: usize| decode_g1(bytes[at..at + 32].try_into().expect("32"), validate);
		let g2 = |at: usize| decode_g2(bytes[at..at + 64].try_into().expect("64"), validate);
		let alpha = g1(0).map_err(map)?;
		let beta = g2(32).map_err(map)?;
		let gamma = g2(96).map_err(map)?;
		let delta = g2(160).map_err(map)?;
		let ic = (0..=inputs).map(|i| g1(232 + 32 * i).map_err(map)).collect::<Result<_, _>>()?;
		Ok(Self { alpha, beta, gamma, delta, ic })
	}

	/// The number of public inputs.
	#[must_use]
	pub fn inputs(&self) -> u32 {
		u32::try_from(self.ic.len() - 1).expect("bounded by MAX_PUBLIC_INPUTS")
	}

	/// The canonical bytes.
	#[must_use]
	pub fn encode(&self) -> Vec<u8> {
		let mut out = Vec::with_capacity(crate::vk_len(self.inputs()));
		out.extend_from_slice(&encode_g1(&self.alpha));
		for p in [&self.beta, &self.gamma, &self.delta] {
			out.extend_from_slice(&encode_g2(p));
		}
		out.extend_from_slice(&(self.ic.len() as u64).to_le_bytes());
		for p in &self.ic {
			out.extend_from_slice(&encode_g1(p));
		}
		out
	}
}

/// Decodes `expected` public inputs.
///
/// # Errors
/// `InputsLength`, `WrongInputCount`, `InputNotInField`.
pub fn decode_inputs(bytes: &[u8], expected: u32) -> Result<Vec<Fr>, Groth16Error> {
	if !bytes.len().is_multiple_of(SCALAR_LEN) {
		return Err(Groth16Error::InputsLength);
	}
	if bytes.len() / SCALAR_LEN != expected as usize {
		return Err(Groth16Error::WrongInputCount);
	}
	bytes
		.chunks_exact(SCALAR_LEN)
		.map(|c| Fr::from_bigint(bigint(c)).ok_or(Groth16Error::InputNotInField))
		.collect()
}
