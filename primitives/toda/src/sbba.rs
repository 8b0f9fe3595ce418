//! SBBA: the strongly budget-balanced double auction (Segal-Halevi, Hassidim & Aumann, 2016).
//!
//! # Rule
//! With `k` the efficient number of trades, the single unit price is `p = min(ρ(k), a(k+1))`.
//! - If `p = a(k+1)` (that unit exists and `a(k+1) ≤ ρ(k)`), the top `k` lots and top `k` units
//!   trade at `p`.
//! - Otherwise `p = ρ(k)`: lot `k` is dropped, the top `k − 1` lots trade at `p`, and `k − 1` of the
//!   top `k` units are chosen by the seeded lottery (the unit whose ask comes last in lottery order
//!   is left out).
//!
//! The lottery is on the sellers' side, so lots are served deterministically by value.
//!
//! # Properties and their conditions
//! - **Universally DSIC** for single-unit traders: for every seed, no trader's report moves the
//!   price it faces or the lottery order; multi-unit asks may gain by shading (reported by tests).
//! - **Individually rational**, **strongly budget balanced**: one price, zero surplus; the
//!   treasury's income is the explicit fee only.
//! - **Efficiency**, stated as it holds (unit welfare: each lot's `ρ` and each unit's price counted
//!   once). When the `k`-th lot is dropped the lottery leaves out one of the top `k` units, and it
//!   may be a cheap one, so **no bound holds per seed**: lots worth 2 and 2, asks at 1 and 0 —
//!   if the 0-ask is left out, welfare is 1 < ½ · 3. **In expectation over the seed, with
//!   single-unit asks**, each of the top `k` units is left out with probability `1/k`, so the
//!   expected welfare is at least `(1 − 1/k)` of the optimum (the dropped lot is the least
//!   valuable of the top `k`). **With multi-unit asks even that fails**: the unit left out belongs
//!   to the ask that comes last in lottery order, so an ask's units are not equally likely to go —
//!   three lots worth 2, asks (price 1, capacity 2) and (price 0, capacity 1): expected welfare
//!   2.5 < ⅔ · 4.
//!
//! # Complexity
//! `O(n)` after sorting.
//!
//! # Example
//! Lots worth 9 and 8, asks at 3 and 4: `p = min(ρ(2), a(3)) = 8` (no third unit). The 9-lot pays
//! 8 and one of the two asks, chosen by the seed, receives 8 — no money is left over.
//! ```
//! use toda::{clear, Ask, ClassMarket, Lot, Mechanism, Snapshot};
//! let market = ClassMarket {
//!     class: 0,
//!     lots: vec![Lot { id: 1, max_value: 9, size: 1 }, Lot { id: 2, max_value: 8, size: 1 }],
//!     asks: vec![Ask { id: 1, unit_price: 3, capacity: 1 }, Ask { id: 2, unit_price: 4, capacity: 1 }],
//!     posted_price: None,
//! };
//! let snapshot = Snapshot { round: 1, seed: [7; 32], fee_ppm: 0, classes: vec![market] };
//! let clearing = clear(&snapshot, Mechanism::Sbba).unwrap();
//! let trade = clearing.classes[0].trades[0];
//! assert_eq!((trade.lot, trade.lot_pays, trade.ask_receives), (1, 8, 8));
//! assert_eq!(clearing.budget.surplus, 0);
//! ```

use crate::mechanism::{Group, UnitPrices, View};
use alloc::{vec, vec::Vec};

pub(crate) fn groups(view: &View) -> Vec<Group> {
	let ladder = view.ladder(|_| true, |_| true);
	let c = ladder.cross();
	let Some(rho_k) = c.rho_k else { return Vec::new() };
	if let Some(a) = c.a_next.filter(|&a| a <= rho_k) {
		return vec![view.top_group(&ladder, c.k, c.k, UnitPrices { lot: a, ask: a })];
	}
	if c.k < 2 {
		return Vec::new();
	}
	let prices = UnitPrices { lot: rho_k, ask: rho_k };
	let mut group = view.top_group(&ladder, c.k - 1, c.k, prices);
	// The lottery: leave out one unit of the winning ask that comes last in lottery order.
	if let Some(last) = group.units.last_mut() {
		last.1 -= 1;
		if last.1 == 0 {
			group.units.pop();
		}
	}
	vec![group]
}
