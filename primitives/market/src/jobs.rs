//! Lots, classes and the interfaces between the job escrow, the auction and slashing policy.

use crate::{proofs::ProofSystem, ClassId};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::{DispatchResult, Weight};

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

/// What a prover did wrong, as the job escrow reports it.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum ViolationKind {
	/// No valid proof before the lot was due.
	MissedDeadline,
	/// An attested proof was disputed and the judge upheld the dispute.
	DisputeUpheld,
}

/// Where the job escrow reports service-level violations. The flow is one way — escrow →
/// slashing policy → prover staking — and nothing calls back: `pallet-slashing` owns the policy
/// (how much, when, who is compensated, jailing), prover staking the pro-rata mechanics.
pub trait SlashingHandler<AccountId, Balance> {
	/// `prover` violated `lot`'s service level (`kind`) while the lot's obligation was `stake`;
	/// `requester` is owed compensation. Never fails: the escrow has already ended the prover's
	/// part of the lot, and what the violation costs is the policy's to decide.
	fn report_violation(
		prover: &AccountId,
		requester: &AccountId,
		lot: LotId,
		kind: ViolationKind,
		stake: Balance,
	);

	/// The most [`Self::report_violation`] may weigh.
	fn weight() -> Weight;
}
