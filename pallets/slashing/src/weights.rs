//! Weights for `pallet-slashing`: storage accesses over the runtime's `DbWeight` plus a compute
//! allowance, until the weights issue generates them from `benchmarking.rs`. Applying a slash
//! costs `pallet-prover-staking`'s slash over 256 delegators.

#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, RuntimeDbWeight, Weight},
};

/// Weight functions of `pallet_slashing`.
pub trait WeightInfo {
	/// `cancel_slash`.
	fn cancel_slash() -> Weight;
	/// `rule_dispute` (worst case: upheld, refund a whole job, record the violation).
	fn rule_dispute() -> Weight;
	/// Reporting a violation (queued; O(1)).
	fn report() -> Weight;
	/// `on_initialize` applying `s` pending slashes.
	fn on_initialize(s: u32) -> Weight;
}

const COMPUTE: u64 = 50_000_000;
const SLASH_READS: u64 = 4 + 4 * 256;
const SLASH_WRITES: u64 = 4 + 3 * 256;

fn accesses(db: RuntimeDbWeight, reads: u64, writes: u64) -> Weight {
	Weight::from_parts(COMPUTE, 4_096).saturating_add(db.reads_writes(reads, writes))
}

macro_rules! weights {
	($db:expr) => {
		fn cancel_slash() -> Weight {
			accesses($db, 2, 2)
		}
		fn rule_dispute() -> Weight {
			// Dispute, escrow (lot, job, 16 stages, holds, reward), bond, then a report.
			accesses($db, 43, 43)
		}
		fn report() -> Weight {
			accesses($db, 1, 3)
		}
		fn on_initialize(s: u32) -> Weight {
			accesses($db, 1, 1).saturating_add(
				accesses($db, 1 + SLASH_READS, 1 + SLASH_WRITES).saturating_mul(s.into()),
			)
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
