//! Lots, classes and the interfaces between the job escrow, the auction and slashing policy.

use crate::{proofs::ProofSystem, ClassId};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::{DispatchError, DispatchResult, Weight};

/// A lot: one stage of a job, what the auction assigns to a prover. Unique across the chain.
pub type LotId = u64;

/// The market class of a lot: its proof system with the latency tier and stake tier it asks for.
/// Provers declare capabilities per class (`pallet-prover-staking`), and the auction clears each
/// class as its own market. Encoded as `system << 16 | latency_tier << 8 | stake_tier`.
#[must_use]
pub fn class_id(system: ProofSystem, latency_tier: u8, stake_tier: u8) -> ClassId {
	let system: u32 = match system {
		ProofSystem::Groth16Bn254 => 0,
		ProofSystem::Attested => 1,
	};
	system << 16 | u32::from(latency_tier) << 8 | u32::from(stake_tier)
}

/// A lot the auction may assign.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct OpenLot<Balance> {
	/// The lot.
	pub id: LotId,
	/// Its class.
	pub class: ClassId,
	/// Public size `w` in proof-gas units.
	pub size: u32,
	/// The most the requester pays for it (`M`, held).
	pub max_fee: Balance,
	/// The obligation a prover takes on with it (the stake tier).
	pub stake: Balance,
}

/// The job escrow as the auction sees it: lots in, assignments out.
pub trait JobMarket<AccountId, Balance> {
	/// Up to `max` lots of `class` open for assignment now, oldest first.
	fn open_lots(class: ClassId, max: u32) -> Vec<OpenLot<Balance>>;

	/// Assigns an open lot to `prover` at `unit_price` per unit of size: the prover's obligation
	/// (the lot's stake tier) is locked, the price recorded, the max fee stays held. Fails,
	/// changing nothing, if the lot is not open, the prover is not eligible or has no room, or
	/// `unit_price × size` exceeds the max fee.
	fn assign(lot: LotId, prover: &AccountId, unit_price: Balance) -> DispatchResult;

	/// Whether an open lot can still be served if assigned now (its deadline leaves the tier's
	/// proving time).
	fn is_servable(lot: LotId) -> bool;

	/// The weight of one [`Self::assign`].
	fn assign_weight() -> Weight;
}

/// Slashing policy for a prover who missed a lot's deadline (`pallet-slashing` implements the
/// market's policy; the escrow pallet ships an immediate slash as the default).
pub trait SlashingHandler<AccountId, Balance> {
	/// `prover` missed the deadline of `lot`, whose obligation was `stake`; `requester` is owed
	/// compensation. Returns `(slashed, paid to the requester)`.
	fn on_missed_deadline(
		prover: &AccountId,
		requester: &AccountId,
		lot: LotId,
		stake: Balance,
	) -> (Balance, Balance);

	/// The most [`Self::on_missed_deadline`] may weigh.
	fn weight() -> Weight;

	/// `requester` disputes `prover`'s attested proof for `lot` (e.g. holds a dispute bond).
	/// Failing refuses the dispute.
	///
	/// # Errors
	/// If the dispute cannot be opened (e.g. the bond cannot be held).
	fn on_dispute(_requester: &AccountId, _prover: &AccountId, _lot: LotId) -> DispatchResult {
		Ok(())
	}
}

/// How a ruling on a disputed (attested) lot ends it, implemented by the job escrow.
pub trait DisputeSettlement<AccountId, Balance> {
	/// The requester was right: the lot is refunded in full and the prover's obligation released.
	/// Returns `(prover, requester, stake)`.
	///
	/// # Errors
	/// If the lot is not disputed.
	fn uphold(lot: LotId) -> Result<(AccountId, AccountId, Balance), DispatchError>;

	/// The prover was right: the lot is paid as if accepted. Returns `(prover, requester)`.
	///
	/// # Errors
	/// If the lot is not disputed.
	fn reject(lot: LotId) -> Result<(AccountId, AccountId), DispatchError>;
}
