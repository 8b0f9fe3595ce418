//! The market's view of prover staking: [`ProverStaking`] for the pallet.

use crate::{BalanceOf, Config, Error, Event, Pallet, ProverLedger, ProverStatus};
use provernet_primitives::{ClassId, Prover, ProverStaking};
use sp_runtime::{traits::Saturating, DispatchResult};

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
		frame_support::ensure!(ledger.status == ProverStatus::Active, Error::<T>::NotActive);
		let total = ledger.obligations.saturating_add(amount);
		frame_support::ensure!(ledger.can_carry(total), Error::<T>::Overcommitted);
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
}
