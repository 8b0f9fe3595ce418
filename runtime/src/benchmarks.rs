//! The pallets `provernet-bench pallet` can benchmark (`scripts/bench-weights.sh` runs them and
//! writes each custom pallet's `weights.rs` and the runtime's `weights/`).

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_grandpa, Grandpa]
	[pallet_parameters, Parameters]
	[pallet_prover_staking, ProverStaking]
	[pallet_proof_verifier, ProofVerifier]
	[pallet_job_escrow, JobEscrow]
	[pallet_slashing, Slashing]
	[pallet_toda, Toda]
);

impl frame_system_benchmarking::Config for crate::Runtime {}
impl frame_benchmarking::baseline::Config for crate::Runtime {}
