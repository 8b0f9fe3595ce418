//! Weights for `pallet-job-escrow`: storage accesses over the runtime's `DbWeight` plus a compute
//! allowance, until the weights issue generates them from `benchmarking.rs`.
//!
//! Scheduling a timer is one write; `on_initialize` charges each timer it runs at its worst case
//! ([`WeightInfo::timer`]: a missed deadline — the slashing handler, releasing the obligation,
//! refunding a whole job).

#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, RuntimeDbWeight, Weight},
};

/// Weight functions of `pallet_job_escrow`.
pub trait WeightInfo {
	/// `submit_job` with `s` stages.
	fn submit_job(s: u32) -> Weight;
	/// `cancel_job` of a job with `s` stages.
	fn cancel_job(s: u32) -> Weight;
	/// `submit_proof` with `n` public inputs, without the verifier's own weight (the call adds
	/// `ProofVerifier::verify_weight(n)`), with the settlement and an acceptance timer.
	fn submit_proof(n: u32) -> Weight;
	/// `accept_attested`.
	fn accept_attested() -> Weight;
	/// `dispute_attested`.
	fn dispute_attested() -> Weight;
	/// `JobMarket::assign` (scheduling the due timer).
	fn assign() -> Weight;
	/// The worst case of one timer run by `on_initialize`: a missed deadline reported to the
	/// slashing handler, the refund of a whole job.
	fn timer() -> Weight;
	/// The default slashing handler's worst case (`ProverStaking::slash` over `MaxDelegators`).
	fn immediate_slash() -> Weight;
}

const COMPUTE: u64 = 50_000_000;
/// `pallet-prover-staking`'s slash over 256 delegators: 4 + 4·256 reads, 4 + 3·256 writes.
const SLASH_READS: u64 = 4 + 4 * 256;
const SLASH_WRITES: u64 = 4 + 3 * 256;
/// Stages per job in the runtime (refunding all of them).
const MAX_STAGES: u64 = 16;

fn accesses(db: RuntimeDbWeight, reads: u64, writes: u64) -> Weight {
	Weight::from_parts(COMPUTE, 4_096).saturating_add(db.reads_writes(reads, writes))
}

fn timer(db: RuntimeDbWeight) -> Weight {
	// Lot, job, every stage of the job; slash; obligation; holds and events.
	accesses(db, 3 + 2 * MAX_STAGES + SLASH_READS, 3 + 2 * MAX_STAGES + SLASH_WRITES)
}

macro_rules! weights {
	($db:expr) => {
		fn submit_job(s: u32) -> Weight {
			// Job exists, next id, hold; per stage: key info, lot, timer, open entry.
			accesses($db, 3, 4).saturating_add(accesses($db, 2, 4).saturating_mul(s.into()))
		}
		fn cancel_job(s: u32) -> Weight {
			accesses($db, 2, 2).saturating_add(accesses($db, 3, 4).saturating_mul(s.into()))
		}
		fn submit_proof(_n: u32) -> Weight {
			// Lot, job, holds, treasury, reward (staking: prover, pot, accumulator), obligation,
			// dependents (up to all stages), timer.
			accesses($db, 8 + MAX_STAGES, 9 + MAX_STAGES)
		}
		fn accept_attested() -> Weight {
			accesses($db, 8 + MAX_STAGES, 8 + MAX_STAGES)
		}
		fn dispute_attested() -> Weight {
			accesses($db, 1, 1)
		}
		fn assign() -> Weight {
			// Lot, staking (prover, obligation), timer, open entry, job.
			accesses($db, 5, 6)
		}
		fn timer() -> Weight {
			timer($db)
		}
		fn immediate_slash() -> Weight {
			accesses($db, SLASH_READS, SLASH_WRITES)
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
