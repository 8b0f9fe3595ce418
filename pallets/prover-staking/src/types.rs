//! Ledger types. Each owns its storage I/O (`get`, `save`, `kill`), so calls never poke raw maps.

use crate::{BalanceOf, Config, Delegations, Pallet, Provers, Unbonding};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	pallet_prelude::*, BoundedVec, CloneNoBound, DebugNoBound, DefaultNoBound, EqNoBound,
	PartialEqNoBound,
};
use frame_system::pallet_prelude::BlockNumberFor;
use provernet_primitives::ClassId;
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{Bounded, SaturatedConversion, Saturating, Zero},
	FixedPointNumber, FixedU128, Perbill, Rounding,
};

/// Where a prover stands.
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
pub enum ProverStatus {
	/// Takes new work.
	Active,
	/// Registered but takes no new work: chilled by itself, or self-stake under the minimum.
	Inactive,
	/// Suspended by the market; only governance lifts it.
	Jailed,
	/// Left for good; its record remains so its id is never reused.
	Retired,
}

/// One class a prover serves and how many lots of it per round.
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
pub struct Capability {
	/// The proof class.
	pub class: ClassId,
	/// Lots per round.
	pub capacity: u32,
}

/// A prover's record.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(T))]
pub struct ProverLedger<T: Config> {
	/// Status.
	pub status: ProverStatus,
	/// Share of rewards kept by the prover before the rest is shared pro rata (as last written:
	/// [`Self::commission_at`] gives the one in force, an announced increase included once due).
	pub commission: Perbill,
	/// An announced commission increase: it applies after the unbonding delay, so delegators who
	/// disagree can leave first.
	pub pending_commission: Option<CommissionChange<BlockNumberFor<T>>>,
	/// Active self-stake, held as `ProverBond` on the prover's account.
	pub self_stake: BalanceOf<T>,
	/// Σ active delegations to this prover.
	pub delegated: BalanceOf<T>,
	/// Σ obligations locked by the market.
	pub obligations: BalanceOf<T>,
	/// Classes served, sorted by class, no duplicates.
	pub capabilities: BoundedVec<Capability, T::MaxClasses>,
	/// Free-form metadata (name, endpoint), bounded.
	pub metadata: BoundedVec<u8, T::MaxMetadataLen>,
}

impl<T: Config> ProverLedger<T> {
	/// The record of `who`, if registered.
	pub fn get(who: &T::AccountId) -> Option<Self> {
		Provers::<T>::get(who)
	}

	/// Writes the record.
	pub fn save(self, who: &T::AccountId) {
		Provers::<T>::insert(who, self)
	}

	/// The commission in force at block `now`: the announced one once its block has come.
	pub fn commission_at(&self, now: BlockNumberFor<T>) -> Perbill {
		match self.pending_commission {
			Some(change) if change.effective_at <= now => change.commission,
			_ => self.commission,
		}
	}

	/// Writes an announced commission that has come into force into `commission`.
	pub fn apply_due_commission(&mut self, now: BlockNumberFor<T>) {
		if self.pending_commission.is_some_and(|c| c.effective_at <= now) {
			self.commission = self.commission_at(now);
			self.pending_commission = None;
		}
	}

	/// Self-stake plus active delegations.
	pub fn effective_stake(&self) -> BalanceOf<T> {
		self.self_stake.saturating_add(self.delegated)
	}

	/// Whether obligations totalling `total` fit: `total × overcommit ≤ effective stake`.
	pub fn can_carry(&self, total: BalanceOf<T>) -> bool {
		T::OvercommitFactor::get().saturating_mul_int(total) <= self.effective_stake()
	}

	/// The most obligation this stake supports: the largest `x` with `can_carry(x)` (unbounded
	/// for a zero factor).
	pub fn obligation_limit(&self) -> BalanceOf<T> {
		let factor = T::OvercommitFactor::get();
		if factor.is_zero() {
			return BalanceOf::<T>::max_value();
		}
		let stake: u128 = self.effective_stake().saturated_into();
		let limit = multiply_by_rational_with_rounding(
			stake,
			FixedU128::DIV,
			factor.into_inner(),
			Rounding::Down,
		)
		.unwrap_or(u128::MAX);
		let mut limit: BalanceOf<T> = limit.saturated_into();
		// `saturating_mul_int` floors, so one more unit may still fit.
		if self.can_carry(limit.saturating_add(1u32.into())) {
			limit = limit.saturating_add(1u32.into());
		}
		limit
	}

	/// Capacity for `class`, 0 when not served.
	pub fn capacity(&self, class: ClassId) -> u32 {
		self.capabilities
			.binary_search_by_key(&class, |c| c.class)
			.map(|i| self.capabilities[i].capacity)
			.unwrap_or(0)
	}
}

/// A commission increase a prover announced: `commission` applies from block `effective_at`.
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
pub struct CommissionChange<BlockNumber> {
	/// The new commission.
	pub commission: Perbill,
	/// First block it applies in.
	pub effective_at: BlockNumber,
}

/// Where a staker stands in a prover's reward accumulator.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct RewardPosition<Balance> {
	/// The prover's reward-per-stake when this position was last settled.
	pub settled_at: FixedU128,
	/// Rewards earned and not yet claimed.
	pub unclaimed: Balance,
}

/// Stake leaving: still held (and so still slashable) until `unlock_at`.
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
pub struct UnbondingChunk<Balance, BlockNumber> {
	/// Amount.
	pub amount: Balance,
	/// First block at which `withdraw_unbonded` releases it.
	pub unlock_at: BlockNumber,
}

/// The unbonding chunks of one staker towards one prover.
pub type Chunks<T> =
	BoundedVec<UnbondingChunk<BalanceOf<T>, BlockNumberFor<T>>, <T as Config>::MaxUnbondingChunks>;

/// `2 × MaxDelegators`: the most stakers other than the prover with stake towards it. Up to
/// `MaxDelegators` may join freely; beyond that a newcomer displaces the smallest active
/// delegation, whose stake unbonds and stays listed (slashable) until it is withdrawn, so the list
/// keeps room for as many stakers on their way out.
pub struct MaxListed<T>(core::marker::PhantomData<T>);

impl<T: Config> Get<u32> for MaxListed<T> {
	fn get() -> u32 {
		T::MaxDelegators::get().saturating_mul(2)
	}
}

/// `MaxListed + 1`: everyone who can back a prover (the prover and its listed stakers).
pub struct MaxStakers<T>(core::marker::PhantomData<T>);

impl<T: Config> Get<u32> for MaxStakers<T> {
	fn get() -> u32 {
		MaxListed::<T>::get().saturating_add(1)
	}
}

/// The exposure of a reported violation: the prover and what each staker who backed it then
/// owes of the slash.
#[derive(
	CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(T))]
pub struct Exposure<T: Config> {
	/// The prover.
	pub prover: T::AccountId,
	/// (staker, its share of the slash), every share non-zero.
	pub shares: BoundedVec<(T::AccountId, BalanceOf<T>), MaxStakers<T>>,
}

impl<T: Config> Exposure<T> {
	/// Σ of the shares.
	pub fn total(&self) -> BalanceOf<T> {
		self.shares
			.iter()
			.fold(Zero::zero(), |a: BalanceOf<T>, (_, x)| a.saturating_add(*x))
	}
}

/// Unbonding ledger of `(staker, prover)`.
pub struct UnbondingLedger;

impl UnbondingLedger {
	/// The chunks of `staker` towards `prover`.
	pub fn get<T: Config>(staker: &T::AccountId, prover: &T::AccountId) -> Chunks<T> {
		Unbonding::<T>::get(staker, prover)
	}

	/// Writes the chunks, removing the entry when empty.
	pub fn save<T: Config>(staker: &T::AccountId, prover: &T::AccountId, chunks: Chunks<T>) {
		if chunks.is_empty() {
			Unbonding::<T>::remove(staker, prover)
		} else {
			Unbonding::<T>::insert(staker, prover, chunks)
		}
	}

	/// Σ of the chunks.
	pub fn total<T: Config>(chunks: &Chunks<T>) -> BalanceOf<T> {
		chunks
			.iter()
			.fold(Zero::zero(), |acc: BalanceOf<T>, c| acc.saturating_add(c.amount))
	}
}

/// Active delegation of `(delegator, prover)`.
pub struct DelegationLedger;

impl DelegationLedger {
	/// The active amount delegated (0 if none).
	pub fn get<T: Config>(delegator: &T::AccountId, prover: &T::AccountId) -> BalanceOf<T> {
		Delegations::<T>::get(delegator, prover)
	}

	/// Writes the amount, removing the entry at zero.
	pub fn save<T: Config>(delegator: &T::AccountId, prover: &T::AccountId, amount: BalanceOf<T>) {
		if amount.is_zero() {
			Delegations::<T>::remove(delegator, prover)
		} else {
			Delegations::<T>::insert(delegator, prover, amount)
		}
	}
}

/// The room a newcomer's delegation makes in a full delegator list.
#[derive(DefaultNoBound)]
pub(crate) struct Room<T: Config> {
	/// The smallest active delegation, displaced into unbonding: (delegator, amount).
	pub displaced: Option<(T::AccountId, BalanceOf<T>)>,
	/// A staker on its way out, withdrawn to its own account: (staker, amount released).
	pub evicted: Option<(T::AccountId, BalanceOf<T>)>,
	/// Whether the list was walked (the call then pays its full weight).
	pub walked: bool,
}

impl<T: Config> Pallet<T> {
	/// The commission of `prover` in force now (0 for an unknown account).
	pub fn commission_of(prover: &T::AccountId) -> Perbill {
		let now = frame_system::Pallet::<T>::block_number();
		ProverLedger::<T>::get(prover).map(|l| l.commission_at(now)).unwrap_or_default()
	}

	/// The hold reason a staker's stake towards `prover` uses.
	pub(crate) fn reason_for(staker: &T::AccountId, prover: &T::AccountId) -> crate::HoldReason {
		if staker == prover {
			crate::HoldReason::ProverBond
		} else {
			crate::HoldReason::Delegation
		}
	}
}
