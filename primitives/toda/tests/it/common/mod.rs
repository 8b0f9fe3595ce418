//! Shared helpers for the property tests: market generators, utilities and a deviation search.
#![allow(dead_code)]

use proptest::prelude::*;
use toda::{clear, Ask, ClassMarket, Clearing, Lot, Mechanism, Snapshot, SnapshotError};

/// A class with `0..=max_lots` lots and `0..=max_asks` asks. Unit values and prices are drawn
/// from a small range so that ties are common; sizes differ (1..=20) so pairing matters. With
/// `remainders`, a lot's `max_value` is not always a multiple of its size (its unit value is then
/// fractional and is rounded down).
pub fn class_market(
	class: u32,
	max_lots: usize,
	max_asks: usize,
	max_capacity: u32,
	remainders: bool,
) -> impl Strategy<Value = ClassMarket> {
	let extra = if remainders { 3u128 } else { 1 };
	let lots = prop::collection::vec((0u128..=40, 1u32..=20, 0u128..extra), 0..=max_lots);
	let asks = prop::collection::vec((0u128..=40, 1u32..=max_capacity), 0..=max_asks);
	let posted = prop::option::of(0u128..=40);
	(lots, asks, posted).prop_map(move |(lots, asks, posted_price)| ClassMarket {
		class,
		lots: lots
			.into_iter()
			.enumerate()
			.map(|(i, (unit, size, extra))| Lot {
				id: 100 + i as u64,
				max_value: unit * size as u128 + extra.min(size as u128 - 1),
				size,
			})
			.collect(),
		asks: asks
			.into_iter()
			.enumerate()
			.map(|(i, (price, capacity))| Ask { id: 200 + i as u64, unit_price: price, capacity })
			.collect(),
		posted_price,
	})
}

/// A snapshot of one to three classes.
pub fn snapshot(
	max_lots: usize,
	max_asks: usize,
	max_capacity: u32,
	fee: bool,
	remainders: bool,
) -> impl Strategy<Value = Snapshot> {
	let classes =
		prop::collection::vec(class_market(0, max_lots, max_asks, max_capacity, remainders), 1..=3);
	let fee_ppm =
		if fee { prop_oneof![Just(0u32), 1u32..=200_000].boxed() } else { Just(0).boxed() };
	(classes, any::<[u8; 32]>(), fee_ppm, any::<u64>()).prop_map(
		|(mut classes, seed, fee_ppm, round)| {
			for (i, c) in classes.iter_mut().enumerate() {
				c.class = i as u32 * 3 + 1;
			}
			Snapshot { round, seed, fee_ppm, classes }
		},
	)
}

/// A clearing rule under test: `clear` with a mechanism, or a deliberately broken variant.
pub type Rule<'a> = &'a dyn Fn(&Snapshot) -> Result<Clearing, SnapshotError>;

/// The standard rule for a mechanism.
pub fn rule(m: Mechanism) -> impl Fn(&Snapshot) -> Result<Clearing, SnapshotError> {
	move |s| clear(s, m)
}

/// A lot's utility: its true value minus what it pays, if it trades.
pub fn lot_utility(c: &Clearing, class: usize, id: u64, true_value: u128) -> i128 {
	c.classes[class]
		.trades
		.iter()
		.filter(|t| t.lot == id)
		.map(|t| true_value as i128 - t.lot_pays as i128)
		.sum()
}

/// An ask's utility: what it receives minus its true cost for every lot it serves.
pub fn ask_utility(s: &Snapshot, c: &Clearing, class: usize, id: u64, true_price: u128) -> i128 {
	let lots = &s.classes[class].lots;
	c.classes[class]
		.trades
		.iter()
		.filter(|t| t.ask == id)
		.map(|t| {
			let size = lots.iter().find(|l| l.id == t.lot).expect("traded lot exists").size;
			t.ask_receives as i128 - (true_price * size as u128) as i128
		})
		.sum()
}

/// Unit prices worth trying as misreports in `s`: every value and price in the market, ±1, 0.
pub fn candidate_unit_prices(s: &Snapshot) -> Vec<u128> {
	let mut out = vec![0u128, 1, 1000];
	for c in &s.classes {
		if let Some(p) = c.posted_price {
			out.extend([p.saturating_sub(1), p, p + 1]);
		}
		for l in &c.lots {
			let r = l.unit_value();
			out.extend([r.saturating_sub(1), r, r + 1]);
		}
		for a in &c.asks {
			let g = toda::gross_up(a.unit_price, s.fee_ppm);
			let p = a.unit_price;
			out.extend([p.saturating_sub(1), p, p + 1, g.saturating_sub(1), g, g + 1]);
		}
	}
	out.sort_unstable();
	out.dedup();
	out
}

/// A profitable unilateral misreport, if one was found.
#[derive(Debug, Clone)]
pub struct Deviation {
	/// Who: `("lot" | "ask", class index, id)`.
	pub who: (&'static str, usize, u64),
	/// The misreport (lot: max value; ask: unit price, capacity).
	pub report: (u128, u32),
	/// Utility gained over truth.
	pub gain: i128,
}

/// Searches single-trader misreports of price (and, for asks, capacity ≤ the true one) and returns
/// the most profitable one. `single_unit_only` restricts the search to asks of capacity 1.
pub fn best_deviation(
	s: &Snapshot,
	rule: Rule,
	single_unit_only: bool,
	extra: &[u128],
) -> Option<Deviation> {
	let truth = rule(s).expect("valid snapshot");
	let mut units = candidate_unit_prices(s);
	units.extend_from_slice(extra);
	let mut best: Option<Deviation> = None;
	let mut consider = |d: Deviation| {
		if d.gain > 0 && best.as_ref().is_none_or(|b| d.gain > b.gain) {
			best = Some(d);
		}
	};
	for (ci, class) in s.classes.iter().enumerate() {
		for (li, lot) in class.lots.iter().enumerate() {
			let base = lot_utility(&truth, ci, lot.id, lot.max_value);
			for &u in &units {
				for report in [u * lot.size as u128, u * lot.size as u128 + lot.size as u128 - 1] {
					if report == lot.max_value || report > toda::MAX_VALUE {
						continue;
					}
					let mut m = s.clone();
					m.classes[ci].lots[li].max_value = report;
					let out = rule(&m).expect("valid snapshot");
					let gain = lot_utility(&out, ci, lot.id, lot.max_value) - base;
					consider(Deviation { who: ("lot", ci, lot.id), report: (report, 1), gain });
				}
			}
		}
		for (ai, ask) in class.asks.iter().enumerate() {
			if single_unit_only && ask.capacity != 1 {
				continue;
			}
			let base = ask_utility(s, &truth, ci, ask.id, ask.unit_price);
			for &u in &units {
				for cap in 1..=ask.capacity {
					if u == ask.unit_price && cap == ask.capacity {
						continue;
					}
					let mut m = s.clone();
					m.classes[ci].asks[ai].unit_price = u;
					m.classes[ci].asks[ai].capacity = cap;
					let out = rule(&m).expect("valid snapshot");
					let gain = ask_utility(s, &out, ci, ask.id, ask.unit_price) - base;
					consider(Deviation { who: ("ask", ci, ask.id), report: (u, cap), gain });
				}
			}
		}
	}
	best
}
