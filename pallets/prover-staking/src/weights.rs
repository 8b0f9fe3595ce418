//! Weights of the calls.
//!
//! Interim: until this pallet's v2 benchmarks land (the same issue), the weights below are the
//! storage accesses each call makes, priced by the runtime's `DbWeight`, plus a fixed compute
//! allowance. They are replaced by generated weights when the benchmarks run.

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions of `pallet-prover-staking`.
pub trait WeightInfo {
	/// `register_prover`.
	fn register_prover() -> Weight;
	/// `bond_more`.
	fn bond_more() -> Weight;
	/// `unbond`.
	fn unbond() -> Weight;
	/// `delegate`.
	fn delegate() -> Weight;
	/// `undelegate`.
	fn undelegate() -> Weight;
	/// `withdraw_unbonded`.
	fn withdraw_unbonded() -> Weight;
	/// `set_commission`.
	fn set_commission() -> Weight;
	/// `update_capabilities`.
	fn update_capabilities() -> Weight;
	/// `chill`.
	fn chill() -> Weight;
	/// `activate`.
	fn activate() -> Weight;
	/// `retire`.
	fn retire() -> Weight;
	/// `jail`.
	fn jail() -> Weight;
	/// `unjail`.
	fn unjail() -> Weight;
	/// `claim_rewards`.
	fn claim_rewards() -> Weight;
	/// A slash through `ProverStaking::slash` over `d` delegators, each with the most unbonding
	/// chunks (charged by the calling pallet).
	fn slash(d: u32) -> Weight;
}

/// Storage-access weights over the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);

/// A fixed compute allowance per call (50 µs) on top of the storage accesses.
const COMPUTE: u64 = 50_000_000;

fn accesses(db: frame_support::weights::RuntimeDbWeight, reads: u64, writes: u64) -> Weight {
	Weight::from_parts(COMPUTE, 4_096).saturating_add(db.reads_writes(reads, writes))
}

macro_rules! weights {
	($db:expr) => {
		fn register_prover() -> Weight {
			accesses($db, 3, 3)
		}
		fn bond_more() -> Weight {
			accesses($db, 3, 2)
		}
		fn unbond() -> Weight {
			accesses($db, 3, 2)
		}
		fn delegate() -> Weight {
			accesses($db, 4, 3)
		}
		fn undelegate() -> Weight {
			accesses($db, 3, 3)
		}
		fn withdraw_unbonded() -> Weight {
			accesses($db, 3, 2)
		}
		fn set_commission() -> Weight {
			accesses($db, 1, 1)
		}
		fn update_capabilities() -> Weight {
			accesses($db, 1, 1)
		}
		fn chill() -> Weight {
			accesses($db, 1, 1)
		}
		fn activate() -> Weight {
			accesses($db, 1, 1)
		}
		fn retire() -> Weight {
			accesses($db, 4, 3)
		}
		fn jail() -> Weight {
			accesses($db, 1, 1)
		}
		fn unjail() -> Weight {
			accesses($db, 1, 1)
		}
		fn claim_rewards() -> Weight {
			accesses($db, 5, 3)
		}
		fn slash(d: u32) -> Weight {
			accesses($db, 4 + 4 * d as u64, 4 + 3 * d as u64)
		}
	};
}

impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	weights!(<T as frame_system::Config>::DbWeight::get());
}

impl WeightInfo for () {
	weights!(RocksDbWeight::get());
}
