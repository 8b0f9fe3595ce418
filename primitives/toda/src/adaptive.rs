//! The default mechanism: a switch on each class's public counts, truthful for the asks provers
//! really send (capacity above one) in every branch.
//!
//! # Rule
//! With `L` lots and `A` asks in the class (counts of orders, never prices or capacities):
//! - `A = 1` — **posted price**: the class's posted unit price `P` (from its earlier clearings,
//!   [`ClassMarket::posted_price`](crate::ClassMarket::posted_price)). If the ask's grossed-up
//!   price is at most `P`, it serves up to its capacity of the lots with `ρ ≥ P`, highest values
//!   first; the ask receives `P`, the winning lots pay the first excluded willing lot's value, or
//!   `P` if none is excluded. No posted price (a class without history): nothing trades.
//! - `L = 1`, `A ≥ 2` — **second-price sale** (McAfee's lone-lot rule): the cheapest ask serves
//!   the lot at the cheapest other ask's grossed-up price `a′`, if `a′ ≤ ρ(1)`.
//! - `2 ≤ L < THIN_LOTS` — **unit McAfee**: McAfee's trade reduction with every ask counted as one
//!   unit (at most one lot per ask per round).
//! - `L ≥ THIN_LOTS` — **Vickrey-MUDA** ([`muda`](crate::muda)).
//!
//! # Properties and their conditions
//! - **DSIC, also for multi-unit asks.** The branch depends on counts a trader changes only by
//!   leaving the class, which gives it nothing. Posted price: `P` comes from earlier rounds; an
//!   ask's report only decides whether it sells and how many, and its lots are a prefix of the
//!   value order, so every extra lot it serves is one more `(P − a)·w ≥ 0`; a lot's threshold is
//!   `max(P, ρ of the first other excluded lot)`. Second-price sale and unit McAfee: every ask is
//!   a single-unit trader, so McAfee's single-unit DSIC applies and capacity is never read.
//!   Vickrey-MUDA: see [`muda`](crate::muda).
//! - **Individually rational** in every branch; **weakly budget balanced** (the posted price and
//!   Vickrey-MUDA keep the lots' excess over the ask price, McAfee its reduction's surplus).
//! - Not robust to false-name orders: a seller that adds a second ask of its own can set the
//!   second price or move a class between branches (as with any Vickrey sale); stake per ask
//!   makes this costly, it does not make it impossible.
//! - Efficiency: see `docs/PERFORMANCE.md` (the measurement that set `THIN_LOTS`).
//!
//! # Example
//! One lot, one prover: the class's posted price serves it.
//! ```
//! use toda::{clear, Ask, ClassMarket, Lot, Mechanism, Snapshot};
//! let market = ClassMarket {
//!     class: 0,
//!     lots: vec![Lot { id: 1, max_value: 500, size: 10 }],
//!     asks: vec![Ask { id: 9, unit_price: 30, capacity: 3 }],
//!     posted_price: Some(40),
//! };
//! let snapshot = Snapshot { round: 1, seed: [0; 32], fee_ppm: 0, classes: vec![market] };
//! let trade = clear(&snapshot, Mechanism::Adaptive).unwrap().classes[0].trades[0];
//! assert_eq!((trade.lot_pays, trade.ask_receives), (400, 400));
//! ```

use crate::{
	mcafee,
	mechanism::{Group, UnitPrices, View},
	muda,
};
use alloc::{vec, vec::Vec};

/// Classes with fewer lots than this clear by unit McAfee, larger ones by Vickrey-MUDA.
pub const THIN_LOTS: usize = 100;

pub(crate) fn groups(view: &View) -> Vec<Group> {
	match (view.market.lots.len(), view.market.asks.len()) {
		(0, _) | (_, 0) => Vec::new(),
		(_, 1) => posted_price(view),
		(1, _) => {
			let ladder = view.ladder(|_| true, |_| true);
			mcafee::lone_lot(view, &ladder, ladder.lots[0].0)
		},
		(lots, _) if lots < THIN_LOTS => mcafee::trade_reduction(view, &view.unit_ladder()),
		_ => muda::groups(view, muda::Rationing::Vickrey),
	}
}

/// The single ask sells at the posted price to the highest-valued willing lots.
fn posted_price(view: &View) -> Vec<Group> {
	let Some(price) = view.market.posted_price else { return Vec::new() };
	if view.keys.ask[0].0 > price {
		return Vec::new();
	}
	let capacity = view.market.asks[0].capacity as usize;
	let mut lots: Vec<u32> = view
		.orders
		.lots_by_value
		.iter()
		.copied()
		.filter(|&i| view.keys.lot[i as usize].0 >= price)
		.collect();
	let lot_price = lots.get(capacity).map_or(price, |&i| view.keys.lot[i as usize].0);
	lots.truncate(capacity);
	if lots.is_empty() {
		return Vec::new();
	}
	let units = vec![(0, lots.len() as u32)];
	vec![Group { prices: UnitPrices { lot: lot_price, ask: price }, lots, units }]
}
