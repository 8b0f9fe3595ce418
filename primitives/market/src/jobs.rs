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

/// The money terms of one trade, exactly as the auction's mechanism computed and verified them
/// (`toda::Trade`'s amount fields). The escrow stores them on the assigned lot and settles exactly
/// these numbers: the requester pays `lot_pays`, the prover side receives `ask_receives`, the
/// treasury receives `fee` plus the mechanism's surplus `lot_pays − ask_gross`.
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
pub struct TradeTerms<Balance> {
	/// What the lot pays per unit of its size (for display; `lot_pays` is what moves).
	pub lot_unit_price: Balance,
	/// What the ask is paid per unit of the lot's size, before the fee (for display).
	pub ask_unit_price: Balance,
	/// What the requester pays, out of its held max fee.
	pub lot_pays: Balance,
	/// The ask's gross payment, `ask_unit_price × size`: `fee + ask_receives`.
	pub ask_gross: Balance,
	/// The market fee on `ask_gross`, at the round's fee.
	pub fee: Balance,
	/// What the prover side receives (commission, then stakers pro rata).
	pub ask_receives: Balance,
}

impl<Balance: Copy + PartialOrd + sp_runtime::traits::Saturating> TradeTerms<Balance> {
	/// Whether the terms add up: `fee + ask_receives = ask_gross ≤ lot_pays ≤ max_fee` (without
	/// overflow). The escrow refuses terms that do not.
	pub fn is_consistent(&self, max_fee: Balance) -> bool {
		let parts = self.fee.saturating_add(self.ask_receives);
		parts == self.ask_gross && self.ask_gross <= self.lot_pays && self.lot_pays <= max_fee
	}

	/// What the treasury receives: the fee plus the mechanism's surplus, `lot_pays − ask_receives`.
	pub fn to_treasury(&self) -> Balance {
		self.lot_pays.saturating_sub(self.ask_receives)
	}
}

impl<Balance: sp_runtime::traits::AtLeast32BitUnsigned + Copy> TradeTerms<Balance> {
	/// The terms of a trade at one unit price on both sides (no surplus) with `fee` of the gross,
	/// rounded down: for tests and benchmarks. The auction passes its mechanism's own terms.
	pub fn at_unit_price(unit_price: Balance, size: u32, fee: sp_runtime::Perbill) -> Self {
		let gross = unit_price.saturating_mul(size.into());
		let fee = fee.mul_floor(gross);
		Self {
			lot_unit_price: unit_price,
			ask_unit_price: unit_price,
			lot_pays: gross,
			ask_gross: gross,
			fee,
			ask_receives: gross.saturating_sub(fee),
		}
	}
}

/// The job escrow as the auction sees it: lots in, assignments out.
pub trait JobMarket<AccountId, Balance> {
	/// Up to `max` lots of `class` open for assignment now, oldest first.
	fn open_lots(class: ClassId, max: u32) -> Vec<OpenLot<Balance>>;

	/// Assigns an open lot to `prover` on the trade's `terms`: the prover's obligation (the lot's
	/// stake tier) is locked, the terms recorded (settlement pays exactly them), the max fee stays
	/// held. Fails, changing nothing, if the lot is not open or can no longer be served, the
	/// prover is not eligible or has no room, or the terms do not add up within the max fee.
	fn assign(lot: LotId, prover: &AccountId, terms: TradeTerms<Balance>) -> DispatchResult;

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
