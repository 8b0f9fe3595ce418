//! VCG on the efficient allocation: the welfare reference, never used to settle.
//!
//! # Rule
//! The top `k` lots and top `k` units trade (the efficient allocation of the unit market). Each
//! winner pays or receives its threshold: lots pay `max(ρ(k+1), a(k))` per unit, units receive
//! `min(a(k+1), ρ(k))` per unit (a missing neighbour drops out of the max/min). Asks are treated
//! unit by unit, as single-unit sellers.
//!
//! # Properties
//! Efficient (it *is* the optimum the others are measured against), DSIC and individually rational
//! for single-unit traders, and **not budget balanced**: sellers receive at least what lots pay, and
//! the difference is a deficit (negative surplus) someone would have to fund
//! (Myerson–Satterthwaite).
//!
//! # Complexity
//! `O(n)` after sorting.
//!
//! # Example
//! Lots 9 and 8, asks 3 and 4: both pairs trade; lots pay `max(—, a(2)) = 4`, asks receive
//! `min(—, ρ(2)) = 8`, a deficit of 8 over the two trades.
//! ```
//! use toda::{clear, Ask, ClassMarket, Lot, Mechanism, Snapshot};
//! let market = ClassMarket {
//!     class: 0,
//!     lots: vec![Lot { id: 1, max_value: 9, size: 1 }, Lot { id: 2, max_value: 8, size: 1 }],
//!     asks: vec![Ask { id: 1, unit_price: 3, capacity: 1 }, Ask { id: 2, unit_price: 4, capacity: 1 }],
//!     posted_price: None,
//! };
//! let snapshot = Snapshot { round: 1, seed: [7; 32], fee_ppm: 0, classes: vec![market] };
//! let clearing = clear(&snapshot, Mechanism::Vcg).unwrap();
//! assert_eq!(clearing.classes[0].trades.len(), 2);
//! assert_eq!(clearing.budget.surplus, -8);
//! ```

use crate::{
	mechanism::{Group, UnitPrices, View},
	model::UnitPrice,
};
use alloc::{vec, vec::Vec};

pub(crate) fn groups(view: &View) -> Vec<Group> {
	let ladder = view.ladder(|_| true, |_| true);
	let c = ladder.cross();
	let (Some(rho_k), Some(a_k)) = (c.rho_k, c.a_k) else { return Vec::new() };
	let lot = c.rho_next.unwrap_or(0).max(a_k);
	let ask = c.a_next.unwrap_or(UnitPrice::MAX).min(rho_k);
	vec![view.top_group(&ladder, c.k, c.k, UnitPrices { lot, ask })]
}
