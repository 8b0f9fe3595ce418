//! # Prover staking
//!
//! Provers put BREV at stake to be trusted with proof jobs; token holders delegate BREV to provers.
//!
//! ## Overview
//!
//! A prover registers with a self-stake of at least the governed minimum, a commission, the proof
//! classes it serves (with a capacity per class) and optional metadata. Anyone may then delegate
//! BREV to it. All stake stays **on hold in the staker's own account** (`ProverBond` for a prover's
//! own stake, `Delegation` for delegations): it is never moved to a pallet account, so it can still
//! back a governance vote (a freeze overlaps a hold). Leaving stake goes through **unbonding
//! chunks** that stay held — and slashable — for the governed delay, then `withdraw_unbonded`
//! releases them.
//!
//! The market reaches this pallet through [`provernet_primitives::ProverStaking`]: it asks whether
//! a prover is active and serves a class, and locks **obligations** (a lot's stake tier) against
//! its stake. A prover may take a new obligation only while
//! `Σ obligations × overcommit ≤ self-stake + delegations`.
//!
//! **Rewards** come from a payer (the market) through the trait: the commission is booked to the
//! prover, the rest to all active stake through a reward-per-stake accumulator (`O(1)` per reward);
//! each staker claims lazily with `claim_rewards`. Every stake change settles the staker's
//! position first, so no one gains or loses by the timing of a change. Rewards wait in a pot
//! account until claimed (as nomination pools' reward accounts do); rounding dust stays there.
//!
//! **Slashing** (through the trait) takes the same share of the self-stake, every delegation and
//! every unbonding chunk with `hold::Balanced::slash`; the `Credit` goes partly to a beneficiary
//! (the requester) and the rest to the runtime's `OnSlash` handler. A prover left under the
//! minimum self-stake becomes Inactive. Its weight is bounded by `MaxDelegators` and
//! `MaxUnbondingChunks`.
//!
//! A governed number of slashes within a governed window **jails** the prover; only the
//! governance origin unjails it.
//!
//! **Commission** decreases apply at once; an increase is announced, capped at `MaxCommissionStep`
//! above the commission in force, and applies `UnbondingDelay` blocks later, so delegators who
//! disagree leave first.
//!
//! **Delegations** are at least `MinDelegation`. Up to `MaxDelegators` stakers join freely; past
//! that a newcomer must delegate more than the smallest active delegation, which it displaces
//! into unbonding (held and slashable for the delay, not lost). The list holds `2 ×
//! MaxDelegators` ([`MaxListed`]) so the stakers on their way out stay listed — and slashable —
//! until withdrawn; when it is full, one whose chunks all matured and who owes no pending slash is
//! withdrawn to its own account to make room.
//!
//! **Reward precision.** The accumulator keeps reward per planck of stake to 10⁻¹⁸ planck; each
//! settlement rounds down, and the dust (less than a planck per staker per settlement) stays in
//! the pot, which `try_state` checks covers every pending reward. A share that would overflow the
//! accumulator (only at a stake of a few thousand planck) goes to the prover.
//!
//! Weights: `weights.rs` holds storage-access estimates until the generated weights (from the v2
//! benchmarks in `benchmarking.rs`) land with the weights issue.
//!
//! ## Terminology
//! - *Effective stake*: active self-stake plus active delegations (unbonding stake is excluded).
//! - *Obligation*: stake the market reserved against a prover's assigned lots.
//!
//! ## Status transitions
//! `register_prover` → Active. `chill` → Inactive, `activate` → Active (needs the minimum
//! self-stake). Unbonding below the minimum self-stake → Inactive. Governance `jail`s and `unjail`s.
//! `retire` (no obligations, no delegators, nothing unbonding) → Retired, for good.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod impls;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use frame_support::traits::fungible;

/// An imbalance of slashed BREV, to be resolved somewhere.
pub type CreditOf<T> =
	fungible::Credit<<T as frame_system::Config>::AccountId, <T as Config>::Currency>;

/// Balance type of the currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{hold::Mutate as HoldMutate, Inspect},
			tokens::Precision,
			OnUnbalanced,
		},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::{
		traits::{One, Saturating, Zero},
		FixedU128, Perbill,
	};

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A prover's own stake (active and unbonding).
		#[codec(index = 0)]
		ProverBond,
		/// Stake delegated to provers (active and unbonding).
		#[codec(index = 1)]
		Delegation,
	}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Configuration. The governed values (`MinSelfStake`, `UnbondingDelay`, `OvercommitFactor`)
	/// are read through `Get`, so the runtime can point them at dynamic parameters.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// BREV: holds for stake, slashes of held funds, transfers for rewards.
		type Currency: fungible::Inspect<Self::AccountId>
			+ fungible::Mutate<Self::AccountId>
			+ fungible::Balanced<Self::AccountId>
			+ fungible::InspectHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::hold::Mutate<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::hold::Balanced<Self::AccountId>;
		/// The runtime's hold reasons.
		type RuntimeHoldReason: From<HoldReason>;
		/// Least self-stake for registering and for staying Active.
		type MinSelfStake: Get<BalanceOf<Self>>;
		/// Blocks unbonding stake stays held (and slashable).
		type UnbondingDelay: Get<BlockNumberFor<Self>>;
		/// Overcommit factor: obligations × factor must not exceed effective stake (0 = no limit).
		type OvercommitFactor: Get<FixedU128>;
		/// Least active delegation of a delegator to a prover (a top-up counts with what is
		/// already delegated; leaving altogether is always allowed).
		type MinDelegation: Get<BalanceOf<Self>>;
		/// Largest step of one commission increase (measured from the commission in force).
		type MaxCommissionStep: Get<Perbill>;
		/// Delegators a prover takes freely; beyond this many listed stakers a newcomer must
		/// displace the smallest active delegation. The list holds twice this many (see
		/// [`MaxListed`]), which bounds slashing.
		#[pallet::constant]
		type MaxDelegators: Get<u32>;
		/// Most unbonding chunks per (staker, prover).
		#[pallet::constant]
		type MaxUnbondingChunks: Get<u32>;
		/// Most classes a prover serves.
		#[pallet::constant]
		type MaxClasses: Get<u32>;
		/// Longest metadata.
		#[pallet::constant]
		type MaxMetadataLen: Get<u32>;
		/// A prover slashed this many times within `SlashWindow` blocks is jailed (0 = never).
		type JailAfterSlashes: Get<u32>;
		/// The window, in blocks, over which slashes are counted for jailing.
		type SlashWindow: Get<BlockNumberFor<Self>>;
		/// Where slashed BREV goes that is not paid to a beneficiary (the treasury).
		type OnSlash: OnUnbalanced<CreditOf<Self>>;
		/// Id of the reward pot: rewards wait there until their owners claim them.
		#[pallet::constant]
		type PalletId: Get<PalletId>;
		/// Origin that jails and unjails provers (governance; Root on dev chains).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Weights of the calls.
		type WeightInfo: WeightInfo;
	}

	/// Prover records.
	#[pallet::storage]
	pub type Provers<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, ProverLedger<T>>;

	/// Obligation reserved for revealed auction asks: (prover, class) → amount (part of the
	/// prover's obligations until the round is cleared or rolled over).
	#[pallet::storage]
	pub type Reservations<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		provernet_primitives::ClassId,
		BalanceOf<T>,
		OptionQuery,
	>;

	/// Active delegations: (delegator, prover) → amount.
	#[pallet::storage]
	pub type Delegations<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		BalanceOf<T>,
		ValueQuery,
	>;

	/// Unbonding chunks: (staker, prover) → chunks. A prover's own chunks are keyed (prover,
	/// prover).
	#[pallet::storage]
	pub type Unbonding<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		Chunks<T>,
		ValueQuery,
	>;

	/// Everyone other than the prover with stake (active or unbonding) towards it, in the order
	/// they joined; bounds slashing.
	#[pallet::storage]
	pub type DelegatorsOf<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<T::AccountId, MaxListed<T>>,
		ValueQuery,
	>;

	/// Exposures of reported violations whose slash is pending.
	#[pallet::storage]
	pub type Exposures<T: Config> =
		StorageMap<_, Twox64Concat, provernet_primitives::ExposureId, Exposure<T>>;

	/// The next exposure's id.
	#[pallet::storage]
	pub type NextExposureId<T: Config> =
		StorageValue<_, provernet_primitives::ExposureId, ValueQuery>;

	/// What a staker owes to pending slashes of a prover: (staker, prover) → Σ shares. The
	/// staker cannot withdraw below it.
	#[pallet::storage]
	pub type Exposed<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		BalanceOf<T>,
		ValueQuery,
	>;

	/// Slashes counted towards jailing: prover → (window start, slashes in the window).
	#[pallet::storage]
	pub type RecentSlashes<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, (BlockNumberFor<T>, u32), ValueQuery>;

	/// Cumulative reward per unit of stake of each prover (after commission).
	#[pallet::storage]
	pub type RewardPerStake<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, FixedU128, ValueQuery>;

	/// Each staker's reward position towards a prover: (staker, prover) → position.
	#[pallet::storage]
	pub type RewardPositions<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		RewardPosition<BalanceOf<T>>,
		ValueQuery,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A prover registered.
		ProverRegistered {
			/// The prover.
			prover: T::AccountId,
			/// Its self-stake, now held.
			self_stake: BalanceOf<T>,
			/// Its commission.
			commission: Perbill,
		},
		/// A prover added self-stake.
		Bonded {
			/// The prover.
			prover: T::AccountId,
			/// Added stake.
			amount: BalanceOf<T>,
		},
		/// Stake started unbonding; it stays held (and slashable) until `unlock_at`.
		Unbonding {
			/// Owner of the stake.
			staker: T::AccountId,
			/// Prover it backed.
			prover: T::AccountId,
			/// Amount.
			amount: BalanceOf<T>,
			/// First block it can be withdrawn.
			unlock_at: BlockNumberFor<T>,
		},
		/// Unbonded stake was released to its owner.
		Withdrawn {
			/// Owner of the stake.
			staker: T::AccountId,
			/// Prover it backed.
			prover: T::AccountId,
			/// Amount released.
			amount: BalanceOf<T>,
		},
		/// Stake was delegated.
		Delegated {
			/// The delegator.
			delegator: T::AccountId,
			/// The prover.
			prover: T::AccountId,
			/// Amount added.
			amount: BalanceOf<T>,
		},
		/// A prover's status changed.
		StatusChanged {
			/// The prover.
			prover: T::AccountId,
			/// Its new status.
			status: ProverStatus,
		},
		/// A prover announced a commission increase; it applies from `effective_at`.
		CommissionAnnounced {
			/// The prover.
			prover: T::AccountId,
			/// The announced commission.
			commission: Perbill,
			/// First block it applies in.
			effective_at: BlockNumberFor<T>,
		},
		/// A larger delegation took the place of `delegator`'s: its active delegation is
		/// unbonding (held, slashable, withdrawn after the delay).
		Displaced {
			/// The displaced delegator.
			delegator: T::AccountId,
			/// The prover.
			prover: T::AccountId,
			/// What started unbonding.
			amount: BalanceOf<T>,
		},
		/// A prover lowered its commission (in force at once).
		CommissionSet {
			/// The prover.
			prover: T::AccountId,
			/// The new commission.
			commission: Perbill,
		},
		/// A prover changed the classes it serves.
		CapabilitiesUpdated {
			/// The prover.
			prover: T::AccountId,
		},
		/// An obligation was locked against a prover's stake.
		ObligationLocked {
			/// The prover.
			prover: T::AccountId,
			/// Obligation added.
			amount: BalanceOf<T>,
			/// All its obligations now.
			total: BalanceOf<T>,
		},
		/// A prover was rewarded.
		Rewarded {
			/// The prover.
			prover: T::AccountId,
			/// Who paid.
			payer: T::AccountId,
			/// Total reward.
			amount: BalanceOf<T>,
			/// Part kept as commission.
			commission: BalanceOf<T>,
		},
		/// A staker claimed its rewards.
		RewardsClaimed {
			/// The staker.
			staker: T::AccountId,
			/// The prover it backs.
			prover: T::AccountId,
			/// Amount paid out.
			amount: BalanceOf<T>,
		},
		/// A prover's stake was slashed pro rata over self-stake, delegations and unbonding.
		Slashed {
			/// The prover.
			prover: T::AccountId,
			/// What was asked.
			requested: BalanceOf<T>,
			/// What was taken.
			slashed: BalanceOf<T>,
			/// What of it went to the beneficiary (the rest to `OnSlash`).
			to_beneficiary: BalanceOf<T>,
		},
		/// The exposure of a reported violation was recorded: these stakers owe these shares of
		/// its slash, whatever they do until it applies.
		ExposureRecorded {
			/// The record.
			id: provernet_primitives::ExposureId,
			/// The prover.
			prover: T::AccountId,
			/// Σ of the shares.
			total: BalanceOf<T>,
		},
		/// An obligation was released.
		ObligationReleased {
			/// The prover.
			prover: T::AccountId,
			/// Obligation released.
			amount: BalanceOf<T>,
			/// All its obligations now.
			total: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already registered (or retired). Use another account.
		AlreadyRegistered,
		/// The account is not a registered prover.
		NotProver,
		/// The self-stake is below the governed minimum; bond more.
		SelfStakeTooLow,
		/// The amount is zero.
		ZeroAmount,
		/// The account cannot hold that much (free balance too low); the amount must leave the
		/// existential deposit free.
		InsufficientBalance,
		/// Capabilities must be sorted by class, without duplicates, with non-zero capacity, and no
		/// more than `MaxClasses` entries.
		BadCapabilities,
		/// A declared capacity is above what one ask may offer (`MAX_CAPACITY`, 2¹⁶ lots).
		CapacityTooLarge,
		/// Metadata longer than `MaxMetadataLen`.
		MetadataTooLong,
		/// The prover is not Active (chilled, jailed or retired); it takes no delegations or work.
		NotActive,
		/// The prover's delegator list is full: delegate more than its smallest active delegation
		/// (which you then displace), wait for leaving stakers to finish unbonding, or delegate to
		/// another prover.
		TooManyDelegators,
		/// The delegation (with what is already delegated) would be below the governed minimum;
		/// delegate more, or undelegate everything.
		DelegationBelowMinimum,
		/// The staker already has `MaxUnbondingChunks` chunks towards this prover; withdraw matured
		/// ones first.
		TooManyChunks,
		/// More than the active stake was asked to unbond.
		NotEnoughStake,
		/// Nothing has finished unbonding yet.
		NothingToWithdraw,
		/// Unbonding this much would leave the prover's obligations uncovered; wait for them to be
		/// released.
		WouldUndercollateralize,
		/// A commission increase above the governed step (`MaxCommissionStep`) over the commission
		/// in force; raise it in steps, one unbonding delay apart.
		CommissionStepTooLarge,
		/// Retiring needs no obligations and no active delegations (delegators undelegate first;
		/// stake already unbonding may stay).
		CannotRetire,
		/// The prover is jailed; only governance can unjail it.
		Jailed,
		/// The prover is not jailed.
		NotJailed,
		/// The prover is retired.
		Retired,
		/// A delegator cannot delegate to itself; provers bond with `bond_more`.
		SelfDelegation,
		/// Obligations × overcommit would exceed the prover's effective stake.
		Overcommitted,
		/// No rewards to claim.
		NothingToClaim,
		/// The payer cannot pay the reward (balance too low).
		CannotPayReward,
		/// A slash of a violation this stake backed is pending: what it owes stays held until the
		/// slash applies (or governance cancels it). Withdraw less, or wait.
		SlashPending,
		/// No exposure has this id.
		UnknownExposure,
		/// A revealed auction ask of this prover waits for its round's clearing: it cannot chill
		/// or stop serving that ask's class until the round is cleared or rolled over.
		InAuction,
		/// The prover does not serve this class.
		NotServing,
	}

	/// Read-only queries for wallets and agents (metadata-described, through `state_call`).
	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// A prover's record, with an announced commission that has come into force applied.
		pub fn prover_info(prover: T::AccountId) -> Option<ProverLedger<T>> {
			let now = frame_system::Pallet::<T>::block_number();
			ProverLedger::<T>::get(&prover).map(|mut l| {
				l.apply_due_commission(now);
				l
			})
		}

		/// The active delegations of `delegator`: (prover, amount).
		///
		/// A page at a time: up to `limit` (at most `MAX_PAGE`) after the prover `after`
		/// (`None`: from the first), in storage order; ask again with the last prover until a
		/// page comes back short.
		pub fn delegations_of(
			delegator: T::AccountId,
			after: Option<T::AccountId>,
			limit: u32,
		) -> alloc::vec::Vec<(T::AccountId, BalanceOf<T>)> {
			let iter = match after {
				Some(p) => Delegations::<T>::iter_prefix_from(
					delegator.clone(),
					Delegations::<T>::hashed_key_for(&delegator, &p),
				),
				None => Delegations::<T>::iter_prefix(&delegator),
			};
			iter.take(limit.min(provernet_primitives::MAX_PAGE) as usize).collect()
		}

		/// Rewards `staker` can claim from its stake towards `prover`.
		pub fn pending_rewards_of(staker: T::AccountId, prover: T::AccountId) -> BalanceOf<T> {
			Self::pending_rewards(&staker, &prover)
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}

		fn integrity_test() {
			// A displaced delegation must have a chunk to unbond into.
			assert!(T::MaxUnbondingChunks::get() > 0, "MaxUnbondingChunks must be at least 1");
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Registers the caller as a prover with `self_stake` held as `ProverBond`.
		///
		/// Origin: signed. Errors: `AlreadyRegistered`, `SelfStakeTooLow`, `BadCapabilities`,
		/// `CapacityTooLarge`,
		/// `MetadataTooLong`, `InsufficientBalance`. Event: `ProverRegistered`.
		#[pallet::call_index(0)]
		pub fn register_prover(
			origin: OriginFor<T>,
			self_stake: BalanceOf<T>,
			commission: Perbill,
			capabilities: alloc::vec::Vec<Capability>,
			metadata: alloc::vec::Vec<u8>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!Provers::<T>::contains_key(&who), Error::<T>::AlreadyRegistered);
			ensure!(self_stake >= T::MinSelfStake::get(), Error::<T>::SelfStakeTooLow);
			let capabilities = Self::checked_capabilities(capabilities)?;
			let metadata: BoundedVec<u8, T::MaxMetadataLen> =
				metadata.try_into().map_err(|_| Error::<T>::MetadataTooLong)?;
			Self::hold(&HoldReason::ProverBond, &who, self_stake)?;
			ProverLedger::<T> {
				status: ProverStatus::Active,
				commission,
				pending_commission: None,
				self_stake,
				delegated: Zero::zero(),
				obligations: Zero::zero(),
				capabilities,
				metadata,
			}
			.save(&who);
			Self::deposit_event(Event::ProverRegistered { prover: who, self_stake, commission });
			Ok(())
		}

		/// Adds `amount` to the caller's self-stake.
		///
		/// Origin: signed prover (not retired). Errors: `NotProver`, `Retired`, `ZeroAmount`,
		/// `InsufficientBalance`. Event: `Bonded`.
		#[pallet::call_index(1)]
		pub fn bond_more(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut ledger = ProverLedger::<T>::get(&who).ok_or(Error::<T>::NotProver)?;
			ensure!(ledger.status != ProverStatus::Retired, Error::<T>::Retired);
			ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
			Self::hold(&HoldReason::ProverBond, &who, amount)?;
			Self::settle(&who, &who, ledger.self_stake);
			ledger.self_stake.saturating_accrue(amount);
			ledger.save(&who);
			Self::deposit_event(Event::Bonded { prover: who, amount });
			Ok(())
		}

		/// Starts unbonding `amount` of the caller's self-stake. Falling under the minimum makes the
		/// prover Inactive.
		///
		/// Origin: signed prover. Errors: `NotProver`, `ZeroAmount`, `NotEnoughStake`,
		/// `WouldUndercollateralize`, `TooManyChunks`, `InAuction` (it would fall under the minimum
		/// while a revealed auction ask waits). Events: `Unbonding`, maybe `StatusChanged`.
		#[pallet::call_index(2)]
		pub fn unbond(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut ledger = ProverLedger::<T>::get(&who).ok_or(Error::<T>::NotProver)?;
			ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
			ensure!(amount <= ledger.self_stake, Error::<T>::NotEnoughStake);
			Self::settle(&who, &who, ledger.self_stake);
			ledger.self_stake.saturating_reduce(amount);
			ensure!(ledger.can_carry(ledger.obligations), Error::<T>::WouldUndercollateralize);
			let deactivates =
				ledger.status == ProverStatus::Active && ledger.self_stake < T::MinSelfStake::get();
			// Falling under the minimum is a chill: not while a revealed ask waits (review H4).
			ensure!(
				!deactivates || Reservations::<T>::iter_prefix(&who).next().is_none(),
				Error::<T>::InAuction
			);
			Self::push_chunk(&who, &who, amount)?;
			if deactivates {
				ledger.status = ProverStatus::Inactive;
				Self::deposit_event(Event::StatusChanged {
					prover: who.clone(),
					status: ProverStatus::Inactive,
				});
			}
			ledger.save(&who);
			Ok(())
		}

		/// Delegates `amount` of the caller's BREV to `prover`, held as `Delegation`.
		///
		/// The delegation (with what the caller already delegates to `prover`) must reach
		/// `MinDelegation`. Up to `MaxDelegators` stakers join freely; beyond that a newcomer must
		/// delegate more than the smallest active delegation, which it displaces: that stake starts
		/// unbonding (held and slashable for the delay, then withdrawn). If the list is full
		/// (`2 × MaxDelegators`), a staker on its way out whose chunks all matured and who owes no
		/// pending slash is withdrawn to its own account to make room.
		///
		/// Origin: signed. Errors: `NotProver`, `NotActive`, `SelfDelegation`, `ZeroAmount`,
		/// `DelegationBelowMinimum`, `TooManyDelegators`, `InsufficientBalance`. Events:
		/// `Delegated`, and `Displaced`, `Unbonding`, `Withdrawn` when it makes room.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::delegate().saturating_add(Pallet::<T>::room_weight()))]
		pub fn delegate(
			origin: OriginFor<T>,
			prover: T::AccountId,
			amount: BalanceOf<T>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			ensure!(who != prover, Error::<T>::SelfDelegation);
			let mut ledger = ProverLedger::<T>::get(&prover).ok_or(Error::<T>::NotProver)?;
			ensure!(ledger.status == ProverStatus::Active, Error::<T>::NotActive);
			ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
			let current = DelegationLedger::get::<T>(&who, &prover);
			let total = current.saturating_add(amount);
			ensure!(total >= T::MinDelegation::get(), Error::<T>::DelegationBelowMinimum);
			let mut stakers = DelegatorsOf::<T>::get(&prover);
			// A top-up needs no room; joining the active delegators (new, or back from leaving)
			// does.
			let room = if current.is_zero() {
				Self::make_room(&prover, &who, &mut stakers, total)?
			} else {
				Room::default()
			};
			if !stakers.contains(&who) {
				stakers.try_push(who.clone()).map_err(|_| Error::<T>::TooManyDelegators)?;
			}
			Self::hold(&HoldReason::Delegation, &who, amount)?;
			if let Some((staker, amount)) = room.evicted {
				T::Currency::release(
					&HoldReason::Delegation.into(),
					&staker,
					amount,
					Precision::Exact,
				)?;
				UnbondingLedger::save::<T>(&staker, &prover, Default::default());
				Self::forget_if_empty(&staker, &prover);
				Self::deposit_event(Event::Withdrawn { staker, prover: prover.clone(), amount });
			}
			if let Some((delegator, amount)) = room.displaced.clone() {
				Self::settle(&delegator, &prover, amount);
				DelegationLedger::save::<T>(&delegator, &prover, Zero::zero());
				Self::forget_if_empty(&delegator, &prover);
				ledger.delegated.saturating_reduce(amount);
				Self::push_chunk_merging(&delegator, &prover, amount);
				Self::deposit_event(Event::Displaced { delegator, prover: prover.clone(), amount });
			}
			DelegatorsOf::<T>::insert(&prover, stakers);
			Self::settle(&who, &prover, current);
			DelegationLedger::save::<T>(&who, &prover, total);
			ledger.delegated.saturating_accrue(amount);
			ledger.save(&prover);
			Self::deposit_event(Event::Delegated { delegator: who, prover, amount });
			Ok(if room.walked { None } else { Some(T::WeightInfo::delegate()) }.into())
		}

		/// Starts unbonding `amount` of the caller's delegation to `prover`.
		///
		/// Origin: signed delegator. Errors: `NotProver`, `ZeroAmount`, `NotEnoughStake`,
		/// `WouldUndercollateralize`, `TooManyChunks`. Event: `Unbonding`.
		#[pallet::call_index(4)]
		pub fn undelegate(
			origin: OriginFor<T>,
			prover: T::AccountId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut ledger = ProverLedger::<T>::get(&prover).ok_or(Error::<T>::NotProver)?;
			ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
			let current = DelegationLedger::get::<T>(&who, &prover);
			ensure!(amount <= current, Error::<T>::NotEnoughStake);
			let left = current.saturating_sub(amount);
			ensure!(
				left.is_zero() || left >= T::MinDelegation::get(),
				Error::<T>::DelegationBelowMinimum
			);
			ledger.delegated.saturating_reduce(amount);
			ensure!(ledger.can_carry(ledger.obligations), Error::<T>::WouldUndercollateralize);
			Self::push_chunk(&who, &prover, amount)?;
			Self::settle(&who, &prover, current);
			DelegationLedger::save::<T>(&who, &prover, left);
			Self::forget_if_empty(&who, &prover);
			ledger.save(&prover);
			Ok(())
		}

		/// Releases the caller's matured unbonding chunks towards `prover`.
		///
		/// Origin: signed staker. Errors: `NothingToWithdraw`, `SlashPending` (what a pending
		/// slash of a violation this stake backed needs stays held). Event: `Withdrawn`.
		#[pallet::call_index(5)]
		pub fn withdraw_unbonded(origin: OriginFor<T>, prover: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let now = frame_system::Pallet::<T>::block_number();
			let chunks = UnbondingLedger::get::<T>(&who, &prover);
			let (ready, waiting): (alloc::vec::Vec<_>, alloc::vec::Vec<_>) =
				chunks.into_iter().partition(|c| c.unlock_at <= now);
			let amount =
				ready.iter().fold(BalanceOf::<T>::zero(), |a, c| a.saturating_add(c.amount));
			ensure!(!amount.is_zero(), Error::<T>::NothingToWithdraw);
			// What pending slashes of violations this stake backed need stays held.
			let left = waiting
				.iter()
				.fold(Self::stake_of(&who, &prover), |a, c| a.saturating_add(c.amount));
			ensure!(left >= Exposed::<T>::get(&who, &prover), Error::<T>::SlashPending);
			let reason = Self::reason_for(&who, &prover);
			T::Currency::release(&reason.into(), &who, amount, Precision::Exact)?;
			let waiting: Chunks<T> = waiting
				.try_into()
				.expect("a subset of a bounded vector fits the same bound; qed");
			let done = waiting.is_empty();
			UnbondingLedger::save::<T>(&who, &prover, waiting);
			if done && who != prover && DelegationLedger::get::<T>(&who, &prover).is_zero() {
				DelegatorsOf::<T>::mutate(&prover, |s| s.retain(|d| d != &who));
			}
			Self::forget_if_empty(&who, &prover);
			Self::deposit_event(Event::Withdrawn { staker: who, prover, amount });
			Ok(())
		}

		/// Sets the caller's commission. A decrease (or no change) applies at once and drops an
		/// announced increase. An increase is announced: it applies `UnbondingDelay` blocks later
		/// (delegators who disagree can leave first), may rise at most `MaxCommissionStep` above the
		/// commission in force, and replaces an earlier announcement (restarting the delay).
		///
		/// Origin: signed prover. Errors: `NotProver`, `Retired`, `CommissionStepTooLarge`.
		/// Events: `CommissionSet` (decrease), `CommissionAnnounced` (increase).
		#[pallet::call_index(6)]
		pub fn set_commission(origin: OriginFor<T>, commission: Perbill) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut ledger = ProverLedger::<T>::get(&who).ok_or(Error::<T>::NotProver)?;
			ensure!(ledger.status != ProverStatus::Retired, Error::<T>::Retired);
			let now = frame_system::Pallet::<T>::block_number();
			ledger.apply_due_commission(now);
			if commission <= ledger.commission {
				ledger.commission = commission;
				ledger.pending_commission = None;
				ledger.save(&who);
				Self::deposit_event(Event::CommissionSet { prover: who, commission });
			} else {
				ensure!(
					commission.saturating_sub(ledger.commission) <= T::MaxCommissionStep::get(),
					Error::<T>::CommissionStepTooLarge
				);
				let effective_at = now.saturating_add(T::UnbondingDelay::get());
				ledger.pending_commission = Some(CommissionChange { commission, effective_at });
				ledger.save(&who);
				Self::deposit_event(Event::CommissionAnnounced {
					prover: who,
					commission,
					effective_at,
				});
			}
			Ok(())
		}

		/// Replaces the classes the caller serves.
		///
		/// Origin: signed prover. Errors: `NotProver`, `Retired`, `BadCapabilities`,
		/// `CapacityTooLarge`.
		/// Event: `CapabilitiesUpdated`.
		#[pallet::call_index(7)]
		pub fn update_capabilities(
			origin: OriginFor<T>,
			capabilities: alloc::vec::Vec<Capability>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut ledger = ProverLedger::<T>::get(&who).ok_or(Error::<T>::NotProver)?;
			ensure!(ledger.status != ProverStatus::Retired, Error::<T>::Retired);
			let capabilities = Self::checked_capabilities(capabilities)?;
			// An ask waiting for its clearing is a commitment: its class stays served.
			for class in Reservations::<T>::iter_key_prefix(&who) {
				ensure!(capabilities.iter().any(|c| c.class == class), Error::<T>::InAuction);
			}
			ledger.capabilities = capabilities;
			ledger.save(&who);
			Self::deposit_event(Event::CapabilitiesUpdated { prover: who });
			Ok(())
		}

		/// Stops taking new work (Active → Inactive). Assigned work stays assigned.
		///
		/// Origin: signed prover. Errors: `NotProver`, `NotActive`. Event: `StatusChanged`.
		#[pallet::call_index(8)]
		pub fn chill(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let ledger = ProverLedger::<T>::get(&who).ok_or(Error::<T>::NotProver)?;
			ensure!(ledger.status == ProverStatus::Active, Error::<T>::NotActive);
			// An ask waiting for its clearing is a commitment (market review H4).
			ensure!(Reservations::<T>::iter_prefix(&who).next().is_none(), Error::<T>::InAuction);
			Self::set_status(&who, ledger, ProverStatus::Inactive);
			Ok(())
		}

		/// Takes work again (Inactive → Active); needs the minimum self-stake.
		///
		/// Origin: signed prover. Errors: `NotProver`, `Jailed`, `Retired`, `SelfStakeTooLow`.
		/// Event: `StatusChanged`.
		#[pallet::call_index(9)]
		pub fn activate(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let ledger = ProverLedger::<T>::get(&who).ok_or(Error::<T>::NotProver)?;
			ensure!(ledger.status != ProverStatus::Jailed, Error::<T>::Jailed);
			ensure!(ledger.status != ProverStatus::Retired, Error::<T>::Retired);
			ensure!(ledger.self_stake >= T::MinSelfStake::get(), Error::<T>::SelfStakeTooLow);
			Self::set_status(&who, ledger, ProverStatus::Active);
			Ok(())
		}

		/// Leaves for good: the self-stake starts unbonding like any other (held and slashable for
		/// `UnbondingDelay`, then `withdraw_unbonded`), so a violation reported before or during
		/// the delay still finds the stake that backed it. Needs no obligations and no delegators;
		/// a jailed prover cannot retire (governance unjails first).
		///
		/// Origin: signed prover. Errors: `NotProver`, `Retired`, `Jailed`, `CannotRetire`,
		/// `TooManyChunks`. Events: `Unbonding`, `StatusChanged`.
		#[pallet::call_index(10)]
		pub fn retire(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut ledger = ProverLedger::<T>::get(&who).ok_or(Error::<T>::NotProver)?;
			ensure!(ledger.status != ProverStatus::Retired, Error::<T>::Retired);
			ensure!(ledger.status != ProverStatus::Jailed, Error::<T>::Jailed);
			// Stakers on their way out do not stop it (their chunks stay slashable and listed until
			// they withdraw); active delegations do.
			ensure!(
				ledger.obligations.is_zero() && ledger.delegated.is_zero(),
				Error::<T>::CannotRetire
			);
			Self::settle(&who, &who, ledger.self_stake);
			// A retired prover is never jailed: its slash count goes.
			RecentSlashes::<T>::remove(&who);
			let amount = core::mem::take(&mut ledger.self_stake);
			if !amount.is_zero() {
				Self::push_chunk(&who, &who, amount)?;
			}
			Self::set_status(&who, ledger, ProverStatus::Retired);
			Self::forget_if_empty(&who, &who);
			Ok(())
		}

		/// Pays the caller the rewards its stake towards `prover` earned (commission included when
		/// the caller is the prover).
		///
		/// Origin: signed staker. Errors: `NothingToClaim`. Event: `RewardsClaimed`.
		#[pallet::call_index(13)]
		pub fn claim_rewards(origin: OriginFor<T>, prover: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_claim(&who, &prover)
		}

		/// Jails a prover: it takes no new work until governance unjails it.
		///
		/// Origin: `GovernanceOrigin`. Errors: `NotProver`, `Retired`. Event: `StatusChanged`.
		#[pallet::call_index(11)]
		pub fn jail(origin: OriginFor<T>, prover: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let ledger = ProverLedger::<T>::get(&prover).ok_or(Error::<T>::NotProver)?;
			ensure!(ledger.status != ProverStatus::Retired, Error::<T>::Retired);
			Self::set_status(&prover, ledger, ProverStatus::Jailed);
			Ok(())
		}

		/// Lifts a jail; the prover comes back Inactive and activates itself.
		///
		/// Origin: `GovernanceOrigin`. Errors: `NotProver`, `NotJailed`. Event: `StatusChanged`.
		#[pallet::call_index(12)]
		pub fn unjail(origin: OriginFor<T>, prover: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let ledger = ProverLedger::<T>::get(&prover).ok_or(Error::<T>::NotProver)?;
			ensure!(ledger.status == ProverStatus::Jailed, Error::<T>::NotJailed);
			Self::set_status(&prover, ledger, ProverStatus::Inactive);
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// Holds `amount` on `who` for `reason`, mapping "cannot" to a clear error.
		pub(crate) fn hold(
			reason: &HoldReason,
			who: &T::AccountId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let reason: T::RuntimeHoldReason = (*reason).into();
			// Keep the existential deposit free so holding never reaps the account.
			let free = T::Currency::reducible_balance(
				who,
				frame_support::traits::tokens::Preservation::Preserve,
				frame_support::traits::tokens::Fortitude::Polite,
			);
			ensure!(amount <= free, Error::<T>::InsufficientBalance);
			T::Currency::hold(&reason, who, amount)
		}

		/// Appends an unbonding chunk for `(staker, prover)`.
		pub(crate) fn push_chunk(
			staker: &T::AccountId,
			prover: &T::AccountId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let unlock_at =
				frame_system::Pallet::<T>::block_number().saturating_add(T::UnbondingDelay::get());
			let mut chunks = UnbondingLedger::get::<T>(staker, prover);
			chunks
				.try_push(UnbondingChunk { amount, unlock_at })
				.map_err(|_| Error::<T>::TooManyChunks)?;
			UnbondingLedger::save::<T>(staker, prover, chunks);
			Self::deposit_event(Event::Unbonding {
				staker: staker.clone(),
				prover: prover.clone(),
				amount,
				unlock_at,
			});
			Ok(())
		}

		/// Adds an unbonding chunk that cannot fail: when the staker already has the most chunks,
		/// the amount joins its latest chunk, whose unlock moves to a full delay from now (held
		/// longer, never shorter).
		pub(crate) fn push_chunk_merging(
			staker: &T::AccountId,
			prover: &T::AccountId,
			amount: BalanceOf<T>,
		) {
			let unlock_at =
				frame_system::Pallet::<T>::block_number().saturating_add(T::UnbondingDelay::get());
			let mut chunks = UnbondingLedger::get::<T>(staker, prover);
			if let Err(chunk) = chunks.try_push(UnbondingChunk { amount, unlock_at }) {
				match chunks.last_mut() {
					Some(last) => {
						last.amount.saturating_accrue(chunk.amount);
						last.unlock_at = last.unlock_at.max(unlock_at);
					},
					// A bound of zero chunks: nothing can unbond (the runtime's bound is 16).
					None => return,
				}
			}
			UnbondingLedger::save::<T>(staker, prover, chunks);
			Self::deposit_event(Event::Unbonding {
				staker: staker.clone(),
				prover: prover.clone(),
				amount,
				unlock_at,
			});
		}

		/// Finds room for `who`, who has no active delegation to `prover`, to join its active
		/// delegators with `total`. While fewer than `MaxDelegators` are active it joins freely;
		/// otherwise it must outbid the smallest active delegation by at least `MinDelegation`
		/// (so churning the list costs that much a step) and displaces it. A newcomer to the list
		/// needs a free place: when the list is at its bound, a staker on its way out whose
		/// chunks all matured and who owes no pending slash is withdrawn to make one.
		fn make_room(
			prover: &T::AccountId,
			who: &T::AccountId,
			stakers: &mut BoundedVec<T::AccountId, MaxListed<T>>,
			total: BalanceOf<T>,
		) -> Result<Room<T>, DispatchError> {
			let mut room = Room { walked: true, ..Default::default() };
			let active: alloc::vec::Vec<(T::AccountId, BalanceOf<T>)> = stakers
				.iter()
				.filter_map(|s| {
					let a = DelegationLedger::get::<T>(s, prover);
					(!a.is_zero()).then(|| (s.clone(), a))
				})
				.collect();
			if active.len() as u32 >= T::MaxDelegators::get() {
				let (smallest, least) = active
					.into_iter()
					.min_by_key(|(_, a)| *a)
					.ok_or(Error::<T>::TooManyDelegators)?;
				let margin = T::MinDelegation::get().max(One::one());
				ensure!(total >= least.saturating_add(margin), Error::<T>::TooManyDelegators);
				room.displaced = Some((smallest, least));
			}
			if !stakers.contains(who) && stakers.is_full() {
				let now = frame_system::Pallet::<T>::block_number();
				let at = stakers
					.iter()
					.position(|s| {
						let chunks = UnbondingLedger::get::<T>(s, prover);
						DelegationLedger::get::<T>(s, prover).is_zero()
							&& chunks.iter().all(|c| c.unlock_at <= now)
							&& Exposed::<T>::get(s, prover).is_zero()
					})
					.ok_or(Error::<T>::TooManyDelegators)?;
				let staker = stakers.remove(at);
				let amount =
					UnbondingLedger::total::<T>(&UnbondingLedger::get::<T>(&staker, prover));
				room.evicted = Some((staker, amount));
			}
			Ok(room)
		}

		/// The most `make_room` reads: a delegation, chunks and exposure of every listed staker.
		pub(crate) fn room_weight() -> Weight {
			// The displaced and the evicted: delegation, reward position, chunks, hold and account.
			T::DbWeight::get().reads_writes(3 * u64::from(MaxListed::<T>::get()), 10)
		}

		fn checked_capabilities(
			caps: alloc::vec::Vec<Capability>,
		) -> Result<BoundedVec<Capability, T::MaxClasses>, DispatchError> {
			ensure!(
				caps.windows(2).all(|w| w[0].class < w[1].class)
					&& caps.iter().all(|c| c.capacity > 0),
				Error::<T>::BadCapabilities
			);
			ensure!(
				caps.iter().all(|c| c.capacity <= provernet_primitives::MAX_CAPACITY),
				Error::<T>::CapacityTooLarge
			);
			Ok(caps.try_into().map_err(|_| Error::<T>::BadCapabilities)?)
		}

		fn set_status(who: &T::AccountId, mut ledger: ProverLedger<T>, status: ProverStatus) {
			ledger.status = status;
			ledger.save(who);
			Self::deposit_event(Event::StatusChanged { prover: who.clone(), status });
		}

		/// The ledger invariants: what is held per reason equals the ledgers, prover totals equal
		/// their delegations, delegator counts are right. Read-only.
		#[cfg(any(feature = "try-runtime", feature = "std", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			use alloc::collections::btree_map::BTreeMap;
			use frame_support::traits::fungible::InspectHold as _;
			let mut bond: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
			let mut delegation: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
			let mut per_prover: BTreeMap<T::AccountId, (BalanceOf<T>, u32)> = BTreeMap::new();
			for (who, ledger) in Provers::<T>::iter() {
				bond.entry(who).or_default().saturating_accrue(ledger.self_stake);
			}
			for (delegator, prover, amount) in Delegations::<T>::iter() {
				ensure!(!amount.is_zero(), "zero delegations are removed");
				delegation.entry(delegator).or_default().saturating_accrue(amount);
				let e = per_prover.entry(prover).or_default();
				e.0.saturating_accrue(amount);
				e.1 += 1;
			}
			for (staker, prover, chunks) in Unbonding::<T>::iter() {
				ensure!(!chunks.is_empty(), "empty chunk lists are removed");
				let total = UnbondingLedger::total::<T>(&chunks);
				if staker == prover {
					bond.entry(staker).or_default().saturating_accrue(total);
				} else {
					delegation.entry(staker).or_default().saturating_accrue(total);
				}
			}
			for (who, ledger) in Provers::<T>::iter() {
				let (delegated, _) = per_prover.remove(&who).unwrap_or_default();
				ensure!(ledger.delegated == delegated, "prover.delegated == Σ its delegations");
				for d in DelegatorsOf::<T>::get(&who) {
					ensure!(
						!Delegations::<T>::get(&d, &who).is_zero()
							|| !Unbonding::<T>::get(&d, &who).is_empty(),
						"DelegatorsOf lists only stakers with stake"
					);
				}
			}
			for (staker, prover, _) in Unbonding::<T>::iter().filter(|(s, p, _)| s != p) {
				ensure!(
					DelegatorsOf::<T>::get(&prover).contains(&staker),
					"unbonding staker listed"
				);
			}
			for (staker, prover, _) in Delegations::<T>::iter() {
				ensure!(DelegatorsOf::<T>::get(&prover).contains(&staker), "delegator listed");
			}
			// The pot holds at least every pending reward.
			let mut owed = BalanceOf::<T>::zero();
			for (staker, prover, _) in RewardPositions::<T>::iter() {
				owed.saturating_accrue(Self::pending_rewards(&staker, &prover));
			}
			let pot = T::Currency::balance(&Self::pot());
			ensure!(pot >= owed, "reward pot covers every pending reward");
			// What stakers owe to pending slashes is exactly the recorded exposures' shares.
			let mut exposed: BTreeMap<(T::AccountId, T::AccountId), BalanceOf<T>> = BTreeMap::new();
			for (_, e) in Exposures::<T>::iter() {
				for (s, share) in e.shares.iter() {
					ensure!(!share.is_zero(), "exposure shares are non-zero");
					exposed
						.entry((s.clone(), e.prover.clone()))
						.or_default()
						.saturating_accrue(*share);
				}
			}
			for (staker, prover, amount) in Exposed::<T>::iter() {
				ensure!(
					exposed.remove(&(staker, prover)) == Some(amount),
					"Exposed == Σ shares of the pending exposures"
				);
			}
			ensure!(exposed.is_empty(), "every exposure share is counted in Exposed");
			ensure!(per_prover.is_empty(), "every delegation points at a registered prover");
			let mut reserved: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
			for (who, _, amount) in Reservations::<T>::iter() {
				ensure!(!amount.is_zero(), "zero reservations are removed");
				reserved.entry(who).or_default().saturating_accrue(amount);
			}
			for (who, amount) in reserved {
				let ledger = Provers::<T>::get(&who).ok_or("a reservation of a non-prover")?;
				ensure!(amount <= ledger.obligations, "reservations are part of the obligations");
			}
			for (who, amount) in bond {
				let held = T::Currency::balance_on_hold(&HoldReason::ProverBond.into(), &who);
				ensure!(held == amount, "ProverBond hold == self-stake + own unbonding");
			}
			for (who, amount) in delegation {
				let held = T::Currency::balance_on_hold(&HoldReason::Delegation.into(), &who);
				ensure!(held == amount, "Delegation hold == Σ delegations + their unbonding");
			}
			Ok(())
		}
	}
}
