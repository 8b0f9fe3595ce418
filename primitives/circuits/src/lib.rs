//! Demo circuits for ProverNet: a family of Groth16 (BN254) circuits whose size is a parameter,
//! so that proving time really grows with a job's size.
//!
//! # The circuit: an x⁵ round chain
//!
//! `Chain { rounds: n, inputs: k }` proves knowledge of a secret `x₀` such that the chain
//! `xᵢ₊₁ = (xᵢ + cᵢ)⁵` (over the BN254 scalar field, round constants `cᵢ = (i + 1)³ + 0x5eed`)
//! passes through the `k` public values `y₁ … y_k`, where `y_j = x_{⌊j·n/k⌋}` (so `y_k = xₙ`).
//! Each round costs three multiplication constraints (`t²`, `t⁴`, `t⁵`), so a chain of `n` rounds
//! has `3n` constraints and proving time is linear in `n`. It is MiMC-like in shape but is a
//! demo work function, not a vetted hash.
//!
//! # Keys
//!
//! [`setup`] derives the proving and verifying keys deterministically from the parameters (a
//! ChaCha20 stream seeded by them). Anyone can therefore regenerate a key — and its toxic waste:
//! these keys are for demonstrations and tests, never for value that matters. The verifying keys
//! of [`KNOWN`] are checked in under `keys/` and a test checks they match the setup.

#![forbid(missing_docs)]

use ark_bn254::{Bn254, Fr};
use ark_ff::{Field, One};
use ark_groth16::{Groth16, ProvingKey, VerifyingKey};
use ark_relations::gr1cs::{
	ConstraintSynthesizer, ConstraintSystemRef, LinearCombination, SynthesisError, Variable,
};
use ark_serialize::CanonicalSerialize;
use ark_snark::SNARK;
use provernet_zk::encoding::{encode_inputs, Proof};
use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};

pub use provernet_zk::Groth16Error;

/// A demo circuit's proving key.
pub type DemoProvingKey = ProvingKey<Bn254>;

/// The shape of a chain circuit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Chain {
	/// Rounds `n ≥ 1`: the work, `3n` constraints.
	pub rounds: u32,
	/// Public inputs `1 ≤ k ≤ min(n, MAX_PUBLIC_INPUTS)`: the checkpoints revealed.
	pub inputs: u32,
}

/// The circuits whose verifying keys are checked in under `keys/` (name, shape).
pub const KNOWN: [(&str, Chain); 4] = [
	("chain-16x1", Chain { rounds: 16, inputs: 1 }),
	("chain-256x2", Chain { rounds: 256, inputs: 2 }),
	("chain-4096x4", Chain { rounds: 4096, inputs: 4 }),
	("chain-16384x4", Chain { rounds: 16384, inputs: 4 }),
];

/// The checked-in verifying key of a [`KNOWN`] circuit, in the canonical encoding.
#[must_use]
pub fn known_key(name: &str) -> Option<Vec<u8>> {
	let hex = match name {
		"chain-16x1" => include_str!("../keys/chain-16x1.vk.hex"),
		"chain-256x2" => include_str!("../keys/chain-256x2.vk.hex"),
		"chain-4096x4" => include_str!("../keys/chain-4096x4.vk.hex"),
		"chain-16384x4" => include_str!("../keys/chain-16384x4.vk.hex"),
		_ => return None,
	};
	Some(hex::decode(hex.trim()).expect("checked-in keys are hex"))
}

/// Why a chain's parameters are refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShapeError {
	/// `rounds` is zero.
	NoRounds,
	/// `inputs` is zero, above `rounds` or above `MAX_PUBLIC_INPUTS`.
	BadInputs,
}

impl Chain {
	/// Checks the shape.
	///
	/// # Errors
	/// [`ShapeError`].
	pub fn check(self) -> Result<Self, ShapeError> {
		if self.rounds == 0 {
			return Err(ShapeError::NoRounds);
		}
		if self.inputs == 0
			|| self.inputs > self.rounds
			|| self.inputs > provernet_zk::MAX_PUBLIC_INPUTS
		{
			return Err(ShapeError::BadInputs);
		}
		Ok(self)
	}

	/// The round after which checkpoint `j` (1-based) is taken.
	fn checkpoint(self, j: u32) -> u32 {
		u32::try_from(u64::from(j) * u64::from(self.rounds) / u64::from(self.inputs))
			.expect("≤ rounds")
	}

	/// Whether the state after round `r` (1-based) is public.
	fn is_checkpoint(self, r: u32) -> bool {
		// r is a checkpoint iff some j has ⌊j·n/k⌋ = r.
		let j = (u64::from(r) * u64::from(self.inputs)).div_ceil(u64::from(self.rounds));
		j >= 1 && self.checkpoint(u32::try_from(j).expect("≤ inputs")) == r
	}

	/// The constraint count, `3n`.
	#[must_use]
	pub fn constraints(self) -> u64 {
		3 * u64::from(self.rounds)
	}

	/// The public values `y₁ … y_k` for a secret `x₀`.
	#[must_use]
	pub fn evaluate(self, x0: Fr) -> Vec<Fr> {
		let mut x = x0;
		let mut out = Vec::with_capacity(self.inputs as usize);
		for r in 1..=self.rounds {
			x = round(x, r - 1);
			if self.is_checkpoint(r) {
				out.push(x);
			}
		}
		out
	}

	/// The canonical encoding of the public values for `x₀`.
	#[must_use]
	pub fn public_inputs(self, x0: Fr) -> Vec<u8> {
		encode_inputs(&self.evaluate(x0))
	}
}

/// Round constant `cᵢ = (i + 1)³ + 0x5eed`.
fn constant(i: u32) -> Fr {
	let i = Fr::from(u64::from(i) + 1);
	i * i * i + Fr::from(0x5eed_u64)
}

fn round(x: Fr, i: u32) -> Fr {
	let t = x + constant(i);
	let t2 = t.square();
	t2.square() * t
}

/// The circuit with its witness (`None` during setup).
#[derive(Clone, Copy)]
struct ChainCircuit {
	shape: Chain,
	x0: Option<Fr>,
}

impl ConstraintSynthesizer<Fr> for ChainCircuit {
	fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
		let mut value = self.x0;
		let mut x = cs.new_witness_variable(|| value.ok_or(SynthesisError::AssignmentMissing))?;
		for r in 1..=self.shape.rounds {
			let c = constant(r - 1);
			let t_val = value.map(|v| v + c);
			// t = x + c as a linear combination.
			let prev = x;
			let t = move || LinearCombination::from(prev) + (c, Variable::One);
			let t2_val = t_val.map(|t| t.square());
			let t2 = cs.new_witness_variable(|| t2_val.ok_or(SynthesisError::AssignmentMissing))?;
			cs.enforce_r1cs_constraint(t, t, || t2.into())?;
			let t4_val = t2_val.map(|v| v.square());
			let t4 = cs.new_witness_variable(|| t4_val.ok_or(SynthesisError::AssignmentMissing))?;
			cs.enforce_r1cs_constraint(|| t2.into(), || t2.into(), || t4.into())?;
			value = t4_val.zip(t_val).map(|(a, b)| a * b);
			let next = || value.ok_or(SynthesisError::AssignmentMissing);
			x = if self.shape.is_checkpoint(r) {
				cs.new_input_variable(next)?
			} else {
				cs.new_witness_variable(next)?
			};
			cs.enforce_r1cs_constraint(|| t4.into(), t, || x.into())?;
		}
		Ok(())
	}
}

/// The deterministic setup seed of a shape.
fn setup_seed(shape: Chain) -> [u8; 32] {
	let mut seed = [0u8; 32];
	seed[..24].copy_from_slice(b"provernet-demo-setup-v1\0");
	seed[24..28].copy_from_slice(&shape.rounds.to_le_bytes());
	seed[28..].copy_from_slice(&shape.inputs.to_le_bytes());
	seed
}

/// Proving and verifying key of a shape, derived deterministically from it (demo only: the
/// toxic waste is reproducible by anyone).
///
/// # Panics
/// If the shape is invalid (check it with [`Chain::check`]).
#[must_use]
pub fn setup(shape: Chain) -> (ProvingKey<Bn254>, VerifyingKey<Bn254>) {
	let shape = shape.check().expect("valid shape");
	let mut rng = ChaCha20Rng::from_seed(setup_seed(shape));
	Groth16::<Bn254>::circuit_specific_setup(ChainCircuit { shape, x0: None }, &mut rng)
		.expect("the chain circuit is satisfiable by construction")
}

/// The canonical encoding of a verifying key (same bytes as `provernet_zk`'s `PreparedKey`).
#[must_use]
pub fn encode_vk(vk: &VerifyingKey<Bn254>) -> Vec<u8> {
	let mut out = Vec::new();
	vk.serialize_compressed(&mut out).expect("writing to a Vec cannot fail");
	out
}

/// Proves knowledge of `x0` for `shape` with its proving key; randomness from `rng_seed`.
/// Returns the canonical public inputs and the 128-byte proof.
///
/// # Panics
/// If `pk` is not the key of `shape`.
#[must_use]
pub fn prove(pk: &ProvingKey<Bn254>, shape: Chain, x0: Fr, rng_seed: u64) -> (Vec<u8>, Vec<u8>) {
	let mut rng = ChaCha20Rng::seed_from_u64(rng_seed);
	let proof = Groth16::<Bn254>::prove(pk, ChainCircuit { shape, x0: Some(x0) }, &mut rng)
		.expect("the witness satisfies the circuit");
	let proof = Proof { a: proof.a, b: proof.b, c: proof.c };
	(shape.public_inputs(x0), proof.encode().to_vec())
}

/// A secret for demos and tests: `x₀ = seed + 1`.
#[must_use]
pub fn secret(seed: u64) -> Fr {
	Fr::from(seed) + Fr::one()
}
