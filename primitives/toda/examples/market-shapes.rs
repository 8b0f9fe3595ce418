//! Market-shape report (issue 18): per mechanism, on markets shaped like this one — 1, 2, 3, 5,
//! 10, 100 and 1,000 lots per class, asks with capacity 1..=4, lot sizes 1..=100 — the share of
//! lots served, welfare over the optimum, the budget surplus over what lots pay, and the largest
//! gain a unilateral misreport wins (searched for lots, single-unit asks and multi-unit asks).
//!
//! Run: `cargo run --release -p toda --example market-shapes`.
//!
//! Markets are `common/markets.rs` (values and prices uniform in `[1, 1000] × 10¹²`, no fee here).
//! Each class's posted price is what the chain would post: the lower median of the reference
//! (competitive) prices of the class's history, here [`HISTORY`] earlier markets of the same shape
//! drawn independently ("Adaptive"). "Adaptive, no history" is a class that never traded (its
//! thin rounds fall back to unit McAfee: every capacity taken as 1); "Adaptive, P +25 %" posts a
//! price a quarter above the history's, a stale or manipulated history. Deviation search: every
//! trader and every candidate price for markets of up to 10 lots; a deterministic sample of 12
//! traders and 40 candidate prices above (so a "0" there is a sampled search, not a proof: the
//! property tests are).

#[path = "common/markets.rs"]
mod markets;

use toda::{clear, Clearing, Mechanism, Snapshot};

/// Earlier markets per class whose reference prices make its posted price.
const HISTORY: u64 = 32;

#[derive(Clone, Copy, PartialEq)]
enum Rule {
	Mechanism(Mechanism),
	NoHistory,
	StalePrice,
}

impl Rule {
	fn name(self) -> String {
		match self {
			Rule::Mechanism(m) => format!("{m:?}"),
			Rule::NoHistory => "Adaptive, no history".into(),
			Rule::StalePrice => "Adaptive, P +25 %".into(),
		}
	}

	fn clear(self, s: &Snapshot) -> Clearing {
		let mut s = s.clone();
		match self {
			Rule::Mechanism(m) => return clear(&s, m).unwrap(),
			Rule::NoHistory => s.classes.iter_mut().for_each(|c| c.posted_price = None),
			Rule::StalePrice => s
				.classes
				.iter_mut()
				.for_each(|c| c.posted_price = c.posted_price.map(|p| p + p / 4)),
		}
		clear(&s, Mechanism::Adaptive).unwrap()
	}
}

const RULES: [Rule; 7] = [
	Rule::Mechanism(Mechanism::McAfee),
	Rule::Mechanism(Mechanism::Sbba),
	Rule::Mechanism(Mechanism::Muda),
	Rule::Mechanism(Mechanism::VickreyMuda),
	Rule::Mechanism(Mechanism::Adaptive),
	Rule::NoHistory,
	Rule::StalePrice,
];

/// The posted price of class `class` of a market shaped `lots` × `asks`: the lower median of the
/// reference prices of [`HISTORY`] earlier markets of that shape (as the chain posts it).
fn posted_price(lots: usize, asks: usize, seed: u64, class: usize) -> Option<u128> {
	let mut prices: Vec<u128> = (0..HISTORY)
		.filter_map(|h| {
			let earlier = markets::uniform(2, lots, asks, 4, 900_000 + seed * 1_000 + h);
			toda::reference_price(&earlier.classes[class], earlier.seed, 0).unwrap()
		})
		.collect();
	prices.sort_unstable();
	prices.get(prices.len().checked_sub(1)? / 2).copied()
}

fn lot_utility(s: &Snapshot, c: &Clearing, class: usize, id: u64) -> i128 {
	let value = s.classes[class].lots.iter().find(|l| l.id == id).unwrap().max_value;
	c.classes[class]
		.trades
		.iter()
		.filter(|t| t.lot == id)
		.map(|t| value as i128 - t.lot_pays as i128)
		.sum()
}

fn ask_utility(s: &Snapshot, c: &Clearing, class: usize, id: u64) -> i128 {
	let market = &s.classes[class];
	let price = market.asks.iter().find(|a| a.id == id).unwrap().unit_price;
	c.classes[class]
		.trades
		.iter()
		.filter(|t| t.ask == id)
		.map(|t| {
			let size = market.lots.iter().find(|l| l.id == t.lot).unwrap().size as u128;
			t.ask_receives as i128 - (price * size) as i128
		})
		.sum()
}

/// Every `len / n`-th index, or all of them.
fn sample(len: usize, n: usize) -> Vec<usize> {
	if len <= n {
		return (0..len).collect();
	}
	(0..n).map(|i| i * len / n).collect()
}

/// Largest gains (lots, single-unit asks, multi-unit asks) over the deviation search, as a
/// fraction of the optimal welfare in base units (so rows are comparable).
fn deviation_gains(s: &Snapshot, rule: Rule, full: bool) -> [i128; 3] {
	let truth = rule.clear(s);
	let mut candidates: Vec<u128> = vec![0];
	for c in &s.classes {
		candidates.extend(
			c.lots
				.iter()
				.flat_map(|l| [l.unit_value() - 1, l.unit_value(), l.unit_value() + 1]),
		);
		candidates
			.extend(c.asks.iter().flat_map(|a| [a.unit_price - 1, a.unit_price, a.unit_price + 1]));
		candidates.extend(c.posted_price);
	}
	candidates.sort_unstable();
	candidates.dedup();
	let candidates: Vec<u128> = if full {
		candidates
	} else {
		sample(candidates.len(), 40).into_iter().map(|i| candidates[i]).collect()
	};
	let (traders, mut gains) = (if full { usize::MAX } else { 12 }, [0i128; 3]);
	for (ci, class) in s.classes.iter().enumerate() {
		for li in sample(class.lots.len(), traders) {
			let lot = class.lots[li];
			let base = lot_utility(s, &truth, ci, lot.id);
			for &u in &candidates {
				let mut m = s.clone();
				m.classes[ci].lots[li].max_value = u * lot.size as u128;
				let gain = lot_utility(s, &rule.clear(&m), ci, lot.id) - base;
				gains[0] = gains[0].max(gain);
			}
		}
		for ai in sample(class.asks.len(), traders) {
			let ask = class.asks[ai];
			let base = ask_utility(s, &truth, ci, ask.id);
			let slot = if ask.capacity == 1 { 1 } else { 2 };
			for &u in &candidates {
				for cap in 1..=ask.capacity {
					let mut m = s.clone();
					m.classes[ci].asks[ai].unit_price = u;
					m.classes[ci].asks[ai].capacity = cap;
					let gain = ask_utility(s, &rule.clear(&m), ci, ask.id) - base;
					gains[slot] = gains[slot].max(gain);
				}
			}
		}
	}
	gains
}

struct Row {
	served: f64,
	welfare: f64,
	surplus: f64,
	gains: [f64; 3],
}

fn measure(lots: usize, asks: usize, seeds: u64) -> Vec<Row> {
	let mut rows: Vec<Row> = RULES
		.iter()
		.map(|_| Row { served: 0.0, welfare: 0.0, surplus: 0.0, gains: [0.0; 3] })
		.collect();
	let (mut optimum, mut total_lots, mut paid) = (0f64, 0f64, vec![0f64; RULES.len()]);
	for seed in 0..seeds {
		let mut s = markets::uniform(2, lots, asks, 4, 7_000 + seed * 31 + lots as u64);
		s.fee_ppm = 0;
		for (i, c) in s.classes.iter_mut().enumerate() {
			c.posted_price = posted_price(lots, asks, seed, i);
		}
		let best = markets::unit_welfare(&s, &clear(&s, Mechanism::Vcg).unwrap());
		optimum += best;
		total_lots += (2 * lots) as f64;
		for (i, &rule) in RULES.iter().enumerate() {
			let c = rule.clear(&s);
			rows[i].served += c.classes.iter().map(|cc| cc.trades.len()).sum::<usize>() as f64;
			rows[i].welfare += markets::unit_welfare(&s, &c);
			rows[i].surplus += c.budget.surplus as f64;
			paid[i] += c.budget.paid_by_lots as f64;
			if seed < 3 {
				let g = deviation_gains(&s, rule, lots <= 10);
				for (k, &gain) in g.iter().enumerate() {
					// In units of 10¹² (the price scale), per unit of size at most 100.
					let gain = gain as f64 / markets::SCALE as f64;
					rows[i].gains[k] = rows[i].gains[k].max(gain);
				}
			}
		}
	}
	for (i, row) in rows.iter_mut().enumerate() {
		row.served /= total_lots;
		row.welfare = if optimum > 0.0 { row.welfare / optimum } else { 1.0 };
		row.surplus = if paid[i] > 0.0 { row.surplus / paid[i] } else { 0.0 };
	}
	rows
}

fn main() {
	println!("| lots | asks | mechanism | served | welfare / optimum | surplus / paid | gain: lot | gain: 1-unit ask | gain: multi-unit ask |");
	println!("|---:|---:|---|---:|---:|---:|---:|---:|---:|");
	// `SHAPES_LOTS=20,30,50` measures other sizes (how THIN_LOTS was placed).
	let sizes: Vec<usize> = std::env::var("SHAPES_LOTS").map_or_else(
		|_| vec![1, 2, 3, 5, 10, 100, 1_000],
		|v| v.split(',').map(|n| n.trim().parse().expect("a list of lot counts")).collect(),
	);
	for lots in sizes {
		for asks in [lots.div_ceil(2), lots + 1] {
			let seeds = match lots {
				0..=10 => 200,
				11..=100 => 20,
				_ => 5,
			};
			for (rule, row) in RULES.iter().zip(measure(lots, asks, seeds)) {
				println!(
					"| {lots} | {asks} | {} | {:.3} | {:.3} | {:.3} | {:.0} | {:.0} | {:.0} |",
					rule.name(),
					row.served,
					row.welfare,
					row.surplus,
					row.gains[0],
					row.gains[1],
					row.gains[2],
				);
			}
		}
	}
}
