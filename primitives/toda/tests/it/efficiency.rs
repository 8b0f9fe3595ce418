//! The efficiency claims: McAfee and SBBA reach ≥ 0.95 of the optimal welfare at 1 000 traders per
//! class; lottery-MUDA, which pays for strong budget balance and multi-unit truthfulness with random
//! rationing, gets there later (≈ 0.93 at 1 000, ≥ 0.95 at 10 000 traders); every ratio grows
//! towards 1 with the market.

#[path = "../../examples/efficiency.rs"]
#[allow(dead_code)]
mod report;

#[test]
fn mcafee_and_sbba_reach_95_percent_at_1000_traders() {
	let r = report::ratios(1_000, 1);
	for (name, ratio) in ["McAfee", "SBBA", "MUDA"].iter().zip(&r[..3]) {
		assert!(*ratio <= 1.0 + 1e-9, "{name} beats the optimum: {ratio}");
	}
	assert!(r[0] >= 0.95, "McAfee: {}", r[0]);
	assert!(r[1] >= 0.95, "SBBA: {}", r[1]);
	assert!(r[2] >= 0.90, "MUDA: {}", r[2]);
	let multi = report::ratios(10_000, 4);
	assert!(multi[2] >= 0.95, "MUDA with multi-unit asks at 10 000 traders: {}", multi[2]);
}

#[test]
fn efficiency_approaches_one_as_markets_grow() {
	let small = report::ratios(10, 1);
	let large = report::ratios(10_000, 1);
	for i in 0..3 {
		assert!(large[i] > small[i], "mechanism {i}: {} !> {}", large[i], small[i]);
		assert!(large[i] > 0.95, "mechanism {i} at 10 000 traders: {}", large[i]);
	}
	// VCG runs a deficit.
	assert!(large[3] > 0.0);
}
