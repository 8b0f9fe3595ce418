//! Deterministic random markets for benchmarks and the efficiency report.
//!
//! Distributions (documented in the crate README):
//! - lot size `w` uniform in `1..=100` proof-gas units;
//! - lot unit value uniform in `[1, 1000] × 10¹²` base units, `max_value = value × w`;
//! - ask unit price uniform in `[1, 1000] × 10¹²` base units;
//! - ask capacity uniform in `1..=max_capacity`.
#![allow(dead_code)]

use toda::{Ask, ClassMarket, Clearing, Lot, Snapshot};

/// SplitMix64: a small deterministic generator, so runs are reproducible without dependencies.
pub struct Rng(pub u64);

impl Rng {
	/// Next 64 random bits.
	pub fn next(&mut self) -> u64 {
		self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
		let mut z = self.0;
		z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
		z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
		z ^ (z >> 31)
	}

	/// Uniform in `lo..=hi`.
	pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
		lo + self.next() % (hi - lo + 1)
	}
}

/// Price scale: 10¹² base units (10⁻⁶ BREV) per unit of size.
pub const SCALE: u128 = 1_000_000_000_000;

/// `classes` classes of `lots` lots and `asks` asks each.
pub fn uniform(classes: u32, lots: usize, asks: usize, max_capacity: u32, seed: u64) -> Snapshot {
	let mut rng = Rng(seed);
	let mut seed_bytes = [0u8; 32];
	for chunk in seed_bytes.chunks_mut(8) {
		chunk.copy_from_slice(&rng.next().to_le_bytes());
	}
	let classes = (0..classes)
		.map(|class| ClassMarket {
			class,
			lots: (0..lots)
				.map(|i| {
					let size = rng.range(1, 100) as u32;
					let value = rng.range(1, 1000) as u128 * SCALE;
					Lot { id: i as u64, max_value: value * size as u128, size }
				})
				.collect(),
			asks: (0..asks)
				.map(|i| Ask {
					id: i as u64,
					unit_price: rng.range(1, 1000) as u128 * SCALE,
					capacity: rng.range(1, max_capacity as u64) as u32,
				})
				.collect(),
			posted_price: Some(500 * SCALE),
		})
		.collect();
	Snapshot { round: seed, seed: seed_bytes, fee_ppm: 10_000, classes }
}

/// Unit welfare of a clearing, in units of [`SCALE`]: `Σ over trades (ρ(lot) − a(ask))`, the
/// domain the mechanisms clear in.
pub fn unit_welfare(s: &Snapshot, c: &Clearing) -> f64 {
	let mut total = 0f64;
	for (market, cc) in s.classes.iter().zip(&c.classes) {
		for t in &cc.trades {
			let lot = market.lots.iter().find(|l| l.id == t.lot).expect("a traded lot exists");
			let ask = market.asks.iter().find(|a| a.id == t.ask).expect("a trading ask exists");
			total += (lot.unit_value() as f64 - ask.unit_price as f64) / SCALE as f64;
		}
	}
	total
}
