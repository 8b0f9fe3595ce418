//! Real proofs from the demo circuits, verified by the pure verifier and the host function, and
//! every way to tamper with a key, a proof or its inputs refused with its specific error.

use ark_bn254::{Bn254, Fq, Fq2, Fr, G1Affine, G2Affine};
use ark_ec::AffineRepr;
use ark_ff::{Field, PrimeField, UniformRand};
use ark_groth16::Groth16;
use ark_serialize::CanonicalSerialize;
use provernet_circuits::{encode_vk, known_key, prove, secret, setup, Chain, ShapeError, KNOWN};
use provernet_zk::{
	encoding::{decode_inputs, PreparedKey, Proof},
	groth16::{validate_key, verify},
	host::groth_16_bn_254,
	Groth16Error as E,
};
use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};

const SMALL: Chain = Chain { rounds: 16, inputs: 1 };
const TWO: Chain = Chain { rounds: 24, inputs: 2 };

struct Case {
	vk: Vec<u8>,
	inputs: Vec<u8>,
	proof: Vec<u8>,
}

fn case(shape: Chain, seed: u64) -> Case {
	let (pk, vk) = setup(shape);
	let (inputs, proof) = prove(&pk, shape, secret(seed), seed);
	Case { vk: encode_vk(&vk), inputs, proof }
}

fn check(vk: &[u8], inputs: &[u8], proof: &[u8]) -> Result<(), E> {
	let pure = verify(vk, inputs, proof);
	// The host function (a direct call natively) must agree with the reference, always.
	assert_eq!(groth_16_bn_254::verify(vk, inputs, proof), pure);
	pure
}

#[test]
fn checked_in_keys_are_the_setup_of_their_shape() {
	for (name, shape) in KNOWN {
		let (_, vk) = setup(shape);
		assert_eq!(known_key(name).unwrap(), encode_vk(&vk), "{name} is stale: run gen-keys");
		assert_eq!(validate_key(&known_key(name).unwrap()), Ok(shape.inputs));
	}
	assert_eq!(known_key("chain-1x1"), None);
}

#[test]
fn real_proofs_verify_and_agree_with_arkworks() {
	for shape in [SMALL, TWO, Chain { rounds: 40, inputs: 5 }] {
		let (pk, vk) = setup(shape);
		for seed in 0..3 {
			let (inputs, proof) = prove(&pk, shape, secret(seed), seed);
			assert_eq!(check(&encode_vk(&vk), &inputs, &proof), Ok(()));
			// arkworks' own verifier agrees.
			let pvk = ark_groth16::prepare_verifying_key(&vk);
			let p = Proof::decode(&proof).unwrap();
			let ark = ark_groth16::Proof::<Bn254> { a: p.a, b: p.b, c: p.c };
			let xs = decode_inputs(&inputs, shape.inputs).unwrap();
			assert!(Groth16::<Bn254>::verify_proof(&pvk, &ark, &xs).unwrap());
		}
	}
}

#[test]
fn proof_for_other_inputs_is_rejected() {
	let (pk, vk) = setup(TWO);
	let (_, proof) = prove(&pk, TWO, secret(1), 1);
	let other = TWO.public_inputs(secret(2));
	assert_eq!(check(&encode_vk(&vk), &other, &proof), Err(E::ProofRejected));
	// One input changed by one.
	let mut xs = TWO.evaluate(secret(1));
	xs[0] += Fr::from(1u64);
	let bumped = provernet_zk::encoding::encode_inputs(&xs);
	assert_eq!(check(&encode_vk(&vk), &bumped, &proof), Err(E::ProofRejected));
}

#[test]
fn proof_for_another_key_is_rejected() {
	let a = case(SMALL, 1);
	let b = case(Chain { rounds: 17, inputs: 1 }, 1);
	assert_eq!(check(&a.vk, &b.inputs, &b.proof), Err(E::ProofRejected));
	assert_eq!(check(&a.vk, &a.inputs, &b.proof), Err(E::ProofRejected));
	// A key with a different input count: the count is checked before any pairing.
	let two = case(TWO, 1);
	assert_eq!(check(&two.vk, &a.inputs, &a.proof), Err(E::WrongInputCount));
}

#[test]
fn every_flipped_byte_is_refused() {
	let c = case(TWO, 7);
	for i in 0..c.proof.len() {
		for bit in [0u8, 6, 7] {
			let mut p = c.proof.clone();
			p[i] ^= 1 << bit;
			let r = check(&c.vk, &c.inputs, &p);
			assert!(
				matches!(
					r,
					Err(E::ProofEncoding
						| E::ProofPointNotOnCurve
						| E::ProofPointNotInSubgroup
						| E::ProofRejected)
				),
				"proof byte {i} bit {bit}: {r:?}"
			);
		}
	}
	for i in 0..c.inputs.len() {
		let mut x = c.inputs.clone();
		x[i] ^= 1;
		assert_eq!(check(&c.vk, &x, &c.proof), Err(E::ProofRejected), "input byte {i}");
		let mut x = c.inputs.clone();
		x[i] ^= 0x80;
		assert!(
			matches!(check(&c.vk, &x, &c.proof), Err(E::ProofRejected | E::InputNotInField)),
			"input byte {i} top bit"
		);
	}
	for i in 0..c.vk.len() {
		let mut k = c.vk.clone();
		k[i] ^= 1;
		let r = check(&k, &c.inputs, &c.proof);
		assert!(r.is_err(), "key byte {i}");
		// Registration refuses a tampered key or, if it is still a valid key, it is another key
		// and the proof fails for it.
		if validate_key(&k).is_ok() {
			assert_eq!(r, Err(E::ProofRejected), "key byte {i}");
		}
	}
}

#[test]
fn truncated_and_oversized_parts_get_specific_errors() {
	let c = case(TWO, 3);
	let n = c.inputs.len();
	assert_eq!(check(&c.vk, &c.inputs[..n - 1], &c.proof), Err(E::InputsLength));
	assert_eq!(check(&c.vk, &c.inputs[..n - 32], &c.proof), Err(E::WrongInputCount));
	assert_eq!(check(&c.vk, &[], &c.proof), Err(E::WrongInputCount));
	let mut long = c.inputs.clone();
	long.extend_from_slice(&[0u8; 32]);
	assert_eq!(check(&c.vk, &long, &c.proof), Err(E::WrongInputCount));
	assert_eq!(check(&c.vk, &c.inputs, &c.proof[..127]), Err(E::ProofLength));
	let mut long = c.proof.clone();
	long.push(0);
	assert_eq!(check(&c.vk, &c.inputs, &long), Err(E::ProofLength));
	assert_eq!(check(&c.vk[..c.vk.len() - 1], &c.inputs, &c.proof), Err(E::KeyLength));
	assert_eq!(check(&c.vk[..100], &c.inputs, &c.proof), Err(E::KeyLength));
	let mut long = c.vk.clone();
	long.push(0);
	assert_eq!(check(&long, &c.inputs, &c.proof), Err(E::KeyLength));
	assert_eq!(validate_key(&long), Err(E::KeyLength));
}

/// The modulus of `Fq` as 32 little-endian bytes: the smallest non-canonical coordinate.
fn fq_modulus() -> [u8; 32] {
	let mut out = [0u8; 32];
	for (i, limb) in Fq::MODULUS.0.iter().enumerate() {
		out[i * 8..(i + 1) * 8].copy_from_slice(&limb.to_le_bytes());
	}
	out
}

fn g1_off_curve_x() -> [u8; 32] {
	// x = 1, 2, …: the first x with x³ + 3 a non-residue has no point.
	(1u64..)
		.map(Fq::from)
		.find(|x| (x.square() * x + Fq::from(3u64)).sqrt().is_none())
		.map(|x| {
			let mut out = [0u8; 32];
			x.serialize_compressed(&mut out[..]).unwrap();
			out
		})
		.unwrap()
}

fn g2_outside_subgroup() -> [u8; 64] {
	let mut rng = ChaCha20Rng::seed_from_u64(9);
	loop {
		let x = Fq2::rand(&mut rng);
		if let Some(p) = G2Affine::get_point_from_x_unchecked(x, false) {
			if !p.is_in_correct_subgroup_assuming_on_curve() {
				let mut out = [0u8; 64];
				p.serialize_compressed(&mut out[..]).unwrap();
				return out;
			}
		}
	}
}

#[test]
fn off_curve_non_canonical_and_small_subgroup_points_get_specific_errors() {
	let c = case(SMALL, 5);
	// Proof: A off the curve, A non-canonical, A "infinity" with stray bits, both flags set.
	let mut p = c.proof.clone();
	p[..32].copy_from_slice(&g1_off_curve_x());
	assert_eq!(check(&c.vk, &c.inputs, &p), Err(E::ProofPointNotOnCurve));
	p[..32].copy_from_slice(&fq_modulus());
	assert_eq!(check(&c.vk, &c.inputs, &p), Err(E::ProofEncoding));
	let mut p = c.proof.clone();
	p[31] |= 0xC0;
	assert_eq!(check(&c.vk, &c.inputs, &p), Err(E::ProofEncoding));
	p[31] = (p[31] & 0x3F) | 0x40;
	assert_eq!(check(&c.vk, &c.inputs, &p), Err(E::ProofEncoding));
	// B on the twist but outside the r-torsion.
	let mut p = c.proof.clone();
	p[32..96].copy_from_slice(&g2_outside_subgroup());
	assert_eq!(check(&c.vk, &c.inputs, &p), Err(E::ProofPointNotInSubgroup));
	// The point at infinity is a valid encoding (and a wrong proof).
	let mut p = c.proof.clone();
	p[96..].copy_from_slice(&provernet_zk::encoding::encode_g1(&G1Affine::zero()));
	assert_eq!(check(&c.vk, &c.inputs, &p), Err(E::ProofRejected));
	// Key: β outside the subgroup is refused at registration; α off the curve, non-canonical.
	let mut k = c.vk.clone();
	k[32..96].copy_from_slice(&g2_outside_subgroup());
	assert_eq!(validate_key(&k), Err(E::KeyPointNotInSubgroup));
	let mut k = c.vk.clone();
	k[..32].copy_from_slice(&g1_off_curve_x());
	assert_eq!(validate_key(&k), Err(E::KeyPointNotOnCurve));
	assert_eq!(check(&k, &c.inputs, &c.proof), Err(E::KeyPointNotOnCurve));
	k[..32].copy_from_slice(&fq_modulus());
	assert_eq!(validate_key(&k), Err(E::KeyEncoding));
	// Inputs: the scalar modulus itself is not a field element.
	let mut r = [0u8; 32];
	for (i, limb) in Fr::MODULUS.0.iter().enumerate() {
		r[i * 8..(i + 1) * 8].copy_from_slice(&limb.to_le_bytes());
	}
	assert_eq!(check(&c.vk, &r, &c.proof), Err(E::InputNotInField));
}

#[test]
fn key_input_count_is_bounded() {
	let c = case(SMALL, 1);
	let mut k = c.vk.clone();
	// Declare 33 inputs (count 34) and pad to the length that would match.
	k[224..232].copy_from_slice(&34u64.to_le_bytes());
	k.resize(provernet_zk::vk_len(33), 0);
	assert_eq!(validate_key(&k), Err(E::TooManyInputs));
	k[224..232].copy_from_slice(&0u64.to_le_bytes());
	assert_eq!(validate_key(&k), Err(E::KeyLength));
}

#[test]
fn encoding_round_trips_and_matches_arkworks() {
	let (pk, vk) = setup(TWO);
	let bytes = encode_vk(&vk);
	assert_eq!(bytes.len(), provernet_zk::vk_len(2));
	assert_eq!(PreparedKey::decode(&bytes, true).unwrap().encode(), bytes);
	let (_, proof) = prove(&pk, TWO, secret(4), 4);
	assert_eq!(Proof::decode(&proof).unwrap().encode().to_vec(), proof);
	let mut ark = Vec::new();
	let p = Proof::decode(&proof).unwrap();
	ark_groth16::Proof::<Bn254> { a: p.a, b: p.b, c: p.c }
		.serialize_compressed(&mut ark)
		.unwrap();
	assert_eq!(ark, proof);
}

#[test]
fn shapes_are_checked_and_checkpoints_are_where_documented() {
	assert_eq!(Chain { rounds: 0, inputs: 1 }.check(), Err(ShapeError::NoRounds));
	assert_eq!(Chain { rounds: 4, inputs: 0 }.check(), Err(ShapeError::BadInputs));
	assert_eq!(Chain { rounds: 4, inputs: 5 }.check(), Err(ShapeError::BadInputs));
	assert_eq!(Chain { rounds: 64, inputs: 33 }.check(), Err(ShapeError::BadInputs));
	// y_k is the final state, y_j the state after ⌊j·n/k⌋ rounds.
	let shape = Chain { rounds: 10, inputs: 3 };
	let ys = shape.evaluate(secret(0));
	assert_eq!(ys.len(), 3);
	let full = |n| Chain { rounds: n, inputs: 1 }.evaluate(secret(0))[0];
	assert_eq!(ys, vec![full(3), full(6), full(10)]);
	// Different secrets, different outputs.
	assert_ne!(SMALL.evaluate(secret(0)), SMALL.evaluate(secret(1)));
}

#[test]
fn checked_in_fixtures_verify() {
	// The verifier pallet's benchmark fixtures: keys with 1..=32 inputs and their proofs.
	let bin = include_bytes!("../../../pallets/proof-verifier/src/fixtures.bin");
	let all: Vec<(Vec<u8>, Vec<u8>, Vec<u8>)> = codec::Decode::decode(&mut &bin[..]).unwrap();
	assert_eq!(all.len(), provernet_zk::MAX_PUBLIC_INPUTS as usize);
	for (n, (vk, inputs, proof)) in all.iter().enumerate() {
		assert_eq!(validate_key(vk), Ok(n as u32 + 1));
		assert_eq!(check(vk, inputs, proof), Ok(()), "fixture with {} inputs", n + 1);
	}
	// The end-to-end tests' proof.
	let json = include_str!("../../../tests/e2e/fixtures/chain-16x1.json");
	let field = |name: &str| {
		let at = json.find(&format!("\"{name}\": \"0x")).unwrap() + name.len() + 7;
		hex::decode(&json[at..at + json[at..].find('"').unwrap()]).unwrap()
	};
	assert_eq!(field("key"), known_key("chain-16x1").unwrap());
	assert_eq!(check(&field("key"), &field("inputs"), &field("proof")), Ok(()));
	assert_eq!(check(&field("key"), &field("otherInputs"), &field("proof")), Err(E::ProofRejected));
}
