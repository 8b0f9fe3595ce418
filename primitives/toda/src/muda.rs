//! MUDA: the multi-unit double auction by random halving (Segal-Halevi, Hassidim & Aumann, 2018).
//!
//! # Rule
//! 1. Every lot and every ask is put in half `L` or half `R` by the seeded hash (a coin flip no
//!    report can move).
//! 2. Each half's Walrasian unit price is computed from that half's reports alone: the midpoint,
//!    rounded down, of its clearing interval `[max(a(k), ρ(k+1)), min(ρ(k), a(k+1))]`.
//! 3. Half `L` trades at `R`'s price `p_R` and `R` at `L`'s price `p_L`: in `L`, every lot with
//!    `ρ ≥ p_R` wants to buy and every unit of an ask with grossed-up price `≤ p_R` wants to sell.
//! 4. The short side trades fully; the long side is rationed by the seeded lottery (lottery-MUDA).
//!    **Vickrey-MUDA** rations too many lots by value instead: the highest-valued willing lots win
//!    and pay the first excluded willing lot's value (at least the half's price), and are paired
//!    with the units in value order; too many units are still rationed by the lottery over asks.
//!
//! # Properties and their conditions
//! - **DSIC for multi-unit asks** with constant per-unit cost (a prover's capacity `u > 1`): the
//!   price a trader faces comes from the other half only, and the lottery never reads prices; an
//!   ask's capacity only adds lottery tickets, so reporting the true capacity is optimal too.
//! - **Individually rational**; lottery-MUDA is **strongly budget balanced** (one price per
//!   half, no surplus); Vickrey-MUDA **weakly** (the rationed lots' excess over the half's price
//!   goes to the treasury), for which it keeps the most valuable lots and reaches 0.95 of the
//!   optimum by 1,000 traders per class (`docs/PERFORMANCE.md`).
//! - **Asymptotically efficient** (prior-free); lossy in thin markets, where a half may be empty.
//!
//! # Complexity
//! `O(n)` after sorting (two filtered passes per half).
//!
//! # Example
//! A market with many traders on both sides trades at prices set across halves, and always
//! balances exactly.
//! ```
//! use toda::{clear, Ask, ClassMarket, Lot, Mechanism, Snapshot};
//! let lots = (0..40).map(|i| Lot { id: i, max_value: 100 + i as u128 * 5, size: 1 }).collect();
//! let asks = (0..20).map(|i| Ask { id: i, unit_price: 60 + i as u128 * 10, capacity: 2 }).collect();
//! let snapshot = Snapshot { round: 3, seed: [1; 32], fee_ppm: 0,
//!     classes: vec![ClassMarket { class: 0, lots, asks, posted_price: None }] };
//! let clearing = clear(&snapshot, Mechanism::Muda).unwrap();
//! assert!(!clearing.classes[0].trades.is_empty());
//! assert_eq!(clearing.budget.surplus, 0);
//! ```

use crate::{
	hash::Domain,
	mechanism::{Group, UnitPrices, View},
};
use alloc::{vec, vec::Vec};

/// Which traders are in half `L` (indexed by lot and ask index). A lot's coin is bit 0 of its
/// hash, an ask's bit 1, so a lot and an ask with the same id flip independent coins.
struct Halves {
	lot_left: Vec<bool>,
	ask_left: Vec<bool>,
}

impl Halves {
	fn new(view: &View) -> Self {
		let (t, class) = (view.tiebreak, view.market.class);
		Self {
			lot_left: view
				.market
				.lots
				.iter()
				.map(|l| t.key(Domain::Half, class, l.id) & 1 == 0)
				.collect(),
			ask_left: view
				.market
				.asks
				.iter()
				.map(|a| t.key(Domain::Half, class, a.id) & 2 == 0)
				.collect(),
		}
	}
}

/// How a half rations its long side at the other half's price.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rationing {
	/// Lottery-MUDA: both sides by the seeded lottery; lots paired in lottery order.
	Lottery,
	/// Vickrey-MUDA: too many lots are rationed by value, the winners paying the first excluded
	/// lot's value; too many units by the lottery over whole asks; lots paired in value order.
	Vickrey,
}

/// The trades of one half at the other half's price.
fn trade_half(
	view: &View,
	halves: &Halves,
	left: bool,
	price: u128,
	rationing: Rationing,
) -> Option<Group> {
	let Halves { lot_left, ask_left } = halves;
	at_price(view, price, |i| lot_left[i] == left, |i| ask_left[i] == left, rationing)
}

/// The trades at one unit price `price`, set from outside the traders it serves: among the lots
/// and asks `in_lot`/`in_ask` select, every lot with `ρ ≥ price` wants to buy and every unit of an
/// ask with grossed-up price `≤ price` wants to sell; the short side trades fully and the long
/// side is rationed as `rationing` says. Used for each MUDA half and for the adaptive mechanism's
/// posted price.
pub(crate) fn at_price(
	view: &View,
	price: u128,
	in_lot: impl Fn(usize) -> bool,
	in_ask: impl Fn(usize) -> bool,
	rationing: Rationing,
) -> Option<Group> {
	let willing_lot: Vec<bool> = (0..view.market.lots.len())
		.map(|i| in_lot(i) && view.keys.lot[i].0 >= price)
		.collect();
	let willing_units: Vec<u32> = (0..view.market.asks.len())
		.map(|i| {
			if in_ask(i) && view.keys.ask[i].0 <= price {
				view.market.asks[i].capacity
			} else {
				0
			}
		})
		.collect();
	let demand = willing_lot.iter().filter(|&&w| w).count() as u64;
	let supply: u64 = willing_units.iter().map(|&u| u64::from(u)).sum();
	let volume = demand.min(supply);
	if volume == 0 {
		return None;
	}
	let (lots, lot_price) = match rationing {
		// Ration the long side by lottery order; the short side trades fully.
		Rationing::Lottery => {
			let mut lots = view.lots_in_lottery_order(&willing_lot);
			lots.truncate(volume as usize);
			(lots, price)
		},
		// The `volume` highest-valued willing lots win, in value order; if lots are long, each
		// pays the first excluded willing lot's unit value (a `volume + 1`-th price auction
		// with reserve `price`), which no winner's report moves.
		Rationing::Vickrey => {
			let mut lots: Vec<u32> = view
				.orders
				.lots_by_value
				.iter()
				.copied()
				.filter(|&i| willing_lot[i as usize])
				.collect();
			let lot_price = lots
				.get(volume as usize)
				.map_or(price, |&i| view.keys.lot[i as usize].0.max(price));
			lots.truncate(volume as usize);
			(lots, lot_price)
		},
	};
	let mut units = view.units_in_lottery_order(&willing_units);
	let mut left_over = volume;
	units.retain_mut(|(_, count)| {
		let take = u64::from(*count).min(left_over);
		left_over -= take;
		*count = take as u32;
		take > 0
	});
	Some(Group { prices: UnitPrices { lot: lot_price, ask: price }, lots, units })
}

pub(crate) fn groups(view: &View, rationing: Rationing) -> Vec<Group> {
	let h = Halves::new(view);
	let left = view.ladder(|i| h.lot_left[i as usize], |i| h.ask_left[i as usize]);
	let right = view.ladder(|i| !h.lot_left[i as usize], |i| !h.ask_left[i as usize]);
	let (p_left, p_right) = (left.walrasian_price(), right.walrasian_price());
	let mut groups = vec![];
	groups.extend(trade_half(view, &h, true, p_right, rationing));
	groups.extend(trade_half(view, &h, false, p_left, rationing));
	groups
}
