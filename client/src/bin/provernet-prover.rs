//! `provernet-prover`: the prover's agent (see `provernet_client::agent`).
//!
//! ```text
//! provernet-prover --config prover.toml [--endpoint ws://127.0.0.1:9944]
//! ```

use clap::Parser;
use provernet_client::agent::{log, Agent, Config};
use std::{path::PathBuf, sync::Arc};

/// A ProverNet prover's agent: bids truthfully in every TODA round, proves what it wins with
/// the demo circuits and submits each proof before its deadline.
#[derive(Parser)]
#[command(version)]
struct Args {
	/// The configuration file (TOML): endpoint, suri or keystore, state_dir, [[class]] entries
	/// with class, unit_cost (BREV per unit of size) and capacity (lots per round).
	#[arg(long, short)]
	config: PathBuf,
	/// Overrides the config's endpoint.
	#[arg(long, env = "PROVERNET_URL")]
	endpoint: Option<String>,
}

#[tokio::main]
async fn main() {
	let args = Args::parse();
	let mut cfg = match Config::load(&args.config) {
		Ok(c) => c,
		Err(e) => {
			log("error", "bad_config", serde_json::json!({ "error": format!("{e:#}") }));
			std::process::exit(2);
		},
	};
	if let Some(endpoint) = args.endpoint {
		cfg.endpoint = endpoint;
	}
	let agent = match tokio::task::spawn_blocking(move || Agent::new(cfg)).await {
		Ok(Ok(a)) => Arc::new(a),
		Ok(Err(e)) => {
			log("error", "cannot_start", serde_json::json!({ "error": format!("{e:#}") }));
			std::process::exit(2);
		},
		Err(e) => panic!("{e}"),
	};
	tokio::select! {
		_ = agent.run() => {},
		_ = tokio::signal::ctrl_c() => log("info", "stopped", serde_json::json!({})),
	}
}
