//! # Proof verifier
//!
//! The registry of verifying keys that proof jobs refer to, and on-chain verification of their
//! proofs: no fee moves until a proof verifies here.
//!
//! ## Overview
//!
//! Anyone registers a verifying key with `register_verifying_key(system, key)`. The key is
//! **hash-addressed**: its id is `blake2_256(SCALE(system) ‖ key)`, so registering the same key
//! twice is refused (`AlreadyRegistered`) and every job that names the id means the same key. A
//! Groth16 key is **validated** once, at registration (canonical encoding, every point on the curve
//! and in its prime-order subgroup, at most `MaxPublicInputs` inputs), so verification only
//! decompresses it. The registrant pays a **deposit on hold** (`KeyDepositBase +
//! KeyDepositPerByte × len`), returned by `unregister_verifying_key` once no open job uses the key.
//!
//! Each key records its proof system, public-input count, proof size, security level and
//! registrant ([`provernet_primitives::proofs::KeyInfo`]). **Governed limits** — `MaxProofSize` and
//! `MinSecurityBits` — are checked at registration and again whenever a new job wants to use the
//! key ([`ProofVerifier::ensure_usable`] / [`ProofVerifier::acquire`]), so tightening them stops new
//! jobs from using a key without breaking jobs already open.
//!
//! **Groth16 over BN254** proofs are verified through the runtime's `Groth16` engine: in the
//! ProverNet runtime that is the node's host function (`provernet_zk::Host`), natively;
//! `provernet_zk::Pure` is the same verifier in the runtime itself, the reference. Encoding and
//! security figures: see `provernet-zk`.
//!
//! **zkVM proofs** (`ProofSystem::Zkvm`) are the Groth16 proofs over BN254 that SP1 (v4, v6), RISC
//! Zero 3.0, Brevis Pico and gnark circuits emit for Ethereum: the key is the program's ids (SP1's
//! program vkey and vk root, RISC Zero's image id and control root) followed by a gnark key; the
//! statement a job fixes is the program's public values (RISC Zero's journal; plain gnark's
//! big-endian scalars), and the circuit's inputs are derived from it on-chain as each project's
//! verifier contract does (`provernet_zk::zkvm`). They run on the same engine, through the node's
//! host functions; the key is validated once, at registration.
//!
//! **Attested** systems are for work verified off-chain: the key's bytes describe the attester
//! (for instance its public key and measurement), a "proof" is a 32-byte digest and no public
//! inputs; this pallet records that the system is off-chain and returns
//! [`Settlement::OffChain`], and the escrow pallet's settlement rules decide.
//!
//! The escrow pallet uses all of this through [`ProofVerifier`]. Anyone may also call `verify`
//! to check a proof on-chain (it emits `ProofVerified`); clients can dry-run it through the
//! `ProofVerifierApi` runtime API instead.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

pub use pallet::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::{
	ensure,
	traits::{
		fungible::{self, MutateHold},
		tokens::Precision,
		Get,
	},
};
use provernet_primitives::proofs::{
	KeyId, KeyInfo, ProofSystem, ProofVerifier, Settlement, VerifiedInfo, VerifyError, Wrapper,
	ATTESTATION_DIGEST_LEN,
};
use provernet_zk::{Engine, Groth16Error, BN254_SECURITY_BITS, PROOF_LEN};
use sp_runtime::{DispatchError, Saturating, Weight};

/// The balance type of the pallet's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// What is recorded about a key.
pub type KeyInfoOf<T> = KeyInfo<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

/// A real Groth16 key with `n` public inputs (1..=32), inputs and a valid proof, from the demo
/// circuits (`fixtures.bin`, made by `provernet-circuits`' `gen-keys`): for benchmarks here and in
/// the pallets that verify through this one.
#[cfg(feature = "runtime-benchmarks")]
#[must_use]
pub fn fixture(n: u32) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
	let all: Vec<(Vec<u8>, Vec<u8>, Vec<u8>)> =
		codec::Decode::decode(&mut &include_bytes!("fixtures.bin")[..]).expect("fixtures decode");
	all.into_iter().nth(n as usize - 1).expect("fixtures for 1..=32 inputs")
}

/// The fixture of `n` inputs as plain gnark Groth16 (`ProofSystem::Zkvm(Wrapper::Gnark)`): its key
/// in gnark's format, its inputs as big-endian scalars and its proof in the EVM order.
#[cfg(feature = "runtime-benchmarks")]
#[must_use]
pub fn gnark_fixture(n: u32) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
	use provernet_zk::{encoding, evm, gnark};
	let (key, inputs, proof) = fixture(n);
	let key = encoding::PreparedKey::decode(&key, false).expect("the fixture's key");
	let inputs = encoding::decode_inputs(&inputs, n).expect("the fixture's inputs");
	let proof = encoding::Proof::decode(&proof).expect("the fixture's proof");
	(
		gnark::encode_constants_key(&key),
		inputs.iter().flat_map(evm::be).collect(),
		proof.encode_evm().to_vec(),
	)
}

/// The id of `key` registered for `system`.
#[must_use]
pub fn key_id(system: ProofSystem, key: &[u8]) -> KeyId {
	let mut preimage = codec::Encode::encode(&system);
	preimage.extend_from_slice(key);
	sp_io::hashing::blake2_256(&preimage)
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Why BREV is on hold here.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a registered verifying key.
		KeyDeposit,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// BREV, for deposits on hold.
		type Currency: fungible::Inspect<Self::AccountId>
			+ fungible::InspectHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::hold::Mutate<Self::AccountId, Reason = Self::RuntimeHoldReason>;
		/// The runtime's hold reasons.
		type RuntimeHoldReason: From<HoldReason>;
		/// Where Groth16 proofs are verified: `provernet_zk::Host` (the node's host function) or
		/// `provernet_zk::Pure` (in the runtime).
		type Groth16: Engine;
		/// Deposit per key, plus `KeyDepositPerByte` per byte of key.
		#[pallet::constant]
		type KeyDepositBase: Get<BalanceOf<Self>>;
		/// Deposit per byte of key.
		#[pallet::constant]
		type KeyDepositPerByte: Get<BalanceOf<Self>>;
		/// Longest key in bytes (a Groth16 key and a zkVM key with `MaxPublicInputs` inputs must
		/// fit).
		#[pallet::constant]
		type MaxKeyLen: Get<u32>;
		/// Most public inputs a key may take (at most `provernet_zk::MAX_PUBLIC_INPUTS`).
		#[pallet::constant]
		type MaxPublicInputs: Get<u32>;
		/// Governed: the largest proof a key used by new jobs may have, in bytes.
		type MaxProofSize: Get<u32>;
		/// Governed: the least security a key used by new jobs must have, in bits.
		type MinSecurityBits: Get<u32>;
		/// The security level recorded for attested systems, in bits (the digest's collision
		/// resistance; the attestation's trust model is the market's settlement rules).
		#[pallet::constant]
		type AttestedSecurityBits: Get<u32>;
		/// Weights of the calls.
		type WeightInfo: WeightInfo;
	}

	/// Registered keys: what is recorded about each.
	#[pallet::storage]
	pub type Keys<T: Config> = StorageMap<_, Identity, KeyId, KeyInfoOf<T>>;

	/// The bytes of each registered key, apart from its record so reading the record is cheap.
	#[pallet::storage]
	pub type KeyBytes<T: Config> = StorageMap<_, Identity, KeyId, BoundedVec<u8, T::MaxKeyLen>>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A verifying key was registered.
		KeyRegistered {
			/// Its id.
			key: KeyId,
			/// Who registered it.
			registrant: T::AccountId,
			/// Its proof system.
			system: ProofSystem,
			/// Its public inputs.
			public_inputs: u32,
			/// The deposit put on hold.
			deposit: BalanceOf<T>,
		},
		/// A verifying key was unregistered and its deposit released.
		KeyUnregistered {
			/// Its id.
			key: KeyId,
			/// The deposit released.
			deposit: BalanceOf<T>,
		},
		/// A proof verified through the `verify` call.
		ProofVerified {
			/// The key.
			key: KeyId,
			/// Who submitted it.
			who: T::AccountId,
			/// How it settles.
			settlement: Settlement,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No key has this id.
		UnknownKey,
		/// This key is already registered (same system and bytes).
		AlreadyRegistered,
		/// Only the registrant may unregister a key.
		NotRegistrant,
		/// Open jobs still use the key.
		KeyInUse,
		/// The key is longer than `MaxKeyLen`.
		KeyTooLong,
		/// The key declares more than `MaxPublicInputs` public inputs.
		TooManyInputs,
		/// The key's proofs are larger than the governed maximum proof size.
		ProofTooLarge,
		/// The key's security level is below the governed minimum.
		SecurityTooLow,
		/// The deposit cannot be put on hold (free balance too low).
		InsufficientDeposit,
		/// Groth16 key: its length does not match the input count it declares.
		KeyLength,
		/// Groth16 key: a coordinate is not canonical or flags are invalid.
		KeyEncoding,
		/// Groth16 key: a point is not on the curve.
		KeyPointNotOnCurve,
		/// Groth16 key: a point is outside the prime-order subgroup.
		KeyPointNotInSubgroup,
		/// The proof is not exactly the key's proof size.
		ProofLength,
		/// A proof coordinate is not canonical or flags are invalid.
		ProofEncoding,
		/// A proof point is not on the curve.
		ProofPointNotOnCurve,
		/// A proof point is outside the prime-order subgroup.
		ProofPointNotInSubgroup,
		/// The public inputs are not a whole number of 32-byte field elements.
		InputsLength,
		/// The number of public inputs differs from the key's.
		WrongInputCount,
		/// A public input is not below the scalar field modulus.
		InputNotInField,
		/// The proof is well-formed but does not verify for this key and these inputs.
		ProofRejected,
		/// An attested proof must be a 32-byte digest with no public inputs.
		BadAttestation,
		/// A key with no open job was released (a caller's bookkeeping bug).
		NotAcquired,
		/// A zkVM proof's selector does not name the key's verifier.
		SelectorMismatch,
		/// An SP1 v6 proof reports a non-zero exit code.
		NonZeroExitCode,
		/// An SP1 v6 proof's vk root is not the key's.
		VkRootMismatch,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxPublicInputs::get() <= provernet_zk::MAX_PUBLIC_INPUTS);
			assert!(
				T::MaxKeyLen::get() as usize >= provernet_zk::vk_len(T::MaxPublicInputs::get()),
				"MaxKeyLen must fit a Groth16 key with MaxPublicInputs inputs"
			);
			assert!(
				T::MaxKeyLen::get() as usize
					>= provernet_zk::zkvm::max_key_len(T::MaxPublicInputs::get()),
				"MaxKeyLen must fit a zkVM key with MaxPublicInputs inputs"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers a verifying key for `system` and puts its deposit on hold.
		///
		/// A Groth16 or zkVM key must be canonical and valid (see `provernet-zk`) with at most
		/// `MaxPublicInputs` inputs; any key must be within the governed limits.
		///
		/// Emits `KeyRegistered`.
		#[pallet::call_index(0)]
		#[pallet::weight(Pallet::<T>::register_weight(key.len()))]
		pub fn register_verifying_key(
			origin: OriginFor<T>,
			system: ProofSystem,
			key: Vec<u8>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let key: BoundedVec<u8, T::MaxKeyLen> =
				key.try_into().map_err(|_| Error::<T>::KeyTooLong)?;
			let id = key_id(system, &key);
			ensure!(!Keys::<T>::contains_key(id), Error::<T>::AlreadyRegistered);
			let (public_inputs, proof_size, security_bits) = match system {
				ProofSystem::Groth16Bn254 => {
					let inputs = T::Groth16::validate_key(&key).map_err(Error::<T>::from)?;
					ensure!(inputs <= T::MaxPublicInputs::get(), Error::<T>::TooManyInputs);
					(inputs, PROOF_LEN as u32, BN254_SECURITY_BITS)
				},
				ProofSystem::Zkvm(wrapper) => {
					let inputs =
						T::Groth16::validate_zkvm_key(wrapper, &key).map_err(Error::<T>::from)?;
					ensure!(inputs <= T::MaxPublicInputs::get(), Error::<T>::TooManyInputs);
					(inputs, wrapper.proof_len() as u32, BN254_SECURITY_BITS)
				},
				ProofSystem::Attested => {
					(0, ATTESTATION_DIGEST_LEN, T::AttestedSecurityBits::get())
				},
			};
			let key_len = key.len() as u32;
			let deposit = T::KeyDepositBase::get()
				.saturating_add(T::KeyDepositPerByte::get().saturating_mul(key_len.into()));
			let info = KeyInfo {
				system,
				public_inputs,
				proof_size,
				security_bits,
				key_len,
				registrant: who.clone(),
				deposit,
				open_jobs: 0,
			};
			Self::check_limits(&info)?;
			T::Currency::hold(&HoldReason::KeyDeposit.into(), &who, deposit)
				.map_err(|_| Error::<T>::InsufficientDeposit)?;
			Keys::<T>::insert(id, info);
			KeyBytes::<T>::insert(id, key);
			Self::deposit_event(Event::KeyRegistered {
				key: id,
				registrant: who,
				system,
				public_inputs,
				deposit,
			});
			Ok(())
		}

		/// Unregisters a key no open job uses and releases its deposit. Registrant only.
		///
		/// Emits `KeyUnregistered`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::unregister_verifying_key())]
		pub fn unregister_verifying_key(origin: OriginFor<T>, key: KeyId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let info = Keys::<T>::get(key).ok_or(Error::<T>::UnknownKey)?;
			ensure!(info.registrant == who, Error::<T>::NotRegistrant);
			ensure!(info.open_jobs == 0, Error::<T>::KeyInUse);
			T::Currency::release(
				&HoldReason::KeyDeposit.into(),
				&who,
				info.deposit,
				Precision::Exact,
			)?;
			Keys::<T>::remove(key);
			KeyBytes::<T>::remove(key);
			Self::deposit_event(Event::KeyUnregistered { key, deposit: info.deposit });
			Ok(())
		}

		/// Verifies `proof` for `public_inputs` against `key` on-chain, as the market does before
		/// it pays for a proof. Fails with the specific reason; on success emits `ProofVerified`.
		///
		/// Groth16 public inputs are 32-byte little-endian field elements; a zkVM statement is the
		/// program's public values (plain gnark: 32-byte big-endian scalars), at most
		/// `MaxPublicInputs × 32` bytes. The call declares the costliest system's weight for the
		/// statement's length and is refunded down to its key's system once it verifies.
		#[pallet::call_index(2)]
		#[pallet::weight(<Pallet<T> as ProofVerifier<_>>::max_verify_weight(
			public_inputs.len() as u32
		))]
		pub fn verify(
			origin: OriginFor<T>,
			key: KeyId,
			public_inputs: Vec<u8>,
			proof: Vec<u8>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			ensure!(
				public_inputs.len()
					<= T::MaxPublicInputs::get() as usize * provernet_zk::SCALAR_LEN,
				Error::<T>::WrongInputCount
			);
			let verified = Self::do_verify(&key, &public_inputs, &proof)?;
			Self::deposit_event(Event::ProofVerified { key, who, settlement: verified.settlement });
			Ok(Some(<Self as ProofVerifier<_>>::verify_weight(
				verified.system,
				public_inputs.len() as u32,
			))
			.into())
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// What is recorded about a key.
		pub fn key_info(key: KeyId) -> Option<KeyInfoOf<T>> {
			Keys::<T>::get(key)
		}
	}
}

impl<T: Config> From<Groth16Error> for Error<T> {
	fn from(e: Groth16Error) -> Self {
		match e {
			Groth16Error::KeyLength => Self::KeyLength,
			Groth16Error::KeyEncoding => Self::KeyEncoding,
			Groth16Error::KeyPointNotOnCurve => Self::KeyPointNotOnCurve,
			Groth16Error::KeyPointNotInSubgroup => Self::KeyPointNotInSubgroup,
			Groth16Error::TooManyInputs => Self::TooManyInputs,
			Groth16Error::ProofLength => Self::ProofLength,
			Groth16Error::ProofEncoding => Self::ProofEncoding,
			Groth16Error::ProofPointNotOnCurve => Self::ProofPointNotOnCurve,
			Groth16Error::ProofPointNotInSubgroup => Self::ProofPointNotInSubgroup,
			Groth16Error::InputsLength => Self::InputsLength,
			Groth16Error::WrongInputCount => Self::WrongInputCount,
			Groth16Error::InputNotInField => Self::InputNotInField,
			Groth16Error::ProofRejected => Self::ProofRejected,
			Groth16Error::SelectorMismatch => Self::SelectorMismatch,
			Groth16Error::NonZeroExitCode => Self::NonZeroExitCode,
			Groth16Error::VkRootMismatch => Self::VkRootMismatch,
		}
	}
}

impl<T: Config> From<VerifyError> for Error<T> {
	fn from(e: VerifyError) -> Self {
		match e {
			VerifyError::UnknownKey => Self::UnknownKey,
			VerifyError::ProofTooLarge => Self::ProofTooLarge,
			VerifyError::SecurityTooLow => Self::SecurityTooLow,
			VerifyError::BadAttestation => Self::BadAttestation,
			VerifyError::Groth16(e) => e.into(),
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The governed limits a key must meet to be registered or used by a new job.
	fn limits_error(info: &KeyInfoOf<T>) -> Option<VerifyError> {
		if info.proof_size > T::MaxProofSize::get() {
			Some(VerifyError::ProofTooLarge)
		} else if info.security_bits < T::MinSecurityBits::get() {
			Some(VerifyError::SecurityTooLow)
		} else {
			None
		}
	}

	fn check_limits(info: &KeyInfoOf<T>) -> Result<(), Error<T>> {
		Self::limits_error(info).map_or(Ok(()), |e| Err(e.into()))
	}

	/// The weight of registering a key of `len` bytes: the costlier of validating it as an
	/// arkworks Groth16 key or as a gnark key (with a zkVM's ids in front, counted as points too,
	/// which only over-counts).
	pub fn register_weight(len: usize) -> Weight {
		let points = |header: usize| {
			(len.saturating_sub(header) / provernet_zk::G1_LEN).min(u32::MAX as usize) as u32
		};
		let groth16 = T::WeightInfo::register_verifying_key(points(provernet_zk::vk_len(0)));
		let gnark =
			T::WeightInfo::register_zkvm_key(points(provernet_zk::gnark::groth16_key_len(0)));
		groth16.max(gnark)
	}

	/// Verifies with the configured engine.
	fn verify_with<E: Engine>(
		key: &KeyId,
		public_inputs: &[u8],
		proof: &[u8],
	) -> Result<VerifiedInfo, VerifyError> {
		let info = Keys::<T>::get(key).ok_or(VerifyError::UnknownKey)?;
		let settlement = match info.system {
			ProofSystem::Groth16Bn254 => {
				let bytes = KeyBytes::<T>::get(key).ok_or(VerifyError::UnknownKey)?;
				E::verify(&bytes, public_inputs, proof).map_err(VerifyError::Groth16)?;
				Settlement::Final
			},
			ProofSystem::Zkvm(wrapper) => {
				let bytes = KeyBytes::<T>::get(key).ok_or(VerifyError::UnknownKey)?;
				E::verify_zkvm(wrapper, &bytes, public_inputs, proof)
					.map_err(VerifyError::Groth16)?;
				Settlement::Final
			},
			ProofSystem::Attested => {
				let digest: [u8; 32] = proof.try_into().map_err(|_| VerifyError::BadAttestation)?;
				if !public_inputs.is_empty() {
					return Err(VerifyError::BadAttestation);
				}
				Settlement::OffChain { digest }
			},
		};
		Ok(VerifiedInfo { key: *key, system: info.system, settlement })
	}

	/// Verifies through `T::Groth16` (the node's host function in the runtime).
	///
	/// # Errors
	/// See [`ProofVerifier::verify`].
	pub fn do_verify(
		key: &KeyId,
		public_inputs: &[u8],
		proof: &[u8],
	) -> Result<VerifiedInfo, Error<T>> {
		Self::verify_with::<T::Groth16>(key, public_inputs, proof).map_err(Into::into)
	}

	/// Verifies with the pure implementation, in whatever executes the runtime (the reference).
	///
	/// # Errors
	/// See [`ProofVerifier::verify`].
	pub fn verify_reference(
		key: &KeyId,
		public_inputs: &[u8],
		proof: &[u8],
	) -> Result<VerifiedInfo, VerifyError> {
		Self::verify_with::<provernet_zk::Pure>(key, public_inputs, proof)
	}

	/// The books: every key has its bytes and vice versa, its id is the hash of its system and
	/// bytes, its recorded size matches, and each account's held deposit equals the deposits of
	/// the keys it registered.
	///
	/// # Errors
	/// The first inconsistency.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::traits::fungible::InspectHold;
		use sp_runtime::traits::Zero;
		let mut held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (id, info) in Keys::<T>::iter() {
			let bytes = KeyBytes::<T>::get(id).ok_or("a key without bytes")?;
			ensure!(key_id(info.system, &bytes) == id, "a key's id is not its hash");
			ensure!(bytes.len() as u32 == info.key_len, "a key's recorded length is wrong");
			let entry = held.entry(info.registrant.clone()).or_insert_with(Zero::zero);
			*entry = entry.saturating_add(info.deposit);
		}
		ensure!(
			KeyBytes::<T>::iter_keys().all(Keys::<T>::contains_key),
			"key bytes without a record"
		);
		for (who, total) in held {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::KeyDeposit.into(), &who) == total,
				"held key deposits differ from the registry's"
			);
		}
		Ok(())
	}
}

impl<T: Config> ProofVerifier<T::AccountId> for Pallet<T> {
	type Balance = BalanceOf<T>;

	fn key_info(key: &KeyId) -> Option<KeyInfoOf<T>> {
		Keys::<T>::get(key)
	}

	fn ensure_usable(key: &KeyId) -> Result<KeyInfoOf<T>, VerifyError> {
		let info = Keys::<T>::get(key).ok_or(VerifyError::UnknownKey)?;
		Self::limits_error(&info).map_or(Ok(info), Err)
	}

	fn acquire(key: &KeyId) -> Result<KeyInfoOf<T>, VerifyError> {
		let mut info = Self::ensure_usable(key)?;
		info.open_jobs = info.open_jobs.saturating_add(1);
		Keys::<T>::insert(key, &info);
		Ok(info)
	}

	fn release(key: &KeyId) -> Result<(), DispatchError> {
		Keys::<T>::try_mutate(key, |info| {
			let info = info.as_mut().ok_or(Error::<T>::UnknownKey)?;
			info.open_jobs = info.open_jobs.checked_sub(1).ok_or(Error::<T>::NotAcquired)?;
			Ok(())
		})
	}

	fn check_inputs(key: &KeyId, public_inputs: &[u8]) -> Result<(), VerifyError> {
		let info = Keys::<T>::get(key).ok_or(VerifyError::UnknownKey)?;
		match info.system {
			ProofSystem::Groth16Bn254 => {
				provernet_zk::encoding::decode_inputs(public_inputs, info.public_inputs)
					.map(|_| ())
					.map_err(VerifyError::Groth16)
			},
			ProofSystem::Zkvm(Wrapper::Gnark) => {
				provernet_zk::evm::decode_inputs(public_inputs, info.public_inputs)
					.map(|_| ())
					.map_err(VerifyError::Groth16)
			},
			// Public values and journals are bytes: any statement can be proved.
			ProofSystem::Zkvm(_) => Ok(()),
			ProofSystem::Attested if public_inputs.is_empty() => Ok(()),
			ProofSystem::Attested => Err(VerifyError::BadAttestation),
		}
	}

	fn verify(
		key: &KeyId,
		public_inputs: &[u8],
		proof: &[u8],
	) -> Result<VerifiedInfo, VerifyError> {
		Self::verify_with::<T::Groth16>(key, public_inputs, proof)
	}

	fn verify_weight(system: ProofSystem, statement_len: u32) -> Weight {
		let scalars = statement_len / provernet_zk::SCALAR_LEN as u32;
		match system {
			ProofSystem::Groth16Bn254 | ProofSystem::Attested => {
				T::WeightInfo::verify_groth16(scalars)
			},
			ProofSystem::Zkvm(Wrapper::Gnark) => T::WeightInfo::verify_gnark(scalars),
			// Pico and SP1 v4 hash less than SP1 v6 and derive two inputs, not five.
			ProofSystem::Zkvm(Wrapper::Pico | Wrapper::Sp1V4 | Wrapper::Sp1V6) => {
				T::WeightInfo::verify_sp1(statement_len)
			},
			ProofSystem::Zkvm(Wrapper::Risc0V3) => T::WeightInfo::verify_risc0(statement_len),
		}
	}

	fn max_verify_weight(statement_len: u32) -> Weight {
		[
			ProofSystem::Groth16Bn254,
			ProofSystem::Zkvm(Wrapper::Gnark),
			ProofSystem::Zkvm(Wrapper::Sp1V6),
			ProofSystem::Zkvm(Wrapper::Risc0V3),
		]
		.into_iter()
		.map(|s| Self::verify_weight(s, statement_len))
		.fold(Weight::zero(), |a, b| a.max(b))
	}
}
