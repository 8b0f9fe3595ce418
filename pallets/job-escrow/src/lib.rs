//! # Job escrow
//!
//! The requester's side of the market: a job is posted with its service level and its fees held;
//! each of its stages is auctioned, proved, verified and paid — or refunded. Never lost.
//!
//! ## A job's life
//!
//! `submit_job(index, stages, deadline, input)` posts a job of one or more **stages** (a bounded
//! DAG: a stage may depend on earlier ones, e.g. chunk proofs → aggregation → wrap). Each stage is
//! a **lot** with its own verifying key (which fixes the proof system), latency tier, stake tier,
//! public size `w` and max fee `M`. The sum of the max fees is put **on hold** on the requester's
//! account (`HoldReason::JobEscrow`) at once. The id is `(requester, index)`: nobody can take
//! another requester's id. Checks, each with its own error: the key is registered and usable under
//! the governed limits, the tiers exist, `0 < w ≤ MaxSize`, `M ≥ MinFee`, every stage can finish in
//! time (its dependencies' earliest finish, then the auction's longest wait `AuctionBlocks`, then
//! the tier's proving time),
//! stage deadlines are consistent (no later than the job's, after their dependencies'), the job's
//! deadline is within `MaxDeadlineBlocks`, inputs and data within bounds, and the balance covers
//! the escrow.
//!
//! A stage with no dependencies is **open** for the auction at once; the others **wait** until
//! every stage they depend on is fulfilled. Every stage whose key takes public inputs states them
//! (`InputsRequired` otherwise), each a canonical element of the key's field (`InputNotInField`:
//! such a statement could never be proved, and its provers would be slashed for it; a statement
//! in the field that has no witness cannot be told apart on-chain): they are the statement the
//! requester pays for, and `submit_proof`
//! accepts only a proof of exactly that statement (`InputsMismatch`), so an old proof for the same
//! key, or another lot's, cannot be passed off. A lot **acquires** its verifying key when the job
//! is posted and releases it when it becomes final (paid or refunded), so a key in use cannot be
//! unregistered (`KeyInUse` in the verifier).
//!
//! The auction pallet reaches lots through [`JobMarket`]: `open_lots(class, max)`,
//! `assign(lot, prover, terms)` and `is_servable`. `terms` are the trade's money exactly as the
//! mechanism computed and verified them ([`TradeTerms`]: `lot_pays`, `ask_gross`, `fee`,
//! `ask_receives`); the escrow checks they add up within the max fee (`InconsistentTerms`,
//! `PriceAboveMaxFee`), locks the prover's obligation (the lot's stake tier) through
//! [`ProverStaking`] and stores them on the lot. A failed assignment changes nothing.
//!
//! The assigned prover calls `submit_proof(lot, public_inputs, proof)` before the lot is due
//! (assignment + the tier's proving time, capped by the lot's deadline). The proof is verified
//! through [`ProofVerifier`]; on success the lot is settled on its terms, **straight out of the
//! requester's held escrow** (`transfer_on_hold`, so no freeze, lock or spending of the
//! requester's free balance can block or change it): the requester pays `lot_pays`; the prover
//! side receives `ask_receives` (into the staking pallet's reward pot, booked through
//! [`ProverStaking::book_reward`]: commission, then its stakers pro rata); the treasury receives
//! the fee plus the mechanism's surplus `lot_pays − ask_gross`; `M − lot_pays` is released. The
//! fee is the auction round's, fixed when the round opened: the escrow has none of its own. The
//! obligation is released and the stages that waited on this one open. For an **attested**
//! (off-chain) system the prover submits a 32-byte digest; the requester `accept_attested`s it, or
//! it is accepted automatically after `AcceptanceWindow` blocks unless the requester
//! `dispute_attested`s it first. Should the automatic acceptance (or a dispute's default outcome,
//! below) ever fail, nothing moves and it is retried in the next block (`SettlementDeferred`).
//!
//! ## Disputes
//!
//! A dispute lives here, from bond to outcome. `dispute_attested(lot)` holds `DisputeBond` from
//! the requester (`HoldReason::DisputeBond`; `InsufficientBond` if its free balance cannot) and
//! keeps the escrow held and the prover's obligation locked. `JudgeOrigin` rules with
//! `rule_dispute(lot, upheld)` before `RulingWindow` blocks have passed (`RulingWindowClosed`
//! after): **upheld** — the lot is
//! refunded in full, the bond released, and the violation reported to the [`SlashingHandler`]
//! (`ViolationKind::DisputeUpheld`); **rejected** — the lot is paid on its terms and the bond moves
//! to the prover. If nobody rules in time, the **default outcome** is the rejection: a violation is
//! never presumed, and the prover, whose stake stood locked, keeps the bond. Every payment moves
//! held funds (`transfer_on_hold`), so nothing the requester does with its free balance changes
//! the outcome. `DisputeRuled { upheld, by_default, bond_to }` says what happened.
//!
//! ## Deadlines, without anyone asking
//!
//! Timers are indexed by block (`Timers`, a [`provernet_primitives::queue`]: scheduling is O(1) and
//! never refused) and run in `on_initialize`, at most `MaxTimersPerBlock` per block, oldest first;
//! timers beyond that run in the next blocks (each re-checks its lot, so running late changes
//! nothing but the block). Nothing scans all jobs. A lot gets an **expiry** timer at submission (the first
//! block at which assigning it would no longer leave the tier's proving time): if it is still open
//! or waiting then, it is refunded. An assigned lot gets a **due** timer: if no valid proof arrived,
//! the miss is reported to the [`SlashingHandler`] (`report_violation`; in the runtime
//! `pallet-slashing`, which owns the whole policy: amount, deferral, compensation, jailing), the
//! obligation is released, and the lot goes back to the auction if the auction's longest wait plus the
//! proving time still fit before its deadline — else it is refunded in full. Violations flow one
//! way, escrow → slashing → staking; nothing calls back into the escrow. A refunded stage refunds the stages that depend on it. `cancel_job` refunds
//! everything while no stage was ever assigned. When every stage is settled the job is removed.
//!
//! Weight: `on_initialize` charges each timer it runs at the worst case (a miss reported to the
//! slashing handler plus refunding a whole job, or a dispute's default outcome) and at most `MaxTimersPerBlock` run per block, so
//! the hook is bounded whatever was scheduled; a proof that arrives in time removes its lot's due
//! timer, so served lots cost the hook nothing.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
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
use provernet_primitives::{
	jobs::{
		class_id, AssignError, JobMarket, LotId, OpenLot, SlashingHandler, TradeTerms,
		ViolationKind,
	},
	proofs::{Groth16Error, ProofSystem, ProofVerifier, Settlement, VerifyError},
	queue, ClassId, Prover, ProverStaking,
};
use sp_runtime::{
	traits::{One, Saturating, Zero},
	DispatchError, Weight,
};

/// The balance type of the pallet's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A lot in storage.
pub type LotOf<T> = Lot<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	BlockNumberFor<T>,
	<T as Config>::MaxDeps,
	<T as Config>::MaxInputsLen,
>;

/// A job in storage.
pub type JobOf<T> =
	Job<BalanceOf<T>, BlockNumberFor<T>, <T as Config>::MaxStages, <T as Config>::MaxDataLen>;

/// A stage as submitted.
pub type StageSpecOf<T> = StageSpec<BalanceOf<T>, BlockNumberFor<T>>;

/// A lot's state.
pub type LotStateOf<T> =
	LotState<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

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
		/// Max fees of a requester's unsettled lots.
		#[codec(index = 0)]
		JobEscrow,
		/// A requester's bond for disputing an attested proof.
		#[codec(index = 1)]
		DisputeBond,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// BREV: escrow on hold, fees transferred.
		type Currency: fungible::Inspect<Self::AccountId>
			+ fungible::Mutate<Self::AccountId>
			+ fungible::InspectHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::hold::Mutate<Self::AccountId, Reason = Self::RuntimeHoldReason>;
		/// The runtime's hold reasons.
		type RuntimeHoldReason: From<HoldReason>;
		/// Prover staking: eligibility, obligations, rewards, slashes.
		type Staking: ProverStaking<Self::AccountId, Balance = BalanceOf<Self>>;
		/// The verifier registry.
		type Verifier: ProofVerifier<Self::AccountId, Balance = BalanceOf<Self>>;
		/// Where violations are reported (a missed deadline, an upheld dispute); the slashing
		/// policy is its own.
		type Slashing: SlashingHandler<Self::AccountId, BalanceOf<Self>>;
		/// The governed latency and stake tiers.
		type Tiers: TierTable<BlockNumberFor<Self>, BalanceOf<Self>>;
		/// Receives the market fee and the mechanism's surplus.
		type Treasury: Get<Self::AccountId>;
		/// Governed: the least max fee a lot may offer.
		type MinFee: Get<BalanceOf<Self>>;
		/// Governed: the largest public size `w`.
		type MaxSize: Get<u32>;
		/// The longest an open lot may wait for the auction to assign it (in the runtime derived
		/// from the auction's governed windows: the next snapshot, then its clearing and fallback
		/// windows), so that a job is accepted only if the auction can still serve it in time.
		type AuctionBlocks: Get<BlockNumberFor<Self>>;
		/// Governed: how far ahead a job's deadline may be.
		type MaxDeadlineBlocks: Get<BlockNumberFor<Self>>;
		/// Governed: blocks the requester has to accept or dispute an attested proof.
		type AcceptanceWindow: Get<BlockNumberFor<Self>>;
		/// Governed: the bond a requester holds to dispute an attested proof.
		type DisputeBond: Get<BalanceOf<Self>>;
		/// Governed: blocks the judge has to rule on a dispute; then the default outcome applies
		/// (the attested proof stands).
		type RulingWindow: Get<BlockNumberFor<Self>>;
		/// Who rules on disputes.
		type JudgeOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Most stages per job.
		#[pallet::constant]
		type MaxStages: Get<u32>;
		/// Most dependencies per stage.
		#[pallet::constant]
		type MaxDeps: Get<u32>;
		/// Longest dependency chain (stages).
		#[pallet::constant]
		type MaxDepth: Get<u32>;
		/// Longest public inputs per stage, in bytes.
		#[pallet::constant]
		type MaxInputsLen: Get<u32>;
		/// Longest inline input data or URI, in bytes.
		#[pallet::constant]
		type MaxDataLen: Get<u32>;
		/// Most timers run in one block (bounds `on_initialize`; more due wait for the next).
		#[pallet::constant]
		type MaxTimersPerBlock: Get<u32>;
		/// Weights of the calls, hooks and of the slashing handler the runtime uses.
		type WeightInfo: WeightInfo;
		/// Sets up provers and keys for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Jobs by requester and the requester's index.
	#[pallet::storage]
	pub type Jobs<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, JobIndex, JobOf<T>>;

	/// Lots (stages) of live jobs.
	#[pallet::storage]
	pub type Lots<T: Config> = StorageMap<_, Twox64Concat, LotId, LotOf<T>>;

	/// The next lot id.
	#[pallet::storage]
	pub type NextLotId<T: Config> = StorageValue<_, LotId, ValueQuery>;

	/// Open lots by class, in the order the auction takes them: unit value descending, then age
	/// ([`QueueKey`]; `Identity`-hashed, so the keys iterate in that order).
	#[pallet::storage]
	pub type OpenByClass<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ClassId, Identity, QueueKey, (), OptionQuery>;

	/// Open lots in an auction round's frozen snapshot: lot → the block until which the round
	/// binds it (its job cannot be cancelled, its expiry waits). Ended early when the round
	/// clears without trading the lot, or when the lot is assigned or closed.
	#[pallet::storage]
	pub type BoundUntil<T: Config> = StorageMap<_, Twox64Concat, LotId, BlockNumberFor<T>>;

	/// Timers by the block they run at (at or after): (lot, what to check).
	#[pallet::storage]
	pub type Timers<T: Config> =
		StorageDoubleMap<_, Twox64Concat, BlockNumberFor<T>, Twox64Concat, (LotId, TimerKind), ()>;

	/// The oldest block whose timers may not all have run.
	#[pallet::storage]
	pub type TimerCursor<T: Config> = StorageValue<_, BlockNumberFor<T>>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A job was posted and its escrow held.
		JobSubmitted {
			/// Requester.
			requester: T::AccountId,
			/// The requester's index.
			job: JobIndex,
			/// Its lots, by stage.
			lots: BoundedVec<LotId, T::MaxStages>,
			/// BREV held.
			escrow: BalanceOf<T>,
		},
		/// A lot entered the auction.
		LotOpened {
			/// The lot.
			lot: LotId,
			/// Its class.
			class: ClassId,
		},
		/// A lot was assigned on the auction's terms.
		LotAssigned {
			/// The lot.
			lot: LotId,
			/// The prover.
			prover: T::AccountId,
			/// The trade's terms: what settlement will pay.
			terms: TradeTerms<BalanceOf<T>>,
			/// The last block a proof is accepted.
			due: BlockNumberFor<T>,
		},
		/// A proof verified and the lot was paid exactly the auction's terms, out of the escrow.
		LotSettled {
			/// The lot.
			lot: LotId,
			/// The prover.
			prover: T::AccountId,
			/// What the requester paid (`lot_pays`).
			paid: BalanceOf<T>,
			/// To the prover side (`ask_receives`: commission, then stakers).
			to_prover: BalanceOf<T>,
			/// The market fee, to the treasury.
			fee: BalanceOf<T>,
			/// The mechanism's surplus `lot_pays − ask_gross`, to the treasury.
			surplus: BalanceOf<T>,
			/// Released back to the requester, `M − lot_pays`.
			refunded: BalanceOf<T>,
		},
		/// Settling an accepted attestation (or a dispute's default outcome) failed and changed
		/// nothing; it is tried again at `retry_at`.
		SettlementDeferred {
			/// The lot.
			lot: LotId,
			/// Why it failed.
			error: DispatchError,
			/// The block of the next attempt.
			retry_at: BlockNumberFor<T>,
		},
		/// An attested proof awaits the requester.
		AttestationSubmitted {
			/// The lot.
			lot: LotId,
			/// The digest.
			digest: [u8; 32],
			/// Accepted automatically at this block unless disputed.
			accept_at: BlockNumberFor<T>,
		},
		/// The requester disputed an attested proof and holds a bond; the escrow stays held and
		/// the prover's obligation locked until the ruling.
		AttestationDisputed {
			/// The lot.
			lot: LotId,
			/// The bond on hold.
			bond: BalanceOf<T>,
			/// If the judge has not ruled by this block, the attested proof stands.
			rule_by: BlockNumberFor<T>,
		},
		/// A dispute was ruled, by the judge or (`by_default`) by the ruling deadline passing.
		DisputeRuled {
			/// The lot.
			lot: LotId,
			/// Whether the requester was right (the lot refunded, the prover's violation
			/// reported) or not (the lot paid on its terms).
			upheld: bool,
			/// No ruling came in time: the default outcome applied.
			by_default: bool,
			/// Who received the bond: back to the requester, or to the prover as compensation.
			bond_to: T::AccountId,
		},
		/// A prover missed a lot's deadline; the violation is reported to the slashing policy
		/// (whose events say what it costs).
		DeadlineMissed {
			/// The lot.
			lot: LotId,
			/// The prover.
			prover: T::AccountId,
		},
		/// A lot went back to the auction after a miss.
		LotReopened {
			/// The lot.
			lot: LotId,
		},
		/// A lot's escrow was released in full.
		LotRefunded {
			/// The lot.
			lot: LotId,
			/// Released to the requester.
			amount: BalanceOf<T>,
		},
		/// A job was cancelled.
		JobCancelled {
			/// Requester.
			requester: T::AccountId,
			/// Index.
			job: JobIndex,
		},
		/// Every stage of a job is settled; the job is removed.
		JobFinished {
			/// Requester.
			requester: T::AccountId,
			/// Index.
			job: JobIndex,
			/// Stages proved and paid.
			fulfilled: u32,
			/// Stages refunded.
			refunded: u32,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The requester already has a live job with this index.
		JobIndexInUse,
		/// A job needs at least one stage.
		NoStages,
		/// More stages than `MaxStages`.
		TooManyStages,
		/// No key has this id.
		UnknownKey,
		/// The key's proofs are larger than the governed maximum.
		KeyProofTooLarge,
		/// The key's security is below the governed minimum.
		KeySecurityTooLow,
		/// No such latency tier.
		UnknownLatencyTier,
		/// No such stake tier.
		UnknownStakeTier,
		/// A stage's size `w` is zero.
		ZeroSize,
		/// A stage's size `w` is above `MaxSize`.
		SizeTooLarge,
		/// A stage's max fee is below the governed minimum.
		FeeTooLow,
		/// A deadline leaves no room for the dependencies, one round and the proving time.
		DeadlineTooSoon,
		/// The job's deadline is beyond `MaxDeadlineBlocks`.
		DeadlineTooFar,
		/// A stage's deadline is after the job's.
		StageDeadlineAfterJob,
		/// A stage's deadline is before the deadline of a stage it depends on.
		StageDeadlineBeforeDependency,
		/// A dependency names a stage that is not earlier (the DAG must be acyclic), or twice.
		BadDependency,
		/// More dependencies than `MaxDeps`.
		TooManyDependencies,
		/// A dependency chain longer than `MaxDepth`.
		TooDeep,
		/// Public inputs longer than `MaxInputsLen`.
		InputsTooLong,
		/// Public inputs are not the key's count of 32-byte elements.
		WrongInputCount,
		/// Input data or URI longer than `MaxDataLen`.
		DataTooLong,
		/// The free balance does not cover the escrow.
		InsufficientBalance,
		/// No such job.
		UnknownJob,
		/// No such lot.
		UnknownLot,
		/// Only the requester may do this.
		NotRequester,
		/// A stage was already assigned: the job can no longer be cancelled.
		AlreadyAssigned,
		/// A lot of the job is in an auction round's frozen snapshot: the job can be cancelled
		/// once that round is cleared (without trading it) or rolled over.
		InAuction,
		/// The lot is not open for assignment.
		LotNotOpen,
		/// Assigned now, the lot could not be proved before its deadline.
		NotServable,
		/// The prover is not active or does not serve the lot's class.
		ProverNotEligible,
		/// The trade's terms pay more than the lot's max fee.
		PriceAboveMaxFee,
		/// The trade's terms do not add up (`fee + ask_receives ≠ ask_gross`, or
		/// `ask_gross > lot_pays`): the auction must pass what its mechanism computed.
		InconsistentTerms,
		/// The stage's key takes public inputs and the stage states none: state the inputs the
		/// proof must have (the statement you pay for).
		InputsRequired,
		/// A public input is not a canonical element of the key's field: no proof can ever match
		/// the statement, so no prover could serve it.
		InputNotInField,
		/// The lot is not assigned (or not to the caller).
		NotAssignedProver,
		/// The proof came after the lot was due.
		DeadlinePassed,
		/// The public inputs differ from the ones the requester fixed: the proof is for another
		/// statement (e.g. another lot's).
		InputsMismatch,
		/// The proof is malformed (length, encoding, points off the curve or the subgroup).
		MalformedProof,
		/// The public inputs are malformed or not the key's count.
		MalformedInputs,
		/// The proof does not verify for this key and these inputs.
		ProofRejected,
		/// An attested proof must be a 32-byte digest with no public inputs.
		BadAttestation,
		/// The lot has no attested proof awaiting the requester.
		NotAttested,
		/// The acceptance window is over.
		WindowClosed,
		/// The lot is not disputed.
		NotDisputed,
		/// The requester's free balance cannot hold the dispute bond.
		InsufficientBond,
		/// The dispute's ruling deadline has been reached: only the default outcome applies now.
		RulingWindowClosed,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let drained = queue::drain(
				TimerCursor::<T>::get().unwrap_or(now),
				now,
				T::MaxTimersPerBlock::get(),
				queue::MAX_WALK,
				|at, n| {
					let due: Vec<(LotId, TimerKind)> =
						Timers::<T>::iter_key_prefix(at).take(n as usize + 1).collect();
					let empty = due.len() <= n as usize;
					let due: Vec<_> = due.into_iter().take(n as usize).collect();
					due.iter().for_each(|k| Timers::<T>::remove(at, k));
					(due, empty)
				},
				|(lot, kind)| Self::run_timer(now, lot, kind),
			);
			TimerCursor::<T>::put(drained.cursor);
			// Every timer is charged at the worst one: a miss reported and a whole job refunded,
			// or a dispute's default outcome.
			T::WeightInfo::timer()
				.max(T::WeightInfo::rule_dispute())
				.saturating_mul(drained.items.into())
				.saturating_add(T::DbWeight::get().reads_writes(drained.walked.into(), 1))
		}

		fn integrity_test() {
			assert!(T::MaxStages::get() <= u32::from(u8::MAX), "stage indices are u8");
			assert!(T::MaxTimersPerBlock::get() > 0);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Posts job `index` of `stages` with deadline `deadline` and holds the sum of the max fees.
		///
		/// Emits `JobSubmitted`, then `LotOpened` for each stage without dependencies.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::submit_job(stages.len().min(T::MaxStages::get() as usize) as u32))]
		pub fn submit_job(
			origin: OriginFor<T>,
			index: JobIndex,
			stages: Vec<StageSpecOf<T>>,
			deadline: BlockNumberFor<T>,
			input: InputData<T::MaxDataLen>,
		) -> DispatchResult {
			let requester = ensure_signed(origin)?;
			Self::do_submit_job(requester, index, stages, deadline, input)
		}

		/// Cancels a job no stage of which was ever assigned; refunds it in full. Requester only.
		///
		/// Emits `LotRefunded` per stage, `JobCancelled`, `JobFinished`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::cancel_job(T::MaxStages::get()))]
		pub fn cancel_job(origin: OriginFor<T>, index: JobIndex) -> DispatchResult {
			let requester = ensure_signed(origin)?;
			let job = Jobs::<T>::get(&requester, index).ok_or(Error::<T>::UnknownJob)?;
			ensure!(!job.assigned_once, Error::<T>::AlreadyAssigned);
			// A lot in a frozen auction snapshot is a bid the round counts on (review H7).
			ensure!(!job.lots.iter().any(|lot| Self::is_bound(*lot)), Error::<T>::InAuction);
			for lot in job.lots.iter() {
				Self::refund_lot(*lot);
			}
			Self::deposit_event(Event::JobCancelled { requester: requester.clone(), job: index });
			Self::finish_if_done(&requester, index);
			Ok(())
		}

		/// Submits the proof of an assigned lot, by its prover, before the lot is due. Verified
		/// on-chain; on success the lot is paid and settled (or, for an attested system, awaits the
		/// requester).
		///
		/// Emits `LotSettled` (and `LotOpened` for stages that waited on it, `JobFinished`) or
		/// `AttestationSubmitted`.
		#[pallet::call_index(2)]
		#[pallet::weight(Pallet::<T>::submit_proof_weight(None, public_inputs.len()))]
		pub fn submit_proof(
			origin: OriginFor<T>,
			lot: LotId,
			public_inputs: Vec<u8>,
			proof: Vec<u8>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let now = frame_system::Pallet::<T>::block_number();
			let mut l = Lots::<T>::get(lot).ok_or(Error::<T>::UnknownLot)?;
			let LotState::Assigned { prover, terms, due } = l.state.clone() else {
				return Err(Error::<T>::NotAssignedProver.into());
			};
			ensure!(prover == who, Error::<T>::NotAssignedProver);
			ensure!(now <= due, Error::<T>::DeadlinePassed);
			ensure!(
				public_inputs.len() <= T::MaxInputsLen::get() as usize,
				Error::<T>::InputsTooLong
			);
			// The statement was fixed at submission (none only for keys without inputs).
			let fixed = l.public_inputs.as_ref().map(|x| x.as_slice()).unwrap_or_default();
			ensure!(fixed == public_inputs.as_slice(), Error::<T>::InputsMismatch);
			// The statement was checked when the job was posted: an input refused now is the
			// proof's (SP1 v6 carries its nonce in the proof).
			let verified =
				T::Verifier::verify(&l.key, &public_inputs, &proof).map_err(|e| match e {
					VerifyError::Groth16(
						Groth16Error::InputsLength
						| Groth16Error::WrongInputCount
						| Groth16Error::InputNotInField,
					) => Error::<T>::MalformedProof,
					e => Error::<T>::from(e),
				})?;
			// In time: the due timer has nothing left to check.
			Timers::<T>::remove(due.saturating_add(One::one()), (lot, TimerKind::Due));
			match verified.settlement {
				Settlement::Final => Self::settle(lot, l, prover, terms)?,
				Settlement::OffChain { digest } => {
					let accept_at = now.saturating_add(T::AcceptanceWindow::get());
					Self::schedule(accept_at, lot, TimerKind::Accept);
					l.state = LotState::Attested { prover, terms, digest, accept_at };
					Lots::<T>::insert(lot, l);
					Self::deposit_event(Event::AttestationSubmitted { lot, digest, accept_at });
				},
			}
			// Declared for the costliest system; what this key's system costs is charged.
			Ok(Some(Self::submit_proof_weight(Some(verified.system), public_inputs.len())).into())
		}

		/// Accepts an attested proof: the lot is paid and settled. Requester only.
		///
		/// Emits `LotSettled`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::accept_attested())]
		pub fn accept_attested(origin: OriginFor<T>, lot: LotId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let l = Lots::<T>::get(lot).ok_or(Error::<T>::UnknownLot)?;
			ensure!(l.requester == who, Error::<T>::NotRequester);
			let LotState::Attested { prover, terms, accept_at, .. } = l.state.clone() else {
				return Err(Error::<T>::NotAttested.into());
			};
			Self::settle(lot, l, prover, terms)?;
			Timers::<T>::remove(accept_at, (lot, TimerKind::Accept));
			Ok(())
		}

		/// Disputes an attested proof within the acceptance window, holding `DisputeBond`: the
		/// escrow stays held and the prover's obligation locked until the judge rules, or until
		/// `RulingWindow` blocks pass, when the attested proof stands (the lot is paid and the
		/// bond goes to the prover). Requester only.
		///
		/// Emits `AttestationDisputed`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::dispute_attested())]
		pub fn dispute_attested(origin: OriginFor<T>, lot: LotId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut l = Lots::<T>::get(lot).ok_or(Error::<T>::UnknownLot)?;
			ensure!(l.requester == who, Error::<T>::NotRequester);
			let LotState::Attested { prover, terms, digest, accept_at } = l.state.clone() else {
				return Err(Error::<T>::NotAttested.into());
			};
			ensure!(
				frame_system::Pallet::<T>::block_number() < accept_at,
				Error::<T>::WindowClosed
			);
			let bond = T::DisputeBond::get();
			T::Currency::hold(&HoldReason::DisputeBond.into(), &who, bond)
				.map_err(|_| Error::<T>::InsufficientBond)?;
			Timers::<T>::remove(accept_at, (lot, TimerKind::Accept));
			let rule_by = Self::now().saturating_add(T::RulingWindow::get().max(One::one()));
			Self::schedule(rule_by, lot, TimerKind::Ruling);
			l.state = LotState::Disputed { prover, terms, digest, bond, rule_by };
			Lots::<T>::insert(lot, l);
			Self::deposit_event(Event::AttestationDisputed { lot, bond, rule_by });
			Ok(())
		}

		/// Rules on a disputed attested proof before its ruling deadline (`RulingWindowClosed`
		/// from that block on, even if the default outcome's timer has not run yet). Upheld: the lot is
		/// refunded in full, the bond released to the requester and the prover's violation
		/// reported to the slashing policy. Rejected: the lot is paid on its terms and the bond
		/// goes to the prover. `JudgeOrigin` only.
		///
		/// Emits `DisputeRuled` (and `LotRefunded` or `LotSettled`).
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::rule_dispute().saturating_add(T::Slashing::weight()))]
		pub fn rule_dispute(origin: OriginFor<T>, lot: LotId, upheld: bool) -> DispatchResult {
			T::JudgeOrigin::ensure_origin(origin)?;
			let l = Lots::<T>::get(lot).ok_or(Error::<T>::UnknownLot)?;
			let LotState::Disputed { rule_by, .. } = l.state else {
				return Err(Error::<T>::NotDisputed.into());
			};
			ensure!(Self::now() < rule_by, Error::<T>::RulingWindowClosed);
			Self::end_dispute(lot, l, upheld, false)?;
			Timers::<T>::remove(rule_by, (lot, TimerKind::Ruling));
			Ok(())
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// A live job.
		pub fn job(requester: T::AccountId, index: JobIndex) -> Option<JobOf<T>> {
			Jobs::<T>::get(requester, index)
		}

		/// A live job's stages, by stage index.
		pub fn job_lots(requester: T::AccountId, index: JobIndex) -> Vec<(LotId, LotOf<T>)> {
			Jobs::<T>::get(requester, index)
				.map(|j| {
					j.lots.iter().filter_map(|id| Lots::<T>::get(id).map(|l| (*id, l))).collect()
				})
				.unwrap_or_default()
		}

		/// A lot.
		pub fn lot(id: LotId) -> Option<LotOf<T>> {
			Lots::<T>::get(id)
		}

		/// Up to `max` open lots of `class`, in the order the auction takes them (unit value
		/// descending, then oldest first).
		pub fn open_lots_of(class: ClassId, max: u32) -> Vec<OpenLot<BalanceOf<T>>> {
			OpenByClass::<T>::iter_key_prefix(class)
				.take(max.min(provernet_primitives::MAX_PAGE) as usize)
				.filter_map(|key| {
					Lots::<T>::get(key.lot()).map(|l| OpenLot {
						id: key.lot(),
						class,
						size: l.size,
						max_fee: l.max_fee,
						stake: l.stake,
					})
				})
				.collect()
		}

		/// A requester's live jobs, a page at a time: up to `limit` (at most `MAX_PAGE`) after the
		/// job `after` (`None`: from the first), in storage order. Ask again with the last index
		/// until a page comes back short.
		pub fn jobs_of(
			requester: T::AccountId,
			after: Option<JobIndex>,
			limit: u32,
		) -> Vec<JobIndex> {
			let iter = match after {
				Some(i) => Jobs::<T>::iter_key_prefix_from(
					requester.clone(),
					Jobs::<T>::hashed_key_for(&requester, i),
				),
				None => Jobs::<T>::iter_key_prefix(requester),
			};
			iter.take(limit.min(provernet_primitives::MAX_PAGE) as usize).collect()
		}
	}
}

impl<T: Config> From<VerifyError> for Error<T> {
	fn from(e: VerifyError) -> Self {
		match e {
			VerifyError::UnknownKey => Self::UnknownKey,
			VerifyError::ProofTooLarge => Self::KeyProofTooLarge,
			VerifyError::SecurityTooLow => Self::KeySecurityTooLow,
			VerifyError::BadAttestation => Self::BadAttestation,
			VerifyError::Groth16(Groth16Error::ProofRejected) => Self::ProofRejected,
			VerifyError::Groth16(
				Groth16Error::InputsLength
				| Groth16Error::WrongInputCount
				| Groth16Error::InputNotInField,
			) => Self::MalformedInputs,
			VerifyError::Groth16(_) => Self::MalformedProof,
		}
	}
}

impl<T: Config> Pallet<T> {
	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// Whether an auction round's frozen snapshot still binds `lot`.
	fn is_bound(lot: LotId) -> bool {
		BoundUntil::<T>::get(lot).is_some_and(|until| until > Self::now())
	}

	fn schedule(at: BlockNumberFor<T>, lot: LotId, kind: TimerKind) {
		Timers::<T>::insert(at, (lot, kind), ());
	}

	/// The first block at which an open lot can no longer be assigned and still be proved.
	fn expiry_of(deadline: BlockNumberFor<T>, proving: BlockNumberFor<T>) -> BlockNumberFor<T> {
		deadline.saturating_sub(proving).saturating_add(1u32.into())
	}

	/// The weight of `submit_proof` with a statement of `len` bytes, verified by a key of
	/// `system` (or, before the key is known, the costliest system's).
	pub fn submit_proof_weight(system: Option<ProofSystem>, len: usize) -> Weight {
		let len = len.min(T::MaxInputsLen::get() as usize) as u32;
		let verify = match system {
			Some(system) => T::Verifier::verify_weight(system, len),
			None => T::Verifier::max_verify_weight(len),
		};
		T::WeightInfo::submit_proof(len / 32).saturating_add(verify)
	}

	fn do_submit_job(
		requester: T::AccountId,
		index: JobIndex,
		stages: Vec<StageSpecOf<T>>,
		deadline: BlockNumberFor<T>,
		input: InputData<T::MaxDataLen>,
	) -> sp_runtime::DispatchResult {
		ensure!(!Jobs::<T>::contains_key(&requester, index), Error::<T>::JobIndexInUse);
		ensure!(!stages.is_empty(), Error::<T>::NoStages);
		ensure!(stages.len() <= T::MaxStages::get() as usize, Error::<T>::TooManyStages);
		let now = Self::now();
		ensure!(
			deadline <= now.saturating_add(T::MaxDeadlineBlocks::get()),
			Error::<T>::DeadlineTooFar
		);
		// Validate every stage, computing its deadline, earliest finish and depth.
		let mut finish: Vec<BlockNumberFor<T>> = Vec::with_capacity(stages.len());
		let mut deadlines: Vec<BlockNumberFor<T>> = Vec::with_capacity(stages.len());
		let mut depth: Vec<u32> = Vec::with_capacity(stages.len());
		let mut lots: Vec<LotOf<T>> = Vec::with_capacity(stages.len());
		let mut escrow = BalanceOf::<T>::zero();
		let first_lot = NextLotId::<T>::get();
		for (i, s) in stages.into_iter().enumerate() {
			let info = T::Verifier::ensure_usable(&s.key).map_err(Error::<T>::from)?;
			let proving =
				T::Tiers::proving_blocks(s.latency_tier).ok_or(Error::<T>::UnknownLatencyTier)?;
			let stake = T::Tiers::stake(s.stake_tier).ok_or(Error::<T>::UnknownStakeTier)?;
			ensure!(s.size > 0, Error::<T>::ZeroSize);
			ensure!(s.size <= T::MaxSize::get(), Error::<T>::SizeTooLarge);
			ensure!(s.max_fee >= T::MinFee::get(), Error::<T>::FeeTooLow);
			let d = s.deadline.unwrap_or(deadline);
			ensure!(d <= deadline, Error::<T>::StageDeadlineAfterJob);
			let deps: BoundedVec<u8, T::MaxDeps> =
				s.deps.try_into().map_err(|_| Error::<T>::TooManyDependencies)?;
			let mut start = now;
			let mut my_depth = 1u32;
			for (k, dep) in deps.iter().enumerate() {
				let dep = *dep as usize;
				ensure!(dep < i && !deps[..k].contains(&deps[k]), Error::<T>::BadDependency);
				ensure!(deadlines[dep] <= d, Error::<T>::StageDeadlineBeforeDependency);
				start = start.max(finish[dep]);
				my_depth = my_depth.max(depth[dep] + 1);
			}
			ensure!(my_depth <= T::MaxDepth::get(), Error::<T>::TooDeep);
			let earliest = start.saturating_add(T::AuctionBlocks::get()).saturating_add(proving);
			ensure!(earliest <= d, Error::<T>::DeadlineTooSoon);
			// The statement the prover is paid to prove is fixed here, for every key with inputs.
			let public_inputs = match s.public_inputs {
				Some(x) => {
					// Raw public values (a zkVM's) have any length up to `MaxInputsLen`.
					ensure!(
						info.system.statement_is_bytes()
							|| x.len() == info.public_inputs as usize * 32,
						Error::<T>::WrongInputCount
					);
					T::Verifier::check_inputs(&s.key, &x).map_err(|e| match e {
						VerifyError::Groth16(Groth16Error::InputNotInField) => {
							Error::<T>::InputNotInField
						},
						e => Error::<T>::from(e),
					})?;
					Some(BoundedVec::try_from(x).map_err(|_| Error::<T>::InputsTooLong)?)
				},
				None => {
					ensure!(info.public_inputs == 0, Error::<T>::InputsRequired);
					None
				},
			};
			finish.push(earliest);
			deadlines.push(d);
			depth.push(my_depth);
			escrow = escrow.saturating_add(s.max_fee);
			lots.push(Lot {
				requester: requester.clone(),
				job: index,
				stage: i as u8,
				key: s.key,
				class: class_id(info.system, s.latency_tier, s.stake_tier),
				latency_tier: s.latency_tier,
				stake,
				size: s.size,
				max_fee: s.max_fee,
				deadline: d,
				public_inputs,
				state: if deps.is_empty() {
					LotState::Open { since: now }
				} else {
					LotState::Waiting
				},
				deps,
				misses: 0,
			});
		}
		T::Currency::hold(&HoldReason::JobEscrow.into(), &requester, escrow)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		let ids: BoundedVec<LotId, T::MaxStages> = (first_lot..first_lot + lots.len() as u64)
			.collect::<Vec<_>>()
			.try_into()
			.expect("at most MaxStages");
		NextLotId::<T>::put(first_lot + lots.len() as u64);
		let mut opened = Vec::new();
		for (id, lot) in ids.iter().zip(lots) {
			// The key stays registered while the lot lives ([`Self::close_lot`] releases it).
			T::Verifier::acquire(&lot.key).map_err(Error::<T>::from)?;
			let proving = T::Tiers::proving_blocks(lot.latency_tier).expect("checked above");
			Self::schedule(Self::expiry_of(lot.deadline, proving), *id, TimerKind::Expiry);
			if matches!(lot.state, LotState::Open { .. }) {
				OpenByClass::<T>::insert(lot.class, QueueKey::of(*id, &lot), ());
				opened.push((*id, lot.class));
			}
			Lots::<T>::insert(id, lot);
		}
		Jobs::<T>::insert(
			&requester,
			index,
			Job { deadline, lots: ids.clone(), held: escrow, assigned_once: false, input },
		);
		Self::deposit_event(Event::JobSubmitted { requester, job: index, lots: ids, escrow });
		for (lot, class) in opened {
			Self::deposit_event(Event::LotOpened { lot, class });
		}
		Ok(())
	}

	/// Releases a lot's escrow and marks it refunded, then refunds the waiting stages that depend
	/// on it. Does nothing to a final lot.
	fn refund_lot(id: LotId) {
		let Some(lot) = Lots::<T>::get(id) else { return };
		if lot.state.is_final() {
			return;
		}
		if matches!(lot.state, LotState::Open { .. }) {
			OpenByClass::<T>::remove(lot.class, QueueKey::of(id, &lot));
		}
		let released = T::Currency::release(
			&HoldReason::JobEscrow.into(),
			&lot.requester,
			lot.max_fee,
			Precision::BestEffort,
		)
		.unwrap_or_default();
		debug_assert_eq!(released, lot.max_fee, "a lot's escrow is held");
		let (requester, job, stage) = (lot.requester.clone(), lot.job, lot.stage);
		Self::close_lot(id, lot, LotState::Refunded);
		Self::deposit_event(Event::LotRefunded { lot: id, amount: released });
		// Stages that depend on this one can never run.
		if let Some(j) = Jobs::<T>::get(&requester, job) {
			for later in j.lots.iter().skip(stage as usize + 1) {
				if Lots::<T>::get(later).is_some_and(|l| l.deps.contains(&stage)) {
					Self::refund_lot(*later);
				}
			}
		}
	}

	/// A lot becomes final (`Fulfilled` or `Refunded`): its escrow is no longer the job's, its key
	/// is released. The one place a lot ends.
	fn close_lot(id: LotId, mut lot: LotOf<T>, state: LotStateOf<T>) {
		debug_assert!(state.is_final() && !lot.state.is_final(), "closes a live lot; qed");
		Jobs::<T>::mutate(&lot.requester, lot.job, |job| {
			if let Some(job) = job {
				job.held = job.held.saturating_sub(lot.max_fee);
			}
		});
		BoundUntil::<T>::remove(id);
		if T::Verifier::release(&lot.key).is_err() {
			frame_support::defensive!("a lot acquires its key at submission and releases it once");
		}
		lot.state = state;
		Lots::<T>::insert(id, lot);
	}

	/// Pays a proved lot exactly the trade's terms, straight out of the requester's held escrow
	/// (so nothing the requester does with its free balance — freezes, locks, spending — can
	/// block it): `to_treasury = fee + surplus` to the treasury, `ask_receives` to the reward pot
	/// booked as the prover's reward, `M − lot_pays` released; then opens the stages that waited
	/// on it.
	fn settle(
		id: LotId,
		lot: LotOf<T>,
		prover: T::AccountId,
		terms: TradeTerms<BalanceOf<T>>,
	) -> sp_runtime::DispatchResult {
		let reason = HoldReason::JobEscrow.into();
		let pay = |to: &T::AccountId, amount: BalanceOf<T>| {
			if amount.is_zero() {
				return Ok(());
			}
			T::Currency::transfer_on_hold(
				&reason,
				&lot.requester,
				to,
				amount,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Force,
			)
			.map(|_| ())
		};
		pay(&T::Treasury::get(), terms.to_treasury())?;
		pay(&T::Staking::reward_pot(), terms.ask_receives)?;
		if !terms.ask_receives.is_zero() {
			T::Staking::book_reward(&Prover(prover.clone()), &lot.requester, terms.ask_receives)?;
		}
		let refunded = lot.max_fee.saturating_sub(terms.lot_pays);
		if !refunded.is_zero() {
			T::Currency::release(&reason, &lot.requester, refunded, Precision::Exact)?;
		}
		T::Staking::release_obligation(&Prover(prover.clone()), lot.stake);
		let (requester, job, stage) = (lot.requester.clone(), lot.job, lot.stage);
		Self::close_lot(
			id,
			lot,
			LotState::Fulfilled { prover: prover.clone(), paid: terms.lot_pays },
		);
		Self::deposit_event(Event::LotSettled {
			lot: id,
			prover,
			paid: terms.lot_pays,
			to_prover: terms.ask_receives,
			fee: terms.fee,
			surplus: terms.lot_pays.saturating_sub(terms.ask_gross),
			refunded,
		});
		Self::open_dependents(&requester, job, stage);
		Self::finish_if_done(&requester, job);
		Ok(())
	}

	/// Ends a disputed lot. Upheld: the bond goes back to the requester, the obligation is
	/// released, the lot refunded in full and the violation reported to the slashing policy.
	/// Not upheld (by the judge, or `by_default` when nobody ruled in time): the lot is paid on
	/// its terms and the bond moves, on hold and whatever the requester's free balance, to the
	/// prover.
	fn end_dispute(
		id: LotId,
		lot: LotOf<T>,
		upheld: bool,
		by_default: bool,
	) -> sp_runtime::DispatchResult {
		let LotState::Disputed { prover, terms, bond, .. } = lot.state.clone() else {
			return Err(Error::<T>::NotDisputed.into());
		};
		let reason = HoldReason::DisputeBond.into();
		let requester = lot.requester.clone();
		let bond_to = if upheld {
			T::Currency::release(&reason, &requester, bond, Precision::Exact)?;
			T::Staking::release_obligation(&Prover(prover.clone()), lot.stake);
			let (job, stake) = (lot.job, lot.stake);
			Self::refund_lot(id);
			Self::finish_if_done(&requester, job);
			T::Slashing::report_violation(
				&prover,
				&requester,
				id,
				ViolationKind::DisputeUpheld,
				stake,
			);
			requester
		} else {
			T::Currency::transfer_on_hold(
				&reason,
				&requester,
				&prover,
				bond,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Force,
			)?;
			Self::settle(id, lot, prover.clone(), terms)?;
			prover
		};
		Self::deposit_event(Event::DisputeRuled { lot: id, upheld, by_default, bond_to });
		Ok(())
	}

	/// Opens the waiting stages of a job whose dependencies are now all fulfilled (or refunds
	/// them if they can no longer be served in time).
	fn open_dependents(requester: &T::AccountId, job: JobIndex, stage: u8) {
		let Some(j) = Jobs::<T>::get(requester, job) else { return };
		let now = Self::now();
		for id in j.lots.iter().skip(stage as usize + 1) {
			let Some(mut lot) = Lots::<T>::get(id) else { continue };
			if lot.state != LotState::Waiting || !lot.deps.contains(&stage) {
				continue;
			}
			let ready = lot.deps.iter().all(|d| {
				j.lots
					.get(*d as usize)
					.and_then(Lots::<T>::get)
					.is_some_and(|l| matches!(l.state, LotState::Fulfilled { .. }))
			});
			if !ready {
				continue;
			}
			let proving = T::Tiers::proving_blocks(lot.latency_tier).unwrap_or_default();
			if now >= Self::expiry_of(lot.deadline, proving) {
				Self::refund_lot(*id);
				continue;
			}
			lot.state = LotState::Open { since: now };
			OpenByClass::<T>::insert(lot.class, QueueKey::of(*id, &lot), ());
			let class = lot.class;
			Lots::<T>::insert(id, lot);
			Self::deposit_event(Event::LotOpened { lot: *id, class });
		}
	}

	/// Removes a job whose stages are all settled.
	fn finish_if_done(requester: &T::AccountId, index: JobIndex) {
		let Some(job) = Jobs::<T>::get(requester, index) else { return };
		let lots: Vec<_> = job.lots.iter().filter_map(Lots::<T>::get).collect();
		if !lots.iter().all(|l| l.state.is_final()) {
			return;
		}
		let fulfilled =
			lots.iter().filter(|l| matches!(l.state, LotState::Fulfilled { .. })).count() as u32;
		for id in job.lots.iter() {
			Lots::<T>::remove(id);
		}
		Jobs::<T>::remove(requester, index);
		Self::deposit_event(Event::JobFinished {
			requester: requester.clone(),
			job: index,
			fulfilled,
			refunded: lots.len() as u32 - fulfilled,
		});
	}

	/// A timer's settlement failed and changed nothing: it runs again in the next block.
	fn defer(now: BlockNumberFor<T>, id: LotId, kind: TimerKind, error: DispatchError) {
		let retry_at = now.saturating_add(One::one());
		Self::schedule(retry_at, id, kind);
		Self::deposit_event(Event::SettlementDeferred { lot: id, error, retry_at });
	}

	fn run_timer(now: BlockNumberFor<T>, id: LotId, kind: TimerKind) {
		let Some(mut lot) = Lots::<T>::get(id) else { return };
		match (kind, lot.state.clone()) {
			(TimerKind::Due, LotState::Assigned { prover, due, .. }) if due < now => {
				T::Slashing::report_violation(
					&prover,
					&lot.requester,
					id,
					ViolationKind::MissedDeadline,
					lot.stake,
				);
				T::Staking::release_obligation(&Prover(prover.clone()), lot.stake);
				Self::deposit_event(Event::DeadlineMissed { lot: id, prover });
				lot.misses = lot.misses.saturating_add(1);
				let proving = T::Tiers::proving_blocks(lot.latency_tier).unwrap_or_default();
				let (requester, job) = (lot.requester.clone(), lot.job);
				if now.saturating_add(T::AuctionBlocks::get()).saturating_add(proving)
					<= lot.deadline
				{
					lot.state = LotState::Open { since: now };
					OpenByClass::<T>::insert(lot.class, QueueKey::of(id, &lot), ());
					Lots::<T>::insert(id, lot);
					Self::deposit_event(Event::LotReopened { lot: id });
				} else {
					Lots::<T>::insert(id, lot);
					Self::refund_lot(id);
					Self::finish_if_done(&requester, job);
				}
			},
			(TimerKind::Expiry, LotState::Open { .. } | LotState::Waiting) => {
				// A lot in a frozen snapshot expires only once its round is done with it.
				if let Some(until) = BoundUntil::<T>::get(id).filter(|until| *until > now) {
					Self::schedule(until, id, TimerKind::Expiry);
					return;
				}
				let (requester, job) = (lot.requester.clone(), lot.job);
				Self::refund_lot(id);
				Self::finish_if_done(&requester, job);
			},
			(TimerKind::Accept, LotState::Attested { prover, terms, accept_at, .. })
				if accept_at <= now =>
			{
				// Settling pays out of the hold and should not fail; if it does, nothing moves and
				// it is tried again in the next block, in the open. The lot keeps its `accept_at`:
				// a retry does not reopen the dispute window.
				let settled = frame_support::storage::with_storage_layer(|| {
					Self::settle(id, lot.clone(), prover.clone(), terms)
				});
				if let Err(error) = settled {
					Self::defer(now, id, TimerKind::Accept, error);
				}
			},
			// Nobody ruled in time: the attested proof stands (a violation is never presumed).
			(TimerKind::Ruling, LotState::Disputed { rule_by, .. }) if rule_by <= now => {
				let ended = frame_support::storage::with_storage_layer(|| {
					Self::end_dispute(id, lot.clone(), false, true)
				});
				// As above; the lot keeps its `rule_by`, so the judge's window stays closed.
				if let Err(error) = ended {
					Self::defer(now, id, TimerKind::Ruling, error);
				}
			},
			// The lot moved on since the timer was set.
			_ => {},
		}
	}

	/// The books: each requester's `JobEscrow` hold equals the escrow its jobs record, each job's
	/// escrow equals the max fees of its unsettled lots, lots and jobs point at each other, a lot
	/// is in `OpenByClass` exactly when it is open, every live lot has the timer that ends it, and
	/// no timer lies behind the cursor.
	///
	/// # Errors
	/// The first inconsistency.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::traits::fungible::InspectHold;
		let mut held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut bonds: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut lots_seen = 0usize;
		for (requester, index, job) in Jobs::<T>::iter() {
			let mut unsettled = BalanceOf::<T>::zero();
			for (stage, id) in job.lots.iter().enumerate() {
				let lot = Lots::<T>::get(id).ok_or("a job's lot is missing")?;
				lots_seen += 1;
				ensure!(
					lot.requester == requester && lot.job == index && lot.stage as usize == stage,
					"a lot does not point back at its job"
				);
				if !lot.state.is_final() {
					unsettled = unsettled.saturating_add(lot.max_fee);
				}
				ensure!(
					matches!(lot.state, LotState::Open { .. })
						== OpenByClass::<T>::contains_key(lot.class, QueueKey::of(*id, &lot)),
					"OpenByClass disagrees with a lot's state"
				);
				ensure!(
					!BoundUntil::<T>::contains_key(id)
						|| matches!(lot.state, LotState::Open { .. }),
					"a lot bound to a round is not open"
				);
				let proving = T::Tiers::proving_blocks(lot.latency_tier).unwrap_or_default();
				let timer = match lot.state {
					LotState::Open { .. } | LotState::Waiting => {
						// (Or later, while a round binds it.)
						Some((Self::expiry_of(lot.deadline, proving), TimerKind::Expiry))
					},
					LotState::Assigned { due, .. } => {
						Some((due.saturating_add(One::one()), TimerKind::Due))
					},
					LotState::Attested { accept_at, .. } => Some((accept_at, TimerKind::Accept)),
					LotState::Disputed { rule_by, bond, .. } => {
						let e = bonds.entry(requester.clone()).or_insert_with(Zero::zero);
						*e = e.saturating_add(bond);
						Some((rule_by, TimerKind::Ruling))
					},
					_ => None,
				};
				// At its block, or (a deferred settlement) at a later one.
				if let Some((at, kind)) = timer {
					ensure!(
						Timers::<T>::contains_key(at, (*id, kind))
							|| Timers::<T>::iter_keys()
								.any(|(later, k)| { later > at && k == (*id, kind) }),
						"a live lot without its timer"
					);
				}
			}
			ensure!(job.held == unsettled, "a job's escrow differs from its unsettled lots");
			let e = held.entry(requester).or_insert_with(Zero::zero);
			*e = e.saturating_add(job.held);
		}
		ensure!(Lots::<T>::iter_keys().count() == lots_seen, "a lot without a job");
		if let Some(cursor) = TimerCursor::<T>::get() {
			ensure!(
				Timers::<T>::iter_keys().all(|(at, _)| at >= cursor),
				"a timer behind the cursor"
			);
		}
		ensure!(
			OpenByClass::<T>::iter_keys().all(|(_, key)| Lots::<T>::contains_key(key.lot())),
			"an open entry without a lot"
		);
		ensure!(
			BoundUntil::<T>::iter_keys().all(|id| Lots::<T>::contains_key(id)),
			"a binding without a lot"
		);
		for (who, total) in held {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::JobEscrow.into(), &who) == total,
				"held escrow differs from the jobs' records"
			);
		}
		for (who, total) in bonds {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::DisputeBond.into(), &who) == total,
				"held dispute bonds differ from the disputed lots'"
			);
		}
		Ok(())
	}
}

impl<T: Config> JobMarket<T::AccountId, BalanceOf<T>, BlockNumberFor<T>> for Pallet<T> {
	fn snapshot_lots(
		class: ClassId,
		max: u32,
		served_from: BlockNumberFor<T>,
		bound_until: BlockNumberFor<T>,
	) -> (Vec<OpenLot<BalanceOf<T>>>, u32) {
		// Lots the round could not serve, or another live round holds, are passed over; at most
		// `2 × max` lots are read.
		let mut taken = Vec::new();
		let mut read = 0u32;
		for key in OpenByClass::<T>::iter_key_prefix(class).take((max as usize).saturating_mul(2)) {
			if taken.len() >= max as usize {
				break;
			}
			read += 1;
			let id = key.lot();
			if Self::is_bound(id) {
				continue;
			}
			let Some(lot) = Lots::<T>::get(id) else { continue };
			let servable = T::Tiers::proving_blocks(lot.latency_tier)
				.is_some_and(|p| served_from.saturating_add(p) <= lot.deadline);
			if !servable {
				continue;
			}
			BoundUntil::<T>::insert(id, bound_until);
			taken.push(OpenLot {
				id,
				class,
				size: lot.size,
				max_fee: lot.max_fee,
				stake: lot.stake,
			});
		}
		(taken, read)
	}

	fn unbind(lot: LotId, bound_until: BlockNumberFor<T>) {
		if BoundUntil::<T>::get(lot) == Some(bound_until) {
			BoundUntil::<T>::remove(lot);
		}
	}

	fn class_stake(class: ClassId) -> Option<BalanceOf<T>> {
		let (system, latency_tier, stake_tier) = (class >> 16, (class >> 8) as u8, class as u8);
		// The systems `class_id` numbers: Groth16/BN254, attested and the zkVM wrappers.
		if system >= provernet_primitives::jobs::SYSTEM_CODES {
			return None;
		}
		T::Tiers::proving_blocks(latency_tier)?;
		T::Tiers::stake(stake_tier)
	}

	fn assign(
		id: LotId,
		prover: &T::AccountId,
		terms: TradeTerms<BalanceOf<T>>,
	) -> Result<(), AssignError> {
		use AssignError::{Lot as LotErr, Prover as ProverErr};
		// Every check before any write: a failed assignment changes nothing.
		let mut lot = Lots::<T>::get(id).ok_or(LotErr(Error::<T>::UnknownLot.into()))?;
		ensure!(matches!(lot.state, LotState::Open { .. }), LotErr(Error::<T>::LotNotOpen.into()));
		let now = Self::now();
		let proving = T::Tiers::proving_blocks(lot.latency_tier)
			.ok_or(LotErr(Error::<T>::UnknownLatencyTier.into()))?;
		ensure!(
			now.saturating_add(proving) <= lot.deadline,
			LotErr(Error::<T>::NotServable.into())
		);
		ensure!(terms.lot_pays <= lot.max_fee, LotErr(Error::<T>::PriceAboveMaxFee.into()));
		ensure!(terms.is_consistent(lot.max_fee), LotErr(Error::<T>::InconsistentTerms.into()));
		let who = Prover(prover.clone());
		ensure!(
			T::Staking::is_active(&who) && T::Staking::serves(&who, lot.class),
			ProverErr(Error::<T>::ProverNotEligible.into())
		);
		// The auction reserved this room at the reveal; only a slash or governance can have
		// shrunk it since, which is not the prover backing out.
		T::Staking::lock_obligation(&who, lot.stake).map_err(LotErr)?;
		let due = now.saturating_add(proving);
		Self::schedule(due.saturating_add(1u32.into()), id, TimerKind::Due);
		OpenByClass::<T>::remove(lot.class, QueueKey::of(id, &lot));
		BoundUntil::<T>::remove(id);
		lot.state = LotState::Assigned { prover: prover.clone(), terms, due };
		Jobs::<T>::mutate(&lot.requester, lot.job, |job| {
			if let Some(job) = job {
				job.assigned_once = true;
			}
		});
		Lots::<T>::insert(id, lot);
		Self::deposit_event(Event::LotAssigned { lot: id, prover: prover.clone(), terms, due });
		Ok(())
	}

	fn is_servable(id: LotId) -> bool {
		Lots::<T>::get(id).is_some_and(|lot| {
			matches!(lot.state, LotState::Open { .. })
				&& T::Tiers::proving_blocks(lot.latency_tier)
					.is_some_and(|p| Self::now().saturating_add(p) <= lot.deadline)
		})
	}

	fn assign_weight() -> Weight {
		T::WeightInfo::assign()
	}
}

#[cfg(feature = "runtime-benchmarks")]
use provernet_primitives::proofs::KeyId;

/// What the benchmarks need from the runtime: an eligible prover and registered keys.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// A registered, active prover with stake for many lots of `class`, with `delegators`
	/// delegators (a slash's worst case).
	fn prover(class: ClassId, delegators: u32) -> AccountId;
	/// The most delegators a prover may have (the slash benchmark's range).
	fn max_delegators() -> u32;
	/// A registered Groth16 key with `n` public inputs, inputs and a valid proof.
	fn groth16(n: u32) -> (KeyId, Vec<u8>, Vec<u8>);
	/// A registered attested key.
	fn attested() -> KeyId;
}
