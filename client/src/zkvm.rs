//! zkVM programs for requesters: a program's registered key, statement and proof from the files
//! SP1, RISC Zero, Brevis Pico and gnark write (`provernet_zk::artifacts` lists them), and the
//! proof system the chain records for them.

use crate::chain::runtime_types::provernet_zk::zkvm::Wrapper as ChainWrapper;
use anyhow::{anyhow, bail, Result};
use provernet_zk::{
	artifacts::Artifacts,
	zkvm::{WrappedKey, Wrapper},
};
use std::path::Path;

/// The names the CLI takes, with their wrappers.
pub const SYSTEMS: [(&str, Wrapper); 5] = [
	("sp1-v6", Wrapper::Sp1V6),
	("sp1-v4", Wrapper::Sp1V4),
	("risc0-v3", Wrapper::Risc0V3),
	("pico", Wrapper::Pico),
	("gnark", Wrapper::Gnark),
];

/// The wrapper named `name` (`sp1-v6`, `sp1-v4`, `risc0-v3`, `pico`, `gnark`).
///
/// # Errors
/// An unknown name.
pub fn wrapper(name: &str) -> Result<Wrapper> {
	match SYSTEMS.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
		Some((_, w)) => Ok(*w),
		None => bail!(
			"unknown zkVM `{name}` ({})",
			SYSTEMS.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
		),
	}
}

/// The CLI's name of `wrapper`.
#[must_use]
pub fn name(wrapper: Wrapper) -> &'static str {
	SYSTEMS.iter().find(|(_, w)| *w == wrapper).map_or("?", |(n, _)| n)
}

/// The chain's type of `wrapper` (the same enum, as the client's metadata names it).
#[must_use]
pub fn chain_wrapper(wrapper: Wrapper) -> ChainWrapper {
	match wrapper {
		Wrapper::Gnark => ChainWrapper::Gnark,
		Wrapper::Pico => ChainWrapper::Pico,
		Wrapper::Sp1V4 => ChainWrapper::Sp1V4,
		Wrapper::Sp1V6 => ChainWrapper::Sp1V6,
		Wrapper::Risc0V3 => ChainWrapper::Risc0V3,
	}
}

/// The id the registry gives `key` registered as `ProofSystem::Zkvm(wrapper)`:
/// `blake2_256(SCALE(system) ‖ key)`.
#[must_use]
pub fn key_id(wrapper: Wrapper, key: &[u8]) -> [u8; 32] {
	// `ProofSystem::Zkvm` is variant 2; the wrapper follows as its own variant index.
	let mut pre = vec![2u8];
	pre.extend(codec::Encode::encode(&wrapper));
	pre.extend_from_slice(key);
	sp_crypto_hashing::blake2_256(&pre)
}

/// The artifacts of the program in `dir` for the zkVM named `system`.
///
/// # Errors
/// An unknown system, or a missing or malformed file.
pub fn artifacts(system: &str, dir: &Path) -> Result<Artifacts> {
	provernet_zk::artifacts::read_dir(wrapper(system)?, dir).map_err(|e| anyhow!(e))
}

/// The client's `Wrapper` for the chain's.
#[must_use]
pub fn from_chain(wrapper: &ChainWrapper) -> Wrapper {
	match wrapper {
		ChainWrapper::Gnark => Wrapper::Gnark,
		ChainWrapper::Pico => Wrapper::Pico,
		ChainWrapper::Sp1V4 => Wrapper::Sp1V4,
		ChainWrapper::Sp1V6 => Wrapper::Sp1V6,
		ChainWrapper::Risc0V3 => Wrapper::Risc0V3,
	}
}

/// What a registered key of `wrapper` binds, for a requester to compare with the project's
/// published verifier: the program's ids, the verifier hash `sha256(gnark key)` and the selector
/// its proofs carry.
///
/// # Errors
/// If `bytes` is not a key of `wrapper`.
pub fn describe_key(wrapper: Wrapper, bytes: &[u8]) -> Result<Vec<String>> {
	let key = WrappedKey::decode(wrapper, bytes, false).map_err(|e| anyhow!("{e:?}"))?;
	let names: &[&str] = match wrapper {
		Wrapper::Gnark => &[],
		Wrapper::Pico => &["riscv vkey"],
		Wrapper::Sp1V4 => &["program vkey"],
		Wrapper::Sp1V6 => &["program vkey", "vk root"],
		Wrapper::Risc0V3 => &["image id", "control root", "bn254 control id"],
	};
	let mut lines: Vec<String> = names
		.iter()
		.zip(key.ids())
		.map(|(n, id)| format!("{n:<15}0x{}", hex::encode(id)))
		.collect();
	let circuit = &bytes[wrapper.key_prefix()..];
	lines.push(format!(
		"{:<15}0x{}",
		"verifier hash",
		hex::encode(provernet_zk::zkvm::sha256(&[circuit]))
	));
	if let Some(sel) = key.selector() {
		lines.push(format!("{:<15}0x{}", "selector", hex::encode(sel)));
	}
	Ok(lines)
}
