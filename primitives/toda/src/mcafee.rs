//! McAfee's trade reduction (McAfee 1992), with a second-price sale for a lone lot; the adaptive
//! default uses both for thin classes with no history (every ask counted as one unit).
//!
//! # Rule
//! Let `k` be the efficient number of trades (the largest `k` with `ρ(k) ≥ a(k)`, lots by unit
//! value descending, ask units by grossed-up price ascending). Let `p₀ = ⌊(ρ(k+1) + a(k+1)) / 2⌋`.
//! - If both `ρ(k+1)` and `a(k+1)` exist and `a(k) ≤ p₀ ≤ ρ(k)`, the top `k` lots and units trade
//!   at the single unit price `p₀`.
//! - Otherwise the `k`-th pair is dropped: the top `k − 1` lots pay `ρ(k)` per unit, the top
//!   `k − 1` units receive `a(k)` per unit, and the difference is the round's surplus.
//! - **A lone lot** (the class has exactly one lot, a public count): trade reduction would always
//!   remove its only trade, leaving a lone requester unserved whatever the provers ask. Instead
//!   the lot trades with the cheapest ask at `a′`, the cheapest grossed-up price among the *other*
//!   asks (a second-price procurement with the lot's value as reserve, the live ProverNet market's
//!   per-request rule), if `a′ ≤ ρ(1)`. With no other ask (one lot, one ask) nothing trades.
//!   The switch is on the number of lots, never on a price: with two or more lots the textbook
//!   rule above applies unchanged (mixing the two on a price would let the cheapest ask raise its
//!   price past `p₀` to be paid `a′` instead).
//!
//! # Properties and their conditions
//! - **DSIC** for single-unit traders (lots always; asks with capacity 1): the price a winner faces
//!   never depends on its own report. A multi-unit ask can be the `k+1`-th unit that sets `p₀` for
//!   its own other units, so it may gain by shading; the property tests report the largest gain.
//! - **Individually rational**: lots pay at most `ρ ≤ max_value / size`, asks get at least their
//!   grossed-up price.
//! - **Weakly budget balanced**: surplus `(ρ(k) − a(k)) · Σ w ≥ 0` goes to the treasury; the
//!   lone-lot trade is strongly balanced (one price, no surplus).
//! - **Efficiency** at least `(1 − 1/k)` of the optimum (unit welfare) for `k ≥ 2`, approaching 1 as
//!   markets grow; a lone lot trades whenever the second-cheapest ask's price is covered.
//! - Lone-lot DSIC, for multi-unit asks too: the lot wins iff `ρ(1) ≥ a′` and pays `a′`; the
//!   cheapest ask wins one trade and receives `a′`, set by another ask: thresholds neither can
//!   move, and no report changes the number of lots.
//!
//! # Complexity
//! `O(n)` after the orders are sorted (`O(n log n)` in [`clear`](crate::clear), checked in `O(n)`
//! by [`verify`](crate::verify)).
//!
//! # Example
//! The textbook market: lots worth 9 and 8 per unit, asks at 3 and 4. Both pairs are efficient, but
//! there is no `k+1`-th trader to price them, so the 8/4 pair is dropped: the 9-lot pays 8, the
//! 3-ask receives 4, and 4 goes to the treasury.
//! ```
//! use toda::{clear, Ask, ClassMarket, Lot, Mechanism, Snapshot};
//! let market = ClassMarket {
//!     class: 0,
//!     lots: vec![Lot { id: 1, max_value: 9, size: 1 }, Lot { id: 2, max_value: 8, size: 1 }],
//!     asks: vec![Ask { id: 1, unit_price: 3, capacity: 1 }, Ask { id: 2, unit_price: 4, capacity: 1 }],
//!     posted_price: None,
//! };
//! let snapshot = Snapshot { round: 1, seed: [7; 32], fee_ppm: 0, classes: vec![market] };
//! let clearing = clear(&snapshot, Mechanism::McAfee).unwrap();
//! let trades = &clearing.classes[0].trades;
//! assert_eq!(trades.len(), 1);
//! assert_eq!((trades[0].lot, trades[0].ask), (1, 1));
//! assert_eq!((trades[0].lot_pays, trades[0].ask_receives), (8, 4));
//! assert_eq!(clearing.budget.surplus, 4);
//! ```

use crate::{
	ladder::Ladder,
	mechanism::{Group, UnitPrices, View},
	model::UnitPrice,
};
use alloc::{vec, vec::Vec};

pub(crate) fn groups(view: &View) -> Vec<Group> {
	let ladder = view.ladder(|_| true, |_| true);
	if let [(rho_1, _)] = ladder.lots[..] {
		return lone_lot(view, &ladder, rho_1);
	}
	trade_reduction(view, &ladder)
}

/// The textbook rule on `ladder` (which may count every ask as a single unit).
pub(crate) fn trade_reduction(view: &View, ladder: &Ladder) -> Vec<Group> {
	let c = ladder.cross();
	let (Some(rho_k), Some(a_k)) = (c.rho_k, c.a_k) else { return Vec::new() };
	if let (Some(r), Some(a)) = (c.rho_next, c.a_next) {
		let p0 = u128::midpoint(r, a);
		if a_k <= p0 && p0 <= rho_k {
			let prices = UnitPrices { lot: p0, ask: p0 };
			return vec![view.top_group(ladder, c.k, c.k, prices)];
		}
	}
	if c.k < 2 {
		return Vec::new();
	}
	let prices = UnitPrices { lot: rho_k, ask: a_k };
	vec![view.top_group(ladder, c.k - 1, c.k - 1, prices)]
}

/// A class with a single lot, where trade reduction would remove the only possible trade: the lot
/// buys from the cheapest ask at the cheapest *other* ask's grossed-up price — a second-price
/// (Vickrey) procurement with the lot's value as its reserve — if the lot's value covers that
/// price. The price is set by neither trader (the winning ask's own further units never set it),
/// so both face a threshold they cannot move; with no other ask, nothing trades.
pub(crate) fn lone_lot(view: &View, ladder: &Ladder, rho_1: UnitPrice) -> Vec<Group> {
	let mut sellers = ladder.asks.iter().filter(|a| a.1 > 0);
	let (Some(_winner), Some(&(price, _, _))) = (sellers.next(), sellers.next()) else {
		return Vec::new();
	};
	if price > rho_1 {
		return Vec::new();
	}
	vec![view.top_group(ladder, 1, 1, UnitPrices { lot: price, ask: price })]
}
