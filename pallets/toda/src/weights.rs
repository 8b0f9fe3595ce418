//! Weights for `pallet-toda`: storage accesses over the runtime's `DbWeight` plus a compute
//! allowance per order, until `scripts/bench-weights.sh` generates them from `benchmarking.rs`.
//! `a` counts revealed asks and `l` lots of a round (over all its classes).

#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, RuntimeDbWeight, Weight},
};

/// Weight functions of `pallet_toda`.
pub trait WeightInfo {
	/// `commit_ask`.
	fn commit_ask() -> Weight;
	/// `reveal_ask`.
	fn reveal_ask() -> Weight;
	/// `on_initialize` taking a round's snapshot of `a` asks and `l` lots.
	fn snapshot(a: u32, l: u32) -> Weight;
	/// `submit_clearing` of a round with `a` asks and `l` lots, every lot assigned.
	fn submit_clearing(a: u32, l: u32) -> Weight;
	/// The pool's check of the offchain worker's clearing (verification only).
	fn authorize_clearing(a: u32, l: u32) -> Weight;
	/// `on_initialize` rolling a round over, releasing `a` bonds.
	fn roll_over(a: u32) -> Weight;
}

const COMPUTE: u64 = 20_000_000;
const PER_ORDER: u64 = 200_000;

fn accesses(db: RuntimeDbWeight, reads: u64, writes: u64) -> Weight {
	Weight::from_parts(COMPUTE, 4_096).saturating_add(db.reads_writes(reads, writes))
}

macro_rules! weights {
	($db:expr) => {
		fn commit_ask() -> Weight {
			accesses($db, 6, 4)
		}
		fn reveal_ask() -> Weight {
			accesses($db, 5, 3)
		}
		fn snapshot(a: u32, l: u32) -> Weight {
			accesses($db, 6 + u64::from(a) + u64::from(l) * 2, 4)
				.saturating_add(Weight::from_parts(PER_ORDER * u64::from(a + l), 64 * u64::from(l)))
		}
		fn submit_clearing(a: u32, l: u32) -> Weight {
			// Per assigned lot: lot, staking (prover, obligation), timer, open entry, job.
			accesses(
				$db,
				8 + 2 * u64::from(a) + 4 * u64::from(l),
				8 + 2 * u64::from(a) + 5 * u64::from(l),
			)
			.saturating_add(Weight::from_parts(2 * PER_ORDER * u64::from(a + l), 64 * u64::from(l)))
		}
		fn authorize_clearing(a: u32, l: u32) -> Weight {
			accesses($db, 2, 0)
				.saturating_add(Weight::from_parts(PER_ORDER * u64::from(a + l), 64 * u64::from(l)))
		}
		fn roll_over(a: u32) -> Weight {
			accesses($db, 4 + 2 * u64::from(a), 4 + 2 * u64::from(a))
		}
	};
}

/// Weights over the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);

impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	weights!(<T as frame_system::Config>::DbWeight::get());
}

impl WeightInfo for () {
	weights!(RocksDbWeight::get());
}
