//! Benchmarks (v2) for every call and the hook's phases, parameterised by asks and lots.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::Hooks;
use frame_system::RawOrigin;

fn salt(i: u32) -> [u8; 32] {
	let mut s = [7u8; 32];
	s[..4].copy_from_slice(&i.to_le_bytes());
	s
}

/// Opens round 0 if the benchmark's state does not have it yet.
fn ensure_round<T: Config>() {
	if Rounds::<T>::get(0).is_none() {
		let now = frame_system::Pallet::<T>::block_number().max(1u32.into());
		frame_system::Pallet::<T>::set_block_number(now);
		Pallet::<T>::on_initialize(now);
	}
}

/// Round 0 with `a` revealed asks and `l` open lots; returns the block its snapshot is taken at.
fn revealed_round<T: Config>(a: u32, l: u32) -> BlockNumberFor<T> {
	ensure_round::<T>();
	let class = T::BenchmarkHelper::class();
	T::BenchmarkHelper::open_lots(l);
	let info = Rounds::<T>::get(0).expect("round 0 is open");
	// Enough capacity for every lot to trade.
	let capacity = l.div_ceil(a).max(1);
	let asks: Vec<_> = (0..a)
		.map(|i| (T::BenchmarkHelper::prover(i), 100u128 + u128::from(i), i))
		.collect();
	for (p, price, i) in &asks {
		let c = commitment_of(0, class, p, *price, capacity, salt(*i));
		Pallet::<T>::commit_ask(RawOrigin::Signed(p.clone()).into(), 0, class, c).expect("commits");
	}
	frame_system::Pallet::<T>::set_block_number(info.commit_until);
	Pallet::<T>::on_initialize(info.commit_until);
	for (p, price, i) in &asks {
		Pallet::<T>::reveal_ask(
			RawOrigin::Signed(p.clone()).into(),
			0,
			class,
			(*price).saturated_into(),
			capacity,
			salt(*i),
		)
		.expect("reveals");
	}
	info.reveal_until
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// The worst case: the class's ask slots are full and the newcomer, with more stake, evicts
	/// the weakest committer.
	#[benchmark]
	fn commit_ask() {
		ensure_round::<T>();
		let class = T::BenchmarkHelper::class();
		for i in 0..T::MaxAsksPerClass::get() {
			let p = T::BenchmarkHelper::prover(i);
			Pallet::<T>::commit_ask(RawOrigin::Signed(p).into(), 0, class, [2; 32])
				.expect("commits");
		}
		let prover = T::BenchmarkHelper::strong_prover(0);
		#[extrinsic_call]
		_(RawOrigin::Signed(prover.clone()), 0, class, [1; 32]);
		assert!(Commitments::<T>::contains_key((0, class, prover)));
	}

	#[benchmark]
	fn reveal_ask() {
		ensure_round::<T>();
		let class = T::BenchmarkHelper::class();
		let prover = T::BenchmarkHelper::prover(0);
		let c = commitment_of(0, class, &prover, 100, 1, salt(0));
		Pallet::<T>::commit_ask(RawOrigin::Signed(prover.clone()).into(), 0, class, c)
			.expect("commits");
		let until = Rounds::<T>::get(0).expect("round").commit_until;
		frame_system::Pallet::<T>::set_block_number(until);
		Pallet::<T>::on_initialize(until);
		#[extrinsic_call]
		_(RawOrigin::Signed(prover), 0, class, 100u128.saturated_into(), 1, salt(0));
		assert_eq!(Asks::<T>::get(0, class).len(), 1);
	}

	/// The snapshot in `on_initialize`: `a` revealed asks, `l` lots.
	#[benchmark]
	fn snapshot(
		a: Linear<1, { T::MaxAsksPerClass::get() }>,
		l: Linear<1, { T::MaxLotsPerClass::get() }>,
	) {
		let at = revealed_round::<T>(a, l);
		frame_system::Pallet::<T>::set_block_number(at);
		#[block]
		{
			Pallet::<T>::on_initialize(at);
		}
		assert!(Snapshots::<T>::contains_key(0));
	}

	/// Verification and assignment of the library's clearing of `a` asks and `l` lots (all but
	/// the one McAfee's trade reduction drops are assigned). From two asks: one ask alone
	/// trades nothing, and a range from one would fit every trade's cost into the per-ask term
	/// (the lots are held at their maximum while the asks vary), charging each ask for the
	/// trades of a whole round.
	#[benchmark]
	fn submit_clearing(
		a: Linear<2, { T::MaxAsksPerClass::get() }>,
		l: Linear<1, { T::MaxLotsPerClass::get() }>,
	) {
		let at = revealed_round::<T>(a, l);
		// McAfee's trade reduction leaves at most one lot of the class untraded: every other lot
		// is assigned (the costliest outcome per lot), whatever the governed mechanism.
		Rounds::<T>::mutate(0, |i| {
			if let Some(i) = i {
				i.mechanism = toda::Mechanism::McAfee;
			}
		});
		frame_system::Pallet::<T>::set_block_number(at);
		Pallet::<T>::on_initialize(at);
		let info = Rounds::<T>::get(0).expect("round");
		let clearing =
			solve(&Snapshots::<T>::get(0).expect("snapshot"), info.mechanism).expect("solves");
		frame_system::Pallet::<T>::set_block_number(info.clearing_until);
		let submitter = T::BenchmarkHelper::prover(a + 1);
		#[extrinsic_call]
		_(RawOrigin::Signed(submitter), 0, clearing);
		assert_eq!(Rounds::<T>::get(0).expect("round").status, RoundStatus::Cleared);
	}

	/// The pool's check of the offchain worker's clearing (verification, no assignment).
	#[benchmark]
	fn authorize_clearing(
		a: Linear<1, { T::MaxAsksPerClass::get() }>,
		l: Linear<1, { T::MaxLotsPerClass::get() }>,
	) -> Result<(), BenchmarkError> {
		let at = revealed_round::<T>(a, l);
		frame_system::Pallet::<T>::set_block_number(at);
		Pallet::<T>::on_initialize(at);
		let info = Rounds::<T>::get(0).expect("round");
		let clearing =
			solve(&Snapshots::<T>::get(0).expect("snapshot"), info.mechanism).expect("solves");
		let call = Call::<T>::submit_clearing_authorized { round: 0, clearing };
		#[block]
		{
			use frame_support::pallet_prelude::Authorize;
			call.authorize(sp_runtime::transaction_validity::TransactionSource::Local)
				.ok_or("authorizes")?
				.map_err(|_| "valid")?;
		}
		Ok(())
	}

	/// Roll-over in `on_initialize`: releasing `a` bonds.
	#[benchmark]
	fn roll_over(a: Linear<1, { T::MaxAsksPerClass::get() }>) {
		let at = revealed_round::<T>(a, 1);
		frame_system::Pallet::<T>::set_block_number(at);
		Pallet::<T>::on_initialize(at);
		let until = Rounds::<T>::get(0).expect("round").fallback_until;
		frame_system::Pallet::<T>::set_block_number(until);
		#[block]
		{
			Pallet::<T>::on_initialize(until);
		}
		assert_eq!(Rounds::<T>::get(0).expect("round").status, RoundStatus::RolledOver);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::ExtBuilder::build(), crate::mock::Test);
}
