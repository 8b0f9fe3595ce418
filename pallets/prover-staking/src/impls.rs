//! Rewards, slashing, and the market's view of prover staking ([`ProverStaking`]).

use crate::{
	BalanceOf, Config, CreditOf, DelegationLedger, DelegatorsOf, Error, Event, Exposed, Exposure,
	Exposures, NextExposureId, Pallet, ProverLedger, ProverStatus, RecentSlashes, Reservations,
	RewardPerStake, RewardPositions, UnbondingLedger,
};
use alloc::vec::Vec;
use frame_support::{
	ensure,
	traits::{
		fungible::{hold::Balanced as HoldBalanced, Balanced, Mutate},
		tokens::Preservation,
		Get, Imbalance, OnUnbalanced,
	},
};
use provernet_primitives::{ClassId, ExposureId, Prover, ProverStaking};
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{AccountIdConversion, CheckedAdd, SaturatedConversion, Saturating, Zero},
	DispatchResult, FixedPointNumber, FixedU128, Perbill, Rounding,
};

/// What a slash took and where it went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct SlashOutcome<Balance> {
	/// Taken from holds in total.
	pub slashed: Balance,
	/// Of which paid to the beneficiary.
	pub to_beneficiary: Balance,
}

fn mul_div<T: Config>(a: BalanceOf<T>, b: BalanceOf<T>, c: BalanceOf<T>) -> BalanceOf<T> {
	if c.is_zero() {
		return Zero::zero();
	}
	multiply_by_rational_with_rounding(
		a.saturated_into(),
		b.saturated_into(),
		c.saturated_into(),
		Rounding::Down,
	)
	.unwrap_or(0)
	.saturated_into()
}

impl<T: Config> Pallet<T> {
	/// The account rewards wait in until claimed.
	pub fn pot() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// The active stake of `staker` towards `prover` (self-stake when they are the same).
	pub fn stake_of(staker: &T::AccountId, prover: &T::AccountId) -> BalanceOf<T> {
		if staker == prover {
			ProverLedger::<T>::get(prover).map(|l| l.self_stake).unwrap_or_default()
		} else {
			DelegationLedger::get::<T>(staker, prover)
		}
	}

	/// Rewards `staker` can claim from its stake towards `prover` now.
	pub fn pending_rewards(staker: &T::AccountId, prover: &T::AccountId) -> BalanceOf<T> {
		let pos = RewardPositions::<T>::get(staker, prover);
		let acc = RewardPerStake::<T>::get(prover);
		let earned = acc
			.saturating_sub(pos.settled_at)
			.saturating_mul_int(Self::stake_of(staker, prover));
		pos.unclaimed.saturating_add(earned)
	}

	/// Books what `stake` earned since the last settlement. Called before every stake change, so
	/// no one gains or loses by the timing of a change.
	pub(crate) fn settle(staker: &T::AccountId, prover: &T::AccountId, stake: BalanceOf<T>) {
		let acc = RewardPerStake::<T>::get(prover);
		// Always record where the staker now stands: a new staker must start at the current
		// accumulator, or it would be paid for rewards distributed before it joined.
		RewardPositions::<T>::mutate(staker, prover, |pos| {
			let earned = acc.saturating_sub(pos.settled_at).saturating_mul_int(stake);
			pos.unclaimed.saturating_accrue(earned);
			pos.settled_at = acc;
		});
	}

	/// Removes the reward position of a staker with no stake and nothing to claim left.
	pub(crate) fn forget_if_empty(staker: &T::AccountId, prover: &T::AccountId) {
		if Self::stake_of(staker, prover).is_zero()
			&& Self::pending_rewards(staker, prover).is_zero()
		{
			RewardPositions::<T>::remove(staker, prover);
		}
	}

	pub(crate) fn do_claim(staker: &T::AccountId, prover: &T::AccountId) -> DispatchResult {
		Self::settle(staker, prover, Self::stake_of(staker, prover));
		let mut pos = RewardPositions::<T>::get(staker, prover);
		let amount = pos.unclaimed;
		ensure!(!amount.is_zero(), Error::<T>::NothingToClaim);
		T::Currency::transfer(&Self::pot(), staker, amount, Preservation::Preserve)?;
		pos.unclaimed = Zero::zero();
		if Self::stake_of(staker, prover).is_zero() {
			RewardPositions::<T>::remove(staker, prover);
		} else {
			RewardPositions::<T>::insert(staker, prover, pos);
		}
		Self::deposit_event(Event::RewardsClaimed {
			staker: staker.clone(),
			prover: prover.clone(),
			amount,
		});
		Ok(())
	}

	/// Moves `amount` from `payer` to the reward pot and books it: the commission to the prover,
	/// the rest pro rata to its active stake through the accumulator (`O(1)`). Rounding dust stays
	/// in the pot.
	pub fn do_reward(
		prover: &T::AccountId,
		payer: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(ProverLedger::<T>::get(prover).is_some(), Error::<T>::NotProver);
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		T::Currency::transfer(payer, &Self::pot(), amount, Preservation::Preserve)
			.map_err(|_| Error::<T>::CannotPayReward)?;
		Self::do_book_reward(prover, payer, amount)
	}

	/// Books `amount`, already in the reward pot, as `prover`'s reward: the commission to the
	/// prover, the rest pro rata to its active stake through the accumulator (`O(1)`).
	pub fn do_book_reward(
		prover: &T::AccountId,
		payer: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		let ledger = ProverLedger::<T>::get(prover).ok_or(Error::<T>::NotProver)?;
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let stake = ledger.effective_stake();
		let now = frame_system::Pallet::<T>::block_number();
		let mut commission =
			if stake.is_zero() { amount } else { ledger.commission_at(now).mul_floor(amount) };
		let shared = amount.saturating_sub(commission);
		// Below the least self-stake (after heavy slashes) the stake is too small to share by:
		// the prover takes it all, as with no stake at all (market review L7). At or above it
		// (1,000 BREV in the runtime) the accumulator cannot come near overflowing: that would
		// take 3.4·10²⁰ planck of rewards per planck of stake, more BREV than exists.
		if !shared.is_zero() && stake < T::MinSelfStake::get() {
			commission = amount;
		} else if !shared.is_zero() {
			// The shared part per planck of stake, to 10⁻¹⁸ planck (rounded down: the dust stays
			// in the pot, which `try_state` checks covers every pending reward). Should the
			// accumulator ever overflow regardless, the share goes to the prover, not to nobody.
			let next = multiply_by_rational_with_rounding(
				shared.saturated_into(),
				FixedU128::DIV,
				stake.saturated_into(),
				Rounding::Down,
			)
			.and_then(|inc| {
				RewardPerStake::<T>::get(prover).checked_add(&FixedU128::from_inner(inc))
			});
			match next {
				Some(acc) => RewardPerStake::<T>::insert(prover, acc),
				None => commission = amount,
			}
		}
		RewardPositions::<T>::mutate(prover, prover, |p| p.unclaimed.saturating_accrue(commission));
		Self::deposit_event(Event::Rewarded {
			prover: prover.clone(),
			payer: payer.clone(),
			amount,
			commission,
		});
		Ok(())
	}

	/// Slashes up to `amount` of `prover`'s stake, pro rata over its self-stake, every delegation
	/// and every unbonding chunk (bounded by `MaxDelegators × (1 + MaxUnbondingChunks)` holds).
	/// `beneficiary` receives its share of what was taken (e.g. the requester); the rest goes to
	/// `OnSlash`. A prover left under the minimum self-stake becomes Inactive.
	pub fn do_slash(
		prover: &T::AccountId,
		amount: BalanceOf<T>,
		beneficiary: Option<(T::AccountId, Perbill)>,
	) -> Result<SlashOutcome<BalanceOf<T>>, sp_runtime::DispatchError> {
		let mut ledger = ProverLedger::<T>::get(prover).ok_or(Error::<T>::NotProver)?;
		let stakers: Vec<T::AccountId> =
			core::iter::once(prover.clone()).chain(DelegatorsOf::<T>::get(prover)).collect();
		// Everything at stake, active and unbonding.
		let mut total = BalanceOf::<T>::zero();
		for s in &stakers {
			total.saturating_accrue(Self::stake_of(s, prover));
			total.saturating_accrue(UnbondingLedger::total::<T>(&UnbondingLedger::get::<T>(
				s, prover,
			)));
		}
		let amount = amount.min(total);
		let mut credit = CreditOf::<T>::zero();
		if !amount.is_zero() {
			for s in &stakers {
				let reason: T::RuntimeHoldReason = Self::reason_for(s, prover).into();
				// Active stake: settle rewards first, then cut.
				let active = Self::stake_of(s, prover);
				let cut = mul_div::<T>(amount, active, total);
				if !cut.is_zero() {
					Self::settle(s, prover, active);
					let (c, _) = T::Currency::slash(&reason, s, cut);
					let taken = c.peek();
					credit = credit.merge(c);
					if s == prover {
						ledger.self_stake.saturating_reduce(taken);
					} else {
						ledger.delegated.saturating_reduce(taken);
						DelegationLedger::save::<T>(s, prover, active.saturating_sub(taken));
					}
				}
				// Unbonding chunks: still slashable.
				let mut chunks = UnbondingLedger::get::<T>(s, prover);
				for chunk in chunks.iter_mut() {
					let cut = mul_div::<T>(amount, chunk.amount, total);
					if !cut.is_zero() {
						let (c, _) = T::Currency::slash(&reason, s, cut);
						chunk.amount.saturating_reduce(c.peek());
						credit = credit.merge(c);
					}
				}
				Self::save_slashed_chunks(s, prover, chunks);
			}
		}
		Ok(Self::finish_slash(prover, ledger, amount, credit, beneficiary))
	}

	/// Saves a staker's chunks after a slash (emptied ones dropped); a delegator left with
	/// nothing towards the prover leaves its list.
	fn save_slashed_chunks(s: &T::AccountId, prover: &T::AccountId, mut chunks: crate::Chunks<T>) {
		chunks.retain(|c| !c.amount.is_zero());
		UnbondingLedger::save::<T>(s, prover, chunks);
		if s != prover
			&& DelegationLedger::get::<T>(s, prover).is_zero()
			&& UnbondingLedger::get::<T>(s, prover).is_empty()
		{
			DelegatorsOf::<T>::mutate(prover, |list| list.retain(|d| d != s));
		}
	}

	/// What every slash ends with: the beneficiary's share of `credit`, the rest to `OnSlash`,
	/// the jailing count, the prover's status and the `Slashed` event.
	fn finish_slash(
		prover: &T::AccountId,
		mut ledger: ProverLedger<T>,
		requested: BalanceOf<T>,
		mut credit: CreditOf<T>,
		beneficiary: Option<(T::AccountId, Perbill)>,
	) -> SlashOutcome<BalanceOf<T>> {
		let slashed = credit.peek();
		let mut to_beneficiary = BalanceOf::<T>::zero();
		if let Some((who, share)) = beneficiary {
			let (paid, rest) = credit.split(share.mul_floor(slashed));
			to_beneficiary = paid.peek();
			credit = match T::Currency::resolve(&who, paid) {
				Ok(()) => rest,
				// The beneficiary cannot take it (e.g. a new account below the existential
				// deposit): it all goes to `OnSlash`.
				Err(paid) => {
					to_beneficiary = Zero::zero();
					rest.merge(paid)
				},
			};
		}
		T::OnSlash::on_unbalanced(credit);
		// Repeated violations within the window jail the prover; only governance unjails.
		// A retired prover is never jailed: nothing is counted for it.
		let now = frame_system::Pallet::<T>::block_number();
		let (start, count) = RecentSlashes::<T>::get(prover);
		let (start, count) = if now >= start.saturating_add(T::SlashWindow::get()) || count == 0 {
			(now, 1)
		} else {
			(start, count.saturating_add(1))
		};
		if ledger.status != ProverStatus::Retired {
			RecentSlashes::<T>::insert(prover, (start, count));
		}
		let jail = T::JailAfterSlashes::get();
		let new_status = if jail > 0 && count >= jail && ledger.status != ProverStatus::Retired {
			Some(ProverStatus::Jailed)
		} else if ledger.status == ProverStatus::Active
			&& ledger.self_stake < T::MinSelfStake::get()
		{
			Some(ProverStatus::Inactive)
		} else {
			None
		};
		if let Some(status) = new_status.filter(|s| *s != ledger.status) {
			ledger.status = status;
			Self::deposit_event(Event::StatusChanged { prover: prover.clone(), status });
		}
		ledger.save(prover);
		Self::deposit_event(Event::Slashed {
			prover: prover.clone(),
			requested,
			slashed,
			to_beneficiary,
		});
		SlashOutcome { slashed, to_beneficiary }
	}

	/// Everything `staker` holds towards `prover`: active stake plus unbonding chunks.
	fn at_stake(staker: &T::AccountId, prover: &T::AccountId) -> BalanceOf<T> {
		Self::stake_of(staker, prover)
			.saturating_add(UnbondingLedger::total::<T>(&UnbondingLedger::get::<T>(staker, prover)))
	}

	/// Records the exposure of a violation: each staker's share of `amount`, pro rata to what it
	/// holds towards `prover` now (active and unbonding), rounded down. O(`MaxDelegators`).
	pub fn do_record_exposure(
		prover: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<(ExposureId, BalanceOf<T>), sp_runtime::DispatchError> {
		ensure!(ProverLedger::<T>::get(prover).is_some(), Error::<T>::NotProver);
		let stakers: Vec<(T::AccountId, BalanceOf<T>)> = core::iter::once(prover.clone())
			.chain(DelegatorsOf::<T>::get(prover))
			.map(|s| {
				let held = Self::at_stake(&s, prover);
				(s, held)
			})
			.collect();
		let total = stakers.iter().fold(BalanceOf::<T>::zero(), |a, (_, x)| a.saturating_add(*x));
		let amount = amount.min(total);
		let shares: Vec<(T::AccountId, BalanceOf<T>)> = stakers
			.into_iter()
			.map(|(s, held)| {
				let share = mul_div::<T>(amount, held, total);
				(s, share)
			})
			.filter(|(_, share)| !share.is_zero())
			.collect();
		let exposure = Exposure::<T> {
			prover: prover.clone(),
			shares: shares.try_into().expect("the prover and at most MaxDelegators; qed"),
		};
		for (s, share) in exposure.shares.iter() {
			Exposed::<T>::mutate(s, prover, |x| x.saturating_accrue(*share));
		}
		let id = NextExposureId::<T>::get();
		NextExposureId::<T>::put(id.wrapping_add(1));
		let recorded = exposure.total();
		Exposures::<T>::insert(id, exposure);
		Self::deposit_event(Event::ExposureRecorded {
			id,
			prover: prover.clone(),
			total: recorded,
		});
		Ok((id, recorded))
	}

	/// Takes an exposure out of storage and frees what its stakers owed to it.
	fn take_exposure(id: ExposureId) -> Option<Exposure<T>> {
		let exposure = Exposures::<T>::take(id)?;
		for (s, share) in exposure.shares.iter() {
			Exposed::<T>::mutate_exists(s, &exposure.prover, |x| {
				let left = x.unwrap_or_default().saturating_sub(*share);
				*x = if left.is_zero() { None } else { Some(left) };
			});
		}
		Some(exposure)
	}

	/// Slashes a recorded exposure: each staker it names pays its share, from its active stake
	/// first, then its unbonding chunks (oldest first), as far as it still holds towards the
	/// prover. Stakers who joined after the violation are not in it and pay nothing.
	pub fn do_slash_exposure(
		id: ExposureId,
		beneficiary: Option<(T::AccountId, Perbill)>,
	) -> Result<SlashOutcome<BalanceOf<T>>, sp_runtime::DispatchError> {
		let exposure = Self::take_exposure(id).ok_or(Error::<T>::UnknownExposure)?;
		let prover = &exposure.prover;
		let mut ledger = ProverLedger::<T>::get(prover).ok_or(Error::<T>::NotProver)?;
		let mut credit = CreditOf::<T>::zero();
		for (s, share) in exposure.shares.iter() {
			let reason: T::RuntimeHoldReason = Self::reason_for(s, prover).into();
			let active = Self::stake_of(s, prover);
			let cut = (*share).min(active);
			let mut taken = BalanceOf::<T>::zero();
			if !cut.is_zero() {
				Self::settle(s, prover, active);
				let (c, _) = T::Currency::slash(&reason, s, cut);
				taken = c.peek();
				credit = credit.merge(c);
				if s == prover {
					ledger.self_stake.saturating_reduce(taken);
				} else {
					ledger.delegated.saturating_reduce(taken);
					DelegationLedger::save::<T>(s, prover, active.saturating_sub(taken));
				}
			}
			let mut rest = share.saturating_sub(taken);
			let mut chunks = UnbondingLedger::get::<T>(s, prover);
			for chunk in chunks.iter_mut() {
				if rest.is_zero() {
					break;
				}
				let cut = rest.min(chunk.amount);
				let (c, _) = T::Currency::slash(&reason, s, cut);
				chunk.amount.saturating_reduce(c.peek());
				rest.saturating_reduce(c.peek());
				credit = credit.merge(c);
			}
			Self::save_slashed_chunks(s, prover, chunks);
		}
		Ok(Self::finish_slash(prover, ledger, exposure.total(), credit, beneficiary))
	}
}

impl<T: Config> ProverStaking<T::AccountId> for Pallet<T> {
	type Balance = BalanceOf<T>;

	fn is_active(who: &Prover<T::AccountId>) -> bool {
		ProverLedger::<T>::get(&who.0).is_some_and(|l| l.status == ProverStatus::Active)
	}

	fn serves(who: &Prover<T::AccountId>, class: ClassId) -> bool {
		Self::capacity(who, class) > 0
	}

	fn capacity(who: &Prover<T::AccountId>, class: ClassId) -> u32 {
		ProverLedger::<T>::get(&who.0).map(|l| l.capacity(class)).unwrap_or(0)
	}

	fn effective_stake(who: &Prover<T::AccountId>) -> BalanceOf<T> {
		ProverLedger::<T>::get(&who.0).map(|l| l.effective_stake()).unwrap_or_default()
	}

	fn obligation_room(who: &Prover<T::AccountId>) -> BalanceOf<T> {
		ProverLedger::<T>::get(&who.0)
			.filter(|l| l.status == ProverStatus::Active)
			.map(|l| l.obligation_limit().saturating_sub(l.obligations))
			.unwrap_or_default()
	}

	fn lock_obligation(who: &Prover<T::AccountId>, amount: BalanceOf<T>) -> DispatchResult {
		let mut ledger = ProverLedger::<T>::get(&who.0).ok_or(Error::<T>::NotProver)?;
		ensure!(ledger.status == ProverStatus::Active, Error::<T>::NotActive);
		let total = ledger.obligations.saturating_add(amount);
		ensure!(ledger.can_carry(total), Error::<T>::Overcommitted);
		ledger.obligations = total;
		ledger.save(&who.0);
		Self::deposit_event(Event::ObligationLocked { prover: who.0.clone(), amount, total });
		Ok(())
	}

	fn release_obligation(who: &Prover<T::AccountId>, amount: BalanceOf<T>) {
		if let Some(mut ledger) = ProverLedger::<T>::get(&who.0) {
			ledger.obligations = ledger.obligations.saturating_sub(amount);
			let total = ledger.obligations;
			ledger.save(&who.0);
			Self::deposit_event(Event::ObligationReleased { prover: who.0.clone(), amount, total });
		}
	}

	fn reserve(who: &Prover<T::AccountId>, class: ClassId, amount: BalanceOf<T>) -> DispatchResult {
		ensure!(Self::serves(who, class), Error::<T>::NotServing);
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		Self::lock_obligation(who, amount)?;
		Reservations::<T>::mutate(&who.0, class, |r| {
			*r = Some(r.unwrap_or_default().saturating_add(amount))
		});
		Ok(())
	}

	fn unreserve(who: &Prover<T::AccountId>, class: ClassId, amount: BalanceOf<T>) {
		let Some(held) = Reservations::<T>::get(&who.0, class) else { return };
		let amount = amount.min(held);
		let left = held.saturating_sub(amount);
		if left.is_zero() {
			Reservations::<T>::remove(&who.0, class);
		} else {
			Reservations::<T>::insert(&who.0, class, left);
		}
		Self::release_obligation(who, amount);
	}

	fn reward(
		who: &Prover<T::AccountId>,
		payer: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		Self::do_reward(&who.0, payer, amount)
	}

	fn reward_pot() -> T::AccountId {
		Self::pot()
	}

	fn book_reward(
		who: &Prover<T::AccountId>,
		payer: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		Self::do_book_reward(&who.0, payer, amount)
	}

	fn slash(
		who: &Prover<T::AccountId>,
		amount: BalanceOf<T>,
		beneficiary: Option<(T::AccountId, Perbill)>,
	) -> Result<(BalanceOf<T>, BalanceOf<T>), sp_runtime::DispatchError> {
		Self::do_slash(&who.0, amount, beneficiary).map(|o| (o.slashed, o.to_beneficiary))
	}

	fn record_exposure(
		who: &Prover<T::AccountId>,
		amount: BalanceOf<T>,
	) -> Result<(ExposureId, BalanceOf<T>), sp_runtime::DispatchError> {
		Self::do_record_exposure(&who.0, amount)
	}

	fn slash_exposure(
		id: ExposureId,
		beneficiary: Option<(T::AccountId, Perbill)>,
	) -> Result<(BalanceOf<T>, BalanceOf<T>), sp_runtime::DispatchError> {
		Self::do_slash_exposure(id, beneficiary).map(|o| (o.slashed, o.to_beneficiary))
	}

	fn drop_exposure(id: ExposureId) {
		Self::take_exposure(id);
	}
}
