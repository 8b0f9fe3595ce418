//! The Groth16 proofs zkVMs and Go circuits emit for Ethereum, and the statements they prove.
//!
//! Each [`Wrapper`] says how a registered key splits into what the requester fixes (a program's
//! id, a version's constants) and a gnark Groth16 key ([`crate::gnark`]), how a proof is framed
//! (a selector naming the verifier, SP1 v6's exit code, vk root and nonce, then 256 bytes in EVM
//! order, [`crate::evm`]), and how the circuit's public inputs follow from the statement a job
//! fixes (the program's public values, RISC Zero's journal). The pairing check is then plain
//! Groth16 ([`crate::groth16::verify_prepared`]): one engine for every system.
//!
//! | wrapper | key | statement | proof | public inputs |
//! |---|---|---|---|---|
//! | `Gnark` | `G` | `n` big-endian scalars | `π` | the statement |
//! | `Pico` | `riscv_vkey ‖ G` | public values | `π` | `riscv_vkey, digest(pv)` |
//! | `Sp1V4` | `program_vkey ‖ G` | public values | `sel ‖ π` | `program_vkey, digest(pv)` |
//! | `Sp1V6` | `program_vkey ‖ vk_root ‖ G` | public values | `sel ‖ exit ‖ vk_root ‖ nonce ‖ π` | `program_vkey, digest(pv), exit, vk_root, nonce` |
//! | `Risc0V3` | `image_id ‖ control_root ‖ bn254_control_id ‖ G` | journal | `sel ‖ π` | `control_root₀, control_root₁, claim₀, claim₁, bn254_control_id` |
//!
//! `G` is a gnark Groth16 key, `π` 256 bytes, every id 32 bytes. `digest(pv)` is
//! `sha256(pv)` with its top three bits cleared. SP1's selector is `sha256(G)[0..4]`; RISC Zero's
//! is the first four bytes of its verifier-parameters digest, computed here from the key. SP1 v6
//! requires exit code 0 and the key's vk root; RISC Zero's claim is `ReceiptClaim::ok(image_id,
//! journal)`. Ids that enter the circuit as scalars must be below `r` (the EVM verifiers refuse
//! the rest). Every rule, with its upstream source, is in `../shared/fixtures/zkvm/VERIFY.md`.
//!
//! **Trust.** A key is what its registrant says it is: the chain checks that it is well formed
//! and consistent with itself (the selector a proof must carry is derived from the key), not that
//! its circuit, vk root or control root are the ones SP1 or RISC Zero publish — those change with
//! every release and are not the chain's to pin. A requester registers, or picks, the key whose
//! parts it trusts; the registry shows each part (the verifier hash `sha256(G)`, SP1's vk root,
//! RISC Zero's control root and control id) so anyone can compare them with the project's
//! published verifier contracts.

use crate::{
	encoding::{PreparedKey, Proof},
	evm, gnark,
	groth16::verify_prepared,
	Groth16Error,
};
use alloc::vec::Vec;
use ark_bn254::{Fr, G1Affine, G2Affine};
use ark_ff::PrimeField;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sha2::{Digest, Sha256};

/// How a proof system wraps a gnark Groth16 proof.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum Wrapper {
	/// Plain gnark Groth16: the statement is the circuit's public inputs.
	Gnark,
	/// Brevis Pico's EVM phase.
	Pico,
	/// SP1 v4 (two public inputs).
	Sp1V4,
	/// SP1 v6 (exit code, vk root and nonce).
	Sp1V6,
	/// RISC Zero 3.0 receipts.
	Risc0V3,
}

/// Bytes of a program id, an image id or a version constant.
pub const ID_LEN: usize = 32;
/// Bytes of a verifier selector.
pub const SELECTOR_LEN: usize = 4;

/// Bytes of the longest registered key whose circuit takes `inputs` public inputs (RISC Zero's
/// three ids, then the gnark key).
#[must_use]
pub const fn max_key_len(inputs: u32) -> usize {
	3 * ID_LEN + gnark::groth16_key_len(inputs)
}

impl Wrapper {
	/// Bytes before the gnark key in a registered key.
	#[must_use]
	pub const fn key_prefix(self) -> usize {
		match self {
			Self::Gnark => 0,
			Self::Pico | Self::Sp1V4 => ID_LEN,
			Self::Sp1V6 => 2 * ID_LEN,
			Self::Risc0V3 => 3 * ID_LEN,
		}
	}

	/// Public inputs of the wrapped circuit, if fixed.
	#[must_use]
	pub const fn circuit_inputs(self) -> Option<u32> {
		match self {
			Self::Gnark => None,
			Self::Pico | Self::Sp1V4 => Some(2),
			Self::Sp1V6 | Self::Risc0V3 => Some(5),
		}
	}

	/// Bytes of a proof.
	#[must_use]
	pub const fn proof_len(self) -> usize {
		match self {
			Self::Gnark | Self::Pico => evm::PROOF_LEN,
			Self::Sp1V4 | Self::Risc0V3 => SELECTOR_LEN + evm::PROOF_LEN,
			Self::Sp1V6 => SELECTOR_LEN + 3 * ID_LEN + evm::PROOF_LEN,
		}
	}

	/// Whether the statement is raw public values (or a journal) rather than scalars.
	#[must_use]
	pub const fn statement_is_bytes(self) -> bool {
		!matches!(self, Self::Gnark)
	}
}

/// `sha256` of the concatenation of `parts`.
#[must_use]
pub fn sha256(parts: &[&[u8]]) -> [u8; 32] {
	let mut h = Sha256::new();
	for p in parts {
		h.update(p);
	}
	h.finalize().into()
}

/// SP1's and Pico's digest of a program's public values: `sha256(pv)` with the top three bits
/// cleared, so it is below `2²⁵³ < r`.
#[must_use]
pub fn public_values_digest(public_values: &[u8]) -> Fr {
	let mut d = sha256(&[public_values]);
	d[0] &= 0x1f;
	Fr::from_be_bytes_mod_order(&d)
}

/// RISC Zero's tagged struct hash:
/// `sha256(sha256(tag) ‖ down… ‖ data (u32 LE)… ‖ len(down) (u16 LE))`.
#[must_use]
pub fn risc0_tagged_struct(tag: &str, down: &[[u8; 32]], data: &[u32]) -> [u8; 32] {
	let mut h = Sha256::new();
	h.update(sha256(&[tag.as_bytes()]));
	for d in down {
		h.update(d);
	}
	for x in data {
		h.update(x.to_le_bytes());
	}
	h.update(u16::try_from(down.len()).expect("a handful of fields").to_le_bytes());
	h.finalize().into()
}

/// RISC Zero's tagged list: a right fold from the zero digest.
fn risc0_tagged_list(tag: &str, items: &[[u8; 32]]) -> [u8; 32] {
	items
		.iter()
		.rev()
		.fold([0u8; 32], |acc, item| risc0_tagged_struct(tag, &[*item, acc], &[]))
}

/// The digest of RISC Zero's `ReceiptClaim::ok(image_id, journal)`: the program halted with exit
/// code 0, from an empty input, with no assumptions, writing `journal`.
#[must_use]
pub fn risc0_claim(image_id: &[u8; 32], journal: &[u8]) -> [u8; 32] {
	let output = risc0_tagged_struct("risc0.Output", &[sha256(&[journal]), [0u8; 32]], &[]);
	let post = risc0_tagged_struct("risc0.SystemState", &[[0u8; 32]], &[0]);
	risc0_tagged_struct("risc0.ReceiptClaim", &[[0u8; 32], *image_id, post, output], &[0, 0])
}

/// RISC Zero's split of a digest into two scalars below 2¹²⁸: its little-endian halves.
#[must_use]
pub fn risc0_split(d: &[u8; 32]) -> [Fr; 2] {
	[Fr::from_le_bytes_mod_order(&d[..16]), Fr::from_le_bytes_mod_order(&d[16..])]
}

/// RISC Zero's digest of a Groth16 verifying key (`risc0_groth16::VerifyingKey`).
#[must_use]
pub fn risc0_key_digest(key: &PreparedKey) -> [u8; 32] {
	let g1 = |p: &G1Affine| sha256(&[&evm::encode_g1(p)]);
	let g2 = |p: &G2Affine| sha256(&[&evm::encode_g2(p)]);
	let ic: Vec<[u8; 32]> = key.ic.iter().map(g1).collect();
	let ic = risc0_tagged_list("risc0_groth16.VerifyingKey.IC", &ic);
	risc0_tagged_struct(
		"risc0_groth16.VerifyingKey",
		&[g1(&key.alpha), g2(&key.beta), g2(&key.gamma), g2(&key.delta), ic],
		&[],
	)
}

/// RISC Zero's verifier-parameters digest, whose first four bytes are the seal's selector.
/// `bn254_control_id` is big-endian (the Solidity order); the digest takes it byte-reversed.
#[must_use]
pub fn risc0_parameters_digest(
	control_root: &[u8; 32],
	bn254_control_id: &[u8; 32],
	key: &PreparedKey,
) -> [u8; 32] {
	let mut id = *bn254_control_id;
	id.reverse();
	risc0_tagged_struct(
		"risc0.Groth16ReceiptVerifierParameters",
		&[*control_root, id, risc0_key_digest(key)],
		&[],
	)
}

/// A registered key, decoded: the ids the statement binds and the circuit's key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrappedKey {
	/// How proofs are framed.
	wrapper: Wrapper,
	/// The ids before the gnark key, in order (none for `Gnark`); those that are circuit inputs
	/// were checked to be below `r`.
	ids: Vec<[u8; 32]>,
	/// The selector a proof must carry (SP1, RISC Zero).
	selector: Option<[u8; SELECTOR_LEN]>,
	/// The circuit's key.
	circuit: PreparedKey,
}

fn id(bytes: &[u8], i: usize) -> [u8; 32] {
	bytes[i * ID_LEN..(i + 1) * ID_LEN].try_into().expect("32 bytes")
}

/// A big-endian id that enters the circuit as a scalar.
fn scalar_id(bytes: &[u8; 32]) -> Result<Fr, Groth16Error> {
	evm::fr(bytes).ok_or(Groth16Error::KeyEncoding)
}

impl WrappedKey {
	/// Decodes a registered key. With `validate` (at registration) every point is checked to be in
	/// its subgroup.
	///
	/// # Errors
	/// `KeyLength` (too short, or the gnark key's length), `TooManyInputs`, `KeyEncoding` (an id
	/// that must be a scalar is not below `r`, a coordinate, a flag), `KeyPointNotOnCurve`,
	/// `KeyPointNotInSubgroup`, `WrongInputCount` (the circuit does not take the wrapper's
	/// inputs).
	pub fn decode(wrapper: Wrapper, bytes: &[u8], validate: bool) -> Result<Self, Groth16Error> {
		let prefix = wrapper.key_prefix();
		let (ids, circuit_bytes) =
			(bytes.get(..prefix).ok_or(Groth16Error::KeyLength)?, &bytes[prefix..]);
		let circuit = gnark::decode_groth16_key(circuit_bytes, validate)?;
		if wrapper.circuit_inputs().is_some_and(|n| n != circuit.inputs()) {
			return Err(Groth16Error::WrongInputCount);
		}
		let ids: Vec<[u8; 32]> = (0..prefix / ID_LEN).map(|i| id(ids, i)).collect();
		let selector = match wrapper {
			Wrapper::Gnark | Wrapper::Pico => None,
			Wrapper::Sp1V4 | Wrapper::Sp1V6 => Some(sha256(&[circuit_bytes])),
			Wrapper::Risc0V3 => Some(risc0_parameters_digest(&ids[1], &ids[2], &circuit)),
		}
		.map(|d| d[..SELECTOR_LEN].try_into().expect("4 bytes"));
		// The ids that are circuit inputs as they are: the program's vkey, SP1 v6's vk root,
		// RISC Zero's BN254 control id.
		match wrapper {
			Wrapper::Gnark => {},
			Wrapper::Pico | Wrapper::Sp1V4 => {
				scalar_id(&ids[0])?;
			},
			Wrapper::Sp1V6 => {
				scalar_id(&ids[0])?;
				scalar_id(&ids[1])?;
			},
			Wrapper::Risc0V3 => {
				scalar_id(&ids[2])?;
			},
		}
		Ok(Self { wrapper, ids, selector, circuit })
	}

	/// The circuit's key.
	#[must_use]
	pub fn circuit(&self) -> &PreparedKey {
		&self.circuit
	}

	/// The ids the key binds, in the order of the wrapper's key layout.
	#[must_use]
	pub fn ids(&self) -> &[[u8; 32]] {
		&self.ids
	}

	/// The selector its proofs carry, if the wrapper has one.
	#[must_use]
	pub fn selector(&self) -> Option<[u8; SELECTOR_LEN]> {
		self.selector
	}

	/// The circuit's public inputs for `statement` and `proof`, and the 256 raw proof bytes.
	///
	/// # Errors
	/// `ProofLength`, `SelectorMismatch`, `NonZeroExitCode`, `VkRootMismatch`, `InputNotInField`
	/// (SP1 v6's nonce), and for `Gnark` statements `InputsLength`, `WrongInputCount`,
	/// `InputNotInField`.
	pub fn inputs<'p>(
		&self,
		statement: &[u8],
		proof: &'p [u8],
	) -> Result<(Vec<Fr>, &'p [u8]), Groth16Error> {
		if proof.len() != self.wrapper.proof_len() {
			return Err(Groth16Error::ProofLength);
		}
		let (head, raw) = proof.split_at(proof.len() - evm::PROOF_LEN);
		if let Some(selector) = self.selector {
			if head[..SELECTOR_LEN] != selector {
				return Err(Groth16Error::SelectorMismatch);
			}
		}
		let program = |i: usize| evm::fr(&self.ids[i]).expect("checked when decoded");
		let inputs = match self.wrapper {
			Wrapper::Gnark => evm::decode_inputs(statement, self.circuit.inputs())?,
			Wrapper::Pico | Wrapper::Sp1V4 => {
				alloc::vec![program(0), public_values_digest(statement)]
			},
			Wrapper::Sp1V6 => {
				let field =
					|i: usize| &head[SELECTOR_LEN + i * ID_LEN..SELECTOR_LEN + (i + 1) * ID_LEN];
				if field(1) != self.ids[1] {
					return Err(Groth16Error::VkRootMismatch);
				}
				if field(0).iter().any(|b| *b != 0) {
					return Err(Groth16Error::NonZeroExitCode);
				}
				let nonce = evm::fr(field(2)).ok_or(Groth16Error::InputNotInField)?;
				alloc::vec![
					program(0),
					public_values_digest(statement),
					Fr::from(0u8),
					program(1),
					nonce
				]
			},
			Wrapper::Risc0V3 => {
				let [cr0, cr1] = risc0_split(&self.ids[1]);
				let [c0, c1] = risc0_split(&risc0_claim(&self.ids[0], statement));
				alloc::vec![cr0, cr1, c0, c1, program(2)]
			},
		};
		Ok((inputs, raw))
	}

	/// Verifies `proof` of `statement`.
	///
	/// # Errors
	/// As [`Self::inputs`], then the proof's decoding errors and `ProofRejected`.
	pub fn verify(&self, statement: &[u8], proof: &[u8]) -> Result<(), Groth16Error> {
		let (inputs, raw) = self.inputs(statement, proof)?;
		let proof = Proof::decode_evm(raw)?;
		verify_prepared(&self.circuit, &inputs, &proof)
	}
}

/// Validates a registered key of `wrapper`; returns its circuit's number of public inputs.
///
/// # Errors
/// As [`WrappedKey::decode`].
pub fn validate_key(wrapper: Wrapper, key: &[u8]) -> Result<u32, Groth16Error> {
	WrappedKey::decode(wrapper, key, true).map(|k| k.circuit().inputs())
}

/// Verifies `proof` of `statement` against a registered (validated) key of `wrapper`.
///
/// # Errors
/// As [`WrappedKey::decode`] and [`WrappedKey::verify`].
pub fn verify(
	wrapper: Wrapper,
	key: &[u8],
	statement: &[u8],
	proof: &[u8],
) -> Result<(), Groth16Error> {
	WrappedKey::decode(wrapper, key, false)?.verify(statement, proof)
}
