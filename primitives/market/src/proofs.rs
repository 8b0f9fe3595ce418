//! Proof systems, verifying keys and the [`ProofVerifier`] interface.
//!
//! The job-escrow pallet refers to verifying keys by [`KeyId`] and asks the verifier registry
//! (`pallet-proof-verifier`) through this trait whether a key may be used by a new job, to count
//! the open jobs that use it, and to verify a proof before any fee moves.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
pub use provernet_zk::{zkvm::Wrapper, Groth16Error};
use scale_info::TypeInfo;
use sp_runtime::{DispatchError, Weight};

/// A verifying key's id: `blake2_256(SCALE(system) ‖ key bytes)`, so the same key registered
/// twice is the same id.
pub type KeyId = [u8; 32];

/// How proofs of a key are checked.
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
pub enum ProofSystem {
	/// Groth16 over BN254, verified on-chain (canonical encoding in `provernet-zk`).
	Groth16Bn254,
	/// Work verified off-chain (e.g. a privacy-preserving attestation): the "proof" is a 32-byte
	/// digest and acceptance follows the market's settlement rules (requester acceptance or a
	/// challenge window), not this registry.
	Attested,
	/// The Groth16 proofs over BN254 that zkVMs and gnark circuits emit for Ethereum, verified
	/// on-chain: the key is the wrapper's ids followed by a gnark key, the statement is the
	/// program's public values (RISC Zero's journal) or, for plain gnark, big-endian scalars
	/// (`provernet_zk::zkvm` documents each layout).
	Zkvm(Wrapper),
}

impl ProofSystem {
	/// Whether a proof of this system is final once verified on-chain.
	#[must_use]
	pub fn settles_on_chain(self) -> bool {
		matches!(self, Self::Groth16Bn254 | Self::Zkvm(_))
	}

	/// Whether a statement of this system is raw bytes (a zkVM's public values or journal, of any
	/// length up to the escrow's limit) rather than the key's count of 32-byte field elements.
	#[must_use]
	pub fn statement_is_bytes(self) -> bool {
		matches!(self, Self::Zkvm(w) if w.statement_is_bytes())
	}
}

/// The size of an attested system's "proof": a 32-byte digest.
pub const ATTESTATION_DIGEST_LEN: u32 = 32;

/// What the registry records about a verifying key.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct KeyInfo<AccountId, Balance> {
	/// The proof system.
	pub system: ProofSystem,
	/// Public inputs a proof takes.
	pub public_inputs: u32,
	/// Size of a proof in bytes (128 for Groth16 BN254, the digest for attested systems).
	pub proof_size: u32,
	/// Security level in bits (BN254: 100, see `provernet_zk::BN254_SECURITY_BITS`).
	pub security_bits: u32,
	/// Size of the key in bytes.
	pub key_len: u32,
	/// Who registered it, and holds its deposit.
	pub registrant: AccountId,
	/// The deposit on hold.
	pub deposit: Balance,
	/// Open jobs that use the key; it cannot be unregistered while any is open.
	pub open_jobs: u32,
}

/// How a verified proof settles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub enum Settlement {
	/// Verified on-chain: final, fees may move.
	Final,
	/// Off-chain system: the digest is recorded; the escrow's settlement rules decide.
	OffChain {
		/// The attested digest.
		digest: [u8; 32],
	},
}

/// A successful verification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct VerifiedInfo {
	/// The key.
	pub key: KeyId,
	/// Its system.
	pub system: ProofSystem,
	/// How the job settles.
	pub settlement: Settlement,
}

/// Why a key cannot be used or a proof was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub enum VerifyError {
	/// No key has this id.
	UnknownKey,
	/// The key's proofs are larger than the governed maximum proof size.
	ProofTooLarge,
	/// The key's security level is below the governed minimum.
	SecurityTooLow,
	/// An attested system's proof must be a 32-byte digest and take no public inputs.
	BadAttestation,
	/// Groth16: the key, the inputs or the proof are malformed, or the proof is wrong.
	Groth16(Groth16Error),
}

/// The verifier registry, as the escrow pallet sees it.
pub trait ProofVerifier<AccountId> {
	/// The token amount type of deposits.
	type Balance;

	/// What is recorded about `key`, if it is registered.
	fn key_info(key: &KeyId) -> Option<KeyInfo<AccountId, Self::Balance>>;

	/// Whether a new job may use `key` now: registered and within the governed limits (maximum
	/// proof size, minimum security bits), which may have changed since it was registered.
	///
	/// # Errors
	/// `UnknownKey`, `ProofTooLarge`, `SecurityTooLow`.
	fn ensure_usable(key: &KeyId) -> Result<KeyInfo<AccountId, Self::Balance>, VerifyError>;

	/// An open job starts using `key` (checks [`Self::ensure_usable`]); the key cannot be
	/// unregistered until every such job has called [`Self::release`].
	///
	/// # Errors
	/// As [`Self::ensure_usable`].
	fn acquire(key: &KeyId) -> Result<KeyInfo<AccountId, Self::Balance>, VerifyError>;

	/// An open job that used `key` ended.
	///
	/// # Errors
	/// If `key` is unknown or has no open job (a bookkeeping bug in the caller).
	fn release(key: &KeyId) -> Result<(), DispatchError>;

	/// Whether `public_inputs` can be a statement of `key` at all: the key's count of canonical
	/// field elements (none for attested systems). A statement that is not can never be proved,
	/// so the escrow refuses it when the job is posted.
	///
	/// # Errors
	/// `UnknownKey`, `BadAttestation`, or `Groth16` `InputsLength`, `WrongInputCount`,
	/// `InputNotInField`. A zkVM statement of raw public values is always well formed.
	fn check_inputs(key: &KeyId, public_inputs: &[u8]) -> Result<(), VerifyError>;

	/// Verifies `proof` for `public_inputs` against `key`. Limits are not re-checked: a job
	/// opened under the old limits may still finish.
	///
	/// # Errors
	/// `UnknownKey`, `BadAttestation`, or the specific `Groth16` error.
	fn verify(key: &KeyId, public_inputs: &[u8], proof: &[u8])
		-> Result<VerifiedInfo, VerifyError>;

	/// The weight of [`Self::verify`] for a key of `system` and a statement of `statement_len`
	/// bytes.
	fn verify_weight(system: ProofSystem, statement_len: u32) -> Weight;

	/// The most [`Self::verify`] weighs for a statement of `statement_len` bytes, whatever the
	/// key's system: what a call declares before it knows the key.
	fn max_verify_weight(statement_len: u32) -> Weight;
}

sp_api::decl_runtime_apis! {
	/// Reading keys and dry-running verification from a client (the prover agent checks its proof
	/// before it submits).
	pub trait ProofVerifierApi<AccountId, Balance> where
		AccountId: codec::Codec,
		Balance: codec::Codec,
	{
		/// What is recorded about a key.
		fn key_info(key: KeyId) -> Option<KeyInfo<AccountId, Balance>>;
		/// Verifies as the chain would (Groth16 through the node's host function).
		fn verify(key: KeyId, public_inputs: alloc::vec::Vec<u8>, proof: alloc::vec::Vec<u8>) -> Result<VerifiedInfo, VerifyError>;
		/// Verifies with the pure reference implementation, executed inside the runtime (no host
		/// function): slow, for cross-checking a node's host function and for measuring it.
		fn verify_reference(key: KeyId, public_inputs: alloc::vec::Vec<u8>, proof: alloc::vec::Vec<u8>) -> Result<VerifiedInfo, VerifyError>;
	}
}
