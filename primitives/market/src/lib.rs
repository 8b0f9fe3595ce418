//! # ProverNet primitives
//!
//! What the market pallets share without depending on each other: role newtypes, proof classes,
//! the [`ProverStaking`] interface the job-escrow and auction pallets use to reach prover staking,
//! and the [`proofs::ProofVerifier`] interface the escrow uses to reach the verifier registry.
//! No FRAME here, only `sp-runtime` result types (and the verifier's runtime API).

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::{DispatchError, DispatchResult, Perbill};

pub mod jobs;
pub mod proofs;
pub mod queue;

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

/// The most lots one ask may offer to serve in a round: the auction library's limit
/// (`toda::MAX_CAPACITY`; `pallet-toda` checks the two agree at compile time). Prover staking
/// refuses larger declared capacities.
pub const MAX_CAPACITY: u32 = 1 << 16;

/// Identifies an exposure recorded by [`ProverStaking::record_exposure`].
pub type ExposureId = u64;

/// The most entries a page of a view function returns (a larger `limit` is cut to it).
pub const MAX_PAGE: u32 = 256;

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

	/// Reserves `amount` of obligation for a revealed ask in `class` until its round is cleared
	/// or rolled over: locked like an obligation (so the stake behind it cannot be unbonded or
	/// undelegated), and while any reservation stands the prover cannot chill nor stop serving a
	/// class it holds one in. Fails, changing nothing, if the prover is not active, does not serve
	/// `class`, has no room, or `amount` is zero.
	fn reserve(who: &Prover<AccountId>, class: ClassId, amount: Self::Balance) -> DispatchResult;

	/// Ends a reservation made with [`Self::reserve`] (saturating).
	fn unreserve(who: &Prover<AccountId>, class: ClassId, amount: Self::Balance);

	/// Pays `amount` from `payer` as the prover's reward: its commission to the prover, the rest
	/// shared pro rata by its stakers. Fails, changing nothing, if the payer cannot pay.
	fn reward(who: &Prover<AccountId>, payer: &AccountId, amount: Self::Balance) -> DispatchResult;

	/// The account rewards wait in until claimed. A payer that moves funds there itself (the
	/// escrow pays straight out of a hold) then books them with [`Self::book_reward`].
	fn reward_pot() -> AccountId;

	/// Books `amount`, already moved into [`Self::reward_pot`] by `payer`, as the prover's reward
	/// (commission to the prover, the rest to its stakers pro rata). Fails, changing nothing, if
	/// `who` is not a prover.
	fn book_reward(
		who: &Prover<AccountId>,
		payer: &AccountId,
		amount: Self::Balance,
	) -> DispatchResult;

	/// Slashes up to `amount` pro rata over the prover's self-stake, delegations and unbonding
	/// stake; `beneficiary` (account, share) receives its share of what was taken, the rest goes to
	/// the runtime's slash handler. Returns `(slashed, paid to the beneficiary)`.
	fn slash(
		who: &Prover<AccountId>,
		amount: Self::Balance,
		beneficiary: Option<(AccountId, Perbill)>,
	) -> Result<(Self::Balance, Self::Balance), DispatchError>;

	/// Records who backs the prover now and what each of them owes of a slash of `amount`, pro
	/// rata over self-stake, delegations and unbonding stake: the exposure of a violation, taken
	/// when it is reported. Until [`Self::slash_exposure`] or [`Self::drop_exposure`], none of
	/// those stakers can withdraw what it owes. Returns the record and the total recorded
	/// (at most `amount`).
	///
	/// # Errors
	/// If `who` is not a prover.
	fn record_exposure(
		who: &Prover<AccountId>,
		amount: Self::Balance,
	) -> Result<(ExposureId, Self::Balance), DispatchError>;

	/// Slashes a recorded exposure: each staker it names pays its recorded share (from active
	/// stake first, then unbonding stake, as far as it still holds), whoever joined since pays
	/// nothing; `beneficiary` receives its share. Returns `(slashed, paid to the beneficiary)`.
	///
	/// # Errors
	/// If no exposure has this id.
	fn slash_exposure(
		id: ExposureId,
		beneficiary: Option<(AccountId, Perbill)>,
	) -> Result<(Self::Balance, Self::Balance), DispatchError>;

	/// Forgets a recorded exposure (its slash was cancelled): its stakers may withdraw again.
	fn drop_exposure(id: ExposureId);
}

/// A [`ProverStaking`] for other pallets' tests: in-memory provers (`u64` accounts, `u128`
/// balances) with the same obligation rule (overcommit 1.0), recording rewards and slashes.
#[cfg(feature = "std")]
pub mod mock {
	use super::*;
	use std::{cell::RefCell, collections::BTreeMap};

	/// One mock prover.
	#[derive(Clone, Debug, Default, PartialEq, Eq)]
	pub struct MockProver {
		/// Takes work.
		pub active: bool,
		/// (class, capacity).
		pub classes: Vec<(ClassId, u32)>,
		/// Effective stake.
		pub stake: u128,
		/// Locked obligations (reservations included).
		pub obligations: u128,
		/// Reservations: (class, amount).
		pub reserved: Vec<(ClassId, u128)>,
		/// Rewards received: (payer, amount).
		pub rewards: Vec<(u64, u128)>,
		/// Slashes: (amount, beneficiary).
		pub slashes: Vec<(u128, Option<(u64, Perbill)>)>,
	}

	thread_local! {
		static PROVERS: RefCell<BTreeMap<u64, MockProver>> = const { RefCell::new(BTreeMap::new()) };
		static EXPOSURES: RefCell<BTreeMap<ExposureId, (u64, u128)>> = const { RefCell::new(BTreeMap::new()) };
	}

	/// The mock; configure provers with [`MockStaking::set`].
	pub struct MockStaking;

	impl MockStaking {
		/// Adds or replaces a prover.
		pub fn set(who: u64, prover: MockProver) {
			PROVERS.with(|p| p.borrow_mut().insert(who, prover));
		}

		/// A prover's current state.
		pub fn get(who: u64) -> Option<MockProver> {
			PROVERS.with(|p| p.borrow().get(&who).cloned())
		}

		/// Forgets every prover and exposure.
		pub fn reset() {
			PROVERS.with(|p| p.borrow_mut().clear());
			EXPOSURES.with(|e| e.borrow_mut().clear());
		}

		fn with<R>(who: u64, f: impl FnOnce(&mut MockProver) -> R) -> Option<R> {
			PROVERS.with(|p| p.borrow_mut().get_mut(&who).map(f))
		}
	}

	impl ProverStaking<u64> for MockStaking {
		type Balance = u128;

		fn is_active(who: &Prover<u64>) -> bool {
			Self::get(who.0).is_some_and(|p| p.active)
		}

		fn serves(who: &Prover<u64>, class: ClassId) -> bool {
			Self::capacity(who, class) > 0
		}

		fn capacity(who: &Prover<u64>, class: ClassId) -> u32 {
			Self::get(who.0)
				.and_then(|p| p.classes.iter().find(|c| c.0 == class).map(|c| c.1))
				.unwrap_or(0)
		}

		fn effective_stake(who: &Prover<u64>) -> u128 {
			Self::get(who.0).map(|p| p.stake).unwrap_or(0)
		}

		fn obligation_room(who: &Prover<u64>) -> u128 {
			Self::get(who.0)
				.filter(|p| p.active)
				.map(|p| p.stake.saturating_sub(p.obligations))
				.unwrap_or(0)
		}

		fn lock_obligation(who: &Prover<u64>, amount: u128) -> DispatchResult {
			Self::with(who.0, |p| {
				if !p.active {
					return Err(DispatchError::Other("mock: prover not active"));
				}
				if p.obligations + amount > p.stake {
					return Err(DispatchError::Other("mock: overcommitted"));
				}
				p.obligations += amount;
				Ok(())
			})
			.unwrap_or(Err(DispatchError::Other("mock: not a prover")))
		}

		fn release_obligation(who: &Prover<u64>, amount: u128) {
			Self::with(who.0, |p| p.obligations = p.obligations.saturating_sub(amount));
		}

		fn reserve(who: &Prover<u64>, class: ClassId, amount: u128) -> DispatchResult {
			if !Self::serves(who, class) || amount == 0 {
				return Err(DispatchError::Other("mock: does not serve the class"));
			}
			Self::lock_obligation(who, amount)?;
			Self::with(who.0, |p| p.reserved.push((class, amount)));
			Ok(())
		}

		fn unreserve(who: &Prover<u64>, class: ClassId, amount: u128) {
			Self::with(who.0, |p| {
				if let Some(i) = p.reserved.iter().position(|r| *r == (class, amount)) {
					p.reserved.remove(i);
					p.obligations = p.obligations.saturating_sub(amount);
				}
			});
		}

		fn reward(who: &Prover<u64>, payer: &u64, amount: u128) -> DispatchResult {
			Self::with(who.0, |p| p.rewards.push((*payer, amount)))
				.ok_or(DispatchError::Other("mock: not a prover"))
		}

		fn reward_pot() -> u64 {
			u64::MAX
		}

		fn record_exposure(
			who: &Prover<u64>,
			amount: u128,
		) -> Result<(ExposureId, u128), DispatchError> {
			let stake = Self::get(who.0).ok_or(DispatchError::Other("mock: not a prover"))?.stake;
			let amount = amount.min(stake);
			let id = EXPOSURES.with(|e| {
				let mut e = e.borrow_mut();
				let id = e.keys().last().map_or(0, |k| k + 1);
				e.insert(id, (who.0, amount));
				id
			});
			Ok((id, amount))
		}

		fn slash_exposure(
			id: ExposureId,
			beneficiary: Option<(u64, Perbill)>,
		) -> Result<(u128, u128), DispatchError> {
			let (who, amount) = EXPOSURES
				.with(|e| e.borrow_mut().remove(&id))
				.ok_or(DispatchError::Other("mock: no such exposure"))?;
			Self::slash(&Prover(who), amount, beneficiary)
		}

		fn drop_exposure(id: ExposureId) {
			EXPOSURES.with(|e| e.borrow_mut().remove(&id));
		}

		fn book_reward(who: &Prover<u64>, payer: &u64, amount: u128) -> DispatchResult {
			Self::reward(who, payer, amount)
		}

		fn slash(
			who: &Prover<u64>,
			amount: u128,
			beneficiary: Option<(u64, Perbill)>,
		) -> Result<(u128, u128), DispatchError> {
			Self::with(who.0, |p| {
				let taken = amount.min(p.stake);
				p.stake -= taken;
				p.slashes.push((taken, beneficiary));
				(taken, beneficiary.map(|(_, share)| share.mul_floor(taken)).unwrap_or(0))
			})
			.ok_or(DispatchError::Other("mock: not a prover"))
		}
	}

	#[cfg(test)]
	mod tests {
		use super::*;

		#[test]
		fn the_mock_keeps_the_obligation_rule_and_records_rewards_and_slashes() {
			MockStaking::reset();
			MockStaking::set(
				1,
				MockProver {
					active: true,
					classes: vec![(3, 2)],
					stake: 100,
					..Default::default()
				},
			);
			let p = Prover(1);
			assert!(MockStaking::serves(&p, 3) && !MockStaking::serves(&p, 4));
			assert!(MockStaking::lock_obligation(&p, 60).is_ok());
			assert!(MockStaking::lock_obligation(&p, 41).is_err());
			assert_eq!(MockStaking::obligation_room(&p), 40);
			MockStaking::release_obligation(&p, 60);
			assert!(MockStaking::reward(&p, &9, 5).is_ok());
			assert_eq!(
				MockStaking::slash(&p, 30, Some((9, Perbill::from_percent(50)))),
				Ok((30, 15))
			);
			let state = MockStaking::get(1).unwrap();
			assert_eq!((state.stake, state.rewards.len(), state.slashes.len()), (70, 1, 1));
			assert!(MockStaking::lock_obligation(&Prover(2), 1).is_err());
		}
	}
}
