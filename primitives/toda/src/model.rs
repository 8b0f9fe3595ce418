//! The market a round clears: classes of lots (demand) and asks (supply), and their limits.

use alloc::vec::Vec;

#[cfg(feature = "scale")]
use codec::{Decode, DecodeWithMemTracking, Encode};
#[cfg(feature = "scale")]
use scale_info::TypeInfo;

/// An amount of money in the token's base units.
pub type Amount = u128;
/// A price per unit of lot size, in base units.
pub type UnitPrice = u128;

/// Largest `max_value` of a lot and largest ask `unit_price`: 2⁹⁴ − 1 base units (≈ 2·10¹⁰ tokens
/// at 18 decimals). With sizes below 2³² every product `price × size` fits in a `u128`.
pub const MAX_VALUE: Amount = (1 << 94) - 1;
/// Largest capacity one ask may offer in a round.
pub const MAX_CAPACITY: u32 = 1 << 16;
/// Largest market fee: 50 % (500 000 parts per million).
pub const MAX_FEE_PPM: u32 = 500_000;
/// Parts per million.
pub const PPM: u32 = 1_000_000;

/// One unit of demand: a lot needs one proof of public size `size` and will pay at most
/// `max_value` for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(Encode, Decode, DecodeWithMemTracking, TypeInfo))]
pub struct Lot {
	/// Identifier, unique in its class.
	pub id: u64,
	/// The most the lot pays in total (its bid), `≤ MAX_VALUE`.
	pub max_value: Amount,
	/// Public size in units (proof-gas); at least 1.
	pub size: u32,
}

impl Lot {
	/// The lot's bid per unit of size, `ρ = ⌊max_value / size⌋`. Rounding down is in the lot's
	/// favour: it never pays more than `max_value`, and loses at most one base unit per unit of size.
	#[inline]
	#[must_use]
	pub fn unit_value(&self) -> UnitPrice {
		let size = self.size.max(1);
		// 128-bit division is a slow library call; most values fit in 64 bits.
		match u64::try_from(self.max_value) {
			Ok(v) => u128::from(v / u64::from(size)),
			Err(_) => self.max_value / u128::from(size),
		}
	}
}

/// One seller: a unit price (per unit of lot size) and how many lots it serves this round.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(Encode, Decode, DecodeWithMemTracking, TypeInfo))]
pub struct Ask {
	/// Identifier, unique in its class.
	pub id: u64,
	/// Price per unit of lot size the seller wants to receive, net of the market fee.
	pub unit_price: UnitPrice,
	/// Number of lots the seller serves this round (its units); `1..=MAX_CAPACITY`.
	pub capacity: u32,
}

/// One class: an independent market of lots and asks.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "scale", derive(Encode, Decode, DecodeWithMemTracking, TypeInfo))]
pub struct ClassMarket {
	/// Class identifier, unique in the snapshot.
	pub class: u32,
	/// Demand.
	pub lots: Vec<Lot>,
	/// Supply.
	pub asks: Vec<Ask>,
	/// The class's posted unit price for its thin rounds, `≤ MAX_VALUE`: set by the chain from the
	/// reference prices of the class's earlier rounds (never from this round's reports), `None`
	/// for a class with no history. Only [`Mechanism::Adaptive`](crate::Mechanism::Adaptive)
	/// reads it.
	pub posted_price: Option<UnitPrice>,
}

/// Everything a round's clearing depends on. Two equal snapshots always clear identically.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "scale", derive(Encode, Decode, DecodeWithMemTracking, TypeInfo))]
pub struct Snapshot {
	/// Round number.
	pub round: u64,
	/// Randomness that did not exist before the reveal closed; keys every tie-break and lottery.
	pub seed: [u8; 32],
	/// Market fee in parts per million of what sellers are paid, `≤ MAX_FEE_PPM`.
	pub fee_ppm: u32,
	/// The classes, each cleared on its own.
	pub classes: Vec<ClassMarket>,
}

/// Why a snapshot cannot be cleared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(Encode, Decode, DecodeWithMemTracking, TypeInfo))]
pub enum SnapshotError {
	/// Fee above [`MAX_FEE_PPM`].
	FeeTooHigh,
	/// Two classes share an id.
	DuplicateClass,
	/// Two lots of one class share an id.
	DuplicateLot,
	/// Two asks of one class share an id.
	DuplicateAsk,
	/// A lot of size 0.
	ZeroSize,
	/// A lot value, ask price or posted price above [`MAX_VALUE`].
	ValueTooLarge,
	/// An ask with capacity 0 or above [`MAX_CAPACITY`].
	BadCapacity,
}

impl Snapshot {
	/// Checks the per-item limits (fee, sizes, values, capacities) in `O(n)`. Uniqueness of ids is
	/// checked by the ordering step, which sees every id in sorted order anyway.
	///
	/// # Errors
	/// The first limit broken, as a [`SnapshotError`].
	pub fn check_limits(&self) -> Result<(), SnapshotError> {
		if self.fee_ppm > MAX_FEE_PPM {
			return Err(SnapshotError::FeeTooHigh);
		}
		for class in &self.classes {
			if class.posted_price.is_some_and(|p| p > MAX_VALUE) {
				return Err(SnapshotError::ValueTooLarge);
			}
			for lot in &class.lots {
				if lot.size == 0 {
					return Err(SnapshotError::ZeroSize);
				}
				if lot.max_value > MAX_VALUE {
					return Err(SnapshotError::ValueTooLarge);
				}
			}
			for ask in &class.asks {
				if ask.unit_price > MAX_VALUE {
					return Err(SnapshotError::ValueTooLarge);
				}
				if ask.capacity == 0 || ask.capacity > MAX_CAPACITY {
					return Err(SnapshotError::BadCapacity);
				}
			}
		}
		Ok(())
	}

	/// Number of orders (lots plus asks) over all classes.
	#[must_use]
	pub fn order_count(&self) -> usize {
		self.classes.iter().map(|c| c.lots.len() + c.asks.len()).sum()
	}
}

/// The ask price the mechanisms compare against lot values: the seller's net price grossed up by the
/// fee, `⌈a · 10⁶ / (10⁶ − fee_ppm)⌉`. A seller paid `p ≥ gross(a)` per unit keeps, after the fee,
/// at least `a` per unit; since the gross-up is monotone, reporting the true net price stays a
/// dominant strategy.
#[inline]
#[must_use]
pub fn gross_up(unit_price: UnitPrice, fee_ppm: u32) -> UnitPrice {
	if fee_ppm == 0 {
		return unit_price;
	}
	let keep = u128::from(PPM - fee_ppm);
	// unit_price ≤ 2⁹⁴, PPM < 2²⁰: the product fits.
	(unit_price * u128::from(PPM)).div_ceil(keep)
}

/// The market fee on a gross payment, `⌊gross · fee_ppm / 10⁶⌋`, exact for every `u128`.
#[inline]
#[must_use]
pub fn fee_of(gross: Amount, fee_ppm: u32) -> Amount {
	let ppm = u128::from(PPM);
	let f = u128::from(fee_ppm);
	(gross / ppm) * f + (gross % ppm) * f / ppm
}
