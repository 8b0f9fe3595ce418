//! The demo circuits (`provernet-circuits`) as the clients use them: which registered key is
//! which circuit, and the job data format a requester sends so a prover can prove.
//!
//! **Job data format** (the job's `input`, `InputData::Inline`): one 32-byte little-endian
//! BN254 scalar per stage, in stage order — the secret `x₀` of that stage's chain circuit. The
//! stage's public inputs are the chain's checkpoints for that `x₀`, which the requester fixes at
//! submission, so a prover can only be paid for proving the computation the requester asked for.

use anyhow::{bail, Context, Result};
use ark_bn254::Fr;
use ark_ff::{BigInteger, PrimeField};
use provernet_circuits::{Chain, KNOWN};

/// Bytes of one stage's secret in the job data.
pub const SECRET_LEN: usize = 32;

/// A known demo circuit.
#[derive(Clone, Debug)]
pub struct Circuit {
	/// Its name (`chain-256x2`).
	pub name: &'static str,
	/// Its shape.
	pub shape: Chain,
	/// The verifying key, canonical encoding.
	pub key: Vec<u8>,
	/// The key's on-chain id (`blake2_256(system ++ key)`, Groth16 = system 0).
	pub key_id: [u8; 32],
}

/// The on-chain id of a Groth16 verifying key.
pub fn groth16_key_id(key: &[u8]) -> [u8; 32] {
	let mut pre = vec![0u8];
	pre.extend_from_slice(key);
	sp_crypto_hashing::blake2_256(&pre)
}

/// Every known demo circuit.
pub fn circuits() -> Vec<Circuit> {
	KNOWN
		.iter()
		.map(|(name, shape)| {
			let key = provernet_circuits::known_key(name).expect("checked-in key");
			Circuit { name, shape: *shape, key_id: groth16_key_id(&key), key }
		})
		.collect()
}

/// The circuit by name.
pub fn by_name(name: &str) -> Result<Circuit> {
	circuits().into_iter().find(|c| c.name == name).with_context(|| {
		let names: Vec<_> = KNOWN.iter().map(|(n, _)| *n).collect();
		format!("unknown circuit `{name}`; known: {}", names.join(", "))
	})
}

/// The circuit whose key has id `key_id`, if it is a demo circuit.
pub fn by_key_id(key_id: &[u8; 32]) -> Option<Circuit> {
	circuits().into_iter().find(|c| &c.key_id == key_id)
}

/// The secret of `seed` as job data bytes.
pub fn secret_bytes(x0: Fr) -> [u8; SECRET_LEN] {
	let mut out = [0u8; SECRET_LEN];
	out.copy_from_slice(&x0.into_bigint().to_bytes_le());
	out
}

/// Stage `stage`'s secret from the job data.
pub fn secret_of_stage(data: &[u8], stage: u8) -> Result<Fr> {
	let from = usize::from(stage) * SECRET_LEN;
	let Some(bytes) = data.get(from..from + SECRET_LEN) else {
		bail!(
			"job data has {} bytes, no secret for stage {stage} (expected {SECRET_LEN} bytes per stage)",
			data.len()
		)
	};
	let x0 = Fr::from_le_bytes_mod_order(bytes);
	if secret_bytes(x0) != bytes {
		bail!("stage {stage}'s secret is not a canonical BN254 scalar");
	}
	Ok(x0)
}

/// Public inputs and job data for a demo job of `circuit` with secret `x₀ = seed + 1`.
pub fn job_inputs(circuit: &Circuit, seed: u64) -> (Vec<u8>, [u8; SECRET_LEN]) {
	let x0 = provernet_circuits::secret(seed);
	(circuit.shape.public_inputs(x0), secret_bytes(x0))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn keys_and_secrets_round_trip() {
		let all = circuits();
		assert_eq!(all.len(), KNOWN.len());
		for c in &all {
			assert_eq!(by_key_id(&c.key_id).unwrap().name, c.name);
		}
		assert!(by_name("chain-1x1").is_err());
		let c = by_name("chain-16x1").unwrap();
		let (inputs, secret) = job_inputs(&c, 7);
		let mut data = vec![0u8; SECRET_LEN];
		data.extend_from_slice(&secret);
		let x0 = secret_of_stage(&data, 1).unwrap();
		assert_eq!(c.shape.public_inputs(x0), inputs);
		assert!(secret_of_stage(&data, 2).is_err());
		assert!(secret_of_stage(&[0xff; 32], 0).is_err(), "not canonical");
	}

	#[test]
	fn a_demo_proof_of_job_inputs_verifies() {
		let c = by_name("chain-16x1").unwrap();
		let (inputs, secret) = job_inputs(&c, 3);
		let (pk, _) = provernet_circuits::setup(c.shape);
		let x0 = secret_of_stage(&secret, 0).unwrap();
		let (proved_inputs, proof) = provernet_circuits::prove(&pk, c.shape, x0, 1);
		assert_eq!(proved_inputs, inputs);
		assert_eq!(provernet_zk::groth16::verify(&c.key, &inputs, &proof), Ok(()));
		let (other, _) = job_inputs(&c, 4);
		assert!(provernet_zk::groth16::verify(&c.key, &other, &proof).is_err());
	}
}
