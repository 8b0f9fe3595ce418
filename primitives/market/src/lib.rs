//! # ProverNet primitives
//!
//! What the market pallets share without depending on each other: role newtypes, proof classes and
//! the [`ProverStaking`] interface the job-escrow and auction pallets use to reach prover staking.
//! No FRAME here, only `sp-runtime` result types.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::{DispatchError, DispatchResult, Perbill};

/// A proof class: the auction clears each class as its own market.
pub type ClassId = u32;

/// An account acting as a prover.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct Prover<AccountId>(pub AccountId);

/// An account acting as a delegator of stake to a prover.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct Delegator<AccountId>(pub AccountId);

/// An account acting as a requester of proofs.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct Requester<AccountId>(pub AccountId);

/// What the market asks of prover staking: eligibility, obligations (overcommit protection),
/// rewards and slashing. The obligation rule is `Σ obligations × overcommit ≤ effective stake`
/// (see `pallet-prover-staking`).
pub trait ProverStaking<AccountId> {
	/// The token amount type.
	type Balance;

	/// Whether the prover may take new work now (status Active).
	fn is_active(who: &Prover<AccountId>) -> bool;

	/// Whether the prover declared that it serves `class`.
	fn serves(who: &Prover<AccountId>, class: ClassId) -> bool;

	/// The lots per round the prover declared for `class` (0 if it does not serve it).
	fn capacity(who: &Prover<AccountId>, class: ClassId) -> u32;

	/// Self-stake plus active delegations (unbonding stake does not count).
	fn effective_stake(who: &Prover<AccountId>) -> Self::Balance;

	/// How much more obligation the prover can take before the overcommit rule refuses it.
	fn obligation_room(who: &Prover<AccountId>) -> Self::Balance;

	/// Records an obligation of `amount` (a lot's stake tier) against the prover's stake.
	/// Fails, changing nothing, if the prover is not active or has no room.
	fn lock_obligation(who: &Prover<AccountId>, amount: Self::Balance) -> DispatchResult;

	/// Releases an obligation taken with [`Self::lock_obligation`] (saturating).
	fn release_obligation(who: &Prover<AccountId>, amount: Self::Balance);

	/// Pays `amount` from `payer` as the prover's reward: its commission to the prover, the rest
	/// shared pro rata by its stakers. Fails, changing nothing, if the payer cannot pay.
	fn reward(who: &Prover<AccountId>, payer: &AccountId, amount: Self::Balance) -> DispatchResult;

	/// Slashes up to `amount` pro rata over the prover's self-stake, delegations and unbonding
	/// stake; `beneficiary` (account, share) receives its share of what was taken, the rest goes to
	/// the runtime's slash handler. Returns `(slashed, paid to the beneficiary)`.
	fn slash(
		who: &Prover<AccountId>,
		amount: Self::Balance,
		beneficiary: Option<(AccountId, Perbill)>,
	) -> Result<(Self::Balance, Self::Balance), DispatchError>;
}
