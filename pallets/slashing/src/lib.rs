//! # Slashing
//!
//! Service-level violations cost stake under rules everyone can read and governance can correct.
//!
//! ## Overview
//!
//! The job escrow reports violations through [`SlashingHandler::report_violation`]: a prover who
//! missed a lot's deadline, and a prover whose attested proof was disputed and the dispute upheld. Each
//! becomes a **pending slash** with its evidence (prover, requester, lot, kind, block), applied
//! `DeferralWindow` blocks later unless governance cancels it with `cancel_slash(id, reason)` — the
//! deferred-slash idea of `pallet-staking`. With a zero window, slashes apply in the next block.
//!
//! **Amount**: the lot's stake tier × `SlashFraction`, flat. Graduating by lateness was not chosen:
//! a proof is either in before the deadline or useless to the requester, and a flat amount is what a
//! prover can price into its asks. **Who pays** is fixed when the violation is reported: prover
//! staking records the exposure ([`ProverStaking::record_exposure`]: each staker who backed the
//! prover then, and its pro-rata share over self-stake, delegations and unbonding stake), and those
//! stakers cannot withdraw what they owe until the slash applies or is cancelled. When it applies
//! ([`ProverStaking::slash_exposure`]) each of them pays its share even if it has started
//! unbonding since; a delegator who joined after the report pays nothing. (An upheld dispute is
//! reported at the ruling, so a delegator who joins a prover while its attestation is publicly
//! disputed shares that risk.) The governed ranges keep the longest path from a violation to its
//! slash — acceptance window, ruling window, deferral, plus a margin — shorter than the unbonding
//! delay, so stake that starts unbonding at the violation is still there to pay. `RequesterShare` of what is
//! taken goes to the requester, the rest to the staking pallet's slash handler (the treasury). Repeated slashes jail the prover:
//! prover staking counts them (`JailAfterSlashes` within `SlashWindow`).
//!
//! **Disputes** of attested proofs live in the job escrow (bond, ruling deadline, default
//! outcome); an upheld dispute reaches this pallet like a miss, as a violation of kind
//! [`ViolationKind::DisputeUpheld`]. Nothing here calls back into the escrow: violations flow one
//! way, escrow → slashing → staking.
//!
//! Reporting a violation never fails: it records the exposure (O(`MaxDelegators`) reads of the
//! prover's stakers) and queues the pending slash by the block it applies at
//! ([`provernet_primitives::queue`], O(1)). `on_initialize` applies at most
//! `MaxSlashesPerBlock` due slashes (each a slash over up to `MaxDelegators` stakes), oldest first;
//! the rest wait for the next blocks. So a clearing that assigns hundreds of lots, or a block in
//! which many deadlines pass, never pays for hundreds of slashes in one block.

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
use frame_support::{ensure, traits::Get};
use frame_system::pallet_prelude::BlockNumberFor;
use provernet_primitives::{
	jobs::{LotId, SlashingHandler},
	queue, ExposureId, Prover, ProverStaking,
};
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{One, Saturating, Zero},
	Perbill, Weight,
};

pub use provernet_primitives::jobs::ViolationKind;

/// The balance type (prover staking's).
pub type BalanceOf<T> = <T as Config>::Balance;

/// A pending slash's id.
pub type SlashId = u64;

/// A violation waiting for its deferral window to pass.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct PendingSlash<AccountId, Balance, BlockNumber> {
	/// The prover.
	pub prover: AccountId,
	/// The requester, who receives its share.
	pub requester: AccountId,
	/// The lot.
	pub lot: LotId,
	/// What happened.
	pub kind: ViolationKind,
	/// How much to slash: what the recorded exposure owes (the stake tier × `SlashFraction`, or
	/// all the prover's backers held if that was less).
	pub amount: Balance,
	/// Who backed the obligation when the violation was reported, and what each owes
	/// (recorded by prover staking; `None` if the prover was unknown to it).
	pub exposure: Option<ExposureId>,
	/// When it was reported.
	pub reported_at: BlockNumber,
	/// When it applies.
	pub apply_at: BlockNumber,
}

/// A pending slash in storage.
pub type PendingSlashOf<T> =
	PendingSlash<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Prover staking, which takes the slashes (and jails repeat offenders).
		type Staking: ProverStaking<Self::AccountId, Balance = Self::Balance>;
		/// BREV amounts (prover staking's balance type).
		type Balance: frame_support::traits::tokens::Balance;
		/// Governed: blocks a slash waits, cancellable, before it applies (0 = at once).
		type DeferralWindow: Get<BlockNumberFor<Self>>;
		/// Governed: the share of the lot's stake tier slashed per violation.
		type SlashFraction: Get<Perbill>;
		/// Governed: the requester's share of a slash.
		type RequesterShare: Get<Perbill>;
		/// Who cancels slashes.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Most slashes applied in one block (more due wait for the next blocks).
		#[pallet::constant]
		type MaxSlashesPerBlock: Get<u32>;
		/// Longest cancellation reason.
		#[pallet::constant]
		type MaxReasonLen: Get<u32>;
		/// Weights.
		type WeightInfo: WeightInfo;
		/// Sets up provers for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId, BalanceOf<Self>>;
	}

	/// The next pending slash's id.
	#[pallet::storage]
	pub type NextSlashId<T: Config> = StorageValue<_, SlashId, ValueQuery>;

	/// Pending slashes.
	#[pallet::storage]
	pub type PendingSlashes<T: Config> = StorageMap<_, Twox64Concat, SlashId, PendingSlashOf<T>>;

	/// Pending slashes by the block they apply at (at or after).
	#[pallet::storage]
	pub type ApplyAt<T: Config> =
		StorageDoubleMap<_, Twox64Concat, BlockNumberFor<T>, Twox64Concat, SlashId, ()>;

	/// The oldest block whose queue may still hold pending slashes.
	#[pallet::storage]
	pub type QueueCursor<T: Config> = StorageValue<_, BlockNumberFor<T>>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A violation was recorded; it applies at `apply_at` unless cancelled.
		SlashDeferred {
			/// The pending slash.
			id: SlashId,
			/// The prover.
			prover: T::AccountId,
			/// The lot.
			lot: LotId,
			/// What happened.
			kind: ViolationKind,
			/// How much.
			amount: BalanceOf<T>,
			/// When it applies.
			apply_at: BlockNumberFor<T>,
		},
		/// A prover was slashed.
		Slashed {
			/// The prover.
			prover: T::AccountId,
			/// The lot.
			lot: LotId,
			/// What happened.
			kind: ViolationKind,
			/// Taken from its stake.
			slashed: BalanceOf<T>,
			/// Of which paid to the requester.
			to_requester: BalanceOf<T>,
		},
		/// Governance cancelled a pending slash.
		SlashCancelled {
			/// The pending slash.
			id: SlashId,
			/// Why.
			reason: BoundedVec<u8, T::MaxReasonLen>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No pending slash has this id.
		UnknownSlash,
		/// The reason is longer than `MaxReasonLen`.
		ReasonTooLong,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let drained = queue::drain(
				QueueCursor::<T>::get().unwrap_or(now),
				now,
				T::MaxSlashesPerBlock::get(),
				queue::MAX_WALK,
				|at, n| {
					let ids: Vec<SlashId> =
						ApplyAt::<T>::iter_key_prefix(at).take(n as usize + 1).collect();
					let empty = ids.len() <= n as usize;
					let ids: Vec<SlashId> = ids.into_iter().take(n as usize).collect();
					ids.iter().for_each(|id| ApplyAt::<T>::remove(at, id));
					(ids, empty)
				},
				|id| {
					if let Some(p) = PendingSlashes::<T>::take(id) {
						Self::apply(&p);
					}
				},
			);
			QueueCursor::<T>::put(drained.cursor);
			T::WeightInfo::on_initialize(drained.items)
				.saturating_add(T::DbWeight::get().reads_writes(drained.walked.into(), 1))
		}

		fn integrity_test() {
			assert!(T::MaxSlashesPerBlock::get() > 0, "slashes must be applied");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Cancels a pending slash, with the reason. Governance only.
		///
		/// Emits `SlashCancelled`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::cancel_slash())]
		pub fn cancel_slash(origin: OriginFor<T>, id: SlashId, reason: Vec<u8>) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let reason: BoundedVec<u8, T::MaxReasonLen> =
				reason.try_into().map_err(|_| Error::<T>::ReasonTooLong)?;
			let p = PendingSlashes::<T>::take(id).ok_or(Error::<T>::UnknownSlash)?;
			ApplyAt::<T>::remove(p.apply_at, id);
			if let Some(exposure) = p.exposure {
				T::Staking::drop_exposure(exposure);
			}
			Self::deposit_event(Event::SlashCancelled { id, reason });
			Ok(())
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// Pending slashes (id and record), a page at a time: up to `limit` (at most
		/// `MAX_PAGE`) after the slash `after` (`None`: from the first), in storage order. Ask
		/// again with the last id until a page comes back short.
		pub fn pending_slashes(
			after: Option<SlashId>,
			limit: u32,
		) -> Vec<(SlashId, PendingSlashOf<T>)> {
			let iter = match after {
				Some(id) => PendingSlashes::<T>::iter_from(PendingSlashes::<T>::hashed_key_for(id)),
				None => PendingSlashes::<T>::iter(),
			};
			iter.take(limit.min(provernet_primitives::MAX_PAGE) as usize).collect()
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Applies a pending slash to the exposure recorded when its violation was reported.
	fn apply(p: &PendingSlashOf<T>) {
		let (slashed, to_requester) = p
			.exposure
			.and_then(|id| {
				T::Staking::slash_exposure(
					id,
					Some((p.requester.clone(), T::RequesterShare::get())),
				)
				.ok()
			})
			.unwrap_or_default();
		Self::deposit_event(Event::Slashed {
			prover: p.prover.clone(),
			lot: p.lot,
			kind: p.kind,
			slashed,
			to_requester,
		});
	}

	/// Records a violation as a pending slash, applied `DeferralWindow` (at least one) blocks
	/// later. O(1); never slashes here.
	fn report(
		prover: T::AccountId,
		requester: T::AccountId,
		lot: LotId,
		kind: ViolationKind,
		stake: BalanceOf<T>,
	) {
		let amount = T::SlashFraction::get() * stake;
		// Who backs the obligation now pays, even if it unbonds before the slash applies; who
		// joins later does not.
		let (exposure, amount) = match T::Staking::record_exposure(&Prover(prover.clone()), amount)
		{
			Ok((id, recorded)) => (Some(id), recorded),
			Err(_) => (None, Zero::zero()),
		};
		let now = frame_system::Pallet::<T>::block_number();
		let apply_at = now.saturating_add(T::DeferralWindow::get().max(One::one()));
		let id = NextSlashId::<T>::get();
		ApplyAt::<T>::insert(apply_at, id, ());
		// A u64: at `MaxSlashesPerBlock` a block it would take billions of years to wrap.
		NextSlashId::<T>::put(id.saturating_add(1));
		PendingSlashes::<T>::insert(
			id,
			PendingSlash {
				prover: prover.clone(),
				requester,
				lot,
				kind,
				amount,
				exposure,
				reported_at: now,
				apply_at,
			},
		);
		Self::deposit_event(Event::SlashDeferred { id, prover, lot, kind, amount, apply_at });
	}

	/// The books: every pending slash is queued exactly once at its block, and no queued slash
	/// lies behind the cursor.
	///
	/// # Errors
	/// The first inconsistency.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for (id, p) in PendingSlashes::<T>::iter() {
			ensure!(ApplyAt::<T>::contains_key(p.apply_at, id), "a pending slash is not queued");
		}
		let cursor = QueueCursor::<T>::get();
		for (at, id) in ApplyAt::<T>::iter_keys() {
			ensure!(PendingSlashes::<T>::contains_key(id), "a queued slash is not pending");
			ensure!(cursor.is_none_or(|c| at >= c), "a queued slash lies behind the cursor");
		}
		Ok(())
	}
}

/// What the benchmarks need from the runtime.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId, Balance> {
	/// A staked prover with the most delegators and a requester; returns `(prover, requester,
	/// stake tier)`.
	fn prover_and_requester() -> (AccountId, AccountId, Balance);
}

impl<T: Config> SlashingHandler<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn report_violation(
		prover: &T::AccountId,
		requester: &T::AccountId,
		lot: LotId,
		kind: ViolationKind,
		stake: BalanceOf<T>,
	) {
		Self::report(prover.clone(), requester.clone(), lot, kind, stake)
	}

	fn weight() -> Weight {
		T::WeightInfo::report()
	}
}
