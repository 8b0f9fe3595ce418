//! Criterion benchmarks: `clear` and `verify` at the target size (10 000 lots × 1 000 asks × 16
//! classes) and their growth with the number of orders (10² … 10⁵).
//!
//! Run: `cargo bench -p toda --bench clear`.

#![allow(missing_docs)] // criterion_group! generates an undocumented function

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use toda::{clear, verify, Mechanism};

#[path = "../examples/common/markets.rs"]
mod markets;

fn target_size(c: &mut Criterion) {
	let snapshot = markets::uniform(16, 10_000, 1_000, 10, 7);
	let mut group = c.benchmark_group("16 classes × (10k lots + 1k asks, capacity ≤ 10)");
	group.sample_size(20);
	for m in [Mechanism::McAfee, Mechanism::Sbba, Mechanism::Muda] {
		let clearing = clear(&snapshot, m).unwrap();
		group.bench_function(BenchmarkId::new("clear", format!("{m:?}")), |b| {
			b.iter(|| clear(black_box(&snapshot), m).unwrap())
		});
		group.bench_function(BenchmarkId::new("verify", format!("{m:?}")), |b| {
			b.iter(|| verify(black_box(&snapshot), black_box(&clearing)).unwrap())
		});
	}
	group.finish();
}

fn growth(c: &mut Criterion) {
	let mut group = c.benchmark_group("growth (McAfee, 16 classes, lots:asks = 10:1)");
	group.sample_size(10);
	for orders in [100usize, 1_000, 10_000, 100_000] {
		let per_class = orders / 16;
		let lots = (per_class * 10 / 11).max(1);
		let asks = (per_class - lots).max(1);
		let snapshot = markets::uniform(16, lots, asks, 10, 11);
		let clearing = clear(&snapshot, Mechanism::McAfee).unwrap();
		group.throughput(Throughput::Elements(snapshot.order_count() as u64));
		group.bench_with_input(BenchmarkId::new("clear", orders), &snapshot, |b, s| {
			b.iter(|| clear(black_box(s), Mechanism::McAfee).unwrap())
		});
		group.bench_with_input(BenchmarkId::new("verify", orders), &snapshot, |b, s| {
			b.iter(|| verify(black_box(s), black_box(&clearing)).unwrap())
		});
	}
	group.finish();
}

criterion_group! {
	name = benches;
	config = Criterion::default();
	targets = target_size, growth
}
criterion_main!(benches);
