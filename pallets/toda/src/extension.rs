//! [`CheckFallbackClearing`]: the signed fallback clearing is checked where the pool validates,
//! so an early, late or wrong one is refused before it is included and costs its sender nothing.

use crate::{Call, Config, Pallet, RoundStatus, Rounds, Snapshots};
use codec::{Decode, DecodeWithMemTracking, Encode};
use frame_support::{
	dispatch::DispatchInfo, traits::IsSubType, CloneNoBound, DebugNoBound, DefaultNoBound,
	EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;
use sp_runtime::{
	impl_tx_ext_default,
	traits::{
		DispatchInfoOf, DispatchOriginOf, Dispatchable, Implication, TransactionExtension,
		ValidateResult,
	},
	transaction_validity::{
		InvalidTransaction, TransactionSource, TransactionValidityError, ValidTransaction,
	},
	SaturatedConversion, Saturating, Weight,
};

/// Validates `Toda::submit_clearing` (the signed fallback) in the transaction pool and again at
/// inclusion, and lets every other call through untouched.
///
/// A fallback is valid only while its round waits in its fallback window (`Future` before it,
/// `Stale` once the round is cleared — a submission that lost the race — or rolled over) and only
/// if it is exactly the round's mechanism's clearing of the stored snapshot (`Call` otherwise,
/// checked with the same `toda::verify` the call runs). An invalid one never enters a block, so
/// it pays no fee at all; the block author cannot include one either, since inclusion validates
/// again. Valid fallbacks of one round share one pool tag (prefix `ProverNetTodaFallback`,
/// `provides(round)`): the pool keeps one. The extension carries no data, so wallets sign it without knowing it (polkadot.js treats
/// an empty unknown extension as having no effect, subxt skips it).
///
/// Its weight is the verification's ([`Pallet::authorize_weight`], the benchmarked check the
/// offchain worker's clearing goes through), charged only on fallback clearings.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	CloneNoBound,
	EqNoBound,
	PartialEqNoBound,
	DefaultNoBound,
	TypeInfo,
	DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct CheckFallbackClearing<T>(core::marker::PhantomData<T>);

/// The runtime's call type.
type CallOf<T> = <T as frame_system::Config>::RuntimeCall;

impl<T> CheckFallbackClearing<T> {
	/// The extension (it has no data).
	pub fn new() -> Self {
		Self(Default::default())
	}
}

impl<T: Config> Pallet<T> {
	/// Whether a signed fallback clearing of `round` is valid now, as the pool sees it.
	///
	/// # Errors
	/// `Future` before the round's fallback window, `Stale` after it or once the round is cleared,
	/// `Call` if `clearing` is not the mechanism's output for the snapshot.
	pub fn validate_fallback(
		round: crate::RoundIndex,
		clearing: &toda::Clearing,
	) -> Result<ValidTransaction, TransactionValidityError> {
		let info = Rounds::<T>::get(round).ok_or(InvalidTransaction::Stale)?;
		let now = frame_system::Pallet::<T>::block_number();
		match info.status {
			RoundStatus::Clearing if now >= info.fallback_until => {
				return Err(InvalidTransaction::Stale.into())
			},
			RoundStatus::Clearing if now < info.clearing_until => {
				return Err(InvalidTransaction::Future.into())
			},
			RoundStatus::Clearing => {},
			RoundStatus::Commit | RoundStatus::Reveal => {
				return Err(InvalidTransaction::Future.into())
			},
			_ => return Err(InvalidTransaction::Stale.into()),
		}
		let snapshot = Snapshots::<T>::get(round).ok_or(InvalidTransaction::Stale)?;
		if clearing.mechanism != info.mechanism || toda::verify(&snapshot, clearing).is_err() {
			return Err(InvalidTransaction::Call.into());
		}
		let left: u64 = info.fallback_until.saturating_sub(now).saturated_into();
		ValidTransaction::with_tag_prefix("ProverNetTodaFallback")
			.and_provides(round)
			.longevity(left.max(1))
			.build()
	}
}

impl<T: Config + Send + Sync> TransactionExtension<CallOf<T>> for CheckFallbackClearing<T>
where
	CallOf<T>: Dispatchable<Info = DispatchInfo> + IsSubType<Call<T>>,
{
	const IDENTIFIER: &'static str = "CheckFallbackClearing";
	type Implicit = ();
	type Val = ();
	type Pre = ();

	fn weight(&self, call: &CallOf<T>) -> Weight {
		match call.is_sub_type() {
			Some(Call::submit_clearing { round, .. }) => Pallet::<T>::authorize_weight(*round),
			_ => Weight::zero(),
		}
	}

	fn validate(
		&self,
		origin: DispatchOriginOf<CallOf<T>>,
		call: &CallOf<T>,
		_info: &DispatchInfoOf<CallOf<T>>,
		_len: usize,
		_self_implicit: Self::Implicit,
		_inherited_implication: &impl Implication,
		_source: TransactionSource,
	) -> ValidateResult<Self::Val, CallOf<T>> {
		let validity = match call.is_sub_type() {
			Some(Call::submit_clearing { round, clearing }) => {
				Pallet::<T>::validate_fallback(*round, clearing)?
			},
			_ => ValidTransaction::default(),
		};
		Ok((validity, (), origin))
	}

	impl_tx_ext_default!(CallOf<T>; prepare);
}
