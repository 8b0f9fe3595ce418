//! Supply meets demand: the crossing of the value-ordered lots and the price-ordered ask units.

use crate::model::UnitPrice;
use alloc::{vec, vec::Vec};

/// One side of a (possibly filtered) class in mechanism order.
pub(crate) struct Ladder {
	/// `(ρ, lot index)`, highest `ρ` first.
	pub lots: Vec<(UnitPrice, u32)>,
	/// `(grossed-up price, capacity, ask index)`, cheapest first.
	pub asks: Vec<(UnitPrice, u32, u32)>,
}

/// Where demand and supply cross. Positions are 1-based as in the literature: lot `t` is the
/// `t`-th highest value, unit `t` the `t`-th cheapest ask unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Crossing {
	/// The efficient number of trades: the largest `k` with `ρ(k) ≥ a(k)`.
	pub k: u32,
	/// `ρ(k)`, if `k ≥ 1`.
	pub rho_k: Option<UnitPrice>,
	/// `ρ(k+1)`, if that lot exists.
	pub rho_next: Option<UnitPrice>,
	/// `a(k)`, if `k ≥ 1`.
	pub a_k: Option<UnitPrice>,
	/// `a(k+1)`, if that unit exists.
	pub a_next: Option<UnitPrice>,
}

impl Ladder {
	/// Finds the crossing in `O(k + asks skipped)`.
	pub fn cross(&self) -> Crossing {
		let (mut k, mut ai, mut used) = (0usize, 0usize, 0u32);
		let mut a_k = None;
		loop {
			while ai < self.asks.len() && used == self.asks[ai].1 {
				ai += 1;
				used = 0;
			}
			let (Some(&(rho, _)), Some(&(a, _, _))) = (self.lots.get(k), self.asks.get(ai)) else {
				break;
			};
			if rho < a {
				break;
			}
			k += 1;
			used += 1;
			a_k = Some(a);
		}
		while ai < self.asks.len() && used == self.asks[ai].1 {
			ai += 1;
			used = 0;
		}
		Crossing {
			k: k as u32,
			rho_k: k.checked_sub(1).map(|i| self.lots[i].0),
			rho_next: self.lots.get(k).map(|l| l.0),
			a_k,
			a_next: self.asks.get(ai).map(|a| a.0),
		}
	}

	/// A Walrasian (market-clearing) unit price of this ladder: the midpoint, rounded down, of
	/// `[max(a(k), ρ(k+1)), min(ρ(k), a(k+1))]`, a missing lower bound counting as 0 and a missing
	/// upper bound leaving the lower one. So a side with no lots prices at `⌊a(1) / 2⌋` (the
	/// midpoint of `[0, a(1)]`), a side with no asks at `ρ(1)`, and an empty ladder at 0.
	pub fn walrasian_price(&self) -> UnitPrice {
		let c = self.cross();
		let lo = c.a_k.unwrap_or(0).max(c.rho_next.unwrap_or(0));
		let hi = match (c.rho_k, c.a_next) {
			(Some(r), Some(a)) => Some(r.min(a)),
			(Some(r), None) => Some(r),
			(None, Some(a)) => Some(a),
			(None, None) => None,
		};
		match hi {
			Some(hi) if hi >= lo => lo + (hi - lo) / 2,
			_ => lo,
		}
	}

	/// The reference price of this ladder: [`Self::walrasian_price`], except that the upper bound
	/// `a(k+1)` is the next unit of an ask *other* than the one selling unit `k` — a seller's own
	/// spare capacity does not count as competition against itself (with it, a lone seller with
	/// spare units would be priced at its own price). `None` when nothing crosses (`k = 0`).
	pub fn reference_price(&self) -> Option<UnitPrice> {
		let c = self.cross();
		let (Some(rho_k), Some(a_k)) = (c.rho_k, c.a_k) else { return None };
		// The ask selling unit k: capacities are at least 1, so the walk ends within the ladder.
		let mut before = 0u64;
		let owner = self
			.asks
			.iter()
			.position(|a| {
				before += u64::from(a.1);
				before >= u64::from(c.k)
			})
			.unwrap_or(self.asks.len());
		let lo = a_k.max(c.rho_next.unwrap_or(0));
		let hi = self.asks.get(owner + 1).map_or(rho_k, |a| rho_k.min(a.0));
		Some(if hi >= lo { lo + (hi - lo) / 2 } else { lo })
	}

	/// The lots (indices) in positions `1..=count`.
	pub fn top_lots(&self, count: u32) -> impl Iterator<Item = u32> + '_ {
		self.lots.iter().take(count as usize).map(|l| l.1)
	}

	/// Units `1..=count` as a per-ask count, indexed by ask index (`n_asks` long).
	pub fn top_units(&self, count: u32, n_asks: usize) -> Vec<u32> {
		let mut counts = vec![0u32; n_asks];
		let mut left = count;
		for &(_, cap, idx) in &self.asks {
			if left == 0 {
				break;
			}
			let take = cap.min(left);
			counts[idx as usize] = take;
			left -= take;
		}
		counts
	}
}
