//! The pure Groth16 verifier: the reference the host function must agree with.
//!
//! Checks `e(A, B) = e(α, β) · e(L, γ) · e(C, δ)` with `L = IC₀ + Σ xᵢ·ICᵢ`, as one product of
//! four Miller loops and one final exponentiation:
//! `e(A, B) · e(−α, β) · e(−L, γ) · e(−C, δ) = 1`.
//!
//! Cost: `n` G1 scalar multiplications for `L` (linear in the public inputs), four Miller loops,
//! one final exponentiation, plus decompressing `4 + n` G1 and 4 G2 points.

use crate::{
	encoding::{decode_inputs, PreparedKey, Proof},
	Groth16Error,
};
use ark_bn254::{Bn254, Fr, G1Projective};
use ark_ec::{pairing::Pairing, AffineRepr, CurveGroup};
use ark_ff::{PrimeField, Zero};
use core::ops::Neg;

/// Verifies a decoded proof against a decoded key and inputs.
///
/// # Errors
/// `WrongInputCount` if `inputs` does not match the key, `ProofRejected` if the check fails.
pub fn verify_prepared(
	key: &PreparedKey,
	inputs: &[Fr],
	proof: &Proof,
) -> Result<(), Groth16Error> {
	if inputs.len() + 1 != key.ic.len() {
		return Err(Groth16Error::WrongInputCount);
	}
	let mut l: G1Projective = key.ic[0].into_group();
	for (x, ic) in inputs.iter().zip(&key.ic[1..]) {
		l += ic.mul_bigint(x.into_bigint());
	}
	let l = l.into_affine();
	let product = Bn254::multi_pairing(
		[
			proof.a,
			key.alpha.into_group().neg().into_affine(),
			l.into_group().neg().into_affine(),
			proof.c.into_group().neg().into_affine(),
		],
		[proof.b, key.beta, key.gamma, key.delta],
	);
	if product.is_zero() {
		Ok(())
	} else {
		Err(Groth16Error::ProofRejected)
	}
}

/// Verifies encoded `proof` for encoded `inputs` against an encoded verifying key.
///
/// The key's points are decompressed but not subgroup-checked here: keys are validated once, when
/// they are registered (`PreparedKey::decode(bytes, true)`). The proof's points are fully checked.
///
/// # Errors
/// Every [`Groth16Error`] but `TooManyInputs`-free paths: a malformed key, proof or inputs get
/// their specific error, a valid-looking but wrong proof gets `ProofRejected`.
pub fn verify(vk: &[u8], inputs: &[u8], proof: &[u8]) -> Result<(), Groth16Error> {
	let key = PreparedKey::decode(vk, false)?;
	let inputs = decode_inputs(inputs, key.inputs())?;
	let proof = Proof::decode(proof)?;
	verify_prepared(&key, &inputs, &proof)
}

/// Validates a key for registration: canonical, every point on the curve and in its subgroup,
/// at most `MAX_PUBLIC_INPUTS` inputs. Returns the number of public inputs.
///
/// # Errors
/// `KeyLength`, `TooManyInputs`, `KeyEncoding`, `KeyPointNotOnCurve`, `KeyPointNotInSubgroup`.
pub fn validate_key(vk: &[u8]) -> Result<u32, Groth16Error> {
	PreparedKey::decode(vk, true).map(|k| k.inputs())
}
