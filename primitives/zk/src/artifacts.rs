//! Registered keys, statements and proofs from the files zkVM toolchains write (std only): what a
//! requester's client needs to register an SP1 program, a RISC Zero image or a gnark circuit, and
//! what the tests read from the real proofs in `../shared/fixtures/zkvm/`.
//!
//! A directory holds one program's artifacts, named as SP1, RISC Zero and Pico ship or print them
//! (`../shared/fixtures/zkvm/PROVENANCE.md`):
//!
//! | wrapper | key from | statement | proof |
//! |---|---|---|---|
//! | `Sp1V6` | `program_vkey.bin`, `verifier_params.json` (`vk_root`), `groth16_vk.bin` | `public_values.bin` | `groth16_proof.bin` |
//! | `Sp1V4` | `program_vkey.bin`, `groth16_vk.bin` | `public_values.bin` | `groth16_proof.bin` |
//! | `Risc0V3` | `image_id.bin`, `verifier_params.json` (`control_root`, `bn254_control_id_solidity_order`), `groth16_vk.json` | `journal.bin` | `seal.bin` |
//! | `Pico` | `riscv_vkey.bin`, `groth16_vk.json` | `public_values.bin` | `proof.bin` |
//! | `Gnark` | `groth16_vk.json` | `verifier_params.json` (`fixture_public_inputs`) | `proof.bin` |
//!
//! `groth16_vk.json` is a verifying key as the Solidity verifiers' constants (snarkjs-style:
//! `alpha_g1`, `beta_g2`, `gamma_g2`, `delta_g2`, `ic`, decimal coordinates); it becomes gnark's
//! binary key with `β` and `δ` in G1 at infinity.

use crate::{encoding::PreparedKey, gnark, zkvm::Wrapper};
use alloc::{
	format,
	string::{String, ToString},
	vec::Vec,
};
use ark_bn254::{Fq, Fq2, G1Affine, G2Affine};
use serde_json::Value;
use std::{
	path::{Path, PathBuf},
	str::FromStr,
};

/// A key to register, a statement and a proof of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Artifacts {
	/// How the proof is framed.
	pub wrapper: Wrapper,
	/// The registered key's bytes.
	pub key: Vec<u8>,
	/// The statement a job fixes.
	pub statement: Vec<u8>,
	/// The proof, as the toolchain wrote it.
	pub proof: Vec<u8>,
}

fn read(dir: &Path, file: &str) -> Result<Vec<u8>, String> {
	let path = dir.join(file);
	std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))
}

fn json(dir: &Path, file: &str) -> Result<Value, String> {
	serde_json::from_slice(&read(dir, file)?).map_err(|e| format!("{file}: {e}"))
}

/// A `0x`-prefixed (or bare) 32-byte hex string.
///
/// # Errors
/// If `v` is not one.
pub fn hex32(v: &Value) -> Result<[u8; 32], String> {
	let s = v.as_str().ok_or("expected a hex string")?;
	let bytes = hex::decode(s.trim_start_matches("0x")).map_err(|e| e.to_string())?;
	bytes.try_into().map_err(|_| "expected 32 bytes".to_string())
}

fn fq(v: &Value) -> Result<Fq, String> {
	let s = v.as_str().ok_or("expected a decimal string")?;
	Fq::from_str(s).map_err(|()| format!("{s} is not a base-field element"))
}

fn g1(v: &Value) -> Result<G1Affine, String> {
	let p = G1Affine::new_unchecked(fq(&v[0])?, fq(&v[1])?);
	if p.is_on_curve() && p.is_in_correct_subgroup_assuming_on_curve() {
		Ok(p)
	} else {
		Err("a G1 point not on the curve".into())
	}
}

fn g2(v: &Value) -> Result<G2Affine, String> {
	let f2 = |c: &Value| Ok::<_, String>(Fq2::new(fq(&c[0])?, fq(&c[1])?));
	let p = G2Affine::new_unchecked(f2(&v[0])?, f2(&v[1])?);
	if p.is_on_curve() && p.is_in_correct_subgroup_assuming_on_curve() {
		Ok(p)
	} else {
		Err("a G2 point not in its subgroup".into())
	}
}

/// A verifying key given as a Solidity verifier's constants (`groth16_vk.json`), decoded.
///
/// # Errors
/// A missing field or a point off the curve.
pub fn key_from_json(v: &Value) -> Result<PreparedKey, String> {
	let ic = v["ic"].as_array().ok_or("no `ic`")?;
	Ok(PreparedKey {
		alpha: g1(&v["alpha_g1"])?,
		beta: g2(&v["beta_g2"])?,
		gamma: g2(&v["gamma_g2"])?,
		delta: g2(&v["delta_g2"])?,
		ic: ic.iter().map(g1).collect::<Result<_, _>>()?,
	})
}

/// Reads one program's artifacts from `dir` (layout in the module's documentation).
///
/// # Errors
/// A missing or malformed file.
pub fn read_dir(wrapper: Wrapper, dir: &Path) -> Result<Artifacts, String> {
	let snark_key = || {
		Ok::<_, String>(gnark::encode_constants_key(&key_from_json(&json(
			dir,
			"groth16_vk.json",
		)?)?))
	};
	let (key, statement, proof) = match wrapper {
		Wrapper::Sp1V6 | Wrapper::Sp1V4 => {
			let mut key = read(dir, "program_vkey.bin")?;
			if wrapper == Wrapper::Sp1V6 {
				key.extend(hex32(&json(dir, "verifier_params.json")?["vk_root"])?);
			}
			key.extend(read(dir, "groth16_vk.bin")?);
			(key, read(dir, "public_values.bin")?, read(dir, "groth16_proof.bin")?)
		},
		Wrapper::Risc0V3 => {
			let params = json(dir, "verifier_params.json")?;
			let mut key = read(dir, "image_id.bin")?;
			key.extend(hex32(&params["control_root"])?);
			key.extend(hex32(&params["bn254_control_id_solidity_order"])?);
			key.extend(snark_key()?);
			(key, read(dir, "journal.bin")?, read(dir, "seal.bin")?)
		},
		Wrapper::Pico => {
			let mut key = read(dir, "riscv_vkey.bin")?;
			key.extend(snark_key()?);
			(key, read(dir, "public_values.bin")?, read(dir, "proof.bin")?)
		},
		Wrapper::Gnark => {
			let params = json(dir, "verifier_params.json")?;
			let inputs = params["fixture_public_inputs"].as_array().ok_or("no inputs")?;
			let statement = inputs.iter().map(hex32).collect::<Result<Vec<_>, _>>()?.concat();
			(snark_key()?, statement, read(dir, "proof.bin")?)
		},
	};
	Ok(Artifacts { wrapper, key, statement, proof })
}

/// `../shared/fixtures/zkvm`, the real proofs the tests use: `PROVERNET_FIXTURES/zkvm` if that is
/// set, else the first `shared/fixtures/zkvm` above `from`, else `/work/shared/fixtures/zkvm`.
#[must_use]
pub fn fixtures_dir(from: &Path) -> Option<PathBuf> {
	if let Ok(dir) = std::env::var("PROVERNET_FIXTURES") {
		return Some(PathBuf::from(dir).join("zkvm"));
	}
	from.ancestors()
		.map(|a| a.join("shared/fixtures/zkvm"))
		.chain([PathBuf::from("/work/shared/fixtures/zkvm")])
		.find(|p| p.join("VERIFY.md").exists())
}

/// The real proofs in the fixtures, one per wrapper, named: SP1 v6 and v4, RISC Zero 3.0, Brevis
/// Pico's EVM phase, and Pico's circuit as plain gnark Groth16.
///
/// # Errors
/// A missing or malformed file.
pub fn fixtures(dir: &Path) -> Result<Vec<(&'static str, Artifacts)>, String> {
	Ok(alloc::vec![
		("SP1 v6 Groth16", read_dir(Wrapper::Sp1V6, &dir.join("sp1-v6.0.0"))?),
		("SP1 v4 Groth16", read_dir(Wrapper::Sp1V4, &dir.join("sp1-v4.0.0"))?),
		("RISC Zero 3.0 Groth16", read_dir(Wrapper::Risc0V3, &dir.join("risc0-v3.0"))?),
		("Brevis Pico (EVM phase)", read_dir(Wrapper::Pico, &dir.join("pico-evm-groth16"))?),
		(
			"gnark Groth16 (Pico's circuit)",
			read_dir(Wrapper::Gnark, &dir.join("pico-evm-groth16"))?
		),
	])
}
