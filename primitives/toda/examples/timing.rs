//! Timing table for the performance report: `clear` and `verify` per mechanism for 10² … 10⁵
//! orders over 16 classes (lots : asks = 10 : 1, capacities 1..=10), the median of repeated runs
//! on one thread. Criterion (`cargo bench -p toda --bench clear`) measures the same with
//! confidence intervals; this prints a Markdown table the report script can include.
//!
//! Run: `cargo run --release -p toda --example timing`.

#[path = "common/markets.rs"]
mod markets;

use std::time::{Duration, Instant};
use toda::{clear, verify, Mechanism};

/// Median wall time of `f`, run until ~0.5 s or 25 runs have passed (at least 3).
fn median(mut f: impl FnMut()) -> Duration {
	let mut times = Vec::new();
	let start = Instant::now();
	while times.len() < 3 || (times.len() < 25 && start.elapsed() < Duration::from_millis(500)) {
		let t = Instant::now();
		f();
		times.push(t.elapsed());
	}
	times.sort();
	times[times.len() / 2]
}

fn ms(d: Duration) -> String {
	format!("{:.3}", d.as_secs_f64() * 1e3)
}

fn main() {
	let mechanisms = [Mechanism::McAfee, Mechanism::Sbba, Mechanism::Muda];
	print!("| orders (16 classes) |");
	for m in mechanisms {
		print!(" {m:?} clear (ms) | {m:?} verify (ms) |");
	}
	println!();
	println!("|---:|{}", "---:|".repeat(2 * mechanisms.len()));
	for orders in [100usize, 1_000, 10_000, 100_000] {
		let per_class = orders / 16;
		let lots = (per_class * 10 / 11).max(1);
		let asks = (per_class - lots).max(1);
		let snapshot = markets::uniform(16, lots, asks, 10, 11);
		print!("| {} |", snapshot.order_count());
		for m in mechanisms {
			let clearing = clear(&snapshot, m).expect("clears");
			let c = median(|| {
				std::hint::black_box(clear(std::hint::black_box(&snapshot), m).expect("clears"));
			});
			let v = median(|| {
				verify(std::hint::black_box(&snapshot), std::hint::black_box(&clearing))
					.expect("verifies")
			});
			print!(" {} | {} |", ms(c), ms(v));
		}
		println!();
	}
}
