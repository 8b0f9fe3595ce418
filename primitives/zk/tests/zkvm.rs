//! Real proofs from SP1 (v6, v4), RISC Zero 3.0 and Brevis Pico, read from
//! `../shared/fixtures/zkvm/` (never copied here; their origin is in its `PROVENANCE.md`, the
//! rules in `VERIFY.md`): each verifies, every single-bit tamper of its proof, key and statement
//! is refused, and inputs at or above the scalar modulus are refused as the EVM verifiers do.

use ark_bn254::{Fr, G1Affine};
use ark_ec::AffineRepr;
use ark_ff::{BigInteger, PrimeField};
use provernet_zk::{
	artifacts,
	encoding::PreparedKey,
	evm, gnark,
	zkvm::{self, Wrapper},
	Groth16Error,
};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
	artifacts::fixtures_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
		.expect("the zkVM fixtures (../shared/fixtures/zkvm, or set PROVERNET_FIXTURES)")
}

fn read(path: &str) -> Vec<u8> {
	let path = fixtures().join(path);
	std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json(path: &str) -> Value {
	serde_json::from_slice(&read(path)).expect("fixture JSON")
}

fn hex32(v: &Value) -> [u8; 32] {
	artifacts::hex32(v).expect("32 hex bytes")
}

/// A key given as the verifier's constants (snarkjs-style JSON), decoded and in gnark's binary
/// format.
fn key_from_json(path: &str) -> (PreparedKey, Vec<u8>) {
	let key = artifacts::key_from_json(&json(path)).expect("a key");
	let bytes = gnark::encode_constants_key(&key);
	(key, bytes)
}

/// One real proof: how its key is registered, its statement and its proof bytes.
struct Case {
	name: &'static str,
	wrapper: Wrapper,
	key: Vec<u8>,
	statement: Vec<u8>,
	proof: Vec<u8>,
}

fn cases() -> Vec<Case> {
	artifacts::fixtures(&fixtures())
		.expect("the fixtures read")
		.into_iter()
		.map(|(name, a)| Case {
			name,
			wrapper: a.wrapper,
			key: a.key,
			statement: a.statement,
			proof: a.proof,
		})
		.collect()
}

fn case(i: usize) -> Case {
	cases().into_iter().nth(i).expect("five cases")
}

/// What registration then submission of `proof` for `statement` under `key` gives.
fn register_and_verify(
	wrapper: Wrapper,
	key: &[u8],
	statement: &[u8],
	proof: &[u8],
) -> Result<(), Groth16Error> {
	zkvm::validate_key(wrapper, key)?;
	zkvm::verify(wrapper, key, statement, proof)
}

#[test]
fn every_real_proof_verifies() {
	for c in cases() {
		assert_eq!(
			register_and_verify(c.wrapper, &c.key, &c.statement, &c.proof),
			Ok(()),
			"{}",
			c.name
		);
	}
}

/// The inputs derived on-chain are the ones the projects' own tools list for these proofs.
#[test]
fn derived_public_inputs_are_the_fixtures() {
	let listed = |path: &str, field: &str| -> Vec<Fr> {
		json(path)[field]
			.as_array()
			.unwrap()
			.iter()
			.map(|v| evm::fr(&hex32(v)).expect("below r"))
			.collect()
	};
	let derived = |c: &Case| {
		let key = zkvm::WrappedKey::decode(c.wrapper, &c.key, true).unwrap();
		key.inputs(&c.statement, &c.proof).unwrap().0
	};
	let [v6, v4, r0, pico, _] = &cases()[..] else { unreachable!() };
	assert_eq!(derived(v6), listed("sp1-v6.0.0/verifier_params.json", "fixture_public_inputs"));
	assert_eq!(derived(v4), listed("sp1-v4.0.0/verifier_params.json", "fixture_public_inputs"));
	assert_eq!(
		derived(pico),
		listed("pico-evm-groth16/verifier_params.json", "fixture_public_inputs")
	);
	let receipt = json("risc0-v3.0/receipt.json");
	let image_id: [u8; 32] = read("risc0-v3.0/image_id.bin").try_into().unwrap();
	assert_eq!(
		zkvm::risc0_claim(&image_id, &read("risc0-v3.0/journal.bin")),
		hex32(&receipt["derived_claim_digest"])
	);
	assert_eq!(derived(r0), listed("risc0-v3.0/receipt.json", "derived_groth16_public_inputs"));
	let (key, _) = key_from_json("risc0-v3.0/groth16_vk.json");
	let params = json("risc0-v3.0/verifier_params.json");
	assert_eq!(
		zkvm::risc0_parameters_digest(
			&hex32(&params["control_root"]),
			&hex32(&params["bn254_control_id_solidity_order"]),
			&key
		),
		hex32(&params["verifier_parameters_digest"])
	);
}

/// gnark's compressed points decode to the uncompressed key SP1 ships next to each binary key,
/// and encode back to the same bytes.
#[test]
fn gnark_keys_decode_to_their_uncompressed_points() {
	for version in ["v6.0.0", "v4.0.0"] {
		let bytes = read(&format!("sp1-{version}/groth16_vk.bin"));
		let key = gnark::decode_groth16_key(&bytes, true).unwrap();
		let (expected, _) = key_from_json(&format!("sp1-{version}/groth16_vk.uncompressed.json"));
		assert_eq!(key, expected, "{version}");
		let beta_g1 = gnark::decode_g1(bytes[32..64].try_into().unwrap()).unwrap();
		let delta_g1 = gnark::decode_g1(bytes[192..224].try_into().unwrap()).unwrap();
		assert_eq!(gnark::encode_groth16_key(&key, &beta_g1, &delta_g1), bytes, "{version}");
	}
}

/// Every copy of `bytes` with one bit flipped, with the bit's index.
fn flips(bytes: &[u8]) -> impl Iterator<Item = (usize, Vec<u8>)> + '_ {
	(0..bytes.len() * 8).map(move |bit| {
		let mut b = bytes.to_vec();
		b[bit / 8] ^= 1 << (bit % 8);
		(bit, b)
	})
}

/// Every single-bit flip of a proof, a registered key or a statement is refused: at
/// registration for a key that no longer decodes, else at verification.
fn every_single_bit_tamper_is_refused(c: Case) {
	for (bit, proof) in flips(&c.proof) {
		let r = register_and_verify(c.wrapper, &c.key, &c.statement, &proof);
		assert!(r.is_err(), "{}: proof bit {bit} accepted", c.name);
	}
	for (bit, key) in flips(&c.key) {
		let r = register_and_verify(c.wrapper, &key, &c.statement, &c.proof);
		assert!(r.is_err(), "{}: key bit {bit} accepted", c.name);
	}
	for (bit, statement) in flips(&c.statement) {
		let r = register_and_verify(c.wrapper, &c.key, &statement, &c.proof);
		assert!(r.is_err(), "{}: statement bit {bit} accepted", c.name);
	}
}

#[test]
fn every_bit_of_sp1_v6_is_bound() {
	every_single_bit_tamper_is_refused(case(0));
}

#[test]
fn every_bit_of_sp1_v4_is_bound() {
	every_single_bit_tamper_is_refused(case(1));
}

#[test]
fn every_bit_of_risc0_is_bound() {
	every_single_bit_tamper_is_refused(case(2));
}

#[test]
fn every_bit_of_pico_is_bound() {
	every_single_bit_tamper_is_refused(case(3));
}

#[test]
fn every_bit_of_plain_gnark_is_bound() {
	every_single_bit_tamper_is_refused(case(4));
}

/// The refusals are the specific ones: selector, exit code, vk root, lengths.
#[test]
fn framing_errors_are_named() {
	let [v6, v4, r0, pico, plain] = &cases()[..] else { unreachable!() };
	let verify = |c: &Case, proof: &[u8]| zkvm::verify(c.wrapper, &c.key, &c.statement, proof);
	for c in [v6, v4, r0] {
		let mut p = c.proof.clone();
		p[0] ^= 1;
		assert_eq!(verify(c, &p), Err(Groth16Error::SelectorMismatch), "{}", c.name);
	}
	let mut p = v6.proof.clone();
	p[4 + 31] = 1;
	assert_eq!(verify(v6, &p), Err(Groth16Error::NonZeroExitCode));
	let mut p = v6.proof.clone();
	p[36 + 31] ^= 1;
	assert_eq!(verify(v6, &p), Err(Groth16Error::VkRootMismatch));
	// A v4 proof under the v6 wrapper, and the other way: the length says no.
	assert_eq!(verify(v6, &v4.proof), Err(Groth16Error::ProofLength));
	assert_eq!(verify(v4, &v6.proof), Err(Groth16Error::ProofLength));
	for c in [pico, plain] {
		assert_eq!(verify(c, &c.proof[1..]), Err(Groth16Error::ProofLength), "{}", c.name);
	}
	// An SP1 v4 key is not a v6 key: the circuit takes two inputs, not five.
	assert_eq!(
		zkvm::validate_key(Wrapper::Sp1V6, &[&v6.key[..32], &v4.key[..]].concat()),
		Err(Groth16Error::WrongInputCount)
	);
	// The selector of another circuit: a v4 proof's raw bytes framed for v6's key.
	let mut p = v6.proof.clone();
	p[..4].copy_from_slice(&v4.proof[..4]);
	assert_eq!(verify(v6, &p), Err(Groth16Error::SelectorMismatch));
	// Wrong statement length for plain gnark.
	assert_eq!(
		zkvm::verify(plain.wrapper, &plain.key, &plain.statement[1..], &plain.proof),
		Err(Groth16Error::InputsLength)
	);
	assert_eq!(
		zkvm::verify(plain.wrapper, &plain.key, &plain.statement[32..], &plain.proof),
		Err(Groth16Error::WrongInputCount)
	);
}

/// `x + r` in place of `x`: the EVM verifiers refuse it and so does the chain (sp1-verifier
/// reduces it silently; `VERIFY.md` §0).
#[test]
fn inputs_at_or_above_the_scalar_modulus_are_refused() {
	let r = Fr::MODULUS;
	let plus_r = |x: &[u8]| -> [u8; 32] {
		let mut big = evm::fr(x).expect("canonical").into_bigint();
		assert!(!big.add_with_carry(&r));
		big.to_bytes_be().try_into().unwrap()
	};
	let [v6, v4, r0, pico, plain] = &cases()[..] else { unreachable!() };
	// SP1 v6's nonce is in the proof.
	let mut p = v6.proof.clone();
	let nonce = plus_r(&p[68..100]);
	p[68..100].copy_from_slice(&nonce);
	assert_eq!(
		zkvm::verify(v6.wrapper, &v6.key, &v6.statement, &p),
		Err(Groth16Error::InputNotInField)
	);
	// A plain gnark statement's inputs.
	for i in 0..2 {
		let mut s = plain.statement.clone();
		let x = plus_r(&s[32 * i..32 * (i + 1)]);
		s[32 * i..32 * (i + 1)].copy_from_slice(&x);
		assert_eq!(
			zkvm::verify(plain.wrapper, &plain.key, &s, &plain.proof),
			Err(Groth16Error::InputNotInField),
			"input {i}"
		);
	}
	// Program ids and version constants that are circuit inputs are refused at registration.
	for (c, at) in [(v6, 0), (v6, 32), (v4, 0), (pico, 0), (r0, 64)] {
		let mut key = c.key.clone();
		let x = plus_r(&key[at..at + 32]);
		key[at..at + 32].copy_from_slice(&x);
		assert_eq!(
			zkvm::validate_key(c.wrapper, &key),
			Err(Groth16Error::KeyEncoding),
			"{} id at {at}",
			c.name
		);
	}
}

/// A gnark key's `β` and `δ` in G1 are not used by verification, so registration pins them: the
/// true twin of the G2 point or the point at infinity, nothing else.
#[test]
fn unused_key_points_cannot_vary() {
	let bytes = read("sp1-v6.0.0/groth16_vk.bin");
	let key = gnark::decode_groth16_key(&bytes, true).unwrap();
	let beta_g1 = gnark::decode_g1(bytes[32..64].try_into().unwrap()).unwrap();
	// At infinity: accepted (the same verifying key).
	let stripped = gnark::encode_groth16_key(&key, &G1Affine::zero(), &G1Affine::zero());
	assert_eq!(gnark::decode_groth16_key(&stripped, true), Ok(key.clone()));
	// Another point of G1 in either place: refused.
	let other = (G1Affine::generator() * Fr::from(7u8)).into();
	for (b, d) in [(other, G1Affine::zero()), (beta_g1, other)] {
		let forged = gnark::encode_groth16_key(&key, &b, &d);
		assert_eq!(gnark::decode_groth16_key(&forged, true), Err(Groth16Error::KeyEncoding));
	}
}

/// The node's host functions and the pure reference agree, on real proofs and on refusals.
#[test]
fn host_and_pure_engines_agree() {
	use provernet_zk::{Engine, Host, Pure};
	for c in cases() {
		assert_eq!(
			Host::validate_zkvm_key(c.wrapper, &c.key),
			Pure::validate_zkvm_key(c.wrapper, &c.key)
		);
		assert!(Host::validate_zkvm_key(c.wrapper, &c.key).is_ok(), "{}", c.name);
		let mut bad = c.proof.clone();
		*bad.last_mut().unwrap() ^= 1;
		for proof in [&c.proof, &bad] {
			assert_eq!(
				Host::verify_zkvm(c.wrapper, &c.key, &c.statement, proof),
				Pure::verify_zkvm(c.wrapper, &c.key, &c.statement, proof),
				"{}",
				c.name
			);
		}
		assert_eq!(Host::verify_zkvm(c.wrapper, &c.key, &c.statement, &c.proof), Ok(()));
	}
}
