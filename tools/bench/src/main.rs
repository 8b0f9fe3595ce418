//! `provernet-bench`: the FRAME benchmark commands, runtime-only, for ProverNet.
//!
//! The same `benchmark pallet` and `benchmark overhead` commands a Substrate node carries (this is
//! `frame-omni-bencher` with ProverNet's Groth16 host functions registered), kept out of the node
//! so the node and CI do not compile the benchmarking CLI. Point it at a runtime blob built with
//! the `runtime-benchmarks` feature (`scripts/bench-weights.sh` builds one and runs every pallet):
//!
//! ```text
//! provernet-bench pallet --runtime <blob> --genesis-builder runtime --pallet pallet_toda \
//!     --extrinsic '*' --steps 50 --repeat 20 --output pallets/toda/src/weights.rs \
//!     --template scripts/weights.hbs
//! provernet-bench overhead --runtime <blob> --genesis-builder runtime --weight-path runtime/src/weights
//! ```

use clap::Parser;
use sp_runtime::{generic, traits::BlakeTwo256, OpaqueExtrinsic};

/// The host functions the runtime imports beyond Substrate's and the benchmarking ones.
type HostFunctions =
	(frame_benchmarking::benchmarking::HostFunctions, provernet_zk::host::HostFunctions);

/// An opaque block of the runtime's header type.
type Block = generic::Block<generic::Header<u32, BlakeTwo256>, OpaqueExtrinsic>;

/// What to benchmark.
#[derive(Debug, Parser)]
#[command(name = "provernet-bench", version, about)]
enum Command {
	/// Benchmarks pallets' calls and hooks and writes their `weights.rs`.
	Pallet(frame_benchmarking_cli::PalletCmd),
	/// Benchmarks the block and extrinsic base weights.
	Overhead(frame_benchmarking_cli::OverheadCmd),
}

fn main() -> sc_cli::Result<()> {
	sp_runtime::runtime_logger::RuntimeLogger::init();
	match Command::parse() {
		Command::Pallet(cmd) => cmd.run_with_spec::<BlakeTwo256, HostFunctions>(None),
		Command::Overhead(cmd) => cmd
			.run_with_default_builder_and_spec::<Block, HostFunctions>(None)
			.map_err(Into::into),
	}
}
