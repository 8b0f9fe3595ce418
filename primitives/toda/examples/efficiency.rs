//! Efficiency report: the welfare of each mechanism as a fraction of the optimum, and the deficit
//! VCG would run, for markets of 10, 100, 1 000 and 10 000 traders per class.
//!
//! Run: `cargo run --release -p toda --example efficiency`.
//!
//! A market of `n` traders per class has `n/2` lots and `n/2` single-unit asks (a second table
//! uses capacities 1..=4), drawn as in `common/markets.rs`; each row averages 4 classes × 5 seeds.
//! Welfare is measured per unit of size, the domain the mechanisms clear in:
//! `Σ over trades (ρ(lot) − a(ask))`; the optimum is the efficient allocation (what VCG trades).

#[path = "common/markets.rs"]
mod markets;

use toda::{clear, Mechanism};

/// Average ratios for one size: (McAfee, SBBA, MUDA, Vickrey-MUDA, Adaptive with no history,
/// VCG deficit / optimal welfare).
pub fn ratios(traders: usize, max_capacity: u32) -> [f64; 6] {
	let mut sums = [0f64; 6];
	let mut optimum = 0f64;
	for seed in 0..5 {
		let mut s = markets::uniform(4, traders / 2, traders / 2, max_capacity, 1000 + seed);
		s.fee_ppm = 0;
		// A class with no history: the adaptive default at its most conservative (with history,
		// see `market-shapes`; from 64 lots the history is not read).
		s.classes.iter_mut().for_each(|c| c.posted_price = None);
		let vcg = clear(&s, Mechanism::Vcg).unwrap();
		optimum += markets::unit_welfare(&s, &vcg);
		for (i, m) in [
			Mechanism::McAfee,
			Mechanism::Sbba,
			Mechanism::Muda,
			Mechanism::VickreyMuda,
			Mechanism::Adaptive,
		]
		.into_iter()
		.enumerate()
		{
			sums[i] += markets::unit_welfare(&s, &clear(&s, m).unwrap());
		}
		sums[5] += -(vcg.budget.surplus as f64) / markets::SCALE as f64;
	}
	sums.map(|x| if optimum > 0.0 { x / optimum } else { 1.0 })
}

fn main() {
	for (title, cap) in [("single-unit asks", 1u32), ("asks with capacity 1..=4", 4)] {
		println!("\nWelfare as a fraction of the optimum ({title}); VCG deficit as a fraction of optimal welfare");
		println!(
			"| traders/class | McAfee | SBBA  | MUDA  | Vickrey-MUDA | Adaptive | VCG deficit |"
		);
		println!(
			"|--------------:|-------:|------:|------:|-------------:|---------:|------------:|"
		);
		for n in [10usize, 100, 1_000, 10_000] {
			let r = ratios(n, cap);
			println!(
				"| {n:>13} | {:.4} | {:.3} | {:.3} | {:>12.3} | {:>8.3} | {:>11.4} |",
				r[0], r[1], r[2], r[3], r[4], r[5]
			);
		}
	}
}
