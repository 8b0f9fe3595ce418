//! # TODA auction (in progress)
//!
//! Where demand meets supply: rounds that open and close by themselves, sealed asks with bid
//! bonds, and a frozen snapshot of each round's market for the TODA mechanism to clear.
//!
//! **Status**: rounds, sealed asks (commit and reveal, bonds held, forfeited or released), the
//! snapshot at reveal close, the offchain-worker solver and its authorized submission during the
//! clearing window, the signed fallback, exact on-chain verification and assignment, roll-over
//! and the price history are here. Benchmarks, generated weights (the weights below are
//! storage-access estimates) and the runtime/node integration with a scripted round on a `--dev`
//! node come next (issue #7).
//!
//! ## Clearing
//!
//! The **offchain worker** (a thin hook over [`solve`], which anyone can run outside the runtime)
//! reads each snapshot waiting in its clearing window, runs `toda::clear`, checks the result with
//! the same `toda::verify` the chain uses, and submits `submit_clearing_authorized(round, clearing)`
//! as an authorized general transaction (`#[pallet::authorize]`: local or in-block source only,
//! one per round in the pool via `provides(round)`, longevity = the rest of the window, not
//! propagated). It remembers per round in offchain storage that it submitted, so it does not
//! recompute every block. The call re-verifies against the stored snapshot.
//!
//! If none landed in the clearing window, `submit_clearing(round, clearing)` (signed, during the
//! fallback window that follows) is checked with `toda::verify` against the stored snapshot — it must be exactly
//! the output of the round's mechanism — and then every trade assigns its lot to its ask's prover
//! at the lot's unit price through [`JobMarket::assign`] (a trade whose assignment fails, e.g. the
//! prover's stake no longer covers the obligation, is skipped and reported; its lot stays open).
//! Revealed bonds are released, the submitter receives `FallbackReward` from the treasury (best
//! effort), and each class's clearing price, volume and counts are pushed to a bounded
//! [`PriceHistory`].
//!
//! ## Rounds
//!
//! Round `r` has a commit window (`CommitBlocks`), then a reveal window (`RevealBlocks`), then a
//! clearing window (`ClearingBlocks`) and a fallback window of the same length. Round `r + 1`
//! opens when `r`'s commit window closes, so the market never pauses. The windows are read from
//! the governed parameters when a round opens and stored with it ([`RoundInfo`]).
//!
//! ## Sealed asks
//!
//! `commit_ask(round, class, commitment)` by an active prover that serves `class`, during the
//! round's commit window, holds `BidBond` (once per round and class; committing again replaces the
//! commitment). At most `MaxAsksPerClass` provers commit per class and round.
//!
//! `reveal_ask(round, class, unit_price, capacity, salt)` during the reveal window must match:
//!
//! ```text
//! commitment = blake2_256(SCALE((round: u64, class: u32, prover: AccountId,
//!                                unit_price: u128, capacity: u32, salt: [u8; 32])))
//! ```
//!
//! ([`commitment_of`] computes it; agents must use exactly this encoding), and `capacity` must be
//! within the capacity the prover declared for the class. When the reveal window closes, bonds of
//! unrevealed commitments go to the treasury; the round's seed is
//! `blake2_256("toda-seed" ‖ round ‖ salts of the revealed asks in reveal order)` — randomness that
//! did not exist before the reveal closed and that one party can only withhold by forfeiting its
//! bond; and the round's input is frozen into a [`toda::Snapshot`] (open lots per class from the
//! job escrow, revealed asks, seed, fee) with its fingerprint `blake2_256(SCALE(snapshot))`.
//! Revealed bonds are released when the round is cleared or rolls over.

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
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	ensure,
	traits::{
		fungible::{self, MutateHold},
		tokens::{Fortitude, Precision, Restriction},
		Get,
	},
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use provernet_primitives::{jobs::JobMarket, ClassId, Prover, ProverStaking};
use scale_info::TypeInfo;
use sp_runtime::{traits::Saturating, Perbill, SaturatedConversion, Weight};

/// The balance type of the pallet's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A round's number.
pub type RoundIndex = u64;

/// Most rounds the hook and the offchain worker look at in one block (the oldest live first).
pub const MAX_LIVE_ROUNDS: u64 = 16;

/// Where a round is.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum RoundStatus {
	/// Taking sealed asks.
	Commit,
	/// Taking reveals.
	Reveal,
	/// Snapshot frozen; waiting for a clearing.
	Clearing,
	/// Cleared: lots assigned.
	Cleared,
	/// No clearing in time: lots stay open for the next rounds, bonds released.
	RolledOver,
}

/// A round's schedule and state.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct RoundInfo<BlockNumber> {
	/// The first block of the commit window.
	pub commit_from: BlockNumber,
	/// The first block after the commit window (= the reveal window's first).
	pub commit_until: BlockNumber,
	/// The first block after the reveal window (the snapshot is taken then).
	pub reveal_until: BlockNumber,
	/// The first block after the clearing window (the signed fallback may submit from then).
	pub clearing_until: BlockNumber,
	/// The first block after the fallback window (the round rolls over then).
	pub fallback_until: BlockNumber,
	/// The mechanism in force (0 McAfee, 1 SBBA, 2 MUDA).
	pub mechanism: u8,
	/// The market fee in force.
	pub fee: Perbill,
	/// Where it is.
	pub status: RoundStatus,
	/// The seed accumulator (final once the reveal closes).
	pub seed: [u8; 32],
	/// The snapshot's fingerprint, once frozen.
	pub fingerprint: Option<[u8; 32]>,
	/// Asks in the snapshot (over all classes), once frozen.
	pub asks: u32,
	/// Lots in the snapshot (over all classes), once frozen.
	pub lots: u32,
}

/// A revealed ask.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct RevealedAsk<AccountId, Balance> {
	/// The prover.
	pub prover: AccountId,
	/// Its price per unit of size.
	pub unit_price: Balance,
	/// Lots it takes at most.
	pub capacity: u32,
}

/// What the benchmarks need from the runtime.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId, Balance> {
	/// The class the benchmarks use.
	fn class() -> ClassId;
	/// The `i`-th funded, active prover serving [`Self::class`] with capacity and stake for
	/// `MaxLotsPerClass` lots.
	fn prover(i: u32) -> AccountId;
	/// Puts `n` open lots of [`Self::class`] in the job market.
	fn open_lots(n: u32);
}

/// One class's result in one round.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct PricePoint {
	/// The round.
	pub round: RoundIndex,
	/// What lots paid per unit of size (the first group's price; 0 if nothing traded).
	pub lot_unit_price: u128,
	/// What asks were paid per unit of size, before the fee.
	pub ask_unit_price: u128,
	/// Lots assigned.
	pub volume: u32,
	/// Lots in the snapshot.
	pub lots: u32,
	/// Asks in the snapshot.
	pub asks: u32,
}

/// The mechanism a governed value selects (0 McAfee, 1 SBBA, 2 MUDA; anything else McAfee).
#[must_use]
pub fn mechanism_of(value: u8) -> toda::Mechanism {
	match value {
		1 => toda::Mechanism::Sbba,
		2 => toda::Mechanism::Muda,
		_ => toda::Mechanism::McAfee,
	}
}

/// The solver: clears a snapshot with the round's mechanism and checks the result with the same
/// `toda::verify` the chain runs. Usable outside the runtime (agents, tools).
///
/// # Errors
/// If the snapshot cannot be cleared or the clearing does not verify.
pub fn solve(snapshot: &toda::Snapshot, mechanism: u8) -> Result<toda::Clearing, SolveError> {
	let clearing =
		toda::clear(snapshot, mechanism_of(mechanism)).map_err(|_| SolveError::CannotClear)?;
	toda::verify(snapshot, &clearing).map_err(|_| SolveError::DoesNotVerify)?;
	Ok(clearing)
}

/// Why [`solve`] produced nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SolveError {
	/// The snapshot is outside the library's limits.
	CannotClear,
	/// The library's clearing did not pass its own verification (a library bug).
	DoesNotVerify,
}

/// The commitment of an ask (see the crate docs for the exact encoding).
#[must_use]
pub fn commitment_of<AccountId: Encode>(
	round: RoundIndex,
	class: ClassId,
	prover: &AccountId,
	unit_price: u128,
	capacity: u32,
	salt: [u8; 32],
) -> [u8; 32] {
	sp_io::hashing::blake2_256(&(round, class, prover, unit_price, capacity, salt).encode())
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
		/// A sealed ask's bid bond.
		BidBond,
	}

	#[pallet::config]
	pub trait Config:
		frame_system::Config + frame_system::offchain::CreateAuthorizedTransaction<Call<Self>>
	{
		/// BREV, for bid bonds.
		type Currency: fungible::Inspect<Self::AccountId>
			+ fungible::Mutate<Self::AccountId>
			+ fungible::InspectHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::hold::Mutate<Self::AccountId, Reason = Self::RuntimeHoldReason>;
		/// The runtime's hold reasons.
		type RuntimeHoldReason: From<HoldReason>;
		/// Prover eligibility and declared capacities.
		type Staking: ProverStaking<Self::AccountId, Balance = BalanceOf<Self>>;
		/// The job escrow: open lots in, assignments out.
		type Market: JobMarket<Self::AccountId, BalanceOf<Self>>;
		/// Governed: commit window length.
		type CommitBlocks: Get<BlockNumberFor<Self>>;
		/// Governed: reveal window length.
		type RevealBlocks: Get<BlockNumberFor<Self>>;
		/// Governed: clearing window length (the fallback window has the same length).
		type ClearingBlocks: Get<BlockNumberFor<Self>>;
		/// Governed: the mechanism (0 McAfee, 1 SBBA, 2 MUDA).
		type Mechanism: Get<u8>;
		/// Governed: the market fee (applied by gross-up in the mechanism).
		type MarketFee: Get<Perbill>;
		/// Governed: the bond held with a sealed ask.
		type BidBond: Get<BalanceOf<Self>>;
		/// Receives forfeited bonds and pays fallback rewards.
		type Treasury: Get<Self::AccountId>;
		/// Governed: paid from the treasury to whoever submits a clearing in the fallback window.
		type FallbackReward: Get<BalanceOf<Self>>;
		/// Price points kept per class.
		#[pallet::constant]
		type HistoryLen: Get<u32>;
		/// Most asks per class and round.
		#[pallet::constant]
		type MaxAsksPerClass: Get<u32>;
		/// Most classes with asks per round.
		#[pallet::constant]
		type MaxClassesPerRound: Get<u32>;
		/// Most lots per class in a snapshot.
		#[pallet::constant]
		type MaxLotsPerClass: Get<u32>;
		/// Most lots in a snapshot over all its classes (bounds the clearing's weight).
		#[pallet::constant]
		type MaxLotsPerRound: Get<u32>;
		/// Weights.
		type WeightInfo: WeightInfo;
		/// Sets up provers and open lots for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId, BalanceOf<Self>>;
	}

	/// The round taking commitments.
	#[pallet::storage]
	pub type CurrentRound<T: Config> = StorageValue<_, RoundIndex, ValueQuery>;

	/// Rounds.
	#[pallet::storage]
	pub type Rounds<T: Config> =
		StorageMap<_, Twox64Concat, RoundIndex, RoundInfo<BlockNumberFor<T>>>;

	/// Sealed asks: (round, class, prover) → (commitment, bond held).
	#[pallet::storage]
	pub type Commitments<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, RoundIndex>,
			NMapKey<Twox64Concat, ClassId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
		),
		([u8; 32], BalanceOf<T>),
	>;

	/// Provers that committed, per round and class (bounds the commitments).
	#[pallet::storage]
	pub type Committers<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		RoundIndex,
		Twox64Concat,
		ClassId,
		BoundedVec<T::AccountId, T::MaxAsksPerClass>,
		ValueQuery,
	>;

	/// Classes with commitments, per round.
	#[pallet::storage]
	pub type RoundClasses<T: Config> = StorageMap<
		_,
		Twox64Concat,
		RoundIndex,
		BoundedVec<ClassId, T::MaxClassesPerRound>,
		ValueQuery,
	>;

	/// Revealed asks per round and class, in reveal order (an ask's id in the snapshot is its
	/// index here).
	#[pallet::storage]
	pub type Asks<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		RoundIndex,
		Twox64Concat,
		ClassId,
		BoundedVec<RevealedAsk<T::AccountId, BalanceOf<T>>, T::MaxAsksPerClass>,
		ValueQuery,
	>;

	/// Frozen snapshots of rounds waiting for a clearing (bounded by `MaxClassesPerRound ×
	/// (MaxLotsPerClass + MaxAsksPerClass)` orders).
	#[pallet::storage]
	#[pallet::unbounded]
	pub type Snapshots<T: Config> = StorageMap<_, Twox64Concat, RoundIndex, toda::Snapshot>;

	/// The lots the latest cleared round assigned: `(lot, class, prover, unit price)`. That round's
	/// snapshot is kept with it (until the next clearing) so anyone can check each assignment
	/// against the frozen market.
	#[pallet::storage]
	pub type Assignments<T: Config> = StorageMap<
		_,
		Twox64Concat,
		RoundIndex,
		BoundedVec<(u64, ClassId, T::AccountId, BalanceOf<T>), T::MaxLotsPerRound>,
		ValueQuery,
	>;

	/// The latest cleared round.
	#[pallet::storage]
	pub type LastCleared<T: Config> = StorageValue<_, RoundIndex>;

	/// The oldest round that is not yet cleared or rolled over.
	#[pallet::storage]
	pub type OldestLive<T: Config> = StorageValue<_, RoundIndex, ValueQuery>;

	/// Recent clearings per class, oldest first.
	#[pallet::storage]
	pub type PriceHistory<T: Config> =
		StorageMap<_, Twox64Concat, ClassId, BoundedVec<PricePoint, T::HistoryLen>, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A clearing was verified and applied.
		RoundCleared {
			/// The round.
			round: RoundIndex,
			/// Lots assigned.
			assigned: u32,
			/// Who submitted it (`None`: the offchain worker's authorized transaction).
			submitter: Option<T::AccountId>,
		},
		/// A winning lot could not be assigned (it stays open).
		AssignmentSkipped {
			/// The round.
			round: RoundIndex,
			/// The lot.
			lot: u64,
			/// The prover.
			prover: T::AccountId,
		},
		/// A round opened for commitments.
		RoundOpened {
			/// The round.
			round: RoundIndex,
			/// Its schedule.
			info: RoundInfo<BlockNumberFor<T>>,
		},
		/// A sealed ask was committed (or replaced).
		AskCommitted {
			/// The round.
			round: RoundIndex,
			/// The class.
			class: ClassId,
			/// The prover.
			prover: T::AccountId,
		},
		/// An ask was revealed.
		AskRevealed {
			/// The round.
			round: RoundIndex,
			/// The class.
			class: ClassId,
			/// The prover.
			prover: T::AccountId,
			/// Price per unit of size.
			unit_price: BalanceOf<T>,
			/// Capacity in lots.
			capacity: u32,
		},
		/// An unrevealed commitment's bond went to the treasury.
		BondForfeited {
			/// The round.
			round: RoundIndex,
			/// The prover.
			prover: T::AccountId,
			/// The bond.
			amount: BalanceOf<T>,
		},
		/// The round's input was frozen.
		SnapshotTaken {
			/// The round.
			round: RoundIndex,
			/// The seed.
			seed: [u8; 32],
			/// `blake2_256(SCALE(snapshot))`.
			fingerprint: [u8; 32],
			/// Lots in it.
			lots: u32,
			/// Asks in it.
			asks: u32,
		},
		/// No clearing landed in time: the lots stay open, bonds were released.
		RoundRolledOver {
			/// The round.
			round: RoundIndex,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The round is not in its commit window.
		NotCommitting,
		/// The round is not in its reveal window.
		NotRevealing,
		/// The prover is not active or does not serve the class.
		NotEligible,
		/// `MaxAsksPerClass` provers already committed in this class and round.
		AsksFull,
		/// `MaxClassesPerRound` classes already have asks this round.
		ClassesFull,
		/// The bid bond cannot be held.
		InsufficientBond,
		/// No commitment for this round, class and prover.
		NoCommitment,
		/// The reveal does not match the commitment.
		CommitmentMismatch,
		/// The capacity is zero or above what the prover declared for the class.
		CapacityTooLarge,
		/// This ask was already revealed.
		AlreadyRevealed,
		/// The round has no snapshot waiting for a clearing.
		NotClearing,
		/// Signed submissions are accepted only in the fallback window.
		TooEarly,
		/// The clearing is not exactly the mechanism's output for the snapshot.
		InvalidClearing,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let mut reads = 1u64;
			let current = CurrentRound::<T>::get();
			match Rounds::<T>::get(current) {
				None => Self::open_round(current, now),
				Some(info) if info.commit_until <= now => {
					Rounds::<T>::mutate(current, |i| {
						if let Some(i) = i {
							i.status = RoundStatus::Reveal
						}
					});
					Self::open_round(current + 1, now);
				},
				Some(_) => {},
			}
			// The previous rounds move on through reveal, clearing and fallback.
			let mut weight = Weight::zero();
			let oldest = OldestLive::<T>::get();
			let mut still_live = None;
			let live = Self::live_rounds(oldest, current);
			let end = live.end;
			for r in live {
				reads += 1;
				let Some(info) = Rounds::<T>::get(r) else { continue };
				match info.status {
					RoundStatus::Reveal if info.reveal_until <= now => {
						let (a, l) = Self::take_snapshot(r);
						weight.saturating_accrue(T::WeightInfo::snapshot(a, l));
					},
					RoundStatus::Clearing if info.fallback_until <= now => {
						weight.saturating_accrue(T::WeightInfo::roll_over(info.asks));
						Self::roll_over(r);
						continue;
					},
					RoundStatus::Cleared | RoundStatus::RolledOver => continue,
					_ => {},
				}
				still_live.get_or_insert(r);
			}
			let oldest_now = still_live.unwrap_or(end);
			if oldest_now != oldest {
				OldestLive::<T>::put(oldest_now);
			}
			weight.saturating_add(T::DbWeight::get().reads_writes(reads, 4))
		}

		fn offchain_worker(now: BlockNumberFor<T>) {
			let current = CurrentRound::<T>::get();
			for round in Self::live_rounds(OldestLive::<T>::get(), current) {
				let Some(info) = Rounds::<T>::get(round) else { continue };
				if info.status != RoundStatus::Clearing || now >= info.clearing_until {
					continue;
				}
				let key = (b"provernet/toda/submitted", round).encode();
				let done = sp_runtime::offchain::storage::StorageValueRef::persistent(&key);
				if let Ok(Some(true)) = done.get::<bool>() {
					continue;
				}
				let Some(snapshot) = Snapshots::<T>::get(round) else { continue };
				let Ok(clearing) = solve(&snapshot, info.mechanism) else {
					log::warn!(target: "toda", "round {round}: no valid clearing computed");
					continue;
				};
				let xt = T::create_authorized_transaction(
					Call::<T>::submit_clearing_authorized { round, clearing }.into(),
				);
				match frame_system::offchain::SubmitTransaction::<T, Call<T>>::submit_transaction(
					xt,
				) {
					Ok(()) => {
						done.set(&true);
						log::info!(target: "toda", "round {round}: clearing submitted");
					},
					Err(()) => {
						log::warn!(target: "toda", "round {round}: the pool refused the clearing")
					},
				}
			}
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Commits a sealed ask for `class` in `round` and holds the bid bond (once per round
		/// and class; a new commitment replaces the old one).
		///
		/// Emits `AskCommitted`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::commit_ask())]
		pub fn commit_ask(
			origin: OriginFor<T>,
			round: RoundIndex,
			class: ClassId,
			commitment: [u8; 32],
		) -> DispatchResult {
			let prover = ensure_signed(origin)?;
			let now = frame_system::Pallet::<T>::block_number();
			let info = Rounds::<T>::get(round).ok_or(Error::<T>::NotCommitting)?;
			ensure!(
				info.status == RoundStatus::Commit && now < info.commit_until,
				Error::<T>::NotCommitting
			);
			let p = Prover(prover.clone());
			ensure!(
				T::Staking::is_active(&p) && T::Staking::serves(&p, class),
				Error::<T>::NotEligible
			);
			let key = (round, class, prover.clone());
			if let Some((_, bond)) = Commitments::<T>::get(&key) {
				Commitments::<T>::insert(&key, (commitment, bond));
			} else {
				Committers::<T>::try_mutate(round, class, |c| c.try_push(prover.clone()))
					.map_err(|_| Error::<T>::AsksFull)?;
				RoundClasses::<T>::try_mutate(round, |classes| {
					if !classes.contains(&class) {
						classes.try_push(class).map_err(|_| Error::<T>::ClassesFull)?;
					}
					Ok::<_, Error<T>>(())
				})?;
				let bond = T::BidBond::get();
				T::Currency::hold(&HoldReason::BidBond.into(), &prover, bond)
					.map_err(|_| Error::<T>::InsufficientBond)?;
				Commitments::<T>::insert(&key, (commitment, bond));
			}
			Self::deposit_event(Event::AskCommitted { round, class, prover });
			Ok(())
		}

		/// Reveals a committed ask; it must match the commitment exactly.
		///
		/// Emits `AskRevealed`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::reveal_ask())]
		pub fn reveal_ask(
			origin: OriginFor<T>,
			round: RoundIndex,
			class: ClassId,
			unit_price: BalanceOf<T>,
			capacity: u32,
			salt: [u8; 32],
		) -> DispatchResult {
			let prover = ensure_signed(origin)?;
			let now = frame_system::Pallet::<T>::block_number();
			let info = Rounds::<T>::get(round).ok_or(Error::<T>::NotRevealing)?;
			ensure!(
				info.status == RoundStatus::Reveal && now < info.reveal_until,
				Error::<T>::NotRevealing
			);
			let (commitment, _) = Commitments::<T>::get((round, class, prover.clone()))
				.ok_or(Error::<T>::NoCommitment)?;
			let expected = commitment_of(
				round,
				class,
				&prover,
				unit_price.saturated_into::<u128>(),
				capacity,
				salt,
			);
			ensure!(expected == commitment, Error::<T>::CommitmentMismatch);
			ensure!(
				capacity > 0 && capacity <= T::Staking::capacity(&Prover(prover.clone()), class),
				Error::<T>::CapacityTooLarge
			);
			Asks::<T>::try_mutate(round, class, |asks| {
				ensure!(!asks.iter().any(|a| a.prover == prover), Error::<T>::AlreadyRevealed);
				asks.try_push(RevealedAsk { prover: prover.clone(), unit_price, capacity })
					.map_err(|_| Error::<T>::AsksFull)
			})?;
			Rounds::<T>::mutate(round, |i| {
				if let Some(i) = i {
					let mut pre = i.seed.to_vec();
					pre.extend_from_slice(&salt);
					i.seed = sp_io::hashing::blake2_256(&pre);
				}
			});
			Self::deposit_event(Event::AskRevealed { round, class, prover, unit_price, capacity });
			Ok(())
		}

		#[pallet::call_index(3)]
		#[pallet::weight(Pallet::<T>::clearing_weight(*round))]
		#[pallet::authorize(Pallet::<T>::authorize_clearing)]
		#[pallet::weight_of_authorize(Pallet::<T>::authorize_weight(*round))]
		/// The offchain worker's clearing of `round`, during its clearing window; authorized by
		/// [`Pallet::authorize_clearing`] and verified again here.
		///
		/// Emits `RoundCleared`.
		pub fn submit_clearing_authorized(
			origin: OriginFor<T>,
			round: RoundIndex,
			clearing: toda::Clearing,
		) -> DispatchResult {
			frame_system::ensure_authorized(origin)?;
			let info = Rounds::<T>::get(round).ok_or(Error::<T>::NotClearing)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(info.status == RoundStatus::Clearing, Error::<T>::NotClearing);
			ensure!(now < info.clearing_until, Error::<T>::NotClearing);
			Self::apply_clearing(round, &info, &clearing, None)
		}

		#[pallet::call_index(2)]
		#[pallet::weight(Pallet::<T>::clearing_weight(*round))]
		/// Submits the clearing of `round` in its fallback window; verified exactly against the
		/// snapshot, then applied.
		///
		/// Emits `RoundCleared` (and `AssignmentSkipped` for trades that could not be assigned).
		pub fn submit_clearing(
			origin: OriginFor<T>,
			round: RoundIndex,
			clearing: toda::Clearing,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let info = Rounds::<T>::get(round).ok_or(Error::<T>::NotClearing)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(info.status == RoundStatus::Clearing, Error::<T>::NotClearing);
			ensure!(now >= info.clearing_until, Error::<T>::TooEarly);
			Self::apply_clearing(round, &info, &clearing, Some(who.clone()))?;
			let _ = <T::Currency as fungible::Mutate<T::AccountId>>::transfer(
				&T::Treasury::get(),
				&who,
				T::FallbackReward::get(),
				frame_support::traits::tokens::Preservation::Preserve,
			);
			Ok(())
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// A class's recent clearings, oldest first.
		pub fn price_history(class: ClassId) -> Vec<PricePoint> {
			PriceHistory::<T>::get(class).into_inner()
		}

		/// A round's schedule and state.
		pub fn round(round: RoundIndex) -> Option<RoundInfo<BlockNumberFor<T>>> {
			Rounds::<T>::get(round)
		}

		/// The lots the latest cleared round assigned, if `round` is it: `(lot, class, prover,
		/// unit price)`.
		pub fn assignments(round: RoundIndex) -> Vec<(u64, ClassId, T::AccountId, BalanceOf<T>)> {
			Assignments::<T>::get(round).into_inner()
		}

		/// The round taking commitments.
		pub fn current_round() -> RoundIndex {
			CurrentRound::<T>::get()
		}

		/// A prover's asks in a round: per class, whether it committed and what it revealed.
		pub fn asks_of(
			round: RoundIndex,
			prover: T::AccountId,
		) -> Vec<(ClassId, Option<RevealedAsk<T::AccountId, BalanceOf<T>>>)> {
			RoundClasses::<T>::get(round)
				.into_iter()
				.filter(|class| Commitments::<T>::contains_key((round, *class, prover.clone())))
				.map(|class| {
					let revealed =
						Asks::<T>::get(round, class).into_iter().find(|a| a.prover == prover);
					(class, revealed)
				})
				.collect()
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Rounds that may still need the hook or the offchain worker: from the oldest live one, at
	/// most `MAX_LIVE_ROUNDS` (younger ones wait; the parameter ranges keep a round's life within
	/// that many commit windows).
	fn live_rounds(oldest: RoundIndex, current: RoundIndex) -> core::ops::Range<RoundIndex> {
		oldest.min(current)..current.min(oldest.saturating_add(MAX_LIVE_ROUNDS))
	}

	/// The weight of applying `round`'s clearing: its snapshot's asks and lots (read from the
	/// round's record, a few bytes), every lot assigned. A round that is not clearing fails at
	/// once.
	pub fn clearing_weight(round: RoundIndex) -> Weight {
		let (a, l) = Rounds::<T>::get(round).map(|i| (i.asks, i.lots)).unwrap_or_default();
		T::WeightInfo::submit_clearing(a, l)
	}

	/// The weight of the pool's check of `round`'s clearing.
	pub fn authorize_weight(round: RoundIndex) -> Weight {
		let (a, l) = Rounds::<T>::get(round).map(|i| (i.asks, i.lots)).unwrap_or_default();
		T::WeightInfo::authorize_clearing(a, l)
	}

	fn open_round(round: RoundIndex, now: BlockNumberFor<T>) {
		let commit_until = now.saturating_add(T::CommitBlocks::get());
		let reveal_until = commit_until.saturating_add(T::RevealBlocks::get());
		let clearing_until = reveal_until.saturating_add(T::ClearingBlocks::get());
		let mut seed = *b"toda-seed\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
		seed[24..].copy_from_slice(&round.to_le_bytes());
		let info = RoundInfo {
			commit_from: now,
			commit_until,
			reveal_until,
			clearing_until,
			fallback_until: clearing_until.saturating_add(T::ClearingBlocks::get()),
			mechanism: T::Mechanism::get(),
			fee: T::MarketFee::get(),
			status: RoundStatus::Commit,
			seed: sp_io::hashing::blake2_256(&seed),
			fingerprint: None,
			asks: 0,
			lots: 0,
		};
		Rounds::<T>::insert(round, info.clone());
		CurrentRound::<T>::put(round);
		Self::deposit_event(Event::RoundOpened { round, info });
	}

	/// Forfeits unrevealed bonds, builds the snapshot and stores its fingerprint. Returns its asks
	/// and lots.
	fn take_snapshot(round: RoundIndex) -> (u32, u32) {
		let Some(mut info) = Rounds::<T>::get(round) else { return (0, 0) };
		let mut classes = Vec::new();
		let (mut lots_n, mut asks_n) = (0u32, 0u32);
		for class in RoundClasses::<T>::get(round) {
			let asks = Asks::<T>::get(round, class);
			for prover in Committers::<T>::get(round, class) {
				if asks.iter().any(|a| a.prover == prover) {
					continue;
				}
				if let Some((_, bond)) = Commitments::<T>::take((round, class, prover.clone())) {
					let moved = T::Currency::transfer_on_hold(
						&HoldReason::BidBond.into(),
						&prover,
						&T::Treasury::get(),
						bond,
						Precision::BestEffort,
						Restriction::Free,
						Fortitude::Force,
					)
					.unwrap_or_default();
					Self::deposit_event(Event::BondForfeited { round, prover, amount: moved });
				}
			}
			if asks.is_empty() {
				continue;
			}
			let room = T::MaxLotsPerRound::get().saturating_sub(lots_n);
			let lots: Vec<toda::Lot> =
				T::Market::open_lots(class, T::MaxLotsPerClass::get().min(room))
					.into_iter()
					.map(|l| toda::Lot {
						id: l.id,
						max_value: l.max_fee.saturated_into::<u128>().min(toda::MAX_VALUE),
						size: l.size,
					})
					.collect();
			let asks: Vec<toda::Ask> = asks
				.iter()
				.enumerate()
				.map(|(i, a)| toda::Ask {
					id: i as u64,
					unit_price: a.unit_price.saturated_into::<u128>(),
					capacity: a.capacity,
				})
				.collect();
			lots_n += lots.len() as u32;
			asks_n += asks.len() as u32;
			classes.push(toda::ClassMarket { class, lots, asks });
		}
		let seed = sp_io::hashing::blake2_256(&(b"toda-seed", round, info.seed).encode());
		let snapshot =
			toda::Snapshot { round, seed, fee_ppm: info.fee.deconstruct() / 1_000, classes };
		let fingerprint = sp_io::hashing::blake2_256(&snapshot.encode());
		Snapshots::<T>::insert(round, snapshot);
		info.seed = seed;
		info.fingerprint = Some(fingerprint);
		info.status = RoundStatus::Clearing;
		info.asks = asks_n;
		info.lots = lots_n;
		Rounds::<T>::insert(round, info);
		Self::deposit_event(Event::SnapshotTaken {
			round,
			seed,
			fingerprint,
			lots: lots_n,
			asks: asks_n,
		});
		(asks_n, lots_n)
	}

	/// Validity of the offchain worker's clearing: local or in-block source only, the round in its
	/// clearing window, and the clearing exactly the mechanism's output for the snapshot.
	///
	/// # Errors
	/// `InvalidTransaction::Call` otherwise; `Stale` after the window.
	pub fn authorize_clearing(
		source: sp_runtime::transaction_validity::TransactionSource,
		round: &RoundIndex,
		clearing: &toda::Clearing,
	) -> sp_runtime::transaction_validity::TransactionValidityWithRefund {
		use sp_runtime::transaction_validity::{
			InvalidTransaction, TransactionSource, ValidTransaction,
		};
		if !matches!(source, TransactionSource::Local | TransactionSource::InBlock) {
			return Err(InvalidTransaction::Call.into());
		}
		let info = Rounds::<T>::get(round).ok_or(InvalidTransaction::Call)?;
		let now = frame_system::Pallet::<T>::block_number();
		if info.status != RoundStatus::Clearing || now >= info.clearing_until {
			return Err(InvalidTransaction::Stale.into());
		}
		let snapshot = Snapshots::<T>::get(round).ok_or(InvalidTransaction::Call)?;
		if clearing.mechanism != mechanism_of(info.mechanism)
			|| toda::verify(&snapshot, clearing).is_err()
		{
			return Err(InvalidTransaction::Call.into());
		}
		let left: u64 = info.clearing_until.saturating_sub(now).saturated_into();
		let validity = ValidTransaction::with_tag_prefix("ProverNetTodaClearing")
			.priority(sp_runtime::transaction_validity::TransactionPriority::MAX / 2)
			.and_provides(round)
			.longevity(left.max(1))
			.propagate(false)
			.build()?;
		Ok((validity, frame_support::weights::Weight::zero()))
	}

	/// Verifies a clearing against the round's snapshot and applies it.
	fn apply_clearing(
		round: RoundIndex,
		info: &RoundInfo<BlockNumberFor<T>>,
		clearing: &toda::Clearing,
		submitter: Option<T::AccountId>,
	) -> sp_runtime::DispatchResult {
		let snapshot = Snapshots::<T>::get(round).ok_or(Error::<T>::NotClearing)?;
		ensure!(clearing.mechanism == mechanism_of(info.mechanism), Error::<T>::InvalidClearing);
		toda::verify(&snapshot, clearing).map_err(|_| Error::<T>::InvalidClearing)?;
		let mut assigned = 0u32;
		let mut record = Vec::new();
		for (market, result) in snapshot.classes.iter().zip(&clearing.classes) {
			let asks = Asks::<T>::get(round, market.class);
			let mut volume = 0u32;
			for trade in &result.trades {
				let Some(ask) = asks.get(trade.ask as usize) else { continue };
				let price: BalanceOf<T> = trade.lot_unit_price.saturated_into();
				if T::Market::assign(trade.lot, &ask.prover, price).is_ok() {
					volume += 1;
					record.push((trade.lot, market.class, ask.prover.clone(), price));
				} else {
					Self::deposit_event(Event::AssignmentSkipped {
						round,
						lot: trade.lot,
						prover: ask.prover.clone(),
					});
				}
			}
			assigned += volume;
			let (lot_unit_price, ask_unit_price) =
				result.prices.first().map(|p| (p.lot, p.ask)).unwrap_or_default();
			PriceHistory::<T>::mutate(market.class, |h| {
				if h.is_full() {
					h.remove(0);
				}
				let _ = h.try_push(PricePoint {
					round,
					lot_unit_price,
					ask_unit_price,
					volume,
					lots: market.lots.len() as u32,
					asks: market.asks.len() as u32,
				});
			});
		}
		Self::release_bonds(round);
		// Keep this round's snapshot and assignments (for anyone to check), drop the previous.
		if let Some(previous) = LastCleared::<T>::get() {
			Snapshots::<T>::remove(previous);
			Assignments::<T>::remove(previous);
		}
		LastCleared::<T>::put(round);
		// At most one trade per lot of the snapshot, which holds at most MaxLotsPerRound lots.
		Assignments::<T>::insert(round, BoundedVec::truncate_from(record));
		Rounds::<T>::mutate(round, |i| {
			if let Some(i) = i {
				i.status = RoundStatus::Cleared
			}
		});
		Self::deposit_event(Event::RoundCleared { round, assigned, submitter });
		Ok(())
	}

	/// Releases every revealed bond of a round and drops its asks.
	fn release_bonds(round: RoundIndex) {
		for class in RoundClasses::<T>::take(round) {
			for prover in Committers::<T>::take(round, class) {
				if let Some((_, bond)) = Commitments::<T>::take((round, class, prover.clone())) {
					let _ = T::Currency::release(
						&HoldReason::BidBond.into(),
						&prover,
						bond,
						Precision::BestEffort,
					);
				}
			}
			Asks::<T>::remove(round, class);
		}
	}

	/// No clearing in time: lots stay open in the escrow (they roll over), bonds are released.
	fn roll_over(round: RoundIndex) {
		Self::release_bonds(round);
		Snapshots::<T>::remove(round);
		Rounds::<T>::mutate(round, |i| {
			if let Some(i) = i {
				i.status = RoundStatus::RolledOver
			}
		});
		Self::deposit_event(Event::RoundRolledOver { round });
	}

	/// The books: bonds held per prover equal its live commitments'; every lot the latest clearing
	/// assigned was in that round's snapshot, in its class, to a prover who revealed an ask there
	/// (at most once per lot); only clearing rounds and the latest cleared one keep a snapshot.
	///
	/// # Errors
	/// The first inconsistency.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::traits::fungible::InspectHold;
		let mut held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for ((_, _, prover), (_, bond)) in Commitments::<T>::iter() {
			let e = held.entry(prover).or_default();
			*e = e.saturating_add(bond);
		}
		for (who, total) in held {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::BidBond.into(), &who) == total,
				"held bid bonds differ from the commitments"
			);
		}
		let last = LastCleared::<T>::get();
		for (round, assigned) in Assignments::<T>::iter() {
			ensure!(Some(round) == last, "assignments kept for a round that is not the latest");
			let snapshot =
				Snapshots::<T>::get(round).ok_or("assignments without their snapshot")?;
			let mut seen = alloc::collections::btree_set::BTreeSet::new();
			for (lot, class, _, _) in assigned.iter() {
				ensure!(seen.insert(*lot), "a lot assigned twice in one clearing");
				let market = snapshot
					.classes
					.iter()
					.find(|m| m.class == *class)
					.ok_or("an assignment in a class outside the snapshot")?;
				ensure!(
					market.lots.iter().any(|l| l.id == *lot),
					"an assigned lot outside the snapshot"
				);
			}
		}
		for round in Snapshots::<T>::iter_keys() {
			let status = Rounds::<T>::get(round).map(|i| i.status);
			ensure!(
				status == Some(RoundStatus::Clearing) || Some(round) == last,
				"a snapshot kept for a round that is neither clearing nor the latest cleared"
			);
		}
		Ok(())
	}
}
