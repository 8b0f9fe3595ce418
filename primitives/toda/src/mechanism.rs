//! What every mechanism produces, and the code they share.

use crate::{
	hash::Tiebreak,
	ladder::Ladder,
	model::{ClassMarket, UnitPrice},
	order::{ClassOrders, Keys},
};
use alloc::{vec, vec::Vec};

#[cfg(feature = "scale")]
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
#[cfg(feature = "scale")]
use scale_info::TypeInfo;

/// Which double auction clears the round.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
	feature = "scale",
	derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)
)]
pub enum Mechanism {
	/// McAfee's trade reduction: DSIC for single-unit traders, weakly budget balanced.
	#[cfg_attr(feature = "scale", codec(index = 0))]
	McAfee,
	/// SBBA: one price, strongly budget balanced, the lottery on the sellers' side.
	#[cfg_attr(feature = "scale", codec(index = 1))]
	Sbba,
	/// MUDA: random halving; DSIC also for multi-unit asks; strongly budget balanced.
	#[cfg_attr(feature = "scale", codec(index = 2))]
	Muda,
	/// VCG on the efficient allocation: a reference that runs a deficit; never for settlement.
	#[cfg_attr(feature = "scale", codec(index = 3))]
	Vcg,
	/// Vickrey-MUDA: MUDA's halves and prices, lots rationed by value (the winners pay the first
	/// excluded lot's value, the difference to the treasury); DSIC for multi-unit asks; weakly
	/// budget balanced.
	#[cfg_attr(feature = "scale", codec(index = 4))]
	VickreyMuda,
	/// The default: a switch on the class's public counts of lots and asks and on whether it has
	/// a posted price (history) between a second-price sale (one lot, several asks), the posted
	/// price (thin classes with history), unit-capacity McAfee (thin classes without) and
	/// Vickrey-MUDA (deep classes); DSIC for multi-unit asks in every branch ([`crate::adaptive`]).
	#[cfg_attr(feature = "scale", codec(index = 5))]
	Adaptive,
}

impl Mechanism {
	/// All mechanisms, in a fixed order.
	pub const ALL: [Mechanism; 6] = [
		Mechanism::McAfee,
		Mechanism::Sbba,
		Mechanism::Muda,
		Mechanism::VickreyMuda,
		Mechanism::Adaptive,
		Mechanism::Vcg,
	];

	/// Whether the mechanism never pays sellers more than lots pay (safe to settle with).
	#[must_use]
	pub fn is_budget_balanced(self) -> bool {
		!matches!(self, Mechanism::Vcg)
	}
}

/// The unit prices of a group of trades: what lots pay and what asks receive (gross of the fee),
/// per unit of lot size. Equal except under McAfee's reduction and VCG.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(
	feature = "scale",
	derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)
)]
pub struct UnitPrices {
	/// Lots pay this per unit of their size.
	pub lot: UnitPrice,
	/// Asks receive this per unit of the size of the lot they serve, before the fee.
	pub ask: UnitPrice,
}

/// Winners that trade at one pair of prices, both in lottery order.
pub(crate) struct Group {
	pub prices: UnitPrices,
	/// Winning lots (indices) in pairing order: lottery order, or value order for the
	/// mechanisms that ration lots by value.
	pub lots: Vec<u32>,
	/// Winning units as `(ask index, count)` in lottery order.
	pub units: Vec<(u32, u32)>,
}

/// Read-only view of a sorted class.
pub(crate) struct View<'a> {
	pub market: &'a ClassMarket,
	pub keys: &'a Keys,
	pub orders: &'a ClassOrders,
	pub tiebreak: &'a Tiebreak,
}

impl View<'_> {
	/// The whole class as a ladder, or only the lots/asks `keep` accepts.
	pub fn ladder(&self, keep_lot: impl Fn(u32) -> bool, keep_ask: impl Fn(u32) -> bool) -> Ladder {
		let lots = self
			.orders
			.lots_by_value
			.iter()
			.filter(|&&i| keep_lot(i))
			.map(|&i| (self.keys.lot[i as usize].0, i))
			.collect();
		let asks = self
			.orders
			.asks_by_price
			.iter()
			.filter(|&&i| keep_ask(i))
			.map(|&i| (self.keys.ask[i as usize].0, self.market.asks[i as usize].capacity, i))
			.collect();
		Ladder { lots, asks }
	}

	/// The whole class with every ask counted as a single unit (its capacity ignored).
	pub fn unit_ladder(&self) -> Ladder {
		let mut ladder = self.ladder(|_| true, |_| true);
		for ask in &mut ladder.asks {
			ask.1 = 1;
		}
		ladder
	}

	/// Lots selected by `mask` (indexed by lot index), in lottery order.
	pub fn lots_in_lottery_order(&self, mask: &[bool]) -> Vec<u32> {
		self.orders
			.lots_by_lottery
			.iter()
			.copied()
			.filter(|&i| mask[i as usize])
			.collect()
	}

	/// Units with a non-zero count (indexed by ask index), in lottery order.
	pub fn units_in_lottery_order(&self, counts: &[u32]) -> Vec<(u32, u32)> {
		self.orders
			.asks_by_lottery
			.iter()
			.filter(|&&i| counts[i as usize] > 0)
			.map(|&i| (i, counts[i as usize]))
			.collect()
	}

	/// The group of the top `lots` lots and top `units` units of `ladder` at `prices`.
	pub fn top_group(&self, ladder: &Ladder, lots: u32, units: u32, prices: UnitPrices) -> Group {
		let mut mask = vec![false; self.market.lots.len()];
		for i in ladder.top_lots(lots) {
			mask[i as usize] = true;
		}
		let counts = ladder.top_units(units, self.market.asks.len());
		Group {
			prices,
			lots: self.lots_in_lottery_order(&mask),
			units: self.units_in_lottery_order(&counts),
		}
	}
}
