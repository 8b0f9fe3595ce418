//! # Market parameters
//!
//! The thin validating layer over `pallet-parameters` through which the market's governed values
//! change. `set(parameters)` checks the new value against its key's safe range with the runtime's
//! [`Validate`] and then writes it through `pallet_parameters::set_parameter` (which emits
//! `Updated { key, old_value, new_value }`). A value outside its range fails with a specific error
//! — even when the referendum that proposed it passed.
//!
//! Its genesis says whether the chain's referenda tracks are the development ones (minutes, not
//! days): [`FastTracks`], set only at genesis.
//!
//! The pallet also defines the [`Origin::MarketParams`] origin: the origin of the
//! "market parameters" referenda track. The runtime accepts it (or Root) as `SetOrigin`.
//! `pallet-parameters` itself only accepts Root, so governance cannot bypass the ranges.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;

/// Why a value is refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RangeError {
	/// Below the key's minimum.
	BelowMinimum,
	/// Above the key's maximum.
	AboveMaximum,
	/// A fee above its cap.
	FeeAboveCap,
	/// A window or period of zero blocks where one is needed.
	ZeroWindow,
	/// Tiers must be strictly increasing.
	TiersNotIncreasing,
	/// Deleting a value (back to its default) is not allowed through this layer.
	CannotUnset,
	/// The longest path from a violation to its slash (acceptance window, ruling window, slash
	/// deferral, plus a margin for the slash queue) must end before the unbonding delay does, so
	/// the stake that backed a violation is still held when its slash applies.
	SlashAfterUnbonding,
	/// An auction round (commit, reveal, clearing and fallback windows) would outlive the rounds
	/// the auction walks each block (`MAX_LIVE_ROUNDS` commit windows).
	RoundOutlivesWalk,
	/// A mechanism that can pay sellers more than the lots pay (the VCG reference): it would
	/// create money, so it can measure the others but never settle a round.
	RunsADeficit,
}

/// The runtime's range check for each key.
pub trait Validate<P> {
	/// Checks a new key-value.
	///
	/// # Errors
	/// The specific [`RangeError`].
	fn validate(parameters: &P) -> Result<(), RangeError>;
}

/// Every parameter with the value in force: what governance set, or the compiled-in default.
pub trait InForce<P> {
	/// One entry per key, each with `Some(value)`.
	fn in_force() -> alloc::vec::Vec<P>;
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_support::traits::{dynamic_params::AggregatedKeyValue, EnsureOriginWithArg};
	use frame_system::pallet_prelude::*;
	use pallet_parameters::WeightInfo as _;

	/// The key of a parameter.
	pub type KeyOf<T> =
		<<T as pallet_parameters::Config>::RuntimeParameters as AggregatedKeyValue>::Key;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Whether the referenda tracks run in minutes instead of days: set in the genesis of
	/// development chains only, and never by a call (the runtime's `Tracks` read it).
	#[pallet::storage]
	pub type FastTracks<T: Config> = StorageValue<_, bool, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Minutes-long referenda tracks (development chains only).
		pub fast_tracks: bool,
		#[serde(skip)]
		#[allow(missing_docs)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			FastTracks::<T>::put(self.fast_tracks);
		}
	}

	/// The origin of the market-parameters governance track.
	#[derive(
		PartialEq, Eq, Clone, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
	)]
	#[pallet::origin]
	pub enum Origin {
		/// A referendum on the market-parameters track passed.
		MarketParams,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config + pallet_parameters::Config {
		/// Who may change each key (the market-parameters track, or Root), by key.
		type SetOrigin: EnsureOriginWithArg<Self::RuntimeOrigin, KeyOf<Self>>;
		/// The range of every key.
		type Validator: Validate<Self::RuntimeParameters>;
		/// Every key with its value in force (for wallets and the CLI: `pallet-parameters` stores
		/// only the values governance set, and the defaults are not in the metadata).
		type InForce: InForce<Self::RuntimeParameters>;
	}

	/// Read-only queries (metadata-described, through the `RuntimeViewFunction` runtime API).
	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// Every market parameter with the value in force now: governance's, or the default.
		pub fn parameters() -> alloc::vec::Vec<T::RuntimeParameters> {
			T::InForce::in_force()
		}
	}

	#[pallet::error]
	pub enum Error<T> {
		/// Below the key's minimum.
		BelowMinimum,
		/// Above the key's maximum.
		AboveMaximum,
		/// A fee above its cap.
		FeeAboveCap,
		/// A window or period of zero blocks where one is needed.
		ZeroWindow,
		/// Tiers must be strictly increasing.
		TiersNotIncreasing,
		/// Deleting a value is not allowed through this layer.
		CannotUnset,
		/// The acceptance window, ruling window and slash deferral (plus a margin) would not end
		/// before the unbonding delay: stake could leave before the slash of a violation it backed
		/// applies. Shorten one of them or lengthen the unbonding delay.
		SlashAfterUnbonding,
		/// A round's reveal, clearing and fallback windows would outlast the rounds the auction
		/// walks each block (15 commit windows): shorten them or lengthen the commit window.
		RoundOutlivesWalk,
		/// The mechanism can pay sellers more than lots pay (the VCG reference, kept only to
		/// measure the others): choose McAfee, Sbba, Muda, VickreyMuda or Adaptive.
		RunsADeficit,
	}

	impl<T> From<RangeError> for Error<T> {
		fn from(e: RangeError) -> Self {
			match e {
				RangeError::BelowMinimum => Self::BelowMinimum,
				RangeError::AboveMaximum => Self::AboveMaximum,
				RangeError::FeeAboveCap => Self::FeeAboveCap,
				RangeError::ZeroWindow => Self::ZeroWindow,
				RangeError::TiersNotIncreasing => Self::TiersNotIncreasing,
				RangeError::CannotUnset => Self::CannotUnset,
				RangeError::SlashAfterUnbonding => Self::SlashAfterUnbonding,
				RangeError::RoundOutlivesWalk => Self::RoundOutlivesWalk,
				RangeError::RunsADeficit => Self::RunsADeficit,
			}
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Sets a market parameter after checking its range.
		///
		/// Emits `pallet_parameters::Updated` with the old and new values.
		#[pallet::call_index(0)]
		#[pallet::weight(
			<T as pallet_parameters::Config>::WeightInfo::set_parameter()
				.saturating_add(T::DbWeight::get().reads(1))
		)]
		pub fn set(origin: OriginFor<T>, parameters: T::RuntimeParameters) -> DispatchResult {
			let (key, _) = parameters.clone().into_parts();
			T::SetOrigin::ensure_origin(origin, &key)?;
			T::Validator::validate(&parameters).map_err(Error::<T>::from)?;
			pallet_parameters::Pallet::<T>::set_parameter(
				frame_system::RawOrigin::Root.into(),
				parameters,
			)
		}
	}
}

/// `EnsureOrigin` for [`Origin::MarketParams`].
pub struct EnsureMarketParams<O>(core::marker::PhantomData<O>);

impl<O: frame_support::traits::OriginTrait + From<Origin>> frame_support::traits::EnsureOrigin<O>
	for EnsureMarketParams<O>
where
	O::PalletsOrigin: TryInto<Origin, Error = O::PalletsOrigin>,
{
	type Success = ();

	fn try_origin(o: O) -> Result<Self::Success, O> {
		let caller = o.caller().clone();
		match caller.try_into() {
			Ok(Origin::MarketParams) => Ok(()),
			Err(_) => Err(o),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<O, ()> {
		Ok(O::from(Origin::MarketParams))
	}
}
