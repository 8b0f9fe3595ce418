//! Lots, classes and the interfaces between the job escrow, the auction and slashing policy.

use crate::{
	proofs::{ProofSystem, Wrapper},
	ClassId,
};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::Weight;

/// A lot: one stage of a job, what the auction assigns to a prover. Unique across the chain.
pub type LotId = u64;

/// How many proof systems `class_id` numbers (0..`SYSTEM_CODES`): Groth16/BN254, attested, and
/// the five zkVM wrappers.
pub const SYSTEM_CODES: u32 = 7;

/// The market class of a lot: its proof system with the latency tier and stake tier it asks for.
/// Provers declare capabilities per class (`pallet-prover-staking`), and the auction clears each
/// class as its own market. Encoded as `system << 16 | latency_tier << 8 | stake_tier`.
#[must_use]
pub fn class_id(system: ProofSystem, latency_tier: u8, stake_tier: u8) -> ClassId {
	let system: u32 = match system {
		ProofSystem::Groth16Bn254 => 0,
		ProofSystem::Attested => 1,
		ProofSystem::Zkvm(Wrapper::Gnark) => 2,
		ProofSystem::Zkvm(Wrapper::Pico) => 3,
		ProofSystem::Zkvm(Wrapper::Sp1V4) => 4,
		ProofSystem::Zkvm(Wrapper::Sp1V6) => 5,
		ProofSystem::Zkvm(Wrapper::Risc0V3) => 6,
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

/// Why [`JobMarket::assign`] refused a trade, and whose doing it was: the auction forfeits the
/// bid bond of an ask whose trade fails because of its prover, never for the lot's reasons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssignError {
	/// Not the prover's doing: the lot is no longer open or servable in time, its terms do not
	/// add up within its max fee, or its obligation no longer fits the prover's room (a room the
	/// auction reserved at the reveal, which only a slash or governance — a higher stake tier or
	/// overcommit factor — can have shrunk since).
	Lot(sp_runtime::DispatchError),
	/// The prover's doing: it is not active or does not serve the class (jailed since its reveal,
	/// say; chilling and dropping the class are refused while its ask waits).
	Prover(sp_runtime::DispatchError),
}

impl From<AssignError> for sp_runtime::DispatchError {
	fn from(e: AssignError) -> Self {
		match e {
			AssignError::Lot(e) | AssignError::Prover(e) => e,
		}
	}
}

/// The job escrow as the auction sees it: lots in, assignments out.
pub trait JobMarket<AccountId, Balance, BlockNumber> {
	/// Up to `max` open lots of `class` for a round's snapshot, in the class's queue order: unit
	/// value (max fee per unit of size) descending, then age (oldest first). Only lots that can
	/// still be served if assigned at `served_from`, and that no other live round holds, are
	/// taken. Each lot taken is bound to the round until `bound_until`: its job cannot be
	/// cancelled and it does not expire before then (or before [`Self::unbind`]). Returns the
	/// lots and how many open lots were read (at most `2 × max`: the work to charge).
	fn snapshot_lots(
		class: ClassId,
		max: u32,
		served_from: BlockNumber,
		bound_until: BlockNumber,
	) -> (Vec<OpenLot<Balance>>, u32);

	/// Ends a lot's binding to the round that took it until `bound_until` (the round cleared
	/// without trading it). A binding to a later round stays.
	fn unbind(lot: LotId, bound_until: BlockNumber);

	/// The obligation one lot of `class` puts on its prover (its stake tier), or `None` if no
	/// such class exists (an unknown proof system, latency tier or stake tier).
	fn class_stake(class: ClassId) -> Option<Balance>;

	/// Assigns an open lot to `prover` on the trade's `terms`: the prover's obligation (the lot's
	/// stake tier) is locked, the terms recorded (settlement pays exactly them), the max fee stays
	/// held, the lot's binding to its round ends. Fails, changing nothing, if the lot is not open
	/// or can no longer be served, the terms do not add up within the max fee
	/// ([`AssignError::Lot`]), or the prover is not eligible or has no room
	/// ([`AssignError::Prover`]).
	fn assign(
		lot: LotId,
		prover: &AccountId,
		terms: TradeTerms<Balance>,
	) -> Result<(), AssignError>;

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
