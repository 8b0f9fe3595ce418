//! Benchmarks (v2) for every call and the timer hook, on real proofs and a real prover set up by
//! the runtime's `BenchmarkHelper`.

use super::*;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, EnsureOrigin, Hooks};
use frame_system::RawOrigin;

fn requester<T: Config>() -> T::AccountId {
	let who: T::AccountId = account("requester", 0, 0);
	let _ = T::Currency::set_balance(&who, T::MinFee::get().saturating_mul(1_000_000u32.into()));
	who
}

fn spec<T: Config>(key: KeyId, inputs: Option<Vec<u8>>, deps: Vec<u8>) -> StageSpecOf<T> {
	StageSpec {
		key,
		latency_tier: 0,
		stake_tier: 0,
		size: 1,
		max_fee: T::MinFee::get().saturating_mul(100u32.into()),
		deadline: None,
		deps,
		public_inputs: inputs,
	}
}

/// A chain of `s` Groth16 stages, each depending on the previous (up to `MaxDepth`, then flat).
fn stages<T: Config>(s: u32, key: KeyId, inputs: &[u8]) -> Vec<StageSpecOf<T>> {
	(0..s)
		.map(|i| {
			let deps = if i > 0 && i < T::MaxDepth::get() { vec![(i - 1) as u8] } else { vec![] };
			spec::<T>(key, Some(inputs.to_vec()), deps)
		})
		.collect()
}

fn far<T: Config>() -> BlockNumberFor<T> {
	frame_system::Pallet::<T>::block_number().saturating_add(T::MaxDeadlineBlocks::get())
}

fn submit<T: Config>(who: &T::AccountId, s: Vec<StageSpecOf<T>>) -> Vec<LotId> {
	Pallet::<T>::do_submit_job(
		who.clone(),
		0,
		s,
		far::<T>(),
		InputData::Inline(Default::default()),
	)
	.expect("a valid job");
	Jobs::<T>::get(who, 0).expect("submitted").lots.to_vec()
}

/// Settlement's worst case: a fee and a surplus to the treasury, a reward to the pot and a refund
/// (the lot pays half its max fee, the ask a quarter of it).
fn terms<T: Config>(lot: LotId) -> TradeTerms<BalanceOf<T>> {
	let max_fee = Lots::<T>::get(lot).expect("lot").max_fee;
	let lot_pays = max_fee / 2u32.into();
	let ask_gross = max_fee / 4u32.into();
	let fee = ask_gross / 100u32.into();
	TradeTerms {
		lot_unit_price: lot_pays,
		ask_unit_price: ask_gross,
		lot_pays,
		ask_gross,
		fee,
		ask_receives: ask_gross - fee,
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn submit_job(s: Linear<1, { T::MaxStages::get() }>) {
		let who = requester::<T>();
		let (key, inputs, _) = T::BenchmarkHelper::groth16(1);
		let stages = stages::<T>(s, key, &inputs);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(who.clone()),
			0,
			stages,
			far::<T>(),
			InputData::Inline(Default::default()),
		);
		assert!(Jobs::<T>::contains_key(&who, 0));
	}

	#[benchmark]
	fn cancel_job(s: Linear<1, { T::MaxStages::get() }>) {
		let who = requester::<T>();
		let (key, inputs, _) = T::BenchmarkHelper::groth16(1);
		submit::<T>(&who, stages::<T>(s, key, &inputs));
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 0);
		assert!(!Jobs::<T>::contains_key(&who, 0));
	}

	#[benchmark]
	fn assign() {
		let who = requester::<T>();
		let (key, inputs, _) = T::BenchmarkHelper::groth16(1);
		let lots = submit::<T>(&who, stages::<T>(1, key, &inputs));
		let class = Lots::<T>::get(lots[0]).expect("lot").class;
		let prover = T::BenchmarkHelper::prover(class, 0);
		#[block]
		{
			<Pallet<T> as JobMarket<_, _, _>>::assign(lots[0], &prover, terms::<T>(lots[0]))
				.expect("assigns");
		}
	}

	/// A proof that settles its lot and opens the next stage (the verifier's weight is added by
	/// the call from `ProofVerifier::verify_weight`).
	#[benchmark]
	fn submit_proof(n: Linear<1, { T::MaxInputsLen::get() / 32 }>) {
		let who = requester::<T>();
		let (key, inputs, proof) = T::BenchmarkHelper::groth16(n);
		let lots = submit::<T>(&who, stages::<T>(T::MaxStages::get().min(2), key, &inputs));
		let class = Lots::<T>::get(lots[0]).expect("lot").class;
		let prover = T::BenchmarkHelper::prover(class, 0);
		<Pallet<T> as JobMarket<_, _, _>>::assign(lots[0], &prover, terms::<T>(lots[0]))
			.expect("assigns");
		#[extrinsic_call]
		_(RawOrigin::Signed(prover), lots[0], inputs, proof);
	}

	#[benchmark]
	fn accept_attested() {
		let who = requester::<T>();
		let key = T::BenchmarkHelper::attested();
		let lots = submit::<T>(&who, vec![spec::<T>(key, None, vec![])]);
		let class = Lots::<T>::get(lots[0]).expect("lot").class;
		let prover = T::BenchmarkHelper::prover(class, 0);
		<Pallet<T> as JobMarket<_, _, _>>::assign(lots[0], &prover, terms::<T>(lots[0]))
			.expect("assigns");
		Pallet::<T>::submit_proof(RawOrigin::Signed(prover).into(), lots[0], vec![], vec![7; 32])
			.expect("attests");
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), lots[0]);
		assert!(!Jobs::<T>::contains_key(&who, 0));
	}

	#[benchmark]
	fn dispute_attested() {
		let who = requester::<T>();
		let key = T::BenchmarkHelper::attested();
		let lots = submit::<T>(&who, vec![spec::<T>(key, None, vec![])]);
		let class = Lots::<T>::get(lots[0]).expect("lot").class;
		let prover = T::BenchmarkHelper::prover(class, 0);
		<Pallet<T> as JobMarket<_, _, _>>::assign(lots[0], &prover, terms::<T>(lots[0]))
			.expect("assigns");
		Pallet::<T>::submit_proof(RawOrigin::Signed(prover).into(), lots[0], vec![], vec![7; 32])
			.expect("attests");
		#[extrinsic_call]
		_(RawOrigin::Signed(who), lots[0]);
	}

	/// The worst timer: a missed deadline reported to the slashing handler (the prover with the
	/// most delegators, for a handler that slashes at once), then a refund of the whole job (no
	/// time left), in `on_initialize`.
	#[benchmark]
	fn timer() {
		let d = T::BenchmarkHelper::max_delegators();
		let who = requester::<T>();
		let (key, inputs, _) = T::BenchmarkHelper::groth16(1);
		let mut s = stages::<T>(T::MaxStages::get(), key, &inputs);
		// The first stage's deadline leaves no second round after a miss.
		let proving = T::Tiers::proving_blocks(0).expect("tier 0");
		let now = frame_system::Pallet::<T>::block_number();
		s[0].deadline = Some(now + T::AuctionBlocks::get() + proving);
		for (i, st) in s.iter_mut().enumerate().skip(1) {
			st.deps = vec![(i - 1) as u8];
			st.deadline = None;
		}
		s.truncate(T::MaxDepth::get() as usize);
		let lots = submit::<T>(&who, s);
		let class = Lots::<T>::get(lots[0]).expect("lot").class;
		let prover = T::BenchmarkHelper::prover(class, d);
		<Pallet<T> as JobMarket<_, _, _>>::assign(lots[0], &prover, terms::<T>(lots[0]))
			.expect("assigns");
		let at = now + proving + 1u32.into();
		frame_system::Pallet::<T>::set_block_number(at);
		#[block]
		{
			Pallet::<T>::on_initialize(at);
		}
		assert!(!Jobs::<T>::contains_key(&who, 0));
	}

	/// The heavier ruling: upheld — the bond released, the lot refunded and the violation reported
	/// (to the runtime's slashing policy: the exposure over the most delegators).
	#[benchmark]
	fn rule_dispute() {
		let who = requester::<T>();
		let key = T::BenchmarkHelper::attested();
		let lots = submit::<T>(&who, vec![spec::<T>(key, None, vec![])]);
		let class = Lots::<T>::get(lots[0]).expect("lot").class;
		let prover = T::BenchmarkHelper::prover(class, T::BenchmarkHelper::max_delegators());
		<Pallet<T> as JobMarket<_, _, _>>::assign(lots[0], &prover, terms::<T>(lots[0]))
			.expect("assigns");
		Pallet::<T>::submit_proof(RawOrigin::Signed(prover).into(), lots[0], vec![], vec![7; 32])
			.expect("attests");
		Pallet::<T>::dispute_attested(RawOrigin::Signed(who.clone()).into(), lots[0])
			.expect("disputes");
		let judge = T::JudgeOrigin::try_successful_origin().expect("a judge");
		#[extrinsic_call]
		_(judge as T::RuntimeOrigin, lots[0], true);
		assert!(!Jobs::<T>::contains_key(&who, 0));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::ExtBuilder::build(), crate::mock::Test);
}
