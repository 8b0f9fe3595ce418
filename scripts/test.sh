#!/usr/bin/env bash
# The test command: set up, build, run every test; prints the time of each phase and a summary.
#  1. one build of everything the tests use — the node, the runtime, the pallets, every test and
#     example — in a single cargo invocation, so features are resolved once and the runtime (and
#     its wasm blob) is compiled once; the later `cargo test` of the same packages reuses it all;
#  2. cargo test: runtime (natively), TODA mechanism (unit, property, efficiency, doctests),
#     the pallets on their mock runtimes, the market test world, Groth16 against real proofs;
#     the clients' tests; every custom pallet's benchmarks run as tests;
#  3. chain specs are current (genesis regenerated from the runtime presets and compared);
#  4. end-to-end (node --test): a --dev node, wallets, the auction cleared by the offchain worker,
#     two --chain local validators, the live market through the CLI and the prover agents.
# PROVERNET_TIMINGS=1 adds `--timings` to every cargo build (HTML reports in
# $CARGO_TARGET_DIR/cargo-timings/), which is how the README's cold-run table was measured.
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$PROVERNET_ROOT"

# Every workspace crate but the benchmark tool (built only by scripts/bench-weights.sh) and the
# clients (tested on their own, so subxt's and tokio's features stay out of the runtime's build).
PKGS=(--workspace --exclude provernet-bench --exclude provernet-client)
TIMINGS=(); [ "${PROVERNET_TIMINGS:-}" = 1 ] && TIMINGS=(--timings)
summary=()
t0=$(date +%s)
phase() {
	local name="$1" start
	shift
	start=$(date +%s)
	echo "[test] ── $name"
	"$@"
	summary+=("$(printf '%6ss  %s' $(($(date +%s) - start)) "$name")")
	echo "[test] $name: $(($(date +%s) - start))s"
}

phase "setup" bash scripts/setup.sh
# (scripts/build-node.sh runs this same command, so the live market and the tests share it all.)
phase "build: node, runtime, pallets, tests" \
	cargo build --locked "${TIMINGS[@]}" "${PKGS[@]}" --bins --tests --examples
phase "cargo test" cargo test --locked "${PKGS[@]}"
# The clients, on their own (their dependency features stay out of the runtime's build).
phase "clients: build and test" cargo test --locked "${TIMINGS[@]}" -p provernet-client
# Benchmarks run as tests (each benchmark once, against the mock runtime).
phase "pallet benchmarks as tests" cargo test --locked "${TIMINGS[@]}" \
	-p pallet-prover-staking -p pallet-proof-verifier -p pallet-job-escrow -p pallet-slashing \
	-p pallet-toda --features runtime-benchmarks
phase "chain specs current" bash scripts/check-chain-specs.sh
# The e2e auction test recomputes the chain's clearing with the library, outside the chain.
phase "e2e helpers: clear-snapshot" \
	cargo build --locked -q -p toda --features scale --example clear-snapshot
# The clients the e2e market and wallet tests drive: the provernet CLI and the prover agent.
phase "e2e clients: provernet, provernet-prover" cargo build --locked -q -p provernet-client
# Two test files at a time: each starts its own node on free loopback ports and spends most of
# its time waiting for blocks and rounds, so two share the machine's two cores without either
# missing a deadline (E2E_CONCURRENCY=1 runs them one by one).
phase "e2e" bash -c "cd tests/e2e && node --test --test-concurrency=${E2E_CONCURRENCY:-2} *.test.mjs"

echo "[test] phases:"
printf '[test] %s\n' "${summary[@]}"
echo "[test] all tests passed in $(($(date +%s) - t0))s"
